/**
 * Per-channel settings (today: whether automatic detection answers in a channel), kept in a
 * small SQLite file of their own: the corpus store is opened read-only by the bot and may be
 * rebuilt from the bundle, and a channel's choice must survive both. Default
 * `var/settings.db`, or `CABLEBOT_SETTINGS_DB`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { z } from 'zod';

/** Default settings file, beside the default store. */
export const DEFAULT_SETTINGS_FILE: string = fileURLToPath(new URL('../../var/settings.db', import.meta.url));

/** The platforms a channel ID belongs to: IDs are only unique within one. */
export type Platform = 'discord' | 'slack';

/** What the adapters read and the `settings` command writes. */
export interface ChannelSettings {
  /** Whether automatic detection answers in this channel (default: yes). */
  autoDetect(platform: Platform, channelId: string): boolean;
  /** Turns it on or off; `by` (a user ID) is recorded for the operator. */
  setAutoDetect(platform: Platform, channelId: string, on: boolean, by: string): void;
  /**
   * Resolves true once every change made through this object is stored where every replica
   * reads it (at once for a local file); false when that could not be done within a short
   * wait — the change holds here and is stored later. Adapters await it before confirming one.
   */
  flush(): Promise<boolean>;
}

/**
 * A connection to the settings file at `path` (its folder created if needed; `:memory:` for
 * tests): WAL, so the connections sharing the file (settings, installations) do not block each
 * other's reads, and a 2 s wait for a lock.
 */
export function openSettingsFile(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  return db;
}

const rowSchema = z.object({ auto_detect: z.number().int() });

/** Settings in SQLite; every read goes to the file, so a change is honoured at once. */
export class SqliteSettings implements ChannelSettings {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #set: Database.Statement;

  /** Opens (creating if needed) the settings file at `path` (`:memory:` works for tests). */
  constructor(path: string = DEFAULT_SETTINGS_FILE) {
    this.path = path;
    this.#db = openSettingsFile(path);
    this.#db.exec(`CREATE TABLE IF NOT EXISTS channel_settings (
      platform TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      auto_detect INTEGER NOT NULL,
      changed_by TEXT NOT NULL,
      changed_at TEXT NOT NULL,
      PRIMARY KEY (platform, channel_id)
    ) WITHOUT ROWID`);
    this.#get = this.#db.prepare('SELECT auto_detect FROM channel_settings WHERE platform = ? AND channel_id = ?');
    this.#set = this.#db.prepare(`INSERT INTO channel_settings (platform, channel_id, auto_detect, changed_by, changed_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (platform, channel_id) DO UPDATE SET auto_detect = excluded.auto_detect, changed_by = excluded.changed_by, changed_at = excluded.changed_at`);
  }

  autoDetect(platform: Platform, channelId: string): boolean {
    const row: unknown = this.#get.get(platform, channelId);
    return row === undefined ? true : rowSchema.parse(row).auto_detect === 1;
  }

  setAutoDetect(platform: Platform, channelId: string, on: boolean, by: string): void {
    this.#set.run(platform, channelId, on ? 1 : 0, by, new Date().toISOString());
  }

  flush(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): void {
    this.#db.close();
  }
}
