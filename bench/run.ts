/**
 * `npm run bench`: the end-to-end benchmark of cablebot on a full-size synthetic release.
 *
 *   npm run bench -- [--scale 1] [--seed 1] [--out bench/out] [--keep] [--regen] [--workers N] [--skip-ids]
 *   npm run bench -- --only core     (steps 8–10 alone, on the bundled store: about a minute)
 *   npm run bench -- --only source [--db PATH]   (step 11 alone: the bundled corpus less the held-out cables, or a store)
 *
 * In one run:
 * 1. generates (or reuses, keyed by scale + seed + generator version) a synthetic `cables.csv`
 *    with the 251,287 real IDs and bodies made of real paragraphs (bench/synthetic-release.ts),
 *    ~1.7 GB at scale 1, streamed to `<out>/release-s<scale>-seed<seed>.csv`;
 * 2. times the parse stage alone on the first 20,000 records (child process, no store);
 * 3. imports the file with the real importer into a fresh store in a child process
 *    (bench/import-child.ts), for its MB/s, cables/s, peak RSS and the store's size;
 * 4. times lookups by ID and by ID + paragraph: cold (a fresh process's first 200 lookups,
 *    once with the store file as the OS left it after the import and once with it dropped
 *    from the page cache) and warm (through CachedCorpus), in child processes
 *    (bench/lookup-child.ts);
 * 5. times ~50 fixed full-text searches;
 * 6. times `grep -F -m1 -- ID cables.csv` for 5 IDs spread over the file, the lookup a user
 *    has without the bot, page cache warm and dropped, as a ratio to our cold lookup;
 * 7. runs the ID-index benchmark (bench/ids.ts);
 * 8. times the message scanner: MB/s on realistic chat text and each 40,000-character
 *    adversarial message (bench/scan.ts);
 * 9. times the command core end to end, text → grammar → resolution → store → Reply →
 *    console text, for a card, a paragraph quote and a chat message, on the full-scale store
 *    (bench/core.ts);
 * 10. times the Discord autocomplete handler on every prefix of random real IDs
 *    (bench/discord-autocomplete.ts);
 * 11. evaluates quote → source (bench/source.ts) on the full-scale store, and replays its queries
 *    in a process set up as the bot for latency and memory (bench/source-replay.ts);
 * and prints a table against the targets and writes every figure to `<out>/bench.json`.
 *
 * The CSV is kept for the next run (delete it or pass `--regen`); the store is deleted
 * unless `--keep`. Dropping a file from the page cache uses `dd iflag=nocache count=0`
 * (GNU coreutils; no root needed); `fincore` (util-linux) reports what was cached.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defaultIdIndex } from '../src/corpus/ids/index.ts';
import { benchCore, renderCore, type CoreFigures } from './core.ts';
import { benchDiscordAutocomplete, type AutocompleteFigures } from './discord-autocomplete.ts';
import { benchIds } from './ids.ts';
import { benchScan, scanReport } from './scan.ts';
import { sourceRows } from './source.ts';
import { runSourceEval, type ReplayFigures, type SourceRunFigures } from './source-run.ts';
import type { BenchQuery, LookupPlan } from './lookup-child.ts';
import { prng, round, summarize } from './stats.ts';
import { FULL_RELEASE_BYTES, GENERATOR_VERSION, planRelease, writeSyntheticRelease, type PlannedCable } from './synthetic-release.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUN_JS = join(ROOT, 'bin', 'run.js');

/** Targets (DESIGN / project brief). */
const TARGETS = {
  importMBps: 20,
  importPeakRssMB: 300,
  warmP99Us: 50,
  coldP99Ms: 1,
  searchP99Ms: 50,
};

/**
 * The fixed searches: single words from common to rare, two-word searches, phrases, prefixes,
 * names that occur in a handful of source cables, and a few with the bot's filters. Every
 * word is from real cable text (the synthetic bodies are real paragraphs).
 */
export const QUERIES: readonly BenchQuery[] = [
  // single words, common → rare
  { q: 'government' },
  { q: 'minister' },
  { q: 'embassy' },
  { q: 'nuclear' },
  { q: 'corruption' },
  { q: 'election' },
  { q: 'oil' },
  { q: 'sanctions' },
  { q: 'refugees' },
  { q: 'cocaine' },
  { q: 'piracy' },
  { q: 'earthquake' },
  { q: 'uranium' },
  { q: 'Guantanamo' },
  { q: 'Hezbollah' },
  { q: 'Taliban' },
  { q: 'Gazprom' },
  { q: 'Vatican' },
  // names
  { q: 'Chavez' },
  { q: 'Karzai' },
  { q: 'Musharraf' },
  { q: 'Qadhafi' },
  { q: 'Berlusconi' },
  { q: 'Medvedev' },
  { q: 'Ahmadinejad' },
  { q: 'Mugabe' },
  { q: 'Larijani' },
  { q: 'Kiriyenko' },
  { q: 'Montemayor' },
  { q: 'Tymoshenko' },
  { q: 'Lukashenko' },
  // two words
  { q: 'human rights' },
  { q: 'nuclear program' },
  { q: 'prime minister' },
  { q: 'drug trafficking' },
  { q: 'climate change' },
  { q: 'free trade' },
  { q: 'Hamas Gaza' },
  { q: 'opposition leader' },
  { q: 'Karzai corruption' },
  { q: 'Chavez Cuba' },
  // phrases
  { q: '"human rights"' },
  { q: '"prime minister"' },
  { q: '"security council"' },
  { q: '"nuclear weapons"' },
  { q: '"foreign minister"' },
  // prefixes
  { q: 'enrich*' },
  { q: 'terror*' },
  // with the bot's filters
  { q: 'nuclear', origin: 'moscow' },
  { q: 'election', year: 2009 },
  { q: 'human rights', origin: 'beijing', year: 2008 },
  { q: 'oil', origin: 'caracas' },
];

// --- child processes ------------------------------------------------------------------------

/** Runs `node bin/run.js <script> ...args` and parses the JSON its last stdout line carries. */
async function runChild<T>(script: string, args: readonly string[], schema: z.ZodType<T>, nodeFlags: readonly string[] = []): Promise<T> {
  const child = spawn(process.execPath, [...nodeFlags, RUN_JS, script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', (c) => done(c));
  });
  const out = Buffer.concat(chunks).toString('utf8').trim();
  if (code !== 0) throw new Error(`bench: ${script} ${args.join(' ')} exited with ${code}: ${out.slice(-500)}`);
  const last = out.split('\n').pop() ?? '';
  return schema.parse(JSON.parse(last));
}

const importSchema = z.object({
  records: z.number(),
  imported: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  rejectedByCode: z.record(z.string(), z.number()),
  rejectedSample: z.array(z.unknown()),
  bytes: z.number(),
  index: z.enum(['inline', 'side', 'rebuilt']),
  indexMs: z.number(),
  indexFailure: z.string().optional(),
  importMs: z.number(),
  recordBuildMs: z.number(),
  optimizeMs: z.number(),
  closeMs: z.number(),
  upsertMs: z.number(),
  upsertCalls: z.number(),
  mainThreadBusy: z.number(),
  cpuImportMs: z.number(),
  cpuTotalMs: z.number(),
  maxRssImportMB: z.number(),
  maxRssMB: z.number(),
  sampledPeakRssMB: z.number(),
  sampledPeakHeapUsedMB: z.number(),
  sampledPeakHeapTotalMB: z.number(),
  sampledPeakExternalMB: z.number(),
  dbBytes: z.number(),
});

const parseSchema = z.object({
  records: z.number(),
  bytes: z.number(),
  failed: z.number(),
  paragraphs: z.number(),
  readMs: z.number(),
  parseMs: z.number(),
  encodeMs: z.number(),
  cloneRowsMs: z.number(),
  cloneResultsMs: z.number(),
  maxRssMB: z.number(),
});

const outcomesSchema = z.record(z.string(), z.number());
const coldSchema = z.object({ openMs: z.number(), samplesUs: z.array(z.number()), outcomes: outcomesSchema });
const timedSchema = z.object({ samplesUs: z.array(z.number()), outcomes: outcomesSchema });
const warmSchema = z.object({
  byId: timedSchema,
  byParagraph: timedSchema,
  cache: z.object({ hits: z.number(), misses: z.number(), cables: z.number(), bytes: z.number() }),
  search: z.array(z.object({ q: z.string(), origin: z.string().optional(), year: z.number().optional(), hits: z.number(), ms: z.array(z.number()) })),
});

// --- page cache -----------------------------------------------------------------------------

/** Bytes of `file` in the page cache (fincore), or NaN when fincore is unavailable. */
function cachedBytes(file: string): number {
  const r = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(n) ? n : Number.NaN;
}

/** Reads `file` once end to end (into the page cache); returns milliseconds. */
function readThrough(file: string): number {
  const t = performance.now();
  const r = spawnSync('dd', [`if=${file}`, 'of=/dev/null', 'bs=4M', 'status=none'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: could not read ${file}: ${r.stderr}`);
  return performance.now() - t;
}

/** Drops `file` from the page cache (flushing it first: dirty pages cannot be dropped). */
function dropFromCache(file: string): void {
  spawnSync('sync', [file]);
  const r = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: could not drop ${file} from the page cache: ${r.stderr}`);
}

// --- helpers --------------------------------------------------------------------------------

interface Args {
  scale: number;
  seed: number;
  out: string;
  keep: boolean;
  regen: boolean;
  workers: number | undefined;
  skipIds: boolean;
  /** `--only core`: just the scanner and command-core figures, on the bundled store. */
  onlyCore: boolean;
  /** `--only source [--db PATH]`: the quote → source evaluation alone. */
  onlySource: boolean;
  db: string | undefined;
}

function parseArgs(args: readonly string[]): Args {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i >= 0) return args[i + 1];
    return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const scale = Number(value('--scale') ?? 1);
  const seed = Number(value('--seed') ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`--scale must be in (0, 1], got ${value('--scale')}`);
  if (!Number.isInteger(seed)) throw new RangeError(`--seed must be an integer, got ${value('--seed')}`);
  const workers = value('--workers');
  return {
    scale,
    seed,
    out: resolve(value('--out') ?? join(ROOT, 'bench', 'out')),
    keep: args.includes('--keep'),
    regen: args.includes('--regen'),
    workers: workers === undefined ? undefined : Number(workers),
    skipIds: args.includes('--skip-ids'),
    onlyCore: value('--only') === 'core',
    onlySource: value('--only') === 'source',
    db: value('--db'),
  };
}

/** Calls `global.gc` when node runs with `--expose-gc`. */
function gc(): void {
  const collect: unknown = Reflect.get(globalThis, 'gc');
  if (typeof collect === 'function') collect();
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const keySchema = z.object({ generatorVersion: z.number(), scale: z.number(), seed: z.number(), records: z.number(), bytes: z.number(), paragraphs: z.number(), generateMs: z.number(), poolMs: z.number() });

/** `n` distinct random planned cables (seeded). */
function sample(plan: readonly PlannedCable[], n: number, random: () => number, taken: Set<string>): PlannedCable[] {
  const out: PlannedCable[] = [];
  for (let guard = 0; out.length < Math.min(n, plan.length - taken.size) && guard < n * 100; guard++) {
    const c = plan[Math.floor(random() * plan.length)];
    if (c === undefined || taken.has(c.id)) continue;
    taken.add(c.id);
    out.push(c);
  }
  return out;
}

const ms = (us: number): number => us / 1000;

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT MET';
}

// --- the run --------------------------------------------------------------------------------

/** Runs the whole benchmark; returns 0 (figures that miss a target are reported, not failed). */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  mkdirSync(args.out, { recursive: true });
  const startedAt = new Date().toISOString();
  const tRun = performance.now();
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavgAtStart: loadavg().map((x) => round(x, 2)),
    locale: process.env.LC_ALL ?? process.env.LANG ?? '',
  };
  if (args.onlyCore) return coreOnly(args, machine);
  if (args.onlySource) return sourceOnly(args);
  log(`cablebot bench: scale ${args.scale}, seed ${args.seed}, ${machine.cpus} CPUs, node ${machine.node}, out ${args.out}`);

  // 1. The synthetic release.
  const tag = `s${args.scale}-seed${args.seed}`;
  const csv = join(args.out, `release-${tag}.csv`);
  const keyFile = `${csv}.key.json`;
  const tPlan = performance.now();
  const plan = planRelease(defaultIdIndex(), args.scale, args.seed);
  const planMs = performance.now() - tPlan;
  let key: z.infer<typeof keySchema> | null = null;
  if (!args.regen && existsSync(keyFile) && existsSync(csv)) {
    const k = keySchema.safeParse(JSON.parse(readFileSync(keyFile, 'utf8')));
    if (k.success && k.data.generatorVersion === GENERATOR_VERSION && k.data.scale === args.scale && k.data.seed === args.seed && k.data.records === plan.length && statSync(csv).size === k.data.bytes) {
      key = k.data;
    }
  }
  let reused = key !== null;
  if (key === null) {
    rmSync(keyFile, { force: true });
    log(`generating ${plan.length.toLocaleString('en-US')} cables (~${((FULL_RELEASE_BYTES * args.scale) / 1e6).toFixed(0)} MB) → ${csv}`);
    const t = performance.now();
    let lastPct = 0;
    const written = writeSyntheticRelease(csv, plan, {
      seed: args.seed,
      targetBytes: FULL_RELEASE_BYTES * args.scale,
      onProgress: (done, total, bytes) => {
        const pct = Math.floor((done / total) * 10) * 10;
        if (pct > lastPct) {
          lastPct = pct;
          log(`  generated ${pct}%: ${done.toLocaleString('en-US')} cables, ${(bytes / 1e6).toFixed(0)} MB, ${((performance.now() - t) / 1000).toFixed(1)} s`);
        }
      },
    });
    key = { generatorVersion: GENERATOR_VERSION, scale: args.scale, seed: args.seed, records: written.records, bytes: statSync(csv).size, paragraphs: written.paragraphs, generateMs: performance.now() - t, poolMs: written.poolMs };
    writeFileSync(keyFile, `${JSON.stringify(key, null, 2)}\n`);
    reused = false;
    gc();
  }
  const generation = { file: csv, reused, records: key.records, bytes: key.bytes, MB: round(key.bytes / 1e6), paragraphs: key.paragraphs, generateS: round(key.generateMs / 1000, 1), textPoolS: round(key.poolMs / 1000, 1), planMs: round(planMs) };
  log(
    reused
      ? `reusing ${csv}: ${key.records.toLocaleString('en-US')} cables, ${generation.MB} MB (generated earlier in ${generation.generateS} s)`
      : `generated ${key.records.toLocaleString('en-US')} cables, ${generation.MB} MB in ${generation.generateS} s (${generation.textPoolS} s loading the text pool from data/corpus)`,
  );

  // 2. The parse stage alone, on the first records.
  const parseRecords = Math.min(20_000, plan.length);
  log(`parse stage alone: first ${parseRecords.toLocaleString('en-US')} records (child process, no store)`);
  const parse = await runChild('bench/import-child.ts', ['parse', '--file', csv, '--records', String(parseRecords)], parseSchema);

  // 3. The import.
  const db = join(args.out, `bench-${tag}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) rmSync(f, { force: true });
  log(`importing into ${db} (child process)`);
  const imp = await runChild('bench/import-child.ts', ['import', '--file', csv, '--db', db, ...(args.workers === undefined ? [] : ['--workers', String(args.workers)])], importSchema);
  let dbBytes = 0;
  for (const f of [db, `${db}-wal`, `${db}-shm`]) dbBytes += existsSync(f) ? statSync(f).size : 0;
  const importS = imp.importMs / 1000;
  const endToEndS = (imp.importMs + imp.recordBuildMs + imp.optimizeMs + imp.closeMs) / 1000;
  const importFigures = {
    ...imp,
    importS: round(importS, 1),
    endToEndS: round(endToEndS, 1),
    MBps: round(imp.bytes / 1e6 / importS),
    endToEndMBps: round(imp.bytes / 1e6 / endToEndS),
    cablesPerS: Math.round(imp.imported / importS),
    // Per CPU-second of the import process (all threads): steadier than wall time when other
    // processes compete for the cores (see loadavg in machine).
    MBperCpuS: round(imp.bytes / 1e6 / (imp.cpuImportMs / 1000)),
    dbMB: round(dbBytes / 1e6),
    dbBytesPerInputByte: round(dbBytes / imp.bytes, 2),
  };
  log(`imported ${imp.imported.toLocaleString('en-US')} cables in ${importFigures.endToEndS} s (${importFigures.endToEndMBps} MB/s end to end), peak RSS ${round(imp.maxRssMB)} MB, store ${importFigures.dbMB} MB`);

  // 4. Lookups. Fresh processes; IDs drawn at random from the release, different per run kind.
  const random = prng(args.seed + 17);
  const taken = new Set<string>();
  const coldPlan = (cables: readonly PlannedCable[], withParagraph: boolean): LookupPlan => ({
    db,
    mode: 'cold',
    ids: cables.map((c) => c.id),
    paragraphs: cables.map(() => 1 + Math.floor(random() * 3)),
    withParagraph,
  });
  const planFile = join(args.out, `lookup-plan-${tag}.json`);
  const lookupChild = async (p: LookupPlan): Promise<unknown> => {
    writeFileSync(planFile, JSON.stringify(p));
    return runChild('bench/lookup-child.ts', [planFile], z.unknown());
  };
  const cold = async (label: string, withParagraph: boolean, dropCache: boolean): Promise<z.infer<typeof coldSchema> & { label: string; dbCachedMBBefore: number }> => {
    if (dropCache) dropFromCache(db);
    const dbCachedMBBefore = round(cachedBytes(db) / 1e6);
    log(`cold lookups (${label}): 200 × ${withParagraph ? 'ID + paragraph' : 'ID'}, store ${dbCachedMBBefore} of ${importFigures.dbMB} MB in page cache`);
    const r = coldSchema.parse(await lookupChild(coldPlan(sample(plan, 200, random, taken), withParagraph)));
    return { ...r, label, dbCachedMBBefore };
  };
  // Disk-cold first (each drops the store from the page cache), then the store is read once
  // end to end so the process-cold and warm runs find it in the page cache, as a running bot's
  // host would have it (this VM's kernel also reclaims idle pages on its own, see fincore).
  const diskColdId = await cold('disk-cold', false, true);
  const diskColdPara = await cold('disk-cold', true, true);
  const dbPrewarmS = round(readThrough(db) / 1000, 1);
  log(`read the store through the page cache in ${dbPrewarmS} s`);
  const coldId = await cold('process-cold', false, false);
  const coldPara = await cold('process-cold', true, false);
  log('warm lookups (CachedCorpus) and searches');
  const warm = warmSchema.parse(
    await lookupChild({ db, mode: 'warm', ids: sample(plan, 200, random, taken).map((c) => c.id), withParagraph: true, warmLookups: 20_000, queries: [...QUERIES], passes: 3, seed: args.seed }),
  );
  rmSync(planFile, { force: true });

  const coldFigures = (r: z.infer<typeof coldSchema> & { label: string; dbCachedMBBefore: number }) => {
    const s = summarize(r.samplesUs);
    return {
      label: r.label,
      n: s.n,
      openMs: round(r.openMs, 2),
      firstMs: round(ms(r.samplesUs[0] ?? Number.NaN), 3),
      p50Ms: round(ms(s.p50), 3),
      p99Ms: round(ms(s.p99), 3),
      maxMs: round(ms(s.max), 3),
      outcomes: r.outcomes,
      dbCachedMBBefore: r.dbCachedMBBefore,
      // The five slowest lookups and their position (0 = the process's first lookup).
      slowest: r.samplesUs
        .map((us, i) => ({ i, ms: round(ms(us), 3) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5),
    };
  };
  const warmFigures = (t: z.infer<typeof timedSchema>) => {
    const s = summarize(t.samplesUs);
    return { n: s.n, p50Us: round(s.p50, 2), p99Us: round(s.p99, 2), maxUs: round(s.max, 1), outcomes: t.outcomes };
  };
  const lookups = {
    coldId: coldFigures(coldId),
    coldParagraph: coldFigures(coldPara),
    diskColdId: coldFigures(diskColdId),
    diskColdParagraph: coldFigures(diskColdPara),
    warmId: warmFigures(warm.byId),
    warmParagraph: warmFigures(warm.byParagraph),
    cache: warm.cache,
    dbPrewarmS,
  };

  // 5. Searches.
  const allSearch = warm.search.flatMap((s) => s.ms);
  const firstPass = warm.search.map((s) => s.ms[0] ?? Number.NaN);
  const sAll = summarize(allSearch);
  const sFirst = summarize(firstPass);
  const sSteady = summarize(warm.search.flatMap((s) => s.ms.slice(1)));
  const slowest = [...warm.search].sort((a, b) => Math.max(...b.ms) - Math.max(...a.ms)).slice(0, 5);
  const search = {
    queries: warm.search.length,
    passes: 3,
    p50Ms: round(sAll.p50, 2),
    p99Ms: round(sAll.p99, 2),
    maxMs: round(sAll.max, 2),
    firstPassP50Ms: round(sFirst.p50, 2),
    firstPassP99Ms: round(sFirst.p99, 2),
    steadyP50Ms: round(sSteady.p50, 2),
    steadyP99Ms: round(sSteady.p99, 2),
    noHits: warm.search.filter((s) => s.hits === 0).map((s) => s.q),
    slowest: slowest.map((s) => ({ q: s.q, origin: s.origin, year: s.year, hits: s.hits, ms: s.ms.map((x) => round(x, 2)) })),
    perQuery: warm.search.map((s) => ({ q: s.q, origin: s.origin, year: s.year, hits: s.hits, ms: s.ms.map((x) => round(x, 2)) })),
  };

  // 6. grep, the lookup a user has without the bot.
  readThrough(csv);
  const csvCachedMB = round(cachedBytes(csv) / 1e6);
  log(`grep -F -m1 over ${generation.MB} MB (${csvCachedMB} MB in page cache), 5 IDs spread over the file`);
  const grepIds = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => plan[Math.floor(plan.length * f)]).filter((c): c is PlannedCable => c !== undefined);
  const grepOnce = (id: string): number => {
    const t = performance.now();
    const r = spawnSync('grep', ['-F', '-m1', '--', id, csv], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const elapsed = performance.now() - t;
    if (r.status !== 0 || !r.stdout.includes(id)) throw new Error(`bench: grep did not find ${id} (status ${r.status})`);
    return elapsed;
  };
  grepOnce(grepIds[0]?.id ?? '');
  const grepWarm = grepIds.map((c) => ({ id: c.id, serial: c.serial, ms: round(grepOnce(c.id), 1) }));
  const grepCold = grepIds.map((c) => {
    dropFromCache(csv);
    return { id: c.id, serial: c.serial, ms: round(grepOnce(c.id), 1) };
  });
  const gw = summarize(grepWarm.map((g) => g.ms));
  const gc2 = summarize(grepCold.map((g) => g.ms));
  const grep = {
    csvCachedMBBefore: csvCachedMB,
    warmCache: grepWarm,
    droppedCache: grepCold,
    warmMedianMs: gw.p50,
    droppedMedianMs: gc2.p50,
    ratioWarmGrepToColdLookup: Math.round(gw.p50 / lookups.coldId.p50Ms),
    ratioDroppedGrepToDiskColdLookup: Math.round(gc2.p50 / lookups.diskColdId.p50Ms),
  };

  // 7. The ID index.
  let ids: Record<string, number> | null = null;
  if (!args.skipIds) {
    log('ID index (bench/ids.ts)');
    ids = await benchIds();
  }

  // 8–9. The message scanner and the command core, on the full-scale store.
  log('message scanner (bench/scan.ts)');
  const scan = benchScan();
  log('command core end to end on the full-scale store (bench/core.ts)');
  const core = await benchCore({ CABLEBOT_DB: db });
  log('Discord autocomplete handler on the full-scale store (bench/discord-autocomplete.ts)');
  const autocomplete = await benchDiscordAutocomplete({ CABLEBOT_DB: db });
  // 11. Quote → source on the full-scale store, and what it adds to a process set up as the bot.
  log('quote → source evaluation on the full-scale store (bench/source.ts)');
  const source = await runSourceEval({ db, seed: args.seed, n: SOURCE_SAMPLES, log, replay: replaySource });

  // Where the import's time goes.
  const n = imp.records;
  const perRecordUs = (msTotal: number, count: number): number => (msTotal * 1000) / Math.max(1, count);
  const readUs = perRecordUs(parse.readMs, parse.records);
  const parseUs = perRecordUs(parse.parseMs, parse.records);
  const encodeUs = perRecordUs(parse.encodeMs, parse.records);
  const cloneUs = perRecordUs(parse.cloneRowsMs + parse.cloneResultsMs, parse.records);
  const importUs = perRecordUs(imp.importMs, n);
  const breakdown = {
    sampleRecords: parse.records,
    sampleMB: round(parse.bytes / 1e6),
    sampleParseFailures: parse.failed,
    readUsPerRecord: round(readUs, 1),
    parseUsPerRecord: round(parseUs, 1),
    encodeUsPerRecord: round(encodeUs, 1),
    cloneUsPerRecord: round(cloneUs, 1),
    importUsPerRecord: round(importUs, 1),
    upsertUsPerRecord: round(perRecordUs(imp.upsertMs, n), 1),
    // Extrapolated to the whole file, single-threaded, in seconds.
    readS: round((readUs * n) / 1e6, 1),
    parseS: round((parseUs * n) / 1e6, 1),
    encodeS: round((encodeUs * n) / 1e6, 1),
    cloneS: round((cloneUs * n) / 1e6, 1),
    // Measured in the import itself.
    importS: round(importS, 1),
    upsertS: round(imp.upsertMs / 1000, 1),
    optimizeS: round(imp.optimizeMs / 1000, 1),
    closeS: round(imp.closeMs / 1000, 1),
    mainThreadBusyPct: round(imp.mainThreadBusy * 100),
    processCpuS: round(imp.cpuImportMs / 1000, 1),
    coresUsed: round(imp.cpuImportMs / imp.importMs, 2),
    parseOnlyMBps: round(parse.bytes / 1e6 / ((parse.readMs + parse.parseMs) / 1000)),
  };

  const figures = {
    startedAt,
    machine: { ...machine, loadavgAtEnd: loadavg().map((x) => round(x, 2)) },
    scale: args.scale,
    seed: args.seed,
    generation,
    import: importFigures,
    breakdown,
    lookups,
    search,
    grep,
    ids,
    scan,
    core,
    autocomplete,
    source,
    runS: round((performance.now() - tRun) / 1000, 1),
    targets: targetRows(importFigures, imp.maxRssMB, lookups, search),
  };
  const jsonFile = join(args.out, 'bench.json');
  writeFileSync(jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
  if (!args.keep) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

  console.log(renderReport(figures));
  console.log(`\nall figures: ${jsonFile}${args.keep ? `\nstore kept: ${db}` : ''}`);
  return 0;
}

/** One row per target: the figure, the target and whether it is met. */
function targetRows(
  importFigures: { endToEndMBps: number },
  maxRssMB: number,
  lookups: { warmId: { p99Us: number }; warmParagraph: { p99Us: number }; coldId: { p99Ms: number }; coldParagraph: { p99Ms: number } },
  search: { p99Ms: number },
): { figure: string; value: number; unit: string; target: string; met: boolean }[] {
  return [
    { figure: 'import, end to end (FTS + optimize)', value: importFigures.endToEndMBps, unit: 'MB/s', target: `≥ ${TARGETS.importMBps}`, met: importFigures.endToEndMBps >= TARGETS.importMBps },
    { figure: 'import peak RSS', value: round(maxRssMB), unit: 'MB', target: `≤ ${TARGETS.importPeakRssMB}`, met: maxRssMB <= TARGETS.importPeakRssMB },
    { figure: 'warm lookup by ID, p99', value: lookups.warmId.p99Us, unit: 'µs', target: `≤ ${TARGETS.warmP99Us}`, met: lookups.warmId.p99Us <= TARGETS.warmP99Us },
    { figure: 'warm lookup ID + ¶, p99', value: lookups.warmParagraph.p99Us, unit: 'µs', target: `≤ ${TARGETS.warmP99Us}`, met: lookups.warmParagraph.p99Us <= TARGETS.warmP99Us },
    { figure: 'cold lookup by ID, p99', value: lookups.coldId.p99Ms, unit: 'ms', target: `≤ ${TARGETS.coldP99Ms}`, met: lookups.coldId.p99Ms <= TARGETS.coldP99Ms },
    { figure: 'cold lookup ID + ¶, p99', value: lookups.coldParagraph.p99Ms, unit: 'ms', target: `≤ ${TARGETS.coldP99Ms}`, met: lookups.coldParagraph.p99Ms <= TARGETS.coldP99Ms },
    { figure: 'search, p99 (52 queries × 3)', value: search.p99Ms, unit: 'ms', target: `≤ ${TARGETS.searchP99Ms}`, met: search.p99Ms <= TARGETS.searchP99Ms },
  ];
}

// --- the report -----------------------------------------------------------------------------

type ScanFigures = ReturnType<typeof benchScan>;

function renderScan(s: ScanFigures): string[] {
  return scanReport(s);
}

function renderAutocomplete(a: AutocompleteFigures): string {
  return `Discord /cable autocomplete handler, ${a.calls} keystrokes: p50 ${a.p50Ms} ms, p99 ${a.p99Ms} ms (target ≤ 20 ms${a.p99Ms <= 20 ? ', met' : ', NOT met'}), max ${a.maxMs} ms; ${a.empty} answered nothing`;
}

/** Quotes per set of the quote → source evaluation. */
const SOURCE_SAMPLES = 300;
/** `npm start`'s node flags, for the process that measures what quote → source adds to the bot's memory. */
const BOT_NODE_FLAGS = ['--max-semi-space-size=2', '--optimize-for-size'];
const replaySchema = z.object({
  queries: z.number(),
  found: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  rssBeforeMB: z.number(),
  rssAfterMB: z.number(),
});

/** Replays the evaluation's queries in a process with `npm start`'s node flags (bench/source-replay.ts). */
function replaySource(store: string, queriesFile: string): Promise<ReplayFigures> {
  return runChild(join(ROOT, 'bench', 'source-replay.ts'), [store, queriesFile], replaySchema, BOT_NODE_FLAGS);
}

/** The replay's row and the RSS line under the evaluation's table. */
function replayRows(f: SourceRunFigures): string[][] {
  const r = f.replay;
  if (r === null) return [];
  return [
    [`latency per query as the bot runs it (npm start's flags), p50 · p90 · p99 (max), n ${r.queries}`, `${r.p50Ms} · ${r.p90Ms} · ${r.p99Ms} ms (${r.maxMs})`, 'p99 ≤ 50 ms'],
    ['RSS of that process before → after the queries', `${r.rssBeforeMB} → ${r.rssAfterMB} MB`, 'bot ≤ 150 MB'],
  ];
}

/** `--only source [--db PATH]`: the quote → source evaluation on the bundled corpus less the held-out cables, or on a store. */
async function sourceOnly(args: Args): Promise<number> {
  log(`cablebot bench --only source: ${args.db ?? 'the bundled corpus less the held-out cables'}`);
  const source = await runSourceEval({ db: args.db, seed: args.seed, n: SOURCE_SAMPLES, log, replay: replaySource });
  mkdirSync(args.out, { recursive: true });
  const jsonFile = join(args.out, 'bench-source.json');
  writeFileSync(jsonFile, `${JSON.stringify({ source }, null, 2)}\n`);
  const rows = sourceRows(source, args.db === undefined ? 'bundled corpus less the held-out cables' : args.db);
  console.log([table([...rows, ...replayRows(source)]), `all figures: ${jsonFile}`].join('\n'));
  return 0;
}

/** `--only core`: the scanner and the command core on the bundled store, without the release. */
async function coreOnly(args: Args, machine: { cpus: number; node: string }): Promise<number> {
  log(`cablebot bench --only core: ${machine.cpus} CPUs, node ${machine.node}, bundled store`);
  const scan = benchScan();
  const core = await benchCore({});
  const autocomplete = await benchDiscordAutocomplete({});
  const jsonFile = join(args.out, 'bench-core.json');
  writeFileSync(jsonFile, `${JSON.stringify({ machine, scan, core, autocomplete }, null, 2)}\n`);
  console.log([...renderScan(scan), '', ...renderCore(core), '', renderAutocomplete(autocomplete), '', `all figures: ${jsonFile}`].join('\n'));
  return 0;
}

type Figures = {
  machine: { cpus: number; cpuModel: string; node: string; memoryGB: number; loadavgAtStart: number[]; loadavgAtEnd: number[] };
  scale: number;
  generation: { records: number; MB: number; generateS: number; textPoolS: number; reused: boolean };
  import: { index: string; indexMs: number; indexFailure?: string | undefined; MBperCpuS: number; sampledPeakRssMB: number; sampledPeakHeapUsedMB: number; sampledPeakHeapTotalMB: number; sampledPeakExternalMB: number; imported: number; rejected: number; rejectedByCode: Record<string, number>; importS: number; endToEndS: number; MBps: number; endToEndMBps: number; cablesPerS: number; maxRssMB: number; dbMB: number; dbBytesPerInputByte: number; optimizeMs: number };
  breakdown: Record<string, number>;
  lookups: Record<'coldId' | 'coldParagraph' | 'diskColdId' | 'diskColdParagraph', { openMs: number; firstMs: number; p50Ms: number; p99Ms: number; maxMs: number; outcomes: Record<string, number>; dbCachedMBBefore: number }> &
    Record<'warmId' | 'warmParagraph', { p50Us: number; p99Us: number; maxUs: number; outcomes: Record<string, number> }>;
  search: { p50Ms: number; p99Ms: number; maxMs: number; firstPassP50Ms: number; firstPassP99Ms: number; steadyP50Ms: number; steadyP99Ms: number; noHits: string[]; slowest: { q: string; origin?: string | undefined; year?: number | undefined; hits: number; ms: number[] }[] };
  grep: { csvCachedMBBefore: number; warmMedianMs: number; droppedMedianMs: number; ratioWarmGrepToColdLookup: number; ratioDroppedGrepToDiskColdLookup: number; warmCache: { id: string; ms: number }[]; droppedCache: { id: string; ms: number }[] };
  ids: Record<string, number> | null;
  scan: ScanFigures;
  core: CoreFigures;
  autocomplete: AutocompleteFigures;
  source: SourceRunFigures;
  runS: number;
  targets: { figure: string; value: number; unit: string; target: string; met: boolean }[];
};

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** The human-readable report: targets first, then the other figures. */
export function renderReport(f: Figures): string {
  const b = f.breakdown;
  const l = f.lookups;
  const fmt = (x: number | undefined, d = 1): string => (x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d }));
  const out: string[] = [];
  out.push(
    `cablebot bench — scale ${f.scale}: ${fmt(f.generation.records, 0)} cables, ${fmt(f.generation.MB)} MB cables.csv ` +
      `(${f.generation.reused ? 'reused; generated' : 'generated'} in ${fmt(f.generation.generateS)} s, ${fmt(f.generation.textPoolS)} s of it loading the text pool) — ${f.machine.cpus} CPUs (${f.machine.cpuModel}), ${f.machine.memoryGB} GiB, node ${f.machine.node}, ` +
      `load ${f.machine.loadavgAtStart.join('/')} → ${f.machine.loadavgAtEnd.join('/')}`,
    '',
    table([['target', 'figure', 'target', 'verdict'], ...f.targets.map((t) => [t.figure, `${fmt(t.value, 3)} ${t.unit}`, `${t.target} ${t.unit}`, verdict(t.met)])]),
    '',
    table([
      ['import', ''],
      ['cables imported / rejected', `${fmt(f.import.imported, 0)} / ${fmt(f.import.rejected, 0)}${f.import.rejected > 0 ? ` ${JSON.stringify(f.import.rejectedByCode)}` : ''}`],
      ['import (importFiles)', `${fmt(f.import.importS)} s, ${fmt(f.import.MBps)} MB/s, ${fmt(f.import.cablesPerS, 0)} cables/s (${fmt(f.import.MBperCpuS)} MB per CPU-second)`],
      [
        'search index',
        f.import.index === 'inline'
          ? 'written with each batch'
          : `${f.import.index === 'side' ? 'built on its own thread' : `rebuilt at the end (the side build failed: ${f.import.indexFailure ?? '?'})`}; ${fmt(f.import.indexMs / 1000)} s of the import from the last commit to the index in place`,
      ],
      ['+ recordBuild, optimize (FTS merge), close', `${fmt(f.import.endToEndS - f.import.importS)} s (optimize ${fmt(f.import.optimizeMs / 1000)} s) → ${fmt(f.import.endToEndS)} s, ${fmt(f.import.endToEndMBps)} MB/s`],
      [
        'peak RSS of the import process',
        `${fmt(f.import.maxRssMB, 0)} MB (at the sampled peak of ${fmt(f.import.sampledPeakRssMB, 0)} MB: main-thread V8 heap ${fmt(f.import.sampledPeakHeapUsedMB, 0)} used / ` +
          `${fmt(f.import.sampledPeakHeapTotalMB, 0)} reserved, buffers ${fmt(f.import.sampledPeakExternalMB, 0)}; the rest is native: SQLite page cache, FTS5 term buffer, the parse worker, code)`,
      ],
      ['store on disk', `${fmt(f.import.dbMB, 0)} MB (${fmt(f.import.dbBytesPerInputByte, 2)} × the CSV)`],
    ]),
    '',
    table([
      ['where the import time goes', 'per record', 'whole file'],
      [`CSV reader alone (first ${fmt(b.sampleRecords, 0)} records)`, `${fmt(b.readUsPerRecord)} µs`, `${fmt(b.readS)} s`],
      ['parse (parseCsvFields), on the parse worker', `${fmt(b.parseUsPerRecord)} µs`, `${fmt(b.parseS)} s`],
      ['encode for the store (offsets + hash), on the parse worker', `${fmt(b.encodeUsPerRecord)} µs`, `${fmt(b.encodeS)} s`],
      ['structured clone to/from the worker', `${fmt(b.cloneUsPerRecord)} µs`, `${fmt(b.cloneS)} s`],
      ['SQLite + FTS writes (writeBulk + commitBulk) on the main thread (measured)', `${fmt(b.upsertUsPerRecord)} µs`, `${fmt(b.upsertS)} s`],
      ['whole import (measured)', `${fmt(b.importUsPerRecord)} µs`, `${fmt(b.importS)} s; main thread busy ${fmt(b.mainThreadBusyPct)} %, ${fmt(b.coresUsed, 2)} cores used`],
      ['parse-only throughput (reader + parse, 1 thread)', '', `${fmt(b.parseOnlyMBps)} MB/s`],
    ]),
    '',
    table([
      ['lookup', 'p50', 'p99', 'max / first', 'notes'],
      ...(['coldId', 'coldParagraph', 'diskColdId', 'diskColdParagraph'] as const).map((k) => [
        `${k.startsWith('disk') ? 'disk-cold' : 'cold'} ${k.endsWith('Paragraph') ? 'ID + ¶' : 'by ID'} (first 200 of a new process)`,
        `${fmt(l[k].p50Ms, 3)} ms`,
        `${fmt(l[k].p99Ms, 3)} ms`,
        `${fmt(l[k].maxMs, 3)} / ${fmt(l[k].firstMs, 3)} ms`,
        `open ${fmt(l[k].openMs, 1)} ms; ${fmt(l[k].dbCachedMBBefore, 0)} MB of the store cached before; ${JSON.stringify(l[k].outcomes)}`,
      ]),
      ...(['warmId', 'warmParagraph'] as const).map((k) => [
        `warm ${k === 'warmId' ? 'by ID' : 'ID + ¶'} (CachedCorpus, 20,000 lookups)`,
        `${fmt(l[k].p50Us, 2)} µs`,
        `${fmt(l[k].p99Us, 2)} µs`,
        `${fmt(l[k].maxUs, 1)} µs`,
        JSON.stringify(l[k].outcomes),
      ]),
      ['search (52 queries × 3 passes)', `${fmt(f.search.p50Ms, 2)} ms`, `${fmt(f.search.p99Ms, 2)} ms`, `${fmt(f.search.maxMs, 2)} ms`, `first pass p50 ${fmt(f.search.firstPassP50Ms, 2)} / p99 ${fmt(f.search.firstPassP99Ms, 2)} ms; passes 2–3 p50 ${fmt(f.search.steadyP50Ms, 2)} / p99 ${fmt(f.search.steadyP99Ms, 2)} ms`],
    ]),
    `slowest searches: ${f.search.slowest.map((s) => `${s.q}${s.origin ? ` [origin ${s.origin}]` : ''}${s.year ? ` [${s.year}]` : ''} ${Math.max(...s.ms)} ms`).join('; ')}`,
    `queries with no hits: ${f.search.noHits.length > 0 ? f.search.noHits.join(', ') : 'none'}`,
    '',
    table([
      ['grep -F -m1 -- ID cables.csv', 'median', 'per ID (10/30/50/70/90 % into the file)', 'vs our cold lookup p50'],
      [`page cache warm (${fmt(f.grep.csvCachedMBBefore, 0)} MB cached)`, `${fmt(f.grep.warmMedianMs)} ms`, f.grep.warmCache.map((g) => fmt(g.ms)).join(' / ') + ' ms', `${fmt(f.grep.ratioWarmGrepToColdLookup, 0)} × slower`],
      ['page cache dropped (vs disk-cold lookup)', `${fmt(f.grep.droppedMedianMs)} ms`, f.grep.droppedCache.map((g) => fmt(g.ms)).join(' / ') + ' ms', `${fmt(f.grep.ratioDroppedGrepToDiskColdLookup, 0)} × slower`],
    ]),
  );
  if (f.ids) {
    out.push('', `ID index: load ${fmt(f.ids.load_ms)} ms, suggest p50 ${fmt(f.ids.suggest_p50_ms, 3)} / p99 ${fmt(f.ids.suggest_p99_ms, 3)} ms, top-1 ${fmt(f.ids.suggest_top1_rate, 2)}, top-5 ${fmt(f.ids.suggest_top5_rate, 2)}`);
  }
  out.push('', ...renderScan(f.scan), '', ...renderCore(f.core), '', renderAutocomplete(f.autocomplete));
  out.push('', table([...sourceRows(f.source, 'full-scale store'), ...replayRows(f.source)]));
  out.push('', `whole run ${fmt(f.runS)} s`);
  return out.join('\n');
}
