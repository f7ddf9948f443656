/**
 * Where numbered paragraphs start in a cable body's lines (PARSER-NOTES §6): `12.`, the misprint
 * `12, (S)`, `1.(C)`, numbers glued to a heading before them or inline in running text, and the
 * numbers at a line start that are no paragraph (years, a number ending a wrapped sentence).
 */
import { readMarking, leadingSpace } from './marking.ts';
import { isRuleLine } from './lines.ts';

/**
 * How a paragraph number was written. The viewer anchored only `spaced` (`N.` then a blank);
 * `unspaced` is `1.(C)`, `comma` the misprint `12, (S)`, `inline` a number glued into running
 * text with no line break before it (09MOSCOW1530).
 */
export type StartForm = 'spaced' | 'unspaced' | 'comma' | 'inline';

export interface Start {
  line: number;
  number: number;
  /** Characters of the line taken by the number and the marking. */
  prefix: number;
  marking: string | null;
  form: StartForm;
}

/**
 * `12.` and the misprinted `12,` (only before a marking), `1.(C)`, `¶3.` in text copies that
 * kept the viewer's mark. One to three digits: four-digit "numbers" at line start are years
 * (`2004.`), which the viewer anchored but are no paragraphs. `1.5 million` is not a start.
 */
const START = /^\s*(?:¶\s*)?(\d{1,3})(?:\s?\.(?![0-9])|,(?=\s*\(?[A-Z]{1,3}[)/]))[ \t]*/;

/**
 * A paragraph glued to the heading before it on one line (`SUMMARY ------- 1. (SBU) Land
 * invasions …` in 06SAOPAULO332; the viewer left ¶1 unanchored on 293 pages for this): the line
 * is split in place before the number. Returns the indices of the lines that now start a paragraph.
 */
export function splitGluedHeadings(lines: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('---')) continue;
    const m = /^(.*?-{3,})[ \t]+(?=\d{1,3}\.\s*(?:\(|[A-Z]))/.exec(line);
    if (!m?.[1] || !m[1].trim()) continue;
    const rest = line.slice(m[0].length);
    if (!START.test(rest)) continue;
    lines.splice(i, 1, m[1], rest);
    out.add(i + 1);
    i++;
  }
  return out;
}

/**
 * The lines that start a numbered paragraph, with the number, its marking and how it was written.
 * `glued` holds lines split off a heading or inline: a number there is never read as the end of a wrapped sentence.
 */
export function findParagraphStarts(lines: readonly string[], glued: ReadonlySet<number> | null): Start[] {
  const starts: Start[] = [];
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = START.exec(line);
    if (!m) continue;
    const number = Number(m[1]);
    if (number === 0) continue;
    const after = line.slice(m[0].length);
    const marking = readMarking(after);
    if (!marking && after.trim() === '' && number > last + 1) continue;
    const form: StartForm = /^\s*(?:¶\s*)?\d+,/.test(line) ? 'comma' : /^\s*(?:¶\s*)?\d+\s?\.\s/.test(line) ? 'spaced' : 'unspaced';
    if (!marking && !glued?.has(i) && continuesPreviousLine(lines, i)) {
      // "… please see para / 3." and "… March / 16.  Hannigan took note": a number that ends a
      // wrapped line's sentence, not a paragraph — unless it is the next number and text follows.
      // With a comma it is never one ("… briefed the ambassador on October / 6, U/S McCormack
      // phoned"): a date or a count running on. The misprint `12, (S)` has its marking.
      if (form === 'comma' || number !== last + 1 || after.trim() === '' || /^[a-z]/.test(after)) continue;
    }
    // The signer's surname glued to a number on the cable's last line ("… the dissemination
    // request posed in paragraph / 3. Koenig" in 08BERLIN1068, `2.Bradtke`) is no paragraph.
    if (!marking && starts.length > 0 && SIGNATURE.test(after) && restIsBlank(lines, i + 1)) continue;
    starts.push({
      line: i,
      number,
      prefix: m[0].length + (marking ? marking.length + leadingSpace(after, marking.length) : 0),
      marking: marking?.marking ?? null,
      form,
    });
    last = number;
  }
  return starts;
}

/** A surname alone (`Koenig`, `BRADTKE`, `O'Neill`, `Smith-Jones`): no period, nothing after it. */
const SIGNATURE = /^[A-Z][A-Za-z'’-]{1,30}\s*$/;

function restIsBlank(lines: readonly string[], from: number): boolean {
  for (let k = from; k < lines.length; k++) if ((lines[k] ?? '').trim() !== '') return false;
  return true;
}

/**
 * A line that starts with a number but continues the sentence above it — the viewer anchored
 * these too (04BOGOTA11339: "… Restrepo on October / 26.  In the context …" between ¶4 and ¶5).
 */
function continuesPreviousLine(lines: readonly string[], i: number): boolean {
  const prev = lines[i - 1];
  if (prev === undefined || prev.trim() === '' || isRuleLine(prev)) return false;
  return /[A-Za-z0-9,\-–]$/.test(prev.trim());
}

// A marked number inside a line, after a sentence end: `… end of that sentence.  3. (C) Next …`.
const INLINE_START = /(?<=[.!?"')\]]\s{1,6}|-{2,}\s{0,6})(\d{1,3})\.\s*(?=\()/g;
const NUMBER_THEN_PAREN = /\d\.\s*\(/g;

/**
 * Numbers glued into running text with no line break before them (09MOSCOW1530 has no line
 * start at all; 06BUENOSAIRES118 mixes both). A marked number inside a line starts a paragraph
 * when it is the next in sequence after the last paragraph found before it; the line is then
 * split there. `lineStarts` are the starts found in `lines`, in line order (as findParagraphStarts
 * gives them). Returns the new lines and the indices of the lines the splits begin.
 */
export function splitInlineStarts(lines: readonly string[], lineStarts: readonly Start[]): { lines: string[]; inline: Set<number> } {
  const out: string[] = [];
  const inline = new Set<number>();
  // lineStarts come in line order: one index walks along them (no Map of every start).
  let nextStart = 0;
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const st = lineStarts[nextStart]?.line === i ? lineStarts[nextStart++] : undefined;
    if (st) last = st.number;
    // A number with its marking after the paragraph's own (the first line of every paragraph has
    // one before): without one, INLINE_START, which tries every position, cannot match either.
    NUMBER_THEN_PAREN.lastIndex = st ? st.prefix : 0;
    if (!line.includes('(') || !NUMBER_THEN_PAREN.test(line)) {
      out.push(line);
      continue;
    }
    let from = 0;
    INLINE_START.lastIndex = st ? st.prefix : 0;
    for (let m = INLINE_START.exec(line); m; m = INLINE_START.exec(line)) {
      const n = Number(m[1]);
      const next = n === last + 1 || (last === 0 && n === 2);
      if (!next || !readMarking(line.slice(m.index + m[0].length))) continue;
      out.push(line.slice(from, m.index).trimEnd());
      inline.add(out.length);
      from = m.index;
      last = n;
    }
    out.push(from === 0 ? line : line.slice(from));
  }
  return { lines: out, inline };
}
