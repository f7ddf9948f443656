import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadonlyStore, openWritableStore, type WritableCableStore } from '../../src/corpus/store.ts';
import { encodeCable } from '../../src/corpus/store/codec.ts';
import { WalCheckpointer } from '../../src/corpus/store/wal-checkpointer.ts';
import { moscow754, tempDir } from './store-fixtures.ts';

let dir: string;
let cleanup: () => void;
let dbPath: string;
let store: WritableCableStore | null = null;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('checkpoints'));
  dbPath = join(dir, 'cables.db');
});

afterEach(() => {
  store?.close();
  store = null;
  cleanup();
});

const size = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

/** `count` copies of 06MOSCOW754 under IDs of their own, in commits of 100 (a few MB of log). */
function writeCopies(s: WritableCableStore, from: number, count: number): void {
  for (let i = from; i < from + count; i += 100) {
    s.beginBulk();
    const batch = Array.from({ length: 100 }, (_, k) => encodeCable({ ...moscow754(), id: `06MOSCOW${10_000 + i + k}`, canonicalId: `06MOSCOW${10_000 + i + k}` }));
    expect(s.writeBulk(batch).imported).toBe(100);
    s.commitBulk();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WAL checkpoints on a thread of their own', () => {
  it('GIVEN a bulk import with checkpointInBackground WHEN commits append to the log THEN another connection copies them into the file meanwhile, the log is reused, and stop restores the automatic checkpoints', async () => {
    store = openWritableStore(dbPath);
    const s = store;
    const checkpoints = s.checkpointInBackground();
    // The writer's own checkpoints are now 256 MB away: only the thread copies pages back.
    const fileBefore = size(dbPath);
    writeCopies(s, 0, 1_500);
    // The writer is still open and has checkpointed nothing itself, yet the file grows.
    await until(() => size(dbPath) > fileBefore + 4_000_000, 'the database file to receive the committed pages');
    // The log restarts from its beginning at a commit that finds it all copied back, so as the
    // writes go on it stays far smaller than what was written. (Writes go on while waiting: on a
    // loaded machine the thread can fall behind one synchronous burst, and the log only restarts
    // at a later commit; CI once timed out waiting after a single burst.)
    writeCopies(s, 1_500, 1_500);
    let written = 3_000;
    await until(() => {
      if (size(dbPath) > 2 * size(`${dbPath}-wal`)) return true;
      writeCopies(s, written, 100);
      written += 100;
      return false;
    }, 'the log to be reused');
    await checkpoints.stop();
    // Without the thread the writer checkpoints again itself, every 1,000 pages (16 MB) of log.
    const fileAtStop = size(dbPath);
    writeCopies(s, written, 1_500);
    written += 1_500;
    expect(size(dbPath)).toBeGreaterThan(fileAtStop);
    // What was written is all there, read by a new connection.
    s.close();
    store = null;
    const reader = openReadonlyStore(dbPath);
    try {
      expect(reader.count()).toBe(written);
      expect(reader.getCable(`06MOSCOW${10_000 + written - 1}`)?.paragraphs).toHaveLength(moscow754().paragraphs.length);
    } finally {
      reader.close();
    }
  });

  it('GIVEN the store file gone before the thread opens it THEN stop still resolves and nothing else is affected', async () => {
    store = openWritableStore(dbPath);
    const s = store;
    const checkpoints = new WalCheckpointer(join(dir, 'missing.db'));
    await checkpoints.stop();
    writeCopies(s, 0, 100);
    expect(s.count()).toBe(100);
  });
});
