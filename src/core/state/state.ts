/**
 * State that replicas must share (DESIGN.md): per-channel settings, the repeat guard, rate
 * limits, the de-duplication of Slack event deliveries — and, with Slack OAuth installs,
 * installations. One interface, two implementations: {@link EmbeddedState} (`./embedded.ts`:
 * the SQLite settings file and process memory, the default) and the PostgreSQL one
 * (`./postgres/`, `CABLEBOT_STATE_URL`), which N replicas share so they behave as one bot.
 * Commands and adapters hold a `SharedState` and never learn which one runs.
 *
 * Installations (Slack OAuth installs, one per workspace or Enterprise Grid org) sit here too:
 * {@link Installations}, opaque JSON records by a key the adapter makes, cached in memory so
 * answers go on while the database is down.
 */
import type { RateDecision } from '../rate-limit.ts';
import type { ChannelSettings, Platform } from '../settings.ts';

/** One installation as the platform's library keeps it (for Slack, @slack/oauth's `Installation`): JSON, opaque here. */
export type InstallationRecord = Readonly<Record<string, unknown>>;

/**
 * Where a platform's installations are kept (the tokens each workspace gave the bot), by a key
 * the adapter makes (Slack: `team:T…`, or `enterprise:E…` for an org-wide install). The records
 * hold tokens: they are never logged.
 */
export interface Installations {
  /**
   * Stores `record` under `key`, replacing what was there. Kept in this process's memory at once;
   * with a shared database that cannot be reached, written there when it is back (the promise
   * resolves anyway: the install works on this replica meanwhile).
   */
  store(platform: Platform, key: string, record: InstallationRecord): Promise<void>;
  /**
   * The record under `key`, or null. Read from the shared database when it is up (an install or
   * uninstall made through another replica counts at once), from memory when it is down.
   */
  fetch(platform: Platform, key: string): Promise<InstallationRecord | null>;
  /** Deletes the record under `key` (from memory at once, from the database now or when it is back); resolves whether there was one. */
  delete(platform: Platform, key: string): Promise<boolean>;
  /** How many records `platform` has, or null when that cannot be known now (the database is down). */
  count(platform: Platform): Promise<number | null>;
}

/** What claims are kept apart by: the repeat guard of each platform, Slack's event deliveries. */
export type ClaimScope = 'repeat:discord' | 'repeat:slack' | 'event:slack';

/**
 * "Do this once": true the first time `key` is claimed in `scope` within `ttlMs`, false while an
 * earlier claim holds — across every replica when the state is shared. Never rejects: a state
 * that cannot ask its database answers from this process's memory (see the implementation).
 */
export interface Claims {
  claim(scope: ClaimScope, key: string, ttlMs: number): Promise<boolean>;
}

/**
 * Kinds of work a replica takes on and another can finish: Slack `/cable` commands (acknowledged
 * before they are answered), and Slack events with something to answer (acknowledged by Bolt on
 * arrival, and claimed: a retry reaching another replica is not answered there).
 */
export type WorkKind = 'slack:command' | 'slack:event';

/** Work handed over from a replica that stopped (its `payload` as it was begun). */
export interface OrphanedWork {
  id: string;
  payload: string;
}

/** How the shared state is doing, for `/healthz` and the log. */
export interface StateHealth {
  /** `down`: the database cannot be reached; answers go on from what is cached. */
  state: 'up' | 'down';
  /** Why it is down (an error code or message), else null. */
  reason: string | null;
}

/** The state one bot (all of its replicas) shares. */
export interface SharedState extends Claims {
  /** Per-channel settings: read at once (from memory or a local file), changes stored by `flush`. */
  readonly settings: ChannelSettings;
  /** Platform installations (Slack OAuth installs). */
  readonly installations: Installations;
  /**
   * Admits one explicit command of `userId` in `channelId` and counts it, or refuses it
   * (without counting) with the wait — counted across replicas when shared. Never rejects.
   */
  admitCommand(platform: string, userId: string, channelId: string): Promise<RateDecision>;
  /**
   * Records work this replica takes on before acknowledging it to the platform (a `/cable` it
   * will answer after the ack): while this process lives it holds the work; if it dies, another
   * replica is handed it by {@link orphanedWork}. A no-op where there is no other replica.
   */
  beginWork(kind: WorkKind, id: string, payload: string): Promise<void>;
  /** The work is done (answered): nobody is handed it. */
  finishWork(kind: WorkKind, id: string): Promise<void>;
  /**
   * Work whose replica stopped holding it (killed, or cut off for longer than its lease), now
   * this replica's to finish; at most `limit`. Always empty for the embedded state.
   */
  orphanedWork(kind: WorkKind, limit: number): Promise<OrphanedWork[]>;
  /**
   * The health of a state kept outside the process (a database server), or null when there is
   * none to report: the embedded state lives and dies with the process.
   */
  health(): StateHealth | null;
  /** Stores what is pending (bounded) and closes. */
  close(): Promise<void>;
}

/** The state server cannot be used at start-up: `cablebot start` says so in one line (exit 1). */
export class StateUnavailableError extends Error {
  override name = 'StateUnavailableError';
}
