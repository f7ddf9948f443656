/**
 * The shared state in PostgreSQL (`CABLEBOT_STATE_URL`): N replicas on one database behave as
 * one bot. One `pg` pool for queries, one client that LISTENs for settings changes.
 *
 * - Settings: mirrored in memory, changes heard at once (`./settings.ts`).
 * - Installations (Slack OAuth installs): read from the table, each record cached in memory
 *   (`./installations.ts`).
 * - Claims (repeat guard, Slack event ids): `INSERT … ON CONFLICT DO UPDATE … WHERE expired
 *   RETURNING`, atomic across replicas: of two replicas claiming the same key, one wins.
 * - Rate limits: one call of `cablebot_admit_command` (`./migrations.ts`) per command.
 * - Pending work (a Slack `/cable` acknowledged, not yet answered): a row per command, leased by
 *   its replica and renewed; a lapsed lease hands it to the first replica that asks.
 * - Expired claims, idle rate windows and work abandoned for 30 minutes are deleted every `cleanupMs`.
 *
 * The server down or unreachable: the state reports `down` with the reason, and every call
 * answers from this process instead — settings from the mirror (changes wait to be written),
 * installations from the cache (changes wait too),
 * claims and rate limits from memory, per replica, until the server is back (a card may then
 * repeat once per replica, a retried event be answered by two, the limits count per replica).
 * Explicit commands are always answered. The listener reconnects every `retryMs`; on its
 * return the mirror is reloaded, pending changes written, and the state is `up` again.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CommandRateLimiter, RATE_WINDOW_MS, UNLIMITED, type RateDecision, type RateLimits } from '../../rate-limit.ts';
import { MemoryClaims } from '../memory-claims.ts';
import { StateUnavailableError, type ClaimScope, type OrphanedWork, type SharedState, type StateHealth, type WorkKind } from '../state.ts';
import { isConnectionError, reasonOf, storable } from './errors.ts';
import { PostgresInstallations } from './installations.ts';
import { migrate } from './migrations.ts';
import { FLUSH_WAIT_MS, MirroredSettings } from './settings.ts';

/** Options of {@link PostgresState.open}. */
export interface PostgresStateOptions {
  /** `postgres://user:password@host:5432/database` */
  url: string;
  rateLimits?: RateLimits;
  /** Called when the state goes down (with the reason) or comes back: once per change, for the log. */
  onStateChange?: (health: StateHealth) => void;
  /**
   * Called when a call failed for another reason than the connection (the call answered from
   * memory), or a settings change could not be written yet (it stays pending).
   */
  onError?: (error: unknown) => void;
  /** Wait between reconnection attempts while down (default 1 s). */
  retryMs?: number;
  /** How often expired rows are deleted (default 60 s). */
  cleanupMs?: number;
  /**
   * How often the listening connection reloads the settings (default 15 s): a connection lost
   * without a word (a network partition) is found out, and a change whose notification never
   * came is picked up anyway.
   */
  heartbeatMs?: number;
  /**
   * How long work begun by a replica stays its own without a renewal (default 10 s; renewed every
   * third of it): a replica killed with work in hand gets it answered by another after that.
   */
  leaseMs?: number;
  /** Connections of the pool (default 20). */
  poolSize?: number;
  /** A query (or a connection) taking longer fails, and the call answers from memory (default 1.5 s). */
  timeoutMs?: number;
}

export { isConnectionError, reasonOf } from './errors.ts';

const NOTIFY_CHANNEL = 'cablebot_settings';
/** What pg-pool says when a call waited `connectionTimeoutMillis` — for a new connection, or for a busy pool's turn. */
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

/** Shared state in PostgreSQL. */
export class PostgresState implements SharedState {
  readonly settings: MirroredSettings;
  readonly installations: PostgresInstallations;
  readonly #options: PostgresStateOptions;
  readonly #pool: pg.Pool;
  readonly #finishPool: pg.Pool;
  readonly #limits: RateLimits;
  readonly #memoryClaims = new MemoryClaims();
  readonly #memoryLimits: CommandRateLimiter;
  #listener: pg.Client | null = null;
  #up = false;
  #reason: string | null = null;
  #closing = false;
  #retry: NodeJS.Timeout | null = null;
  #cleanup: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  readonly #poolSize: number;
  /** This replica, as the owner of the work it holds. */
  readonly #owner = randomUUID();
  /** Work finished while the server was down: deleted first thing when it is back, before anyone is handed it. */
  readonly #finished = new Map<string, { kind: WorkKind; id: string }>();
  #lease: NodeJS.Timeout | null = null;
  /** When a call last found the pool full for too long (logged at most every 10 s). */
  #busySince = 0;

  private constructor(options: PostgresStateOptions) {
    this.#options = options;
    this.#limits = options.rateLimits ?? UNLIMITED;
    this.#memoryLimits = new CommandRateLimiter(this.#limits);
    const timeoutMs = options.timeoutMs ?? 1_500;
    this.#poolSize = options.poolSize ?? 20;
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: this.#poolSize,
      // Connections kept for a burst: opening one costs the server a process, slow when it is loaded.
      min: 2,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'cablebot',
    });
    // An idle connection dropped by the server (a restart) is reported here; unhandled, it would end the process.
    this.#pool.on('error', (error) => this.#lost(error));
    // Finishing work has connections of its own, kept open: an adapter marks a command done in
    // the same turn as its answer leaves (adapters/slack/response-url.ts), and the DELETE must be
    // written then, not after a wait for a connection behind a burst of new commands.
    this.#finishPool = new pg.Pool({
      connectionString: options.url,
      max: 4,
      min: 1,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'cablebot-finish',
    });
    this.#finishPool.on('error', (error) => this.#lost(error));
    this.settings = new MirroredSettings(
      (sql, values) => this.#pool.query(sql, values),
      (error) => {
        this.#failed(error);
        return isConnectionError(error) ? 'retry' : 'drop';
      },
    );
    this.installations = new PostgresInstallations({
      query: (sql, values) => this.#pool.query(sql, values),
      up: () => this.#up,
      full: () => this.#full(),
      failed: (error, full) => this.#failed(error, full),
    });
  }

  /**
   * Connects, migrates (under the advisory lock), loads the settings and starts listening.
   * @throws StateUnavailableError when the server cannot be used now.
   */
  static async open(options: PostgresStateOptions): Promise<PostgresState> {
    const state = new PostgresState(options);
    try {
      await migrate(state.#pool);
      await state.#connect();
      // Its first connection opened now: the first command finished must not wait for one.
      await state.#finishPool.query('SELECT 1');
    } catch (error) {
      state.#closing = true;
      await state.#listener?.end().catch(() => undefined);
      await state.#pool.end().catch(() => undefined);
      await state.#finishPool.end().catch(() => undefined);
      throw new StateUnavailableError(`CABLEBOT_STATE_URL: cannot use the PostgreSQL server (${reasonOf(error)})`, { cause: error });
    }
    state.#cleanup = setInterval(() => void state.cleanup(), options.cleanupMs ?? 60_000);
    state.#cleanup.unref();
    state.#heartbeat = setInterval(() => void state.#reload(), options.heartbeatMs ?? 15_000);
    state.#heartbeat.unref();
    const leaseMs = options.leaseMs ?? 10_000;
    state.#lease = setInterval(() => void state.#renewLeases(), Math.max(50, Math.floor(leaseMs / 3)));
    state.#lease.unref();
    return state;
  }

  async claim(scope: ClaimScope, key: string, ttlMs: number): Promise<boolean> {
    if (this.#up) {
      const full = this.#full();
      try {
        const result = await this.#pool.query(
          `INSERT INTO claims (scope, key, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
           ON CONFLICT (scope, key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= clock_timestamp()
           RETURNING 1`,
          [scope, storable(key), ttlMs],
        );
        const claimed = result.rowCount === 1;
        // Remembered here too, so that a repeat seen while the server is down later is still held back by this replica.
        this.#memoryClaims.claimNow(scope, key, ttlMs);
        return claimed;
      } catch (error) {
        this.#failed(error, full);
      }
    }
    return this.#memoryClaims.claimNow(scope, key, ttlMs);
  }

  async admitCommand(platform: string, userId: string, channelId: string): Promise<RateDecision> {
    const { userPerMinute, channelPerMinute } = this.#limits;
    if (userPerMinute === Number.POSITIVE_INFINITY && channelPerMinute === Number.POSITIVE_INFINITY) return { allowed: true };
    if (this.#up) {
      const full = this.#full();
      try {
        const result = await this.#pool.query<{ allowed: boolean; wait_ms: string; scope: 'user' | 'channel' | null }>(
          'SELECT allowed, wait_ms, scope FROM cablebot_admit_command($1, $2, $3, $4, $5)',
          [storable(`u:${platform}:${userId}`), storable(`c:${platform}:${channelId}`), finite(userPerMinute), finite(channelPerMinute), RATE_WINDOW_MS],
        );
        const row = result.rows[0];
        if (row !== undefined) {
          if (row.allowed) return { allowed: true };
          return { allowed: false, retryAfterS: Math.ceil(Number(row.wait_ms) / 1000), scope: row.scope ?? 'user' };
        }
      } catch (error) {
        this.#failed(error, full);
      }
    }
    return this.#memoryLimits.admit(platform, userId, channelId);
  }

  /** Work delivered again (to this replica, after another took it and died before acknowledging) becomes this replica's. */
  async beginWork(kind: WorkKind, id: string, payload: string): Promise<void> {
    if (!this.#up) return;
    const full = this.#full();
    try {
      await this.#pool.query(
        `INSERT INTO pending_work (kind, id, payload, owner, lease_until) VALUES ($1, $2, $3, $4, clock_timestamp() + $5 * interval '1 millisecond')
         ON CONFLICT (kind, id) DO UPDATE SET payload = excluded.payload, owner = excluded.owner, lease_until = excluded.lease_until`,
        [kind, storable(id), storable(payload), this.#owner, this.#options.leaseMs ?? 10_000],
      );
    } catch (error) {
      this.#failed(error, full);
    }
  }

  async finishWork(kind: WorkKind, id: string): Promise<void> {
    if (this.#up) {
      const full = this.#full();
      try {
        await this.#finishPool.query('DELETE FROM pending_work WHERE kind = $1 AND id = $2', [kind, storable(id)]);
        return;
      } catch (error) {
        this.#failed(error, full);
      }
    }
    this.#finished.set(`${kind} ${id}`, { kind, id });
  }

  async orphanedWork(kind: WorkKind, limit: number): Promise<OrphanedWork[]> {
    if (!this.#up) return [];
    const full = this.#full();
    try {
      const taken = await this.#pool.query<{ id: string; payload: string }>(
        `UPDATE pending_work SET owner = $1, lease_until = clock_timestamp() + $4 * interval '1 millisecond'
         WHERE (kind, id) IN (
           SELECT kind, id FROM pending_work WHERE kind = $2 AND lease_until < clock_timestamp() ORDER BY lease_until LIMIT $3 FOR UPDATE SKIP LOCKED
         )
         RETURNING id, payload`,
        [this.#owner, kind, limit, this.#options.leaseMs ?? 10_000],
      );
      return taken.rows;
    } catch (error) {
      this.#failed(error, full);
      return [];
    }
  }

  /**
   * Renews the lease of the work this replica holds; first deletes what it finished while the
   * server was down, and writes installation changes still pending (one that met a full pool).
   */
  async #renewLeases(): Promise<void> {
    if (!this.#up) return;
    const full = this.#full();
    try {
      for (const [key, { kind, id }] of this.#finished) {
        await this.#pool.query('DELETE FROM pending_work WHERE kind = $1 AND id = $2', [kind, storable(id)]);
        this.#finished.delete(key);
      }
      if (this.installations.pending > 0) await this.installations.writePending((sql, values) => this.#pool.query(sql, values));
      await this.#pool.query(`UPDATE pending_work SET lease_until = clock_timestamp() + $2 * interval '1 millisecond' WHERE owner = $1`, [this.#owner, this.#options.leaseMs ?? 10_000]);
    } catch (error) {
      this.#failed(error, full);
    }
  }

  health(): StateHealth {
    return { state: this.#up ? 'up' : 'down', reason: this.#up ? null : this.#reason };
  }

  /** Deletes expired claims and rate windows with nothing in the window; returns how many rows went. */
  async cleanup(): Promise<number> {
    if (!this.#up) return 0;
    try {
      const claims = await this.#pool.query('DELETE FROM claims WHERE expires_at <= clock_timestamp()');
      const windows = await this.#pool.query(`DELETE FROM rate_windows WHERE last_ms <= floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1`, [RATE_WINDOW_MS]);
      // Nobody took it over for half an hour: a Slack response_url has expired by then.
      const work = await this.#pool.query(`DELETE FROM pending_work WHERE lease_until < clock_timestamp() - interval '30 minutes'`);
      return (claims.rowCount ?? 0) + (windows.rowCount ?? 0) + (work.rowCount ?? 0);
    } catch (error) {
      this.#failed(error);
      return 0;
    }
  }

  async close(): Promise<void> {
    if (this.#up) await this.settings.flush(FLUSH_WAIT_MS);
    if (this.#up) await this.installations.writePending((sql, values) => this.#pool.query(sql, values)).catch((error: unknown) => this.#failed(error));
    // Said, not silently dropped: changes made while the server was down that it never got.
    if (this.settings.pending > 0) this.#options.onError?.(new Error(`${this.settings.pending} settings change(s) not stored: the shared state was down until the end`));
    if (this.installations.pending > 0) this.#options.onError?.(new Error(`${this.installations.pending} installation change(s) not stored: the shared state was down until the end`));
    this.#closing = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    if (this.#cleanup !== null) clearInterval(this.#cleanup);
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    if (this.#lease !== null) clearInterval(this.#lease);
    await this.#listener?.end().catch(() => undefined);
    await this.#pool.end().catch(() => undefined);
    await this.#finishPool.end().catch(() => undefined);
  }

  /**
   * Reloads the settings over the listening connection. Notifications come on the same
   * connection, between query results, so one committed during the reload arrives after it and
   * none is undone. Failing (or taking longer than the timeout), the connection is taken for lost.
   */
  async #reload(): Promise<void> {
    const listener = this.#listener;
    if (!this.#up || listener === null) return;
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.#options.timeoutMs ?? 1_500;
    try {
      const rows = await Promise.race([
        listener.query('SELECT platform, channel_id, auto_detect FROM channel_settings'),
        new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no answer on the listening connection in ${timeoutMs} ms`)), timeoutMs))),
      ]);
      if (this.#listener === listener) this.settings.load(rows.rows);
    } catch (error) {
      if (this.#listener === listener) this.#lost(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connects the listener, reloads the settings and writes what is pending; then the state is up. */
  async #connect(): Promise<void> {
    const listener = new pg.Client({
      connectionString: this.#options.url,
      connectionTimeoutMillis: this.#options.timeoutMs ?? 1_500,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'cablebot-listen',
    });
    listener.on('error', (error) => this.#lost(error));
    listener.on('end', () => {
      if (this.#listener === listener) this.#lost(new Error('the listening connection ended'));
    });
    listener.on('notification', (n) => {
      if (n.channel !== NOTIFY_CHANNEL || n.payload === undefined) return;
      try {
        this.settings.notice(n.payload);
      } catch (error) {
        this.#options.onError?.(error);
      }
    });
    try {
      await listener.connect();
      await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
      // Listening before loading: a change committed in between is both loaded and heard, never missed.
      const rows = await listener.query('SELECT platform, channel_id, auto_detect FROM channel_settings');
      this.settings.load(rows.rows);
      // Before the state is up, so no read of this replica meets the server without them; failing, the connection is tried again.
      await this.installations.writePending((sql, values) => listener.query(sql, values));
    } catch (error) {
      listener.removeAllListeners('end');
      listener.on('error', () => undefined);
      await listener.end().catch(() => undefined);
      throw error;
    }
    this.#listener = listener;
    const wasDown = !this.#up && this.#reason !== null;
    this.#up = true;
    this.#reason = null;
    if (wasDown) this.#options.onStateChange?.(this.health());
    this.settings.write();
    // Before another replica's scan can take it for orphaned: what was finished meanwhile goes, what is held is renewed.
    void this.#renewLeases();
  }

  /** Whether every connection of the pool is busy: a call now waits in its queue. */
  #full(): boolean {
    return this.#pool.totalCount >= this.#poolSize && this.#pool.idleCount === 0;
  }

  /**
   * A call failed: the server is gone (down until the listener reconnects), or the call itself
   * was refused (reported; the state stays up). A call that waited its whole timeout for a
   * connection of a full pool (`busy`) met a burst, not a lost server: it answers from memory
   * and is reported at most every 10 s, and the state stays up.
   */
  #failed(error: unknown, busy = false): void {
    if (busy && error instanceof Error && error.message === POOL_WAIT_TIMEOUT) {
      const now = Date.now();
      if (now - this.#busySince > 10_000) {
        this.#busySince = now;
        this.#options.onError?.(new Error(`the shared state's pool stayed full for ${String(this.#options.timeoutMs ?? 1_500)} ms: calls answered from memory meanwhile`, { cause: error }));
      }
      return;
    }
    if (isConnectionError(error)) this.#lost(error);
    else this.#options.onError?.(error);
  }

  /** The server failed a call or dropped a connection: down until the listener reconnects. */
  #lost(error: unknown): void {
    if (this.#closing) return;
    const reason = reasonOf(error);
    if (this.#up || this.#reason === null) {
      this.#up = false;
      this.#reason = reason;
      this.#options.onStateChange?.(this.health());
    }
    const listener = this.#listener;
    this.#listener = null;
    if (listener !== null) {
      listener.removeAllListeners('end');
      listener.on('error', () => undefined);
      void listener.end().catch(() => undefined);
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#retry !== null || this.#closing) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.#closing || this.#up) return;
      this.#connect().catch((error: unknown) => {
        this.#reason = reasonOf(error);
        this.#scheduleReconnect();
      });
    }, this.#options.retryMs ?? 1_000);
    this.#retry.unref();
  }
}

/** A limit PostgreSQL can take: "unlimited" on one side only becomes the largest int. */
function finite(limit: number): number {
  return Number.isFinite(limit) ? limit : 2_147_483_647;
}
