/** The `search` reply: the store's full-text hits, top {@link SEARCH_RESULTS}, snippets split into parts. */
import type { IdIndex } from '../corpus/ids/index.ts';
import { SNIPPET_MARK_END, SNIPPET_MARK_START, toFtsQuery, type CorpusReader } from '../corpus/store.ts';
import type { SearchOptions } from './input.ts';
import { SEARCH_RESULTS, type ErrorReply, type SearchReply, type SnippetPart } from './reply.ts';

/** Searches the corpus; an error reply when the text has nothing searchable (`search ***`). */
export function searchReply(corpus: CorpusReader, ids: IdIndex, options: SearchOptions): SearchReply | ErrorReply {
  if (toFtsQuery(options.query) === null) return { kind: 'error', code: 'search-nothing-searchable', detail: options.query.slice(0, 200) };
  const hits = corpus.search(options.query, {
    ...(options.origin !== null ? { origin: options.origin } : {}),
    ...(options.year !== null ? { year: options.year } : {}),
    limit: SEARCH_RESULTS + 1,
  });
  return {
    kind: 'search',
    query: options.query,
    origin: options.origin,
    year: options.year,
    hits: hits.slice(0, SEARCH_RESULTS).map((h) => ({
      id: h.id,
      subject: h.subject,
      created: h.created,
      origin: h.origin,
      snippet: snippetParts(h.snippet),
      viewerUrl: ids.viewerUrl(h.id),
    })),
    more: hits.length > SEARCH_RESULTS,
    corpusSize: corpus.count(),
  };
}

/** Splits a store snippet at its match marks: `a \u0002b\u0003 c` → `a `, `b` (match), ` c`. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  for (const ch of snippet) {
    if (ch === SNIPPET_MARK_START || ch === SNIPPET_MARK_END) {
      if (text !== '') parts.push({ text, match });
      text = '';
      match = ch === SNIPPET_MARK_START;
    } else {
      text += ch === '\n' || ch === '\r' || ch === '\t' ? ' ' : ch;
    }
  }
  if (text !== '') parts.push({ text, match });
  return parts;
}
