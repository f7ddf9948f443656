/**
 * Stopping the Discord adapter (what `start` does on SIGTERM) with replies in flight: the
 * real discord.js client against the loopback fake Discord, whose answer to the reply's REST
 * call is held back, as a slow Discord would.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discordPlatform } from '../../../adapters/discord/index.ts';
import type { RunningAdapter } from '../../../adapters/platform.ts';
import type { Config } from '../../../src/core/config.ts';
import { memoryLogger } from '../../../src/core/log.ts';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordRequest } from '../../fakes/discord.ts';
import { TOKEN, callbackOf, pause, postIn } from './harness.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';
import { rateLimitsOf } from '../../../src/core/rate-limit.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

interface Running {
  fake: FakeDiscord;
  running: RunningAdapter;
  log: ReturnType<typeof memoryLogger>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The adapter with `drainMs`, logged in to a fresh fake; torn down after the test. */
async function start(drainMs?: number): Promise<Running> {
  const fake = await startFakeDiscord({ token: TOKEN });
  const { dir, cleanup } = tempDir('discord-drain');
  const settings = new SqliteSettings(join(dir, 'settings.db'));
  cleanups.push(cleanup, () => settings.close(), () => fake.close());
  const log = memoryLogger();
  const config: Config = {
    discord: { token: TOKEN, applicationId: fake.ids.applicationId, apiUrl: fake.apiUrl },
    slack: null,
    dbPath: null,
    settingsPath: null,
    autoDetect: true,
  };
  const adapter = discordPlatform(drainMs !== undefined ? { drainMs } : {});
  const running = await adapter.start({ ctx: { ...bot.ctx, settings, autoDetectEnabled: true }, config, state: new EmbeddedState({ settings, rateLimits: rateLimitsOf(config) }), log });
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await running.stop();
  });
  return {
    fake,
    log,
    running: {
      notes: running.notes,
      state: () => running.state(),
      stop: async () => {
        stopped = true;
        await running.stop();
      },
    },
  };
}

/** A gate: `arrived` resolves when the fake holds a request, `release()` lets it through. */
function gate(): { hold: () => Promise<void>; arrived: Promise<void>; release: () => void } {
  let arrive = (): void => undefined;
  let release = (): void => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    hold: () => {
      arrive();
      return released;
    },
    arrived,
    release,
  };
}

/** Calls `stop()` and says whether it has resolved yet. */
function stopNow(running: RunningAdapter): { done: Promise<number>; resolved: () => boolean } {
  const began = Date.now();
  let resolved = false;
  const done = running.stop().then(() => {
    resolved = true;
    return Date.now() - began;
  });
  return { done, resolved: () => resolved };
}

const messages = (log: Running['log'], level: string): string[] => log.lines.filter((l) => l.level === level).map((l) => l.message);

describe('GIVEN a /cable whose reply is in flight (Discord slow to answer the callback) WHEN the adapter is stopped', () => {
  it('THEN stop() waits for it: the card is delivered exactly once, before stop() resolves; a command arriving meanwhile is not taken', async () => {
    const b = await start();
    const slow = gate();
    b.fake.delay((r) => r.path.startsWith('/interactions/'), slow.hold, 1);
    const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754' }] });
    await slow.arrived;

    const stop = stopNow(b.running);
    const late = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW3335' }] });
    await pause(300);
    expect(stop.resolved()).toBe(false);
    expect(b.fake.requests.filter(callbackOf(interaction))).toEqual([]);

    slow.release();
    await stop.done;
    const callbacks = b.fake.requests.filter(callbackOf(interaction));
    expect(callbacks.map((r) => r.status)).toEqual([204]);
    expect(callbacks[0]?.body).toMatchObject({ type: 4, data: { embeds: [{ title: expect.stringMatching(/^06MOSCOW754 — /) }] } });
    // Taken after stop() began, it would be answered with a closed client or store: it is left alone.
    await pause(200);
    expect(b.fake.requests.filter((r) => r.path.startsWith(`/interactions/${late.id}/`))).toEqual([]);
    expect(b.log.lines.filter((l) => l.message === 'discord: waiting for replies in flight')).toMatchObject([{ level: 'info', fields: { replies: 1 } }]);
    expect(messages(b.log, 'warn')).toEqual([]);
  }, 20_000);
});

describe('GIVEN a message answered with two posts, the first slow, WHEN the adapter is stopped while it is held', () => {
  it('THEN both posts go out, each exactly once, and stop() resolves only after the last (the bot token is still set for them)', async () => {
    const b = await start();
    const slow = gate();
    const channel = b.fake.ids.textChannelId;
    b.fake.delay(postIn(channel), slow.hold, 1);
    b.fake.sendMessage({ content: 'see #cablegate #06MOSCOW754 and 06MOSCOW754 ¶5' });
    await slow.arrived;

    const stop = stopNow(b.running);
    await pause(200);
    expect(stop.resolved()).toBe(false);
    slow.release();
    await stop.done;
    const posts = b.fake.requests.filter(postIn(channel));
    expect(posts.map((r) => r.status)).toEqual([200, 200]);
    expect(posts.map((r) => JSON.stringify(r.body))).toEqual([expect.stringContaining('06MOSCOW754 — '), expect.stringContaining('Ivanov said')]);
    expect(messages(b.log, 'error')).toEqual([]);
  }, 20_000);
});

describe('GIVEN a reply that never finishes (Discord never answers) WHEN the adapter is stopped', () => {
  it('THEN stop() gives up after the drain bound, with a warning naming how many were left, and still closes the client', async () => {
    const b = await start(400);
    const never = gate();
    // Let it through after the test, so the request does not outlive the fake.
    cleanups.push(() => never.release());
    b.fake.delay((r: FakeDiscordRequest) => r.path.startsWith('/interactions/'), never.hold, 1);
    b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754' }] });
    await never.arrived;

    const stop = stopNow(b.running);
    const took = await stop.done;
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(3_000);
    expect(b.log.lines.filter((l) => l.level === 'warn')).toMatchObject([{ message: 'discord: stopped with replies still in flight', fields: { replies: 1, waitedMs: 400 } }]);
    // The client is gone all the same: its gateway session is closed.
    expect(() => b.fake.sendMessage({ content: '06MOSCOW754' })).toThrow(/no identified gateway session/);
  }, 20_000);
});

describe('GIVEN nothing in flight WHEN the adapter is stopped', () => {
  it('THEN stop() does not wait and logs nothing about replies', async () => {
    const b = await start();
    const took = await stopNow(b.running).done;
    expect(took).toBeLessThan(2_000);
    expect(b.log.lines.filter((l) => l.message.includes('in flight'))).toEqual([]);
  }, 20_000);
});
