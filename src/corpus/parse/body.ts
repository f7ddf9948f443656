/**
 * The body of a cable, whatever file it came in, cleaned and taken apart: header fields
 * (header-fields.ts), paragraph starts (paragraph-starts.ts), paragraphs and their headings
 * (paragraphs.ts, headings.ts) and the summary (summary.ts). Every format's parser ends here, so a rule fixed once holds for pages, text copies,
 * cables.csv rows and raw telegrams alike. The quirks handled are those of PARSER-NOTES §4–§7.
 */
import type { Paragraph } from '../types.ts';
import { canonicalizeId } from '../ids/parse.ts';
import { isSipdisLine, removePageBreaks, removeRepeatedSectionHeaders } from './lines.ts';
import { OPENING, stripDump, type DumpRecord } from './dump.ts';
import { normalizeText } from './text.ts';
import { findParagraphStarts, splitGluedHeadings, splitInlineStarts, type StartForm } from './paragraph-starts.ts';
import { readClassifiedBy, readHeaderFields } from './header-fields.ts';
import { buildParagraphs, unnumberedBlocks } from './paragraphs.ts';
import { findSummary } from './summary.ts';

export type { StartForm } from './paragraph-starts.ts';

export interface BodyContext {
  /** The cable's ID when the container says it (page table, CSV column); page breaks and REF years use it. */
  id: string | null;
  /** The year the cable was created, for REF entries that give none. */
  year: number | null;
}

export interface ParsedBody {
  /** The opening line (`C O N F I D E N T I A L SECTION 01 OF 03 MOSCOW 000754`), or null. */
  opening: string | null;
  subject: string | null;
  tags: string[];
  references: string[];
  classifiedBy: string | null;
  reasons: string[];
  declassify: string | null;
  summary: string | null;
  paragraphs: Paragraph[];
  /** The cleaned body: page breaks and SIPDIS captions removed, lines kept. */
  text: string;
  /** The record dumped at the top of the body, if any (PARSER-NOTES §7). */
  dump: DumpRecord | null;
  /** How each numbered paragraph's number was written, parallel to the numbered paragraphs. */
  forms: StartForm[];
}

// The viewer's note on press extracts; it is about the record, not text of the cable.
const PARTIAL_NOTE = /This record is a partial extract of the original cable\.\s*The full text of the original cable is not available\.?/g;

/** Parses a cable body (the second `<pre>` of a page, the content column, a telegram after its header). */
export function parseBody(raw: string, ctx: BodyContext): ParsedBody {
  const { body: undumped, dump } = stripDump(normalizeText(raw));
  const id = ctx.id ?? dump?.id ?? null;
  const idParts = id ? /^(\d\d)([A-Z]+?)(\d+)$/.exec(id) : null;
  let text = dropLeadingRouting(undumped);
  text = removePageBreaks(text, { serial: idParts?.[3] ?? null, station: idParts?.[2] ?? null });
  // Some exports ran the next database record into the body (04THEHAGUE1915 ends with
  // `",\n19285,7/30/2004 12:31,04THEHAGUE1916,"Embassy The Hague",…`): the cable ends there.
  const leak = runOnRecordAt(text);
  if (leak >= 0) text = text.slice(0, leak);
  // 'xtract' first: a search for 'partial extract' stops at every 'p' of the body, one for 'x' at few places.
  if (text.includes('xtract') && text.includes('partial extract')) text = text.replace(PARTIAL_NOTE, '');
  // One loop rather than a filter and two maps: each made a new array of every line. Tabs and ¶
  // are looked for in each line only when the text has one (cables.csv bodies have neither).
  const tabs = text.includes('\t');
  const pilcrows = text.includes('¶');
  const lines: string[] = [];
  for (let l of removeRepeatedSectionHeaders(text.split('\n'))) {
    if (isSipdisLine(l)) continue;
    if (tabs && l.includes('\t')) l = l.replace(/\t/g, ' ').trimEnd();
    // The viewer's ¶ before every line that starts with `N.` or `X.` is no cable text; left in,
    // it stays in years (`¶2004.`), wrapped numbers (`October / ¶26.`) and REF items (`¶B. MEXICO 765`).
    if (pilcrows && l.includes('¶')) l = l.replace(/^(\s*)¶\s*/, '$1');
    lines.push(l);
  }
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  // Trailing page furniture: the last page's classification line, a lone `>`, `BT`, `NNNN`.
  while (
    lines.length > 0 &&
    /^\s*(?:|>|BT|NNNN|#\d+|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|=*\s*CABLE ENDS\s*=*)\s*$/i.test(lines[lines.length - 1] ?? '')
  ) {
    lines.pop();
  }

  const opening = lines[0] !== undefined && OPENING.test(lines[0]) ? lines[0].trim() : null;
  const glued = splitGluedHeadings(lines);
  const lineStarts = findParagraphStarts(lines, glued);
  const { lines: work, inline } = splitInlineStarts(lines, lineStarts);
  for (const i of glued) inline.add(i);
  // Searched again only when a line was split at an inline number (each split adds a line):
  // otherwise the lines and the set are those just searched, and so are the starts.
  const starts = work.length === lines.length ? lineStarts : findParagraphStarts(work, inline);

  const preambleEnd = starts[0]?.line ?? work.length;
  const fields = readHeaderFields(work.slice(0, preambleEnd), ctx.year, id);
  const built = starts.length > 0 ? buildParagraphs(work, starts, fields.consumedUntil) : null;
  const paragraphs = built ? built.paragraphs : unnumberedBlocks(work.slice(fields.consumedUntil));

  // 1990s cables put `Classified By` inside paragraph 1 (`1. CONFIDENTIAL - ENTIRE TEXT.  CLASSIFIED BY: …`).
  let classifiedBy = fields.classifiedBy;
  let reasons = fields.reasons;
  if (classifiedBy === null && reasons.length === 0) {
    for (const p of paragraphs.slice(0, 2)) {
      const c = /\bCLASSIFIED\s+BY\b\s*:?\s*([\s\S]*)$/i.exec(p.text);
      if (c?.[1] !== undefined) {
        const parsed = readClassifiedBy(c[1]);
        classifiedBy = parsed.name;
        reasons = parsed.reasons;
        break;
      }
    }
  }

  const references = [...fields.references];
  if (dump?.references) {
    // Dumps name references as their database had them (`03SECSTATE326258`): canonicalise.
    for (const raw of dump.references.split('|').map((s) => s.trim())) {
      // A garbled value (08BUENOSAIRES702 lists `08BUENOSAIRES64698BUENOSAIRES5826`) is not an ID: skipped.
      const r = raw ? canonicalizeId(raw) : null;
      if (r && r !== id && !references.includes(r)) references.push(r);
    }
  }

  return {
    opening,
    subject: fields.subject,
    tags: fields.tags,
    references,
    classifiedBy,
    reasons,
    declassify: fields.declassify,
    summary: findSummary(paragraphs),
    paragraphs,
    text: built ? built.text : lines.join('\n'),
    dump,
    forms: starts.map((st) => (inline.has(st.line) ? 'inline' : st.form)),
  };
}

/**
 * Some exports ran the next database record into the body; where it starts (the newline before
 * it), or -1. The pattern is tried only at newlines that can begin it (followed by a newline, a
 * quote, a comma or a blank): as a plain search it tried every position (150 ms in 20,000 bodies).
 */
const RUN_ON_RECORD = /\n"?,?[ \t]*\n\d{1,7},\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2},\d\d[0-9A-Z]{2,60},/y;

function runOnRecordAt(text: string): number {
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    const c = text.charCodeAt(at + 1);
    if (c !== 10 && c !== 34 && c !== 44 && c !== 32 && c !== 9) continue;
    RUN_ON_RECORD.lastIndex = at;
    if (RUN_ON_RECORD.test(text)) return at;
  }
  return -1;
}

/** A routing header left at the top of a body (dumps, text copies): skipped up to the opening line. */
function dropLeadingRouting(text: string): string {
  // Tested before anything is copied: most bodies have no routing header.
  const at = text.search(/\S/);
  if (at < 0 || !text.startsWith('VZCZC', at)) return text;
  const lines = text.slice(at).split('\n');
  const open = lines.findIndex((l) => OPENING.test(l));
  if (open >= 0) return lines.slice(open).join('\n');
  const blank = lines.findIndex((l) => l.trim() === '');
  return blank >= 0 ? lines.slice(blank + 1).join('\n') : text;
}
