/**
 * Reading the cable store. One class serves read-only stores and is the base of the
 * writable one, so both answer queries with the same prepared statements.
 */
import type Database from 'better-sqlite3';
import type { Paragraph, ParsedCable, SourceFormat } from '../types.ts';
import { guard } from './classify.ts';
import { StoreError } from './errors.ts';
import { fullMatch, searchParts, termsMatch } from './fts-query.ts';
import {
  BadRowError,
  asRow,
  int,
  intOrNull,
  jsonStrings,
  num,
  pluckedInt,
  pluckedText,
  text,
  textOrNull,
  type Row,
} from './rows.ts';
import { INDEX_PENDING_KEY, SNIPPET_MARK_END, SNIPPET_MARK_START } from './schema.ts';
import { sourceCandidates, type SourceQuery } from './source-candidates.ts';

/** Filters and size of a full-text search. */
export interface SearchOptions {
  /**
   * Case-insensitive match on the origin's words, the last one as a prefix (`moscow` and
   * `embassy mosc` match `Embassy Moscow`), or on the station of the ID with spaces and
   * punctuation ignored (`buenos aires` and `buenosaires` both match `BUENOSAIRES`).
   */
  origin?: string;
  /** Only cables created in this year (four digits, e.g. 2006). */
  year?: number;
  /** How many hits at most: 1–{@link MAX_SEARCH_LIMIT}, default {@link DEFAULT_SEARCH_LIMIT}. */
  limit?: number;
}

/** One search result. */
export interface SearchHit {
  /** Published ID. */
  id: string;
  subject: string | null;
  /** `YYYY-MM-DD HH:MM`. */
  created: string;
  origin: string;
  /**
   * Up to about 24 words of the body around the matches (of the subject when only it
   * matches), `…` where text was cut, matched terms wrapped in SNIPPET_MARK_START /
   * SNIPPET_MARK_END.
   */
  snippet: string;
  /**
   * The FTS5 bm25 score: negative, and the more negative, the better; hits come best first.
   * 0 for every hit of a query too broad to rank (see SEARCH_RANKED_CAP): those come
   * newest-imported first.
   */
  rank: number;
}

/** Facts recorded in the `meta` table. */
export interface BuildInfo {
  schemaVersion: number;
  /** ISO timestamp the file was created. */
  createdAt: string;
  /** What the last recorded import read (e.g. `cables.csv`), or null if none was recorded. */
  source: string | null;
  /** ISO timestamp of the last recorded import, or null. */
  builtAt: string | null;
  /** Row counts at the last recorded import, or null. */
  cables: number | null;
  paragraphs: number | null;
  refs: number | null;
}

/** Default number of search hits. */
export const DEFAULT_SEARCH_LIMIT = 10;
/** Upper bound on search hits: snippets are computed per hit and chat cannot show more. */
export const MAX_SEARCH_LIMIT = 100;

/**
 * The read side of the corpus: what commands and the cache need. Both the store and the
 * cache implement it, so either can be handed to code that only reads.
 */
export interface CorpusReader {
  /** The cable published under exactly this ID, with its paragraphs and references, or null. */
  getCable(id: string): ParsedCable | null;
  /**
   * {@link getCable}, but a cable read from the store is not kept in a cache in front of it:
   * quote → source reads a dozen candidates a query, most of which it never shows, and they
   * would push the cables people look up out of the cache (and grow the bot's memory to the
   * cache's cap). A cable already cached is returned from the cache.
   */
  peekCable(id: string): ParsedCable | null;
  /** Whether a cable is published under exactly this ID. */
  has(id: string): boolean;
  /** Published IDs whose canonical ID is `canonicalId`: the correct one first, then misprinted twins. */
  idsForCanonical(canonicalId: string): string[];
  /** Canonical IDs the cable `id` cites, in the order it cites them (they need not be in the store). */
  cites(id: string): string[];
  /** Published IDs of stored cables that cite `id` (matched on its canonical ID), oldest first. */
  citedBy(id: string): string[];
  /** Number of stored cables. */
  count(): number;
  /** Full-text search over subject and body, best match first. Text that has nothing searchable gives []. */
  search(query: string, opts?: SearchOptions): SearchHit[];
  /**
   * Published IDs of the cables most likely to hold a quote (by its rare words), best first,
   * at most `limit`; [] when no word of it is rare enough to tell (see `store/source-candidates.ts`).
   */
  sourceCandidates(query: SourceQuery, limit: number): SourceCandidateId[];
}

/** A cable a quote may come from, with a rough score (higher is likelier). */
export interface SourceCandidateId {
  id: string;
  score: number;
}

/** @internal The `cables` columns a ParsedCable is read from (also by `check`). */
export const CABLE_COLUMNS = `pk, id, canonical_id, created, released, classification, origin, subject, tags,
  classified_by, reasons, declassify, tid, partial, format, summary, header, body`;

/**
 * Search statements. Filters are terms of the MATCH (see `searchParts`), so FTS5 yields
 * only matching, filtered cables; `snippet()` runs only for the rows inside the LIMIT.
 * Both the subject and the body snippet are taken and the one with a match is kept:
 * `snippet(-1)` could pick a filter column. How `search` picks among them: see
 * {@link SEARCH_RANKED_CAP}.
 */
const SEARCH_COLUMNS = `c.id AS id, c.subject AS subject, c.created AS created, c.origin AS origin,
       snippet(cables_fts, 0, @markStart, @markEnd, '…', 24) AS subject_snippet,
       snippet(cables_fts, 1, @markStart, @markEnd, '…', 24) AS body_snippet`;
/** bm25 order over all of @match (the plan consumes `ORDER BY rank`: no sort step). */
const RANKED_SQL = `
SELECT ${SEARCH_COLUMNS}, cables_fts.rank AS rank
FROM cables_fts JOIN cables c ON c.pk = cables_fts.rowid
WHERE cables_fts MATCH @match
ORDER BY cables_fts.rank
LIMIT @limit`;
/**
 * bm25 order by the selective terms (@rankMatch) over the cables matching the whole search
 * (@match). The subquery is run once into a lookup table; the `+` keeps SQLite from
 * handing the IN to FTS5 as one rowid lookup per candidate.
 */
const RANKED_WITHIN_SQL = `
SELECT ${SEARCH_COLUMNS}, cables_fts.rank AS rank
FROM cables_fts JOIN cables c ON c.pk = cables_fts.rowid
WHERE cables_fts MATCH @rankMatch
  AND +cables_fts.rowid IN (SELECT rowid FROM cables_fts WHERE cables_fts MATCH @match)
ORDER BY cables_fts.rank
LIMIT @limit`;
/** Newest-imported first, no bm25: FTS5 walks the matches backwards and stops at the LIMIT. */
const UNRANKED_SQL = `
SELECT ${SEARCH_COLUMNS}, 0 AS rank
FROM cables_fts JOIN cables c ON c.pk = cables_fts.rowid
WHERE cables_fts MATCH @match
ORDER BY cables_fts.rowid DESC
LIMIT @limit`;

/**
 * The frequency above which a term is too broad to rank by. bm25 first reads every
 * position of every one of its terms in the whole index (that is how it gets document
 * frequencies) and then scores every match: on the full corpus, ranking by a term in most
 * cables (`government`) costs 40–100 ms however few cables the whole search matches.
 * So `search` counts matches (a cheap walk, stopped at this cap) and:
 *
 * - the whole search matches at least this many cables: too broad for a ranking to mean
 *   much; hits come newest-imported first, rank 0 (~4 ms);
 * - otherwise it is ranked by bm25 over its selective terms only — those matching fewer
 *   than this many cables — among the cables matching the whole search (filters and broad
 *   terms included): `minister Larijani` ranks by Larijani (8 ms instead of 45);
 * - no term is selective (`government`, narrowed by filters): newest-imported first.
 */
export const SEARCH_RANKED_CAP = 10_000;

/** Prepared once per connection: statement preparation costs more than the lookups themselves. */
function prepareReads(db: Database.Database) {
  return {
    cableById: db.prepare(`SELECT ${CABLE_COLUMNS} FROM cables WHERE id = ?`),
    paragraphsOf: db.prepare(
      'SELECT number, marking, heading, body_start, body_end, text FROM paragraphs WHERE cable = ? ORDER BY ordinal',
    ),
    refsOf: db.prepare('SELECT to_id FROM refs WHERE from_id = ? ORDER BY ordinal').pluck(),
    has: db.prepare('SELECT 1 FROM cables WHERE id = ?').pluck(),
    canonicalOf: db.prepare('SELECT canonical_id FROM cables WHERE id = ?').pluck(),
    idsForCanonical: db.prepare('SELECT id FROM cables WHERE canonical_id = ? ORDER BY id <> canonical_id, id').pluck(),
    // A cable can only cite another once, but GROUP BY keeps the answer a set even if a
    // parser repeats a reference.
    citedBy: db
      .prepare(
        `SELECT r.from_id FROM refs r JOIN cables c ON c.id = r.from_id
         WHERE r.to_id IN (@canonical, @published)
         GROUP BY r.from_id ORDER BY min(c.created), r.from_id`,
      )
      .pluck(),
    count: db.prepare('SELECT count(*) FROM cables').pluck(),
    meta: db.prepare('SELECT key, value FROM meta'),
    indexPending: db.prepare(`SELECT 1 FROM meta WHERE key = '${INDEX_PENDING_KEY}'`).pluck(),
    ranked: db.prepare(RANKED_SQL),
    rankedWithin: db.prepare(RANKED_WITHIN_SQL),
    unranked: db.prepare(UNRANKED_SQL),
    // Walks the match list without ranking (~0.1 µs a match) and stops at the cap.
    countUpTo: db.prepare('SELECT count(*) FROM (SELECT 1 FROM cables_fts WHERE cables_fts MATCH ? LIMIT ?)').pluck(),
    rowidsUpTo: db.prepare('SELECT rowid FROM cables_fts WHERE cables_fts MATCH ? LIMIT ?').pluck(),
    idOfPk: db.prepare('SELECT id FROM cables WHERE pk = ?').pluck(),
  };
}

/**
 * A cable store opened for reading. Get one from `openReadonlyStore` (or, as the base of a
 * writable store, from `openWritableStore`). Not for concurrent use from worker threads:
 * one instance per thread, as with any better-sqlite3 connection.
 */
export class CableStore implements CorpusReader {
  /** Absolute path of the store file. */
  readonly path: string;
  /** @internal The connection; subclasses prepare their own statements on it. */
  protected readonly db: Database.Database;
  private readonly reads: ReturnType<typeof prepareReads>;

  /** @internal Use `openReadonlyStore` / `openWritableStore`, which check the file first. */
  constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
    this.reads = prepareReads(db);
  }

  /** True when the connection cannot write (opened with `openReadonlyStore`). */
  get readonly(): boolean {
    return this.db.readonly;
  }

  /** {@inheritDoc CorpusReader.getCable} */
  getCable(id: string): ParsedCable | null {
    return guard(this.path, () => {
      const found = this.reads.cableById.get(id);
      if (found === undefined) return null;
      const row = asRow(found, 'cables');
      const body = text(row, 'body');
      const paragraphs = this.reads.paragraphsOf.all(int(row, 'pk')).map((p) => readParagraph(asRow(p, 'paragraphs'), body));
      const references = this.reads.refsOf.all(id).map((v) => pluckedText(v, 'refs.to_id'));
      return readCable(row, body, paragraphs, references);
    });
  }

  /** {@inheritDoc CorpusReader.peekCable} */
  peekCable(id: string): ParsedCable | null {
    return this.getCable(id);
  }

  /** {@inheritDoc CorpusReader.has} */
  has(id: string): boolean {
    return guard(this.path, () => this.reads.has.get(id) !== undefined);
  }

  /** {@inheritDoc CorpusReader.idsForCanonical} */
  idsForCanonical(canonicalId: string): string[] {
    return guard(this.path, () => this.reads.idsForCanonical.all(canonicalId).map((v) => pluckedText(v, 'cables.id')));
  }

  /** {@inheritDoc CorpusReader.cites} */
  cites(id: string): string[] {
    return guard(this.path, () => this.reads.refsOf.all(id).map((v) => pluckedText(v, 'refs.to_id')));
  }

  /** {@inheritDoc CorpusReader.citedBy} */
  citedBy(id: string): string[] {
    return guard(this.path, () => {
      // Citations name the canonical ID; asked about a misprinted published ID, look up what it stands for.
      const canonical = this.reads.canonicalOf.get(id);
      const params = { canonical: canonical === undefined ? id : pluckedText(canonical, 'cables.canonical_id'), published: id };
      return this.reads.citedBy.all(params).map((v) => pluckedText(v, 'refs.from_id'));
    });
  }

  /** {@inheritDoc CorpusReader.count} */
  count(): number {
    return guard(this.path, () => pluckedInt(this.reads.count.get(), 'count'));
  }

  /**
   * {@inheritDoc CorpusReader.search}
   * @throws RangeError when `year` or `limit` is not an integer in range (a caller's bug, not user input).
   */
  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = opts.limit ?? DEFAULT_SEARCH_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new RangeError(`search limit must be an integer 1–${MAX_SEARCH_LIMIT}, got ${limit}`);
    }
    if (opts.year !== undefined && (!Number.isInteger(opts.year) || opts.year < 1000 || opts.year > 9999)) {
      throw new RangeError(`search year must be a four-digit integer, got ${opts.year}`);
    }
    const parts = searchParts(query, opts);
    if (parts === null) return [];
    return guard(this.path, () => {
      this.assertIndexed();
      const match = fullMatch(parts);
      const countUpTo = (m: string): number => pluckedInt(this.reads.countUpTo.get(m, SEARCH_RANKED_CAP), 'count');
      const total = countUpTo(match);
      if (total === 0) return [];
      let statement = this.reads.unranked;
      let rankMatch = match;
      if (total < SEARCH_RANKED_CAP) {
        // A lone unfiltered term matching fewer than the cap is selective by definition.
        const selective =
          parts.filter === null && parts.terms.length === 1
            ? parts.terms
            : parts.terms.filter((t) => countUpTo(termsMatch([t])) < SEARCH_RANKED_CAP);
        if (selective.length === parts.terms.length && parts.filter === null) {
          statement = this.reads.ranked;
        } else if (selective.length > 0) {
          statement = this.reads.rankedWithin;
          rankMatch = termsMatch(selective);
        }
      }
      const params = { match, rankMatch, limit, markStart: SNIPPET_MARK_START, markEnd: SNIPPET_MARK_END };
      return statement.all(params).map((r) => {
        const row = asRow(r, 'search');
        const bodySnippet = textOrNull(row, 'body_snippet') ?? '';
        const subjectSnippet = textOrNull(row, 'subject_snippet') ?? '';
        return {
          id: text(row, 'id'),
          subject: textOrNull(row, 'subject'),
          created: text(row, 'created'),
          origin: text(row, 'origin'),
          snippet: !bodySnippet.includes(SNIPPET_MARK_START) && subjectSnippet.includes(SNIPPET_MARK_START) ? subjectSnippet : bodySnippet,
          rank: num(row, 'rank'),
        };
      });
    });
  }

  /** {@inheritDoc CorpusReader.sourceCandidates} */
  sourceCandidates(query: SourceQuery, limit: number): SourceCandidateId[] {
    return guard(this.path, () => {
      this.assertIndexed();
      const index = {
        total: pluckedInt(this.reads.count.get(), 'count'),
        countUpTo: (match: string, cap: number) => pluckedInt(this.reads.countUpTo.get(match, cap), 'count'),
        rowids: (match: string, cap: number) => this.reads.rowidsUpTo.all(match, cap).map((v) => pluckedInt(v, 'cables_fts.rowid')),
      };
      const found: SourceCandidateId[] = [];
      for (const { pk, score } of sourceCandidates(index, query, limit)) {
        const id = this.reads.idOfPk.get(pk);
        if (id !== undefined) found.push({ id: pluckedText(id, 'cables.id'), score });
      }
      return found;
    });
  }

  /**
   * True while the full-text index is still to be built (schema.ts INDEX_PENDING_KEY): an
   * import that builds it at its end is running, or was stopped before it.
   */
  indexPending(): boolean {
    return guard(this.path, () => this.reads.indexPending.get() !== undefined);
  }

  /** @throws StoreError `index-pending` when the full-text index is not built yet (searches would find nothing). */
  private assertIndexed(): void {
    if (this.reads.indexPending.get() !== undefined) throw new StoreError('index-pending', this.path);
  }

  /** What the `meta` table records about this file. */
  buildInfo(): BuildInfo {
    return guard(this.path, () => {
      const meta = new Map<string, string>();
      for (const r of this.reads.meta.all()) {
        const row = asRow(r, 'meta');
        meta.set(text(row, 'key'), text(row, 'value'));
      }
      const count = (key: string): number | null => {
        const v = meta.get(key);
        return v === undefined ? null : Number(v);
      };
      const createdAt = meta.get('created_at');
      if (createdAt === undefined) throw new BadRowError('meta: created_at missing');
      return {
        schemaVersion: Number(meta.get('schema_version')),
        createdAt,
        source: meta.get('source') ?? null,
        builtAt: meta.get('built_at') ?? null,
        cables: count('cables'),
        paragraphs: count('paragraphs'),
        refs: count('refs'),
      };
    });
  }

  /** Closes the connection. Further calls on the store throw; closing twice is harmless. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

const FORMATS: ReadonlyMap<string, SourceFormat> = new Map<string, SourceFormat>([
  ['html', 'html'],
  ['page-text', 'page-text'],
  ['csv', 'csv'],
  ['telegram', 'telegram'],
]);

/** @internal A `paragraphs` row as a Paragraph (its text cut from `body`); BadRowError when the offsets do not fit. */
export function readParagraph(row: Row, body: string): Paragraph {
  let paragraphText = textOrNull(row, 'text');
  if (paragraphText === null) {
    const start = int(row, 'body_start');
    const end = int(row, 'body_end');
    if (start < 0 || end < start || end > body.length) throw new BadRowError(`paragraphs: offsets ${start}-${end} outside a body of ${body.length}`);
    paragraphText = body.slice(start, end);
  }
  return {
    number: intOrNull(row, 'number'),
    marking: textOrNull(row, 'marking'),
    heading: textOrNull(row, 'heading'),
    text: paragraphText,
  };
}

/** @internal A `cables` row (the {@link CABLE_COLUMNS}) as a ParsedCable; BadRowError when a column has the wrong type. */
export function readCable(row: Row, body: string, paragraphs: Paragraph[], references: string[]): ParsedCable {
  const formatName = text(row, 'format');
  const format = FORMATS.get(formatName);
  if (format === undefined) throw new BadRowError(`format: unknown ${JSON.stringify(formatName)}`);
  return {
    id: text(row, 'id'),
    canonicalId: text(row, 'canonical_id'),
    created: text(row, 'created'),
    released: textOrNull(row, 'released'),
    classification: text(row, 'classification'),
    origin: text(row, 'origin'),
    subject: textOrNull(row, 'subject'),
    tags: jsonStrings(row, 'tags'),
    references,
    classifiedBy: textOrNull(row, 'classified_by'),
    reasons: jsonStrings(row, 'reasons'),
    summary: textOrNull(row, 'summary'),
    paragraphs,
    partial: int(row, 'partial') === 1,
    declassify: textOrNull(row, 'declassify'),
    tid: textOrNull(row, 'tid'),
    header: textOrNull(row, 'header'),
    body,
    format,
  };
}
