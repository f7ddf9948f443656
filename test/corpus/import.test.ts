/**
 * The importer over real files: fixture pages, the seed, hand-written cables.csv records and
 * broken inputs, into a real SQLite store in a temp folder.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCsvRecord } from '../../src/corpus/csv-writer.ts';
import { importFiles, listInputFiles, type ImportProgress } from '../../src/corpus/import.ts';
import { openReadonlyStore, openWritableStore } from '../../src/corpus/store.ts';
import { FIXTURES } from './parse/fixtures.ts';
import { tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;
let db: string;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('import'));
  db = join(dir, 'store.db');
});
afterEach(() => cleanup());

async function runImport(paths: string[], onProgress?: (p: ImportProgress) => void) {
  const store = openWritableStore(db);
  try {
    return await importFiles(store, paths, onProgress ? { onProgress, batchSize: 2 } : { batchSize: 2 });
  } finally {
    store.close();
  }
}

function folderOf(files: Record<string, string>): string {
  const input = join(dir, 'input');
  mkdirSync(input, { recursive: true });
  for (const [name, from] of Object.entries(files)) copyFileSync(join(FIXTURES, from), join(input, name));
  return input;
}

describe('GIVEN a folder of real pages, the seed text and a cables.csv', () => {
  it('THEN every cable is imported once, with the right counts, and reads back from the store', async () => {
    const input = folderOf({
      'a.html': 'pages/06MOSCOW3335.html',
      'b.html': 'pages/08ECTION01OF02MANAMA492.html',
      'seed.txt': 'seed/06MOSCOW754.txt',
      'three.csv': 'csv/three-records.csv',
    });
    const progress: ImportProgress[] = [];
    const summary = await runImport([input], (p) => progress.push(p));
    // The CSV holds 06MOSCOW754 too: the same ID twice is one cable, updated, never a duplicate.
    expect(summary).toMatchObject({ files: 4, records: 6, imported: 5, updated: 1, unchanged: 0, rejected: [] });
    expect(progress.at(-1)?.records).toBe(6);
    expect(progress.at(-1)?.bytes).toBe(progress.at(-1)?.totalBytes);

    const store = openReadonlyStore(db);
    try {
      expect(store.count()).toBe(5);
      expect(store.getCable('06MOSCOW3335')?.origin).toBe('Embassy Moscow');
      expect(store.getCable('08ECTION01OF02MANAMA492')?.canonicalId).toBe('08MANAMA492');
      expect(store.getCable('66BUENOSAIRES2481')?.format).toBe('csv');
      expect(store.getCable('06BOGOTA2076')?.created).toMatch(/^2006-/);
    } finally {
      store.close();
    }
  });

  it('THEN importing again changes nothing: all unchanged, no duplicates', async () => {
    const input = folderOf({ 'a.html': 'pages/06MOSCOW3335.html', 'c.html': 'pages/04BOGOTA11339.html' });
    const first = await runImport([input]);
    expect(first).toMatchObject({ imported: 2, updated: 0, unchanged: 0 });
    const second = await runImport([input]);
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: 2, rejected: [] });
    const store = openReadonlyStore(db);
    expect(store.count()).toBe(2);
    store.close();
  });

  it('THEN a changed source updates the stored cable in place', async () => {
    const input = folderOf({ 'a.html': 'pages/06MOSCOW3335.html' });
    await runImport([input]);
    const file = join(input, 'a.html');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('Embassy Moscow', 'EMBASSY MOSCOW'));
    const again = await runImport([input]);
    expect(again).toMatchObject({ imported: 0, updated: 1, unchanged: 0 });
    const store = openReadonlyStore(db);
    expect(store.getCable('06MOSCOW3335')?.origin).toBe('EMBASSY MOSCOW');
    store.close();
  });
});

describe('GIVEN broken inputs among good ones', () => {
  it('THEN each bad record is reported with file, record, line and reason, and the good ones are stored', async () => {
    const input = folderOf({
      '1-bad-quote.csv': 'csv/bad-quote-middle.csv',
      '2-starts-mid-record.csv': 'csv/starts-mid-record.csv',
      '3-ends-mid-record.csv': 'csv/ends-mid-record.csv',
      '4-random.bin': 'csv/random.bin',
      '5-empty.txt': 'csv/empty.csv',
    });
    writeFileSync(join(input, '6-notes.txt'), 'Meeting notes: nothing to do with cables.\n');
    const summary = await runImport([input, join(dir, 'no-such-file.csv')]);
    const rejected = summary.rejected.map((r) => ({ file: r.file.replace(`${input}/`, ''), code: r.code, record: r.record, line: r.line }));
    expect(rejected).toContainEqual({ file: join(dir, 'no-such-file.csv'), code: 'not-found', record: undefined, line: undefined });
    expect(rejected).toContainEqual(expect.objectContaining({ file: '1-bad-quote.csv', code: 'bad-quote', record: 2 }));
    expect(rejected).toContainEqual(expect.objectContaining({ file: '2-starts-mid-record.csv', code: 'truncated-record', record: 1, line: 1 }));
    expect(rejected).toContainEqual(expect.objectContaining({ file: '3-ends-mid-record.csv', code: 'truncated-record', record: 3 }));
    expect(rejected).toContainEqual(expect.objectContaining({ file: '4-random.bin', code: 'binary' }));
    expect(rejected).toContainEqual(expect.objectContaining({ file: '5-empty.txt', code: 'empty' }));
    expect(rejected).toContainEqual(expect.objectContaining({ file: '6-notes.txt', code: 'unknown-format' }));
    for (const r of summary.rejected.filter((x) => x.file.endsWith('.csv') && x.code !== 'not-found')) expect(r.line).toBeGreaterThan(0);
    // Nothing lost: every record read is either stored or rejected.
    expect(summary.imported + summary.updated + summary.unchanged + summary.rejected.length - 1).toBe(summary.records);
    const store = openReadonlyStore(db);
    expect(store.count()).toBe(summary.imported);
    store.close();
  });
});

describe('GIVEN paths to list', () => {
  it('THEN folders are walked in name order, hidden files skipped, and missing paths reported', async () => {
    const input = folderOf({ 'b.html': 'pages/06MOSCOW3335.html', 'a.txt': 'seed/06MOSCOW754.txt' });
    mkdirSync(join(input, 'sub'));
    copyFileSync(join(FIXTURES, 'pages/04BOGOTA11339.html'), join(input, 'sub', 'c.html'));
    writeFileSync(join(input, '.DS_Store'), 'x');
    const { files, missing } = await listInputFiles([input, 'nope']);
    expect(files.map((f) => f.slice(input.length + 1))).toEqual(['a.txt', 'b.html', 'sub/c.html']);
    expect(missing).toEqual([{ file: 'nope', code: 'not-found' }]);
  });
});

describe('GIVEN cables.csv records parsed on worker threads', () => {
  it('THEN the outcome is the same as parsing in this thread, record for record', async () => {
    const input = folderOf({
      'a.csv': 'csv/three-records.csv',
      'b.csv': 'csv/bad-quote-middle.csv',
      'c.csv': 'csv/escaped-quotes.csv',
      'd.html': 'pages/06MOSCOW3335.html',
    });
    const outcomes = [];
    const indexes: string[] = [];
    for (const workers of [0, 2]) {
      const path = join(dir, `w${workers}.db`);
      const store = openWritableStore(path);
      const summary = await importFiles(store, [input], { workers, batchSize: 3 });
      store.close();
      const read = openReadonlyStore(path);
      const cables = ['66BUENOSAIRES2481', '06MOSCOW754', '06BOGOTA2076', '06MOSCOW3335'].map((id) => read.getCable(id));
      read.close();
      // Where the search index was built differs (with a worker thread it is built on the side);
      // what was stored must not.
      indexes.push(summary.index);
      outcomes.push({ summary: { ...summary, seconds: 0, index: null, indexSeconds: 0 }, cables });
    }
    expect(indexes).toEqual(['inline', 'side']);
    expect(outcomes[0]?.summary.records).toBeGreaterThan(8);
    expect(outcomes[0]?.summary.rejected.length).toBeGreaterThan(0);
    expect(outcomes[0]?.cables.map((c) => c?.id)).toEqual(['66BUENOSAIRES2481', '06MOSCOW754', '06BOGOTA2076', '06MOSCOW3335']);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});

describe('GIVEN cables.csv records with an unknown ID shape, no date and a bad date', () => {
  it('THEN each is rejected with its record, line and the offending value, and the good record is stored', async () => {
    const body = 'C O N F I D E N T I A L MOSCOW 003335\n\nSUBJECT: TEST\n\n1. (C) Text of the cable.\n';
    const csv = join(dir, 'mixed.csv');
    writeFileSync(
      csv,
      [
        formatCsvRecord(['1', '3/22/2006 14:44', '06MOSCOW3335', 'Embassy Moscow', 'CONFIDENTIAL', '', 'VZCZCXYZ0000', body]),
        formatCsvRecord(['2', '3/22/2006 14:44', 'MOSCOW-3335', 'Embassy Moscow', 'CONFIDENTIAL', '', 'VZCZCXYZ0000', body]),
        formatCsvRecord(['3', '', '06MOSCOW3336', 'Embassy Moscow', 'CONFIDENTIAL', '', 'VZCZCXYZ0000', body]),
        formatCsvRecord(['4', '22/3/2006', '06MOSCOW3337', 'Embassy Moscow', 'CONFIDENTIAL', '', 'VZCZCXYZ0000', body]),
      ].join(''),
    );
    const summary = await runImport([csv]);
    expect(summary.imported).toBe(1);
    expect(summary.rejected.map((r) => ({ record: r.record, line: r.line, code: r.code, detail: r.detail }))).toEqual([
      { record: 2, line: 7, code: 'bad-id', detail: 'MOSCOW-3335' },
      { record: 3, line: 13, code: 'no-created', detail: undefined },
      { record: 4, line: 19, code: 'bad-date', detail: '22/3/2006' },
    ]);
  });
});
