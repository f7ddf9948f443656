import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdData } from '../../../scripts/build-ids.ts';
import { DEFAULT_ID_DATA_DIR } from '../../../src/corpus/ids/tables.ts';

/**
 * A stand-in for `../shared/corpus` (which a user's clone and this suite must not need), made
 * from the committed tables the way the source has them: CSV and text with CRLF line ends,
 * the license under cablemap-fixtures/. Building from it must give back data/ids exactly.
 */
function fakeSharedCorpus(root: string): string {
  const crlf = (name: string): string => readFileSync(join(DEFAULT_ID_DATA_DIR, name), 'utf8').replace(/\n/g, '\r\n');
  mkdirSync(join(root, 'reference-ids'), { recursive: true });
  mkdirSync(join(root, 'cablemap-fixtures'), { recursive: true });
  writeFileSync(join(root, 'cable-ids.csv.gz'), readFileSync(join(DEFAULT_ID_DATA_DIR, 'cable-ids.csv.gz')));
  writeFileSync(join(root, 'reference-ids', 'misprinted-ids.csv'), crlf('misprinted-ids.csv'));
  writeFileSync(join(root, 'reference-ids', 'station-aliases.csv'), crlf('station-aliases.csv'));
  writeFileSync(join(root, 'reference-ids', 'stations.txt'), crlf('stations.txt'));
  writeFileSync(join(root, 'cablemap-fixtures', 'LICENSE.txt'), crlf('LICENSE-cablemap.txt'));
  return root;
}

describe('scripts/build-ids.ts', () => {
  let out = '';
  let SHARED_CORPUS = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'cablebot-ids-'));
    SHARED_CORPUS = fakeSharedCorpus(mkdtempSync(join(tmpdir(), 'cablebot-shared-')));
  });
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(SHARED_CORPUS, { recursive: true, force: true });
  });

  // Digests, not buffers: deep-comparing an 836 kB buffer element by element takes seconds.
  const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
  const snapshot = (dir: string): Map<string, string> =>
    new Map(readdirSync(dir).sort().map((name) => [name, digest(join(dir, name))]));

  it('GIVEN the source tables WHEN built twice THEN the output is byte-identical', () => {
    buildIdData(SHARED_CORPUS, out);
    const first = snapshot(out);
    buildIdData(SHARED_CORPUS, out);
    expect(snapshot(out)).toEqual(first);
  });

  it('GIVEN a fresh build THEN the committed data/ids is exactly what the script produces', () => {
    buildIdData(SHARED_CORPUS, out);
    expect(snapshot(DEFAULT_ID_DATA_DIR)).toEqual(snapshot(out));
  });

  it('GIVEN the build THEN the gzip ID list is copied unchanged and the CSV tables lose their CR', () => {
    buildIdData(SHARED_CORPUS, out);
    expect(digest(join(out, 'cable-ids.csv.gz'))).toBe(digest(join(SHARED_CORPUS, 'cable-ids.csv.gz')));
    const misprints = readFileSync(join(out, 'misprinted-ids.csv'), 'utf8');
    expect(misprints).not.toContain('\r');
    expect(misprints.split('\n')[1]).toBe('06AITTAIPIE2654,06TAIPEI2654,yes');
  });
});
