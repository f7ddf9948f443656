/**
 * Line-level cleaning of a cable body: page-break and section lines, the classification lines
 * printed around them in old "PTQ" telegrams, stray SIPDIS captions. Kept apart from paragraph
 * detection so each rule is tested on its own against PARSER-NOTES §6–§7.
 */
import { isJsSpace } from './text.ts';

/** What is known about the cable whose body is being cleaned. */
export interface BreakContext {
  /** Serial of the cable's ID (`754` of `06MOSCOW754`), to recognise its own page-break lines. */
  serial: string | null;
  /** Station letters of the ID (`MOSCOW`); page breaks print at most 10 of them (`BUENOS AIR`). */
  station: string | null;
}

// Modern page break: `MOSCOW 00000754  002 OF 003`, `TEGUCIGALP 00000526 001.2 OF 007`, the
// cablemap fixture `BLA 0000001 003.2 OF 39`: a serial zero-padded to 7–8 digits.
const PADDED_SERIAL = String.raw`0\d{6,7}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{2,3}\b`;
// Old PTQ telegrams: `PAGE 02 HARARE 05461 01 OF 02 271458Z`, `PAGE 02 VATICA 01261 061419Z`,
// `PAGE 02        CAPE T  00097  01 OF 03  182017Z`. Text may follow on the same line.
const PTQ_PAGE = String.raw`PAGE\s+\d{2,3}\s+[A-Z][A-Z .'-]{0,20}?\s+\d{3,6}\s+(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z`;
const PTQ_PAGE_AT_START = new RegExp(String.raw`^\s*${PTQ_PAGE}\s*`);
const PTQ_PAGE_INLINE = new RegExp(String.raw`(?<=\s)${PTQ_PAGE}\s*`, 'g');
// The classification printed at the foot and head of every PTQ page, alone on its line or at
// the end of the last line before the next `PAGE nn`.
const CLASS_WORD = '(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|UNCLAS)';
const CLASS_LINE = new RegExp(`^\\s*${CLASS_WORD}\\s*$`);
const CLASS_AT_END = new RegExp(`\\s{2,}${CLASS_WORD}\\s*$`);

const SIPDIS_LINE = /^\s*SIPDIS\s*$/i;
const TERMINAL = /[.:;!?"')\]]$/;

/**
 * Removes page-break text wherever it sits: whole lines (with the classification lines and
 * blank lines around them, so a sentence cut by a page joins up again) and mid-line breaks of
 * reflowed pages (`offers MOSCOW 00003335 002 OF 004 Medvedev an opportunity`). Only the
 * words spelling the cable's own station go with a break: `The BRASILIA 00001302 003 OF 003`
 * keeps "The".
 */
export function removePageBreaks(text: string, ctx: BreakContext): string {
  const station = ctx.station?.toUpperCase() ?? null;
  const serial = ctx.serial;
  let joined = removeBreakLines(text, serial);
  // Inline breaks. Each pass is skipped unless its literal part occurs: most bodies have none.
  if (joined.includes('PAGE ')) joined = joined.replace(PTQ_PAGE_INLINE, '');
  if (hasPageMark(joined)) {
    joined = replaceBreaks(joined, PADDED_INLINE, (words) => keepNonStationWords(words, station) ?? '');
    if (serial !== null) {
      joined = replaceBreaks(joined, ANY_SERIAL_INLINE, (words) => (words.trim() ? keepNonStationWords(words, station, false) : null), serial);
    }
  }
  return joined;
}

/**
 * The whole-line part of {@link removePageBreaks}: each break line goes, with the blank and
 * classification lines around it. Works on positions in the text and copies the runs of lines
 * between breaks whole: splitting every body into lines and joining them again was most of
 * this function's time (363 → ~60 ms per 20,000 bodies), and most lines are no break.
 * `out` holds those runs and the lines written around breaks, each a line or several joined by
 * newlines; joined by newlines they are the result.
 */
function removeBreakLines(text: string, serial: string | null): string {
  const out: string[] = [];
  const found = new BreakFinder(text, serial);
  // Start of the first line not yet copied or dropped; past the end when none is left.
  let from = 0;
  for (let br = found.next(from); br !== null; br = found.next(from)) {
    if (br.start > from) out.push(text.slice(from, br.start - 1));
    // Drop the classification lines and blanks printed before the break.
    let droppedClass = false;
    for (let last = lastLine(out); last !== undefined && (isBlank(last) || CLASS_LINE.test(last)); last = lastLine(out)) {
      if (CLASS_LINE.test(last)) droppedClass = true;
      popLine(out);
    }
    const before = lastLine(out);
    if (before !== undefined) {
      const cut = before.replace(CLASS_AT_END, '');
      if (cut !== before) {
        popLine(out);
        out.push(cut);
      }
    }
    // …and after it (PTQ repeats the classification at the head of the next page).
    let next = br.end + 1;
    while (next <= text.length) {
      const nl = text.indexOf('\n', next);
      const line = text.slice(next, nl < 0 ? text.length : nl);
      if (!isBlank(line) && !CLASS_LINE.test(line)) break;
      next = nl < 0 ? text.length + 1 : nl + 1;
    }
    const lineBefore = br.start > 0 ? text.slice(text.lastIndexOf('\n', br.start - 2) + 1, br.start - 1) : undefined;
    const blanksAround = droppedClass || next > br.end + 1 || isBlank(lineBefore);
    const prev = lastLine(out);
    // A break between two paragraphs keeps one blank line; a break mid-sentence joins the halves.
    if (blanksAround && prev !== undefined && TERMINAL.test(prev.trimEnd())) out.push('');
    if (br.ptq) {
      const rest = text.slice(br.start, br.end).replace(PTQ_PAGE_AT_START, '');
      if (rest.trim()) out.push(rest);
    }
    from = next;
  }
  if (from === 0) return text;
  if (from <= text.length) out.push(text.slice(from));
  return out.join('\n');
}

/** The last line of `out` (see removeBreakLines), or undefined when it is empty. */
function lastLine(out: readonly string[]): string | undefined {
  const last = out[out.length - 1];
  return last === undefined ? undefined : last.slice(last.lastIndexOf('\n') + 1);
}

/** Removes the last line of `out`. */
function popLine(out: string[]): void {
  const last = out.pop();
  const nl = last === undefined ? -1 : last.lastIndexOf('\n');
  if (last !== undefined && nl >= 0) out.push(last.slice(0, nl));
}

/**
 * Finds the break lines of a text in order: a whole page-break line or one that starts with a
 * PTQ page header (`ptq`). Every such line holds `PAGE` or ` OF ` (see isWholeBreakLine), so
 * only the lines with those words are looked at.
 */
class BreakFinder {
  private page = -1;
  private of = -1;

  constructor(
    private readonly text: string,
    private readonly serial: string | null,
  ) {}

  /** The first break line starting at or after `from` (a line start), as its bounds (`end` at its newline or the text's end). */
  next(from: number): { start: number; end: number; ptq: boolean } | null {
    const { text } = this;
    for (let at = from; at <= text.length; ) {
      if (this.page !== -2 && this.page < at) this.page = text.indexOf('PAGE', at);
      if (this.of !== -2 && this.of < at) this.of = text.indexOf('OF', at);
      // -2: no more occurrences.
      if (this.page === -1) this.page = -2;
      if (this.of === -1) this.of = -2;
      const hit = this.page < 0 ? this.of : this.of < 0 ? this.page : Math.min(this.page, this.of);
      if (hit < 0) return null;
      const start = text.lastIndexOf('\n', hit) + 1;
      const nl = text.indexOf('\n', hit);
      const end = nl < 0 ? text.length : nl;
      const line = text.slice(start, end);
      const whole = isWholeBreakLine(line, this.serial);
      if (whole || (line.includes('PAGE') && PTQ_PAGE_AT_START.test(line))) return { start, end, ptq: !whole };
      at = end + 1;
    }
    return null;
  }
}

// The serial part of an inline break; the station words before it are found by hand (a regex
// with the optional words in front was the slowest part of body parsing).
const PADDED_INLINE = new RegExp(String.raw`(?<![0-9])${PADDED_SERIAL}[ \t]*`, 'g');
const STATION_WORDS_BEFORE = /(?:^|\s)((?:[A-Z][A-Z.'-]*\s+){1,3})$/;

/**
 * Replaces each match of `serial` (a global regex on the serial and "nnn OF nnn") together with
 * the upper-case words just before it, through `keep`, which returns the words to keep or null
 * to leave the match alone. With `own`, only a serial that is the cable's own counts (the
 * regex's first group holds the serial's digits).
 */
function replaceBreaks(text: string, serial: RegExp, keep: (words: string) => string | null, own?: string): string {
  let out = '';
  let last = 0;
  serial.lastIndex = 0;
  for (let m = serial.exec(text); m; m = serial.exec(text)) {
    const start = m.index;
    if (start > 0 && !/\s/.test(text.charAt(start - 1))) continue;
    if (own !== undefined && !isOwnSerial(m[1] ?? '', own)) continue;
    const before = text.slice(Math.max(last, start - 60), start);
    const w = STATION_WORDS_BEFORE.exec(before);
    const words = w?.[1] ?? '';
    const kept = keep(words);
    if (kept === null) continue;
    out += text.slice(last, start - words.length) + kept;
    last = start + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * A page break with the cable's own serial, unpadded or short-padded (`MOSCOW 754 002 OF 003`):
 * any serial here, its digits in group 1, compared with the cable's by {@link isOwnSerial}. One
 * pattern for every cable, not one built per cable: compiling a new RegExp for each of 251,287
 * cables cost more than running it.
 */
const ANY_SERIAL = String.raw`(\d+)\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\b`;
const ANY_SERIAL_INLINE = new RegExp(ANY_SERIAL, 'g');
const WHOLE_OWN = new RegExp(String.raw`^(?:[A-Z][A-Z.'-]*\s+){1,3}${ANY_SERIAL}$`);

/** `digits` is the serial `serial` printed with any number of leading zeros (`0*754`). */
function isOwnSerial(digits: string, serial: string): boolean {
  if (!digits.endsWith(serial)) return false;
  for (let i = 0; i < digits.length - serial.length; i++) if (digits.charCodeAt(i) !== 48) return false;
  return true;
}

const WHOLE_PADDED = new RegExp(String.raw`^(?:[A-Z][A-Z.'-]*\s+){0,3}${PADDED_SERIAL}$`);
const WHOLE_PTQ = new RegExp(String.raw`^${PTQ_PAGE}$`);

function isWholeBreakLine(line: string, serial: string | null): boolean {
  // Every break line has " OF " (modern, own serial) or starts with PAGE (PTQ); most lines have
  // neither, so the patterns run on few lines.
  if (!line.includes('PAGE') && !hasPageMark(line)) return false;
  const t = line.trim();
  if (!t) return false;
  // …and ends in a digit (`002 OF 003`) or a `Z` (PTQ's `271458Z`): capitals text has " OF " often.
  const last = t.charCodeAt(t.length - 1);
  if ((last < 48 || last > 57) && last !== 90) return false;
  if (WHOLE_PADDED.test(t) || WHOLE_PTQ.test(t)) return true;
  if (serial === null) return false;
  const own = WHOLE_OWN.exec(t);
  return own !== null && isOwnSerial(own[1] ?? '', serial);
}

/**
 * `text.includes(' OF ')`, found from each `OF`: includes() scans for every space first, and in
 * a 7 KB body that took 15 µs (spaces are a sixth of the text); this takes well under one.
 */
function hasPageMark(text: string): boolean {
  for (let at = text.indexOf('OF', 1); at >= 0; at = text.indexOf('OF', at + 1)) {
    if (text.charCodeAt(at - 1) === 32 && text.charCodeAt(at + 2) === 32) return true;
  }
  return false;
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && line.trim() === '';
}

/**
 * Of the upper-case words before a page-break serial, drops the trailing ones whose letters
 * form a prefix of the cable's station (a break prints at most 10 letters: `BUENOS AIR`).
 * Without a known station the last word goes. With `fallback` false, returns null when no word
 * matches the station, so an unpadded number is not mistaken for a break.
 */
function keepNonStationWords(words: string, station: string | null, fallback = true): string | null {
  const parts = words.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return fallback ? '' : null;
  let cut = parts.length;
  if (station) {
    // The longest run of trailing words that spells the start of the station.
    for (let k = 0; k < parts.length; k++) {
      const letters = parts.slice(k).join('').replace(/[^A-Z]/g, '');
      if (letters && station.startsWith(letters)) {
        cut = k;
        break;
      }
    }
  }
  if (cut === parts.length) {
    if (!fallback) return null;
    cut = parts.length - 1;
  }
  const kept = parts.slice(0, cut).join(' ');
  return kept ? `${kept} ` : '';
}

/** True for a line that is only a SIPDIS caption (cablemap drops them). */
export function isSipdisLine(line: string): boolean {
  return line.length < 20 && SIPDIS_LINE.test(line);
}

/** True for a rule line: `-------`, `=====`, `_____`. */
export function isRuleLine(line: string): boolean {
  // The first non-blank character, read in place: trimStart() copied every line it was asked about.
  let at = 0;
  while (at < line.length && isJsSpace(line.charCodeAt(at))) at++;
  const first = line.charAt(at);
  if (first !== '-' && first !== '=' && first !== '_' && first !== '*') return false;
  return /^\s*(?:-{3,}|={3,}|_{3,}|\*{3,})(?:\s+-{3,})*\s*$/.test(line);
}

// A section's opening line (`C O N F I D E N T I A L SECTION 02 OF 02 ROME 001196`).
const SECTION_OPENING = /^\s*(?:S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|UNCLAS\w*|LIMITED OFFICIAL USE)\b.*\bSECTION\s+0?(\d{1,2})\s+OF\s+\d+/i;
const PTQ_BLOCK_START = /\bPTQ\d{3,}\b|^\s*PAGE\s+01\s/;
// Without a PTQ line, the repeated block starts at its date-time group (`R 171512Z JAN 90`).
const DTG_LINE = /^\s*[OPRZ]{1,2}\s+\d{6}Z\s+[A-Z]{3}\s+\d{2}\s*$/;
// A redacted address line (`XXXXXXXXXXXX` for `NSC FOR …`) is repeated like the others.
const REPEATED_FIELD = /^\s*(?:SIPDIS|X{6,}|C O R R E C T E D C O P Y.*|E\.?\s?O\.?\s*1\d{4}.*|TAGS?:?\s.*|SUBJ(?:ECT)?:?\s.*|[A-Z/ ,]+\bFOR\b.*)\s*$/i;

function isFirstSection(line: string): boolean {
  const m = SECTION_OPENING.exec(line);
  return m !== null && Number(m[1]) < 2;
}

/**
 * Old multi-section "PTQ" telegrams repeat the whole header inside the body where a section
 * starts (PARSER-NOTES §6): `CONFIDENTIAL PTQ7827`, `PAGE 01 …`, ACTION/INFO lists, the DTG,
 * FM/TO/INFO, then the section's opening line and E.O./TAGS again. Removes such blocks.
 */
export function removeRepeatedSectionHeaders(lines: readonly string[]): string[] {
  const out = [...lines];
  for (let i = 1; i < out.length; i++) {
    const section = SECTION_OPENING.exec(out[i] ?? '');
    if (!section) continue;
    // `SECTION 01` is a repeat only after an earlier `SECTION 01` line (the whole cable printed
    // twice, or a cut-off preview before the text). Otherwise it is the body's own opening line
    // (after a dump the body starts with blank lines), and its E.O./TAGS/SUBJECT lines stay.
    if (Number(section[1]) < 2 && !out.slice(0, i).some((l) => isFirstSection(l))) continue;
    let from = i;
    // The PTQ block's INFO list can run to 20 lines (02ROME3639).
    for (const [start, reach] of [[PTQ_BLOCK_START, 30], [DTG_LINE, 15]] as const) {
      for (let k = i - 1; k >= Math.max(0, i - reach); k--) {
        if (start.test(out[k] ?? '')) {
          from = k;
          break;
        }
      }
      if (from < i) break;
    }
    // The classification printed at the foot of the page before the block goes with it
    // (`… WITH BOTH MAJOR / CONFIDENTIAL / CONFIDENTIAL PTQ2532` in 00HARARE5461).
    for (let k = from - 1; k > 0 && (isBlank(out[k]) || CLASS_LINE.test(out[k] ?? '')); k--) {
      if (CLASS_LINE.test(out[k] ?? '')) from = k;
    }
    let to = i + 1;
    let subject = false;
    for (let k = i + 1; k < Math.min(out.length, i + 8); k++) {
      const line = out[k] ?? '';
      // A repeated SUBJECT wraps like the first (`SUBJECT: BOSSI ON … IMMIGRATION / AND THE EU`).
      const wrapped: boolean = subject && line.trim() !== '' && line.length <= 80 && !/^\s*(?:¶|\d|\(|-{2,})/.test(line);
      if (wrapped || REPEATED_FIELD.test(line)) {
        to = k + 1;
        subject = wrapped || /^\s*SUBJ/i.test(line);
      } else if (line.trim() !== '') break;
      else subject = false;
    }
    out.splice(from, to - from);
    i = from;
  }
  return out;
}
