/**
 * Shortening text for chat: cut at a sentence end when one is close enough to the limit,
 * else at a word boundary, and mark the cut with `…`. Used for card summaries here and by
 * every renderer for its platform's limits, so all platforms cut the same way.
 */

/** The mark put where text was cut. */
export const ELLIPSIS = '…';

/**
 * `text` if it fits in `max` characters (UTF-16 code units, as the platforms count), else a
 * prefix ending at a sentence end (`.`, `!`, `?`, optionally closed by a quote or bracket)
 * found in the last 40% of the budget, else at the last word boundary in the last half, else
 * hard, followed by `…`. The result never exceeds `max` and never splits a surrogate pair.
 * @throws RangeError when `max` < 1.
 */
export function shorten(text: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`shorten: max must be a positive integer, got ${max}`);
  if (text.length <= max) return text;
  const budget = max - ELLIPSIS.length;
  if (budget <= 0) return ELLIPSIS;
  const head = text.slice(0, budget + 1);
  // One character kept for the space before the mark.
  const sentence = lastSentenceEnd(head, budget - 1);
  if (sentence >= budget * 0.6) return `${text.slice(0, sentence)} ${ELLIPSIS}`;
  const space = head.lastIndexOf(' ', budget);
  if (space >= budget * 0.5) return `${text.slice(0, space).trimEnd()}${ELLIPSIS}`;
  return `${safeCut(text, budget)}${ELLIPSIS}`;
}

/** Index just past the last sentence end at or before `limit` that is followed by a space, or -1. */
function lastSentenceEnd(head: string, limit: number): number {
  for (let i = Math.min(limit, head.length - 1) - 1; i > 0; i--) {
    const next = head.charAt(i + 1);
    if (next !== ' ' && next !== '\n') continue;
    let j = i;
    while (j > 0 && /["')\]”’]/.test(head.charAt(j))) j--;
    // Not after an initial or an abbreviation (`U.S. officials`, `William J. Burns`).
    if (/[.!?]/.test(head.charAt(j)) && !/(?:^|[\s.])[A-Za-z]$/.test(head.slice(Math.max(0, j - 2), j))) return i + 1;
  }
  return -1;
}

/** `text.slice(0, n)` without leaving half of a surrogate pair at the end. */
export function safeCut(text: string, n: number): string {
  if (n <= 0) return '';
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}

/** Collapses runs of whitespace (line breaks included) into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
