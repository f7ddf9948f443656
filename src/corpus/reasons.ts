/**
 * Classification reasons as cables write them (`1.4 (B & D)`, `1.4(b) and (d)`,
 * `1.5 (B) AND (D)`, `1.4 B/D`, `1.4(c), 1.4(d)`) turned into the E.O. 12958 notation
 * `1.4(b)`. Section 1.4 is E.O. 12958 as amended in 2003; section 1.5 is the original 1995
 * numbering of the same list, still seen in older cables.
 */

/** A section number with one letter as written (lower-cased), not yet checked against a–h. */
export interface ReasonLetter {
  section: 4 | 5;
  letter: string;
}

// `1.4` or `1.5` (also `1. 4`, `1,4`), not part of a longer number such as 1.45 or 11.4.
const SECTION = /(?<![0-9.])1\s?[.,]\s?([45])(?![0-9])/g;
// Tokens that may follow: parentheses, separators, single letters. Anything else ends the list.
const TOKEN = /\s*(?:(\()|(\))|(,|&|\/|\+|;|and\b|or\b)|([a-z])(?![a-z0-9])|(:|-))/iy;

/**
 * Scans reason notation, keeping any single letter (also outside a–h) so a `reasons` query
 * can say which letters are unknown. Bare letters must be separated (`B & D`, `b/d`, `(b) and
 * (d)`), so the article in "1.4 (d) and a review" is not read as reason (a).
 */
export function scanReasonLetters(text: string): ReasonLetter[] {
  const out: ReasonLetter[] = [];
  for (const m of text.matchAll(SECTION)) {
    const section = m[1] === '4' ? 4 : 5;
    TOKEN.lastIndex = (m.index ?? 0) + m[0].length;
    let expectLetter = true;
    let letters = 0;
    // Letters written in parentheses (`(b) and (d)`) continue only in parentheses: after
    // `(d) and`, a bare `a` is the article of "and a review".
    let open = false;
    let lastInParens = false;
    for (let t = TOKEN.exec(text); t; t = TOKEN.exec(text)) {
      if (t[1] !== undefined) {
        open = true;
        expectLetter = true;
      } else if (t[2] !== undefined) {
        open = false;
        continue;
      } else if (t[3] !== undefined) {
        // `1.4(c), 1.4(d)`: the next section number is read by the outer loop.
        if (/^\s*1\s?[.,]\s?[45]/.test(text.slice(TOKEN.lastIndex))) break;
        expectLetter = true;
      } else if (t[4] !== undefined) {
        if (!expectLetter || (letters > 0 && lastInParens && !open)) break;
        out.push({ section, letter: t[4].toLowerCase() });
        letters++;
        lastInParens = open;
        expectLetter = false;
      } else if (letters > 0) {
        break; // `:` or `-` only before the first letter (`1.4: b`).
      }
    }
  }
  return out;
}

/**
 * Reads every reason in a `Classified By` line or a `reasons <text>` query, unique, in order,
 * e.g. `Ambassador William J. Burns, for reasons 1.4 (B & D)` → `["1.4(b)", "1.4(d)"]`.
 * Letters outside a–h are left out; {@link scanReasonLetters} reports them.
 */
export function parseReasons(text: string): string[] {
  const out: string[] = [];
  for (const r of scanReasonLetters(text)) {
    if (!/^[a-h]$/.test(r.letter)) continue;
    const code = `1.${r.section}(${r.letter})`;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}
