/**
 * The store built from the bundle on first use: built once, rebuilt when the bundle changes,
 * never over a store the user imported, and a configured store is never replaced.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeBundle } from '../../src/corpus/bundle.ts';
import { DEFAULT_DB_FILE, ensureBundledStore, openBotStore, storePath } from '../../src/corpus/bundled-store.ts';
import { StoreError, openReadonlyStore, openWritableStore } from '../../src/corpus/store.ts';
import { entryFromPage } from '../../scripts/corpus-build.ts';
import { FIXTURES } from './parse/fixtures.ts';
import { tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('bundled')));
afterEach(() => cleanup());

function writeBundle(name: string, pages: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, encodeBundle(pages.map((id) => entryFromPage(readFileSync(join(FIXTURES, 'pages', `${id}.html`), 'utf8')))));
  return file;
}

describe('GIVEN no store yet', () => {
  it('THEN the first use builds it from the bundle, and the second use opens it as is', async () => {
    const bundle = writeBundle('b.jsonl.gz', ['06MOSCOW3335', '04BOGOTA11339', '02ROME1196']);
    const db = join(dir, 'var', 'cablebot.db');
    const first = await ensureBundledStore(db, bundle);
    expect(first).toMatchObject({ built: true, cables: 3 });
    expect(first.seconds).toBeGreaterThan(0);
    expect(await ensureBundledStore(db, bundle)).toEqual({ built: false, cables: 3, seconds: 0 });
    // No temporary build file is left beside it.
    expect(readdirSync(join(dir, 'var'))).toEqual(['cablebot.db']);
    const store = openReadonlyStore(db);
    expect(store.getCable('04BOGOTA11339')?.origin).toBe('Embassy Bogota');
    store.close();
  });
});

describe('GIVEN a store built from an older bundle', () => {
  it('THEN it is rebuilt from the new bundle', async () => {
    const db = join(dir, 'cablebot.db');
    await ensureBundledStore(db, writeBundle('old.jsonl.gz', ['06MOSCOW3335']));
    const rebuilt = await ensureBundledStore(db, writeBundle('new.jsonl.gz', ['06MOSCOW3335', '02ROME1196']));
    expect(rebuilt).toMatchObject({ built: true, cables: 2 });
  });
});

describe('GIVEN a store the user filled with an import', () => {
  it('THEN a bundle change never replaces it', async () => {
    const db = join(dir, 'cablebot.db');
    await ensureBundledStore(db, writeBundle('old.jsonl.gz', ['06MOSCOW3335']));
    const w = openWritableStore(db);
    w.recordBuild({ source: 'import: cables.csv' });
    w.close();
    expect(await ensureBundledStore(db, writeBundle('new.jsonl.gz', ['02ROME1196']))).toEqual({ built: false, cables: 1, seconds: 0 });
  });
});

describe('GIVEN CABLEBOT_DB', () => {
  it('THEN unset or blank means the default store built from the bundle, set means that file as is', () => {
    expect(storePath({})).toEqual({ path: DEFAULT_DB_FILE, fromBundle: true });
    expect(storePath({ CABLEBOT_DB: '  ' })).toEqual({ path: DEFAULT_DB_FILE, fromBundle: true });
    expect(storePath({ CABLEBOT_DB: '/srv/cables.db' })).toEqual({ path: '/srv/cables.db', fromBundle: false });
  });

  it('THEN a configured store that is missing is a StoreError naming the file, not a silent rebuild', async () => {
    const missing = join(dir, 'full-release.db');
    await expect(openBotStore({ CABLEBOT_DB: missing })).rejects.toSatisfy((e) => e instanceof StoreError && e.code === 'missing' && e.path === missing);
    expect(existsSync(missing)).toBe(false);
  });
});
