/**
 * The store failing while the bot runs, end to end through the real answer path: `openBot`
 * on a copy of the fixture store (CABLEBOT_DB), `answerLine` as the console and
 * `cablebot lookup` call it. The file is removed, replaced, locked and damaged under the
 * running bot: the affected replies say the store is unavailable, nothing throws, and the
 * bot answers again once the file is back, without a restart.
 *
 * Only `performance` is faked (the live store's clock), so "a second later" costs no sleep;
 * how long a lock blocks is measured with `process.hrtime`, which is real.
 */
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openBot, type OpenBot } from '../../src/bot/open.ts';
import { RETRY_AFTER_MS, STAT_INTERVAL_MS, type StoreHealth } from '../../src/corpus/live-store.ts';
import { StoreError, openWritableStore, type StoreErrorCode } from '../../src/corpus/store.ts';
import { answerLine } from '../../src/core/answer.ts';
import { errorText } from '../../adapters/words.ts';
import type { Reply } from '../../src/core/reply.ts';
import { moscow3335, moscow5740, moscow754, tempDir } from '../corpus/store-fixtures.ts';
import { openFixtureBot, type FixtureBot } from './bot-fixture.ts';

let fixture: FixtureBot;
beforeAll(async () => {
  fixture = await openFixtureBot();
});
afterAll(() => fixture.close());

let dir: string;
let cleanup: () => void;
let db: string;
let bot: OpenBot;
let states: StoreHealth[];
let errors: unknown[];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['performance'] });
  ({ dir, cleanup } = tempDir('store-runtime'));
  db = join(dir, 'cablebot.db');
  copyFileSync(fixture.dbPath, db);
  states = [];
  errors = [];
  bot = await openBot({ CABLEBOT_DB: db }, { onStoreState: (h) => states.push(h), onWarmUpError: (e) => errors.push(e) });
});
afterEach(() => {
  bot.close();
  cleanup();
  vi.useRealTimers();
});

/** The replies to one console line; fails the test if answering throws. */
function ask(text: string): Reply[] {
  return answerLine(bot.ctx, text, (error) => errors.push(error)).replies;
}

/** `cable:<id>`, `error:<code>`, `not-in-corpus:<id>`... one per reply. */
function kinds(text: string): string[] {
  return ask(text).map((r) => {
    if (r.kind === 'error') return `error:${r.code}`;
    if (r.kind === 'cable') return `cable:${r.cable.id}`;
    return r.kind;
  });
}

function health(): StoreErrorCode | 'available' {
  const h = bot.health();
  return h.available ? 'available' : h.error.code;
}

function errorCodes(): string[] {
  return errors.map((e) => (e instanceof StoreError ? e.code : String(e)));
}

function stateCodes(): (StoreErrorCode | 'available')[] {
  return states.map((s) => (s.available ? 'available' : s.error.code));
}

/** Milliseconds `fn` took by the real clock. */
function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('GIVEN the bot running on CABLEBOT_DB', () => {
  it('THEN it answers, and health says available', () => {
    expect(kinds('06MOSCOW754')).toEqual(['cable:06MOSCOW754']);
    expect(health()).toBe('available');
    expect(bot.store.path).toBe(db);
    expect(errors).toEqual([]);
  });

  it('WHEN an import starts building the search index on the side (index pending) THEN searches and quote → source answer index-pending, lookups still answer, health stays available; the index in place THEN searches answer again', () => {
    expect(kinds('search embassy')).toEqual(['search']);
    // The importer's own first step, on the running bot's file (a real writer, as `cablebot import` opens it).
    const writer = openWritableStore(db);
    writer.deferIndex(() => undefined);
    expect(kinds('search embassy')).toEqual(['error:index-pending']);
    expect(kinds('source The Ambassador raised the issue of the nuclear program with the Deputy Minister')).toEqual(['error:index-pending']);
    expect(kinds('07TBILISI1732')).toEqual(['cable:07TBILISI1732']);
    expect(health()).toBe('available');
    // Expected while an import runs: no operator alert per search.
    expect(errors).toEqual([]);
    expect(errorText({ kind: 'error', code: 'index-pending', detail: 'search' })).toMatch(/^Search is not ready yet: the cables are still being imported.*Lookups by ID work/);
    writer.rebuildIndex();
    writer.close();
    expect(kinds('search embassy')).toEqual(['search']);
  });

  it('WHEN the file is removed THEN a lookup not yet cached answers store-unavailable, nothing throws; put back THEN it answers again', () => {
    const backup = join(dir, 'backup.db');
    copyFileSync(db, backup);
    expect(kinds('06MOSCOW754')).toEqual(['cable:06MOSCOW754']);
    rmSync(db);
    vi.advanceTimersByTime(STAT_INTERVAL_MS);
    expect(kinds('07TBILISI1732')).toEqual(['error:store-unavailable']);
    const [reply] = ask('09BERLIN1148');
    expect(reply).toEqual({ kind: 'error', code: 'store-unavailable', detail: expect.stringContaining(`Cable store ${db} does not exist`) });
    expect(kinds('search embassy')).toEqual(['error:store-unavailable']);
    // A sentence: the cable it names cannot be looked up; an ID only the store could know cannot be checked.
    expect(kinds('see 07TBILISI1732 please')).toEqual(['error:store-unavailable']);
    expect(kinds('see 06MOSCOW99999 please')).toEqual(['error:store-unavailable']);
    // What the cache already holds is still answered.
    expect(kinds('06MOSCOW754')).toEqual(['cable:06MOSCOW754']);
    expect(health()).toBe('missing');
    expect(errorCodes()).toEqual(['missing', 'missing', 'missing', 'missing']);

    copyFileSync(backup, db);
    vi.advanceTimersByTime(STAT_INTERVAL_MS);
    expect(kinds('07TBILISI1732')).toEqual(['cable:07TBILISI1732']);
    expect(kinds('search embassy')[0]).toBe('search');
    expect(health()).toBe('available');
    expect(stateCodes()).toEqual(['missing', 'available']);
  });

  it('WHEN the file is replaced by another valid store (mv new.db over it) THEN the new content is answered, cached cables included', () => {
    expect(ask('06MOSCOW754')[0]).toMatchObject({ kind: 'cable', cable: { id: '06MOSCOW754', subject: null } });
    expect(kinds('07TBILISI1732')).toEqual(['cable:07TBILISI1732']);
    const next = join(dir, 'next.db');
    const writable = openWritableStore(next);
    writable.upsertMany([{ ...moscow754(), subject: 'A REPLACED SUBJECT' }, moscow5740(), moscow3335()]);
    writable.close();
    renameSync(next, db);
    vi.advanceTimersByTime(STAT_INTERVAL_MS);
    expect(ask('06MOSCOW754')[0]).toMatchObject({ kind: 'cable', cable: { id: '06MOSCOW754', subject: 'A REPLACED SUBJECT' } });
    // In the release, not in the new store: the card the bot gives for a cable it lacks.
    expect(kinds('07TBILISI1732')).toEqual(['not-in-corpus']);
    expect(bot.ctx.corpus.count()).toBe(3);
    expect(health()).toBe('available');
    expect(states).toEqual([]);
  });

  it('WHEN another program holds an exclusive lock THEN lookups answer store-unavailable within about the busy timeout, a burst does not block; released THEN it answers again', () => {
    const locker = new Database(db);
    locker.exec('BEGIN EXCLUSIVE');
    let released = false;
    try {
      let first: string[] = [];
      expect(timed(() => (first = kinds('07TBILISI1732')))).toBeLessThan(1_000);
      expect(first).toEqual(['error:store-unavailable']);
      const burst = ['09BERLIN1148', '08LONDON2858', '06REYKJAVIK88', '02ROME1196', '05QUITO1978', 'search embassy', '09NAIROBI1171'];
      let answered: string[][] = [];
      expect(timed(() => (answered = burst.map(kinds)))).toBeLessThan(1_000);
      expect(answered).toEqual(burst.map(() => ['error:store-unavailable']));
      expect(health()).toBe('busy');
      locker.exec('ROLLBACK');
      locker.close();
      released = true;
      vi.advanceTimersByTime(RETRY_AFTER_MS);
      expect(kinds('07TBILISI1732')).toEqual(['cable:07TBILISI1732']);
      expect(health()).toBe('available');
      expect(new Set(errorCodes())).toEqual(new Set(['busy']));
      expect(stateCodes()).toEqual(['busy', 'available']);
    } finally {
      if (!released) locker.close();
    }
  });

  it('WHEN the file is replaced by a damaged one THEN store-unavailable and health names the damage; a good file back THEN it recovers', () => {
    const good = join(dir, 'good.db');
    copyFileSync(db, good);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(64 * 1024, 0x5a));
    renameSync(junk, db);
    vi.advanceTimersByTime(STAT_INTERVAL_MS);
    expect(kinds('07TBILISI1732')).toEqual(['error:store-unavailable']);
    expect(health()).toBe('not-a-database');
    vi.advanceTimersByTime(RETRY_AFTER_MS);
    expect(kinds('09BERLIN1148')).toEqual(['error:store-unavailable']);
    renameSync(good, db);
    vi.advanceTimersByTime(STAT_INTERVAL_MS);
    expect(kinds('07TBILISI1732')).toEqual(['cable:07TBILISI1732']);
    expect(health()).toBe('available');
    expect(stateCodes()).toEqual(['not-a-database', 'available']);
  });
});
