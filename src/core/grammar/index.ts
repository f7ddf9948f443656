/**
 * The query grammar: explicit text (`/cable …`, console lines) → {@link parseCommandText};
 * chat messages (automatic detection) → {@link scanMessage}. Pure functions, no I/O; the
 * output is `CommandInput`s (input.ts). Re-exports only.
 */
export { MAX_COMMAND_TEXT, parseCommandText } from './explicit.ts';
export { DEFAULT_MAX_ID_CHECKS, MAX_SKIPPED_COUNT, scanMessage } from './scan.ts';
export type { ScanOptions } from './scan.ts';
export type { AngleBrackets } from './regions.ts';
export { knownIdPredicate } from './known.ts';
export { parseCableUrl } from './url.ts';
export type { CableUrl } from './url.ts';
export { readSelector } from './selector.ts';
export type { SelectorRead, SelectorStyle } from './selector.ts';
