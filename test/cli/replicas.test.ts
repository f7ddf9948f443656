/**
 * Replicas: two real bot processes (`node bin/cablebot.js start`, Slack HTTP mode) on one
 * PostgreSQL state (`CABLEBOT_STATE_URL`, the run's real server) behind one fake Slack, as two
 * replicas behind a load balancer. The same event delivered to both is answered once, a retry
 * reaching the other replica is not answered again, a settings change made through one holds
 * on the other, and the rate limits count across them.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { signedPost, startFakeSlack, type FakeSlack } from '../fakes/slack.ts';
import { testDatabase } from '../support/database.ts';
import { holdNextRequest, killReplica, startReplica, stopReplicas, withReplica, type Replica } from './replica-process.ts';

const SIGNING_SECRET = 'replicas-secret';
const USER_RATE = 3;

let bot: FixtureBot;
let fake: FakeSlack;
let a: Replica;
let b: Replica;
let cleanup: () => void;
let env: (own: string) => Record<string, string>;
let stateUrl: string;

beforeAll(async () => {
  bot = await openFixtureBot();
  fake = await startFakeSlack();
  const dir = tempDir('replicas');
  cleanup = dir.cleanup;
  const url = await testDatabase('replicas');
  stateUrl = url;
  env = (own: string): Record<string, string> => ({
    SLACK_BOT_TOKEN: 'xoxb-replicas',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    CABLEBOT_DB: bot.dbPath,
    CABLEBOT_STATE_URL: url,
    CABLEBOT_USER_RATE: String(USER_RATE),
    // Must stay unused: with a state URL, settings live in PostgreSQL.
    CABLEBOT_SETTINGS_DB: join(dir.dir, `${own}.db`),
  });
  // One after the other: both would compile the bundle into var/build/ on a fresh checkout.
  a = await startReplica('a', env('a'));
  b = await startReplica('b', env('b'));
});

afterAll(async () => {
  await stopReplicas([a, b]);
  await fake.close();
  bot.close();
  cleanup();
});

const deliver = async (r: Replica, body: Readonly<Record<string, unknown>>, options: { form?: boolean; retryNum?: number } = {}): Promise<void> => {
  const headers = options.retryNum !== undefined ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } : undefined;
  const result = await signedPost(r.events, body, { signingSecret: SIGNING_SECRET, form: options.form ?? false, ...(headers !== undefined ? { headers } : {}) });
  expect(result.status).toBe(200);
};
/** Rows of pending work with this id in the shared state. */
async function pendingWork(id: string): Promise<number> {
  const client = new pg.Client({ connectionString: stateUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM pending_work WHERE id = $1', [id])).rows[0]?.n);
  } finally {
    await client.end();
  }
}
const settle = (ms = 400): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const postsIn = (thread: unknown): number => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === thread).length;

describe('GIVEN two replicas on one PostgreSQL state behind one Slack', () => {
  it('THEN both report the shared state up in /healthz, and neither used its settings file', async () => {
    for (const r of [a, b]) {
      const response = await fetch(r.events.replace('/slack/events', '/healthz'));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', slack: 'up', state: 'up' });
    }
  });

  it('WHEN the same message event is delivered to both at once THEN it is answered once, and one replica says it dropped the second delivery', async () => {
    const message = fake.messageEvent({ text: 'see #cablegate #06MOSCOW754' });
    const body = fake.eventCallback(message);
    await Promise.all([deliver(a, body), deliver(b, body)]);
    await fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === message['ts'], 5_000);
    await settle();
    expect(postsIn(message['ts'])).toBe(1);
    const dropped = [a, b].filter((r) => r.messages().includes('slack: an event delivered again; already handled'));
    expect(dropped).toHaveLength(1);
  });

  it('WHEN a link_shared event is answered by one and Slack retries it on the other (x-slack-retry-num) THEN chat.unfurl is called once', async () => {
    const shared = fake.linkSharedEvent({ urls: ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5'] });
    const body = fake.eventCallback(shared);
    await deliver(a, body);
    await fake.waitForCall('chat.unfurl', (c) => c.args['unfurl_id'] === shared['unfurl_id'], 5_000);
    await deliver(b, body, { retryNum: 1 });
    await settle();
    expect(fake.calls.filter((c) => c.method === 'chat.unfurl' && c.args['unfurl_id'] === shared['unfurl_id'])).toHaveLength(1);
  });

  it('WHEN the channel creator turns automatic answers off through one replica THEN the other holds to it at once; turned on again through the other, the first answers again', async () => {
    const channel = 'C07REPLICA';
    const off = fake.slashCommand({ text: 'settings auto-detect off', channelId: channel });
    await deliver(a, off, { form: true });
    expect((await fake.waitForResponsePost((p) => p.url === off['response_url'], 5_000)).body).toMatchObject({ text: 'Automatic answers are now off in this channel. I answer only /cable here.' });

    const quiet = fake.messageEvent({ text: '#06MOSCOW754', channel });
    const elsewhere = fake.messageEvent({ text: '#06MOSCOW754' });
    await deliver(b, fake.eventCallback(quiet));
    await deliver(b, fake.eventCallback(elsewhere));
    await fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === elsewhere['ts'], 5_000);
    await settle();
    expect(postsIn(quiet['ts'])).toBe(0);

    const on = fake.slashCommand({ text: 'settings auto-detect on', channelId: channel });
    await deliver(b, on, { form: true });
    expect((await fake.waitForResponsePost((p) => p.url === on['response_url'], 5_000)).body).toMatchObject({ text: expect.stringMatching(/now on/) });
    const heard = fake.messageEvent({ text: '#06MOSCOW754', channel });
    await deliver(a, fake.eventCallback(heard));
    await fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === heard['ts'], 5_000);
  });

  it(`WHEN one user sends /cable to both replicas in turn THEN the limit of ${USER_RATE} a minute counts across them`, async () => {
    const commands = Array.from({ length: USER_RATE + 1 }, () => fake.slashCommand({ text: '06MOSCOW754', userId: 'U09RATELIM' }));
    // Each answered before the next is sent: a replica counts a command after acknowledging it.
    const answers = [];
    for (const [i, command] of commands.entries()) {
      await deliver(i % 2 === 0 ? a : b, command, { form: true });
      answers.push(await fake.waitForResponsePost((p) => p.url === command['response_url'], 5_000));
    }
    expect(answers.map((p) => p.body)).toMatchObject([
      ...Array.from({ length: USER_RATE }, () => ({ response_type: 'in_channel' })),
      { response_type: 'ephemeral', text: expect.stringMatching(/^Slow down a little/) },
    ]);
  });

  it('WHEN a replica is killed (SIGKILL) after acknowledging a /cable and before answering it THEN another replica answers it, once, after the lease lapses', async () => {
    await withReplica('c', env('c'), async (c) => {
      // A settings command asks Slack who the user is before answering: held there, the victim dies before its answer leaves.
      const command = fake.slashCommand({ text: 'settings auto-detect on', userId: fake.ids.userId, channelId: 'C08KILLED1' });
      const held = holdNextRequest(fake, '/api/users.info');
      await deliver(c, command, { form: true });
      await held.arrived;
      await killReplica(c);
      const answer = await fake.waitForResponsePost((p) => p.url === command['response_url'], 20_000);
      expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/auto/i) });
      await settle(2_500);
      expect(fake.responsePosts.filter((p) => p.url === command['response_url'])).toHaveLength(1);
      expect([a, b].filter((r) => r.messages().includes('slack: answering a /cable another replica acknowledged and did not answer'))).toHaveLength(1);
    });
  });

  it('WHEN a replica is killed (SIGKILL) while its /cable answer is on its way to Slack THEN Slack gets it, and no other replica answers it again after the lease', async () => {
    await withReplica('c', env('c'), async (c) => {
      const takeovers = (): number => [a, b].flatMap((r) => r.messages()).filter((m) => m === 'slack: answering a /cable another replica acknowledged and did not answer').length;
      const before = takeovers();
      const command = fake.slashCommand({ text: '06MOSCOW754 ¶2', userId: 'U08KILLED2' });
      const held = holdNextRequest(fake, new URL(String(command['response_url'])).pathname);
      await deliver(c, command, { form: true });
      await held.arrived;
      // The "done" left with the post: killed now, the victim has sent both. (Killed in the instant
      // between the two writes — which a loaded machine can stretch by descheduling the victim, and
      // a kill timed on the post's arrival would aim at — the answer would be repeated once.)
      await expect.poll(() => pendingWork(String(command['trigger_id'])), { timeout: 5_000, interval: 10 }).toBe(0);
      await killReplica(c);
      // Slack answers the post after the sender is gone.
      held.release();
      const answer = await fake.waitForResponsePost((p) => p.url === command['response_url'], 5_000);
      expect(answer.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^06MOSCOW754 ¶2/) });
      // Past the 10 s lease and two orphan scans: nobody posts it again.
      await settle(13_000);
      expect(fake.responsePosts.filter((p) => p.url === command['response_url'])).toHaveLength(1);
      expect(takeovers()).toBe(before);
    });
  }, 30_000);

  it('WHEN Slack refuses a /cable answer (500) and the replica is killed before its retry THEN another replica answers it, once', async () => {
    await withReplica('c', env('c'), async (c) => {
      const command = fake.slashCommand({ text: '06MOSCOW754 ¶3', userId: 'U08KILLED3' });
      fake.failNextResponsePosts({ status: 500 });
      await deliver(c, command, { form: true });
      // The refused post was marked done as it left; refused, it is held again for the retry, due a second later.
      await fake.waitForResponsePost((p) => p.url === command['response_url'] && p.status === 500, 5_000);
      await expect.poll(() => c.messages().includes('slack: a response_url post failed; retrying'), { timeout: 2_000, interval: 20 }).toBe(true);
      await killReplica(c);
      const answer = await fake.waitForResponsePost((p) => p.url === command['response_url'] && p.status === 200, 20_000);
      expect(answer.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^06MOSCOW754 ¶3/) });
      await settle(2_500);
      expect(fake.responsePosts.filter((p) => p.url === command['response_url'] && p.status === 200)).toHaveLength(1);
    });
  }, 30_000);

  it('WHEN a replica is killed (SIGKILL) while answering a message event, and Slack’s retry reaches another THEN the retry is not answered, and the event is answered once, by another replica, after the lease lapses', async () => {
    await withReplica('c', env('c'), async (c) => {
      const message = fake.messageEvent({ text: '#cablegate #06MOSCOW754', ts: '1700000777.000100' });
      const body = fake.eventCallback(message);
      // The victim's answer is held at the fake (never let through): it dies with it in hand.
      const held = holdNextRequest(fake, '/api/chat.postMessage');
      await deliver(c, body);
      await held.arrived;
      await killReplica(c);
      // Slack saw no answer in time and retries on another replica: the event is claimed already.
      await deliver(a, body, { retryNum: 1 });
      await expect.poll(() => postsIn(message['ts']), { timeout: 20_000, interval: 100 }).toBe(1);
      await settle(2_500);
      expect(postsIn(message['ts'])).toBe(1);
      expect([a, b].filter((r) => r.messages().includes('slack: answering an event another replica took and did not answer'))).toHaveLength(1);
      expect(a.messages()).toContain('slack: an event delivered again; already handled');
    });
  });

  it('WHEN both get SIGTERM THEN both exit 0, neither having lost the shared state or failed a call to it', async () => {
    for (const r of [a, b]) expect(r.messages().filter((m) => /shared state/.test(m))).toEqual([]);
    for (const r of [a, b]) r.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  });
});
