/**
 * An in-memory LRU in front of the store for parsed cables. Chat traffic is bursty and
 * repetitive (a cable posted in a channel gets looked up by everyone, by hashtag, by
 * paragraph, by link unfurl), so hits avoid three SQLite queries and the rebuild of the
 * object.
 *
 * Bounded by approximate bytes, not by count: cables range from a few hundred bytes to
 * hundreds of KB, so a count bound would make memory use unpredictable. IDs the store does
 * not have are remembered in a separate, count-bounded LRU with a TTL (negative caching):
 * a burst of lookups of one misprinted ID is answered without SQLite, junk IDs cannot
 * evict real cables, and an ID added by an import running beside the bot shows up once
 * its entry expires.
 */
import { LRUCache } from 'lru-cache';
import type { CorpusReader, SearchHit, SearchOptions, SourceCandidateId, SourceQuery } from './store.ts';
import type { ParsedCable } from './types.ts';

/** Sizing of a {@link CachedCorpus}. */
export interface CachedCorpusOptions {
  /** Approximate memory for cached cables, in bytes. Default 24 MiB (a thousand or more typical cables). */
  maxBytes?: number;
  /** How many unknown IDs are remembered. Default 10,000. */
  maxAbsent?: number;
  /** How long an unknown ID is remembered, in milliseconds. Default 60,000. */
  absentTtlMs?: number;
}

/** Counters of a {@link CachedCorpus} since it was created (or last cleared). */
export interface CacheStats {
  /** `getCable` answered from cached cables. */
  hits: number;
  /** `getCable` answered "absent" from the negative cache. */
  absentHits: number;
  /** `getCable` calls that went to the store. */
  misses: number;
  /** Cables held now. */
  cables: number;
  /** Approximate bytes of the cables held now. */
  bytes: number;
  /** Unknown IDs remembered now. */
  absent: number;
}

/** Default of {@link CachedCorpusOptions.maxBytes}. */
export const DEFAULT_CACHE_BYTES = 24 * 1024 * 1024;
const DEFAULT_MAX_ABSENT = 10_000;
const DEFAULT_ABSENT_TTL_MS = 60_000;

/**
 * A corpus reader that answers `getCable` (and `has`) from memory when it can and passes
 * everything else to the wrapped reader (searches and citation lists vary too much to be
 * worth caching). Cached cables are deep-frozen: they are shared between callers, so a
 * caller that mutates one gets a TypeError instead of silently changing it for everyone.
 *
 * It does not notice writes to the store made after a cable was cached; call
 * {@link CachedCorpus.clear} after an import into the store it reads.
 */
/** How many cited-by lists {@link CachedCorpus.citedBy} remembers. */
export const DEFAULT_MAX_CITED_BY = 10_000;

/** How long {@link CachedCorpus.count} trusts its last answer. */
export const COUNT_TTL_MS = 60_000;

export class CachedCorpus implements CorpusReader {
  private readonly store: CorpusReader;
  private readonly cables: LRUCache<string, ParsedCable>;
  private readonly absent: LRUCache<string, true>;
  private hits = 0;
  private absentHits = 0;
  private misses = 0;
  private counted: { value: number; at: number } | null = null;
  private readonly citing = new LRUCache<string, readonly string[]>({ max: DEFAULT_MAX_CITED_BY });

  /** Wraps `store`; the caller keeps ownership of it (and closes it). */
  constructor(store: CorpusReader, options: CachedCorpusOptions = {}) {
    this.store = store;
    this.cables = new LRUCache<string, ParsedCable>({
      maxSize: options.maxBytes ?? DEFAULT_CACHE_BYTES,
      sizeCalculation: approximateBytes,
    });
    this.absent = new LRUCache<string, true>({
      max: options.maxAbsent ?? DEFAULT_MAX_ABSENT,
      ttl: options.absentTtlMs ?? DEFAULT_ABSENT_TTL_MS,
    });
  }

  /** {@inheritDoc CorpusReader.getCable} The result is frozen. */
  /** {@inheritDoc CorpusReader.peekCable} Counted as neither a hit nor a miss. */
  peekCable(id: string): ParsedCable | null {
    return this.cables.peek(id) ?? (this.absent.peek(id) === true ? null : this.store.peekCable(id));
  }

  getCable(id: string): ParsedCable | null {
    const cached = this.cables.get(id);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    if (this.absent.get(id) === true) {
      this.absentHits++;
      return null;
    }
    this.misses++;
    const cable = this.store.getCable(id);
    if (cable === null) {
      this.absent.set(id, true);
      return null;
    }
    const frozen = deepFreeze(cable);
    this.cables.set(id, frozen);
    return frozen;
  }

  /** {@inheritDoc CorpusReader.has} Answered from the cache when the ID is in either LRU. */
  has(id: string): boolean {
    if (this.cables.has(id)) return true;
    if (this.absent.has(id)) return false;
    const found = this.store.has(id);
    if (!found) this.absent.set(id, true);
    return found;
  }

  /** {@inheritDoc CorpusReader.idsForCanonical} */
  idsForCanonical(canonicalId: string): string[] {
    return this.store.idsForCanonical(canonicalId);
  }

  /** {@inheritDoc CorpusReader.cites} */
  cites(id: string): string[] {
    return this.store.cites(id);
  }

  /** {@inheritDoc CorpusReader.citedBy} Remembered per ID (every card shows the count). */
  citedBy(id: string): string[] {
    const cached = this.citing.get(id);
    if (cached !== undefined) return [...cached];
    const found = this.store.citedBy(id);
    this.citing.set(id, Object.freeze([...found]));
    return found;
  }

  /**
   * {@inheritDoc CorpusReader.count} Remembered for {@link COUNT_TTL_MS}: replies show the
   * corpus size, and `count(*)` over the full release reads a whole index (milliseconds).
   */
  count(): number {
    const now = Date.now();
    if (this.counted === null || now - this.counted.at > COUNT_TTL_MS) this.counted = { value: this.store.count(), at: now };
    return this.counted.value;
  }

  /** {@inheritDoc CorpusReader.search} */
  search(query: string, opts?: SearchOptions): SearchHit[] {
    return this.store.search(query, opts);
  }

  /** {@inheritDoc CorpusReader.sourceCandidates} */
  sourceCandidates(query: SourceQuery, limit: number): SourceCandidateId[] {
    return this.store.sourceCandidates(query, limit);
  }

  /** Counters and current size. */
  stats(): CacheStats {
    return {
      hits: this.hits,
      absentHits: this.absentHits,
      misses: this.misses,
      cables: this.cables.size,
      bytes: this.cables.calculatedSize,
      absent: this.absent.size,
    };
  }

  /** Forgets every cached cable and unknown ID (after an import) and resets the counters. */
  clear(): void {
    this.cables.clear();
    this.absent.clear();
    this.counted = null;
    this.citing.clear();
    this.hits = 0;
    this.absentHits = 0;
    this.misses = 0;
  }
}

/**
 * Rough heap size of a parsed cable: two bytes per character (V8 keeps ASCII in one, so this
 * errs high) plus a fixed cost per object. Must be a positive integer for lru-cache.
 */
export function approximateBytes(cable: ParsedCable): number {
  let chars =
    cable.id.length +
    cable.canonicalId.length +
    cable.created.length +
    (cable.released?.length ?? 0) +
    cable.classification.length +
    cable.origin.length +
    (cable.subject?.length ?? 0) +
    (cable.classifiedBy?.length ?? 0) +
    (cable.summary?.length ?? 0) +
    (cable.declassify?.length ?? 0) +
    (cable.tid?.length ?? 0) +
    (cable.header?.length ?? 0) +
    cable.body.length;
  for (const s of cable.tags) chars += s.length;
  for (const s of cable.references) chars += s.length;
  for (const s of cable.reasons) chars += s.length;
  let objects = 4 + cable.tags.length + cable.references.length + cable.reasons.length;
  for (const p of cable.paragraphs) {
    chars += p.text.length + (p.marking?.length ?? 0) + (p.heading?.length ?? 0);
    objects += 2;
  }
  return 2 * chars + 64 * objects + 256;
}

/** Freezes the cable, its arrays and paragraph objects (strings are immutable already). */
function deepFreeze(cable: ParsedCable): ParsedCable {
  for (const p of cable.paragraphs) Object.freeze(p);
  Object.freeze(cable.paragraphs);
  Object.freeze(cable.tags);
  Object.freeze(cable.references);
  Object.freeze(cable.reasons);
  return Object.freeze(cable);
}
