/**
 * `import` straight from what people download: the same cables.csv (written from the real
 * fixture pages) as a plain file, `.gz`, `.zip`, `.tar`, `.tar.gz` and `.7z`, each built here at
 * test time, must import exactly as the plain file does; broken and mixed archives are reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSummary, RejectedRecord } from '../../../src/corpus/import.ts';
import { openReadonlyStore } from '../../../src/corpus/store.ts';
import { tempDir } from '../store-fixtures.ts';
import { PNG, csvFromPages, importInto, sevenZipOf, tarOf, zipOf } from './archive-fixtures.ts';

let dir: string;
let cleanup: () => void;
let csv: Buffer;
let plain: ImportSummary;
let n = 0;

const README = Buffer.from('Cablegate, as released on 2011-08-30.\nOne file: cables.csv, 251,287 rows.\n');

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('input-archives'));
  csv = csvFromPages();
  writeFileSync(join(dir, 'cables.csv'), csv);
  plain = await importInto(join(dir, 'plain.db'), [join(dir, 'cables.csv')]);
});
afterAll(() => cleanup());

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** A fresh store's path. */
function db(): string {
  return join(dir, `store-${++n}.db`);
}

/** The plain import's rejections as they read from inside an archive member named `file`. */
function plainRejectedAs(file: string): RejectedRecord[] {
  return plain.rejected.map((r) => ({ ...r, file }));
}

function cablesIn(path: string): number {
  const store = openReadonlyStore(path);
  try {
    return store.count();
  } finally {
    store.close();
  }
}

describe('GIVEN cables.csv written from the fixture pages, imported as a plain file', () => {
  it('THEN it imports every page (the baseline the archives are held to)', () => {
    expect(plain.imported).toBeGreaterThan(20);
    expect(plain.records).toBe(plain.imported + plain.rejected.length);
  });
});

describe('GIVEN the same cables.csv in each archive format', () => {
  const cases: [string, () => Promise<{ path: string; member: string }>][] = [
    ['.gz', async () => ({ path: write('cables.csv.gz', gzipSync(csv)), member: join(dir, 'cables.csv.gz') })],
    ['.zip', async () => ({ path: write('cablegate.zip', zipOf({ 'cables.csv': csv })), member: `${join(dir, 'cablegate.zip')}:cables.csv` })],
    ['.tar', async () => ({ path: write('cablegate.tar', await tarOf({ 'cables.csv': csv })), member: `${join(dir, 'cablegate.tar')}:cables.csv` })],
    ['.tar.gz', async () => ({ path: write('cablegate.tar.gz', gzipSync(await tarOf({ 'cables.csv': csv }))), member: `${join(dir, 'cablegate.tar.gz')}:cables.csv` })],
    ['.7z', async () => ({ path: await sevenZipOf(dir, 'cablegate-201108300212.7z', { 'cables.csv': csv }), member: `${join(dir, 'cablegate-201108300212.7z')}:cables.csv` })],
    // Recognised from the bytes, not the name: a zip called .csv is read as a zip.
    ['a zip named .csv', async () => ({ path: write('renamed.csv', zipOf({ 'cables.csv': csv })), member: `${join(dir, 'renamed.csv')}:cables.csv` })],
  ];
  it.each(cases)('%s THEN the counts and rejections equal the plain import, and progress ends at the archive size', async (_format, make) => {
    const { path, member } = await make();
    const progress: ImportProgress[] = [];
    const store = db();
    const summary = await importInto(store, [path], { onProgress: (p) => progress.push(p), batchSize: 7 });
    expect(summary).toMatchObject({ files: 1, records: plain.records, imported: plain.imported, updated: plain.updated, unchanged: 0 });
    expect(summary.rejected).toEqual(plainRejectedAs(member));
    expect(cablesIn(store)).toBe(plain.imported);
    // Progress counts the archive's own (compressed) bytes against its size on disk.
    const size = readFileSync(path).byteLength;
    expect(progress.at(-1)).toMatchObject({ bytes: size, totalBytes: size });
    expect(progress.every((p) => p.bytes <= size)).toBe(true);
  });
});

describe('GIVEN archives holding other files beside cables.csv (a PNG, an empty file, a README)', () => {
  const junk = (): Record<string, Uint8Array> => ({ 'logo.png': PNG, 'cables.csv': csv, EMPTY: new Uint8Array(0), 'README.txt': README });
  it.each([
    ['.zip', async () => write('mixed.zip', zipOf(junk()))],
    ['.tar.gz', async () => write('mixed.tar.gz', gzipSync(await tarOf(junk())))],
    ['.7z', async () => sevenZipOf(dir, 'mixed.7z', junk())],
  ])('%s THEN the cables are imported and every other member is listed as rejected with its reason', async (_f, make) => {
    const path = await make();
    const summary = await importInto(db(), [path]);
    expect(summary).toMatchObject({ imported: plain.imported, records: plain.records + 3 });
    // 7-Zip stores members in its own order; zip and tar keep the order they were added in.
    const others = summary.rejected.filter((r) => !r.file.endsWith(':cables.csv'));
    expect(others.sort((a, b) => (a.file < b.file ? -1 : 1))).toEqual([
      { file: `${path}:EMPTY`, code: 'empty' },
      { file: `${path}:README.txt`, code: 'unknown-format' },
      { file: `${path}:logo.png`, code: 'binary' },
    ]);
    expect(summary.rejected.filter((r) => r.file.endsWith(':cables.csv'))).toEqual(plainRejectedAs(`${path}:cables.csv`));
  });
});

describe('GIVEN a truncated or corrupt archive', () => {
  it('WHEN a zip is cut off in the middle of cables.csv THEN the records before the cut are imported and one truncated-archive error names the member and offset', async () => {
    const zip = zipOf({ 'cables.csv': csv });
    const cut = Math.floor(zip.byteLength / 2);
    const path = write('cut.zip', zip.subarray(0, cut));
    const store = db();
    const summary = await importInto(store, [path]);
    const error = summary.rejected.at(-1);
    expect(error).toEqual({ file: `${path}:cables.csv`, code: 'truncated-archive', detail: `offset=${cut} zip: input ends inside the member` });
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.imported).toBeLessThan(plain.imported);
    expect(cablesIn(store)).toBe(summary.imported);
    expect(summary.records).toBe(summary.imported + summary.updated + summary.rejected.length - 1);
  });

  it('WHEN a .tar.gz is cut off THEN one truncated-archive error at the end of what was there, and the cables before it stay', async () => {
    const tgz = gzipSync(await tarOf({ 'cables.csv': csv, 'README.txt': README }));
    const cut = Math.floor(tgz.byteLength * 0.6);
    const path = write('cut.tar.gz', tgz.subarray(0, cut));
    const summary = await importInto(db(), [path]);
    expect(summary.rejected.at(-1)).toEqual({ file: `${path}:cables.csv`, code: 'truncated-archive', detail: `offset=${cut} gzip: unexpected end of file` });
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.imported).toBeLessThan(plain.imported);
  });

  it('WHEN the deflated data of a zip member is overwritten in the middle THEN one corrupt-archive error names the member', async () => {
    const zip = zipOf({ 'cables.csv': csv });
    const mid = Math.floor(zip.byteLength / 2);
    zip.fill(0xff, mid, mid + 64);
    const path = write('corrupt.zip', zip);
    const summary = await importInto(db(), [path]);
    const error = summary.rejected.at(-1);
    expect(error).toMatchObject({ file: `${path}:cables.csv`, code: 'corrupt-archive' });
    expect(error?.detail).toMatch(/^offset=\d+ zip: invalid /);
    expect(summary.imported).toBeLessThan(plain.imported);
  });

  it('WHEN a gzip has a wrong checksum THEN corrupt-archive, after all its records were read', async () => {
    const gz = gzipSync(csv);
    gz[gz.byteLength - 6] = (gz[gz.byteLength - 6] ?? 0) ^ 0xff;
    const path = write('badcrc.csv.gz', gz);
    const summary = await importInto(db(), [path]);
    expect(summary.rejected.at(-1)).toEqual({ file: path, code: 'corrupt-archive', detail: `offset=${gz.byteLength} gzip: incorrect data check` });
  });

  it('WHEN a 7z is cut off THEN one truncated-archive error naming the archive, and nothing else breaks', async () => {
    const full = readFileSync(await sevenZipOf(dir, 'whole.7z', { 'cables.csv': csv }));
    const path = write('cut.7z', full.subarray(0, Math.floor(full.byteLength / 2)));
    const summary = await importInto(db(), [path, join(dir, 'cables.csv')]);
    expect(summary.rejected[0]).toMatchObject({ file: path, code: 'truncated-archive' });
    expect(summary.rejected[0]?.detail).toMatch(/^offset=\d+ 7z: /);
    // The next input is still read.
    expect(summary.imported).toBe(plain.imported);
  });
});
