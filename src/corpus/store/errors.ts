/**
 * Errors of the cable store. Codes, not wording (DESIGN.md, "Parsers return results with
 * codes"): the one place that turns a code into a sentence is {@link describeStoreError}.
 */

/**
 * Why a store could not be opened or used.
 *
 * - `missing`: the file does not exist (read-only open).
 * - `not-a-database`: the file exists but is not SQLite, or is SQLite but not a cablebot store.
 * - `corrupt`: a cablebot store that is damaged (truncated, tables missing, unreadable pages).
 * - `schema-old` / `schema-new`: built by an older / newer cablebot whose layout this one cannot read.
 * - `empty`: a valid store that holds no cables (an import that never ran or never committed).
 * - `invalid-cable`: a cable handed to `upsert` breaks an invariant the store relies on.
 * - `busy`: another connection holds a lock that keeps this one from reading (an exclusive
 *   transaction, `locking_mode = EXCLUSIVE`): SQLITE_BUSY / SQLITE_LOCKED. Passes when it lets go.
 * - `unreadable`: the file is there but cannot be read: an I/O error, no permission, a
 *   `-wal`/`-shm` file that cannot be opened (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM,
 *   SQLITE_READONLY_*), or the file system refusing it (EACCES, EIO).
 * - `index-pending`: the store's cables are whole but its full-text index is not built yet: an
 *   import that builds it at the end (store/side-index.ts) was stopped or is still running.
 *   Lookups work; searches and quote → source need the index.
 * - `disk-full`: a write failed because the disk (or the file's size limit) is full: SQLITE_FULL.
 *   The transaction in progress is rolled back, so the store keeps every cable committed before.
 */
export type StoreErrorCode =
  | 'missing'
  | 'not-a-database'
  | 'corrupt'
  | 'schema-old'
  | 'schema-new'
  | 'empty'
  | 'invalid-cable'
  | 'busy'
  | 'unreadable'
  | 'index-pending'
  | 'disk-full';

/** Construction options of a {@link StoreError}. */
export interface StoreErrorOptions {
  /** Extra facts for the message (what was found, what was expected); short, no sentence. */
  detail?: string;
  /** The cable concerned (`invalid-cable`). */
  cableId?: string;
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/** A coded failure of the cable store; `path` is the absolute path of the store file. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly path: string;
  readonly detail: string | undefined;
  readonly cableId: string | undefined;

  constructor(code: StoreErrorCode, path: string, options: StoreErrorOptions = {}) {
    // The message is for logs and stack traces; users see describeStoreError().
    super(`${code}: ${path}${options.detail === undefined ? '' : ` (${options.detail})`}`, { cause: options.cause });
    this.code = code;
    this.path = path;
    this.detail = options.detail;
    this.cableId = options.cableId;
  }
}

/** The import command a user runs to (re)build the store at `path`. */
function importCommand(path: string): string {
  return `npx cablebot import <cables.csv|dir> --db ${path}`;
}

/**
 * Renders a store error as ONE line for a person: which file, what is wrong, and the fix.
 * Used by the CLI and by the bot's start-up message.
 */
export function describeStoreError(err: StoreError): string {
  const facts = err.detail === undefined ? '' : ` (${err.detail})`;
  const rebuild = `delete the file and rebuild it with \`${importCommand(err.path)}\` (the bundled cables are in data/)`;
  switch (err.code) {
    case 'missing':
      return `Cable store ${err.path} does not exist: run \`${importCommand(err.path)}\` to build it, or point CABLEBOT_DB at an existing store.`;
    case 'not-a-database':
      return `${err.path} is not a cablebot cable store${facts}: check CABLEBOT_DB / --db, or ${rebuild}.`;
    case 'corrupt':
      return `Cable store ${err.path} is damaged${facts}: ${rebuild}.`;
    case 'schema-old':
      return `Cable store ${err.path} was built by an older cablebot${facts}: ${rebuild}.`;
    case 'schema-new':
      return `Cable store ${err.path} was built by a newer cablebot${facts}: upgrade cablebot, or ${rebuild}.`;
    case 'empty':
      return `Cable store ${err.path} holds no cables${facts}: run \`${importCommand(err.path)}\` to fill it.`;
    case 'invalid-cable':
      return `Cable ${err.cableId ?? '(no id)'} was not stored in ${err.path}${facts}: fix the source record or the parser and import again.`;
    case 'busy':
      return `Cable store ${err.path} is locked by another program${facts}: let it finish or stop it (an import or a backup holding an exclusive lock); reads resume once the lock is released.`;
    case 'unreadable':
      return `Cable store ${err.path} cannot be read${facts}: check the disk, the file's and its directory's permissions, and that CABLEBOT_DB points at it.`;
    case 'index-pending':
      return `The search index of cable store ${err.path} is not built yet: an import into it is running, or was stopped before its end — let it finish, or run the same import command again (lookups by ID work meanwhile).`;
    case 'disk-full':
      return `The disk holding cable store ${err.path} is full${facts}: nothing half-written was kept; free some space (the full release needs about 4.2 GB while it imports, 3.3 GB once done) and run the same command again to finish.`;
  }
}
