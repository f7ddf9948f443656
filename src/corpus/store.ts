/**
 * The cable store: SQLite (better-sqlite3) with FTS5, one file per corpus.
 *
 * Open with {@link openReadonlyStore} (the bot) or {@link openWritableStore} (the importer);
 * put a `CachedCorpus` (`./cache.ts`) in front for repeated lookups. Layout and its
 * reasons: `./store/schema.ts`. This module only gathers the public surface.
 */
export { openReadonlyStore, openWritableStore, type ReadonlyStoreOptions } from './store/open.ts';
export {
  CableStore,
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  SEARCH_RANKED_CAP,
  type BuildInfo,
  type CorpusReader,
  type SearchHit,
  type SearchOptions,
  type SourceCandidateId,
} from './store/cable-store.ts';
export type { SourceQuery } from './store/source-candidates.ts';
export { WritableCableStore, type RejectedCable, type UpsertOutcome, type UpsertSummary } from './store/writable-store.ts';
export { StoreError, describeStoreError, type StoreErrorCode, type StoreErrorOptions } from './store/errors.ts';
export { buildSearchMatch, toFtsQuery, MAX_QUERY_TERMS, type MatchFilters } from './store/fts-query.ts';
export { SCHEMA_VERSION, SNIPPET_MARK_END, SNIPPET_MARK_START } from './store/schema.ts';
