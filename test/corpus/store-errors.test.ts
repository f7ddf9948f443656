import { mkdirSync, openSync, closeSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync, copyFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SCHEMA_VERSION,
  StoreError,
  describeStoreError,
  openReadonlyStore,
  openWritableStore,
  type StoreErrorCode,
} from '../../src/corpus/store.ts';
import { classifyError } from '../../src/corpus/store/classify.ts';
import type { ParsedCable } from '../../src/corpus/types.ts';
import { moscow3335, moscow5740, moscow754, tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('store-errors'));
});
afterEach(() => cleanup());

/** The StoreError `fn` throws (failing the test if it throws something else or nothing). */
function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

/** A real store with `n` cables (copies of 06MOSCOW754 under other serials), closed. */
function buildStore(path: string, n = 1): string {
  const store = openWritableStore(path);
  const base = moscow754();
  const cables: ParsedCable[] = [];
  for (let i = 0; i < n; i++) {
    const id = i === 0 ? base.id : `06MOSCOW${1000 + i}`;
    cables.push({ ...base, id, canonicalId: id });
  }
  store.upsertMany(cables);
  store.close();
  return path;
}

function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

function expectCode(fn: () => unknown, code: StoreErrorCode, path: string): StoreError {
  const err = storeErrorOf(fn);
  expect(err.code).toBe(code);
  expect(err.path).toBe(path);
  return err;
}

describe('openReadonlyStore errors', () => {
  it('GIVEN no file THEN missing, and the description names the file and the import command', () => {
    const path = join(dir, 'nope.db');
    const err = expectCode(() => openReadonlyStore(path), 'missing', path);
    const line = describeStoreError(err);
    expect(line).toContain(path);
    expect(line).toContain('npx cablebot import');
    expect(line).not.toContain('\n');
  });

  it('GIVEN a relative path THEN the error carries the absolute path', () => {
    const err = storeErrorOf(() => openReadonlyStore('definitely-not-here.db'));
    expect(err.path).toBe(join(process.cwd(), 'definitely-not-here.db'));
  });

  it('GIVEN random bytes THEN not-a-database', () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, randomBytes(64 * 1024));
    expectCode(() => openReadonlyStore(path), 'not-a-database', path);
  });

  it('GIVEN a text file (the seed cable) THEN not-a-database', () => {
    const path = join(dir, 'cable.db');
    copyFileSync(new URL('../fixtures/seed/06MOSCOW754.txt', import.meta.url), path);
    expectCode(() => openReadonlyStore(path), 'not-a-database', path);
  });

  it('GIVEN a directory THEN not-a-database', () => {
    const path = join(dir, 'adir.db');
    mkdirSync(path);
    expectCode(() => openReadonlyStore(path), 'not-a-database', path);
  });

  it("GIVEN another application's SQLite database THEN not-a-database", () => {
    const path = join(dir, 'other.db');
    tamper(path, 'CREATE TABLE cables (id TEXT); INSERT INTO cables VALUES (1);');
    const err = expectCode(() => openReadonlyStore(path), 'not-a-database', path);
    expect(err.detail).toMatch(/another application/);
  });

  it('GIVEN a real store truncated to half THEN corrupt, without a slow full check', () => {
    const path = buildStore(join(dir, 'cut.db'), 300);
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(1_000_000);
    truncateSync(path, Math.floor(size / 2 / 65536) * 65536); // a whole number of pages, whatever their size
    const err = expectCode(() => openReadonlyStore(path), 'corrupt', path);
    expect(err.detail).toMatch(/truncated/);
    expect(describeStoreError(err)).toMatch(/damaged.*delete the file and rebuild it with `npx cablebot import/);
  });

  it('GIVEN a store cut inside its header or mid-page THEN corrupt', () => {
    const path = buildStore(join(dir, 'cut.db'));
    const copy = join(dir, 'cut2.db');
    copyFileSync(path, copy);
    truncateSync(path, 50);
    expectCode(() => openReadonlyStore(path), 'corrupt', path);
    truncateSync(copy, statSync(copy).size - 100);
    expectCode(() => openReadonlyStore(copy), 'corrupt', copy);
  });

  it('GIVEN a store whose pages after the first are overwritten THEN corrupt', () => {
    const path = buildStore(join(dir, 'scrambled.db'), 50);
    const size = statSync(path).size;
    const raw = readFileSync(path).readUInt16BE(16); // from the SQLite file header
    const pageSize = raw === 1 ? 65536 : raw; // the header writes 65536 as 1
    const fd = openSync(path, 'r+');
    // Page 1 (header and schema) stays intact, so only reading the tables can notice.
    writeSync(fd, randomBytes(size - pageSize), 0, size - pageSize, pageSize);
    closeSync(fd);
    expectCode(() => openReadonlyStore(path), 'corrupt', path);
  });

  it('GIVEN a store missing an index THEN corrupt naming it', () => {
    const path = buildStore(join(dir, 'noindex.db'));
    tamper(path, 'DROP INDEX refs_to');
    const err = expectCode(() => openReadonlyStore(path), 'corrupt', path);
    expect(err.detail).toBe('refs_to is missing');
  });

  it('GIVEN meta disagreeing with the header version THEN corrupt', () => {
    const path = buildStore(join(dir, 'meta.db'));
    tamper(path, "UPDATE meta SET value = '7' WHERE key = 'schema_version'");
    expectCode(() => openReadonlyStore(path), 'corrupt', path);
  });

  it('GIVEN a row with a malformed JSON column THEN reading it is a corrupt StoreError, not a crash', () => {
    const path = buildStore(join(dir, 'row.db'));
    tamper(path, "UPDATE cables SET tags = 'PGOV, PREL' WHERE id = '06MOSCOW754'");
    const store = openReadonlyStore(path);
    try {
      const err = expectCode(() => store.getCable('06MOSCOW754'), 'corrupt', path);
      expect(err.detail).toMatch(/tags: not JSON/);
      // Other reads of that row still work.
      expect(store.has('06MOSCOW754')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('GIVEN an older schema version THEN schema-old', () => {
    const path = buildStore(join(dir, 'old.db'));
    tamper(path, 'PRAGMA user_version = 0');
    const err = expectCode(() => openReadonlyStore(path), 'schema-old', path);
    expect(err.detail).toBe(`schema 0; this cablebot reads ${SCHEMA_VERSION}`);
    expect(describeStoreError(err)).toMatch(/older cablebot/);
  });

  it('GIVEN a newer schema version THEN schema-new, and the fix offers an upgrade', () => {
    const path = buildStore(join(dir, 'new.db'));
    tamper(path, `PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const err = expectCode(() => openReadonlyStore(path), 'schema-new', path);
    expect(describeStoreError(err)).toMatch(/newer cablebot.*upgrade cablebot/);
  });

  it('GIVEN a store with the schema but no cables THEN empty', () => {
    const path = join(dir, 'empty.db');
    openWritableStore(path).close();
    const err = expectCode(() => openReadonlyStore(path), 'empty', path);
    expect(describeStoreError(err)).toMatch(/holds no cables: run `npx cablebot import <cables.csv\|dir> --db /);
  });

  it('GIVEN a zero-byte file or a blank SQLite file THEN empty', () => {
    const zero = join(dir, 'zero.db');
    writeFileSync(zero, '');
    expectCode(() => openReadonlyStore(zero), 'empty', zero);
    const blank = join(dir, 'blank.db');
    tamper(blank, 'CREATE TABLE t (x); DROP TABLE t;');
    expectCode(() => openReadonlyStore(blank), 'empty', blank);
  });

  it('GIVEN any code THEN describeStoreError renders one line with the path', () => {
    const codes: StoreErrorCode[] = ['missing', 'not-a-database', 'corrupt', 'schema-old', 'schema-new', 'empty', 'invalid-cable', 'busy', 'unreadable', 'disk-full'];
    for (const code of codes) {
      const line = describeStoreError(new StoreError(code, '/srv/cablebot/cables.db', { detail: 'x', cableId: '06MOSCOW754' }));
      expect(line).toContain('/srv/cablebot/cables.db');
      expect(line).not.toMatch(/\n/);
    }
  });

  it('GIVEN SQLite failures of the file rather than of the code THEN they are classified: locks busy, I/O and open failures unreadable; a write on a read-only connection is not', () => {
    const path = '/srv/cablebot/cables.db';
    const cases: [string, StoreErrorCode | null][] = [
      ['SQLITE_BUSY', 'busy'],
      ['SQLITE_BUSY_SNAPSHOT', 'busy'],
      ['SQLITE_LOCKED', 'busy'],
      ['SQLITE_IOERR_READ', 'unreadable'],
      ['SQLITE_IOERR_FSTAT', 'unreadable'],
      ['SQLITE_CANTOPEN', 'unreadable'],
      ['SQLITE_PERM', 'unreadable'],
      ['SQLITE_READONLY_CANTINIT', 'unreadable'],
      ['SQLITE_IOERR_SHORT_READ', 'corrupt'],
      ['SQLITE_CORRUPT_VTAB', 'corrupt'],
      ['SQLITE_NOTADB', 'not-a-database'],
      ['SQLITE_FULL', 'disk-full'],
      ['SQLITE_READONLY', null],
      ['SQLITE_ERROR', null],
    ];
    for (const [sqliteCode, expected] of cases) {
      const classified = classifyError(new Database.SqliteError(`${sqliteCode} happened`, sqliteCode), path);
      expect([sqliteCode, classified?.code ?? null]).toEqual([sqliteCode, expected]);
    }
  });

  it('GIVEN a store locked by another connection THEN opening it with a short busy timeout fails busy in about that time', () => {
    const path = buildStore(join(dir, 'locked.db'));
    const locker = new Database(path);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const started = performance.now();
      const err = expectCode(() => openReadonlyStore(path, { busyTimeoutMs: 50 }), 'busy', path);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(describeStoreError(err)).toMatch(/is locked by another program.*let it finish or stop it/);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  });
});

describe('openWritableStore errors', () => {
  it('GIVEN random bytes THEN not-a-database and the file is not touched', () => {
    const path = join(dir, 'garbage.db');
    const bytes = randomBytes(10_000);
    writeFileSync(path, bytes);
    expectCode(() => openWritableStore(path), 'not-a-database', path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("GIVEN another application's SQLite database THEN it is refused and left unchanged", () => {
    const path = join(dir, 'other.db');
    tamper(path, 'CREATE TABLE notes (body TEXT)');
    const before = readFileSync(path);
    expectCode(() => openWritableStore(path), 'not-a-database', path);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('GIVEN an older schema without a migration THEN schema-old; a newer one THEN schema-new', () => {
    const old = buildStore(join(dir, 'old.db'));
    tamper(old, 'PRAGMA user_version = 0');
    expectCode(() => openWritableStore(old), 'schema-old', old);
    const newer = buildStore(join(dir, 'new.db'));
    tamper(newer, `PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    expectCode(() => openWritableStore(newer), 'schema-new', newer);
  });

  it('GIVEN a truncated store THEN corrupt', () => {
    const path = buildStore(join(dir, 'cut.db'), 100);
    truncateSync(path, 65536); // a whole number of pages, far fewer than the store has
    expectCode(() => openWritableStore(path), 'corrupt', path);
  });

  it('GIVEN a blank SQLite file THEN the schema is created in it', () => {
    const path = join(dir, 'blank.db');
    tamper(path, 'CREATE TABLE t (x); DROP TABLE t;');
    const store = openWritableStore(path);
    expect(store.upsertMany([moscow5740(), moscow3335()]).imported).toBe(2);
    store.close();
    const reader = openReadonlyStore(path);
    expect(reader.count()).toBe(2);
    reader.close();
  });
});
