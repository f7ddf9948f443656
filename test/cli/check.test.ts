/**
 * `cablebot check` through the CLI (in-process, real stores in a temp folder), and a full disk
 * during an import: SQLite's real SQLITE_FULL, provoked with `PRAGMA max_page_count` on the
 * importer's own connection, then the store checked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/corpus/import.ts';
import { ImportStopped } from '../../src/corpus/import-stop.ts';
import { StoreError, describeStoreError, openWritableStore } from '../../src/corpus/store.ts';
import { moscow3335, moscow754, tempDir } from '../corpus/store-fixtures.ts';
import { writeRepeatedCsv } from './interrupt-fixture.ts';
import { runCli } from './run-cli.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('cli-check')));
afterEach(() => cleanup());

function store(name: string): string {
  const path = join(dir, name);
  const s = openWritableStore(path);
  s.upsertMany([moscow754(), moscow3335()]);
  s.close();
  return path;
}

describe('GIVEN cablebot check --db PATH', () => {
  it('GIVEN a whole store THEN exactly cables, paragraphs, checksum, ok; exit 0', async () => {
    const path = store('a.db');
    const run = await runCli(['check', '--db', path]);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toMatch(/^cables 2\nparagraphs \d+\nchecksum [0-9a-f]{64}\nok\n$/);
  });

  it('GIVEN a cable without its paragraphs THEN the problem names it; no ok; exit 1', async () => {
    const path = store('a.db');
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(path);
    db.prepare("DELETE FROM paragraphs WHERE cable = (SELECT pk FROM cables WHERE id = '06MOSCOW754')").run();
    db.close();
    const run = await runCli(['check', '--db', path]);
    expect(run.code).toBe(1);
    expect(run.out).not.toMatch(/^ok$/m);
    expect(run.err).toMatch(/^cablebot check: 1 cables that are not whole .*: 06MOSCOW754$/m);
  });

  it('GIVEN a store whose import was stopped before its search index was built THEN the counts, a line saying so, ok; exit 0', async () => {
    const csv = join(dir, 'cables.csv');
    await writeRepeatedCsv(csv, 600);
    const path = join(dir, 'pending.db');
    const s = openWritableStore(path);
    const stop = new AbortController();
    const stopped = await importFiles(s, [csv], { batchSize: 100, index: 'side', signal: stop.signal, onProgress: () => stop.abort() }).catch((err: unknown) => err);
    s.close();
    expect(stopped).toBeInstanceOf(ImportStopped);
    const run = await runCli(['check', '--db', path]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^cables 100\nparagraphs \d+\nchecksum [0-9a-f]{64}\nok\n$/);
    expect(run.err).toMatch(/^cablebot check: the search index of .*pending\.db is not built yet: .*run the same import command again to finish it\n$/);
  });

  it('GIVEN no file, a text file, an old schema THEN one line naming the file; exit 1', async () => {
    const missing = await runCli(['check', '--db', join(dir, 'nope.db')]);
    expect([missing.code, missing.out, missing.err.split('\n').length]).toEqual([1, '', 2]);
    expect(missing.err).toMatch(/nope\.db does not exist/);
    writeFileSync(join(dir, 'x.db'), 'x'.repeat(200));
    const text = await runCli(['check', '--db', join(dir, 'x.db')]);
    expect([text.code, text.err]).toEqual([1, expect.stringMatching(/x\.db is not a cablebot cable store/)]);
    const old = store('old.db');
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(old);
    db.pragma('user_version = 0');
    db.close();
    const oldRun = await runCli(['check', '--db', old]);
    expect([oldRun.code, oldRun.err]).toEqual([1, expect.stringMatching(/^cablebot: Cable store .*old\.db was built by an older cablebot.*\n$/)]);
  });
});

describe('GIVEN the disk fills up during an import', () => {
  it('THEN a disk-full StoreError naming the store, one line; the batches before are kept whole and check passes', async () => {
    const csv = join(dir, 'cables.csv');
    await writeRepeatedCsv(csv, 3_000);
    const path = join(dir, 'full.db');
    const s = openWritableStore(path);
    // The writer's own connection (protected in CableStore); the limit is per connection.
    const db = (s as unknown as { db: Database.Database }).db;
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages + 60}`);
    const error = await importFiles(s, [csv], { batchSize: 100, workers: 0 }).then(
      () => null,
      (err: unknown) => err,
    );
    try {
      s.close();
    } catch {
      // the checkpoint may hit the same limit: the store is valid either way
    }
    expect(error).toBeInstanceOf(StoreError);
    const line = describeStoreError(error as StoreError);
    expect((error as StoreError).code).toBe('disk-full');
    expect(line).toMatch(/^The disk holding cable store .*full\.db is full.*run the same command again/);
    expect(line).not.toMatch(/\n/);
    const run = await runCli(['check', '--db', path]);
    expect(run.code).toBe(0);
    const cables = Number(/^cables (\d+)$/m.exec(run.out)?.[1]);
    expect(cables).toBeGreaterThan(0);
    expect(cables).toBeLessThan(3_000);
    expect(cables % 100).toBe(0);
  });
});
