/**
 * The importer behind `cablebot import`: streams cables from any mix of files and folders into
 * a writable store in batches (one transaction each), so a 1.7 GB `cables.csv` never sits in
 * memory and a crash loses at most one batch. Idempotent: the store upserts by ID, so a
 * re-import updates changed cables and leaves identical ones alone.
 *
 * Nothing is dropped silently: every record that does not become a stored cable — a parse
 * failure, a bad CSV record, a file that is binary or unreadable, a cable the store refuses —
 * comes back in `rejected` with its file, record number and line where known, and a code.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readStreamRecords, type SourceRef } from './parse/file.ts';
import { STDIN, fileInputs, stdinInput } from './input/open.ts';
import { InputError, type Input, type InputErrorCode } from './input/types.ts';
import { parseCsvFields } from './parse/csv-row.ts';
import { ParsePool, defaultWorkerCount } from './parse-pool.ts';
import { ImportStopped } from './import-stop.ts';
import type { WritableCableStore } from './store.ts';
import { encodeResult, type EncodedCable, type EncodedResult } from './store/codec.ts';
import { StoreError } from './store/errors.ts';
import { SideIndex } from './store/side-index.ts';
import type { ParseErrorCode } from './types.ts';

/** Why a record was not stored: a parser code, or the store's own refusal. */
export type RejectCode = ParseErrorCode | InputErrorCode | 'not-found' | 'invalid-cable';

/** One record that was not stored. */
export interface RejectedRecord {
  /** The file, `-` for standard input, or `archive:member` for a file inside an archive. */
  file: string;
  /** 1-based record number in a CSV file. */
  record?: number;
  /** 1-based line where the record starts. */
  line?: number;
  code: RejectCode;
  /** Facts for the message (the bad value, the store's reason); never prose. */
  detail?: string;
  /** The cable's ID, when it got that far. */
  id?: string;
}

export interface ImportProgress {
  /** Records read so far (stored or rejected). */
  records: number;
  /** Input bytes consumed so far (of an archive: its compressed bytes). */
  bytes: number;
  /** Total input bytes (all files, archives at their size on disk; standard input when it is a pipe counts 0), for the ETA. */
  totalBytes: number;
  elapsedMs: number;
}

export interface ImportSummary {
  files: number;
  records: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRecord[];
  bytes: number;
  seconds: number;
  /**
   * Where the full-text index was built: `inline` by the writes themselves, `side` on a thread
   * of its own and copied in at the end (store/side-index.ts), `rebuilt` by this thread at the
   * end because the side build failed.
   */
  index: 'inline' | 'side' | 'rebuilt';
  /** Seconds from the last commit to the index in place (side and rebuilt); 0 inline. */
  indexSeconds: number;
  /** Why the side build failed, when the index was `rebuilt` (SQLite's message). */
  indexFailure?: string;
}

export interface ImportOptions {
  /** Cables per transaction (default 1,000): a crash or a stop loses at most the last one. */
  batchSize?: number;
  /** Called after each batch and at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Worker threads parsing cables.csv records while this thread reads and writes SQLite
   * (default: one per core beyond this one; 0 parses in this thread). Started only when a
   * CSV is read.
   */
  workers?: number;
  /** What `-` reads (default `process.stdin`). */
  stdin?: NodeJS.ReadableStream;
  /**
   * Stops the import (Ctrl-C, SIGTERM): checked right after each full batch is committed, and
   * then `importFiles` rejects with {@link ImportStopped}, so the store holds whole batches.
   */
  signal?: AbortSignal;
  /**
   * Called once when the last cable is stored and the index built on the side is being finished
   * and copied in (seconds on the full release, with no records to count), for a progress line.
   */
  onIndexing?: () => void;
  /**
   * Where to build the full-text index (default: chosen by {@link buildsIndexAside}). A store
   * whose index is pending from an interrupted import always builds it on the side.
   */
  index?: 'inline' | 'side';
}

/**
 * CSV records per message to a parse worker. Up to 2 × workers + 1 messages are in flight, each
 * holding its records and then their results on this thread: 100 a message kept the first
 * 40,000 synthetic records' import at 250 MB peak RSS where 200 took 290, at the same speed.
 */
const ROWS_PER_TASK = 100;

/**
 * Bytes of input a stored cable stands for when choosing where to build the index: a side
 * build indexes every stored cable again, which pays when the input is larger than what the
 * store holds (the release averages 6,800 bytes a cable in cables.csv).
 */
const BYTES_PER_STORED_CABLE = 6_800;
/** Of input whose size is unknown (a pipe), the stores small enough to index again: a tenth of the release. */
const REINDEX_UNKNOWN_SIZE_MAX = 25_000;

/**
 * Whether an import builds the full-text index on a thread of its own (store/side-index.ts)
 * rather than with each write: always for a store whose index is pending; otherwise only with
 * worker threads allowed (`workers` > 0: a second core) and an input larger than the stored
 * cables it makes the side build index again, so a full import into a new store or the bundled
 * one does, and a few updated cables into a full store do not.
 */
export function buildsIndexAside(pending: boolean, requested: ImportOptions['index'], workers: number, stored: number, inputBytes: number): boolean {
  if (pending) return true;
  if (requested !== undefined) return requested === 'side';
  if (workers === 0) return false;
  return inputBytes === 0 ? stored <= REINDEX_UNKNOWN_SIZE_MAX : inputBytes > stored * BYTES_PER_STORED_CABLE;
}

/** Files named (folders walked recursively, in name order), plus a rejection for each path that is not there. */
export async function listInputFiles(paths: readonly string[]): Promise<{ files: string[]; missing: RejectedRecord[] }> {
  const files: string[] = [];
  const missing: RejectedRecord[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    const st = await stat(abs).catch(() => undefined);
    if (st === undefined) missing.push({ file: p, code: 'not-found' });
    else if (st.isDirectory()) await walk(abs);
    else files.push(abs);
  }
  return { files, missing };
}

/** The report of a record that was not stored, from where it was read. */
export function rejection(source: SourceRef, code: RejectCode, detail?: string, id?: string): RejectedRecord {
  const r: RejectedRecord = { file: source.file, code };
  if (source.record !== undefined) r.record = source.record;
  if (source.line !== undefined) r.line = source.line;
  if (detail !== undefined) r.detail = detail;
  if (id !== undefined) r.id = id;
  return r;
}

/**
 * Imports every cable of `paths` (files or folders, any supported format, archives among them;
 * `-` is standard input) into `store`.
 */
export async function importFiles(store: WritableCableStore, paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  // Path by path, so `-` is read where it was named; each path named twice is read twice, as before.
  const inputs: Input[] = [];
  const missing: RejectedRecord[] = [];
  for (const p of paths) {
    if (p === STDIN) {
      inputs.push(await stdinInput(options.stdin ?? process.stdin));
      continue;
    }
    const listed = await listInputFiles([p]);
    inputs.push(...(await fileInputs(listed.files)));
    missing.push(...listed.missing);
  }
  let totalBytes = 0;
  for (const input of inputs) totalBytes += input.size;

  const summary: ImportSummary = {
    files: inputs.length,
    records: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: [...missing],
    bytes: 0,
    seconds: 0,
    index: 'inline',
    indexSeconds: 0,
  };
  const progress = (): void => options.onProgress?.({ records: summary.records, bytes: summary.bytes, totalBytes, elapsedMs: performance.now() - started });

  // Cables are written as they come back from the workers (each worker batch, each whole file)
  // into one transaction, committed every `batchSize` cables: a crash loses at most that many,
  // and between writes this thread goes on reading and feeding the workers, which a whole
  // batch written at once kept waiting.
  let pending: EncodedCable[] = [];
  let sources = new Map<string, SourceRef>();
  let open = false;
  let written = 0;
  const write = (): void => {
    if (pending.length === 0) return;
    if (!open) {
      store.beginBulk();
      open = true;
    }
    // writeBulk rolls the transaction back when it throws.
    open = false;
    const result = store.writeBulk(pending);
    open = true;
    summary.imported += result.imported;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
    for (const r of result.rejected) summary.rejected.push(rejection(sources.get(r.id) ?? { file: '(unknown)' }, 'invalid-cable', r.detail, r.id));
    written += pending.length;
    pending = [];
    sources = new Map();
  };
  const commit = (): void => {
    write();
    if (!open) return;
    open = false;
    written = 0;
    store.commitBulk();
    progress();
  };

  const handle = (source: SourceRef, result: EncodedResult): void => {
    if (!result.ok) {
      summary.rejected.push(rejection(source, result.error.code, result.error.detail));
      return;
    }
    // The same ID twice in one write: the earlier goes first, so the later one wins (an update).
    if (sources.has(result.cable.id)) write();
    pending.push(result.cable);
    sources.set(result.cable.id, source);
    if (written + pending.length >= batchSize) {
      commit();
      if (options.signal?.aborted === true) throw new ImportStopped({ ...summary, seconds: (performance.now() - started) / 1000 }, source);
    }
  };

  // CSV records are parsed in batches, on worker threads when there are any; results are
  // handled strictly in file order, so "the later record wins" holds as without workers.
  const workers = options.workers ?? defaultWorkerCount();
  // The full-text index on a thread of its own: marked pending first, so a crash from here on
  // leaves a store the next import knows to index again.
  let side: SideIndex | null = null;
  if (buildsIndexAside(store.indexPending(), options.index, workers, store.count(), totalBytes)) {
    store.deferIndex((ops) => side?.send(ops));
    side = await SideIndex.start(store.path);
    summary.index = 'side';
  }
  const room = async (): Promise<void> => {
    if (side !== null) await side.room();
  };

  // Worker messages in flight: one queued behind each one being parsed, and a reserve that
  // keeps the workers parsing while this thread commits (FTS flush, WAL checkpoint). With one
  // worker and the index written inline, 6 × 100 records: the full-scale import at 14.8 MB/s
  // and 281 MB peak RSS, where 3 gave 13.3 MB/s (and 3 without the bulk writes 11.1, the workers
  // waiting 40% of the time). With the index on the side this thread's commits are short (busy
  // 58% of the import), and the side thread's memory comes on top: 3 messages, 21.7 and 22.2
  // MB/s at 276 and 295 MB, where 4 gave 22.6–24.2 MB/s at 288–294 MB.
  const maxInflight = Math.max(1, workers) + (side === null ? 5 : 2);
  const parsing: { pool: ParsePool | null; checkpoints: { stop: () => Promise<void> } | null } = { pool: null, checkpoints: null };
  const inflight: { sources: SourceRef[]; results: Promise<EncodedResult[]> }[] = [];
  let rows: string[][] = [];
  let rowSources: SourceRef[] = [];
  const drainOne = async (): Promise<void> => {
    const task = inflight.shift();
    if (!task) return;
    const results = await task.results;
    results.forEach((r, i) => handle(task.sources[i] ?? { file: '(unknown)' }, r));
    write();
    await room();
  };
  const drainAll = async (): Promise<void> => {
    while (inflight.length > 0) await drainOne();
  };
  const submit = async (): Promise<void> => {
    if (rows.length === 0) return;
    if (workers > 0 && parsing.pool === null) {
      parsing.pool = await ParsePool.start(workers);
      // With the parse on other threads, this thread's commits are what limit the import:
      // their WAL checkpoints go to a thread of their own too.
      parsing.checkpoints = store.checkpointInBackground();
    }
    const pool = parsing.pool;
    const batchRows = rows;
    const batchSources = rowSources;
    rows = [];
    rowSources = [];
    inflight.push({ sources: batchSources, results: pool ? pool.parse(batchRows) : Promise.resolve(batchRows.map((f) => encodeResult(parseCsvFields(f)))) });
    while (inflight.length > maxInflight) await drainOne();
  };

  try {
    let doneBytes = 0;
    for (const input of inputs) {
      let failed: InputError | null = null;
      try {
        for await (const member of input.members()) {
          for await (const record of readStreamRecords(member.name, member.stream)) {
            summary.records++;
            // Progress counts the input as stored (an archive's compressed bytes), not what it unpacks to.
            summary.bytes = doneBytes + input.bytesRead();
            if ('fields' in record) {
              rows.push(record.fields);
              rowSources.push(record.source);
              if (rows.length >= ROWS_PER_TASK) await submit();
              continue;
            }
            // A bad CSV record or a whole-file result: everything read before it goes first.
            await submit();
            await drainAll();
            handle(record.source, encodeResult(record));
            write();
            await room();
          }
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        failed = err;
      }
      await submit();
      await drainAll();
      // A truncated or damaged archive, an I/O error: what was read before it is kept (and
      // reported first), the rest of this input is skipped with one report naming the member
      // and the offset.
      if (failed) summary.rejected.push({ file: failed.file, code: failed.code, detail: failed.detail });
      doneBytes += input.size > 0 ? input.size : input.bytesRead();
      summary.bytes = doneBytes;
    }
    commit();
    if (side !== null) {
      const indexStarted = performance.now();
      options.onIndexing?.();
      // Nothing more to parse, and the copy wants the store to itself (no checkpointing connection).
      await parsing.pool?.close();
      parsing.pool = null;
      await parsing.checkpoints?.stop();
      parsing.checkpoints = null;
      const failure = await side.finish();
      if (failure === null) store.adoptIndex(side.path);
      else if (failure.code === 'SQLITE_FULL') throw new StoreError('disk-full', store.path, { detail: `building the search index in ${side.path}: ${failure.message}` });
      else {
        summary.indexFailure = failure.message;
        // The side build could not run (its file could not be created, say): this thread builds the index instead.
        store.rebuildIndex();
        summary.index = 'rebuilt';
      }
      summary.indexSeconds = (performance.now() - indexStarted) / 1000;
    }
  } finally {
    // Stopped by an error: what was written since the last commit is dropped, as a crash would.
    if (open) store.rollbackBulk();
    await parsing.pool?.close();
    await parsing.checkpoints?.stop();
    // However the import ended, the side file goes; a store still pending is indexed by the next import.
    await side?.abort();
  }
  summary.seconds = (performance.now() - started) / 1000;
  progress();
  return summary;
}
