/**
 * Child process of bench/run.ts, so the parent can measure one import's own peak memory
 * (`process.resourceUsage().maxRSS` covers the parse worker threads too: they live in this
 * process). Prints one JSON object on stdout; progress goes to stderr.
 *
 * - `import --file CSV --db PATH [--workers N]`: the real importer (`importFiles`) into a fresh
 *   store, then `recordBuild`, `optimize` and `close` as `cablebot import` does; times each step,
 *   the main thread's time inside `writeBulk` and `commitBulk` (SQLite + FTS), and how busy the main
 *   thread was (event-loop utilisation) against the CPU time of the whole process.
 * - `parse --file CSV --records N`: no store. Reads the first N records with the importer's
 *   reader, then parses them (`parseCsvFields`) in this thread, and encodes them as a parse
 *   worker does (paragraph offsets + hash), timing each stage; plus the structured-clone cost of
 *   handing rows to a worker and encoded results back.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importFiles } from '../src/corpus/import.ts';
import { readFileRecords } from '../src/corpus/parse/file.ts';
import { parseCsvFields } from '../src/corpus/parse/csv-row.ts';
import { encodeResult, type EncodedResult } from '../src/corpus/store/codec.ts';
import { openWritableStore } from '../src/corpus/store.ts';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const maxRssMB = (): number => (process.resourceUsage().maxRSS * 1024) / 1e6;

async function runImport(file: string, db: string, workers: number | undefined): Promise<Record<string, unknown>> {
  const store = openWritableStore(db);
  // Time spent in SQLite writes on this thread (cables arrive encoded by the parse workers):
  // the bulk writes and their commits.
  let upsertMs = 0;
  let upsertCalls = 0;
  const timed = <A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) => (...args) => {
    const t = performance.now();
    try {
      return fn(...args);
    } finally {
      upsertMs += performance.now() - t;
      upsertCalls++;
    }
  };
  store.writeBulk = timed(store.writeBulk.bind(store));
  store.commitBulk = timed(store.commitBulk.bind(store));
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let lastReport = 0;
  // Memory at the sampled peak, split as V8 reports it (this thread's heap; `external` and
  // `arrayBuffers` are Buffers; the rest of RSS is native: SQLite's page cache and FTS5 term
  // buffer, the worker's heap, code).
  let peakSample: NodeJS.MemoryUsage = process.memoryUsage();
  const summary = await importFiles(store, [file], {
    ...(workers === undefined ? {} : { workers }),
    onProgress: (p) => {
      const m = process.memoryUsage();
      if (m.rss > peakSample.rss) peakSample = m;
      if (p.elapsedMs - lastReport < 10_000) return;
      lastReport = p.elapsedMs;
      const mbps = p.bytes / 1e6 / (p.elapsedMs / 1000);
      process.stderr.write(
        `  import: ${p.records.toLocaleString('en-US')} records, ${(p.bytes / 1e6).toFixed(0)}/${(p.totalBytes / 1e6).toFixed(0)} MB, ` +
          `${mbps.toFixed(1)} MB/s, rss ${(process.memoryUsage.rss() / 1e6).toFixed(0)} MB\n`,
      );
    },
  });
  const importMs = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  const cpuImport = process.cpuUsage(cpu0);
  const rssAfterImportMB = maxRssMB();
  const t1 = performance.now();
  store.recordBuild({ source: `bench: ${file}` });
  const recordBuildMs = performance.now() - t1;
  const t2 = performance.now();
  store.optimize();
  const optimizeMs = performance.now() - t2;
  const t3 = performance.now();
  store.close();
  const closeMs = performance.now() - t3;
  const cpuAll = process.cpuUsage(cpu0);
  const rejectedByCode: Record<string, number> = {};
  for (const r of summary.rejected) rejectedByCode[r.code] = (rejectedByCode[r.code] ?? 0) + 1;
  return {
    records: summary.records,
    imported: summary.imported,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: summary.rejected.length,
    rejectedByCode,
    rejectedSample: summary.rejected.slice(0, 5),
    bytes: summary.bytes,
    index: summary.index,
    indexMs: summary.indexSeconds * 1000,
    ...(summary.indexFailure === undefined ? {} : { indexFailure: summary.indexFailure }),
    importMs,
    recordBuildMs,
    optimizeMs,
    closeMs,
    upsertMs,
    upsertCalls,
    mainThreadBusy: elu.utilization,
    cpuImportMs: (cpuImport.user + cpuImport.system) / 1000,
    cpuTotalMs: (cpuAll.user + cpuAll.system) / 1000,
    maxRssImportMB: rssAfterImportMB,
    maxRssMB: maxRssMB(),
    sampledPeakRssMB: peakSample.rss / 1e6,
    sampledPeakHeapUsedMB: peakSample.heapUsed / 1e6,
    sampledPeakHeapTotalMB: peakSample.heapTotal / 1e6,
    sampledPeakExternalMB: peakSample.external / 1e6,
    dbBytes: statSync(db).size,
  };
}

async function runParse(file: string, limit: number): Promise<Record<string, unknown>> {
  // Pass 1: the importer's reader alone (record scanning, decoding, the fields copy).
  const rows: string[][] = [];
  let bytes = 0;
  const t0 = performance.now();
  for await (const rec of readFileRecords(file)) {
    if (!('fields' in rec)) continue;
    rows.push(rec.fields);
    bytes += rec.source.bytes ?? 0;
    if (rows.length >= limit) break;
  }
  const readMs = performance.now() - t0;

  // Pass 2: parse each record (what a parse worker does), then encode it as the store does.
  let parseMs = 0;
  let encodeMs = 0;
  let failed = 0;
  let paragraphs = 0;
  const results: EncodedResult[] = [];
  for (const fields of rows) {
    const t = performance.now();
    const r = parseCsvFields(fields);
    parseMs += performance.now() - t;
    if (!r.ok) {
      failed++;
      results.push(r);
      continue;
    }
    paragraphs += r.cable.paragraphs.length;
    const e = performance.now();
    results.push(encodeResult(r));
    encodeMs += performance.now() - e;
  }

  // Handing rows to a worker and encoded results back is a structured clone each way (the main
  // thread serialises the rows and deserialises the results; structuredClone does both halves).
  const tc = performance.now();
  for (let i = 0; i < rows.length; i += 200) structuredClone(rows.slice(i, i + 200));
  const cloneRowsMs = performance.now() - tc;
  const tr = performance.now();
  for (let i = 0; i < results.length; i += 200) structuredClone(results.slice(i, i + 200));
  const cloneResultsMs = performance.now() - tr;
  return { records: rows.length, bytes, failed, paragraphs, readMs, parseMs, encodeMs, cloneRowsMs, cloneResultsMs, maxRssMB: maxRssMB() };
}

/** `node bin/run.js bench/import-child.ts import|parse ...` (see the module comment). */
export async function main(args: readonly string[]): Promise<number> {
  const [mode] = args;
  const file = flag(args, '--file');
  if (file === undefined) {
    console.error('import-child: --file is required');
    return 2;
  }
  if (mode === 'import') {
    const db = flag(args, '--db');
    if (db === undefined) {
      console.error('import-child: --db is required');
      return 2;
    }
    const w = flag(args, '--workers');
    process.stdout.write(`${JSON.stringify(await runImport(file, db, w === undefined ? undefined : Number(w)))}\n`);
    return 0;
  }
  if (mode === 'parse') {
    process.stdout.write(`${JSON.stringify(await runParse(file, Number(flag(args, '--records') ?? 20_000)))}\n`);
    return 0;
  }
  console.error('import-child: mode must be import or parse');
  return 2;
}
