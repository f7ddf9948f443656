/**
 * The default state of a single process: channel settings and installations in their SQLite
 * file (`CABLEBOT_SETTINGS_DB`, default `var/settings.db`), the repeat guard and event
 * de-duplication in memory ({@link MemoryClaims}), rate limits in memory
 * ({@link CommandRateLimiter}). Nothing to connect to, nothing to report.
 */
import { CommandRateLimiter, UNLIMITED, type RateDecision, type RateLimits } from '../rate-limit.ts';
import type { ChannelSettings } from '../settings.ts';
import { MemoryClaims } from './memory-claims.ts';
import { SqliteInstallations } from './sqlite-installations.ts';
import type { ClaimScope, Installations, OrphanedWork, SharedState, StateHealth } from './state.ts';

/** Options of {@link EmbeddedState}. */
export interface EmbeddedStateOptions {
  /** The settings (a {@link SqliteSettings} file); closed with the state when it has `close`. */
  settings: ChannelSettings & { close?: () => void };
  /**
   * The installations (a {@link SqliteInstallations} on the settings file); closed with the state
   * when it has `close`. Default: in memory, for the callers (tests, tools) that install nothing.
   */
  installations?: Installations & { close?: () => void };
  /** Commands per minute per user and channel (default: not limited). */
  rateLimits?: RateLimits;
  /** Clock of the limits and claims (tests); default `Date.now` / `performance.now`. */
  now?: () => number;
}

/** Settings file + memory. */
export class EmbeddedState implements SharedState {
  readonly settings: ChannelSettings & { close?: () => void };
  readonly installations: Installations & { close?: () => void };
  readonly #claims: MemoryClaims;
  readonly #limiter: CommandRateLimiter;

  constructor(options: EmbeddedStateOptions) {
    this.settings = options.settings;
    this.installations = options.installations ?? new SqliteInstallations(':memory:');
    this.#claims = new MemoryClaims(options.now !== undefined ? { now: options.now } : {});
    this.#limiter = new CommandRateLimiter(options.rateLimits ?? UNLIMITED, options.now);
  }

  claim(scope: ClaimScope, key: string, ttlMs: number): Promise<boolean> {
    return this.#claims.claim(scope, key, ttlMs);
  }

  admitCommand(platform: string, userId: string, channelId: string): Promise<RateDecision> {
    return Promise.resolve(this.#limiter.admit(platform, userId, channelId));
  }

  // One process is the whole bot: work it dies with has nobody else to finish it.
  beginWork(): Promise<void> {
    return Promise.resolve();
  }

  finishWork(): Promise<void> {
    return Promise.resolve();
  }

  orphanedWork(): Promise<OrphanedWork[]> {
    return Promise.resolve([]);
  }

  health(): StateHealth | null {
    return null;
  }

  close(): Promise<void> {
    this.settings.close?.();
    this.installations.close?.();
    return Promise.resolve();
  }
}
