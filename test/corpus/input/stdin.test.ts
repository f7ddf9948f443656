/**
 * `cablebot import -`: the real CLI as a child process with an archive piped to its standard
 * input (as in `7z x -so cablegate.7z | npx cablebot import -`), the format sniffed from the bytes.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../src/corpus/import.ts';
import { tempDir } from '../store-fixtures.ts';
import { csvFromPages, importInto, sevenZipOf, tarOf, zipOf } from './archive-fixtures.ts';

const BIN = fileURLToPath(new URL('../../../bin/cablebot.js', import.meta.url));
/** The first run compiles the CLI bundle; a loaded machine needs a while. */
const TIMEOUT_MS = 60_000;

let dir: string;
let cleanup: () => void;
let csv: Buffer;
let plain: ImportSummary;
let n = 0;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('input-stdin'));
  csv = csvFromPages();
  writeFileSync(join(dir, 'cables.csv'), csv);
  plain = await importInto(join(dir, 'plain.db'), [join(dir, 'cables.csv')]);
});
afterAll(() => cleanup());

/** `node bin/cablebot.js import - --db <fresh>` with `input` on its stdin. */
function importFromStdin(input: Uint8Array): Promise<{ code: number | null; out: string; err: string }> {
  const db = join(dir, `stdin-${++n}.db`);
  const child = spawn(process.execPath, [BIN, 'import', '-', '--db', db], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('GIVEN `cablebot import -` as a child process', () => {
  it.each([
    ['cables.csv itself', () => Promise.resolve(csv)],
    ['a zip', () => Promise.resolve(zipOf({ 'cables.csv': csv }))],
    ['a .tar.gz', async () => gzipSync(await tarOf({ 'cables.csv': csv }))],
  ])('WHEN %s is piped to it THEN it imports as many cables as the plain file', async (_what, make) => {
    const { code, out, err } = await importFromStdin(await make());
    expect(err).not.toMatch(/rejected:/);
    expect(code).toBe(plain.rejected.length > 0 ? 1 : 0);
    expect(out).toMatch(new RegExp(`^imported ${plain.imported}, updated ${plain.updated}, unchanged 0, rejected ${plain.rejected.length} — ${plain.records} records from 1 file`));
  }, TIMEOUT_MS);

  it('WHEN a 7z is piped to it THEN one line says 7z needs the file and gives the exact pipe to use instead', async () => {
    const archive = await sevenZipOf(dir, 'piped.7z', { 'cables.csv': csv });
    const { readFileSync } = await import('node:fs');
    const { code, out, err } = await importFromStdin(readFileSync(archive));
    expect(code).toBe(1);
    expect(out).toMatch(/^imported 0, updated 0, unchanged 0, rejected 1 /);
    expect(err.trim().split('\n')).toEqual(['rejected: -: a compressed format cablebot does not read here (7z needs a seekable file; use: 7z x -so FILE.7z | npx cablebot import -)']);
  }, TIMEOUT_MS);
});
