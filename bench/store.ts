/**
 * Store benchmark: bulk import speed (cable text MB/s, FTS included), cold and cached
 * `getCable` latency, and search latency, on synthetic cables.
 *
 * The synthetic text is built to load FTS5 like real cables do: 70% of the words are drawn
 * with a Zipf distribution from the 5,000 most common words (English function words first),
 * 30% from a per-cable "topic" of 20 words out of a tail of 45,000 names and rare words
 * (the seed cable's names among them). So common words occur in nearly every cable and
 * names in a handful, as in the real corpus; a plain Zipf draw over the whole vocabulary
 * would put a name like Larijani in most cables and make every search far too broad.
 * Bodies are split into numbered, marked paragraphs as parsers produce them.
 *
 * Run alone: `node bin/run.js bench/store.ts [--cables 20000] [--body 7000]`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CachedCorpus } from '../src/corpus/cache.ts';
import { openReadonlyStore, openWritableStore, type SearchOptions } from '../src/corpus/store.ts';
import Database from 'better-sqlite3';
import type { Paragraph, ParsedCable } from '../src/corpus/types.ts';
import { prng } from './stats.ts';

/** Options of {@link benchStore}. */
export interface BenchStoreOptions {
  /** Number of synthetic cables. Default 20,000. */
  cables?: number;
  /** Approximate body size of each cable, in bytes. Default 7,000. */
  bodyBytes?: number;
  /** Cables per `upsertMany` transaction, as the importer would chunk; the unchanged re-import uses the first batch. Default 2,000. */
  batchSize?: number;
  /** Timed `getCable` calls (cold and cached each). Default 2,000. */
  gets?: number;
  /** Timed searches. Default 300. */
  searches?: number;
  /** PRNG seed, for repeatable runs. */
  seed?: number;
  /** Directory for the store file; default a fresh temp dir, removed afterwards. */
  dir?: string;
}

const COMMON =
  'the of and to in a that on for was is with by as said he his at not would from be had it have this an were which ' +
  'would government minister president embassy ambassador official officials told meeting security political ' +
  'will also but has they their there been its are who more about after over other new than would could should';
const SEED_WORDS =
  'Ambassador met January with Russian Security Council Secretary Igor Ivanov who provided read-out of his meeting ' +
  'Iranian Supreme National Larijani nothing extraordinary came out discussion positions probed signs evolution ' +
  'Russia position credible reporting despite opposition formal referral UNSC point clear cannot prevent IAEA ' +
  'Tehran restores moratorium answers questions Moscow nuclear-related issues decisions Board Governors enrichment ' +
  'Paris agreements EU-3 production activities research development cutting seals Natanz commitments centrifuges ' +
  'Straw Bushehr reactor fuel program joint venture Rosatom Kiriyenko sanctions Chinese participation specialists';
const SYLLABLES = ['ka', 'ro', 'vi', 'lan', 'mo', 'tse', 'dar', 'ni', 'bek', 'ul', 'sha', 'gor', 'pe', 'zin', 'ta', 'mir', 'ov', 'al'];
const STATIONS = ['MOSCOW', 'BAGHDAD', 'STATE', 'ANKARA', 'TOKYO', 'BEIJING', 'PARIS', 'LONDON', 'KABUL', 'CAIRO', 'BUENOSAIRES', 'MANAMA'];
const ORIGINS: Readonly<Record<string, string>> = {
  MOSCOW: 'Embassy Moscow',
  BAGHDAD: 'Embassy Baghdad',
  STATE: 'Secretary of State',
  ANKARA: 'Embassy Ankara',
  TOKYO: 'Embassy Tokyo',
  BEIJING: 'Embassy Beijing',
  PARIS: 'Embassy Paris',
  LONDON: 'Embassy London',
  KABUL: 'Embassy Kabul',
  CAIRO: 'Embassy Cairo',
  BUENOSAIRES: 'Embassy Buenos Aires',
  MANAMA: 'Embassy Manama',
};

/** Size of the common part of the vocabulary (the rest is the tail of names and rare words). */
const COMMON_WORDS = 5_000;

function vocabulary(random: () => number): string[] {
  const words = COMMON.split(' ');
  const seedWords = SEED_WORDS.split(' ');
  for (let i = 0; words.length < 50_000; i++) {
    // The seed cable's words go into the tail, spread out, among the generated ones.
    if (words.length > COMMON_WORDS && i % 100 === 0 && seedWords.length > 0) {
      words.push(seedWords.pop() ?? '');
      continue;
    }
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let j = 0; j < n; j++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)] ?? '';
    words.push(i % 3 === 0 ? w[0]?.toUpperCase() + w.slice(1) : w);
  }
  return words;
}

/** Zipf(s = 1) sampler by inverse CDF over a precomputed table. */
function zipf(n: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Synthetic cables in batches of `batchSize`, deterministic for a seed. A generator, so a
 * full-corpus run (251,287 cables, ~1.8 GB of text) never holds more than one batch.
 */
export function* syntheticBatches(count: number, bodyBytes: number, batchSize: number, seed = 1): Generator<ParsedCable[]> {
  const random = prng(seed);
  const words = vocabulary(random);
  const pick = zipf(COMMON_WORDS, random);
  const tail = words.length - COMMON_WORDS;
  let cables: ParsedCable[] = [];
  const idOf = (i: number, station: string, year: number): string => `${String(year % 100).padStart(2, '0')}${station}${1000 + i}`;
  const recent: string[] = [];
  for (let i = 0; i < count; i++) {
    const station = STATIONS[i % STATIONS.length] ?? 'STATE';
    const year = 2003 + Math.floor(random() * 8);
    const id = idOf(i, station, year);
    recent.push(id);
    if (recent.length > 4) recent.shift();
    const topic = Array.from({ length: 20 }, () => words[COMMON_WORDS + Math.floor(random() * tail)] ?? 'the');
    const word = (): string => (random() < 0.3 ? topic[Math.floor(random() * topic.length)] : words[pick()]) ?? 'the';
    const paragraphs: Paragraph[] = [];
    const bodyParts: string[] = [];
    let size = 0;
    for (let n = 1; size < bodyBytes; n++) {
      const sentence: string[] = [];
      const length = 60 + Math.floor(random() * 80);
      for (let k = 0; k < length; k++) sentence.push(word());
      const text = `${sentence.join(' ')}.`;
      paragraphs.push({ number: n, marking: n % 5 === 0 ? 'S' : 'C', heading: null, text });
      const line = `${n}. (${n % 5 === 0 ? 'S' : 'C'}) ${text}`;
      bodyParts.push(line);
      size += line.length + 2;
    }
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const subject = Array.from({ length: 6 }, word).join(' ').toUpperCase();
    cables.push({
      id,
      canonicalId: id,
      created: `${year}-${month}-15 10:10`,
      released: '2011-08-30 01:44',
      classification: 'CONFIDENTIAL',
      origin: ORIGINS[station] ?? 'Embassy',
      subject,
      tags: ['PREL', 'PGOV', 'RS'],
      references: i > 3 ? [recent[2] ?? id, recent[0] ?? id, `05${station}${i}`] : [],
      classifiedBy: 'Ambassador William J. Burns',
      reasons: ['1.4(b)', '1.4(d)'],
      summary: paragraphs[0]?.text ?? null,
      paragraphs,
      partial: false,
      declassify: '2016-05-19',
      tid: null,
      header: `DE RUEHMO #${i}/01 0251740`,
      body: bodyParts.join('\n\n'),
      format: 'csv',
    });
    if (cables.length === batchSize) {
      yield cables;
      cables = [];
    }
  }
  if (cables.length > 0) yield cables;
}

/** All synthetic cables at once (tests, small runs). */
export function syntheticCables(count: number, bodyBytes: number, seed = 1): ParsedCable[] {
  return [...syntheticBatches(count, bodyBytes, count, seed)].flat();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function timeEach(n: number, fn: (i: number) => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/**
 * Runs the benchmark and returns its figures: insert MB/s (cable body text, FTS included;
 * by wall time and by this process's CPU time) and cables/s, re-import of unchanged cables/s, cold getCable p50/p99 (ms), cached
 * getCable p50/p99 (µs), search p50/p99 (ms), and the file size.
 */
export async function benchStore(opts: BenchStoreOptions = {}): Promise<Record<string, number>> {
  const count = opts.cables ?? 20_000;
  const bodyBytes = opts.bodyBytes ?? 7_000;
  const batchSize = opts.batchSize ?? 2_000;
  const gets = opts.gets ?? 2_000;
  const searches = opts.searches ?? 300;
  const seed = opts.seed ?? 1;
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cablebot-bench-store-'));
  const path = join(dir, 'bench.db');
  try {
    const writer = openWritableStore(path);
    const loadBefore = loadavg()[0] ?? Number.NaN;
    let textBytes = 0;
    let insertMs = 0;
    let insertCpuMs = 0;
    let firstBatch: ParsedCable[] = [];
    // Only the upserts are timed, not the generation of the cables.
    for (const batch of syntheticBatches(count, bodyBytes, batchSize, seed)) {
      for (const c of batch) textBytes += Buffer.byteLength(c.body);
      if (firstBatch.length === 0) firstBatch = batch;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      writer.upsertMany(batch);
      insertMs += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      // CPU time of this process, for comparing runs on a busy machine where wall time is
      // inflated by other processes; `loadAvg` says how busy it was.
      insertCpuMs += (cpu.user + cpu.system) / 1000;
    }
    const t1 = performance.now();
    writer.optimize();
    const optimizeMs = performance.now() - t1;
    const reimport = firstBatch;
    const t2 = performance.now();
    writer.upsertMany(reimport);
    const reimportMs = performance.now() - t2;
    const t3 = performance.now();
    writer.close();
    const closeMs = performance.now() - t3;
    const dbBytes = statSync(path).size;

    const reads = benchReads(path, { gets, searches, seed });
    const mb = textBytes / 1e6;
    return {
      cables: count,
      textMB: round(mb),
      dbMB: round(dbBytes / 1e6),
      insertMBps: round(mb / (insertMs / 1000)),
      insertCablesPerSec: Math.round(count / (insertMs / 1000)),
      insertCpuMBps: round(mb / (insertCpuMs / 1000)),
      loadAvg: round(loadBefore),
      insertWithOptimizeMBps: round(mb / ((insertMs + optimizeMs + closeMs) / 1000)),
      optimizeMs: Math.round(optimizeMs),
      closeMs: Math.round(closeMs),
      reimportUnchangedCablesPerSec: Math.round(reimport.length / (reimportMs / 1000)),
      ...reads,
    };
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The searches the benchmark times, for a store generated with `seed`: query words by
 * kind — very common (in nearly every cable), mid-frequency, names from the tail (in a
 * handful of cables) — pairs of those, a phrase and a prefix; each run with no filter,
 * an origin, a year, and both. (A phrase of two words that are each in half the cables
 * is the slow case, ~70 ms on the full corpus: FTS5 checks positions in every cable with
 * both words; synthetic text makes such a phrase rarer than real text, so it is not here.)
 */
export function benchQueries(seed = 1): { queries: string[]; filters: SearchOptions[] } {
  const words = vocabulary(prng(seed));
  const at = (rank: number): string => words[rank] ?? 'the';
  const queries = [
    'government', // in most cables: too broad to rank
    `government ${at(COMMON_WORDS + 777)}`, // broad + selective: ranked by the selective term
    'the', // a stop word only: no search at all
    at(300),
    at(1_500),
    at(4_000),
    at(COMMON_WORDS + 1_234),
    at(COMMON_WORDS + 20_000),
    'Larijani',
    `${at(400)} ${at(2_500)}`,
    `"${at(700)} ${at(900)}"`,
    'enrich*',
  ];
  const filters: SearchOptions[] = [{}, { origin: 'moscow' }, { year: 2006 }, { origin: 'buenos aires', year: 2008 }];
  return { queries, filters };
}

/** Options of {@link benchReads}. */
export interface BenchReadsOptions {
  /** Timed `getCable` calls (cold and cached each). Default 2,000. */
  gets?: number;
  /** Timed searches. Default 300. */
  searches?: number;
  /** The seed the store's synthetic cables were generated with (for the query words). */
  seed?: number;
}

/**
 * Read figures of an existing store built from synthetic cables: cold getCable p50/p99
 * (ms), cached getCable p50/p99 (µs), search p50/p99/max (ms). Usable on a store kept
 * from an earlier run, so a full-corpus store is built once.
 *
 * "Cold" means what a bot sees on a cable nobody asked for yet: a fresh connection
 * (empty statement and page caches) and no LRU in front. The JIT is warmed first on a
 * throwaway connection, so the figures measure the store, not V8 compiling it.
 */
export function benchReads(path: string, opts: BenchReadsOptions = {}): Record<string, number> {
  const gets = opts.gets ?? 2_000;
  const searches = opts.searches ?? 300;
  const seed = opts.seed ?? 1;
  // The bench reads the ID list directly; the store API has no "all IDs" on purpose.
  const raw = new Database(path, { readonly: true, fileMustExist: true });
  const ids = raw
    .prepare('SELECT id FROM cables')
    .pluck()
    .all()
    .filter((v): v is string => typeof v === 'string');
  raw.close();
  const random = prng(seed + 1);
  const randomId = (): string => ids[Math.floor(random() * ids.length)] ?? '';

  const warmUp = openReadonlyStore(path);
  for (let i = 0; i < 300; i++) warmUp.getCable(randomId());
  warmUp.close();

  const reader = openReadonlyStore(path);
  const cold = timeEach(gets, () => {
    if (reader.getCable(randomId()) === null) throw new Error('bench: cable missing');
  });
  const corpus = new CachedCorpus(reader);
  const hot = Array.from({ length: 200 }, randomId);
  for (const id of hot) corpus.getCable(id);
  const warm = timeEach(gets, (i) => corpus.getCable(hot[i % hot.length] ?? ''));

  const { queries, filters } = benchQueries(seed);
  const search = timeEach(searches, (i) => {
    reader.search(queries[i % queries.length] ?? '', filters[Math.floor(i / queries.length) % filters.length]);
  });
  reader.close();
  return {
    getColdP50Ms: round(percentile(cold, 50), 3),
    getColdP99Ms: round(percentile(cold, 99), 3),
    getCachedP50Us: round(percentile(warm, 50) * 1000, 1),
    getCachedP99Us: round(percentile(warm, 99) * 1000, 1),
    searchP50Ms: round(percentile(search, 50)),
    searchP99Ms: round(percentile(search, 99)),
    searchMaxMs: round(search[search.length - 1] ?? Number.NaN),
  };
}

/**
 * CLI entry: `node bin/run.js bench/store.ts [--cables N] [--body BYTES]` builds and
 * measures a store; `--reads PATH` measures only the reads of an existing bench store.
 * Prints the figures as JSON.
 */
export async function main(args: string[]): Promise<number> {
  const value = (flag: string): number | undefined => {
    const i = args.indexOf(flag);
    const raw = i >= 0 ? args[i + 1] : undefined;
    return raw === undefined ? undefined : Number(raw);
  };
  const readsAt = args.indexOf('--reads');
  const existing = readsAt >= 0 ? args[readsAt + 1] : undefined;
  const figures =
    existing === undefined ? await benchStore({ cables: value('--cables'), bodyBytes: value('--body') }) : benchReads(existing);
  console.log(JSON.stringify(figures, null, 2));
  return 0;
}
