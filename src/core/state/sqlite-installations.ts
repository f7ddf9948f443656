/**
 * Installations of the embedded state: a table of the settings file (`CABLEBOT_SETTINGS_DB`,
 * default `var/settings.db`), beside the channel settings, because both must survive a rebuild
 * of the corpus store and a restart. One process is the whole bot, so every call goes to the
 * file: nothing to cache, nothing to keep pending.
 *
 * A record is kept as JSON text. One that does not read back as a JSON object (a row damaged or
 * written by hand) counts as missing: the workspace is asked to install again, which is better
 * than an adapter failing on every event of it. Records hold tokens: they are never logged.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { DEFAULT_SETTINGS_FILE, openSettingsFile, type Platform } from '../settings.ts';
import type { InstallationRecord, Installations } from './state.ts';

const rowSchema = z.object({ record: z.string() });
const countSchema = z.object({ n: z.number().int() });
/** What a stored record must be: a JSON object. */
export const installationRecordSchema = z.record(z.string(), z.unknown());

/** `text` as a record, or null when it is not a JSON object. */
export function parseInstallationRecord(text: string): InstallationRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = installationRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Installations in SQLite, on a connection of their own to the settings file. */
export class SqliteInstallations implements Installations {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #set: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #count: Database.Statement;

  /** Opens (creating if needed) the settings file at `path` (`:memory:` works for tests). */
  constructor(path: string = DEFAULT_SETTINGS_FILE) {
    this.path = path;
    this.#db = openSettingsFile(path);
    this.#db.exec(`CREATE TABLE IF NOT EXISTS installations (
      platform TEXT NOT NULL,
      key TEXT NOT NULL,
      record TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (platform, key)
    ) WITHOUT ROWID`);
    this.#get = this.#db.prepare('SELECT record FROM installations WHERE platform = ? AND key = ?');
    this.#set = this.#db.prepare(`INSERT INTO installations (platform, key, record, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (platform, key) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`);
    this.#delete = this.#db.prepare('DELETE FROM installations WHERE platform = ? AND key = ?');
    this.#count = this.#db.prepare('SELECT count(*) AS n FROM installations WHERE platform = ?');
  }

  // Async so that a failure of the file (full disk, locked past busy_timeout) rejects rather than throws.
  async store(platform: Platform, key: string, record: InstallationRecord): Promise<void> {
    this.#set.run(platform, key, JSON.stringify(record), new Date().toISOString());
  }

  async fetch(platform: Platform, key: string): Promise<InstallationRecord | null> {
    const row = rowSchema.safeParse(this.#get.get(platform, key));
    return row.success ? parseInstallationRecord(row.data.record) : null;
  }

  async delete(platform: Platform, key: string): Promise<boolean> {
    return this.#delete.run(platform, key).changes > 0;
  }

  async count(platform: Platform): Promise<number | null> {
    return countSchema.parse(this.#count.get(platform)).n;
  }

  close(): void {
    this.#db.close();
  }
}
