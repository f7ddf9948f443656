/**
 * Claims kept in this process's memory: an LRU per scope (at most `max` keys each, the oldest
 * forgotten first), each key for its own window. What the repeat guard always kept, and the
 * fallback of the PostgreSQL state while its server cannot be reached.
 */
import { LRUCache } from 'lru-cache';
import type { ClaimScope, Claims } from './state.ts';

/** Options of {@link MemoryClaims}. */
export interface MemoryClaimsOptions {
  /** Keys remembered per scope at most (default 50,000). */
  max?: number;
  /** Clock in milliseconds (tests); default `performance.now`. */
  now?: () => number;
}

/** Claims in memory, one LRU per scope. */
export class MemoryClaims implements Claims {
  readonly #scopes = new Map<ClaimScope, LRUCache<string, true>>();
  readonly #max: number;
  readonly #now: (() => number) | undefined;

  constructor(options: MemoryClaimsOptions = {}) {
    this.#max = options.max ?? 50_000;
    this.#now = options.now;
  }

  claim(scope: ClaimScope, key: string, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.claimNow(scope, key, ttlMs));
  }

  /** {@link claim}, answered at once. */
  claimNow(scope: ClaimScope, key: string, ttlMs: number): boolean {
    const seen = this.#lru(scope);
    if (seen.has(key)) return false;
    seen.set(key, true, { ttl: ttlMs });
    return true;
  }

  #lru(scope: ClaimScope): LRUCache<string, true> {
    let lru = this.#scopes.get(scope);
    if (lru === undefined) {
      const now = this.#now;
      lru = new LRUCache<string, true>({
        max: this.#max,
        ttl: 60_000,
        // lru-cache caches "now" for ttlResolution ms of real time: off with a given clock.
        ...(now !== undefined ? { perf: { now }, ttlResolution: 0 } : {}),
      });
      this.#scopes.set(scope, lru);
    }
    return lru;
  }
}
