import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachedCorpus, approximateBytes } from '../../src/corpus/cache.ts';
import {
  openReadonlyStore,
  openWritableStore,
  type CableStore,
  type CorpusReader,
  type SearchHit,
  type SearchOptions,
  type SourceCandidateId,
  type SourceQuery,
} from '../../src/corpus/store.ts';
import type { ParsedCable } from '../../src/corpus/types.ts';
import { manama492, moscow3335, moscow5740, moscow754, tempDir } from './store-fixtures.ts';

/** The real store with a call counter per method: how the tests see whether SQLite was asked. */
class CountingReader implements CorpusReader {
  readonly calls = { getCable: 0, has: 0, idsForCanonical: 0, cites: 0, citedBy: 0, count: 0, search: 0, sourceCandidates: 0, peekCable: 0 };
  constructor(private readonly inner: CableStore) {}
  getCable(id: string): ParsedCable | null {
    this.calls.getCable++;
    return this.inner.getCable(id);
  }
  has(id: string): boolean {
    this.calls.has++;
    return this.inner.has(id);
  }
  idsForCanonical(canonicalId: string): string[] {
    this.calls.idsForCanonical++;
    return this.inner.idsForCanonical(canonicalId);
  }
  cites(id: string): string[] {
    this.calls.cites++;
    return this.inner.cites(id);
  }
  citedBy(id: string): string[] {
    this.calls.citedBy++;
    return this.inner.citedBy(id);
  }
  count(): number {
    this.calls.count++;
    return this.inner.count();
  }
  search(query: string, opts?: SearchOptions): SearchHit[] {
    this.calls.search++;
    return this.inner.search(query, opts);
  }
  peekCable(id: string): ParsedCable | null {
    this.calls.peekCable++;
    return this.inner.peekCable(id);
  }
  sourceCandidates(query: SourceQuery, limit: number): SourceCandidateId[] {
    this.calls.sourceCandidates++;
    return this.inner.sourceCandidates(query, limit);
  }
}

let cleanup: () => void;
let store: CableStore;
let counting: CountingReader;

beforeEach(() => {
  const t = tempDir('cache');
  cleanup = t.cleanup;
  const path = join(t.dir, 'cables.db');
  const writer = openWritableStore(path);
  writer.upsertMany([moscow754(), moscow5740(), moscow3335(), manama492(), manama492(true)]);
  writer.close();
  store = openReadonlyStore(path);
  counting = new CountingReader(store);
});

afterEach(() => {
  store.close();
  cleanup();
});

describe('CachedCorpus', () => {
  it('GIVEN a cable read once THEN the next read is a hit that does not touch the store', () => {
    const corpus = new CachedCorpus(counting);
    const first = corpus.getCable('06MOSCOW754');
    expect(first).toEqual(moscow754());
    expect(counting.calls.getCable).toBe(1);
    const second = corpus.getCable('06MOSCOW754');
    expect(second).toBe(first);
    expect(counting.calls.getCable).toBe(1);
    expect(corpus.stats()).toMatchObject({ hits: 1, misses: 1, absentHits: 0, cables: 1 });
  });

  it('GIVEN a cable peeked at (quote → source candidates) THEN it is read from the store but not cached, and a cached one is served from the cache', () => {
    const corpus = new CachedCorpus(counting);
    expect(corpus.peekCable('06MOSCOW754')).toEqual(moscow754());
    expect(corpus.peekCable('06MOSCOW754')).toEqual(moscow754());
    expect(counting.calls.peekCable).toBe(2);
    expect(corpus.stats()).toMatchObject({ hits: 0, misses: 0, cables: 0 });
    const read = corpus.getCable('06MOSCOW754');
    expect(corpus.peekCable('06MOSCOW754')).toBe(read);
    expect(counting.calls.peekCable).toBe(2);
    expect(corpus.peekCable('06MOSCOW99999')).toBeNull();
  });

  it('GIVEN a hit THEN it is served even when the store is closed (proof it never reaches SQLite)', () => {
    const corpus = new CachedCorpus(counting);
    corpus.getCable('06MOSCOW5740');
    store.close();
    expect(corpus.getCable('06MOSCOW5740')?.subject).toBe('RUSSIA: PRESIDENTIAL SUCCESSION SNAPSHOT');
    expect(() => corpus.getCable('06MOSCOW3335')).toThrow(/not open/);
  });

  it('GIVEN an unknown ID looked up repeatedly THEN the store is asked once (negative caching)', () => {
    const corpus = new CachedCorpus(counting);
    for (let i = 0; i < 5; i++) expect(corpus.getCable('06MOSCOW99999')).toBeNull();
    expect(counting.calls.getCable).toBe(1);
    expect(corpus.has('06MOSCOW99999')).toBe(false);
    expect(counting.calls.has).toBe(0);
    expect(corpus.stats()).toMatchObject({ absentHits: 4, misses: 1, absent: 1 });
  });

  it('GIVEN a remembered unknown ID WHEN its TTL has passed THEN the store is asked again', async () => {
    const corpus = new CachedCorpus(counting, { absentTtlMs: 30 });
    corpus.getCable('06MOSCOW99999');
    await sleep(60);
    corpus.getCable('06MOSCOW99999');
    expect(counting.calls.getCable).toBe(2);
  });

  it('GIVEN a flood of unknown IDs THEN they cannot evict cached cables', () => {
    const corpus = new CachedCorpus(counting, { maxAbsent: 10 });
    corpus.getCable('06MOSCOW754');
    for (let i = 0; i < 100; i++) corpus.getCable(`06MOSCOW${90000 + i}`);
    expect(corpus.stats()).toMatchObject({ cables: 1, absent: 10 });
    corpus.getCable('06MOSCOW754');
    expect(counting.calls.getCable).toBe(101);
  });

  it('GIVEN a byte budget THEN the least recently used cables are evicted to stay within it', () => {
    const sizes = [moscow754(), moscow5740(), moscow3335()].map(approximateBytes);
    // Room for 754 and 5740 but not for all three.
    const budget = (sizes[0] ?? 0) + (sizes[1] ?? 0) + 1;
    const corpus = new CachedCorpus(counting, { maxBytes: budget });
    corpus.getCable('06MOSCOW754');
    corpus.getCable('06MOSCOW5740');
    corpus.getCable('06MOSCOW3335'); // evicts 754, the least recently used
    expect(corpus.stats().bytes).toBeLessThanOrEqual(budget);
    corpus.getCable('06MOSCOW5740');
    expect(counting.calls.getCable).toBe(3);
    corpus.getCable('06MOSCOW754');
    expect(counting.calls.getCable).toBe(4);
  });

  it('GIVEN a cached cable THEN it is frozen so no caller can change it for the others', () => {
    const corpus = new CachedCorpus(counting);
    const cable = corpus.getCable('06MOSCOW754');
    if (cable === null) throw new Error('06MOSCOW754 missing');
    expect(() => {
      cable.subject = 'changed';
    }).toThrow(TypeError);
    expect(() => cable.paragraphs.pop()).toThrow(TypeError);
    const [first] = cable.paragraphs;
    expect(() => {
      if (first) first.text = 'changed';
    }).toThrow(TypeError);
    expect(corpus.getCable('06MOSCOW754')).toEqual(moscow754());
  });

  it('GIVEN has() for a cached cable THEN the store is not asked; for an uncached one it is', () => {
    const corpus = new CachedCorpus(counting);
    corpus.getCable('06MOSCOW754');
    expect(corpus.has('06MOSCOW754')).toBe(true);
    expect(counting.calls.has).toBe(0);
    expect(corpus.has('06MOSCOW5740')).toBe(true);
    expect(counting.calls.has).toBe(1);
  });

  it('GIVEN the other reads THEN they pass through to the store', () => {
    const corpus = new CachedCorpus(counting);
    expect(corpus.search('Larijani').map((h) => h.id)).toEqual(['06MOSCOW754']);
    expect(corpus.citedBy('06MOSCOW3335')).toEqual(['06MOSCOW5740']);
    expect(corpus.cites('06MOSCOW5740')).toHaveLength(3);
    expect(corpus.idsForCanonical('08MANAMA492')).toEqual(['08MANAMA492', '08ECTION01OF02MANAMA492']);
    expect(corpus.count()).toBe(5);
    expect(counting.calls).toMatchObject({ search: 1, citedBy: 1, cites: 1, idsForCanonical: 1, count: 1 });
  });

  it('GIVEN repeated count() and citedBy() THEN the store is asked once each, and clear() forgets them', () => {
    const corpus = new CachedCorpus(counting);
    for (let i = 0; i < 3; i++) {
      expect(corpus.count()).toBe(5);
      expect(corpus.citedBy('06MOSCOW3335')).toEqual(['06MOSCOW5740']);
    }
    expect(counting.calls).toMatchObject({ count: 1, citedBy: 1 });
    // A caller changing the returned list does not change the remembered one.
    corpus.citedBy('06MOSCOW3335').push('XX');
    expect(corpus.citedBy('06MOSCOW3335')).toEqual(['06MOSCOW5740']);
    corpus.clear();
    corpus.count();
    corpus.citedBy('06MOSCOW3335');
    expect(counting.calls).toMatchObject({ count: 2, citedBy: 2 });
  });

  it('GIVEN clear() THEN cables and unknown IDs are forgotten and counters reset', () => {
    const corpus = new CachedCorpus(counting);
    corpus.getCable('06MOSCOW754');
    corpus.getCable('06MOSCOW99999');
    corpus.clear();
    expect(corpus.stats()).toEqual({ hits: 0, absentHits: 0, misses: 0, cables: 0, bytes: 0, absent: 0 });
    corpus.getCable('06MOSCOW754');
    expect(counting.calls.getCable).toBe(3);
  });

  it('GIVEN a cable THEN its approximate size grows with its text and is a positive integer', () => {
    const small = approximateBytes(moscow3335());
    const large = approximateBytes(moscow754());
    expect(Number.isInteger(small) && small > 0).toBe(true);
    expect(large).toBeGreaterThan(2 * moscow754().body.length);
    expect(large).toBeGreaterThan(small);
  });
});
