/**
 * Turns what a person typed into a safe FTS5 MATCH expression.
 *
 * FTS5 query syntax is a small language (`AND`, `OR`, `NOT`, `NEAR(...)`, `col:`, `^`, `*`,
 * parentheses, quotes): fed raw, `"` or `NEAR(` is a syntax error and `subject:x` a column
 * filter. So every word becomes a quoted string, which FTS5 treats as plain text to run
 * through the tokenizer, and the strings are ANDed. Two conveniences survive quoting:
 * a balanced `"…"` in the input stays one phrase, and a trailing `*` on a word of at least
 * three letters or digits becomes a prefix search (`enrich*`).
 */

/**
 * Words left out of unquoted queries. They occur in nearly every cable, so they narrow
 * nothing, yet bm25 has to walk their whole doclist (every position in every cable) to
 * score them: on the full corpus one of them costs more than the rest of a search.
 * Inside a quoted phrase they are kept (`"head of state"`). A query of nothing but these
 * words finds nothing.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an and are as at be been but by for from had has have he his in is it its not of on or ' +
    'said that the their there they this to was were which will with would').split(' '),
);

/**
 * At most this many terms are used: more rarely narrow a search further, and the search
 * probes each term's frequency (up to ~2 ms each on the full corpus).
 */
export const MAX_QUERY_TERMS = 10;

/** A prefix search needs this many letters/digits: `a*` would expand to a large part of the index. */
const MIN_PREFIX_LENGTH = 3;

/**
 * Control and format characters: NUL ends an FTS5 string early ("unterminated string"),
 * and none of them is searchable text anyway.
 */
const UNSEARCHABLE = /[\p{Cc}\p{Cf}]/gu;
const SEARCHABLE = /[\p{L}\p{N}]/u;
/** A balanced quoted phrase, or a run of non-space characters. */
const CHUNK = /"([^"]*)"|(\S+)/g;

/**
 * The FTS5 expression for `input`, or `null` when it has nothing searchable
 * (empty, only punctuation or operators like `*` or `"`). Never throws.
 */
export function toFtsQuery(input: string): string | null {
  const terms = quoteTerms(input);
  return terms.length === 0 ? null : terms.join(' ');
}

/** Filters of a search, as the store receives them. */
export interface MatchFilters {
  origin?: string | undefined;
  year?: number | undefined;
}

/** A search taken apart: the user's terms and the filter expression, both FTS5 syntax. */
export interface SearchParts {
  /** Quoted FTS5 strings (phrases, words, prefix searches), ANDed. Never empty. */
  terms: string[];
  /** The filters as FTS5 terms on the `origin`, `station` and `created` columns, or null. */
  filter: string | null;
}

/**
 * Takes a search apart (see {@link SearchParts}). The filters become terms on the indexed
 * `origin`, `station` and `created` columns:
 *
 * - origin: the words as a prefix phrase on the origin (`buenos air` matches
 *   `Embassy Buenos Aires`), or its letters as the station token (`buenosaires`).
 *   Matching is by words, case- and accent-insensitive, not by arbitrary substring.
 * - year: the first token of `created` (`^"2006"`).
 *
 * Null when the query has nothing searchable, or the origin filter has no letters or
 * digits: then nothing can match. The year must already be validated.
 */
export function searchParts(query: string, filters: MatchFilters): SearchParts | null {
  const terms = quoteTerms(query);
  if (terms.length === 0) return null;
  const filter: string[] = [];
  const origin = filters.origin?.trim() ?? '';
  if (origin !== '') {
    const cleaned = origin.normalize('NFKC').replace(UNSEARCHABLE, ' ');
    const words = cleaned.split(/\s+/).filter((w) => SEARCHABLE.test(w));
    if (words.length === 0) return null;
    // Only letters and digits are left in the station token, so it needs no escaping.
    const station = cleaned.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    filter.push(`({origin}: "${words.join(' ').replaceAll('"', '""')}" * OR {station}: "${station}")`);
  }
  if (filters.year !== undefined) filter.push(`{created}: ^"${filters.year}"`);
  return { terms, filter: filter.length === 0 ? null : filter.join(' AND ') };
}

/** The user's terms, confined to subject and body by a column filter. */
export function termsMatch(terms: readonly string[]): string {
  return `{subject body}: (${terms.join(' ')})`;
}

/** The whole MATCH expression of a search: its terms AND its filters. */
export function fullMatch(parts: SearchParts): string {
  return parts.filter === null ? termsMatch(parts.terms) : `${termsMatch(parts.terms)} AND ${parts.filter}`;
}

/** {@link fullMatch} of {@link searchParts}: the MATCH expression of a search, or null. */
export function buildSearchMatch(query: string, filters: MatchFilters): string | null {
  const parts = searchParts(query, filters);
  return parts === null ? null : fullMatch(parts);
}

/** Each searchable chunk of `input` as a quoted FTS5 string (with ` *` for a prefix search). */
function quoteTerms(input: string): string[] {
  const cleaned = input.normalize('NFKC').replace(UNSEARCHABLE, ' ');
  const terms: string[] = [];
  for (const match of cleaned.matchAll(CHUNK)) {
    const phrase = match[1];
    let chunk = phrase ?? match[2] ?? '';
    let prefix = false;
    if (phrase === undefined && chunk.endsWith('*')) {
      chunk = chunk.replace(/\*+$/, '');
      prefix = countSearchable(chunk) >= MIN_PREFIX_LENGTH;
    }
    if (!SEARCHABLE.test(chunk)) continue;
    if (phrase === undefined && !prefix && STOP_WORDS.has(chunk.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''))) continue;
    // Inside an FTS5 string the only special character is `"`, escaped by doubling.
    terms.push(`"${chunk.replaceAll('"', '""')}"${prefix ? ' *' : ''}`);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  return terms;
}

function countSearchable(s: string): number {
  let n = 0;
  for (const ch of s) if (SEARCHABLE.test(ch)) n++;
  return n;
}
