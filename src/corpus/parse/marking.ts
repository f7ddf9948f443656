/**
 * Portion markings at the start of a paragraph: `(C)`, `(SBU)`, `(S/NF)`, `(S//FGI//NF)`,
 * `(C//REL TO USA, KEN, GBR//)`, lower case `(c)`, `(C )`, `(C NF)`, `(S/Noforn)`, the
 * malformed `C)` and `SBU/N)` with no opening parenthesis. `(Afghanistan)` and `(U.S.)` are
 * text, not markings: a marking starts with a classification token followed by a separator or
 * the closing parenthesis.
 */

const LEVEL = '(?:TS|S|C|U|SBU|LOU|SE|FOUO|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)';
// After the level: `/NF`, `//NF`, ` NF`, `-NF`, `//REL TO USA, KEN, GBR//`, `/Noforn`.
const CAVEATS = '(?:\\s*(?:/{1,2}|-|\\s)\\s*[A-Z][A-Z0-9 ,./-]{0,60}?)?';

const WITH_PARENS = new RegExp(`^\\(\\s*(${LEVEL}${CAVEATS})\\s*/{0,2}\\s*\\)`, 'i');
// The open parenthesis lost (`1. C) …`, `2. SBU/N) …` in cablemap's fixtures). Upper case only:
// "so) the" must not read as a marking.
const WITHOUT_OPEN = new RegExp(`^(${LEVEL}(?:/{1,2}[A-Z]{1,6})?)\\)`);

export interface MarkingMatch {
  /** Normalised marking: upper case, single spaces, no surrounding slashes: `S/NF`, `C//REL TO USA, KEN, GBR`. */
  marking: string;
  /** Characters of the input the marking took, including parentheses. */
  length: number;
}

/** Reads a portion marking at the very start of `text`, or null. */
export function readMarking(text: string): MarkingMatch | null {
  const m = WITH_PARENS.exec(text) ?? WITHOUT_OPEN.exec(text);
  if (!m || m[1] === undefined) return null;
  // Most markings are letters only (`C`, `SBU`): nothing for the replaces below to do.
  if (/^[A-Za-z]+$/.test(m[1])) return { marking: m[1].toUpperCase(), length: m[0].length };
  const marking = m[1]
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*(\/+)\s*/g, '$1')
    .replace(/^\/+|\/+$/g, '')
    .trim();
  return { marking, length: m[0].length };
}

/** The blanks after a marking, with a colon some writers put there (`(C): PolOff delivered …`). */
export function leadingSpace(after: string, from: number): number {
  return /^[ \t]*(?::[ \t]*)?/.exec(after.slice(from))?.[0].length ?? 0;
}
