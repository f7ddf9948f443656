/**
 * Rate limits on explicit commands (`/cable` on Slack, slash commands on Discord): a sliding
 * window of one minute, per user and per channel, so one person or one busy channel cannot
 * keep the bot to themselves. Automatic detection (hashtags, links in messages) is not
 * counted here: the repeat guard already holds back repeats, and it answers silently or not
 * at all, so a limit there would only drop answers.
 */
import { DEFAULT_CHANNEL_RATE, DEFAULT_USER_RATE, type Config } from './config.ts';

export { DEFAULT_CHANNEL_RATE, DEFAULT_USER_RATE };
/** The window the limits count over. */
export const RATE_WINDOW_MS = 60_000;

/** The limits: commands per minute. */
export interface RateLimits {
  userPerMinute: number;
  channelPerMinute: number;
}

/** Whether a command may run, and if not, after how many whole seconds it could. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number; scope: 'user' | 'channel' };

/** Timestamps of admitted commands per key, oldest first. */
class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may have one more, or 0 when it may now. */
  waitMs(key: string, now: number): number {
    const times = this.recent(key, now);
    if (times.length < this.limit) return 0;
    const oldest = times[times.length - this.limit] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  record(key: string, now: number): void {
    const times = this.recent(key, now);
    times.push(now);
    this.hits.set(key, times);
  }

  /** Drops keys with nothing in the window, so idle users cost no memory. */
  sweep(now: number): void {
    for (const [key, times] of this.hits) if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }

  private recent(key: string, now: number): number[] {
    const times = this.hits.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= now - this.windowMs) drop++;
    return drop === 0 ? times : times.slice(drop);
  }
}

/** Per-user and per-channel limits on explicit commands; the clock is injectable for tests. */
export class CommandRateLimiter {
  private readonly users: SlidingWindow;
  private readonly channels: SlidingWindow;
  private calls = 0;

  constructor(
    readonly limits: RateLimits = { userPerMinute: DEFAULT_USER_RATE, channelPerMinute: DEFAULT_CHANNEL_RATE },
    private readonly now: () => number = Date.now,
  ) {
    this.users = new SlidingWindow(limits.userPerMinute, RATE_WINDOW_MS);
    this.channels = new SlidingWindow(limits.channelPerMinute, RATE_WINDOW_MS);
  }

  /**
   * Admits one command of `userId` in `channelId` and counts it, or refuses it without
   * counting (a refused command does not lengthen the wait).
   */
  admit(platform: string, userId: string, channelId: string): RateDecision {
    if (this.limits.userPerMinute === Number.POSITIVE_INFINITY && this.limits.channelPerMinute === Number.POSITIVE_INFINITY) return { allowed: true };
    const now = this.now();
    if (++this.calls % 1_000 === 0) {
      this.users.sweep(now);
      this.channels.sweep(now);
    }
    const user = `${platform}:${userId}`;
    const channel = `${platform}:${channelId}`;
    const userWait = this.users.waitMs(user, now);
    const channelWait = this.channels.waitMs(channel, now);
    if (userWait > 0 || channelWait > 0) {
      const scope = userWait >= channelWait ? 'user' : 'channel';
      return { allowed: false, retryAfterS: Math.ceil(Math.max(userWait, channelWait) / 1000), scope };
    }
    this.users.record(user, now);
    this.channels.record(channel, now);
    return { allowed: true };
  }

  /** Keys held (users + channels), for tests of the sweep. */
  get trackedKeys(): number {
    return this.users.size + this.channels.size;
  }
}

/** Limits that admit everything: configs made by hand (tests, load runs) without `rateLimits`. */
export const UNLIMITED: RateLimits = { userPerMinute: Number.POSITIVE_INFINITY, channelPerMinute: Number.POSITIVE_INFINITY };

/** The limits of a configuration: `parseConfig` always sets them; a hand-made config without them is not limited. */
export function rateLimitsOf(config: Pick<Config, 'rateLimits'>): RateLimits {
  return config.rateLimits ?? UNLIMITED;
}
