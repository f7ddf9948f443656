/**
 * A bounded slice of `npm run load` (bench/load/): the same drivers, against the real adapters
 * in process over the fixture store, with faults injected at the fakes. Proves exactly-once
 * delivery; timings are only loosely bounded (the figures come from `npm run load`).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformRuntime } from '../../adapters/platform.ts';
import { slackPlatform } from '../../adapters/slack/index.ts';
import { runDiscordLoad } from '../../bench/load/discord.ts';
import { httpDelivery, runMessageLoad, runSlashLoad } from '../../bench/load/slack.ts';
import { chatMessages, expectedAnswers, sampleCables, slashInputs, type SampleCable } from '../../bench/load/workload.ts';
import type { Config } from '../../src/core/config.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { SqliteSettings } from '../../src/core/settings.ts';
import { startBot } from '../adapters/discord/harness.ts';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { startFakeSlack } from '../fakes/slack.ts';
import { EmbeddedState } from '../../src/core/state/embedded.ts';

const BOT_TOKEN = 'xoxb-1111-2222-fakebottoken';
const SIGNING_SECRET = 'load-test-signing-secret';

let bot: FixtureBot;
let cables: SampleCable[];

beforeAll(async () => {
  bot = await openFixtureBot();
  cables = sampleCables(bot.dbPath, 30, 1);
});
afterAll(() => bot.close());

describe('load slice: Slack', () => {
  it('GIVEN 100 signed /cable requests, 10 in flight, and one 429 and one 500 at the response_url THEN every one is acknowledged and answered exactly once, the two failed posts re-sent', async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN });
    const { dir, cleanup } = tempDir('load');
    const settings = new SqliteSettings(join(dir, 'settings.db'));
    const config: Config = {
      discord: null,
      slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: null, port: 0, apiUrl: fake.apiUrl },
      dbPath: null,
      settingsPath: null,
      autoDetect: true,
    };
    const log = memoryLogger();
    const runtime: PlatformRuntime = { ctx: { ...bot.ctx, settings, autoDetectEnabled: true }, config, state: new EmbeddedState({ settings }), log };
    const running = await slackPlatform({
      retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10, randomize: false },
      respondRetry: { retries: 2, delayMs: 20 },
      host: '127.0.0.1',
    }).start(runtime);
    try {
      const port = /listening on :(\d+)\//.exec(running.notes.join('\n'))?.[1] ?? '';
      const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
      const slash = await runSlashLoad({
        fake,
        deliver: httpDelivery(eventsUrl, SIGNING_SECRET),
        inputs: slashInputs(cables, 100, 2),
        concurrency: 10,
        faults: { every429: 100, every500: 100, retryAfter: 0 },
        answerTimeoutMs: 10_000,
      });
      expect(slash).toMatchObject({ requests: 100, acked: 100, ackOver3s: 0, expected: 100, delivered: 100, duplicates: 0, lost: 0 });
      expect(slash.faults).toEqual({ injected429: 1, injected500: 1, other: 0, resent: 2 });
      expect(log.lines.filter((l) => l.message === 'slack: a response_url post failed; retrying')).toHaveLength(2);

      const messages = chatMessages(cables, 30, 2, 10, 3).map((m) => ({ thread: m.conversation, id: m.key.split('¶')[0] ?? m.key, text: `#${m.key.split('¶')[0] ?? m.key}` }));
      const events = await runMessageLoad({ fake, eventsUrl, signingSecret: SIGNING_SECRET, messages, concurrency: 5, faults: { every429: 30, every500: 30, retryAfter: 0 }, answerTimeoutMs: 10_000 });
      expect(events.expected).toBe(new Set(messages.map((m) => `${String(m.thread)} ${m.id}`)).size);
      expect(events).toMatchObject({ acked: 30, delivered: events.expected, duplicates: 0, lost: 0, unexpected: 0 });
      expect(events.faults).toMatchObject({ injected429: 1, injected500: 1, other: 0 });
    } finally {
      await running.stop();
      await fake.close();
      settings.close();
      cleanup();
    }
  }, 60_000);
});

describe('load slice: Discord', () => {
  it('GIVEN 100 messages with hashtags in two channels and a thread, 429s and 500s on some answers and a gateway disconnect midway THEN every expected answer is sent exactly once and the repeats are held back', async () => {
    const b = await startBot(bot, { fake: { replayOnResume: true } });
    try {
      const messages = chatMessages(cables, 100, 3, 20, 4);
      const expected = expectedAnswers(messages).filter(Boolean).length;
      expect(expected).toBeLessThan(100);
      const figures = await runDiscordLoad({ fake: b.fake, messages, batch: 10, faults: { every429: 15, every500: 20, retryAfter: 0.1 }, disconnectAt: 50, answerTimeoutMs: 15_000 });
      expect(figures).toMatchObject({ expected, delivered: expected, duplicates: 0, lost: 0, unexpected: 0 });
      expect(figures.faults.injected429).toBeGreaterThan(0);
      expect(figures.faults.injected500).toBeGreaterThan(0);
      expect(figures.faults).toMatchObject({ other: 0, resent: figures.faults.injected429 + figures.faults.injected500, gatewayDisconnects: 1 });
      expect(figures.answerMs.max).toBeLessThan(15_000);
    } finally {
      await b.stop();
    }
  }, 60_000);
});
