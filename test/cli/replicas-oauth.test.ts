/**
 * A distributed Slack app on two replicas: two real bot processes (`node bin/cablebot.js
 * start` with `SLACK_CLIENT_ID` & co.) on one PostgreSQL state behind one fake Slack. An install
 * begun on one replica finishes on the other (the state is signed, not remembered); each
 * workspace installed through either is answered by both with its own token; an uninstall
 * heard by one stops both.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { signedPost, startFakeSlack, type FakeSlack, type FakeSlackWorkspace } from '../fakes/slack.ts';
import { testDatabase } from '../support/database.ts';
import { holdNextRequest, killReplica, startReplica, stopReplicas, withReplica, type Replica } from './replica-process.ts';

const SIGNING_SECRET = 'replicas-oauth-signing-secret';
const CLIENT_ID = '4000000002.7000000002';
const CLIENT_SECRET = 'replicas-oauth-client-secret';
const PUBLIC_URL = 'https://cablebot.test';

let bot: FixtureBot;
let fake: FakeSlack;
let a: Replica;
let b: Replica;
let cleanup: () => void;
let env: (own: string) => Record<string, string>;

beforeAll(async () => {
  bot = await openFixtureBot();
  fake = await startFakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  const dir = tempDir('replicas-oauth');
  cleanup = dir.cleanup;
  const url = await testDatabase('replicas_oauth');
  env = (own: string): Record<string, string> => ({
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'replicas-oauth-state-secret-0123',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    CABLEBOT_PUBLIC_URL: PUBLIC_URL,
    PORT: '0',
    CABLEBOT_DB: bot.dbPath,
    CABLEBOT_STATE_URL: url,
    CABLEBOT_SETTINGS_DB: join(dir.dir, `${own}.db`),
  });
  a = await startReplica('a', env('a'));
  b = await startReplica('b', env('b'));
});

afterAll(async () => {
  await stopReplicas([a, b]);
  await fake.close();
  bot.close();
  cleanup();
});

/** A browser installing the app into `workspace`: the install page of `from`, Slack, and the redirect back reaching `to`. */
async function install(workspace: FakeSlackWorkspace, from: Replica, to: Replica): Promise<{ status: number; html: string }> {
  const start = await fetch(`${from.base}/slack/install`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const href = /<a class="button" href="([^"]+)">Add to Slack<\/a>/.exec(await start.text())?.[1]?.replace(/&amp;/g, '&');
  if (href === undefined) throw new Error('no Add to Slack button');
  const back = new URL(await fake.oauth.approve(href, workspace));
  const page = await fetch(`${to.base}${back.pathname}${back.search}`, { headers: { cookie } });
  return { status: page.status, html: await page.text() };
}

const deliver = async (r: Replica, body: Readonly<Record<string, unknown>>, form = false): Promise<void> => {
  const result = await signedPost(r.events, body, { signingSecret: SIGNING_SECRET, form });
  expect(result.status).toBe(200);
};
const tokensOfPostsIn = (channel: string): (string | undefined)[] => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args['channel'] === channel).map((c) => c.token);
const settle = (ms = 400): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('GIVEN two replicas of the distributed app on one PostgreSQL state', () => {
  let readers: FakeSlackWorkspace;
  let desk: FakeSlackWorkspace;

  it('WHEN one workspace installs through a, finishing on b, and another through b THEN both get the installed page', async () => {
    readers = fake.oauth.addWorkspace({ teamName: 'Cable Readers' });
    desk = fake.oauth.addWorkspace({ teamName: 'Foreign Desk' });
    const first = await install(readers, a, b);
    expect(first.status).toBe(200);
    expect(first.html).toContain('cablebot is installed in Cable Readers');
    const second = await install(desk, b, b);
    expect(second.status).toBe(200);
  });

  it('THEN each replica answers each workspace with that workspace’s own token', async () => {
    for (const [r, w] of [
      [a, readers],
      [b, readers],
      [a, desk],
      [b, desk],
    ] as const) {
      const before = tokensOfPostsIn(w.channelId).length;
      await deliver(r, fake.eventCallback(fake.messageEvent({ text: '#06MOSCOW754', channel: w.channelId, workspace: w, ts: `17000000${before}0.000100` }), w));
      await expect.poll(() => tokensOfPostsIn(w.channelId).length, { timeout: 5_000 }).toBe(before + 1);
    }
    expect(tokensOfPostsIn(readers.channelId)).toEqual([readers.botToken, readers.botToken]);
    expect(tokensOfPostsIn(desk.channelId)).toEqual([desk.botToken, desk.botToken]);
    const command = fake.slashCommand({ text: '06MOSCOW754', workspace: desk });
    await deliver(a, command, true);
    expect((await fake.waitForResponsePost((p) => p.url === command['response_url'], 5_000)).body).toMatchObject({ response_type: 'in_channel' });
  });

  it('WHEN a workspace uninstalls and the event reaches a THEN b stops answering it too, and still answers the other', async () => {
    await deliver(a, fake.oauth.uninstall(readers));
    await expect.poll(() => a.messages().includes('slack: installation deleted: the app was uninstalled'), { timeout: 5_000 }).toBe(true);
    const readersBefore = tokensOfPostsIn(readers.channelId).length;
    const deskBefore = tokensOfPostsIn(desk.channelId).length;
    await deliver(b, fake.eventCallback(fake.messageEvent({ text: '#06MOSCOW754', channel: readers.channelId, workspace: readers, ts: '1700000100.000100' }), readers));
    await deliver(b, fake.eventCallback(fake.messageEvent({ text: '#06MOSCOW754', channel: desk.channelId, workspace: desk, ts: '1700000100.000200' }), desk));
    await expect.poll(() => tokensOfPostsIn(desk.channelId).length, { timeout: 5_000 }).toBe(deskBefore + 1);
    await settle();
    expect(tokensOfPostsIn(readers.channelId)).toHaveLength(readersBefore);
    expect(b.messages()).toContain('slack: a request from a workspace the bot is not installed in; not answered');
  });

  it('WHEN a replica is killed holding a workspace’s /cable settings change THEN another answers it with that workspace’s token, and the change holds', async () => {
    await withReplica('c', env('c'), async (c) => {
      const command = fake.slashCommand({ text: 'settings auto-detect off', workspace: desk });
      // Who may change the channel is asked of Slack before answering: held there, the victim dies before its answer leaves.
      const held = holdNextRequest(fake, '/api/users.info');
      const checksBefore = fake.calls.filter((call) => call.method === 'conversations.info').length;
      await deliver(c, command, true);
      await held.arrived;
      await killReplica(c);
      const answer = await fake.waitForResponsePost((p) => p.url === command['response_url'], 20_000);
      expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
      expect([a, b].filter((r) => r.messages().includes('slack: answering a /cable another replica acknowledged and did not answer'))).toHaveLength(1);
      // The survivor asked Slack who may change the channel with the workspace's own token.
      const checks = fake.calls.filter((call) => call.method === 'conversations.info').slice(checksBefore);
      expect(checks.map((call) => call.token)).toContain(desk.botToken);
      const before = tokensOfPostsIn(desk.channelId).length;
      await deliver(a, fake.eventCallback(fake.messageEvent({ text: '#06MOSCOW754', channel: desk.channelId, workspace: desk, ts: '1700000900.000100' }), desk));
      await settle();
      expect(tokensOfPostsIn(desk.channelId)).toHaveLength(before);
    });
  }, 60_000);

  it('WHEN both get SIGTERM THEN both exit 0, and no log line holds a token', async () => {
    for (const r of [a, b]) r.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    for (const r of [a, b]) expect(r.stderr()).not.toMatch(/xox[bpe]-/);
  });
});
