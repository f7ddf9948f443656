/**
 * Writing the cable store: idempotent upserts, batches in one transaction, build facts.
 */
import Database from 'better-sqlite3';
import type { ParsedCable } from '../types.ts';
import { CableStore, type BuildInfo } from './cable-store.ts';
import { guard, isSqliteError } from './classify.ts';
import { encodeCable, type EncodedCable } from './codec.ts';
import { StoreError } from './errors.ts';
import { asRow, blob, int, pluckedInt, text, textOrNull } from './rows.ts';
import { INDEX_PENDING_KEY } from './schema.ts';
import type { IndexOp } from './side-index.ts';
import { BACKSTOP_PAGES, WalCheckpointer } from './wal-checkpointer.ts';

/** What an upsert did: stored a new cable, replaced a different version, or found it identical. */
export type UpsertOutcome = 'imported' | 'updated' | 'unchanged';

/** A cable the store refused in a batch, and why (the same facts as an `invalid-cable` StoreError). */
export interface RejectedCable {
  id: string;
  detail: string;
}

/** Totals of a batch upsert. */
export interface UpsertSummary {
  imported: number;
  updated: number;
  unchanged: number;
  /** Cables skipped because they break the store's invariants; the rest of the batch is stored. */
  rejected: RejectedCable[];
}

function prepareWrites(db: Database.Database) {
  return {
    // Only columns on the row's first page: the body's overflow chain is not read.
    findForUpsert: db.prepare('SELECT pk, hash FROM cables WHERE id = ?'),
    insertCable: db.prepare(`
      INSERT INTO cables (id, canonical_id, station, created, released, classification, origin, subject, tags,
        classified_by, reasons, declassify, tid, partial, format, hash, summary, header, body)
      VALUES (@id, @canonical_id, @station, @created, @released, @classification, @origin, @subject, @tags,
        @classified_by, @reasons, @declassify, @tid, @partial, @format, @hash, @summary, @header, @body)`),
    // The row keeps its pk, so its FTS entry is replaced under the same rowid.
    updateCable: db.prepare(`
      UPDATE cables SET canonical_id = @canonical_id, station = @station, created = @created, released = @released,
        classification = @classification, origin = @origin, subject = @subject, tags = @tags,
        classified_by = @classified_by, reasons = @reasons, declassify = @declassify, tid = @tid,
        partial = @partial, format = @format, hash = @hash, summary = @summary, header = @header, body = @body
      WHERE pk = @pk`),
    // External-content FTS5: an entry is removed by handing back exactly the values it was
    // indexed with, which are the cable row's current values of the indexed columns.
    ftsColumns: db.prepare('SELECT subject, body, origin, station, created FROM cables WHERE pk = ?'),
    insertFts: db.prepare('INSERT INTO cables_fts (rowid, subject, body, origin, station, created) VALUES (?, ?, ?, ?, ?, ?)'),
    deleteFts: db.prepare(
      "INSERT INTO cables_fts (cables_fts, rowid, subject, body, origin, station, created) VALUES ('delete', ?, ?, ?, ?, ?, ?)",
    ),
    // Positional parameters on the per-paragraph and per-reference statements: binding from
    // a fresh object per row showed up in import profiles.
    insertParagraph: db.prepare(
      'INSERT INTO paragraphs (cable, ordinal, number, marking, heading, body_start, body_end, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteParagraphs: db.prepare('DELETE FROM paragraphs WHERE cable = ?'),
    insertRef: db.prepare('INSERT INTO refs (from_id, ordinal, to_id) VALUES (?, ?, ?)'),
    deleteRefs: db.prepare('DELETE FROM refs WHERE from_id = ?'),
    putMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    deleteMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
    countParagraphs: db.prepare('SELECT count(*) FROM paragraphs').pluck(),
    countRefs: db.prepare('SELECT count(*) FROM refs').pluck(),
  };
}

/**
 * A cable store opened for writing (and reading). Get one from `openWritableStore`.
 * Only one process should import into a file at a time; readers may run alongside (WAL).
 */
export class WritableCableStore extends CableStore {
  private readonly writes: ReturnType<typeof prepareWrites>;
  private readonly upsertTx: (cable: EncodedCable & { problem: null }) => UpsertOutcome;
  private readonly upsertManyTx: (cables: Iterable<EncodedCable>) => UpsertSummary;
  /** While the index is built on the side: the open bulk write's index operations, and where committed ones go. */
  private deferred: { ops: IndexOp[]; sink: (ops: IndexOp[]) => void } | null = null;

  /** @internal Use `openWritableStore`. */
  constructor(db: Database.Database, path: string) {
    super(db, path);
    this.writes = prepareWrites(db);
    this.upsertTx = db.transaction((cable: EncodedCable & { problem: null }) => this.write(cable));
    this.upsertManyTx = db.transaction((cables: Iterable<EncodedCable>) => this.writeAll(cables));
  }

  /**
   * Stores one cable, replacing the stored version of the same published ID: its row,
   * paragraphs, references and FTS entry. Re-storing an identical cable changes nothing.
   * Runs in its own transaction (or joins the caller's as a savepoint). For many cables
   * use {@link upsertMany}: one transaction per cable is far slower.
   * @throws StoreError `invalid-cable` when the cable breaks the store's invariants.
   */
  upsert(cable: ParsedCable): UpsertOutcome {
    this.assertIndexedInline();
    const encoded = encodeCable(cable);
    if (encoded.problem !== null) throw new StoreError('invalid-cable', this.path, { detail: encoded.problem, cableId: cable.id });
    return this.upsertTx(encoded);
  }

  /**
   * Upserts many cables in ONE transaction: all are stored, or on an SQLite error none.
   * Invalid cables are skipped and listed in `rejected` rather than failing the batch.
   * Callers should pass chunks (a few thousand cables) so progress is committed regularly and
   * memory stays flat; the importer, whose cables arrive encoded from its parse workers, uses
   * the bulk writes below instead.
   * @throws StoreError `disk-full` (SQLITE_FULL: the batch is rolled back, the cables committed
   *   before stay), `busy`, `unreadable` or `corrupt` for failures of the file.
   */
  upsertMany(cables: Iterable<ParsedCable>): UpsertSummary {
    this.assertIndexedInline();
    const encoded = Array.from(cables, encodeCable);
    return guard(this.path, () => this.upsertManyTx(encoded));
  }

  /**
   * Starts a bulk write: one transaction that several {@link writeBulk} calls add to, until
   * {@link commitBulk}. The importer writes each worker's batch of cables as it arrives and
   * commits every thousand, so between writes it goes on reading records and handing them to
   * its parse workers: one {@link upsertMany} of a thousand cables held this thread for a
   * third of a second, long enough for the workers to run out of records and wait.
   */
  beginBulk(): void {
    guard(this.path, () => this.db.exec('BEGIN'));
  }

  /**
   * Writes cables encoded by {@link encodeCable} into the bulk write begun by {@link beginBulk},
   * with {@link upsertMany}'s outcomes and rejections. On an error the whole bulk write is rolled
   * back (the cables committed before stay) and the error is thrown as upsertMany throws it.
   */
  writeBulk(cables: Iterable<EncodedCable>): UpsertSummary {
    if (!this.db.inTransaction) throw new Error('writeBulk: no bulk write begun (beginBulk)');
    try {
      return guard(this.path, () => this.writeAll(cables));
    } catch (err) {
      this.rollbackBulk();
      throw err;
    }
  }

  /**
   * Commits the bulk write; on an error it is rolled back and the error thrown (`disk-full`, …).
   * While the index is deferred ({@link deferIndex}), the committed cables' index operations then
   * go to its sink.
   */
  commitBulk(): void {
    try {
      guard(this.path, () => this.db.exec('COMMIT'));
    } catch (err) {
      this.rollbackBulk();
      throw err;
    }
    if (this.deferred !== null && this.deferred.ops.length > 0) {
      const ops = this.deferred.ops;
      this.deferred.ops = [];
      this.deferred.sink(ops);
    }
  }

  /**
   * Leaves the full-text index to a side build (side-index.ts) until {@link adoptIndex}: marks
   * the store `index_pending` and empties `cables_fts` (the side build indexes every stored
   * cable again), in one transaction; from then on the bulk writes hand each committed batch's
   * index operations to `sink` instead of running them. Searches refuse while it is pending.
   */
  deferIndex(sink: (ops: IndexOp[]) => void): void {
    guard(this.path, () =>
      this.db.transaction(() => {
        this.writes.putMeta.run(INDEX_PENDING_KEY, new Date().toISOString());
        this.db.exec("INSERT INTO cables_fts (cables_fts) VALUES ('delete-all')");
      })(),
    );
    this.deferred = { ops: [], sink };
  }

  /**
   * Makes the side index at `sidePath` (closed, built from every cable of the store) the store's
   * full-text index and clears `index_pending`, in one transaction: its shadow tables' rows
   * replace the store's. Runs on a connection of its own, so this connection's FTS5 module
   * reads the new index afresh (it notices another connection's commit, not its own), with the
   * store switched to a rollback journal for the copy when no reader has it open (the 800 MB
   * of the full release's index are then written once, not to the log and again into the file:
   * 3.7 s instead of 7.2).
   */
  adoptIndex(sidePath: string): void {
    if (this.db.inTransaction) throw new Error('adoptIndex: a bulk write is open');
    guard(this.path, () => {
      const walOff = this.setJournalMode('DELETE');
      try {
        const copier = new Database(this.path, { fileMustExist: true });
        try {
          copier.pragma('busy_timeout = 5000');
          // SQLite's default here is 16 MB; the copy streams, it needs no cache.
          copier.pragma('cache_size = -2048');
          copier.prepare('ATTACH DATABASE ? AS side').run(sidePath);
          // Shadow tables are read-only in SQLite's defensive mode, which better-sqlite3 turns on.
          copier.unsafeMode(true);
          copier.transaction(() => {
            for (const table of ['cables_fts_data', 'cables_fts_idx', 'cables_fts_docsize']) {
              copier.exec(`DELETE FROM main.${table}`);
              copier.exec(`INSERT INTO main.${table} SELECT * FROM side.${table}`);
            }
            copier.prepare('DELETE FROM meta WHERE key = ?').run(INDEX_PENDING_KEY);
          })();
          copier.unsafeMode(false);
          copier.exec('DETACH DATABASE side');
        } finally {
          copier.close();
        }
      } finally {
        if (walOff) this.setJournalMode('WAL');
      }
    });
    this.deferred = null;
  }

  /**
   * Builds the full-text index from the stored cables on this connection and clears
   * `index_pending`, in one transaction: the fallback when the side build failed.
   */
  rebuildIndex(): void {
    if (this.db.inTransaction) throw new Error('rebuildIndex: a bulk write is open');
    guard(this.path, () =>
      this.db.transaction(() => {
        this.db.exec("INSERT INTO cables_fts (cables_fts) VALUES ('rebuild')");
        this.writes.deleteMeta.run(INDEX_PENDING_KEY);
      })(),
    );
    this.deferred = null;
  }

  /**
   * Hands the WAL checkpoints to a thread of their own until the returned `stop` (see
   * wal-checkpointer.ts): a bulk import's commits then only append to the log. Call `stop`
   * when the import ends, however it ends; it restores the automatic checkpoints.
   */
  checkpointInBackground(): { stop: () => Promise<void> } {
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const checkpointer = new WalCheckpointer(this.path);
    return {
      stop: async () => {
        await checkpointer.stop();
        if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
      },
    };
  }

  /** Drops what the bulk write holds, if one is open. */
  rollbackBulk(): void {
    if (this.deferred !== null) this.deferred.ops = [];
    // SQLite may have rolled the transaction back itself (SQLITE_FULL, an I/O error).
    if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  /** Records the source and current row counts in `meta`; call at the end of an import. */
  recordBuild(info: { source: string }): BuildInfo {
    const builtAt = new Date().toISOString();
    this.db.transaction(() => {
      this.writes.putMeta.run('source', info.source);
      this.writes.putMeta.run('built_at', builtAt);
      this.writes.putMeta.run('cables', String(this.count()));
      this.writes.putMeta.run('paragraphs', String(pluckedInt(this.writes.countParagraphs.get(), 'count')));
      this.writes.putMeta.run('refs', String(pluckedInt(this.writes.countRefs.get(), 'count')));
    })();
    return this.buildInfo();
  }

  /**
   * Merges the FTS index into one segment (faster searches) and refreshes the query
   * planner's statistics. Takes a while on a full corpus; call once after a big import.
   */
  optimize(): void {
    this.db.exec("INSERT INTO cables_fts (cables_fts) VALUES ('optimize')");
    this.db.pragma('optimize');
  }

  /**
   * Checkpoints the WAL and switches the file back to rollback-journal mode, so the store
   * is one self-contained file that a read-only connection can open even where it cannot
   * create `-wal`/`-shm` files (a read-only mount, a container image). If other
   * connections are reading it, the switch is impossible and the file stays in WAL mode,
   * which readers with a writable directory handle fine. Then closes the connection.
   */
  override close(): void {
    if (!this.db.open) return;
    // guard: a checkpoint on a full disk fails SQLITE_FULL, which becomes StoreError `disk-full`.
    guard(this.path, () => this.closeConnection());
  }

  private closeConnection(): void {
    try {
      this.db.pragma('optimize');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      try {
        this.db.pragma('journal_mode = DELETE');
      } catch (err) {
        // SQLITE_BUSY: another connection has the file open; leaving WAL mode on is correct then.
        if (!(isSqliteError(err) && err.code === 'SQLITE_BUSY')) throw err;
      }
    } finally {
      this.db.close();
    }
  }

  /** Every cable of `cables` written or rejected; the caller provides the transaction. */
  private writeAll(cables: Iterable<EncodedCable>): UpsertSummary {
    const summary: UpsertSummary = { imported: 0, updated: 0, unchanged: 0, rejected: [] };
    for (const cable of cables) {
      if (cable.problem !== null) {
        summary.rejected.push({ id: cable.id, detail: cable.problem });
        continue;
      }
      summary[this.write(cable)]++;
    }
    return summary;
  }

  /** upsert/upsertMany index inline: they are not for an import whose index is built on the side. */
  private assertIndexedInline(): void {
    if (this.deferred !== null) throw new Error('upsert: the index is deferred to a side build (deferIndex); use the bulk writes');
  }

  /** Sets the journal mode; false when another connection keeps the file in WAL mode (SQLITE_BUSY). */
  private setJournalMode(mode: 'DELETE' | 'WAL'): boolean {
    try {
      this.db.pragma(`journal_mode = ${mode}`);
      return true;
    } catch (err) {
      if (isSqliteError(err) && err.code === 'SQLITE_BUSY') return false;
      throw err;
    }
  }

  /** The upsert itself; the caller provides the transaction and has encoded (checked) the cable. */
  private write(cable: EncodedCable & { problem: null }): UpsertOutcome {
    const { row, paragraphs } = cable;
    const found = this.writes.findForUpsert.get(row.id);
    let pk: number;
    let outcome: UpsertOutcome;
    if (found === undefined) {
      pk = toPk(this.writes.insertCable.run(row).lastInsertRowid);
      outcome = 'imported';
    } else {
      const existing = asRow(found, 'cables');
      if (blob(existing, 'hash').equals(row.hash)) return 'unchanged';
      pk = int(existing, 'pk');
      const indexed = asRow(this.writes.ftsColumns.get(pk), 'cables');
      const subject = textOrNull(indexed, 'subject');
      const body = text(indexed, 'body');
      const origin = text(indexed, 'origin');
      const station = textOrNull(indexed, 'station');
      const created = text(indexed, 'created');
      if (this.deferred !== null) this.deferred.ops.push([0, pk, blob(existing, 'hash').toString('hex'), subject, body, origin, station, created]);
      else this.writes.deleteFts.run(pk, subject, body, origin, station, created);
      this.writes.updateCable.run({ ...row, pk });
      this.writes.deleteParagraphs.run(pk);
      this.writes.deleteRefs.run(row.id);
      outcome = 'updated';
    }
    if (this.deferred !== null) this.deferred.ops.push([1, pk, Buffer.from(row.hash.buffer, row.hash.byteOffset, row.hash.byteLength).toString('hex')]);
    else this.writes.insertFts.run(pk, row.subject, row.body, row.origin, row.station, row.created);
    for (const p of paragraphs) {
      this.writes.insertParagraph.run(pk, p.ordinal, p.number, p.marking, p.heading, p.body_start, p.body_end, p.text);
    }
    for (const [ordinal, to] of cable.references.entries()) this.writes.insertRef.run(row.id, ordinal, to);
    return outcome;
  }
}

function toPk(rowid: number | bigint): number {
  // better-sqlite3 returns a bigint only beyond 2^53, which 251,287 cables never reach.
  return typeof rowid === 'bigint' ? Number(rowid) : rowid;
}
