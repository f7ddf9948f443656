/**
 * Channel settings in PostgreSQL, mirrored in memory. Commands and adapters read settings at
 * once (the `ChannelSettings` interface is synchronous: a message is checked against its
 * channel's switch before anything else), so each replica keeps the whole table in memory:
 * loaded at (re)connection, kept current by the `cablebot_settings` notifications a trigger
 * sends on every change — a change made through one replica holds on all as soon as it is
 * committed. Rows exist only for channels whose switch someone changed, so the table is small.
 *
 * A change is applied here at once and written through; `flush()` waits for the write (the
 * adapters await it before confirming). While the server is down, changes wait in `pending`
 * and are written when it is back — nothing is dropped, and reads answer from the mirror.
 */
import { z } from 'zod';
import type { ChannelSettings, Platform } from '../../settings.ts';

/** How long `flush()` waits for the server before confirming from memory. */
export const FLUSH_WAIT_MS = 2_000;

/** What the mirror writes with: a pooled query (rejects when the server cannot be reached). */
export type Query = (sql: string, values: unknown[]) => Promise<unknown>;

interface Change {
  platform: Platform;
  channelId: string;
  on: boolean;
  by: string;
  at: Date;
}

const platformSchema = z.enum(['discord', 'slack']);
/** A row of `channel_settings`, and the payload of a `cablebot_settings` notification. */
export const settingsRowSchema = z.object({ platform: platformSchema, channel_id: z.string(), auto_detect: z.boolean() });
export const settingsNoticeSchema = z.object({ platform: platformSchema, channelId: z.string(), autoDetect: z.boolean() });

const keyOf = (platform: Platform, channelId: string): string => `${platform}\u0000${channelId}`;

/** The mirror; {@link PostgresState} feeds it rows and notifications and tells it when the server is back. */
export class MirroredSettings implements ChannelSettings {
  readonly #values = new Map<string, boolean>();
  readonly #pending = new Map<string, Change>();
  readonly #query: Query;
  readonly #onWriteError: (error: unknown) => 'retry' | 'drop';
  #writing: Promise<void> | null = null;
  #waiters: (() => void)[] = [];

  /** `onWriteError` says whether a failed write is tried again later (the server is gone) or dropped (the server refused that row). */
  constructor(query: Query, onWriteError: (error: unknown) => 'retry' | 'drop') {
    this.#query = query;
    this.#onWriteError = onWriteError;
  }

  autoDetect(platform: Platform, channelId: string): boolean {
    const key = keyOf(platform, channelId);
    return this.#pending.get(key)?.on ?? this.#values.get(key) ?? true;
  }

  setAutoDetect(platform: Platform, channelId: string, on: boolean, by: string): void {
    this.#pending.set(keyOf(platform, channelId), { platform, channelId, on, by, at: new Date() });
    this.write();
  }

  async flush(waitMs: number = FLUSH_WAIT_MS): Promise<boolean> {
    if (this.#pending.size === 0) return true;
    this.write();
    let timer: NodeJS.Timeout | undefined;
    const stored = new Promise<boolean>((resolve) => this.#waiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    try {
      return await Promise.race([stored, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Changes not yet stored (kept while the server is down). */
  get pending(): number {
    return this.#pending.size;
  }

  /** Replaces the mirror with the table's rows (at each connection); pending changes stay on top. */
  load(rows: readonly unknown[]): void {
    this.#values.clear();
    for (const raw of rows) {
      const row = settingsRowSchema.parse(raw);
      this.#values.set(keyOf(row.platform, row.channel_id), row.auto_detect);
    }
  }

  /** A change committed by any replica (a `cablebot_settings` notification). */
  notice(payload: string): void {
    const parsed = settingsNoticeSchema.safeParse(JSON.parse(payload));
    if (parsed.success) this.#values.set(keyOf(parsed.data.platform, parsed.data.channelId), parsed.data.autoDetect);
  }

  /** Writes the pending changes, one after another; a failure leaves the rest pending for the next call. */
  write(): void {
    if (this.#writing !== null) return;
    this.#writing = this.#writeAll().finally(() => {
      this.#writing = null;
      if (this.#pending.size === 0) {
        for (const wake of this.#waiters.splice(0)) wake();
      }
    });
  }

  async #writeAll(): Promise<void> {
    for (const [key, change] of this.#pending) {
      try {
        await this.#query(
          `INSERT INTO channel_settings (platform, channel_id, auto_detect, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (platform, channel_id) DO UPDATE SET auto_detect = excluded.auto_detect, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
          [change.platform, change.channelId, change.on, change.by, change.at],
        );
      } catch (error) {
        if (this.#onWriteError(error) === 'retry') return;
        // Refused for good: it holds in this replica's mirror until the next reload.
        if (this.#pending.get(key) === change) this.#pending.delete(key);
        continue;
      }
      // Stored: the mirror holds it; a newer change made meanwhile stays pending.
      this.#values.set(key, change.on);
      if (this.#pending.get(key) === change) this.#pending.delete(key);
    }
    if (this.#pending.size > 0) await this.#writeAll();
  }
}
