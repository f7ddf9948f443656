/**
 * Headings between paragraphs (`The Russian Initiative`, `SUMMARY` under a rule, `--- Training ---`):
 * which lines are a heading, and where a paragraph's own lines end and the next one's heading begins.
 */
import { isRuleLine } from './lines.ts';
import { squash } from './text.ts';

const SMALL_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'nor', 'but', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'as', 'into',
  'over', 'vs', 'vs.', 'via', 'de', 'del', 'la', 'el', 'du', 'des', 'y', 'e', 'et', 'al', 'al-', 'bin', 'van', 'von',
  'after', 'before', 'under', 'upon', 'up', 'out', 'off', 'amid', 'about', 'than', 'is', 'are', 'not', 'its', 'his', 'her',
]);
// A line that ends like this leaves its sentence open, so what follows is no heading.
const OPEN_END = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'as', 'end']);

/**
 * `--- The Russian Initiative ---` → `The Russian Initiative`: rules (2+ of `-`, `=`, `_`) and
 * spaces cut from both ends. Written as a scan, not a regex: `(?:\s*[-=_]{2,})+\s*$` backtracks
 * exponentially on long lines of dashes and spaces (02ANKARA8305 took two minutes).
 */
function stripRuleEnds(line: string): string {
  const isRuleChar = (ch: string): boolean => ch === '-' || ch === '=' || ch === '_';
  const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t';
  const hasRun = (s: string): boolean => /[-=_]{2}/.test(s);
  let start = 0;
  while (start < line.length && (isRuleChar(line.charAt(start)) || isSpace(line.charAt(start)))) start++;
  let end = line.length;
  while (end > start && (isRuleChar(line.charAt(end - 1)) || isSpace(line.charAt(end - 1)))) end--;
  // A single dash or underscore at either end (`- item`, `word -`) is text, not a rule.
  const head = hasRun(line.slice(0, start)) ? start : 0;
  const tail = hasRun(line.slice(end)) ? end : line.length;
  return line.slice(head, tail).trim();
}

/** `The Russian Initiative`, `Iran's Right to Undertake R&D`, `PUTIN, MEDVEDEV AND SERGEY IVANOV`. */
export function headingText(line: string): string | null {
  const t = stripRuleEnds(line);
  if (!t || t.length > 100) return null;
  // First the test most lines fail (most lines asked about end a paragraph's sentence): every
  // test before `titled` only says no, so their order does not change the answer.
  const end = t.charCodeAt(t.length - 1);
  if ((end === 46 || end === 44 || end === 59) && !/^(?:summary|comment|background)[.:]?$/i.test(t)) return null;
  if (/^(?:--|-\s|\*|•|\(?[a-z0-9]{1,2}[.)]\s)/i.test(t)) return null;
  if (/^END\b/i.test(t) || /^(?:SIPDIS|NOFORN|SENSITIVE|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)$/i.test(t)) return null;
  // The tail of a sentence, not a heading: a source note (`AmCits in Belfast. (Belfast 0137)`)
  // or the wrapped end of one (`Spot Report)`, `End Note.)`). A `)` inside a line is often the
  // viewer's rendering of a dash (`FRANCE ) U.S. RELATIONS`), so only a closing one counts.
  if (/[a-z]{2}\.\s+\(/.test(t) || (/(?<!\))\)$/.test(t) && !t.includes('('))) return null;
  const words = t.split(/\s+/).filter((w) => /[A-Za-z]/.test(w));
  if (words.length === 0) return null;
  const titled = words.every((w, i) => {
    const core = w.replace(/^[^A-Za-z0-9]+/, '');
    if (/^[A-Z0-9]/.test(core)) return true;
    return i > 0 && SMALL_WORDS.has(core.toLowerCase().replace(/[^a-z.-]/g, ''));
  });
  return titled ? t : null;
}

/** The text of a line set between two rule lines, if it is short enough to be a heading. */
export function ruledHeading(line: string): string | null {
  const t = stripRuleEnds(line);
  return t && t.length <= 100 ? t : null;
}

export function isUpperCaseText(lines: readonly string[]): boolean {
  let upper = 0;
  let lower = 0;
  // A sample is enough to tell an all-caps telegram from a mixed-case one.
  for (let i = 0; i < lines.length && upper + lower < 4000; i++) {
    const l = lines[i] ?? '';
    for (let k = 0; k < l.length; k++) {
      const c = l.charCodeAt(k);
      if (c >= 97 && c <= 122) lower++;
      else if (c >= 65 && c <= 90) upper++;
    }
  }
  return lower < upper * 0.1;
}

/**
 * Splits the lines between one paragraph start and the next into the paragraph's own lines
 * and the heading of the next paragraph (the trailing heading-like lines: underlined, set off
 * by a blank line, or a title-case line in mixed-case text, as in the seed's "The Russian Initiative").
 * `upperCaseCable` is asked only when the case of the cable decides, which few splits reach:
 * counting the letters for every cable was 5% of parsing.
 */
export function splitTrailingHeading(
  lines: readonly string[],
  from: number,
  to: number,
  upperCaseCable: () => boolean,
): { bodyEnd: number; heading: string | null } {
  let k = to;
  while (k > from && lines[k - 1]?.trim() === '') k--;
  const headingLines: string[] = [];
  let ruled = false;
  let first = k;
  while (k > from + 1 || (k > from && from === -1)) {
    const line = lines[k - 1] ?? '';
    if (line.trim() === '') break;
    if (isRuleLine(line)) {
      ruled = true;
      k--;
      first = k;
      continue;
    }
    // A heading may wrap: `QUICK CABINET FORMATION NEEDED, / WITH FIVE SEATS TO AMAL-HIZBALLAH`.
    const wraps = headingLines.length > 0 && /,\s*$/.test(line);
    let plain = headingText(wraps ? line.replace(/,\s*$/, '') : line);
    // A line between two rules is a heading whatever its case or numbering (`summary`, `I. Summary`).
    if (plain === null && ruled && headingLines.length === 0 && isRuleLine(lines[k - 2] ?? '')) plain = ruledHeading(line);
    const h = plain !== null && wraps ? `${plain},` : plain;
    if (h === null || headingLines.length >= 3) break;
    if (/[-=_]{3,}/.test(line)) ruled = true;
    headingLines.unshift(h);
    k--;
    first = k;
  }
  if (headingLines.length === 0) return { bodyEnd: to, heading: null };
  const before = lines[first - 1];
  const setOff = before === undefined || before.trim() === '' || isRuleLine(before) || first <= from + 0;
  let accept = ruled || setOff;
  if (!accept && before !== undefined && !upperCaseCable()) {
    const lastWord = before.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
    const titleCase = headingLines.every((h) => h !== h.toUpperCase() || h.length <= 40);
    // A source note in parentheses under a paragraph (`(SIMAS Event: Taipei-00194-2008)`) is no heading.
    const note = headingLines.some((h) => /^\(.*\)$/.test(h));
    accept = titleCase && !note && !OPEN_END.has(lastWord) && !/-$/.test(before.trim());
  }
  if (!accept) return { bodyEnd: to, heading: null };
  return { bodyEnd: first, heading: squash(headingLines.join(' ')) };
}
