/**
 * The replies an adapter has in flight: each event's run, from its arrival to the last
 * platform call of its reply. `stop()` drains them (bounded) before `start` closes the store,
 * so a SIGTERM does not drop an answer the user was already promised (a Slack ack, a Discord
 * interaction that must be answered within 3 s) or fail it on a closed store or client.
 */
import type { Logger } from '../src/core/log.ts';
import type { Platform } from '../src/core/settings.ts';

/** How long `stop()` waits for the replies in flight before closing anyway. */
export const DRAIN_MS = 5_000;

/** The runs in flight of one adapter. */
export class InFlight {
  readonly #runs = new Set<Promise<unknown>>();
  readonly #platform: Platform;
  readonly #log: Logger;

  constructor(platform: Platform, log: Logger) {
    this.#platform = platform;
    this.#log = log;
  }

  /** How many runs have not settled yet. */
  get size(): number {
    return this.#runs.size;
  }

  /** Counts `run` as in flight until it settles; returns it unchanged (a rejection stays the caller's). */
  track<T>(run: Promise<T>): Promise<T> {
    this.#runs.add(run);
    const done = (): void => {
      this.#runs.delete(run);
    };
    run.then(done, done);
    return run;
  }

  /**
   * Waits until nothing is in flight — runs that start meanwhile included — or `ms` have
   * passed. Logs `<platform>: waiting for replies in flight` when there is something to wait
   * for, and a warning when it gives up. Resolves true when everything finished.
   */
  async drain(ms: number = DRAIN_MS): Promise<boolean> {
    if (this.#runs.size === 0) return true;
    this.#log.info(`${this.#platform}: waiting for replies in flight`, { replies: this.#runs.size });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    try {
      while (this.#runs.size > 0) {
        const settled = await Promise.race([Promise.allSettled([...this.#runs]).then(() => 'settled' as const), timeout]);
        if (settled === 'timeout') {
          this.#log.warn(`${this.#platform}: stopped with replies still in flight`, { replies: this.#runs.size, waitedMs: ms });
          return false;
        }
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
