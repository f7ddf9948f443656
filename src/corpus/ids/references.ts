/**
 * REF lines → the IDs of the cables they cite (PARSER-NOTES §4, cablemap's
 * `parse_references`). A REF list mixes cable citations (`A. 06 TBILISI 2601`,
 * `(D)BEIJING \n5361`, `08 RIO DE JAN 0044`) with things that are not cables (e-mails, IIRs,
 * DTG messages, `PARIS POINTS`, `UNSCR 1737`); a citation is an optional year, a known
 * station (one to four words) and a serial.
 */
import { defaultIdTables, StationTable } from './tables.ts';

/** Options of {@link extractReferences}. */
export interface ExtractReferencesOptions {
  /**
   * What counts as a station. A `StationTable` brings its own aliases; a set or predicate is
   * asked about the station after the bundled alias table has been applied
   * (`SECSTATE` → asks about `STATE`). Default: the bundled station list and aliases.
   */
  stations?: StationTable | ReadonlySet<string> | ((station: string) => boolean);
  /**
   * The citing cable's own ID. A cable does not cite itself; its ID turns up in REF text only
   * from page-continuation or section header lines (`TRIPOLI 00000402 001.2 OF 003`).
   */
  selfId?: string;
}

interface Token {
  kind: 'word' | 'num' | 'punct';
  text: string;
  start: number;
  end: number;
}

/** Longest station written as separate words: `HO CHI MINH CITY`, `USMISSION USUN NEW YORK`. */
const MAX_STATION_WORDS = 4;

/** The first year of the release (PARSER-NOTES §1); the last is 2010. */
const FIRST_YEAR = 1966;
const LAST_YEAR = 2010;

/**
 * Where the list starts: `REF:`, `REFS:`, `Ref(s):`, `REFTEL:`, `REFERENCE:`, or a bare `REF`.
 * The colon forms may be glued to the word before (`PRIMEREF: A. LONDON 1939`, a subject
 * line run into the REF line in 08LONDON1991).
 */
const REF_LABEL = /REF(?:S|\(S\)|TELS?|ERENCES?)?\s*:|\bREF\b/i;

/**
 * Where the list ends: the `Classified By` line, or paragraph 1 with a marking
 * (`1. (C)`, `¶1.(SBU)`), which follows when the REF text runs on into the body.
 */
const REF_END = [/CLASSIFIED\s+BY/i, /(?:^|[\s¶])1\.\s*\((?:U|C|S|SBU|TS)(?:\s*\/\/?\s*[A-Z]+)*\s*\)/i];

/**
 * A page-break line of old telegrams inside the list: `PAGE 02 ROME 01196 01 OF 02 082030Z`.
 * Not anchored at a word start: one export glues it to an escaped newline (`\nPAGE 02`).
 */
const PAGE_LINE = /PAGE\s+\d{1,3}\s+[A-Z][A-Z .-]*?\s+\d+\s+\d+\s+OF\s+\d+(?:\s+\d{6}Z)?/g;

/**
 * A classification banner with the cable's own station and serial, starting a new section
 * or page: `S e c r e t nairobi 001938`, `CONFIDENTIAL SECTION 02 OF 03 MOSCOW 005645`.
 * Letters may be spaced out (`C O N F I D E N T I A L`).
 */
const BANNER_LINE = new RegExp(
  String.raw`(^|\n)[ \t]*(?:${spaced('SECRET')}|${spaced('CONFIDENTIAL')}|UNCLAS(?:SIFIED)?)` +
    String.raw`(?:[ \t]+SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+)?[ \t]+[A-Za-z][A-Za-z \t-]*?[ \t]+\d+[ \t]*(?=\r?\n|$)`,
  'gi',
);

function spaced(word: string): string {
  return word.split('').join('[ \\t]?');
}

const TOKEN = /[A-Za-z]+(?:-[A-Za-z]+)*|\d+|[^\sA-Za-z\d]/g;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    const start = m.index;
    const c = t.charCodeAt(0);
    const kind = c >= 48 && c <= 57 ? 'num' : /[A-Za-z]/.test(t.charAt(0)) ? 'word' : 'punct';
    tokens.push({ kind, text: t, start, end: start + t.length });
  }
  return tokens;
}

/** Two- or four-digit year before a station (`06 TBILISI`, `2007 MANAGUA`), or null. */
function yearOf(digits: string, latest: number): number | null {
  let year: number;
  if (digits.length === 2) {
    const n = Number(digits);
    year = n >= 66 ? 1900 + n : 2000 + n;
  } else if (digits.length === 4) {
    year = Number(digits);
  } else {
    return null;
  }
  return year >= FIRST_YEAR && year <= latest ? year : null;
}

type StationLookup = (token: string) => string | null;

function stationLookup(option: ExtractReferencesOptions['stations']): StationLookup {
  if (option instanceof StationTable) return (token) => option.canonicalStation(token)?.station ?? null;
  const aliases = defaultIdTables().stations;
  if (option === undefined) return (token) => aliases.canonicalStation(token)?.station ?? null;
  const accept = typeof option === 'function' ? option : (station: string): boolean => option.has(station);
  return (token) => {
    const station = aliases.canonicalStation(token)?.station ?? token.toUpperCase().replaceAll('-', '');
    return accept(station) ? station : null;
  };
}

/**
 * The canonical IDs cited by a REF line, unique, in order of appearance.
 *
 * - a reference without a year takes the citing year; a 2- or 4-digit year is used as given
 *   (`06 TBILISI 2601`, `2007 MANAGUA 2135`);
 * - serial zeros are dropped (`06 TBILISI 0619` → `06TBILISI619`);
 * - multi-word stations are joined and aliases applied (`RIO DE JAN` → `RIODEJANEIRO`,
 *   `SECSTATE` → `STATE`);
 * - a reference may wrap across lines (`(D)BEIJING \n5361`);
 * - item labels (`A.`, `(A)`, `A)`), page-break lines and non-cable references are skipped:
 *   a citation needs a known station directly followed by a number, so `PARIS POINTS JULY 15`,
 *   `SECDEF MSG DTG 301601z SEP 08`, `STATE CA-3400`, `PARA 5` and `UNSCR 1737` give nothing.
 *
 * If the text contains a REF label, reading starts after it; it stops at `Classified By` or at
 * paragraph 1. Returns nothing for year-less citations when `citingYear` is not a year.
 */
export function extractReferences(refText: string, citingYear: number, options: ExtractReferencesOptions = {}): string[] {
  const latest = Number.isInteger(citingYear) && citingYear >= FIRST_YEAR && citingYear <= LAST_YEAR ? citingYear : LAST_YEAR;
  const defaultYear = Number.isInteger(citingYear) && citingYear >= FIRST_YEAR ? citingYear : null;
  const stationOf = stationLookup(options.stations);

  let text = refText;
  const label = REF_LABEL.exec(text);
  if (label !== null) text = text.slice(label.index + label[0].length);
  for (const end of REF_END) {
    const m = end.exec(text);
    if (m !== null) text = text.slice(0, m.index);
  }
  text = text.replace(PAGE_LINE, ' ').replace(BANNER_LINE, '$1');
  const tokens = tokenize(text);

  /** Longest run of 1–4 words starting at `i` that names a station. */
  const stationAt = (i: number): { station: string; next: number } | null => {
    let best: { station: string; next: number } | null = null;
    let joined = '';
    for (let k = 0; k < MAX_STATION_WORDS; k++) {
      const t = tokens[i + k];
      // Single letters are item labels (`A.`, `(B)`), never a station or part of one.
      if (t === undefined || t.kind !== 'word' || (k === 0 && t.text.length < 2)) break;
      joined += t.text;
      const station = stationOf(joined);
      if (station !== null) best = { station, next: i + k + 1 };
    }
    return best;
  };

  const found: string[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    if (first === undefined) break;
    let year: number | null = null;
    let j = i;
    if (first.kind === 'num') {
      year = yearOf(first.text, latest);
      if (year === null) {
        i++;
        continue;
      }
      j = i + 1;
    }
    const station = stationAt(j);
    const serialToken = station === null ? undefined : tokens[station.next];
    if (station === null || serialToken === undefined || serialToken.kind !== 'num') {
      i++;
      continue;
    }
    const next = station.next + 1;
    // Page-continuation lines pad the serial to 8 digits (`TRIPOLI 00000402 001.2 OF 003`).
    if (serialToken.text.length > 7) {
      i = next;
      continue;
    }
    // A number glued to letters or to `/` `.` + digits is a DTG, a date or a paragraph
    // (`SECDEF 301601Z`, `201/2006`, `1.4`), not a serial.
    const after = tokens[next];
    const afterNext = tokens[next + 1];
    const glued = after !== undefined && after.start === serialToken.end;
    if (
      glued &&
      (after.kind === 'word' ||
        ((after.text === '/' || after.text === '.') && afterNext?.kind === 'num' && afterNext.start === after.end))
    ) {
      i++;
      continue;
    }
    const serial = serialToken.text.replace(/^0+/, '');
    const citedYear = year ?? defaultYear;
    if (serial !== '' && citedYear !== null) {
      const id = `${String(citedYear % 100).padStart(2, '0')}${station.station}${serial}`;
      if (id !== options.selfId && !seen.has(id)) {
        seen.add(id);
        found.push(id);
      }
    }
    i = next;
  }
  return found;
}
