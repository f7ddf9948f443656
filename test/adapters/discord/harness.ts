/**
 * The Discord adapter running for real: `discordAdapter.start` logs the real discord.js client
 * in to the loopback fake Discord, over a real fixture store and a real SQLite settings file.
 */
import { join } from 'node:path';
import { discordAdapter } from '../../../adapters/discord/index.ts';
import type { RunningAdapter } from '../../../adapters/platform.ts';
import type { Config } from '../../../src/core/config.ts';
import type { ShardPlan } from '../../../src/core/discord-shards.ts';
import { memoryLogger } from '../../../src/core/log.ts';
import { SqliteSettings, type ChannelSettings } from '../../../src/core/settings.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type FakeDiscordRequest } from '../../fakes/discord.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import type { FixtureBot } from '../../core/bot-fixture.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';
import { rateLimitsOf } from '../../../src/core/rate-limit.ts';

export const TOKEN = 'fake-bot-token.for-tests';

export interface RunningBot {
  fake: FakeDiscord;
  running: RunningAdapter;
  log: ReturnType<typeof memoryLogger>;
  settings: SqliteSettings;
  stop(): Promise<void>;
}

/** Starts the adapter against a fresh fake; `stop()` tears everything down (client first). */
export async function startBot(
  bot: FixtureBot,
  options: { autoDetect?: boolean; fake?: FakeDiscordOptions; wrapSettings?: (real: ChannelSettings) => ChannelSettings; rateLimits?: Config['rateLimits']; shards?: ShardPlan } = {},
): Promise<RunningBot> {
  const fake = await startFakeDiscord({ token: TOKEN, ...options.fake });
  const { dir, cleanup } = tempDir('discord');
  const settings = new SqliteSettings(join(dir, 'settings.db'));
  const log = memoryLogger();
  const autoDetect = options.autoDetect ?? true;
  const config: Config = {
    discord: { token: TOKEN, applicationId: fake.ids.applicationId, apiUrl: fake.apiUrl, ...(options.shards !== undefined ? { shards: options.shards } : {}) },
    slack: null,
    dbPath: null,
    settingsPath: null,
    autoDetect,
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
  };
  const stopFake = async (): Promise<void> => {
    settings.close();
    await fake.close();
    cleanup();
  };
  let running: RunningAdapter;
  try {
    const used = options.wrapSettings?.(settings) ?? settings;
    running = await discordAdapter.start({ ctx: { ...bot.ctx, settings: used, autoDetectEnabled: autoDetect }, config, state: new EmbeddedState({ settings: used, rateLimits: rateLimitsOf(config) }), log });
  } catch (error) {
    await stopFake();
    throw error;
  }
  return {
    fake,
    running,
    log,
    settings,
    stop: async () => {
      await running.stop();
      await stopFake();
    },
  };
}

/** POSTs of messages into a channel (or thread). */
export const postIn = (channelId: string) => (r: FakeDiscordRequest): boolean => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

/** The callback of one interaction. */
export const callbackOf = (interaction: { id: string; token: string }) => (r: FakeDiscordRequest): boolean => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`;

/** Waits `ms` (to show that nothing more was sent). */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
