/**
 * Maps low-level failures (SQLite result codes, rows of the wrong type) onto StoreError
 * codes, so a damaged file reads as "corrupt: rebuild it" rather than a stack trace.
 */
import Database from 'better-sqlite3';
import { StoreError } from './errors.ts';
import { BadRowError } from './rows.ts';

/** True for better-sqlite3's SqliteError (carries the extended SQLite result code as `code`). */
export function isSqliteError(err: unknown): err is InstanceType<typeof Database.SqliteError> {
  return err instanceof Database.SqliteError;
}

/**
 * The StoreError `err` stands for, or null when it is not a store-file problem (a bug, a
 * full disk, a busy database) and must propagate as it is.
 */
export function classifyError(err: unknown, path: string): StoreError | null {
  if (err instanceof StoreError) return err;
  if (err instanceof BadRowError) return new StoreError('corrupt', path, { detail: err.message, cause: err });
  if (!isSqliteError(err)) return null;
  // Extended codes: SQLITE_CORRUPT_VTAB (FTS5 index), SQLITE_CORRUPT_INDEX, SQLITE_IOERR_SHORT_READ (truncated file)...
  if (err.code === 'SQLITE_NOTADB') return new StoreError('not-a-database', path, { detail: err.message, cause: err });
  if (err.code.startsWith('SQLITE_CORRUPT') || err.code === 'SQLITE_IOERR_SHORT_READ') {
    return new StoreError('corrupt', path, { detail: err.message, cause: err });
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
