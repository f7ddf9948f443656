/**
 * Character tests over UTF-16 code units, shared by the grammar's hand-written scanners.
 * Reference IDs, paragraph numbers and URL hosts are ASCII, so only ASCII letters and digits
 * count as ID characters; whitespace is exactly what `String.prototype.trim` (and so zod's
 * `.trim()`) removes, so text the grammar trims always satisfies the option schemas.
 */

/** `#` */
export const HASH = 0x23;
/** `¶` (U+00B6). `§` is a section sign, not a pilcrow, and is never read as one. */
export const PILCROW = 0xb6;

/** True for `0`–`9`. `NaN` (past the end of a string) is false. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True for ASCII `A`–`Z` and `a`–`z`. */
export function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** True for ASCII letters and digits. */
export function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

/** True for the characters `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * True for whitespace that does not break the line (space, tab, no-break space…): the blanks
 * allowed inside an ID or selector (`06 MOSCOW 754`, `¶ 5`, `3 - 5`). Chat clients may turn a
 * typed space into U+00A0.
 */
export function isBlank(c: number): boolean {
  if (c === 0x20 || c === 0x09) return true;
  return isSpace(c) && !(c >= 0x0a && c <= 0x0d) && c !== 0x2028 && c !== 0x2029;
}

/** Index of the first non-whitespace character at or after `i` (or `end`). */
export function skipSpaces(text: string, i: number, end = text.length): number {
  let k = i;
  while (k < end && isSpace(text.charCodeAt(k))) k++;
  return k;
}

/** Index of the first character at or after `i` that is not a {@link isBlank} blank (or `end`). */
export function skipBlanks(text: string, i: number, end = text.length): number {
  let k = i;
  while (k < end && isBlank(text.charCodeAt(k))) k++;
  return k;
}

/** Index just past the run of ASCII letters and digits starting at `i`. */
export function alnumEnd(text: string, i: number, end = text.length): number {
  let k = i;
  while (k < end && isAlnum(text.charCodeAt(k))) k++;
  return k;
}

/** Index just past the run of non-whitespace characters starting at `i`. */
export function wordEnd(text: string, i: number, end = text.length): number {
  let k = i;
  while (k < end && !isSpace(text.charCodeAt(k))) k++;
  return k;
}

/** True when `text` has `word` (lower-case ASCII) at `i`, in any case. */
export function hasWordAt(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(i + k);
    const w = word.charCodeAt(k);
    if (c !== w && !(isLetter(c) && (c | 0x20) === w)) return false;
  }
  return true;
}

/**
 * A set of ASCII characters as a 128-entry table: the scanners test characters against small
 * sets on every step, and a table lookup is several times faster than `Set.has`.
 */
export function asciiSet(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i) & 0x7f] = 1;
  return table;
}

/** True when `c` is in the {@link asciiSet} `set`. */
export function inSet(set: Uint8Array, c: number): boolean {
  return c < 128 && set[c] === 1;
}

/** Longest `detail` of a grammar error. */
export const MAX_DETAIL = 60;

/** `text` cut to at most `max` characters, never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `text` trimmed and cut to {@link MAX_DETAIL} characters: the offending piece quoted back to the user. */
export function detailOf(text: string): string {
  return cut(text.trim(), MAX_DETAIL).trimEnd();
}
