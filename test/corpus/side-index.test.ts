/**
 * The full-text index built on a thread of its own during an import (store/side-index.ts), over
 * real cables.csv records (the fixture records under new IDs, test/cli/interrupt-fixture.ts) and
 * real SQLite stores: the store it leaves must be the one an inline import leaves — same
 * content, an index FTS5 itself finds consistent with the rows, the same search answers — after
 * updates inside the import, after a stop mid-import and the rerun, on top of cables stored and
 * indexed before, and when the side build cannot run at all.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStore } from '../../src/corpus/check.ts';
import { readCsvRecords, type CsvFields } from '../../src/corpus/csv-reader.ts';
import { formatCsvRecord } from '../../src/corpus/csv-writer.ts';
import { buildsIndexAside, importFiles, type ImportOptions, type ImportSummary } from '../../src/corpus/import.ts';
import { ImportStopped } from '../../src/corpus/import-stop.ts';
import { StoreError, describeStoreError, openReadonlyStore, openWritableStore } from '../../src/corpus/store.ts';
import { sideIndexPath } from '../../src/corpus/store/side-index.ts';
import { writeRepeatedCsv } from '../cli/interrupt-fixture.ts';
import { tempDir } from './store-fixtures.ts';

const RECORDS = 3_000;
/** Versions of one cable in the test of updates the index thread reads late. */
const VERSIONS = 400;
const QUERIES = ['nuclear', 'enrichment', 'serial note', 'russia iran', 'interruption', 'bogota', '"record of the interruption test"'];

let dir: string;
let cleanup: () => void;
let csv: string;
/** The same IDs as `csv` with new text for every third record: updates of cables imported from `csv`. */
let updates: string;
let reference: string;

async function importInto(db: string, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const store = openWritableStore(db);
  try {
    return await importFiles(store, paths, { batchSize: 100, ...options });
  } finally {
    store.close();
  }
}

/** FTS5's own comparison of the index with the rows it indexes (needs a writable connection). */
function ftsIntegrity(db: string): void {
  const conn = new Database(db);
  try {
    conn.prepare("INSERT INTO cables_fts (cables_fts, rank) VALUES ('integrity-check', 1)").run();
  } finally {
    conn.close();
  }
}

/** What the bot would answer to each query: IDs in rank order, with snippets. */
function answers(db: string): unknown[] {
  const store = openReadonlyStore(db);
  try {
    return QUERIES.map((q) => store.search(q, { limit: 10 }).map((h) => [h.id, h.snippet]));
  } finally {
    store.close();
  }
}

function comparable(db: string) {
  const r = checkStore(db);
  return { cables: r.cables, paragraphs: r.paragraphs, checksum: r.checksum, problems: r.problems, indexPending: r.indexPending };
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('side-index'));
  csv = join(dir, 'cables.csv');
  await writeRepeatedCsv(csv, RECORDS);
  const out: string[] = [];
  let i = 0;
  for await (const r of readCsvRecords([readFileSync(csv)])) {
    if (!r.ok) throw new Error('fixture CSV unreadable');
    const f: CsvFields = r.fields;
    if (i++ % 3 === 0) out.push(formatCsvRecord([f[0], f[1], f[2], f[3], f[4], f[5], f[6], `${f[7]}\nAddendum ${i}: enrichment revisited.\n`]));
  }
  updates = join(dir, 'updates.csv');
  writeFileSync(updates, out.join(''));
  reference = join(dir, 'inline.db');
  let indexing = 0;
  const summary = await importInto(reference, [csv, updates], { index: 'inline', onIndexing: () => indexing++ });
  expect(summary).toMatchObject({ index: 'inline', imported: RECORDS, updated: RECORDS / 3, rejected: [], indexSeconds: 0 });
  expect(indexing).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('GIVEN a cables.csv and a second file updating a third of its cables, imported in one run', () => {
  it('WHEN the index is built on the side THEN the store equals the inline import: content, FTS5 integrity, search answers', async () => {
    const db = join(dir, 'side.db');
    let indexing = 0;
    const summary = await importInto(db, [csv, updates], { index: 'side', onIndexing: () => indexing++ });
    expect(summary).toMatchObject({ index: 'side', imported: RECORDS, updated: RECORDS / 3, rejected: [] });
    // Said once, for the progress line, when the records are done and the index is finished.
    expect(indexing).toBe(1);
    expect(summary.indexSeconds).toBeGreaterThan(0);
    expect(existsSync(sideIndexPath(db))).toBe(false);
    ftsIntegrity(db);
    expect(comparable(db)).toEqual(comparable(reference));
    expect(comparable(db).indexPending).toBe(false);
    const found = answers(db);
    expect(found).toEqual(answers(reference));
    // The updated text is searchable, the replaced text of no cable lingers.
    expect((found[1] as unknown[]).length).toBeGreaterThan(0);
  }, 60_000);

  it('WHEN the same cable is updated in batch after batch while the index thread is behind THEN the side index holds its last version only', async () => {
    // The first cable of cables.csv in 400 new versions, two to a batch, into a store holding all
    // 3,000: the thread first indexes those from its snapshot while the importer commits a
    // hundred records' batches at a time, then waits for the thread to be at most three behind:
    // so the thread keeps reading rows that later batches have replaced, by versions in between.
    const db = join(dir, 'versions.db');
    await importInto(db, [csv], { index: 'inline' });
    const [first] = await writeRepeatedCsv(join(dir, 'one.csv'), 1);
    const records: string[] = [];
    for await (const r of readCsvRecords([readFileSync(join(dir, 'one.csv'))])) {
      if (!r.ok) throw new Error('fixture CSV unreadable');
      for (let v = 1; v <= VERSIONS; v++) records.push(formatCsvRecord([...r.fields.slice(0, 7), `${r.fields[7]}\nVersion marker v${v}x${' and more'.repeat(v % 7)}.\n`]));
    }
    const many = join(dir, 'versions.csv');
    writeFileSync(many, records.join(''));
    // Parsed on this thread (no worker to start first): its commits come at once.
    const summary = await importInto(db, [many], { index: 'side', batchSize: 2, workers: 0 });
    expect(summary).toMatchObject({ index: 'side', updated: VERSIONS });
    ftsIntegrity(db);
    expect(checkStore(db)).toMatchObject({ cables: RECORDS, problems: [], indexPending: false });
    const store = openReadonlyStore(db);
    try {
      expect(store.search(`v${VERSIONS}x`).map((h) => h.id)).toEqual([first]);
      const stale: string[] = [];
      for (let v = 1; v < VERSIONS; v++) if (store.search(`v${v}x`).length > 0) stale.push(`v${v}x`);
      expect(stale).toEqual([]);
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('GIVEN an import that builds the index on the side', () => {
  it('WHEN it is stopped after a few batches THEN the store is whole with its index pending: searches refuse, check says so; the rerun finishes it', async () => {
    const db = join(dir, 'stopped.db');
    const stop = new AbortController();
    const stopped = await importInto(db, [csv], {
      index: 'side',
      signal: stop.signal,
      onProgress: (p) => {
        if (p.records >= 500) stop.abort();
      },
    }).catch((err: unknown) => err);
    expect(stopped).toBeInstanceOf(ImportStopped);
    expect(existsSync(sideIndexPath(db))).toBe(false);

    const report = checkStore(db);
    expect(report).toMatchObject({ indexPending: true, problems: [] });
    expect(report.cables).toBeGreaterThan(0);
    expect(report.cables).toBeLessThan(RECORDS);
    const store = openReadonlyStore(db);
    try {
      expect(store.indexPending()).toBe(true);
      // Lookups work; a search would find nothing yet, so it says why instead.
      expect(store.count()).toBe(report.cables);
      let error: unknown = null;
      try {
        store.search('nuclear');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('index-pending');
      expect(describeStoreError(error as StoreError)).toMatch(/search index of cable store .*stopped\.db is not built yet.*run the same import command again/);
    } finally {
      store.close();
    }

    // The rerun (its choice left to the default: a pending store always builds on the side).
    const rerun = await importInto(db, [csv, updates]);
    expect(rerun).toMatchObject({ index: 'side', unchanged: report.cables, rejected: [] });
    ftsIntegrity(db);
    expect(comparable(db)).toEqual(comparable(reference));
    expect(answers(db)).toEqual(answers(reference));
  }, 60_000);

  it('WHEN the store holds cables indexed before THEN they are indexed again with the new ones', async () => {
    const db = join(dir, 'bundled.db');
    const ids = await writeRepeatedCsv(join(dir, 'before.csv'), 30);
    await importInto(db, [join(dir, 'before.csv')], { index: 'inline' });
    const summary = await importInto(db, [csv, updates], { index: 'side' });
    // The 30 earlier IDs are the first 30 of the big file too: same cables, unchanged, so only the
    // thread's snapshot of the store indexes them.
    expect(summary).toMatchObject({ index: 'side', unchanged: ids.length, imported: RECORDS - ids.length });
    ftsIntegrity(db);
    const report = checkStore(db);
    expect(report).toMatchObject({ cables: RECORDS, problems: [], indexPending: false });
    expect(answers(db)).toEqual(answers(reference));
  }, 60_000);

  it('WHEN the side file cannot be created THEN the import builds the index itself, says so, and the store is the same', async () => {
    const db = join(dir, 'fallback.db');
    mkdirSync(sideIndexPath(db));
    const summary = await importInto(db, [csv, updates], { index: 'side' });
    expect(summary.index).toBe('rebuilt');
    expect(summary.indexFailure).toMatch(/./);
    ftsIntegrity(db);
    expect(comparable(db)).toEqual(comparable(reference));
    expect(answers(db)).toEqual(answers(reference));
  }, 60_000);
});

describe('GIVEN the choice of where to build the index', () => {
  it('THEN a pending store always builds on the side; otherwise only with a worker thread and more input than stored cables', () => {
    expect(buildsIndexAside(true, 'inline', 0, 250_000, 10)).toBe(true);
    expect(buildsIndexAside(false, 'side', 0, 0, 0)).toBe(true);
    expect(buildsIndexAside(false, 'inline', 1, 0, 1e9)).toBe(false);
    // The full release into a new store, or into the bundled 6,073 cables: on the side.
    expect(buildsIndexAside(false, undefined, 1, 0, 1.7e9)).toBe(true);
    expect(buildsIndexAside(false, undefined, 1, 6_073, 1.7e9)).toBe(true);
    // No second core for it, or a few updates into a full store: inline.
    expect(buildsIndexAside(false, undefined, 0, 0, 1.7e9)).toBe(false);
    expect(buildsIndexAside(false, undefined, 1, 251_287, 5e6)).toBe(false);
    // A pipe (size unknown): on the side only into a small store.
    expect(buildsIndexAside(false, undefined, 1, 6_073, 0)).toBe(true);
    expect(buildsIndexAside(false, undefined, 1, 251_287, 0)).toBe(false);
  });
});
