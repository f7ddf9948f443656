/**
 * The store's SQLite layout, its version, and the pragmas each kind of connection runs with.
 *
 * Versioning: `PRAGMA user_version` is the schema version (authoritative; SQLite keeps it
 * in the file header), mirrored in `meta.schema_version` for people inspecting the file.
 * `PRAGMA application_id` marks the file as a cablebot store, so the store never writes
 * into — or misreads — some other program's SQLite database.
 */
import type Database from 'better-sqlite3';

/** The schema version this code reads and writes. Bump it with every layout change. */
export const SCHEMA_VERSION = 1;

/** `PRAGMA application_id` of cablebot stores: the bytes `CBOT`. */
export const APPLICATION_ID = 0x43424f54;

/**
 * Page size of new stores: 16 KiB, chosen by measurement. On the bundled corpus (6,073
 * cables) 4 / 16 / 64 KiB pages gave import 9.0 / 8.9 / 10.0 MB/s, files of 146 / 131 /
 * 124 MB and getCable p99 0.43 / 0.33 / 0.33 ms. In the full-scale benchmark (251,287
 * cables, 1.7 GB CSV) 4 → 16 KiB cut the store from 6.1 to 5.0 GB and the write cost per
 * cable by about a third; 64 KiB imported no faster than 16 KiB but made cold lookups
 * (p50 0.39 vs 0.25 ms) and searches (p99 56 vs 35 ms) slower, as every page read copies
 * 64 KiB. A 7 KB cable row fits in one 16 KiB page instead of an overflow chain.
 */
export const PAGE_SIZE = 16384;

/**
 * Markers put around matched terms in search snippets. Control characters that never
 * occur in cleaned cable text, so renderers can first escape the text for their platform
 * (Discord markdown, Slack `&<>`) and then turn these into bold — `**` would be escaped away.
 */
export const SNIPPET_MARK_START = '\u0002';
/** See {@link SNIPPET_MARK_START}. */
export const SNIPPET_MARK_END = '\u0003';

/**
 * The full-text index and its settings: part of {@link DDL}, and what an import that builds the
 * index on a thread of its own creates in its side file (store/side-index.ts), so the two
 * indexes have the same columns, tokenizer and settings and the side one's rows can be copied
 * into the store. See the notes on `cables_fts` below.
 */
export const FTS_DDL = `
CREATE VIRTUAL TABLE cables_fts USING fts5(
  subject, body, origin, station, created,
  content = 'cables', content_rowid = 'pk',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- FTS5 settings (persisted in cables_fts_config). Integers are literals on purpose: bound
-- JavaScript numbers arrive as REAL and FTS5 rejects them.
-- Subject matches weigh 5x body matches in bm25: a subject is a curated one-line summary.
-- The filter columns weigh nothing: they narrow the match set and must not reorder it.
INSERT INTO cables_fts (cables_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0, 0.0, 0.0, 0.0)');
-- Term buffer and merging, for the bulk import (memory is only used while writing). FTS5
-- flushes its buffer into a new segment at every commit anyway, so a buffer beyond one
-- batch's terms only costs memory: with 16 MiB (default 1 MiB) and the writer's 8 MiB page
-- cache, the first 40,000 synthetic records imported at 15.5–18 MB/s in four runs where 64 and
-- 32 MiB took 9–12 (bigger tables miss the CPU cache more), with 50–60 MB less peak RSS. No automatic merging while importing (default 4): segments are
-- merged 16 at a time when they pile up (crisismerge), and the import ends with 'optimize',
-- which merges them all into one; merging as it went rewrote the index several times over
-- (FTS writes 11% cheaper on 60,000 documents, the final optimize included).
INSERT INTO cables_fts (cables_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO cables_fts (cables_fts, rank) VALUES ('automerge', 0);
`;

/**
 * Tables and indexes, in creation order.
 *
 * - `cables`: one row per published ID. `pk` is an explicit INTEGER PRIMARY KEY because the
 *   external-content FTS table refers to rows by it, and only a declared rowid alias is
 *   guaranteed to survive VACUUM. Small columns come first and `body` last, so the lookup
 *   of `pk, hash` during import reads only the row's first page, not its overflow chain.
 *   `station` is the station token of the canonical ID (`MOSCOW`), for `origin:moscow`.
 *   `hash` is a SHA-1 of the whole cable, to tell 'unchanged' from 'updated' on re-import.
 * - `paragraphs`: keyed by (cable pk, ordinal), WITHOUT ROWID so a cable's paragraphs are
 *   stored together and read with one range scan. When a paragraph's text occurs verbatim
 *   in the body (the usual case), only its `[body_start, body_end)` offsets (UTF-16 code
 *   units, as JavaScript slices) are stored and `text` is NULL; otherwise `text` holds it.
 *   This keeps the file from holding every cable's text twice.
 * - `refs`: one row per reference, keyed by the citing cable's published ID and position;
 *   `to_id` is canonical and need not be in the store. The index on `to_id` answers
 *   "cited by"; it covers `from_id` because WITHOUT ROWID indexes carry the primary key.
 * - `cables_fts`: FTS5 over subject and body, external content (`content='cables'`), so the
 *   text is stored once and `snippet()` reads it from `cables`. It also indexes `origin`,
 *   `station` and `created` (a few tokens a cable) so that search filters are terms of the
 *   MATCH: FTS5 intersects them with the user's terms inside the index instead of the
 *   query checking the cable row of every match. User terms are confined to subject and
 *   body by a column filter; bm25 gives the filter columns weight 0.
 *   The writer keeps the index in sync with explicit statements, NOT triggers: a statement
 *   that fires a trigger runs in a statement savepoint, FTS5 flushes its in-memory term
 *   buffer to disk at every savepoint, and so each cable became its own tiny index segment
 *   (measured: a bulk import 8x slower).
 *   Tokenizer: `porter unicode61 remove_diacritics 2`. unicode61 folds case and strips
 *   diacritics (cables spell names with and without them); porter stems English, so
 *   "sanctions" finds "sanction" and "enriched" finds "enrichment" — chat users type loose
 *   words, and recall matters more than exact word forms. Quoted phrases still work.
 *   `detail=full` (the default) keeps positions for phrase queries and good snippets.
 */
const DDL = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE cables (
  pk             INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL UNIQUE CHECK (id <> ''),
  canonical_id   TEXT    NOT NULL CHECK (canonical_id <> ''),
  station        TEXT,
  created        TEXT    NOT NULL,
  released       TEXT,
  classification TEXT    NOT NULL,
  origin         TEXT    NOT NULL,
  subject        TEXT,
  tags           TEXT    NOT NULL,
  classified_by  TEXT,
  reasons        TEXT    NOT NULL,
  declassify     TEXT,
  tid            TEXT,
  partial        INTEGER NOT NULL CHECK (partial IN (0, 1)),
  format         TEXT    NOT NULL,
  hash           BLOB    NOT NULL,
  summary        TEXT,
  header         TEXT,
  body           TEXT    NOT NULL
);
CREATE INDEX cables_canonical ON cables (canonical_id);

CREATE TABLE paragraphs (
  cable      INTEGER NOT NULL REFERENCES cables (pk),
  ordinal    INTEGER NOT NULL,
  number     INTEGER,
  marking    TEXT,
  heading    TEXT,
  body_start INTEGER,
  body_end   INTEGER,
  text       TEXT,
  PRIMARY KEY (cable, ordinal),
  CHECK ((text IS NULL) = (body_start IS NOT NULL AND body_end IS NOT NULL))
) WITHOUT ROWID;

CREATE TABLE refs (
  from_id TEXT    NOT NULL REFERENCES cables (id),
  ordinal INTEGER NOT NULL,
  to_id   TEXT    NOT NULL,
  PRIMARY KEY (from_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX refs_to ON refs (to_id);

${FTS_DDL}`;

/**
 * The `meta` key present while the store's full-text index is built on the side
 * (side-index.ts), its value the time the import began. The store's cables are whole, and
 * `cables_fts` is empty until the import copies the side index in, in the same transaction
 * that deletes this key. If the import is stopped or killed first, the key stays: searches
 * refuse with `index-pending`, `check` says so, and the next import builds the index again.
 */
export const INDEX_PENDING_KEY = 'index_pending';

/** Every table and index a complete store has (for the open-time check). */
export const REQUIRED_OBJECTS: readonly string[] = [
  'meta',
  'cables',
  'cables_canonical',
  'paragraphs',
  'refs',
  'refs_to',
  'cables_fts',
];

/**
 * Creates the schema in an empty database. The caller has set the page size already.
 * Runs in one transaction, so a crash leaves either no schema or a whole one.
 */
export function createSchema(db: Database.Database, createdAt: string): void {
  db.transaction(() => {
    db.exec(DDL);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('schema_version', String(SCHEMA_VERSION));
    put.run('created_at', createdAt);
    // Constants, not user input, so interpolation is safe; PRAGMA cannot take parameters.
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/**
 * Upgrades from older schema versions, keyed by the version they upgrade *from*. Empty
 * while there is only version 1: an older file then has no upgrade path and is refused
 * with `schema-old`. A later layout change adds `1: (db) => { ... }` here.
 */
export const MIGRATIONS: Readonly<Record<number, (db: Database.Database) => void>> = {};

/**
 * Pragmas of the writing connection. WAL lets the bot keep reading while an import runs;
 * `synchronous = NORMAL` is durable across application crashes in WAL mode (an OS crash
 * may lose the last transactions, which a re-import restores); an 8 MiB page cache holds the
 * hot b-tree pages of the indexes during a bulk import: the rest comes from the OS page cache,
 * and 32 MiB was no faster on the first 40,000 synthetic records but cost 25–40 MB of the
 * import's 300 MB memory target (64 MiB pushed it past 400 MB). Foreign keys are
 * enforced so no paragraph or reference can outlive its cable (measured: they cost no
 * import speed, as single-row inserts need no statement savepoint).
 */
export function configureWriter(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -8192');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
}

/**
 * Pragmas of read-only connections: an 8 MiB page cache (the rest are SQLite defaults). The
 * bot's reads are point lookups and top-5 searches whose pages the OS keeps cached anyway;
 * a 32 MiB cache only added that much to the bot's memory after a busy hour.
 */
export function configureReader(db: Database.Database): void {
  db.pragma('cache_size = -8192');
}
