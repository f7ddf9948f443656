/**
 * Operations on the Slack adapter: the rate limit on `/cable`, end to end through the real
 * Bolt app and the loopback fake Slack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderReply } from '../../../adapters/slack/render.ts';
import { HEALTH_PATH } from '../../../adapters/slack/index.ts';
import type { CorpusReader } from '../../../src/corpus/store.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { settle, startSlackBot, type SlackBot } from './harness.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const running: SlackBot[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.close();
});

/** The blocks as they arrive at Slack (JSON round trip). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('GIVEN the Slack adapter with the default limits (10 commands per user per minute)', () => {
  it('WHEN one user sends /cable 11 times in a minute THEN the first 10 are answered in full AND the 11th gets a private slow-down with the wait', async () => {
    const b = await startSlackBot(bot, 'http', { rateLimits: { userPerMinute: 10, channelPerMinute: 30 } });
    running.push(b);
    const urls: string[] = [];
    for (let i = 0; i < 11; i++) {
      const command = b.fake.slashCommand({ text: '06MOSCOW754', responseUrl: b.fake.responseUrl(`rl-${i}`) });
      urls.push(command['response_url'] ?? '');
      await b.command(command);
      await b.fake.waitForResponsePost((p) => p.url === urls[i]);
    }
    await settle();
    const answers = urls.map((url) => b.fake.responsePosts.filter((p) => p.url === url));
    for (const posts of answers.slice(0, 10)) {
      expect(posts).toHaveLength(1);
      expect(posts[0]?.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^06MOSCOW754 — /) });
    }
    const last = answers[10] ?? [];
    expect(last).toHaveLength(1);
    expect(last[0]?.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Slow down a little: .* Try again in (59|60) s\.$/) });
    const seconds = Number(/Try again in (\d+) s/.exec(JSON.stringify(last[0]?.body))?.[1]);
    expect(last[0]?.body).toEqual(wire({ response_type: 'ephemeral', ...renderReply({ kind: 'error', code: 'rate-limited', detail: 'user', retryAfterS: seconds }, { owner: null }) }));
    expect(b.log.lines.filter((l) => l.message === 'slack: /cable rate-limited')).toMatchObject([{ level: 'info', fields: { scope: 'user' } }]);
  }, 30_000);
});

const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']), corpus: z.enum(['ok', 'unavailable']), cables: z.number().nullable(), slack: z.string() });

async function healthz(b: SlackBot): Promise<{ status: number; body: z.infer<typeof healthSchema> }> {
  const response = await fetch(b.eventsUrl.replace('/slack/events', HEALTH_PATH));
  return { status: response.status, body: healthSchema.parse(await response.json()) };
}

describe('GIVEN the Slack adapter in HTTP mode', () => {
  it('WHEN GET /healthz with the store readable THEN 200 with the cable count, unsigned (a monitor has no Slack secret)', async () => {
    const b = await startSlackBot(bot, 'http');
    running.push(b);
    expect(await healthz(b)).toEqual({ status: 200, body: { status: 'ok', corpus: 'ok', cables: bot.ctx.corpus.count(), slack: 'up' } });
  });

  it('WHEN the store cannot be read THEN /healthz is 503 naming the corpus, and it is 200 again once the store answers', async () => {
    const real = bot.ctx.corpus;
    let broken = true;
    const guard = <T>(f: () => T): T => {
      if (broken) throw new Error('SQLITE_CANTOPEN: unable to open database file');
      return f();
    };
    const flaky: CorpusReader = {
      getCable: (id) => guard(() => real.getCable(id)),
      peekCable: (id) => guard(() => real.peekCable(id)),
      has: (id) => guard(() => real.has(id)),
      idsForCanonical: (id) => guard(() => real.idsForCanonical(id)),
      cites: (id) => guard(() => real.cites(id)),
      citedBy: (id) => guard(() => real.citedBy(id)),
      count: () => guard(() => real.count()),
      search: (q, o) => guard(() => real.search(q, o)),
      sourceCandidates: (q, n) => guard(() => real.sourceCandidates(q, n)),
    };
    const b = await startSlackBot(bot, 'http', { corpus: flaky });
    running.push(b);
    expect(await healthz(b)).toEqual({ status: 503, body: { status: 'unavailable', corpus: 'unavailable', cables: null, slack: 'up' } });
    broken = false;
    expect(await healthz(b)).toMatchObject({ status: 200, body: { status: 'ok', corpus: 'ok' } });
  });
});

describe('GIVEN a /cable reply in flight when the adapter is stopped (SIGTERM)', () => {
  it('THEN stop() waits for it: the answer, retried after a 500 at the response_url, is delivered before the bot lets go', async () => {
    const b = await startSlackBot(bot, 'http');
    b.fake.failNextResponsePosts({ status: 500 });
    const command = b.fake.slashCommand({ text: '06MOSCOW754' });
    await b.command(command);
    // The first post failed; the retry waits 1 s: the reply is in flight.
    await b.fake.waitForResponsePost((p) => p.url === command['response_url']);
    await b.close();
    const posts = b.fake.responsePosts.filter((p) => p.url === command['response_url']);
    expect(posts.map((p) => p.status)).toEqual([500, 200]);
    expect(posts[1]?.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^06MOSCOW754 — /) });
    expect(b.log.lines.filter((l) => l.message === 'slack: waiting for replies in flight')).toMatchObject([{ level: 'info', fields: { replies: 1 } }]);
  }, 20_000);
});
