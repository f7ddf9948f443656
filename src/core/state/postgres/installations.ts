/**
 * Installations in PostgreSQL (the `installations` table, migration 3), with a memory cache.
 * Every replica reads the table while the server is up, so an install or uninstall made through
 * another counts at once. Every record this process stored or fetched is also kept in memory:
 * while the server is down, events of installed workspaces are still answered from it.
 *
 * A change is made in memory at once and written through, one write at a time in the order the
 * changes were made; a change that cannot be written (the server is down, or lost during the
 * write) stays pending — per key, the last one wins — and {@link PostgresState} writes the
 * pending ones when the server is back, before it reads anything again. A pending change is
 * newer than what the server has, so this replica answers its key from memory until it is
 * written. A change the server refuses (bad data) is reported and rejected, never retried.
 *
 * Records hold tokens: they are never logged, and an error reported carries the key and the
 * server's reason, never the record (PostgreSQL's error details quote the JSON).
 */
import type { QueryResult } from 'pg';
import { z } from 'zod';
import type { Platform } from '../../settings.ts';
import type { InstallationRecord, Installations } from '../state.ts';
import { isConnectionError, reasonOf, storable } from './errors.ts';

/** A query, on the pool or on a given connection; rejects when the server cannot be reached. */
export type Query = (sql: string, values: unknown[]) => Promise<QueryResult>;

/** What the installations use of their {@link PostgresState}. */
export interface InstallationsLink {
  /** A query on the state's pool. */
  query: Query;
  /** Whether the state is up (its listener connected). */
  up(): boolean;
  /** Whether every connection of the pool is busy (a call now waits its turn). */
  full(): boolean;
  /** A call failed: the state goes down (a connection error) or reports it (a refused statement). */
  failed(error: unknown, full: boolean): void;
}

/** A change not yet written: the record as JSON text, or null for a delete. */
interface Change {
  platform: Platform;
  key: string;
  json: string | null;
}

const recordSchema = z.record(z.string(), z.unknown());
const rowSchema = z.object({ record: z.unknown() });
const countSchema = z.object({ n: z.number().int() });

const keyOf = (platform: Platform, key: string): string => `${platform}\u0000${key}`;

/** The record of a row, or null when there is none or it is not a JSON object (counted as missing, as in the embedded state). */
function recordOf(row: unknown): InstallationRecord | null {
  const parsed = rowSchema.safeParse(row);
  if (!parsed.success) return null;
  const record = recordSchema.safeParse(parsed.data.record);
  return record.success ? record.data : null;
}

/** What is reported when the server refused a change: the key and the reason, not the record; the SQLSTATE kept, so it is not taken for a lost server. */
function refusal(change: Change, error: unknown): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const what = change.json === null ? 'deleted' : 'stored';
  return Object.assign(new Error(`${change.platform} installation ${change.key} not ${what}: ${reasonOf(error)}`), { code });
}

/** Installations in the shared database, cached in memory. */
export class PostgresInstallations implements Installations {
  readonly #link: InstallationsLink;
  /** Every record this process stored or fetched (and still has), by platform and key. */
  readonly #cache = new Map<string, InstallationRecord>();
  /** Changes not yet written, per key. */
  readonly #pending = new Map<string, Change>();
  /** Per key, the number of the last change made here: a read overtaken by a change does not put back what the change replaced. */
  readonly #changed = new Map<string, number>();
  #changes = 0;
  /** The writes, one after another in the order the changes were made (never rejects). */
  #writes: Promise<unknown> = Promise.resolve();

  constructor(link: InstallationsLink) {
    this.#link = link;
  }

  /** Changes not yet written (kept while the server is down). */
  get pending(): number {
    return this.#pending.size;
  }

  async store(platform: Platform, key: string, record: InstallationRecord): Promise<void> {
    const json = JSON.stringify(record);
    const k = keyOf(platform, key);
    // Kept as the server will give it back (members `undefined` dropped, dates as text): memory and the server answer alike.
    this.#cache.set(k, recordSchema.parse(JSON.parse(json)));
    const change: Change = { platform, key, json };
    this.#change(k, change);
    if (this.#link.up()) await this.#write(k, change);
  }

  async fetch(platform: Platform, key: string): Promise<InstallationRecord | null> {
    const k = keyOf(platform, key);
    if (this.#link.up() && !this.#pending.has(k)) {
      const seen = this.#changed.get(k);
      const full = this.#link.full();
      try {
        const result = await this.#link.query('SELECT record FROM installations WHERE platform = $1 AND key = $2', [platform, storable(key)]);
        if (this.#changed.get(k) === seen) {
          const record = recordOf(result.rows[0]);
          if (record === null) this.#cache.delete(k);
          else this.#cache.set(k, record);
          return record;
        }
      } catch (error) {
        this.#link.failed(error, full);
      }
    }
    return this.#cache.get(k) ?? null;
  }

  async delete(platform: Platform, key: string): Promise<boolean> {
    const k = keyOf(platform, key);
    const cached = this.#cache.delete(k);
    // A store of this replica not yet written is an installation the server does not have yet.
    const unwritten = (this.#pending.get(k)?.json ?? null) !== null;
    const change: Change = { platform, key, json: null };
    this.#change(k, change);
    const result = this.#link.up() ? await this.#write(k, change) : null;
    return result === null ? cached || unwritten : (result.rowCount ?? 0) > 0 || unwritten;
  }

  async count(platform: Platform): Promise<number | null> {
    if (!this.#link.up()) return null;
    // This replica's own changes first: counted as the caller made them.
    await this.#writes;
    if (!this.#link.up() || [...this.#pending.values()].some((c) => c.platform === platform)) return null;
    const full = this.#link.full();
    try {
      const result = await this.#link.query('SELECT count(*)::int AS n FROM installations WHERE platform = $1', [platform]);
      return countSchema.parse(result.rows[0]).n;
    } catch (error) {
      this.#link.failed(error, full);
      return null;
    }
  }

  /**
   * Writes every pending change through `query` (the state's listening connection while it
   * reconnects, else the pool), after the writes already under way. One the server refuses is
   * reported and dropped. Rejects on a connection error: the rest stay pending.
   */
  writePending(query: Query): Promise<void> {
    const run = this.#writes.then(async () => {
      while (this.#pending.size > 0) {
        for (const [k, change] of this.#pending) {
          try {
            await this.#run(change, query);
          } catch (error) {
            if (isConnectionError(error)) throw error;
            this.#refused(k, change);
            this.#link.failed(refusal(change, error), false);
          }
          if (this.#pending.get(k) === change) this.#pending.delete(k);
        }
      }
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  /** The server refused `change`: unless a later change replaced it, it is dropped, and a record it put in the cache goes too (the server's, if any, is read again). */
  #refused(k: string, change: Change): void {
    if (this.#pending.get(k) !== change) return;
    this.#pending.delete(k);
    this.#cache.delete(k);
  }

  #change(k: string, change: Change): void {
    this.#pending.set(k, change);
    this.#changed.set(k, ++this.#changes);
  }

  /**
   * Writes `change` in its turn; resolves the server's answer, or null when it was not written
   * now — replaced by a later change of its key, or pending (the server is down or was lost).
   * Rejects when the server refused it (reported; not pending any more).
   */
  #write(k: string, change: Change): Promise<QueryResult | null> {
    const run = this.#writes.then(async () => {
      if (this.#pending.get(k) !== change || !this.#link.up()) return null;
      const full = this.#link.full();
      try {
        const result = await this.#run(change, this.#link.query);
        if (this.#pending.get(k) === change) this.#pending.delete(k);
        return result;
      } catch (error) {
        if (isConnectionError(error)) {
          this.#link.failed(error, full);
          return null;
        }
        this.#refused(k, change);
        const refused = refusal(change, error);
        this.#link.failed(refused, full);
        throw refused;
      }
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  #run(change: Change, query: Query): Promise<QueryResult> {
    const key = storable(change.key);
    if (change.json === null) return query('DELETE FROM installations WHERE platform = $1 AND key = $2 RETURNING 1', [change.platform, key]);
    return query(
      `INSERT INTO installations (platform, key, record, updated_at) VALUES ($1, $2, $3::jsonb, now())
       ON CONFLICT (platform, key) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`,
      [change.platform, key, change.json],
    );
  }

}
