/**
 * `GET /healthz` over the bot's live store, with the store file removed, put back and
 * locked under the running adapter: the monitor sees 503 with the store's reason at once
 * (the check looks at the file, not at the caches) and 200 again once it can be read.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HEALTH_PATH } from '../../../adapters/slack/index.ts';
import { LiveCorpus, LiveStore, RETRY_AFTER_MS } from '../../../src/corpus/live-store.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { startSlackBot, type SlackBot } from './harness.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const healthSchema = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  corpus: z.enum(['ok', 'unavailable']),
  cables: z.number().nullable(),
  slack: z.string(),
  reason: z.string().optional(),
});

async function healthz(b: SlackBot): Promise<{ status: number; body: z.infer<typeof healthSchema> }> {
  const response = await fetch(b.eventsUrl.replace('/slack/events', HEALTH_PATH));
  return { status: response.status, body: healthSchema.parse(await response.json()) };
}

describe('GIVEN the Slack adapter in HTTP mode reading a live store', () => {
  it('WHEN the file is removed, put back, locked and released THEN /healthz follows: 503 with the reason, 200 with the count', async () => {
    const { dir, cleanup } = tempDir('healthz-store');
    cleanups.push(cleanup);
    const db = join(dir, 'cablebot.db');
    copyFileSync(bot.dbPath, db);
    let t = 0;
    const store = LiveStore.open(db, { now: () => t });
    cleanups.push(() => store.close());
    const b = await startSlackBot(bot, 'http', { corpus: new LiveCorpus(store) });
    cleanups.push(() => b.close());
    const cables = bot.store.count();
    const ok = { status: 200, body: { status: 'ok', corpus: 'ok', cables, slack: 'up' } };

    expect(await healthz(b)).toEqual(ok);

    const backup = join(dir, 'backup.db');
    copyFileSync(db, backup);
    rmSync(db);
    // No waiting for the once-a-second look at the path: health always looks.
    expect(await healthz(b)).toEqual({ status: 503, body: { status: 'unavailable', corpus: 'unavailable', cables: null, slack: 'up', reason: 'missing' } });
    copyFileSync(backup, db);
    expect(await healthz(b)).toEqual(ok);

    const locker = new Database(db);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      expect(await healthz(b)).toEqual({ status: 503, body: { status: 'unavailable', corpus: 'unavailable', cables: null, slack: 'up', reason: 'busy' } });
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    t += RETRY_AFTER_MS;
    expect(await healthz(b)).toEqual(ok);
  });
});
