/**
 * The platform adapters `npm start` can run and `cablebot lookup --format` can render for.
 * Add an adapter here and nowhere else. Each is imported only when used: discord.js and
 * Bolt take most of a second and tens of MB to load, which the console, `lookup --format
 * text` and a bot on one platform should not pay for.
 */
import type { Config } from '../src/core/config.ts';
import type { Platform } from '../src/core/settings.ts';
import type { PlatformAdapter } from './platform.ts';

/** A platform adapter before it is loaded. */
export interface PlatformEntry {
  name: Platform;
  /** Whether the configuration turns it on (its credentials are set). */
  enabled(config: Config): boolean;
  /** Imports the adapter. */
  load(): Promise<PlatformAdapter>;
}

export const platformAdapters: readonly PlatformEntry[] = [
  { name: 'discord', enabled: (config) => config.discord !== null, load: async () => (await import('./discord/index.ts')).discordAdapter },
  { name: 'slack', enabled: (config) => config.slack !== null, load: async () => (await import('./slack/index.ts')).slackAdapter },
];
