/**
 * The bot's reader of a store file that may go away, be locked or be replaced while the bot
 * runs. The bot must stay up through all three: the affected replies say the corpus is
 * unavailable (every read throws a StoreError, which `runInput` turns into
 * `store-unavailable`), and it recovers by itself when the file is back.
 *
 * What it watches, and how it costs nothing while all is well:
 *
 * - Removed, replaced: an open SQLite connection keeps reading a deleted or renamed-over
 *   file (it holds the old inode), so SQLite never reports either. The path is `stat`ed
 *   lazily on calls, at most once per {@link STAT_INTERVAL_MS}: gone → every read throws
 *   `missing`; a different file (device and inode: `mv new.db cablebot.db` after an import)
 *   → the connection is closed and the new file opened and checked.
 * - Locked: better-sqlite3 is synchronous, and SQLite's busy handler sleeps in the calling
 *   thread, so with the default 5 s timeout one locked read froze every conversation of the
 *   bot for 5 s. Connections wait at most {@link READER_BUSY_TIMEOUT_MS}; after that `busy`
 *   failure, reads fail at once, without SQLite, for {@link RETRY_AFTER_MS}, then try again.
 * - Unreadable (I/O error), or a file that will not open (corrupt, not a store): the
 *   connection is dropped, reads fail at once with that error, and opening is tried again
 *   every {@link RETRY_AFTER_MS}, or at once when the path holds a new file.
 * - A query meeting damage (`corrupt`, `not-a-database`: possibly the file overwritten in
 *   place, which keeps its inode): that query fails as before, and the file is reopened at
 *   the next stat, so a file that stays bad becomes unavailable and a good one is read fresh.
 *
 * After every reopen the `onReopen` listeners run (a cache in front must forget the old
 * file's cables, and look at the path on its hits too: {@link LiveCorpus} does); a change of availability is reported once to
 * `onStateChange`, not per request.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CachedCorpus, type CachedCorpusOptions } from './cache.ts';
import {
  StoreError,
  openReadonlyStore,
  type CableStore,
  type CorpusReader,
  type SearchHit,
  type SearchOptions,
  type SourceCandidateId,
  type SourceQuery,
} from './store.ts';
import type { ParsedCable } from './types.ts';

/**
 * How long a read waits for another connection's lock, in milliseconds. Long enough to ride
 * out a writer's commit (the importer's commits of a few thousand cables take milliseconds
 * to hold the lock), short enough that a held lock stalls the single-threaded bot for no
 * more than a tenth of a second before the reply says the store is unavailable.
 */
export const READER_BUSY_TIMEOUT_MS = 100;

/**
 * After a `busy` or `unreadable` failure, or a failed open, how long reads fail at once
 * without touching SQLite before one tries again. A burst of requests against a locked file
 * then costs one {@link READER_BUSY_TIMEOUT_MS} wait per second, not one per request.
 */
export const RETRY_AFTER_MS = 1_000;

/** At most one `stat` of the path per this many milliseconds: how soon a removed or replaced file is noticed. */
export const STAT_INTERVAL_MS = 1_000;

/** Whether the store can be read now, and if not, why. */
export type StoreHealth = { available: true; path: string } | { available: false; path: string; error: StoreError };

/** Options of {@link LiveStore.open}; the intervals are for tests. */
export interface LiveStoreOptions {
  /** Default {@link READER_BUSY_TIMEOUT_MS}. */
  busyTimeoutMs?: number;
  /** Default {@link RETRY_AFTER_MS}. */
  retryAfterMs?: number;
  /** Default {@link STAT_INTERVAL_MS}. */
  statIntervalMs?: number;
  /** A monotonic clock in milliseconds (default `performance.now`). */
  now?: () => number;
  /**
   * Called when the store becomes unavailable, when the reason changes (`missing` →
   * `corrupt`) and when it is available again: once per change, for the operator's log.
   */
  onStateChange?: (health: StoreHealth) => void;
}

/** Which file a path names: same device and inode means the same file, whatever its content. */
interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

/**
 * A {@link CorpusReader} over the store file at a path, following that file as it goes
 * away, comes back, is locked or is replaced (see the module comment). One connection at a
 * time; not for worker threads (like any better-sqlite3 connection).
 */
export class LiveStore implements CorpusReader {
  /** Absolute path of the store file. */
  readonly path: string;
  private readonly busyTimeoutMs: number;
  private readonly retryAfterMs: number;
  private readonly statIntervalMs: number;
  private readonly now: () => number;
  private readonly onStateChange: ((health: StoreHealth) => void) | undefined;
  private readonly reopenListeners: (() => void)[] = [];
  /** The open connection, or null while unavailable. */
  private current: CableStore | null = null;
  /** The file `current` reads. */
  private openedAs: FileIdentity | null = null;
  /** The file the last stat found (null: none). */
  private seen: FileIdentity | null = null;
  /** Why reads fail, while they do; with a connection, only `busy` (a back-off). */
  private failure: StoreError | null = null;
  /** While `failure` is set: before this time, reads throw it without touching SQLite. */
  private retryAt = 0;
  private nextStatAt = 0;
  /** A query met a damaged file: reopen at the next stat. */
  private suspect = false;
  private closed = false;

  private constructor(path: string, options: LiveStoreOptions) {
    this.path = resolve(path);
    this.busyTimeoutMs = options.busyTimeoutMs ?? READER_BUSY_TIMEOUT_MS;
    this.retryAfterMs = options.retryAfterMs ?? RETRY_AFTER_MS;
    this.statIntervalMs = options.statIntervalMs ?? STAT_INTERVAL_MS;
    this.now = options.now ?? (() => performance.now());
    this.onStateChange = options.onStateChange;
  }

  /**
   * Opens the store at `path`, as `openReadonlyStore` does (the same checks, the same
   * errors), with the short busy timeout.
   * @throws StoreError when the file cannot be used now: at start-up that is fatal, as before.
   */
  static open(path: string, options: LiveStoreOptions = {}): LiveStore {
    const live = new LiveStore(path, options);
    const now = live.now();
    live.nextStatAt = now + live.statIntervalMs;
    live.seen = identify(live.path) ?? null;
    live.current = openReadonlyStore(live.path, { busyTimeoutMs: live.busyTimeoutMs });
    live.openedAs = live.seen;
    return live;
  }

  /** Runs `listener` after every reopen: whatever was read from the old file may be stale. */
  onReopen(listener: () => void): void {
    this.reopenListeners.push(listener);
  }

  /** {@inheritDoc CorpusReader.getCable} */
  getCable(id: string): ParsedCable | null {
    return this.read((s) => s.getCable(id));
  }

  /** {@inheritDoc CorpusReader.peekCable} */
  peekCable(id: string): ParsedCable | null {
    return this.read((s) => s.peekCable(id));
  }

  /** {@inheritDoc CorpusReader.has} */
  has(id: string): boolean {
    return this.read((s) => s.has(id));
  }

  /** {@inheritDoc CorpusReader.idsForCanonical} */
  idsForCanonical(canonicalId: string): string[] {
    return this.read((s) => s.idsForCanonical(canonicalId));
  }

  /** {@inheritDoc CorpusReader.cites} */
  cites(id: string): string[] {
    return this.read((s) => s.cites(id));
  }

  /** {@inheritDoc CorpusReader.citedBy} */
  citedBy(id: string): string[] {
    return this.read((s) => s.citedBy(id));
  }

  /** {@inheritDoc CorpusReader.count} */
  count(): number {
    return this.read((s) => s.count());
  }

  /** {@inheritDoc CorpusReader.search} */
  search(query: string, opts?: SearchOptions): SearchHit[] {
    return this.read((s) => s.search(query, opts));
  }

  /** {@inheritDoc CorpusReader.sourceCandidates} */
  sourceCandidates(query: SourceQuery, limit: number): SourceCandidateId[] {
    return this.read((s) => s.sourceCandidates(query, limit));
  }

  /**
   * Whether the store can be read now: the path is stat'ed (not throttled) and, unless a
   * back-off is running, the `meta` table is read — a few rows, but a real read that needs
   * the file, its lock and SQLite. Costs at most {@link READER_BUSY_TIMEOUT_MS} (a lock),
   * or an open when the file came back.
   */
  health(): StoreHealth {
    this.nextStatAt = this.now() + this.statIntervalMs;
    this.checkFile(this.now());
    try {
      this.read((s) => s.buildInfo());
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
    return this.state();
  }

  /**
   * Looks at the path when due (at most once per {@link STAT_INTERVAL_MS}) and reopens a
   * replaced or returned file, without reading anything: for a cache in front, whose hits
   * never reach the store, so that a replaced file is noticed (and the cache cleared) even
   * when every lookup is a hit. Never throws a StoreError: the next read does.
   */
  refresh(): void {
    if (this.closed) return;
    try {
      this.ready();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
  }

  /** Closes the connection; later reads throw. Closing twice is harmless. */
  close(): void {
    this.closed = true;
    this.drop();
  }

  private state(): StoreHealth {
    return this.failure === null ? { available: true, path: this.path } : { available: false, path: this.path, error: this.failure };
  }

  /** Runs `fn` on a usable connection, keeping track of what its failure says about the file. */
  private read<T>(fn: (store: CableStore) => T): T {
    const store = this.ready();
    let result: T;
    try {
      result = fn(store);
    } catch (error) {
      if (error instanceof StoreError) this.failed(error);
      throw error;
    }
    if (this.failure !== null) this.recovered();
    return result;
  }

  /** The connection to read with, (re)opened when due. @throws StoreError while unavailable. */
  private ready(): CableStore {
    if (this.closed) throw new Error(`the cable store ${this.path} was closed`);
    const now = this.now();
    if (now >= this.nextStatAt) {
      this.nextStatAt = now + this.statIntervalMs;
      this.checkFile(now);
    }
    if (this.failure !== null && now < this.retryAt) throw this.failure;
    return this.current ?? this.reopen(now);
  }

  /** Stats the path: notices the file removed, back, or replaced. */
  private checkFile(now: number): void {
    let found: FileIdentity | undefined;
    try {
      found = identify(this.path);
    } catch (error) {
      this.drop();
      this.seen = null;
      this.fail(asStoreError(error, this.path), now);
      return;
    }
    if (found === undefined) {
      this.drop();
      this.seen = null;
      this.fail(new StoreError('missing', this.path), now);
      return;
    }
    const isNew = this.seen === null || !sameFile(found, this.seen);
    this.seen = found;
    if (this.current !== null && (this.suspect || this.openedAs === null || !sameFile(found, this.openedAs))) this.drop();
    // A file that was not there at the last look deserves a try now, whatever the back-off.
    if (isNew) this.retryAt = now;
  }

  /** Opens the file at the path anew; on failure, records why and throws it. */
  private reopen(now: number): CableStore {
    let store: CableStore;
    let identity: FileIdentity | undefined;
    try {
      identity = identify(this.path);
      store = openReadonlyStore(this.path, { busyTimeoutMs: this.busyTimeoutMs });
    } catch (error) {
      const failure = asStoreError(error, this.path);
      this.fail(failure, now);
      throw failure;
    }
    this.current = store;
    this.openedAs = identity ?? null;
    this.seen = this.openedAs;
    for (const listener of this.reopenListeners) listener();
    this.recovered();
    return store;
  }

  /** What a query's StoreError says about the file. */
  private failed(error: StoreError): void {
    switch (error.code) {
      case 'busy':
        // The connection is fine; the lock is someone else's. Back off, then try it again.
        this.fail(error, this.now());
        break;
      case 'unreadable':
        this.drop();
        this.fail(error, this.now());
        break;
      case 'corrupt':
      case 'not-a-database':
        // One damaged row must not take the whole store down: only this read fails. The
        // next stat reopens the file, which checks it as a whole.
        this.suspect = true;
        break;
      default:
        break;
    }
  }

  private fail(error: StoreError, now: number): void {
    const changed = this.failure === null || this.failure.code !== error.code;
    this.failure = error;
    this.retryAt = now + this.retryAfterMs;
    if (changed) this.onStateChange?.(this.state());
  }

  private recovered(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.onStateChange?.(this.state());
  }

  /** Closes the connection (if any). */
  private drop(): void {
    this.current?.close();
    this.current = null;
    this.openedAs = null;
    this.suspect = false;
  }
}

/**
 * A {@link CachedCorpus} in front of a {@link LiveStore}: forgets its cached cables when the
 * store reopens (they belong to the old file), and answers {@link LiveCorpus.health} from
 * the store, never from its caches.
 */
export class LiveCorpus extends CachedCorpus {
  /** The store behind the cache (its owner closes it). */
  readonly live: LiveStore;

  constructor(live: LiveStore, options: CachedCorpusOptions = {}) {
    super(live, options);
    this.live = live;
    live.onReopen(() => this.clear());
  }

  /** {@inheritDoc CachedCorpus.getCable} A hit too notices a replaced file (see {@link LiveStore.refresh}). */
  override getCable(id: string): ParsedCable | null {
    this.live.refresh();
    return super.getCable(id);
  }

  /** {@inheritDoc CachedCorpus.peekCable} A hit too notices a replaced file (see {@link LiveStore.refresh}). */
  override peekCable(id: string): ParsedCable | null {
    this.live.refresh();
    return super.peekCable(id);
  }

  /** {@inheritDoc CachedCorpus.has} */
  override has(id: string): boolean {
    this.live.refresh();
    return super.has(id);
  }

  /** {@inheritDoc CachedCorpus.citedBy} */
  override citedBy(id: string): string[] {
    this.live.refresh();
    return super.citedBy(id);
  }

  /** {@inheritDoc CachedCorpus.count} */
  override count(): number {
    this.live.refresh();
    return super.count();
  }

  /** {@inheritDoc LiveStore.health} */
  health(): StoreHealth {
    return this.live.health();
  }
}

/**
 * The health of the store behind `corpus` when it can tell (a {@link LiveStore} or a
 * {@link LiveCorpus}), else null: the caller then has to probe with a read.
 */
export function storeHealthOf(corpus: CorpusReader): StoreHealth | null {
  return corpus instanceof LiveCorpus || corpus instanceof LiveStore ? corpus.health() : null;
}

/** The file at `path` (undefined when there is none). @throws the fs error when the path cannot be looked at. */
function identify(path: string): FileIdentity | undefined {
  try {
    const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
    return stat === undefined ? undefined : { dev: stat.dev, ino: stat.ino };
  } catch (error) {
    // A directory on the way replaced by a file is as good as no file.
    if (isErrnoError(error) && error.code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function isErrnoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/**
 * A failure to look at or open the file, as a StoreError. At start-up such errors propagate
 * as they are; while running, whatever keeps the file from opening (EACCES from the header
 * probe, an SQLite error no code covers) makes the store unavailable, not the bot crash.
 */
function asStoreError(error: unknown, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const detail = isErrnoError(error) && error.code !== undefined ? error.code : error instanceof Error ? error.message : String(error);
  return new StoreError('unreadable', path, { detail, cause: error });
}
