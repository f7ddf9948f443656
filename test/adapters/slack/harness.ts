/**
 * The real Slack adapter (`slackPlatform().start`, the path `npm start` takes) over the real
 * fixture store, talking to the loopback fake Slack: in HTTP mode (signed posts to
 * `/slack/events`) or in Socket Mode (envelopes over the fake's WebSocket). `deliver` hides
 * which, so the same test runs in both.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { PlatformRuntime, RunningAdapter } from '../../../adapters/platform.ts';
import { slackPlatform } from '../../../adapters/slack/index.ts';
import type { CorpusReader } from '../../../src/corpus/store.ts';
import type { Config } from '../../../src/core/config.ts';
import { memoryLogger } from '../../../src/core/log.ts';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { interactiveForm, signedPost, startFakeSlack, type FakeSlack, type SignedPostResult } from '../../fakes/slack.ts';
import type { FixtureBot } from '../../core/bot-fixture.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';
import type { SharedState } from '../../../src/core/state/state.ts';
import { rateLimitsOf } from '../../../src/core/rate-limit.ts';

export const BOT_TOKEN = 'xoxb-1111-2222-fakebottoken';
export const APP_TOKEN = 'xapp-1-A07CBLBOT1-3333-fakeapptoken';
export const SIGNING_SECRET = 'fake-signing-secret-8f14e45fceea167a';

export type Mode = 'http' | 'socket';

/** A running adapter, its fake Slack, and ways to deliver what Slack would. */
export interface SlackBot {
  mode: Mode;
  fake: FakeSlack;
  log: ReturnType<typeof memoryLogger>;
  settings: SqliteSettings;
  running: RunningAdapter;
  /** `http://127.0.0.1:P/slack/events` (HTTP mode only; empty in Socket Mode). */
  eventsUrl: string;
  /** Delivers a slash command; resolves once it is acknowledged (checked: HTTP 200 / an ack). */
  command(fields: Readonly<Record<string, string>>): Promise<void>;
  /** Delivers an `event_callback` body; resolves once acknowledged. */
  event(body: Readonly<Record<string, unknown>>): Promise<void>;
  /** Delivers an interactive payload (`block_actions`, `message_action`) to the interactivity URL or as an `interactive` envelope; resolves once acknowledged. */
  action(payload: Readonly<Record<string, unknown>>): Promise<void>;
  /** Stops the adapter, the fake, the settings file. */
  close(): Promise<void>;
}

/** Retries fast: 429 still waits its `Retry-After`. */
export const TEST_RETRIES = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10, randomize: false };

/** Options of {@link startSlackBot}. */
export interface SlackBotOptions {
  /** `CABLEBOT_AUTO_DETECT` (default on). */
  autoDetect?: boolean;
  /** Replaces the fixture store's reader (to make it fail). */
  corpus?: CorpusReader;
  /** `CABLEBOT_USER_RATE` / `CABLEBOT_CHANNEL_RATE` (default: not limited). */
  rateLimits?: Config['rateLimits'];
  /** The shared state to run with (default: the embedded one over a fresh settings file). */
  state?: SharedState;
}

export async function startSlackBot(bot: FixtureBot, mode: Mode, options: SlackBotOptions = {}): Promise<SlackBot> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const { dir, cleanup } = tempDir('slack');
  const settings = new SqliteSettings(join(dir, 'settings.db'));
  const log = memoryLogger();
  const autoDetect = options.autoDetect ?? true;
  const config: Config = {
    discord: null,
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: mode === 'socket' ? APP_TOKEN : null, port: 0, apiUrl: fake.apiUrl },
    dbPath: null,
    settingsPath: null,
    autoDetect,
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
  };
  const state = options.state ?? new EmbeddedState({ settings, rateLimits: rateLimitsOf(config) });
  const runtime: PlatformRuntime = { ctx: { ...bot.ctx, ...(options.corpus !== undefined ? { corpus: options.corpus } : {}), settings: state.settings, autoDetectEnabled: autoDetect }, config, state, log };
  const running = await slackPlatform({ retryConfig: TEST_RETRIES, host: '127.0.0.1' }).start(runtime);
  let eventsUrl = '';
  if (mode === 'http') {
    const port = /listening on :(\d+)\/slack\/events/.exec(running.notes.join('\n'))?.[1];
    if (port === undefined) throw new Error(`no port in ${running.notes.join(' | ')}`);
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  } else {
    await fake.socket.waitForConnection();
  }
  const post = async (body: Readonly<Record<string, unknown>>, form: boolean): Promise<void> => {
    const result: SignedPostResult = await signedPost(eventsUrl, body, { signingSecret: SIGNING_SECRET, form });
    expect(result.status).toBe(200);
  };
  return {
    mode,
    fake,
    log,
    settings,
    running,
    eventsUrl,
    command: async (fields) => {
      if (mode === 'http') return post(fields, true);
      await fake.socket.waitForAck(fake.socket.sendSlashCommand(fields));
    },
    event: async (body) => {
      if (mode === 'http') return post(body, false);
      await fake.socket.waitForAck(fake.socket.sendEvent(body));
    },
    action: async (payload) => {
      if (mode === 'http') return post(interactiveForm(payload), true);
      await fake.socket.waitForAck(fake.socket.send('interactive', payload));
    },
    close: async () => {
      await running.stop();
      await fake.close();
      settings.close();
      cleanup();
    },
  };
}

/** Lets in-flight handlers finish, so a test can assert that something did NOT happen. */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
