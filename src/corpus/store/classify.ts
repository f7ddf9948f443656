/**
 * Maps low-level failures (SQLite result codes, rows of the wrong type) onto StoreError
 * codes, so a damaged file reads as "corrupt: rebuild it", a locked one as "busy" and a
 * vanished disk as "unreadable", rather than a stack trace.
 */
import Database from 'better-sqlite3';
import { StoreError, type StoreErrorCode } from './errors.ts';
import { BadRowError } from './rows.ts';

/** True for better-sqlite3's SqliteError (carries the extended SQLite result code as `code`). */
export function isSqliteError(err: unknown): err is InstanceType<typeof Database.SqliteError> {
  return err instanceof Database.SqliteError;
}

/**
 * The StoreError `err` stands for, or null when it is not a store-file problem (a bug such
 * as a write on a read-only connection, a statement SQLite rejects) and must propagate as it is.
 */
export function classifyError(err: unknown, path: string): StoreError | null {
  if (err instanceof StoreError) return err;
  if (err instanceof BadRowError) return new StoreError('corrupt', path, { detail: err.message, cause: err });
  if (!isSqliteError(err)) return null;
  const code = err.code;
  const as = (storeCode: StoreErrorCode): StoreError => new StoreError(storeCode, path, { detail: err.message, cause: err });
  // Extended codes: SQLITE_CORRUPT_VTAB (FTS5 index), SQLITE_CORRUPT_INDEX, SQLITE_IOERR_SHORT_READ (truncated file)...
  if (code === 'SQLITE_NOTADB') return as('not-a-database');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') return as('corrupt');
  // Another connection's lock outlasted the busy timeout (SQLITE_BUSY_SNAPSHOT, _RECOVERY...;
  // SQLITE_LOCKED is the same within one process).
  // The disk, or a size limit (max_page_count, RLIMIT_FSIZE), is full.
  if (code === 'SQLITE_FULL') return as('disk-full');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return as('busy');
  // The file (or its -wal/-shm, or its directory) exists but cannot be read or opened.
  // Plain SQLITE_READONLY is not here: it is a write attempted on a read-only connection, a bug.
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_READONLY_')) {
    return as('unreadable');
  }
  return null;
}

/** Runs `fn`, rethrowing store-file problems as StoreErrors and anything else unchanged. */
export function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw classifyError(err, path) ?? err;
  }
}
