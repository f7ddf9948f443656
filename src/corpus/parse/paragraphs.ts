/**
 * A cable body's paragraphs cut from its lines: numbered ones from their starts, each with the
 * heading above it, or blocks of an unnumbered cable; wrapped lines rejoined.
 */
import type { Paragraph } from '../types.ts';
import { leadingSpace, readMarking } from './marking.ts';
import { isRuleLine } from './lines.ts';
import { isJsSpace } from './text.ts';
import { headingText, isUpperCaseText, ruledHeading, splitTrailingHeading } from './headings.ts';
import type { Start } from './paragraph-starts.ts';

/** A section heading between rules at the end of a paragraph's text (see buildParagraphs). */
const TRAILING_HEADING = /(?:\s|(?<=[.!?"]))-{3,}\s*([^\n]{1,100}?)\s*-{3,}\s*$/;

/**
 * The numbered paragraphs, and the body text they are cut from: the lines before ¶1 as they
 * are, then each paragraph's printed number and marking followed by its joined text, with
 * the heading and rule lines between paragraphs as they are. So every paragraph's text is a
 * verbatim slice of the body (ParsedCable.body: "paragraphs are cut from it"), and the store
 * keeps it as offsets instead of a second copy of the cable.
 */
export function buildParagraphs(lines: readonly string[], starts: readonly Start[], preambleUsed: number): { paragraphs: Paragraph[]; text: string } {
  // Counted when first needed (see splitTrailingHeading), then kept.
  let upperCase: boolean | undefined;
  const upper = (): boolean => (upperCase ??= isUpperCaseText(lines));
  const out: Paragraph[] = [];
  const firstStart = starts[0]?.line ?? 0;
  const pieces: string[] = lines.slice(0, firstStart);
  // Lines before ¶1 not taken by a header field may hold ¶1's heading (`SUMMARY\n-------`).
  let heading: string | null = null;
  if (firstStart > preambleUsed) {
    heading = splitTrailingHeading(lines, preambleUsed - 1, firstStart, upper).heading;
  }
  let prevEnd = firstStart;
  for (let s = 0; s < starts.length; s++) {
    const start = starts[s];
    if (!start) continue;
    const next = starts[s + 1]?.line ?? lines.length;
    const split = s + 1 < starts.length ? splitTrailingHeading(lines, start.line, next, upper) : { bodyEnd: next, heading: null };
    const firstLine = lines[start.line] ?? '';
    const first = firstLine.slice(start.prefix);
    // The paragraph's lines with its first line cut after the number: one array, not a slice spread into another.
    const own = lines.slice(start.line, Math.max(split.bodyEnd, start.line + 1));
    own[0] = first;
    let text = joinLines(own);
    let nextHeading = split.heading;
    let cutTail = '';
    // Reflowed pages put the next section's heading at the end of the paragraph's last line:
    // "… migrant labor issues. -------- Training --------" (08ECTION01OF02MANAMA492).
    // Tried only when the text ends in a rule: the pattern, anchored at the end only, is tried from every position.
    const tail = s + 1 < starts.length && text.includes('---') && text.trimEnd().endsWith('---') ? TRAILING_HEADING.exec(text) : null;
    if (tail?.[1] && headingText(tail[1]) !== null) {
      cutTail = text.slice(tail.index).trim();
      text = text.slice(0, tail.index).trimEnd();
      nextHeading ??= headingText(tail[1]);
    }
    out.push({ number: start.number, marking: start.marking, heading, text });
    heading = nextHeading;
    // Lines between the previous paragraph and this one (headings, rules) stay as printed.
    pieces.push(...lines.slice(prevEnd, start.line));
    const prefix = firstLine.slice(0, start.prefix).trimEnd();
    pieces.push(prefix ? `${prefix} ${text}` : text);
    if (cutTail) pieces.push(cutTail);
    prevEnd = split.bodyEnd;
  }
  pieces.push(...lines.slice(prevEnd));
  return { paragraphs: out, text: pieces.join('\n') };
}

/** Cables without numbered paragraphs (press summaries, notices): one entry per block. */
export function unnumberedBlocks(lines: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let block: string[] = [];
  let heading: string | null = null;
  const flush = (): void => {
    const nonRule = block.filter((l) => !isRuleLine(l));
    if (nonRule.length === 0) {
      block = [];
      return;
    }
    // A lone line between rules is a heading whatever its case (`summary` in 08STATE43817).
    const ruledBlock = nonRule.length === 1 && block.length > 2 && isRuleLine(block[0] ?? '') && isRuleLine(block[block.length - 1] ?? '');
    const h = nonRule.length === 1 ? (headingText(nonRule[0] ?? '') ?? (ruledBlock ? ruledHeading(nonRule[0] ?? '') : null)) : null;
    if (h !== null && nonRule[0] !== undefined && h.length < 80) {
      heading = heading ? `${heading} ${h}` : h;
    } else {
      const mark = readMarking(nonRule[0]?.trimStart() ?? '');
      const first = (nonRule[0] ?? '').trimStart();
      const firstLine = mark ? first.slice(mark.length + leadingSpace(first, mark.length)) : (nonRule[0] ?? '');
      out.push({ number: null, marking: mark?.marking ?? null, heading, text: joinLines([firstLine, ...nonRule.slice(1)]) });
      heading = null;
    }
    block = [];
  };
  for (const l of lines) {
    if (l.trim() === '') flush();
    else block.push(l);
  }
  flush();
  return out;
}

// Lines that start a new line inside a paragraph: bullets and lettered or numbered sub-items.
const ITEM_LINE = /^\s*(?:--|-\s|\*\s|•|o\s{2,}|\(?[A-Za-z]\)\s|[A-Z]\.\s|\(\d{1,2}\)\s|\d{1,2}\)\s)/;

/**
 * `… wor` + `d`: a single letter b–h or j–z after a space (or alone) ends the text, given as the
 * codes of its last two characters (-1: none).
 */
function endsWithLoneLetter(last: number, beforeLast: number): boolean {
  if (!(last >= 98 && last <= 122) || last === 105) return false;
  return beforeLast === -1 || isJsSpace(beforeLast);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * True when `line` has a tab or two spaces in a row (what the join collapses). Two includes(),
 * not a charCodeAt loop (a third of joinLines' time, 5x slower on real body lines) or the
 * regex `\t| {2}` (1.5x slower than this).
 */
function hasBlankRun(line: string): boolean {
  return line.includes('\t') || line.includes('  ');
}

/**
 * Rejoins a paragraph's wrapped lines with single spaces; bullets and sub-items keep their own
 * line. A word split across lines (`c / ould` in the seed's ¶7) or hyphenated at a line end is
 * joined without a space.
 */
export function joinLines(lines: readonly string[]): string {
  const out: string[] = [];
  let current = '';
  // The codes of the last two characters of `current` (-1: none), which the joins below look at:
  // `current` grows by concatenation, and reading its end would flatten (copy) the whole
  // paragraph at every line. Codes rather than a two-character string: no string per line.
  let last = -1;
  let beforeLast = -1;
  let blankBefore = false;
  for (const raw of lines) {
    if (isRuleLine(raw)) continue;
    const line = (hasBlankRun(raw) ? raw.replace(/[ \t]+/g, ' ') : raw).trim();
    if (!line) {
      blankBefore = current !== '';
      continue;
    }
    let spaced = false;
    if (current === '') {
      current = line;
      last = -1; // a new `current`: nothing before `line` (the update below sets beforeLast from this)
    } else if (ITEM_LINE.test(raw) || blankBefore) {
      out.push(current);
      current = line;
      last = -1;
    } else if (last === 45 && isAsciiLetter(beforeLast) && isAsciiLetter(line.charCodeAt(0))) {
      // A compound broken after its hyphen: `off- / center`, `SPANISH- / LIBYAN` (all caps too).
      current += line;
    } else if (endsWithLoneLetter(last, beforeLast) && /^[a-z]{2,}/.test(line)) {
      current += line;
    } else {
      current += ` ${line}`;
      spaced = true;
    }
    // `current` now ends with `line`, after a space when `spaced`.
    if (line.length >= 2) {
      beforeLast = line.charCodeAt(line.length - 2);
      last = line.charCodeAt(line.length - 1);
    } else {
      beforeLast = spaced ? 32 : last;
      last = line.charCodeAt(0);
    }
    blankBefore = false;
  }
  if (current) out.push(current);
  return out.join('\n');
}
