/**
 * WAL checkpoints of a bulk import, run on a thread of their own.
 *
 * A writer in WAL mode copies the log back into the database file itself, inside the commit
 * that takes the log past `wal_autocheckpoint` pages (1,000 by default: 16 MB here): during an
 * import that was most commits, and each checkpoint writes the pages again and waits for an
 * fsync on the thread that also feeds the parse workers and writes SQLite (measured on 30,000
 * synthetic records: commits took 90–120 µs a cable with checkpoints, 50–70 without). SQLite
 * lets another connection checkpoint while the writer goes on appending to the log
 * (https://sqlite.org/wal.html#application_initiated_checkpoints), so the import hands them
 * to this thread's connection and keeps only a far-off automatic checkpoint as a backstop.
 * The log restarts from its beginning whenever the writer finds it all copied back, so it
 * stays near the size of what one commit writes.
 *
 * The thread runs a few lines of plain JavaScript (only better-sqlite3), so it needs no
 * compiled bundle and costs little memory. A checkpoint that fails (a full disk, a busy
 * file) is retried at the next round and changes nothing: the pages stay in the log, which
 * is as valid a place for them as the file, and the writer's own errors report the cause.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the log may reach before the writer checkpoints after all (the backstop): 256 MB. */
export const BACKSTOP_PAGES = 16_384;

/** Milliseconds between checkpoints when the last one found nothing left to copy. */
const IDLE_MS = 25;

const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
let stopping = false;
parentPort.on('message', () => { stopping = true; });
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    return r.log > r.checkpointed;
  } catch {
    return false;
  }
};
const round = () => {
  if (stopping) {
    db.close();
    parentPort.postMessage('stopped');
    return;
  }
  setTimeout(round, checkpoint() ? 0 : ${IDLE_MS});
};
round();
`;

/** A running checkpoint thread; {@link stop} ends it. */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly stopped: Promise<void>;

  /** Starts checkpointing `path` (a store in WAL mode) on a new thread. */
  constructor(path: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // A tiny heap: the thread only calls into SQLite.
    this.worker = new Worker(CODE, { eval: true, workerData: { path, driver }, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 } });
    this.worker.unref();
    this.stopped = new Promise((resolve) => {
      this.worker.once('message', () => resolve());
      // A thread that could not start (the file vanished) checkpoints nothing; the writer's
      // backstop still does, so this is no failure of the import.
      this.worker.once('error', () => resolve());
      this.worker.once('exit', () => resolve());
    });
  }

  /** Ends the thread after its current checkpoint; resolves once its connection is closed. */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await this.stopped;
    await this.worker.terminate();
  }
}
