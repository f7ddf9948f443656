/**
 * Reference IDs: parsing what people type, cablemap canonicalisation, the 251,287-ID index
 * with misprints and suggestions, and REF-line extraction. Re-exports only; no logic here.
 */
export { defaultIdIndex, IdIndex, VIEWER_BASE_URL } from './id-index.ts';
export type { MisprintVia, Resolution, SortedIds, Suggestion } from './id-index.ts';
export { canonicalizeId, compactTyped, fullYear, ID_SHAPE, idYear, MAX_ID_INPUT_LENGTH, parseId, stripHashtag } from './parse.ts';
export type { NormalizationRule, ParsedId, ParseIdErrorCode, ParseIdResult } from './parse.ts';
export { extractReferences } from './references.ts';
export type { ExtractReferencesOptions } from './references.ts';
export { defaultIdTables, DEFAULT_ID_DATA_DIR, IdDataError, loadIdTables, StationTable } from './tables.ts';
export type { CanonicalStation, IdTables, MisprintEntry, StationRule } from './tables.ts';
export { editDistance, weightedEditCost } from './distance.ts';
