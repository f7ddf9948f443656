/**
 * The live store on real SQLite files that go away, come back, get locked, replaced or
 * damaged while it is open. The clock is injected: "a second later" is a number, not a sleep.
 * Timings measured with the real clock (a lock must cost about the busy timeout, not 5 s)
 * are behaviour, asserted with wide margins.
 */
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachedCorpus } from '../../src/corpus/cache.ts';
import {
  LiveCorpus,
  LiveStore,
  READER_BUSY_TIMEOUT_MS,
  RETRY_AFTER_MS,
  STAT_INTERVAL_MS,
  storeHealthOf,
  type LiveStoreOptions,
  type StoreHealth,
} from '../../src/corpus/live-store.ts';
import { StoreError, openReadonlyStore, openWritableStore, type StoreErrorCode } from '../../src/corpus/store.ts';
import type { ParsedCable } from '../../src/corpus/types.ts';
import { manama492, moscow3335, moscow5740, moscow754, tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;
let opened: LiveStore[];
beforeEach(() => {
  ({ dir, cleanup } = tempDir('live-store'));
  opened = [];
});
afterEach(() => {
  for (const s of opened) s.close();
  cleanup();
});

/** A real store file holding `cables`, closed (rollback-journal mode, as an import leaves it). */
function buildStore(name: string, cables: ParsedCable[]): string {
  const path = join(dir, name);
  const store = openWritableStore(path);
  store.upsertMany(cables);
  store.close();
  return path;
}

/** A clock the test moves. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

interface Opened {
  store: LiveStore;
  clock: ReturnType<typeof fakeClock>;
  states: StoreHealth[];
  reopens: () => number;
}

function openLive(path: string, options: LiveStoreOptions = {}): Opened {
  const clock = fakeClock();
  const states: StoreHealth[] = [];
  const store = LiveStore.open(path, { now: clock.now, onStateChange: (h) => states.push(h), ...options });
  opened.push(store);
  let reopens = 0;
  store.onReopen(() => reopens++);
  return { store, clock, states, reopens: () => reopens };
}

/** The StoreError `fn` throws (failing the test if it throws something else or nothing). */
function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

/** The states as `[available, code]` pairs, for exact comparison. */
function summary(states: StoreHealth[]): [boolean, StoreErrorCode | null][] {
  return states.map((s) => [s.available, s.available ? null : s.error.code]);
}

function healthCode(store: LiveStore): StoreErrorCode | 'available' {
  const h = store.health();
  return h.available ? 'available' : h.error.code;
}

/** Holds an exclusive lock on `path` as another program would (an import's commit, a backup tool). */
function lockExclusively(path: string): { release: () => void } {
  const db = new Database(path);
  db.exec('BEGIN EXCLUSIVE');
  return {
    release: () => {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

/** Milliseconds `fn` took by the real clock. */
function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('GIVEN a live store over a good file', () => {
  it('THEN it reads like the plain store, health says available, and nothing is reported', () => {
    const path = buildStore('a.db', [moscow754(), moscow5740(), moscow3335()]);
    const { store, states } = openLive(path);
    const plain = openReadonlyStore(path);
    try {
      expect(store.path).toBe(path);
      expect(store.count()).toBe(3);
      expect(store.getCable('06MOSCOW754')).toEqual(plain.getCable('06MOSCOW754'));
      expect(store.has('06MOSCOW5740')).toBe(true);
      expect(store.cites('06MOSCOW5740')).toEqual(plain.cites('06MOSCOW5740'));
      expect(store.citedBy('06MOSCOW3335')).toEqual(['06MOSCOW5740']);
      expect(store.idsForCanonical('06MOSCOW754')).toEqual(['06MOSCOW754']);
      expect(store.search('enrichment').map((h) => h.id)).toEqual(plain.search('enrichment').map((h) => h.id));
      expect(store.health()).toEqual({ available: true, path });
      expect(states).toEqual([]);
    } finally {
      plain.close();
    }
  });

  it('WHEN the file is missing or not a store at start THEN open throws the StoreError, as openReadonlyStore does', () => {
    const missing = join(dir, 'missing.db');
    expect(storeErrorOf(() => LiveStore.open(missing))).toMatchObject({ code: 'missing', path: missing });
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(64 * 1024, 0x5a));
    expect(storeErrorOf(() => LiveStore.open(junk))).toMatchObject({ code: 'not-a-database', path: junk });
  });

  it('WHEN a caller passes a bad search limit THEN the RangeError passes through and the store stays available', () => {
    const { store, states } = openLive(buildStore('a.db', [moscow754()]));
    expect(() => store.search('iran', { limit: 0 })).toThrow(RangeError);
    expect(store.health().available).toBe(true);
    expect(states).toEqual([]);
  });
});

describe('GIVEN a live store WHEN its file is removed', () => {
  it('THEN once the path is checked (within a second) every read throws missing, health says missing, and it is reported once', () => {
    const path = buildStore('a.db', [moscow754(), moscow5740()]);
    const { store, clock, states } = openLive(path);
    expect(store.has('06MOSCOW754')).toBe(true);
    rmSync(path);
    // The connection still holds the deleted file; the path is looked at once per interval.
    expect(store.has('06MOSCOW754')).toBe(true);
    clock.advance(STAT_INTERVAL_MS);
    for (let i = 0; i < 5; i++) {
      expect(storeErrorOf(() => store.getCable('06MOSCOW5740'))).toMatchObject({ code: 'missing', path });
      expect(storeErrorOf(() => store.count()).code).toBe('missing');
    }
    clock.advance(STAT_INTERVAL_MS);
    expect(storeErrorOf(() => store.search('iran')).code).toBe('missing');
    expect(healthCode(store)).toBe('missing');
    expect(summary(states)).toEqual([[false, 'missing']]);
  });

  it('AND put back THEN reads answer again without a restart, the reopen is announced, and recovery reported once', () => {
    const path = buildStore('a.db', [moscow754(), moscow5740()]);
    const backup = join(dir, 'backup.db');
    copyFileSync(path, backup);
    const { store, clock, states, reopens } = openLive(path);
    rmSync(path);
    clock.advance(STAT_INTERVAL_MS);
    expect(storeErrorOf(() => store.count()).code).toBe('missing');
    copyFileSync(backup, path);
    // Not noticed before the next look at the path...
    expect(storeErrorOf(() => store.count()).code).toBe('missing');
    clock.advance(STAT_INTERVAL_MS);
    // ...then at once, whatever the back-off.
    expect(store.getCable('06MOSCOW5740')?.id).toBe('06MOSCOW5740');
    expect(store.count()).toBe(2);
    expect(reopens()).toBe(1);
    expect(summary(states)).toEqual([
      [false, 'missing'],
      [true, null],
    ]);
  });

  it('AND put back THEN health() notices at once (it always looks at the path)', () => {
    const path = buildStore('a.db', [moscow754()]);
    const backup = join(dir, 'backup.db');
    copyFileSync(path, backup);
    const { store } = openLive(path);
    rmSync(path);
    expect(healthCode(store)).toBe('missing');
    copyFileSync(backup, path);
    expect(healthCode(store)).toBe('available');
    expect(store.count()).toBe(1);
  });
});

describe('GIVEN a live store WHEN its file is replaced by another store (mv new.db over it)', () => {
  it('THEN the new file is read after the next look at the path, the old connection closed, and listeners told', () => {
    const path = buildStore('a.db', [moscow754()]);
    const next = buildStore('next.db', [moscow754(), moscow5740(), moscow3335()]);
    const { store, clock, states, reopens } = openLive(path);
    expect(store.count()).toBe(1);
    renameSync(next, path);
    clock.advance(STAT_INTERVAL_MS);
    expect(store.count()).toBe(3);
    expect(store.has('06MOSCOW3335')).toBe(true);
    expect(reopens()).toBe(1);
    // Never unavailable: nothing to report.
    expect(states).toEqual([]);
  });

  it('THEN a LiveCorpus in front forgets the cables it cached from the old file, even when it is only asked for cached ones', () => {
    const original = { ...moscow754(), subject: 'THE OLD SUBJECT' };
    const path = buildStore('a.db', [original]);
    const next = buildStore('next.db', [{ ...original, subject: 'THE NEW SUBJECT' }]);
    const { store, clock } = openLive(path);
    const corpus = new LiveCorpus(store);
    expect(corpus.getCable('06MOSCOW754')?.subject).toBe('THE OLD SUBJECT');
    expect(corpus.getCable('06MOSCOW754')?.subject).toBe('THE OLD SUBJECT');
    expect(corpus.stats()).toMatchObject({ hits: 1, misses: 1 });
    renameSync(next, path);
    clock.advance(STAT_INTERVAL_MS);
    // Only cache hits since the replacement: they look at the path too.
    expect(corpus.getCable('06MOSCOW754')?.subject).toBe('THE NEW SUBJECT');
    expect(corpus.stats()).toMatchObject({ hits: 0, misses: 1 });
  });
});

describe('GIVEN a live store WHEN another connection holds an exclusive lock on the file', () => {
  it('THEN a read fails busy after about the busy timeout (not 5 s), later reads fail at once until the back-off ends, and it recovers when the lock is gone', () => {
    const path = buildStore('a.db', [moscow754(), moscow5740()]);
    const { store, clock, states } = openLive(path);
    expect(store.count()).toBe(2);
    const lock = lockExclusively(path);
    let released = false;
    try {
      let first: StoreError | undefined;
      const waited = timed(() => (first = storeErrorOf(() => store.getCable('06MOSCOW5740'))));
      expect(first).toMatchObject({ code: 'busy', path });
      expect(waited).toBeGreaterThanOrEqual(READER_BUSY_TIMEOUT_MS * 0.8);
      expect(waited).toBeLessThan(1_000);
      // A burst during the back-off: no SQLite, no waiting.
      const burst = timed(() => {
        for (let i = 0; i < 50; i++) expect(storeErrorOf(() => store.has('06MOSCOW754')).code).toBe('busy');
      });
      expect(burst).toBeLessThan(READER_BUSY_TIMEOUT_MS);
      expect(healthCode(store)).toBe('busy');
      // After the back-off, one more try (still locked): busy again, one wait.
      clock.advance(RETRY_AFTER_MS);
      expect(timed(() => expect(storeErrorOf(() => store.count()).code).toBe('busy'))).toBeLessThan(1_000);
      lock.release();
      released = true;
      // Released, but the back-off still runs: reads keep failing fast...
      expect(storeErrorOf(() => store.count()).code).toBe('busy');
      clock.advance(RETRY_AFTER_MS);
      // ...then answer again.
      expect(store.getCable('06MOSCOW5740')?.id).toBe('06MOSCOW5740');
      expect(healthCode(store)).toBe('available');
      expect(summary(states)).toEqual([
        [false, 'busy'],
        [true, null],
      ]);
    } finally {
      if (!released) lock.release();
    }
  });

  it('THEN health() reports busy within about the busy timeout and available once released', () => {
    const path = buildStore('a.db', [moscow754()]);
    const { store, clock } = openLive(path);
    const lock = lockExclusively(path);
    try {
      expect(timed(() => expect(healthCode(store)).toBe('busy'))).toBeLessThan(1_000);
    } finally {
      lock.release();
    }
    clock.advance(RETRY_AFTER_MS);
    expect(healthCode(store)).toBe('available');
  });

  it('THEN opening the locked file fails busy quickly, as a StoreError', () => {
    const path = buildStore('a.db', [moscow754()]);
    const lock = lockExclusively(path);
    try {
      let error: StoreError | undefined;
      const waited = timed(() => (error = storeErrorOf(() => openReadonlyStore(path, { busyTimeoutMs: READER_BUSY_TIMEOUT_MS }))));
      expect(error).toMatchObject({ code: 'busy', path });
      expect(waited).toBeLessThan(1_000);
    } finally {
      lock.release();
    }
  });
});

describe('GIVEN a live store WHEN its file is replaced by a damaged one', () => {
  it('(renamed over it) THEN reads fail with its error, fail fast while backing off, and a good file brings it back', () => {
    const path = buildStore('a.db', [moscow754(), moscow5740()]);
    const good = join(dir, 'good.db');
    copyFileSync(path, good);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(64 * 1024, 0x5a));
    const { store, clock, states, reopens } = openLive(path);
    renameSync(junk, path);
    clock.advance(STAT_INTERVAL_MS);
    expect(storeErrorOf(() => store.count())).toMatchObject({ code: 'not-a-database', path });
    expect(storeErrorOf(() => store.getCable('06MOSCOW754')).code).toBe('not-a-database');
    expect(healthCode(store)).toBe('not-a-database');
    // Still junk after the back-off: tried again, same error, reported once.
    clock.advance(RETRY_AFTER_MS);
    expect(storeErrorOf(() => store.count()).code).toBe('not-a-database');
    renameSync(good, path);
    clock.advance(STAT_INTERVAL_MS);
    expect(store.count()).toBe(2);
    expect(reopens()).toBe(1);
    expect(summary(states)).toEqual([
      [false, 'not-a-database'],
      [true, null],
    ]);
  });

  it('(a truncated copy) THEN corrupt; the good one back THEN it recovers', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...moscow754(), id: `06MOSCOW${1000 + i}`, canonicalId: `06MOSCOW${1000 + i}` }));
    const path = buildStore('a.db', many);
    const good = join(dir, 'good.db');
    copyFileSync(path, good);
    const { store, clock, states } = openLive(path);
    // A whole number of pages, far fewer than the store has: the header's page count gives it away.
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, readFileSync(path).subarray(0, 65536));
    renameSync(cut, path);
    clock.advance(STAT_INTERVAL_MS);
    expect(storeErrorOf(() => store.has('06MOSCOW1000')).code).toBe('corrupt');
    copyFileSync(good, join(dir, 'good2.db'));
    renameSync(join(dir, 'good2.db'), path);
    clock.advance(STAT_INTERVAL_MS);
    expect(store.has('06MOSCOW1059')).toBe(true);
    expect(summary(states)).toEqual([
      [false, 'corrupt'],
      [true, null],
    ]);
  });

  it('(overwritten in place, same inode) THEN the failing read makes it reopen at the next look, which finds it unusable; the good bytes back THEN it recovers', () => {
    const path = buildStore('a.db', [moscow754(), moscow5740()]);
    const good = readFileSync(path);
    const { store, clock, states, reopens } = openLive(path);
    expect(store.count()).toBe(2);
    writeFileSync(path, Buffer.alloc(good.length, 0x5a));
    expect(storeErrorOf(() => store.count()).code).toBe('not-a-database');
    clock.advance(STAT_INTERVAL_MS);
    expect(storeErrorOf(() => store.count()).code).toBe('not-a-database');
    expect(summary(states)).toEqual([[false, 'not-a-database']]);
    writeFileSync(path, good);
    clock.advance(RETRY_AFTER_MS);
    expect(store.count()).toBe(2);
    expect(reopens()).toBe(1);
    expect(summary(states)).toEqual([
      [false, 'not-a-database'],
      [true, null],
    ]);
  });
});

describe('GIVEN storeHealthOf', () => {
  it('THEN a LiveCorpus and a LiveStore answer from the file; any other reader gets null (the caller probes)', () => {
    const path = buildStore('a.db', [moscow754(), manama492()]);
    const { store } = openLive(path);
    expect(storeHealthOf(store)).toEqual({ available: true, path });
    expect(storeHealthOf(new LiveCorpus(store))).toEqual({ available: true, path });
    expect(storeHealthOf(new CachedCorpus(store))).toBeNull();
  });
});

describe('GIVEN a closed live store', () => {
  it('THEN reads throw (a bug, not a store state) and closing again is harmless', () => {
    const path = buildStore('a.db', [moscow754()]);
    const { store } = openLive(path);
    store.close();
    expect(() => store.count()).toThrow(/closed/);
    expect(() => store.count()).not.toThrow(StoreError);
    store.close();
  });
});
