/**
 * Opening a store file, with checks that are cheap but real: `PRAGMA quick_check` reads
 * every page (minutes on a full corpus), so instead the file header is read directly
 * (magic, page size, size against the header's page count to catch truncation), then the
 * schema, versions and `meta` are read through SQLite, and a read-only store touches
 * its last cable row and the FTS index structure. Damage deeper in the file still
 * surfaces later, as a `corrupt` StoreError from the query that meets it.
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CableStore } from './cable-store.ts';
import { classifyError } from './classify.ts';
import { StoreError } from './errors.ts';
import { asRow, pluckedInt, pluckedText, text } from './rows.ts';
import {
  APPLICATION_ID,
  MIGRATIONS,
  PAGE_SIZE,
  REQUIRED_OBJECTS,
  SCHEMA_VERSION,
  configureReader,
  configureWriter,
  createSchema,
} from './schema.ts';
import { WritableCableStore } from './writable-store.ts';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_SIZE = 100;

type FileState = 'missing' | 'zero-bytes' | 'sqlite';

/**
 * Reads the 100-byte SQLite header (https://sqlite.org/fileformat.html#the_database_header)
 * without SQLite, so "not a database" and "truncated" are told apart before any query.
 */
function probeFile(path: string): FileState {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 'missing';
  if (!stat.isFile()) throw new StoreError('not-a-database', path, { detail: 'not a regular file' });
  if (stat.size === 0) return 'zero-bytes';
  const header = Buffer.alloc(HEADER_SIZE);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, HEADER_SIZE, 0);
  } finally {
    closeSync(fd);
  }
  const magicLength = Math.min(read, MAGIC.length);
  if (!header.subarray(0, magicLength).equals(MAGIC.subarray(0, magicLength))) {
    throw new StoreError('not-a-database', path, { detail: 'no SQLite header' });
  }
  if (read < HEADER_SIZE) throw new StoreError('corrupt', path, { detail: `truncated to ${read} bytes` });
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new StoreError('corrupt', path, { detail: `bad page size ${rawPageSize}` });
  }
  // With a non-empty WAL, pages may still live in the -wal file (or a checkpoint may have
  // been interrupted after writing page 1), so the main file's size proves nothing.
  const wal = statSync(`${path}-wal`, { throwIfNoEntry: false });
  if (wal === undefined || wal.size === 0) {
    const pageCount = header.readUInt32BE(28);
    // The header's page count is only valid when the change counter matches version-valid-for.
    const countValid = pageCount > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
    const expected = pageCount * pageSize;
    if (countValid && stat.size < expected) {
      throw new StoreError('corrupt', path, { detail: `truncated: ${stat.size} of ${expected} bytes` });
    }
    if (stat.size % pageSize !== 0) {
      throw new StoreError('corrupt', path, { detail: `size ${stat.size} is not a multiple of the page size ${pageSize}` });
    }
  }
  return 'sqlite';
}

/**
 * Checks what SQLite says about an open file. 'blank' means an SQLite file with nothing in
 * it (e.g. a zero-byte file): a writer creates the schema there.
 */
function inspect(db: Database.Database, path: string, mode: 'read' | 'write'): 'blank' | 'store' {
  const applicationId = pluckedInt(db.pragma('application_id', { simple: true }), 'application_id');
  const version = pluckedInt(db.pragma('user_version', { simple: true }), 'user_version');
  const objects = new Set(db.prepare('SELECT name FROM sqlite_schema').pluck().all().map((v) => pluckedText(v, 'sqlite_schema.name')));
  if (objects.size === 0 && applicationId === 0 && version === 0) return 'blank';
  if (applicationId !== APPLICATION_ID) {
    // Refuse rather than write our tables into another program's database.
    throw new StoreError('not-a-database', path, {
      detail: `an SQLite database of another application (application_id ${applicationId})`,
    });
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError('schema-new', path, { detail: `schema ${version}; this cablebot reads ${SCHEMA_VERSION}` });
  }
  if (version < SCHEMA_VERSION) {
    if (mode === 'read' || !canMigrate(version)) {
      throw new StoreError('schema-old', path, { detail: `schema ${version}; this cablebot reads ${SCHEMA_VERSION}` });
    }
    migrate(db, version);
  }
  for (const name of REQUIRED_OBJECTS) {
    if (!objects.has(name)) throw new StoreError('corrupt', path, { detail: `${name} is missing` });
  }
  const metaVersion = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get();
  if (metaVersion === undefined || text(asRow(metaVersion, 'meta'), 'value') !== String(SCHEMA_VERSION)) {
    throw new StoreError('corrupt', path, { detail: 'meta.schema_version disagrees with the file header' });
  }
  return 'store';
}

function canMigrate(from: number): boolean {
  for (let v = from; v < SCHEMA_VERSION; v++) if (MIGRATIONS[v] === undefined) return false;
  return true;
}

function migrate(db: Database.Database, from: number): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v];
      if (step === undefined) throw new Error(`no migration from schema ${v}`);
      step(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  })();
}

/** Opens `path` with better-sqlite3 and runs `fn`; on failure closes the connection and classifies the error. */
function openChecked<T>(path: string, options: Database.Options, fn: (db: Database.Database) => T): T {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, options);
    return fn(db);
  } catch (err) {
    db?.close();
    throw classifyError(err, path) ?? err;
  }
}

/** Options of {@link openReadonlyStore}. */
export interface ReadonlyStoreOptions {
  /**
   * How long a query waits for another connection's lock before failing with StoreError
   * `busy`, in milliseconds. Default: better-sqlite3's 5,000. The wait is synchronous: it
   * blocks the whole thread, so a long-running server passes a short one.
   */
  busyTimeoutMs?: number;
}

/**
 * Opens a store for reading only (`readonly: true, fileMustExist: true`): nothing is ever
 * written, and the file is checked first.
 * @throws StoreError `missing`, `not-a-database`, `corrupt`, `schema-old`, `schema-new`,
 *   `empty`, `busy` or `unreadable`; render it with `describeStoreError`.
 */
export function openReadonlyStore(path: string, options: ReadonlyStoreOptions = {}): CableStore {
  const abs = resolve(path);
  const state = probeFile(abs);
  if (state === 'missing') throw new StoreError('missing', abs);
  if (state === 'zero-bytes') throw new StoreError('empty', abs, { detail: 'a zero-byte file' });
  const timeout = options.busyTimeoutMs === undefined ? {} : { timeout: options.busyTimeoutMs };
  return openChecked(abs, { readonly: true, fileMustExist: true, ...timeout }, (db) => {
    if (inspect(db, abs, 'read') === 'blank') throw new StoreError('empty', abs, { detail: 'no tables' });
    // The last row is read in full (its overflow pages too) and the FTS structure record is
    // parsed: both fail on a file cut short or scrambled, at the cost of a few page reads.
    const last = db.prepare('SELECT id, length(body) FROM cables ORDER BY pk DESC LIMIT 1').get();
    if (last === undefined) throw new StoreError('empty', abs);
    db.prepare("SELECT rowid FROM cables_fts WHERE cables_fts MATCH '\"cablebot\"' LIMIT 1").all();
    configureReader(db);
    return new CableStore(db, abs);
  });
}

/**
 * @internal For `cablebot check` (../check.ts): the read-only connection itself, after the
 * same file, schema and version checks as {@link openReadonlyStore}, but a store with no
 * cables is accepted (an import stopped before its first batch leaves one; it is consistent).
 * @throws StoreError `missing`, `not-a-database`, `corrupt`, `schema-old`, `schema-new`,
 *   `empty` (a zero-byte file or one without tables), `busy` or `unreadable`.
 */
export function openReadonlyDatabase(path: string): { db: Database.Database; path: string } {
  const abs = resolve(path);
  const state = probeFile(abs);
  if (state === 'missing') throw new StoreError('missing', abs);
  if (state === 'zero-bytes') throw new StoreError('empty', abs, { detail: 'a zero-byte file' });
  const db = openChecked(abs, { readonly: true, fileMustExist: true }, (db) => {
    if (inspect(db, abs, 'read') === 'blank') throw new StoreError('empty', abs, { detail: 'no tables' });
    configureReader(db);
    return db;
  });
  return { db, path: abs };
}

/**
 * Opens a store for writing, creating the file (and its directory) and the schema if new.
 * An older schema is upgraded when a migration exists, else refused.
 * @throws StoreError `not-a-database` (also for another program's SQLite file, which is
 *   never written to), `corrupt`, `schema-old` or `schema-new`.
 */
export function openWritableStore(path: string): WritableCableStore {
  const abs = resolve(path);
  const state = probeFile(abs);
  if (state === 'missing') mkdirSync(dirname(abs), { recursive: true });
  return openChecked(abs, {}, (db) => {
    if (inspect(db, abs, 'write') === 'blank') {
      // The page size must be set before the first table exists and before WAL mode.
      db.pragma(`page_size = ${PAGE_SIZE}`);
      createSchema(db, new Date().toISOString());
    }
    configureWriter(db);
    return new WritableCableStore(db, abs);
  });
}
