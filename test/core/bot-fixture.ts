/**
 * A real bot context over the real fixture pages: the 29 WikiLeaks pages in
 * test/fixtures/pages and the seed 06MOSCOW754 go through the project's importer into a
 * real SQLite store in a temp folder, read through the cache, with the real 251,287-ID
 * index and the real command table — no mocks.
 */
import { join } from 'node:path';
import { commandTable } from '../../commands/index.ts';
import { CachedCorpus } from '../../src/corpus/cache.ts';
import { defaultIdIndex } from '../../src/corpus/ids/index.ts';
import { importFiles } from '../../src/corpus/import.ts';
import { openReadonlyStore, openWritableStore, type CableStore } from '../../src/corpus/store.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { FIXTURES } from '../corpus/parse/fixtures.ts';
import { tempDir } from '../corpus/store-fixtures.ts';

/** The fixture pages and the seed. */
export const FIXTURE_INPUTS = [join(FIXTURES, 'pages'), join(FIXTURES, 'seed', '06MOSCOW754.txt')];

export interface FixtureBot {
  ctx: CommandContext;
  store: CableStore;
  dbPath: string;
  close(): void;
}

/** Imports the fixtures into a fresh store and opens a context on it (read-only, like the bot). */
export async function openFixtureBot(): Promise<FixtureBot> {
  const { dir, cleanup } = tempDir('core');
  const dbPath = join(dir, 'fixtures.db');
  const writable = openWritableStore(dbPath);
  try {
    const summary = await importFiles(writable, FIXTURE_INPUTS, { workers: 0 });
    if (summary.rejected.length > 0) throw new Error(`fixture import rejected ${summary.rejected.length} record(s)`);
    writable.optimize();
  } finally {
    writable.close();
  }
  const store = openReadonlyStore(dbPath);
  const ctx: CommandContext = { corpus: new CachedCorpus(store), ids: defaultIdIndex(), commands: commandTable };
  return {
    ctx,
    store,
    dbPath,
    close: () => {
      store.close();
      cleanup();
    },
  };
}
