/**
 * Inputs for the archive tests, built at test time (never committed binaries): a `cables.csv`
 * written from the real fixture pages, and archives of it made with the same libraries the
 * importer reads them with (node's zlib, fflate, tar-stream, 7z-wasm).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { zipSync } from 'fflate';
import type { SevenZipModuleFactory } from '7z-wasm';
import { formatCsvRecord } from '../../../src/corpus/csv-writer.ts';
import { importFiles, type ImportOptions, type ImportSummary } from '../../../src/corpus/import.ts';
import { openWritableStore } from '../../../src/corpus/store.ts';
import { FIXTURES, pageParts, plainBody } from '../parse/fixtures.ts';

/** `2006-03-22 14:44` → `3/22/2006 14:44`, the date format of cables.csv. */
function csvDate(created: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(created);
  if (!m) return created;
  return `${Number(m[2])}/${Number(m[3])}/${m[1]} ${Number(m[4])}:${m[5]}`;
}

/** cables.csv of every fixture page: table fields, routing header and plain body, one row each. */
export function csvFromPages(): Buffer {
  const ids = readdirSync(join(FIXTURES, 'pages'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.slice(0, -'.html'.length))
    .sort();
  const rows = ids.map((id, i) => {
    const p = pageParts(id);
    return formatCsvRecord([String(i + 1), csvDate(p.created), p.id, p.origin, p.classification, '', p.header, plainBody(id)]);
  });
  return Buffer.from(rows.join(''));
}

/** A tar of `files` (name → bytes), made with tar-stream. */
export async function tarOf(files: Record<string, Uint8Array>): Promise<Buffer> {
  const p = pack();
  for (const [name, bytes] of Object.entries(files)) p.entry({ name, size: bytes.byteLength }, Buffer.from(bytes));
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** A zip of `files`, deflated, made with fflate. */
export function zipOf(files: Record<string, Uint8Array>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]]))));
}

/** A 7z of `files`, written into `dir` as `name` by 7z-wasm (the files are written beside it first). */
export async function sevenZipOf(dir: string, name: string, files: Record<string, Uint8Array>): Promise<string> {
  for (const [f, bytes] of Object.entries(files)) writeFileSync(join(dir, f), bytes);
  const SevenZip = (await import('7z-wasm')).default as unknown as SevenZipModuleFactory;
  const sz = await SevenZip({ print: () => undefined, printErr: () => undefined });
  sz.FS.mkdir('/w');
  sz.FS.mount(sz.NODEFS, { root: dir }, '/w');
  sz.FS.chdir('/w');
  sz.callMain(['a', '-t7z', '-mx=5', name, ...Object.keys(files)]);
  return join(dir, name);
}

/** PNG signature and a bit of its IHDR chunk: binary junk as it sits beside cables.csv in re-packs. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

/** Imports `paths` into a fresh store at `db`. */
export async function importInto(db: string, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const store = openWritableStore(db);
  try {
    return await importFiles(store, paths, { workers: 0, ...opts });
  } finally {
    store.close();
  }
}
