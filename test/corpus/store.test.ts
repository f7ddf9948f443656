import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_QUERY_TERMS,
  SCHEMA_VERSION,
  SEARCH_RANKED_CAP,
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
  StoreError,
  openReadonlyStore,
  openWritableStore,
  buildSearchMatch,
  toFtsQuery,
  type CableStore,
  type WritableCableStore,
} from '../../src/corpus/store.ts';
import type { ParsedCable } from '../../src/corpus/types.ts';
import { encodeCable } from '../../src/corpus/store/codec.ts';
import { manama492, manama539, moscow3335, moscow5740, moscow754, tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;
let dbPath: string;
const open: (CableStore | WritableCableStore)[] = [];

function writable(): WritableCableStore {
  const store = openWritableStore(dbPath);
  open.push(store);
  return store;
}

function readonly(): CableStore {
  const store = openReadonlyStore(dbPath);
  open.push(store);
  return store;
}

/** Row counts straight from SQLite, to prove nothing is duplicated. */
function rowCounts(): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (sql: string): number => {
      const v: unknown = db.prepare(sql).pluck().get();
      if (typeof v !== 'number') throw new Error(`count is ${typeof v}`);
      return v;
    };
    return {
      cables: count('SELECT count(*) FROM cables'),
      paragraphs: count('SELECT count(*) FROM paragraphs'),
      refs: count('SELECT count(*) FROM refs'),
      // One docsize row per FTS document: an update that added instead of replaced would show here.
      fts: count('SELECT count(*) FROM cables_fts_docsize'),
    };
  } finally {
    db.close();
  }
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir('store'));
  dbPath = join(dir, 'cables.db');
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
  cleanup();
});

describe('writable store: creation', () => {
  it('GIVEN a path in a missing directory WHEN opened for writing THEN the file, schema version and meta are created', () => {
    dbPath = join(dir, 'nested', 'deeper', 'cables.db');
    const store = writable();
    expect(existsSync(dbPath)).toBe(true);
    const info = store.buildInfo();
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Date.parse(info.createdAt)).not.toBeNaN();
    expect(info.source).toBeNull();
    expect(store.count()).toBe(0);
    expect(store.readonly).toBe(false);
  });

  it('GIVEN an existing store WHEN reopened for writing THEN its cables are kept', () => {
    writable().upsert(moscow754());
    open.splice(0).forEach((s) => s.close());
    expect(writable().count()).toBe(1);
  });

  it('GIVEN an import WHEN recordBuild is called THEN meta holds the source and row counts', () => {
    const store = writable();
    store.upsertMany([moscow754(), moscow5740()]);
    const info = store.recordBuild({ source: 'wikileaks-html/sample' });
    expect(info).toMatchObject({ source: 'wikileaks-html/sample', cables: 2, paragraphs: 18, refs: 3 });
    expect(Date.parse(info.builtAt ?? '')).not.toBeNaN();
  });

  it('GIVEN a closed writable store THEN the file is back in rollback-journal mode with no -wal file', () => {
    writable().upsert(moscow754());
    open.splice(0).forEach((s) => s.close());
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
  });

  it('GIVEN a reader has the file open WHEN the writer closes THEN it closes cleanly and leaves WAL mode on', () => {
    const store = writable();
    store.upsert(moscow754());
    const reader = readonly();
    store.close();
    expect(reader.getCable('06MOSCOW754')?.id).toBe('06MOSCOW754');
  });
});

describe('upsert', () => {
  it('GIVEN 06MOSCOW754 WHEN stored and read back THEN getCable returns the same ParsedCable', () => {
    const store = writable();
    const cable = moscow754();
    expect(cable.paragraphs).toHaveLength(16);
    expect(store.upsert(cable)).toBe('imported');
    expect(store.getCable('06MOSCOW754')).toEqual(cable);
    expect(store.has('06MOSCOW754')).toBe(true);
    expect(store.count()).toBe(1);
  });

  it('GIVEN paragraphs that are not verbatim in the body WHEN stored THEN their text round-trips too', () => {
    const store = writable();
    const cable = moscow754();
    // As a page-text parser might keep it: the body with its original line wrapping, so
    // the rejoined paragraph texts do not occur in it.
    const rewrapped: ParsedCable = { ...cable, body: cable.body.replace(/\. /g, '.\n') };
    store.upsert(rewrapped);
    expect(store.getCable('06MOSCOW754')).toEqual(rewrapped);
  });

  it('GIVEN the same cable imported twice THEN the second is unchanged and no row is duplicated', () => {
    const store = writable();
    expect(store.upsert(moscow5740())).toBe('imported');
    const before = rowCounts();
    expect(store.upsert(moscow5740())).toBe('unchanged');
    expect(rowCounts()).toEqual(before);
    expect(before).toEqual({ cables: 1, paragraphs: 2, refs: 3, fts: 1 });
  });

  it('GIVEN an equal cable whose properties were created in another order THEN it is unchanged', () => {
    const store = writable();
    store.upsert(moscow5740());
    const reordered = Object.fromEntries(Object.entries(moscow5740()).reverse());
    const cable: ParsedCable = { ...moscow5740(), ...reordered };
    expect(store.upsert(cable)).toBe('unchanged');
  });

  it('GIVEN a changed cable WHEN re-imported THEN it is updated and paragraphs, refs and the FTS row are replaced', () => {
    const store = writable();
    store.upsert(moscow754());
    const original = moscow754();
    const changed: ParsedCable = {
      ...original,
      subject: 'IVANOV ON LARIJANI VISIT',
      paragraphs: original.paragraphs.slice(0, 2),
      body: original.body.split('\n\n').slice(0, 3).join('\n\n'),
      references: ['06MOSCOW3335'],
    };
    expect(store.upsert(changed)).toBe('updated');
    expect(store.getCable('06MOSCOW754')).toEqual(changed);
    expect(rowCounts()).toEqual({ cables: 1, paragraphs: 2, refs: 1, fts: 1 });
    // "Bushehr" was only in ¶6, which is gone: the old FTS entry must be gone with it.
    expect(store.search('Bushehr')).toEqual([]);
    expect(store.search('Larijani visit').map((h) => h.id)).toEqual(['06MOSCOW754']);
    expect(store.citedBy('06MOSCOW3335')).toEqual(['06MOSCOW754']);
  });

  it('GIVEN an update that changes the filtered columns THEN filters see the new values and the FTS index stays consistent', () => {
    const store = writable();
    store.upsertMany([moscow754(), moscow5740()]);
    const moved: ParsedCable = { ...moscow754(), created: '2007-01-25 17:40', origin: 'Embassy Tehran' };
    expect(store.upsert(moved)).toBe('updated');
    expect(store.search('Larijani', { year: 2006 })).toEqual([]);
    expect(store.search('Larijani', { year: 2007, origin: 'tehran' }).map((h) => h.id)).toEqual(['06MOSCOW754']);
    expect(store.search('Larijani', { origin: 'moscow' }).map((h) => h.id)).toEqual(['06MOSCOW754']); // station MOSCOW
    // FTS5's own check compares the index with the content table; a 'delete' handed the
    // wrong old values would leave stale entries that it reports as corruption.
    const db = new Database(dbPath);
    expect(() => db.exec("INSERT INTO cables_fts (cables_fts) VALUES ('integrity-check')")).not.toThrow();
    db.close();
  });

  it('GIVEN a batch with a repeat and an invalid cable THEN upsertMany stores the rest and reports each outcome', () => {
    const store = writable();
    store.upsert(moscow3335());
    const broken: ParsedCable = { ...manama492(), id: '08MANAMA 492', created: '24 July 2008' };
    const summary = store.upsertMany([moscow754(), moscow5740(), moscow3335(), { ...moscow3335(), subject: 'SUCCESSION' }, broken]);
    expect(summary).toEqual({
      imported: 2,
      updated: 1,
      unchanged: 1,
      rejected: [{ id: '08MANAMA 492', detail: 'id "08MANAMA 492" is empty or has spaces' }],
    });
    expect(store.count()).toBe(3);
  });

  it('GIVEN a bulk write over several calls WHEN committed THEN every cable is stored with the outcomes upsertMany gives; WHEN rolled back THEN none of it', () => {
    const store = writable();
    store.upsert(moscow3335());
    store.beginBulk();
    expect(store.writeBulk([moscow754(), moscow3335()].map(encodeCable))).toEqual({ imported: 1, updated: 0, unchanged: 1, rejected: [] });
    const broken: ParsedCable = { ...manama492(), id: '08MANAMA 492' };
    // The same ID again in a later call of the same bulk write is an update of what it wrote.
    expect(store.writeBulk([{ ...moscow754(), subject: 'CHANGED' }, broken].map(encodeCable))).toEqual({
      imported: 0,
      updated: 1,
      unchanged: 0,
      rejected: [{ id: '08MANAMA 492', detail: 'id "08MANAMA 492" is empty or has spaces' }],
    });
    store.commitBulk();
    expect(store.count()).toBe(2);
    expect(store.getCable('06MOSCOW754')?.subject).toBe('CHANGED');

    store.beginBulk();
    store.writeBulk([moscow5740()].map(encodeCable));
    store.rollbackBulk();
    expect(store.count()).toBe(2);
    expect(store.getCable('06MOSCOW5740')).toBeNull();
  });

  it('GIVEN no bulk write begun THEN writeBulk refuses, so nothing is written outside a transaction', () => {
    const store = writable();
    expect(() => store.writeBulk([moscow754()].map(encodeCable))).toThrow(/beginBulk/);
    expect(store.count()).toBe(0);
  });

  it('GIVEN an invalid cable WHEN upserted alone THEN an invalid-cable StoreError names it and nothing is stored', () => {
    const store = writable();
    const bad: ParsedCable = { ...moscow754(), created: '2006-01-25' };
    expect(() => store.upsert(bad)).toThrow(StoreError);
    try {
      store.upsert(bad);
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid-cable', cableId: '06MOSCOW754', path: dbPath });
    }
    expect(store.count()).toBe(0);
  });
});

describe('reads', () => {
  beforeEach(() => {
    const store = writable();
    store.upsertMany([moscow754(), moscow5740(), moscow3335(), manama492(), manama492(true), manama539()]);
    store.close();
  });

  it('GIVEN an unknown or differently-cased ID THEN getCable is null and has is false', () => {
    const store = readonly();
    expect(store.getCable('06MOSCOW999')).toBeNull();
    expect(store.getCable('06moscow754')).toBeNull();
    expect(store.has('06MOSCOW999')).toBe(false);
    expect(store.count()).toBe(6);
  });

  it('GIVEN a cable citing another THEN cites and citedBy answer both directions, oldest citer first', () => {
    const store = readonly();
    expect(store.cites('06MOSCOW5740')).toEqual(['05MOSCOW14734', '06MOSCOW5000', '06MOSCOW3335']);
    expect(store.citedBy('06MOSCOW3335')).toEqual(['06MOSCOW5740']);
    // Not in the corpus, cited by both: 3335 (March) before 5740 (May).
    expect(store.citedBy('05MOSCOW14734')).toEqual(['06MOSCOW3335', '06MOSCOW5740']);
    expect(store.cites('06MOSCOW754')).toEqual([]);
    expect(store.cites('99NOWHERE1')).toEqual([]);
    expect(store.citedBy('06MOSCOW754')).toEqual([]);
  });

  it('GIVEN a misprinted twin THEN idsForCanonical lists the correct ID first and citedBy works from either ID', () => {
    const store = readonly();
    expect(store.idsForCanonical('08MANAMA492')).toEqual(['08MANAMA492', '08ECTION01OF02MANAMA492']);
    expect(store.idsForCanonical('06MOSCOW754')).toEqual(['06MOSCOW754']);
    expect(store.idsForCanonical('08ECTION01OF02MANAMA492')).toEqual([]);
    expect(store.citedBy('08MANAMA492')).toEqual(['08MANAMA539']);
    expect(store.citedBy('08ECTION01OF02MANAMA492')).toEqual(['08MANAMA539']);
    expect(store.getCable('08ECTION01OF02MANAMA492')?.tid).toBe('VZCZCXRO4772');
  });

  it('GIVEN a read-only store THEN it has no write methods, says so, and reading leaves the file byte-identical', () => {
    const before = readFileSync(dbPath);
    const store = readonly();
    expect(store.readonly).toBe(true);
    expect('upsert' in store).toBe(false);
    expect('upsertMany' in store).toBe(false);
    store.getCable('06MOSCOW754');
    store.search('Larijani');
    store.citedBy('06MOSCOW3335');
    store.close();
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  });

  it('GIVEN a read-only connection to the same file THEN SQLite itself refuses writes', () => {
    // The store exposes no writes; this checks the connection it is built on is read-only too.
    readonly();
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    expect(() => db.prepare("DELETE FROM cables WHERE id = '06MOSCOW754'").run()).toThrow(/readonly/);
    db.close();
  });
});

describe('search', () => {
  beforeEach(() => {
    const store = writable();
    store.upsertMany([moscow754(), moscow5740(), moscow3335(), manama492(), manama492(true), manama539()]);
    store.close();
  });

  it('GIVEN a name in the body THEN the hit carries subject, created, origin, a marked snippet and a bm25 rank', () => {
    const hits = readonly().search('Larijani');
    expect(hits.map((h) => h.id)).toEqual(['06MOSCOW754']);
    const [hit] = hits;
    expect(hit).toMatchObject({ id: '06MOSCOW754', subject: null, created: '2006-01-25 17:40', origin: 'Embassy Moscow' });
    expect(hit?.snippet).toContain(`${SNIPPET_MARK_START}Larijani${SNIPPET_MARK_END}`);
    expect(hit?.rank).toBeLessThan(0);
  });

  it('GIVEN several matches THEN hits come best first and a subject match outranks body-only matches', () => {
    const hits = readonly().search('succession');
    expect(hits.map((h) => h.id)).toEqual(['06MOSCOW5740', '06MOSCOW3335']);
    expect(hits[0]?.snippet).toContain(`PRESIDENTIAL ${SNIPPET_MARK_START}SUCCESSION${SNIPPET_MARK_END} SNAPSHOT`);
    const ranks = hits.map((h) => h.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('GIVEN an inflected word, a phrase or a prefix THEN stemming, phrase and prefix search find it', () => {
    const store = readonly();
    expect(store.search('enriched').map((h) => h.id)).toEqual(['06MOSCOW754']); // porter: enrichment
    expect(store.search('"joint enrichment initiative"').map((h) => h.id)).toEqual(['06MOSCOW754']);
    expect(store.search('"enrichment joint initiative"')).toEqual([]);
    expect(store.search('Larij*').map((h) => h.id)).toEqual(['06MOSCOW754']);
    expect(store.search('trafficking').map((h) => h.id).sort()).toEqual(['08ECTION01OF02MANAMA492', '08MANAMA492', '08MANAMA539']);
  });

  it('GIVEN several words THEN every word must match', () => {
    const store = readonly();
    expect(store.search('Putin Medvedev').map((h) => h.id).sort()).toEqual(['06MOSCOW3335', '06MOSCOW5740']);
    expect(store.search('Putin Larijani')).toEqual([]);
  });

  it('GIVEN an origin filter THEN it matches a case-insensitive substring of the origin or the station', () => {
    const store = readonly();
    expect(store.search('seminar', { origin: 'manama' }).map((h) => h.id).sort()).toEqual(['08ECTION01OF02MANAMA492', '08MANAMA492']);
    expect(store.search('seminar', { origin: 'EMBASSY MANAMA' })).toHaveLength(2);
    expect(store.search('seminar', { origin: 'moscow' })).toEqual([]);
    expect(store.search('Ivanov', { origin: 'Moscow' }).map((h) => h.id).sort()).toEqual(['06MOSCOW3335', '06MOSCOW5740', '06MOSCOW754']);
    // `origin: ''` (or spaces) is no filter.
    expect(store.search('Ivanov', { origin: '  ' })).toHaveLength(3);
  });

  it('GIVEN an origin filter THEN the snippet still comes from the body, not the filtered origin column', () => {
    const [hit] = readonly().search('seminar', { origin: 'Embassy Manama', year: 2008 });
    expect(hit?.snippet).toContain(`${SNIPPET_MARK_START}seminar${SNIPPET_MARK_END}`);
    expect(hit?.snippet).not.toContain(`${SNIPPET_MARK_START}Manama`);
  });

  it('GIVEN the start of the origin words THEN it matches as a prefix; a mid-word fragment does not', () => {
    const store = readonly();
    expect(store.search('Ivanov', { origin: 'embassy mosc' })).toHaveLength(3);
    expect(store.search('Ivanov', { origin: 'oscow' })).toEqual([]);
  });

  it('GIVEN hostile origin filters THEN search does not throw', () => {
    const store = readonly();
    for (const origin of ['"', '*', 'NEAR(', '{origin}:', 'moscow" OR "x', '\u0000', '🙂']) {
      expect(Array.isArray(store.search('Ivanov', { origin }))).toBe(true);
    }
    expect(store.search('Ivanov', { origin: 'moscow" OR "x' })).toEqual([]);
  });

  it('GIVEN a station name written another way THEN the station match finds it', () => {
    const store = openWritableStore(join(dir, 'ba.db'));
    open.push(store);
    store.upsert({ ...moscow3335(), id: '06BUENOSAIRES1', canonicalId: '06BUENOSAIRES1', origin: 'Embassy Buenos Aires' });
    expect(store.search('reshuffle', { origin: 'buenosaires' }).map((h) => h.id)).toEqual(['06BUENOSAIRES1']);
    expect(store.search('reshuffle', { origin: 'Buenos Aires' }).map((h) => h.id)).toEqual(['06BUENOSAIRES1']);
  });

  it('GIVEN a word only in the subject THEN the snippet is the subject with the match marked', () => {
    const store = openWritableStore(join(dir, 'subject.db'));
    open.push(store);
    store.upsert({ ...moscow3335(), subject: 'SUCCESSION SCORECARD' });
    const [hit] = store.search('scorecard');
    expect(hit?.snippet).toBe(`SUCCESSION ${SNIPPET_MARK_START}SCORECARD${SNIPPET_MARK_END}`);
  });

  it('GIVEN a year filter THEN only cables created that year are returned', () => {
    const store = readonly();
    expect(store.search('trafficking', { year: 2008 })).toHaveLength(3);
    expect(store.search('trafficking', { year: 2006 })).toEqual([]);
    expect(store.search('Putin', { year: 2006, origin: 'moscow' })).toHaveLength(2);
  });

  it('GIVEN a limit THEN at most that many hits are returned, and a bad limit or year is a RangeError', () => {
    const store = readonly();
    expect(store.search('Ivanov', { limit: 1 })).toHaveLength(1);
    expect(() => store.search('Ivanov', { limit: 0 })).toThrow(RangeError);
    expect(() => store.search('Ivanov', { limit: 1.5 })).toThrow(RangeError);
    expect(() => store.search('Ivanov', { year: 6 })).toThrow(RangeError);
  });

  it.each([
    '"',
    '""',
    '"unbalanced phrase',
    'AND OR NEAR(',
    'NEAR(Ivanov Larijani, 2)',
    '*',
    '**',
    'Larijani"*',
    'NOT Ivanov',
    '(',
    ')',
    'subject:iran',
    '{subject body}: Ivanov',
    '^Ivanov',
    '-',
    '+Ivanov -Larijani',
    "'",
    ':',
    'Ivanov\u0000Larijani',
    '\u202e\u200b',
    '',
    '   \n\t ',
    '🙂',
    'a*',
  ])('GIVEN hostile query %j THEN search does not throw and returns a list', (query) => {
    const hits = readonly().search(query);
    expect(Array.isArray(hits)).toBe(true);
  });

  it('GIVEN operator words THEN they are searched as plain words, not FTS5 syntax', () => {
    const store = readonly();
    // As operators, OR would return every cable naming Larijani or Putin, and NOT would
    // drop 754. As words they are stop words and dropped, so all the other terms must match.
    expect(store.search('Larijani OR Putin')).toEqual([]);
    expect(store.search('Larijani NOT Ivanov').map((h) => h.id)).toEqual(['06MOSCOW754']);
    // `NEAR(Larijani` is one chunk: the phrase "near larijani", which 754 does not contain.
    expect(store.search('NEAR(Larijani Ivanov)')).toEqual([]);
    expect(store.search('the of and')).toEqual([]);
    // As a column filter, `subject:TIP` would find the three Manama cables (TIP in their
    // subjects); quoted, it is the phrase "subject tip", which no text contains.
    expect(store.search('subject:TIP')).toEqual([]);
    expect(store.search('TIP').map((h) => h.id)).toHaveLength(3);
  });

  it('GIVEN any string THEN search never throws (property)', () => {
    const store = readonly();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (q) => {
        expect(Array.isArray(store.search(q))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('search over more matches than are ranked', () => {
  // One real cable plus SEARCH_RANKED_CAP + 10 short ones that all say "reshuffle"; every
  // 1000th also names Medvedev, so "reshuffle" is broad and "Medvedev" selective.
  function buildBroadStore(): WritableCableStore {
    const store = writable();
    const base = moscow3335();
    // The best match for "reshuffle" (twice in its subject too) is imported first: lowest rowid.
    store.upsert({ ...base, id: '05MOSCOW1', canonicalId: '05MOSCOW1', created: '2005-01-01 10:00', subject: 'RESHUFFLE RESHUFFLE' });
    const others: ParsedCable[] = [];
    for (let i = 0; i < SEARCH_RANKED_CAP + 10; i++) {
      const id = `06MOSCOW${10_000 + i}`;
      const body = i % 1000 === 0 ? `reshuffle number ${i} Medvedev` : `reshuffle number ${i}`;
      others.push({ ...base, id, canonicalId: id, paragraphs: [], summary: null, body });
    }
    store.upsertMany(others);
    return store;
  }

  it(`GIVEN a search matching more than ${SEARCH_RANKED_CAP} cables THEN hits are unranked (rank 0), newest-imported first`, () => {
    const store = buildBroadStore();
    // Ranked over all matches, 05MOSCOW1 would come first:
    const db = new Database(dbPath, { readonly: true });
    const best: unknown = db
      .prepare(`SELECT c.id FROM cables_fts JOIN cables c ON c.pk = cables_fts.rowid
                WHERE cables_fts MATCH '{subject body}: ("reshuffle")' ORDER BY cables_fts.rank LIMIT 1`)
      .pluck()
      .get();
    db.close();
    expect(best).toBe('05MOSCOW1');
    const hits = store.search('reshuffle', { limit: 3 });
    expect(hits.map((h) => h.id)).toEqual(['06MOSCOW20009', '06MOSCOW20008', '06MOSCOW20007']);
    expect(hits.every((h) => h.rank === 0)).toBe(true);
    expect(hits[0]?.snippet).toContain(`${SNIPPET_MARK_START}reshuffle${SNIPPET_MARK_END}`);
  });

  it('GIVEN a broad term narrowed by a filter THEN the few matches are found, unranked', () => {
    const store = buildBroadStore();
    expect(store.search('reshuffle', { year: 2005 })).toMatchObject([{ id: '05MOSCOW1', rank: 0 }]);
  });

  it('GIVEN a broad and a selective term THEN hits match both and are ranked by the selective one', () => {
    const store = buildBroadStore();
    const hits = store.search('reshuffle Medvedev', { limit: 20 });
    // 05MOSCOW1 and every 1000th short cable: 06MOSCOW10000, 06MOSCOW11000, …, 06MOSCOW20000.
    expect(hits.map((h) => h.id).sort()).toEqual(
      ['05MOSCOW1', ...Array.from({ length: 11 }, (_, k) => `06MOSCOW${10_000 + 1000 * k}`)].sort(),
    );
    expect(hits.every((h) => h.rank < 0)).toBe(true);
    // The short cables have Medvedev in a 4-word body, so bm25 puts them before 05MOSCOW1.
    expect(hits.at(-1)?.id).toBe('05MOSCOW1');
    expect(store.search('reshuffle Medvedev', { origin: 'moscow', year: 2005 }).map((h) => h.id)).toEqual(['05MOSCOW1']);
  });
});

describe('buildSearchMatch', () => {
  it('GIVEN terms and filters THEN terms are confined to subject and body and filters become column terms', () => {
    expect(buildSearchMatch('Larijani', {})).toBe('{subject body}: ("Larijani")');
    expect(buildSearchMatch('Larijani', { origin: 'Buenos Aires', year: 2008 })).toBe(
      '{subject body}: ("Larijani") AND ({origin}: "Buenos Aires" * OR {station}: "buenosaires") AND {created}: ^"2008"',
    );
  });

  it('GIVEN quotes or operators in the origin THEN they stay inside FTS5 strings', () => {
    expect(buildSearchMatch('x1', { origin: 'moscow" OR "x' })).toBe(
      '{subject body}: ("x1") AND ({origin}: "moscow"" OR ""x" * OR {station}: "moscoworx")',
    );
    expect(buildSearchMatch('x1', { origin: '"*' })).toBeNull();
    expect(buildSearchMatch('the', {})).toBeNull();
  });
});

describe('toFtsQuery', () => {
  it('GIVEN words THEN each becomes a quoted string, with " doubled', () => {
    expect(toFtsQuery('Ivanov Larijani')).toBe('"Ivanov" "Larijani"');
    expect(toFtsQuery('a"b')).toBe('"a""b"');
    expect(toFtsQuery('AND OR NEAR(')).toBe('"NEAR("'); // and, or: stop words
  });

  it('GIVEN stop words THEN they are dropped outside phrases and kept inside them', () => {
    expect(toFtsQuery('the position of Russia')).toBe('"position" "Russia"');
    expect(toFtsQuery('"head of state" The,')).toBe('"head of state"');
    expect(toFtsQuery('the of and')).toBeNull();
  });

  it('GIVEN a balanced quoted phrase or a trailing star THEN a phrase or prefix query results', () => {
    expect(toFtsQuery('"joint enrichment" Larij*')).toBe('"joint enrichment" "Larij" *');
    expect(toFtsQuery('ab*')).toBe('"ab"'); // too short to expand
  });

  it('GIVEN nothing searchable THEN null', () => {
    for (const q of ['', ' ', '"', '*', '""', '- + ( )', '\u0000']) expect(toFtsQuery(q)).toBeNull();
  });

  it('GIVEN more than the maximum of terms THEN only the first ones are used', () => {
    const words = Array.from({ length: MAX_QUERY_TERMS + 5 }, (_, i) => `w${i}`);
    expect(toFtsQuery(words.join(' '))?.split(' ')).toHaveLength(MAX_QUERY_TERMS);
  });
});
