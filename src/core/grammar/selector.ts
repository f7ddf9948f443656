/**
 * Paragraph selectors: what follows a reference ID to ask for paragraphs rather than the
 * card. People write the pilcrow the viewer prints (`¶5`, `¶ 5`, `¶¶3-5`), the viewer's
 * anchor (`#par5`), words (`p5`, `par5`, `para 5`, `paragraph 5`, `paras 3-5`) or, after an
 * ID in a command, just the number (`06MOSCOW754 5`). Ranges take a hyphen or an en/em dash
 * (`3-5`, `3–5`); lists take commas (`3,7`, `3, 7`, `1,3-5`).
 */
import { MAX_PARAGRAPH_NUMBER, MAX_PARAGRAPH_SPANS } from '../input.ts';
import type { ParagraphSpan } from '../input.ts';
import { detailOf, HASH, hasWordAt, isDigit, isLetter, isSpace, MAX_DETAIL, PILCROW, skipBlanks, skipSpaces } from './chars.ts';

/** Why a selector could not be read. */
export type SelectorErrorCode = 'bad-paragraph' | 'bad-range' | 'too-many-paragraphs';

/** Result of {@link readSelector}: spans in the order written, and where the selector ends. */
export type SelectorRead =
  | { ok: true; spans: ParagraphSpan[]; end: number }
  | { ok: false; code: SelectorErrorCode; detail: string };

/** Which selector forms to accept. */
export interface SelectorStyle {
  /** Word introducers (`p5`, `para 5`, `paragraphs 3-5`): explicit text only, prose is full of "p". */
  words: boolean;
  /** A number list with no introducer (`06MOSCOW754 5`): explicit text only. */
  bare: boolean;
}

/** `¶` and `#par` only: what a chat message may glue to an ID. */
export const PILCROW_ONLY: SelectorStyle = { words: false, bare: false };
/** Every form: what may follow an ID in a command. */
export const ANY_SELECTOR: SelectorStyle = { words: true, bare: true };

/** Words that introduce paragraph numbers (also with a dot: `para. 5`, `pp. 3-5`). */
export const SELECTOR_WORDS: ReadonlySet<string> = new Set(['p', 'pp', 'par', 'para', 'paras', 'pars', 'paragraph', 'paragraphs']);
const LONGEST_WORD = 10;

const EN_DASH = 0x2013;
const EM_DASH = 0x2014;
const HYPHEN = 0x2d;
const COMMA = 0x2c;
const DOT = 0x2e;

function isDash(c: number): boolean {
  return c === HYPHEN || c === EN_DASH || c === EM_DASH;
}

/**
 * Reads a paragraph selector starting exactly at `at`. Null when none starts there; an error
 * once the selector is certain (after `¶`, or a word followed by a number) but bad: `¶0`,
 * `¶x`, `¶1000` (`bad-paragraph`), `¶5-3` (`bad-range`), more than
 * {@link MAX_PARAGRAPH_SPANS} spans. Reads nothing at or past `end`.
 */
export function readSelector(text: string, at: number, style: SelectorStyle, end = text.length): SelectorRead | null {
  const body = introducerEnd(text, at, style, end);
  if (body === -1) return null;
  return readSpanList(text, at, body, end);
}

/** Index of the first number after the selector's introducer at `at`, or -1 when there is none. */
function introducerEnd(text: string, at: number, style: SelectorStyle, end: number): number {
  if (at >= end) return -1;
  const c = text.charCodeAt(at);
  if (c === PILCROW) {
    // `¶¶3-5` is the typographic plural; blanks may follow (`¶ 5`).
    const after = text.charCodeAt(at + 1) === PILCROW && at + 1 < end ? at + 2 : at + 1;
    return skipBlanks(text, after, end);
  }
  if (c === HASH) {
    // The viewer's anchor: `…/06MOSCOW754.html#par5`, pasted as `06MOSCOW754#par5`.
    return hasWordAt(text, at + 1, 'par') && at + 4 < end && isDigit(text.charCodeAt(at + 4)) ? at + 4 : -1;
  }
  if (style.words && isLetter(c)) return afterSelectorWord(text, at, end);
  if (style.bare && isDigit(c) && listable(text, at, end)) return at;
  return -1;
}

/** After `para`, `p.` etc. and blanks, the index of a digit; -1 when the word is another or no number follows. */
function afterSelectorWord(text: string, at: number, end: number): number {
  let j = at;
  while (j < end && j - at <= LONGEST_WORD && isLetter(text.charCodeAt(j))) j++;
  if (!SELECTOR_WORDS.has(text.slice(at, j).toLowerCase())) return -1;
  if (j < end && text.charCodeAt(j) === DOT) j++;
  const k = skipBlanks(text, j, end);
  return k < end && isDigit(text.charCodeAt(k)) ? k : -1;
}

/** Reads `span (, span)*` from `i`; `start` is where the selector began, for error details. */
function readSpanList(text: string, start: number, i: number, end: number): SelectorRead {
  const spans: ParagraphSpan[] = [];
  let at = i;
  for (;;) {
    const span = readSpan(text, start, at, end);
    if (!span.ok) return span;
    spans.push({ from: span.from, to: span.to });
    if (spans.length > MAX_PARAGRAPH_SPANS) return { ok: false, code: 'too-many-paragraphs', detail: pieceOf(text, start, span.end, end) };
    const next = listContinuation(text, span.end, end);
    if (next === -1) return { ok: true, spans, end: span.end };
    at = next;
  }
}

type SpanRead = { ok: true; from: number; to: number; end: number } | { ok: false; code: SelectorErrorCode; detail: string };

/** `n` or `n-m` at `i`. */
function readSpan(text: string, start: number, i: number, end: number): SpanRead {
  const from = readNumber(text, i, end);
  if (from === null) return badParagraph(text, start, i, end);
  // A range only when a number follows the dash: `¶3 - the minister` keeps ¶3.
  const dash = skipBlanks(text, from.end, end);
  if (dash < end && isDash(text.charCodeAt(dash))) {
    const toAt = skipBlanks(text, dash + 1, end);
    if (toAt < end && isDigit(text.charCodeAt(toAt))) {
      const to = readNumber(text, toAt, end);
      if (to === null) return badParagraph(text, start, toAt, end);
      if (to.value < from.value) return { ok: false, code: 'bad-range', detail: detailOf(text.slice(i, to.end)) };
      return { ok: true, from: from.value, to: to.value, end: to.end };
    }
  }
  return { ok: true, from: from.value, to: from.value, end: from.end };
}

/** A paragraph number 1–999 at `i` not glued to a letter, or null. */
function readNumber(text: string, i: number, end: number): { value: number; end: number } | null {
  let j = i;
  while (j < end && isDigit(text.charCodeAt(j))) j++;
  if (j === i || (j < end && isLetter(text.charCodeAt(j)))) return null;
  // Leading zeros are harmless (`¶05`), as in zero-padded serials.
  let k = i;
  while (k < j && text.charCodeAt(k) === 0x30) k++;
  if (k === j || j - k > 3) return null;
  const value = Number(text.slice(k, j));
  return value <= MAX_PARAGRAPH_NUMBER ? { value, end: j } : null;
}

/** After a span: the index of the next number when `, n` follows, else -1. */
function listContinuation(text: string, i: number, end: number): number {
  const comma = skipBlanks(text, i, end);
  if (comma >= end || text.charCodeAt(comma) !== COMMA) return -1;
  const next = skipSpaces(text, comma + 1, end);
  return next < end && isDigit(text.charCodeAt(next)) && listable(text, next, end) ? next : -1;
}

/**
 * Whether the digits at `i` can be a paragraph rather than the year of the next ID: `¶2, 7`
 * lists ¶7, but in `¶2, 06 MOSCOW 755` and `¶2,06MOSCOW755` the `06` starts another ID.
 */
function listable(text: string, i: number, end: number): boolean {
  let j = i;
  while (j < end && isDigit(text.charCodeAt(j))) j++;
  if (j < end && isLetter(text.charCodeAt(j))) return false;
  const k = skipBlanks(text, j, end);
  return !(k > j && k < end && isLetter(text.charCodeAt(k)));
}

function badParagraph(text: string, start: number, at: number, end: number): SpanRead {
  return { ok: false, code: 'bad-paragraph', detail: pieceOf(text, start, at, end) };
}

/**
 * The selector from `start` to the end of the word at `at` (at most {@link MAX_DETAIL}
 * characters: a bounded look, so an error in a long message costs nothing).
 */
function pieceOf(text: string, start: number, at: number, end: number): string {
  const limit = Math.min(end, start + MAX_DETAIL + 1);
  let e = Math.max(at, start + 1);
  while (e < limit && !isSpace(text.charCodeAt(e)) && text.charCodeAt(e) !== COMMA) e++;
  return detailOf(text.slice(start, Math.min(e, limit)));
}

/** True when `c` may directly follow a selector or ID: the end, whitespace or a comma. */
export function isSeparator(c: number): boolean {
  return Number.isNaN(c) || isSpace(c) || c === COMMA;
}

