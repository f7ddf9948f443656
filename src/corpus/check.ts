/**
 * `cablebot check`: verifies a cable store without writing to it, and computes a checksum of
 * its content that two stores can be compared by.
 *
 * The checksum is SHA-256 over one line per cable, in order of published ID (SQLite's
 * `ORDER BY id`: the bytes of the UTF-8 text), of `id`, a tab, the cable's content hash
 * (`cables.hash`, the SHA-1 of every field that `store/codec.ts` hashCable computes) in lower-case
 * hex, and a newline. It depends on the content only: not on the order of the input, the
 * number of runs that imported it or the rowids they gave. The same number comes out of
 * `sqlite3 STORE "SELECT id || char(9) || lower(hex(hash)) FROM cables ORDER BY id" | sha256sum`.
 *
 * What is verified, besides what opening the store checks (file header, application ID,
 * schema version, tables):
 * - SQLite `PRAGMA integrity_check`: every page, b-tree, index entry and UNIQUE/NOT NULL/CHECK
 *   constraint, and (SQLite ≥ 3.44) the FTS5 index's own structure. Measured on the
 *   full-scale store (251,287 cables, 3.3 GB): 9.1 s against quick_check's 9.4 s with the
 *   file in the page cache (quick_check 21.6 s cold). quick_check skips the match between
 *   the indexes and the table rows (`cables_canonical`, `refs_to`, the UNIQUE on `id` that
 *   lookups and the checksum rely on) and saves nothing here, so the full check it is.
 * - every cable whole: its row, paragraphs and references are read back as `getCable` reads
 *   them and hashed again; a hash that differs from the stored one means a cable without
 *   (some of) its paragraphs or references, or a half-updated row. Paragraphs and references
 *   that belong to no cable are counted too.
 * - the FTS index against the rows (unless it is pending, see `indexPending`). FTS5's own `integrity-check` command compares them, but it
 *   is an INSERT and needs a writable connection, and `integrity_check` above only checks the
 *   index in itself (external content is not compared). So: the index's document list
 *   (`cables_fts_docsize`, one row per indexed cable) must hold exactly the cables' rowids,
 *   and every cable must be found by a MATCH on the rarest-looking word of its current text
 *   (its longest word) restricted to its rowid — an index entry left from an older version
 *   of the cable fails that.
 *
 * Streams: cables are read in chunks by rowid, their paragraphs with one range scan a chunk,
 * so memory stays flat on the full release.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CABLE_COLUMNS, readCable, readParagraph } from './store/cable-store.ts';
import { classifyError } from './store/classify.ts';
import { hashCable, stationOf, type ParagraphRow } from './store/codec.ts';
import { openReadonlyDatabase } from './store/open.ts';
import { INDEX_PENDING_KEY } from './store/schema.ts';
import { BadRowError, asRow, blob, int, intOrNull, pluckedInt, pluckedText, text, textOrNull, type Row } from './store/rows.ts';

/**
 * What can be wrong with a store that opens.
 *
 * - `sqlite`: `PRAGMA integrity_check` found damage (`detail` is SQLite's first message).
 * - `unreadable-cable`: a cable row, paragraph or reference has a value of the wrong type or
 *   offsets outside the body (`detail` says which).
 * - `hash-mismatch`: a cable read back does not hash to its stored hash: paragraphs or
 *   references missing or extra, or the row half-updated.
 * - `orphan-paragraphs` / `orphan-refs`: rows that belong to no cable.
 * - `fts-missing` / `fts-extra`: cables the full-text index does not hold / index entries of
 *   no cable.
 * - `fts-stale`: a cable its own words do not find: the index holds another version of it.
 */
export type CheckProblemCode =
  | 'sqlite'
  | 'unreadable-cable'
  | 'hash-mismatch'
  | 'orphan-paragraphs'
  | 'orphan-refs'
  | 'fts-missing'
  | 'fts-extra'
  | 'fts-stale';

/** One kind of problem, with how often it occurs and the first few cables it concerns. */
export interface CheckProblem {
  code: CheckProblemCode;
  /** How many cables (or rows, for orphans) have it. */
  count: number;
  /** Published IDs (or rowids) of the first few, for a person to look at. */
  examples: string[];
  /** Facts, not prose (SQLite's message, the column). */
  detail?: string;
}

/** What `check` found. */
export interface CheckReport {
  /** Absolute path of the store. */
  path: string;
  cables: number;
  /** Paragraph rows that belong to a cable. */
  paragraphs: number;
  /** Reference rows that belong to a cable. */
  refs: number;
  /** SHA-256 in hex; see the module comment. */
  checksum: string;
  /**
   * True when the full-text index is still to be built (an import that builds it at its end is
   * running, or was stopped before it: schema.ts INDEX_PENDING_KEY). The index is then empty by
   * design, and only checked for being so (`fts-extra`); the cables are verified as ever.
   */
  indexPending: boolean;
  /** Empty when the store is whole. */
  problems: CheckProblem[];
  seconds: number;
}

/** Options of {@link checkStore}. */
export interface CheckOptions {
  /** Called every chunk of cables with how many were verified of how many (for a progress line). */
  onProgress?: (done: number, total: number) => void;
}

/** Cables read per chunk: enough to make the per-chunk queries cheap, few enough to keep memory flat. */
const CHUNK = 500;
/** Example IDs kept per problem. */
const EXAMPLES = 5;

function prepare(db: Database.Database) {
  return {
    total: db.prepare('SELECT count(*) FROM cables').pluck(),
    chunk: db.prepare(`SELECT ${CABLE_COLUMNS}, station, hash FROM cables WHERE pk > ? ORDER BY pk LIMIT ${CHUNK}`),
    paragraphs: db.prepare(
      'SELECT cable, ordinal, number, marking, heading, body_start, body_end, text FROM paragraphs WHERE cable > ? AND cable <= ? ORDER BY cable, ordinal',
    ),
    refs: db.prepare('SELECT to_id FROM refs WHERE from_id = ? ORDER BY ordinal').pluck(),
    allParagraphs: db.prepare('SELECT count(*) FROM paragraphs').pluck(),
    allRefs: db.prepare('SELECT count(*) FROM refs').pluck(),
    ftsMatch: db.prepare('SELECT 1 FROM cables_fts WHERE cables_fts MATCH ? AND rowid = ?').pluck(),
    ftsMissingCount: db.prepare('SELECT count(*) FROM cables c WHERE NOT EXISTS (SELECT 1 FROM cables_fts_docsize d WHERE d.id = c.pk)').pluck(),
    ftsMissing: db.prepare(`SELECT c.id FROM cables c WHERE NOT EXISTS (SELECT 1 FROM cables_fts_docsize d WHERE d.id = c.pk) ORDER BY c.pk LIMIT ${EXAMPLES}`).pluck(),
    ftsExtraCount: db.prepare('SELECT count(*) FROM cables_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM cables c WHERE c.pk = d.id)').pluck(),
    ftsExtra: db.prepare(`SELECT d.id FROM cables_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM cables c WHERE c.pk = d.id) ORDER BY d.id LIMIT ${EXAMPLES}`).pluck(),
    byId: db.prepare('SELECT id, hash FROM cables ORDER BY id'),
    indexPending: db.prepare(`SELECT 1 FROM meta WHERE key = '${INDEX_PENDING_KEY}'`).pluck(),
  };
}

/** Problems gathered by code, examples capped. */
class Problems {
  private readonly byCode = new Map<CheckProblemCode, CheckProblem>();

  add(code: CheckProblemCode, example: string, detail?: string): void {
    const p = this.byCode.get(code);
    if (p === undefined) {
      this.byCode.set(code, { code, count: 1, examples: [example], ...(detail === undefined ? {} : { detail }) });
      return;
    }
    p.count++;
    if (p.examples.length < EXAMPLES) p.examples.push(example);
  }

  addCount(code: CheckProblemCode, count: number, examples: string[]): void {
    if (count > 0) this.byCode.set(code, { code, count, examples });
  }

  list(): CheckProblem[] {
    return [...this.byCode.values()];
  }
}

/**
 * The word a cable's index entry must be found by: the longest run of ASCII letters and
 * digits that is a whole FTS5 token (delimited as unicode61 delimits: anything but letters,
 * numbers, marks and private-use characters), so the tokenizer and the porter stemmer treat it
 * exactly as they did when the cable was indexed. Long words are rare, so the look-up reads a
 * short posting list. Null when the text has no such word.
 */
export function probeWord(text: string): string | null {
  let best: string | null = null;
  for (const token of text.split(/[^\p{L}\p{N}\p{M}\p{Co}]+/u)) {
    if (token.length > (best?.length ?? 0) && /^[A-Za-z0-9]+$/.test(token)) best = token;
  }
  return best;
}

/**
 * Verifies the store at `path` (opened read-only; nothing is written, so a read-only file
 * works) and computes its checksum. Problems of the content come back in `problems`.
 * @throws StoreError when the file cannot be opened as a cablebot store (`missing`,
 *   `not-a-database`, `corrupt`, `schema-old`, `schema-new`, `empty` for a zero-byte file,
 *   `busy`, `unreadable`), or a read fails on damage that integrity_check did not stop at.
 */
export function checkStore(path: string, options: CheckOptions = {}): CheckReport {
  const started = performance.now();
  const opened = openReadonlyDatabase(path);
  const { db } = opened;
  try {
    return run(db, opened.path, options, started);
  } catch (err) {
    throw classifyError(err, opened.path) ?? err;
  } finally {
    db.close();
  }
}

function run(db: Database.Database, path: string, options: CheckOptions, started: number): CheckReport {
  const problems = new Problems();
  const found: unknown = db.pragma('integrity_check');
  const integrity = (Array.isArray(found) ? found : [found]).map((r: unknown) => text(asRow(r, 'integrity_check'), 'integrity_check'));
  if (!(integrity.length === 1 && integrity[0] === 'ok')) {
    problems.addCount('sqlite', integrity.length, integrity.slice(0, EXAMPLES));
  }
  const q = prepare(db);
  const indexPending = q.indexPending.get() !== undefined;
  const total = pluckedInt(q.total.get(), 'count');
  let cables = 0;
  let paragraphs = 0;
  let refs = 0;
  let after = 0;
  for (;;) {
    const rows = q.chunk.all(after).map((r) => asRow(r, 'cables'));
    const lastRow = rows.at(-1);
    if (lastRow === undefined) break;
    const lastPk = int(lastRow, 'pk');
    const paragraphsOf = groupParagraphs(q.paragraphs.all(after, lastPk).map((r) => asRow(r, 'paragraphs')));
    for (const row of rows) {
      const pk = int(row, 'pk');
      const id = text(row, 'id');
      const own = paragraphsOf.get(pk) ?? [];
      cables++;
      paragraphs += own.length;
      try {
        const body = text(row, 'body');
        const references = q.refs.all(id).map((v) => pluckedText(v, 'refs.to_id'));
        refs += references.length;
        const cable = readCable(row, body, own.map((p) => readParagraph(p, body)), references);
        const hash = hashCable(cable, own.map(toParagraphRow));
        if (!hash.equals(blob(row, 'hash')) || textOrNull(row, 'station') !== stationOf(cable.canonicalId)) problems.add('hash-mismatch', id);
        const word = probeWord(body) ?? probeWord(cable.subject ?? '');
        if (!indexPending && word !== null && q.ftsMatch.get(`"${word}"`, pk) === undefined) problems.add('fts-stale', id);
      } catch (err) {
        if (!(err instanceof BadRowError)) throw err;
        problems.add('unreadable-cable', id, err.message);
      }
    }
    after = lastPk;
    options.onProgress?.(cables, total);
  }
  problems.addCount('orphan-paragraphs', pluckedInt(q.allParagraphs.get(), 'count') - paragraphs, []);
  problems.addCount('orphan-refs', pluckedInt(q.allRefs.get(), 'count') - refs, []);
  const ids = (stmt: typeof q.ftsMissing): string[] => stmt.all().map((v) => String(v));
  if (!indexPending) problems.addCount('fts-missing', pluckedInt(q.ftsMissingCount.get(), 'count'), ids(q.ftsMissing));
  problems.addCount('fts-extra', pluckedInt(q.ftsExtraCount.get(), 'count'), ids(q.ftsExtra));

  // The checksum in ID order, straight from the index on id: streamed, nothing held.
  const digest = createHash('sha256');
  for (const r of q.byId.iterate()) {
    const row = asRow(r, 'cables');
    digest.update(`${text(row, 'id')}\t${blob(row, 'hash').toString('hex')}\n`);
  }
  return {
    path,
    cables,
    paragraphs,
    refs,
    checksum: digest.digest('hex'),
    indexPending,
    problems: problems.list(),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Paragraph rows of a chunk (ordered by cable, ordinal) by cable rowid. */
function groupParagraphs(rows: Row[]): Map<number, Row[]> {
  const out = new Map<number, Row[]>();
  for (const row of rows) {
    const cable = int(row, 'cable');
    const list = out.get(cable);
    if (list === undefined) out.set(cable, [row]);
    else list.push(row);
  }
  return out;
}

/** A stored paragraph row as the writer hashed it. */
function toParagraphRow(row: Row): ParagraphRow {
  return {
    ordinal: int(row, 'ordinal'),
    number: intOrNull(row, 'number'),
    marking: textOrNull(row, 'marking'),
    heading: textOrNull(row, 'heading'),
    body_start: intOrNull(row, 'body_start'),
    body_end: intOrNull(row, 'body_end'),
    text: textOrNull(row, 'text'),
  };
}
