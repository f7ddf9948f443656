/**
 * `checkStore` on real stores in a temp folder: built from the hand-made fixture cables,
 * then damaged with plain SQL the way a half-finished write or a bad tool would leave them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStore, probeWord } from '../../src/corpus/check.ts';
import { StoreError, openWritableStore } from '../../src/corpus/store.ts';
import type { ParsedCable } from '../../src/corpus/types.ts';
import { manama492, manama539, moscow3335, moscow5740, moscow754, tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('check')));
afterEach(() => cleanup());

const CABLES = (): ParsedCable[] => [moscow754(), moscow5740(), moscow3335(), manama492(), manama492(true), manama539()];

/** A store holding `batches` of cables, each batch one upsertMany (one import run). */
function build(name: string, batches: ParsedCable[][]): string {
  const path = join(dir, name);
  for (const batch of batches) {
    const store = openWritableStore(path);
    store.upsertMany(batch);
    store.close();
  }
  return path;
}

function tamper(path: string, fn: (db: Database.Database) => void): void {
  const db = new Database(path);
  // Off, as in a bad tool: the store's writer enforces them (better-sqlite3 turns them on by default).
  db.pragma('foreign_keys = OFF');
  fn(db);
  db.close();
}

/** The documented checksum, computed independently: SHA-256 of `id\thex(hash)\n` in SQLite's id order. */
function expectedChecksum(path: string): string {
  const db = new Database(path, { readonly: true });
  const lines = db.prepare("SELECT id || char(9) || lower(hex(hash)) || char(10) FROM cables ORDER BY id").pluck().all();
  db.close();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

describe('GIVEN a whole store', () => {
  it('THEN no problems, the counts of its rows, and the checksum of its IDs and hashes in ID order', () => {
    const path = build('a.db', [CABLES()]);
    const report = checkStore(path);
    expect(report.problems).toEqual([]);
    expect(report.cables).toBe(6);
    const paragraphs = CABLES().reduce((n, c) => n + c.paragraphs.length, 0);
    expect(report.paragraphs).toBe(paragraphs);
    expect(report.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(report.checksum).toBe(expectedChecksum(path));
  });

  it('THEN the checksum does not depend on the order or number of runs that imported it, but on the content', () => {
    const cables = CABLES();
    const once = checkStore(build('once.db', [cables])).checksum;
    const reversedInThree = checkStore(build('three.db', [cables.slice(3).reverse(), cables.slice(1, 3), cables.slice(0, 1)])).checksum;
    expect(reversedInThree).toBe(once);
    // Imported twice, and a cable updated then restored: still the same content.
    const changed = { ...moscow754(), subject: 'CHANGED' };
    const rerun = checkStore(build('rerun.db', [cables, [changed], cables])).checksum;
    expect(rerun).toBe(once);
    const different = checkStore(build('different.db', [cables.slice(1), [changed]])).checksum;
    expect(different).not.toBe(once);
  });

  it('THEN the file is not written to: same bytes, no journal or WAL files left', () => {
    const path = build('ro.db', [CABLES()]);
    const before = readFileSync(path);
    const files = readdirSync(dir).sort();
    expect(checkStore(path).problems).toEqual([]);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(files);
  });

  it('THEN a store with no cables yet (an import stopped before its first batch) is consistent: 0 cables', () => {
    const path = join(dir, 'empty.db');
    openWritableStore(path).close();
    expect(checkStore(path)).toMatchObject({ cables: 0, paragraphs: 0, problems: [] });
  });
});

describe('GIVEN a damaged store THEN each problem is found and names the cables', () => {
  it('GIVEN a cable without its paragraphs THEN hash-mismatch', () => {
    const path = build('a.db', [CABLES()]);
    tamper(path, (db) => db.prepare("DELETE FROM paragraphs WHERE cable = (SELECT pk FROM cables WHERE id = '06MOSCOW754')").run());
    expect(checkStore(path).problems).toEqual([{ code: 'hash-mismatch', count: 1, examples: ['06MOSCOW754'] }]);
  });

  it('GIVEN a half-updated row (subject changed, hash and index not) THEN hash-mismatch', () => {
    const path = build('a.db', [CABLES()]);
    tamper(path, (db) => db.prepare("UPDATE cables SET classification = 'UNCLASSIFIED' WHERE id = '08MANAMA539'").run());
    expect(checkStore(path).problems.map((p) => [p.code, p.examples])).toEqual([['hash-mismatch', ['08MANAMA539']]]);
  });

  it('GIVEN a reference lost THEN hash-mismatch; GIVEN rows of no cable THEN orphans', () => {
    const path = build('a.db', [CABLES()]);
    tamper(path, (db) => {
      db.prepare("DELETE FROM refs WHERE from_id = '06MOSCOW5740' AND ordinal = 0").run();
      db.prepare("INSERT INTO paragraphs (cable, ordinal, number, marking, heading, body_start, body_end, text) VALUES (9999, 0, 1, NULL, NULL, NULL, NULL, 'x')").run();
      db.prepare("INSERT INTO refs (from_id, ordinal, to_id) VALUES ('99NOWHERE1', 0, '06MOSCOW754')").run();
    });
    const problems = checkStore(path).problems;
    expect(problems.map((p) => [p.code, p.count])).toEqual([
      ['hash-mismatch', 1],
      ['orphan-paragraphs', 1],
      ['orphan-refs', 1],
    ]);
  });

  it('GIVEN the full-text index holding an older text of a cable THEN fts-stale; GIVEN an entry dropped THEN fts-missing', () => {
    const path = build('a.db', [CABLES()]);
    tamper(path, (db) => {
      const row = (id: string) => db.prepare('SELECT pk, subject, body, origin, station, created FROM cables WHERE id = ?').get(id) as Record<string, unknown>;
      const del = db.prepare("INSERT INTO cables_fts (cables_fts, rowid, subject, body, origin, station, created) VALUES ('delete', ?, ?, ?, ?, ?, ?)");
      const a = row('06MOSCOW3335');
      del.run(a.pk, a.subject, a.body, a.origin, a.station, a.created);
      db.prepare('INSERT INTO cables_fts (rowid, subject, body, origin, station, created) VALUES (?, ?, ?, ?, ?, ?)').run(a.pk, a.subject, 'an older version', a.origin, a.station, a.created);
      const b = row('08MANAMA492');
      del.run(b.pk, b.subject, b.body, b.origin, b.station, b.created);
    });
    const problems = checkStore(path).problems;
    expect(problems.find((p) => p.code === 'fts-stale')?.examples).toContain('06MOSCOW3335');
    expect(problems.find((p) => p.code === 'fts-missing')).toEqual({ code: 'fts-missing', count: 1, examples: ['08MANAMA492'] });
    expect(problems.some((p) => p.code === 'hash-mismatch')).toBe(false);
  });

  it('GIVEN paragraph offsets outside the body THEN unreadable-cable with the reason', () => {
    const path = build('a.db', [CABLES()]);
    tamper(path, (db) => db.prepare("UPDATE paragraphs SET body_end = 1000000 WHERE cable = (SELECT pk FROM cables WHERE id = '06MOSCOW754') AND ordinal = 0 AND body_end IS NOT NULL").run());
    const [problem] = checkStore(path).problems;
    expect(problem).toMatchObject({ code: 'unreadable-cable', examples: ['06MOSCOW754'] });
    expect(problem?.detail).toMatch(/offsets/);
  });
});

describe('GIVEN a file that is not a store to check THEN the store error, no report', () => {
  const code = (path: string): string => {
    try {
      checkStore(path);
    } catch (err) {
      if (err instanceof StoreError) return err.code;
      throw err;
    }
    return 'no error';
  };

  it('GIVEN no file THEN missing', () => expect(code(join(dir, 'nope.db'))).toBe('missing'));
  it('GIVEN a text file THEN not-a-database', () => {
    writeFileSync(join(dir, 'x.db'), 'hello, not SQLite at all, but long enough to hold a header........................................................');
    expect(code(join(dir, 'x.db'))).toBe('not-a-database');
  });
  it('GIVEN an older schema THEN schema-old', () => {
    const path = build('old.db', [CABLES()]);
    tamper(path, (db) => db.pragma('user_version = 0'));
    expect(code(path)).toBe('schema-old');
  });
});

describe('probeWord', () => {
  it('THEN the longest whole ASCII token, never part of a token with digits or accents', () => {
    expect(probeWord('the ambassador met Lavrov')).toBe('ambassador');
    expect(probeWord('État-major; ABC123DEF and naïveté x')).toBe('ABC123DEF');
    expect(probeWord('... --- ')).toBeNull();
  });
});
