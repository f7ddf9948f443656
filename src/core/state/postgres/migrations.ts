/**
 * The PostgreSQL schema of the shared state, as numbered migrations applied in order at start.
 * Several replicas starting at once must migrate once: each takes a session advisory lock
 * first, reads which versions are applied, and applies the rest, each in its own transaction
 * with its row in `cablebot_migrations`. A migration, once released, is never edited: a change
 * is a new one at the end.
 */
import type { Pool } from 'pg';

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The advisory lock key of migrations: "cablebot" in ASCII, as a bigint. */
export const MIGRATION_LOCK = '7161109385587650420';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings, claims, rate windows',
    sql: `
CREATE TABLE channel_settings (
  platform text NOT NULL,
  channel_id text NOT NULL,
  auto_detect boolean NOT NULL,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, channel_id)
);
-- Every replica mirrors the settings in memory and hears each change at once.
CREATE FUNCTION cablebot_settings_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cablebot_settings', json_build_object('platform', NEW.platform, 'channelId', NEW.channel_id, 'autoDetect', NEW.auto_detect)::text);
  RETURN NEW;
END $$;
CREATE TRIGGER channel_settings_notify AFTER INSERT OR UPDATE ON channel_settings
  FOR EACH ROW EXECUTE FUNCTION cablebot_settings_notify();

-- "Once per window" keys: the repeat guard (per platform) and Slack event ids.
CREATE TABLE claims (
  scope text NOT NULL,
  key text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX claims_expiry ON claims (expires_at);

-- Sliding windows of the rate limits: the admitted commands' times (epoch ms, the server's
-- clock, so replicas with skewed clocks still agree) per user or channel key.
CREATE TABLE rate_windows (
  key text PRIMARY KEY,
  hits bigint[] NOT NULL,
  last_ms bigint NOT NULL
);
CREATE INDEX rate_windows_last ON rate_windows (last_ms);

-- One command against two windows, atomically: both keys locked (advisory, in a fixed order,
-- so two replicas never deadlock), both counted, both recorded or neither. Refused commands
-- are not counted, as in memory.
CREATE FUNCTION cablebot_admit_command(user_key text, channel_key text, user_limit int, channel_limit int, window_ms bigint)
RETURNS TABLE (allowed boolean, wait_ms bigint, scope text) LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  u bigint[];
  c bigint[];
  uw bigint := 0;
  cw bigint := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest(ARRAY[user_key, channel_key]) AS x ORDER BY 1) AS keys;
  SELECT coalesce(array_agg(h ORDER BY h), '{}') INTO u FROM rate_windows, unnest(hits) AS h WHERE key = user_key AND h > now_ms - window_ms;
  SELECT coalesce(array_agg(h ORDER BY h), '{}') INTO c FROM rate_windows, unnest(hits) AS h WHERE key = channel_key AND h > now_ms - window_ms;
  IF cardinality(u) >= user_limit THEN uw := greatest(1, u[cardinality(u) - user_limit + 1] + window_ms - now_ms); END IF;
  IF cardinality(c) >= channel_limit THEN cw := greatest(1, c[cardinality(c) - channel_limit + 1] + window_ms - now_ms); END IF;
  IF uw > 0 OR cw > 0 THEN
    RETURN QUERY SELECT false, greatest(uw, cw), CASE WHEN uw >= cw THEN 'user' ELSE 'channel' END;
    RETURN;
  END IF;
  INSERT INTO rate_windows (key, hits, last_ms) VALUES (user_key, u || now_ms, now_ms), (channel_key, c || now_ms, now_ms)
    ON CONFLICT (key) DO UPDATE SET hits = excluded.hits, last_ms = excluded.last_ms;
  RETURN QUERY SELECT true, 0::bigint, NULL::text;
END $$;
`,
  },
  {
    version: 2,
    name: 'pending work',
    sql: `
-- Work a replica acknowledged and has not finished (a Slack /cable it will answer): held by its
-- owner while the owner renews the lease; a lapsed lease hands it to another replica.
CREATE TABLE pending_work (
  kind text NOT NULL,
  id text NOT NULL,
  payload text NOT NULL,
  owner text NOT NULL,
  lease_until timestamptz NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX pending_work_lease ON pending_work (kind, lease_until);
`,
  },
  {
    version: 3,
    name: 'installations',
    sql: `
-- Platform installations (Slack OAuth installs, one per workspace or org), by the adapter's key;
-- the record is the platform library's JSON, opaque here. It holds tokens.
CREATE TABLE installations (
  platform text NOT NULL,
  key text NOT NULL,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, key)
);
`,
  },
];

/**
 * Applies the migrations `pool`'s database lacks, under the advisory lock; returns the versions
 * this call applied (empty when another replica had done it).
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS cablebot_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = await client.query<{ version: number }>('SELECT version FROM cablebot_migrations');
      const have = new Set(done.rows.map((r) => r.version));
      for (const m of migrations) {
        if (have.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO cablebot_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.version} (${m.name}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}
