/**
 * The full-text index of a large import, built on a thread of its own in a side file and
 * copied into the store at the end.
 *
 * Why: with FTS5 in the store, the single writing connection spent about 290 µs a cable on
 * the index and 75 on everything else, and was busy 100 % of a full-scale import while the
 * other core idled a third of the time (measured on 251,287 synthetic cables: 117 s end to
 * end; 71 s with no full-text index at all). A better-sqlite3 connection belongs to one thread,
 * and one SQLite file has one writer at a time, so the index is built in a second file by a
 * second connection on a second thread: `cables_fts` with the store's own columns, tokenizer and settings
 * (schema.ts FTS_DDL), so its shadow tables' rows are the store's, and copying them in is the
 * whole merge (about 4 s for the full release's 800 MB index, against 8 s for the optimize
 * that the side file has already done on this thread).
 *
 * The thread indexes first the cables stored before the import, from one read snapshot taken
 * before the importer writes anything (`ready`); then, in order, the index operations of each
 * batch the importer commits (`ops`): an insert per new cable, a delete with the old values and
 * an insert per updated one — the statements the store runs when it indexes inline, so the side
 * index is the one the store would have had. An insert names the version (rowid and content
 * hash), whose text the thread reads back from the store (the store is attached); a version a
 * later batch has replaced by then is skipped, and so is its delete (see {@link IndexOp}). The side file is scratch: no journal, no
 * fsync, deleted at the start and at the end; a crash leaves the store marked
 * `index_pending` (writable-store.ts deferIndex), and the next import builds it again.
 *
 * The thread runs plain JavaScript (only better-sqlite3), like the WAL checkpointer, so it
 * needs no compiled bundle.
 */
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FTS_DDL, PAGE_SIZE } from './schema.ts';

/**
 * One index operation of a committed batch, in the order the store would have run it: insert
 * the version of cable `pk` whose content hash (`cables.hash`, hex) is `hash`, which the thread
 * reads from the store; or delete that version, whose indexed values come along (the row holds
 * the new ones by then). A thread that reads a row already replaced by a later batch skips the
 * insert and then the delete of that version: the later batch's insert indexes the new one.
 */
export type IndexOp =
  | [kind: 1, pk: number, hash: string]
  | [kind: 0, pk: number, hash: string, subject: string | null, body: string, origin: string, station: string | null, created: string];

/**
 * Batches of operations sent and not yet indexed, at most, before the importer waits: the
 * thread then stays within a few batches of the writes, so the import's end does not wait
 * long for it.
 */
const MAX_UNINDEXED_BATCHES = 3;

/**
 * The side index's FTS5 term buffer and each of its connection's two page caches (the side file
 * and the attached store). SQLite's default cache here is 16 MB a connection (better-sqlite3
 * builds with SQLITE_DEFAULT_CACHE_SIZE=-16000): with the defaults, the thread's memory took the
 * full-scale import to 316–339 MB peak RSS. With these (and the small heap below) two full
 * imports peaked at 276 and 295 MB, at 21.7 and 22.2 MB/s (the buffer is flushed at every
 * batch's commit anyway).
 */
const SIDE_HASH_BYTES = 4 * 1024 * 1024;
const SIDE_CACHE_KIB = 2048;

/** The side file of the store at `storePath`. */
export function sideIndexPath(storePath: string): string {
  return `${storePath}-fts-build`;
}

const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let side = null;
const fail = (err) => {
  parentPort.postMessage({ type: 'failed', code: typeof err?.code === 'string' ? err.code : undefined, message: String(err?.message ?? err) });
  try { side?.close(); } catch {}
  side = null;
};
try {
  side = new Database(workerData.sidePath);
  side.pragma('page_size = ${PAGE_SIZE}');
  side.pragma('journal_mode = OFF');
  side.pragma('synchronous = OFF');
  side.exec(workerData.ddl);
  side.exec("INSERT INTO cables_fts (cables_fts, rank) VALUES ('hashsize', ${SIDE_HASH_BYTES})");
  side.pragma('cache_size = -${SIDE_CACHE_KIB}');
  // The store, attached read-only in effect (nothing here writes to it).
  side.prepare('ATTACH DATABASE ? AS store').run(workerData.storePath);
  side.pragma('store.cache_size = -${SIDE_CACHE_KIB}');
  const columns = 'subject, body, origin, station, created';
  // Row by row through JavaScript, not INSERT ... SELECT (measured on the full release: 16.5 and
  // 17.1 MB/s end to end, against 22–24 row by row), most likely because a statement that may
  // insert several rows runs in a statement savepoint, and FTS5 flushes its term buffer into a
  // new segment at every savepoint.
  const version = side.prepare('SELECT ' + columns + ' FROM store.cables WHERE pk = ? AND hash = ?').raw();
  const insert = side.prepare('INSERT INTO main.cables_fts (rowid, ' + columns + ') VALUES (?, ?, ?, ?, ?, ?)');
  const remove = side.prepare("INSERT INTO main.cables_fts (cables_fts, rowid, " + columns + ") VALUES ('delete', ?, ?, ?, ?, ?, ?)");
  // The cables stored before: one snapshot, taken before the importer writes ('ready').
  side.exec('BEGIN');
  side.prepare('SELECT 1 FROM store.cables LIMIT 1').get();
  parentPort.postMessage({ type: 'ready' });
  side.exec('INSERT INTO main.cables_fts (rowid, ' + columns + ') SELECT pk, ' + columns + ' FROM store.cables');
  side.exec('COMMIT');
  // Versions whose insert found the row already replaced: their delete is skipped too.
  const skipped = new Set();
  const apply = (op) => {
    const key = op[1] + ':' + op[2];
    if (op[0] === 0) {
      if (!skipped.delete(key)) remove.run(op[1], op[3], op[4], op[5], op[6], op[7]);
    } else {
      const r = version.get(op[1], Buffer.from(op[2], 'hex'));
      if (r === undefined) skipped.add(key);
      else insert.run(op[1], r[0], r[1], r[2], r[3], r[4]);
    }
  };
  parentPort.on('message', (msg) => {
    if (side === null) return;
    try {
      if (msg.type === 'ops') {
        side.exec('BEGIN');
        for (const op of msg.ops) apply(op);
        side.exec('COMMIT');
        parentPort.postMessage({ type: 'indexed' });
      } else if (msg.type === 'finish') {
        // Every skipped version's delete comes in a later batch; one left over would be a cable not indexed.
        if (skipped.size > 0) throw new Error(skipped.size + ' cable versions skipped and never deleted, the first ' + skipped.values().next().value);
        side.exec('DETACH DATABASE store');
        side.exec("INSERT INTO cables_fts (cables_fts) VALUES ('optimize')");
        side.close();
        side = null;
        parentPort.postMessage({ type: 'finished' });
      }
    } catch (err) {
      fail(err);
    }
  });
} catch (err) {
  fail(err);
}
`;

/** Why the side build failed: SQLite's error code (`SQLITE_FULL`, …) and message. */
export interface SideIndexFailure {
  code: string | undefined;
  message: string;
}

/**
 * A running side build. {@link send} after each commit, {@link room} before sending more,
 * {@link finish} at the end, {@link abort} when the import ends any other way.
 */
export class SideIndex {
  readonly path: string;
  private readonly worker: Worker;
  private unindexed = 0;
  private failure: SideIndexFailure | null = null;
  private waiters: (() => void)[] = [];
  private finished = false;
  private exited = false;

  /**
   * Starts the thread for the store at `storePath` (any old side file is deleted first), and
   * resolves once it has its snapshot of the cables stored so far: write nothing before that.
   * A thread that cannot start resolves too, already failed (see {@link finish}).
   */
  static async start(storePath: string): Promise<SideIndex> {
    const index = new SideIndex(storePath);
    await index.next();
    return index;
  }

  private constructor(storePath: string) {
    this.path = sideIndexPath(storePath);
    removeSideFile(this.path);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(CODE, {
      eval: true,
      workerData: { storePath, sidePath: this.path, driver, ddl: FTS_DDL },
      // A small heap: the thread holds one row's text at a time.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 },
    });
    // Not unref'd: the importer awaits its messages, and ends it itself (finish, abort).
    this.worker.on('message', (msg: { type: string; code?: string; message?: string }) => {
      if (msg.type === 'indexed') this.unindexed--;
      else if (msg.type === 'finished') this.finished = true;
      else if (msg.type === 'failed') this.failure = { code: msg.code, message: msg.message ?? 'unknown error' };
      this.wake();
    });
    this.worker.on('error', (err) => {
      this.failure ??= { code: undefined, message: err.message };
      this.wake();
    });
    this.worker.on('exit', () => {
      this.exited = true;
      if (!this.finished) this.failure ??= { code: undefined, message: 'the index thread exited' };
      this.wake();
    });
  }

  /** Hands the operations of a committed batch to the thread (nothing, once it has failed). */
  send(ops: IndexOp[]): void {
    if (this.failure !== null || ops.length === 0) return;
    this.unindexed++;
    this.worker.postMessage({ type: 'ops', ops });
  }

  /** Resolves once fewer than MAX_UNINDEXED_BATCHES batches wait for the thread (at once after a failure). */
  async room(): Promise<void> {
    while (this.failure === null && this.unindexed >= MAX_UNINDEXED_BATCHES) await this.next();
  }

  /**
   * Indexes what is left, merges the side index into one segment, closes the file, and returns
   * null; or returns the failure, after which the side file is of no use.
   */
  async finish(): Promise<SideIndexFailure | null> {
    if (this.failure === null) {
      this.worker.postMessage({ type: 'finish' });
      while (!this.finished && this.failure === null) await this.next();
    }
    const failure = this.finished ? null : this.failure;
    await this.worker.terminate();
    return failure;
  }

  /** Stops the thread and deletes the side file. */
  async abort(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
    removeSideFile(this.path);
  }

  /** Resolves at the thread's next message, error or exit. */
  private next(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Deletes a side file (and a journal SQLite may have left): it is scratch. */
function removeSideFile(path: string): void {
  for (const p of [path, `${path}-journal`]) {
    try {
      rmSync(p, { force: true });
    } catch {
      // A directory in its place, say: the thread then fails to open it, and the import builds the index itself.
    }
  }
}
