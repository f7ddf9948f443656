import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdData } from '../../../scripts/build-ids.ts';
import { DEFAULT_ID_DATA_DIR } from '../../../src/corpus/ids/tables.ts';

const SHARED_CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const haveShared = existsSync(join(SHARED_CORPUS, 'cable-ids.csv.gz'));

// The build needs ../shared, which a user's clone does not have: there data/ids is checked by
// tables.test.ts alone.
describe.skipIf(!haveShared)('scripts/build-ids.ts', () => {
  let out = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'cablebot-ids-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // Digests, not buffers: deep-comparing an 836 kB buffer element by element takes seconds.
  const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
  const snapshot = (dir: string): Map<string, string> =>
    new Map(readdirSync(dir).sort().map((name) => [name, digest(join(dir, name))]));

  it('GIVEN the shared corpus WHEN built twice THEN the output is byte-identical', () => {
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
