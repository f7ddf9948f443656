/**
 * Raw database records dumped at the top of a body (PARSER-NOTES §7): about 150 pages carry
 * the record they were exported from before the real text, in three shapes:
 *
 * - labelled: `id: 55772\ndate: 3/8/2006 16:00\nrefid: …\norigin: …\nclassification: …\n
 *   destination: …\nheader:\nVZCZC…` then `----------------- header ends ----------------`;
 * - one value a line, no labels: `55988\n2006-03-09 22:28:00\n06MEXICO1311\nEmbassy Mexico\n…`;
 * - tab-separated, MySQL-escaped (every line ends in a backslash):
 *   `22350\t2004-11-02 18:31:00\t04BOGOTA11339\tEmbassy Bogota\tCONFIDENTIAL\t…\t<header>\t<body>`.
 *
 * Some pages (05QUITO1978) even print a cut-off preview of the body before the dump. The body
 * proper is what follows the dump; the dump's values are kept because they are the record's
 * own metadata (a text copy may have nothing else).
 */
import { isSpaceOrTab } from './text.ts';

export interface DumpRecord {
  serial: string | null;
  date: string | null;
  id: string | null;
  origin: string | null;
  classification: string | null;
  /** The record's references (`destination:` in the labelled form), `|`-joined IDs. */
  references: string | null;
  header: string | null;
}

export interface Undumped {
  body: string;
  dump: DumpRecord | null;
}

const HEADER_ENDS = /^-{5,}\s*header ends\s*-{5,}\s*$/im;
const DATE = String.raw`(?:\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)`;
const TAB_DUMP = new RegExp(String.raw`^\s*(?:(\d+)\t)?(${DATE})\t(?:(?:\d+\t)?${DATE}\t)?([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t`);
const COMMA_DUMP = new RegExp(
  // The dump is wrapped like the page, so a line break may fall after any comma or inside a value
  // (05THEHAGUE1434 `"Embassy The\nHague"`, 05THEHAGUE2585 `05THEHAGUE24\n36`).
  String.raw`(?:^|\n)[ \t]*(\d{1,7}),\n?(${DATE}),\n?(\d\d[0-9A-Z]{2,60}),\n?"([^"]{0,80})",\n?([A-Z][A-Z/ ]{2,60}(?:\n[A-Z][A-Z/ ]{1,60}){0,3}),\n?([0-9A-Z|\n]*),\n?"`,
);
// serial, date, ID, origin, classification: one a line, blank lines allowed between them.
const SEP = String.raw`[ \t]*\n(?:[ \t]*\n)?[ \t]*`;
const UNLABELLED = new RegExp(
  String.raw`(?:^|\n)[ \t]*(\d{1,7})${SEP}(${DATE})${SEP}(\d\d[0-9A-Z]{2,60})${SEP}([A-Z][^\n]{1,80}?)${SEP}((?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]*)[ \t]*\n`,
);

/** Splits a dumped record from the body that follows it; returns the text unchanged when there is none. */
export function stripDump(text: string): Undumped {
  // The serial column is missing in some (07BERN881 starts with the date).
  // Some (08BERN443) give serial and date twice: `167757\t2008-08-28 15:09:00\t167757\t2008-08-28 …`.
  const tab = TAB_DUMP.exec(text);
  if (tab) {
    // MySQL escaping: a backslash before each newline (after the line's trailing blanks) and before quotes.
    const rest = text.slice(tab[0].length).replace(/[ \t]*\\\n/g, '\n').replace(/\\(["'\\])/g, '$1');
    const cut = rest.indexOf('\t');
    let body = cut >= 0 ? rest.slice(cut + 1) : rest;
    // Those doubled dumps repeat the record after the body (`CARTER \tEmbassy Bern\tCONFIDENTIAL\t…`).
    const repeat = tab[4] ? body.indexOf(`\t${tab[4]}\t`) : -1;
    if (repeat >= 0) body = body.slice(0, repeat);
    body = body.replace(/\s*\\\s*$/, '');
    return {
      body,
      dump: {
        serial: tab[1] ?? null,
        date: tab[2] ?? null,
        id: tab[3] || null,
        origin: tab[4] || null,
        classification: tab[5] || null,
        references: tab[6] || null,
        header: cut >= 0 ? rest.slice(0, cut).trim() || null : null,
      },
    };
  }

  // Cheap literal checks first: this runs on every body of an import.
  // Comma-separated, as a CSV line whose quotes were partly lost (04THEHAGUE1915 prints a preview,
  // then `19260,7/30/2004 6:06,04THEHAGUE1915,"Embassy The Hague",SECRET//NOFORN,04THEHAGUE1903,"<header>","<body>"`).
  const comma = text.includes('",') ? COMMA_DUMP.exec(text.slice(0, 6000)) : null;
  if (comma) {
    const rest = text.slice((comma.index ?? 0) + comma[0].length);
    const split = rest.indexOf('","');
    const header = split >= 0 ? rest.slice(0, split) : '';
    let body = split >= 0 ? rest.slice(split + 3) : rest;
    // The body is a CSV field: closing quote at the end, quotes inside doubled (`""jihad""`).
    body = body.replace(/"\s*,?\s*$/, '').replace(/""/g, '"');
    return {
      body,
      dump: {
        serial: comma[1] ?? null,
        date: comma[2] ?? null,
        id: comma[3] ?? null,
        origin: comma[4]?.replace(/\s+/g, ' ').trim() || null,
        // Wrapped like the rest of the page: `UNCLASSIFIED//FOR\nOFFICIAL USE ONLY` (06THEHAGUE834).
        classification: comma[5]?.replace(/\s+/g, ' ').trim() || null,
        references: comma[6]?.replace(/\n/g, '') || null,
        header: header.replace(/""/g, '"').trim() || null,
      },
    };
  }

  // The rule of dashes first: searching for 'header ends' stops at every 'h' of the body.
  const ends = text.includes('-----') && text.includes('header ends') ? HEADER_ENDS.exec(text) : null;
  const labelled = hasIdLabel(text) ? /(?:^|\n)\s*id:\s*(\d+)\s*\ndate:/i.exec(text) : null;
  if (labelled && (ends || labelled.index < 400)) {
    const start = labelled.index;
    const dumpText = ends ? text.slice(start, ends.index) : text.slice(start);
    const field = (name: string): string | null => {
      const m = new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'im').exec(dumpText);
      return m?.[1]?.trim() || null;
    };
    const headerAt = /^\s*header:[ \t]*\n?/im.exec(dumpText);
    const header = headerAt ? dumpText.slice(headerAt.index + headerAt[0].length).trim() || null : null;
    return {
      body: ends ? text.slice(ends.index + ends[0].length) : bodyAfterHeader(header ?? ''),
      dump: {
        serial: field('id'),
        date: field('date'),
        id: field('refid'),
        origin: field('origin'),
        classification: field('classification'),
        references: field('destination'),
        header,
      },
    };
  }

  // One value a line, sometimes with blank lines between them and a cut-off preview of the body
  // before (03THEHAGUE2983: "Classified By: … for reasons 1.5..." then "12431\n\n2003-11-28\n\n…").
  const head = text.slice(0, 4000);
  const unl = hasNumberLine(head) ? UNLABELLED.exec(head) : null;
  if (unl) {
    let rest = text.slice((unl.index ?? 0) + unl[0].length);
    const refs = /^[ \t]*\n?[ \t]*(\d\d[0-9A-Z]+(?:\|\d\d[0-9A-Z]+)*)[ \t]*\n/.exec(rest);
    if (refs) rest = rest.slice(refs[0].length);
    const idx = rest.search(HEADER_ENDS);
    const header = idx >= 0 ? rest.slice(0, idx) : headerPart(rest.replace(/^\s*\n/, ''));
    const body = idx >= 0 ? rest.slice(idx).replace(HEADER_ENDS, '') : rest.replace(/^\s*\n/, '').slice(header.length);
    return {
      body,
      dump: {
        serial: unl[1] ?? null,
        date: unl[2] ?? null,
        id: unl[3] ?? null,
        origin: unl[4] ?? null,
        classification: unl[5] ?? null,
        references: refs?.[1] ?? null,
        header: header.trim() || null,
      },
    };
  }

  if (ends) {
    // A marker without a recognisable dump: everything before it is header.
    return { body: text.slice(ends.index + ends[0].length), dump: null };
  }
  return { body: text, dump: null };
}

/**
 * `/id:/i.test(text)`, found from each colon: a case-insensitive regex tests every character of
 * the body (94 ms in 20,000 bodies), and searching for `d:` stops at every `d`; colons are few.
 */
function hasIdLabel(text: string): boolean {
  for (let at = text.indexOf(':', 2); at >= 0; at = text.indexOf(':', at + 1)) {
    const d = text.charCodeAt(at - 1);
    const i = text.charCodeAt(at - 2);
    if ((d === 100 || d === 68) && (i === 105 || i === 73)) return true;
  }
  return false;
}

/**
 * `/(?:^|\n)[ \t]*\d{1,7}[ \t]*\n/.test(text)` (a line of 1–7 digits between blanks, newline
 * included), checked at each line start found by indexOf: the regex tried every position
 * (160 ms in 20,000 bodies).
 */
function hasNumberLine(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    let at = start;
    while (isSpaceOrTab(text.charCodeAt(at))) at++;
    const digitsFrom = at;
    while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at > digitsFrom && at - digitsFrom <= 7) {
      while (isSpaceOrTab(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) === 10) return true;
    }
    const nl = text.indexOf('\n', start);
    if (nl < 0) return false;
    start = nl + 1;
  }
  return false;
}

/** Routing header lines a dump's header is made of (`VZCZC…`, `DE RUEH…`, `FM`, `TO`, `INFO` and the addressee list). */
const ROUTING_LINE =
  /^\s*(?:VZCZC\S*|[A-Z]{2}\s+(?:RUE|RHE|RUC|RHM|RUM|RUA|RHH|RUH|RUF|RUL|RUS|RUN|RUZ|RUD)\S*(?:\s+\S+)*|DE\s+\S+.*|ZNY\s.*|ZNR\s.*|ZZH|[OPRZ]{1,2}\s+\d{6}Z\s+[A-Z]{3}\s+\d{2}|FM\s.*|TO\s.*|INFO\s.*|BT|NNNN|[A-Z0-9]+\/.*|TAGS:?\s.*|)$/;

/** The run of routing-header lines at the start of `text` (up to the body's opening line). */
export function headerPart(text: string): string {
  const lines = text.split('\n');
  let n = 0;
  while (n < lines.length && ROUTING_LINE.test(lines[n] ?? '') && !isOpeningLine(lines[n] ?? '')) n++;
  return lines.slice(0, n).join('\n') + (n > 0 && n < lines.length ? '\n' : '');
}

function bodyAfterHeader(header: string): string {
  return header.slice(headerPart(header).length);
}

/**
 * The body's first line: its classification, sometimes letter-spaced, then the section and the
 * serial (`C O N F I D E N T I A L SECTION 01 OF 10 MOSCOW 005645`, `UNCLAS SAO PAULO 000332`).
 */
export function isOpeningLine(line: string): boolean {
  return OPENING.test(line);
}

export const OPENING =
  /^\s*(?:S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?|LIMITED OFFICIAL USE|L I M I T E D\s+O F F I C I A L\s+U S E|SENSITIVE|TOP SECRET)\b/i;
