/**
 * The body of a cable, whatever file it came in: header fields (SUBJECT, TAGS, REF, E.O.,
 * Classified By), numbered paragraphs with their markings and headings, and the summary.
 * Every format's parser ends here, so a rule fixed once holds for pages, text copies,
 * cables.csv rows and raw telegrams alike. The quirks handled are those of PARSER-NOTES §4–§7.
 */
import type { Paragraph } from '../types.ts';
import { parseReasons } from '../reasons.ts';
import { extractReferences } from '../ids/references.ts';
import { canonicalizeId } from '../ids/parse.ts';
import { readMarking } from './marking.ts';
import { isRuleLine, isSipdisLine, removePageBreaks, removeRepeatedSectionHeaders } from './lines.ts';
import { OPENING, stripDump, type DumpRecord } from './dump.ts';
import { normalizeText, squash } from './text.ts';

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

/**
 * How a paragraph number was written. The viewer anchored only `spaced` (`N.` then a blank);
 * `unspaced` is `1.(C)`, `comma` the misprint `12, (S)`, `inline` a number glued into running
 * text with no line break before it (09MOSCOW1530).
 */
export type StartForm = 'spaced' | 'unspaced' | 'comma' | 'inline';

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
  const leak = /\n"?,?[ \t]*\n\d{1,7},\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2},\d\d[0-9A-Z]{2,60},/.exec(text);
  if (leak) text = text.slice(0, leak.index);
  if (text.includes('partial extract')) text = text.replace(PARTIAL_NOTE, '');
  const lines = removeRepeatedSectionHeaders(text.split('\n'))
    .filter((l) => !isSipdisLine(l))
    .map((l) => (l.includes('\t') ? l.replace(/\t/g, ' ').trimEnd() : l))
    // The viewer's ¶ before every line that starts with `N.` or `X.` is no cable text; left in,
    // it stays in years (`¶2004.`), wrapped numbers (`October / ¶26.`) and REF items (`¶B. MEXICO 765`).
    .map((l) => (l.includes('¶') ? l.replace(/^(\s*)¶\s*/, '$1') : l));
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
  const { lines: work, inline } = splitInlineStarts(lines, findParagraphStarts(lines, glued));
  for (const i of glued) inline.add(i);
  const starts = findParagraphStarts(work, inline);

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

/** A routing header left at the top of a body (dumps, text copies): skipped up to the opening line. */
function dropLeadingRouting(text: string): string {
  const trimmed = text.replace(/^\s+/, '');
  if (!/^VZCZC/.test(trimmed)) return text;
  const lines = trimmed.split('\n');
  const open = lines.findIndex((l) => OPENING.test(l));
  if (open >= 0) return lines.slice(open).join('\n');
  const blank = lines.findIndex((l) => l.trim() === '');
  return blank >= 0 ? lines.slice(blank + 1).join('\n') : text;
}

// ---------------------------------------------------------------------------------------------
// Paragraph starts

interface Start {
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
function splitGluedHeadings(lines: string[]): Set<number> {
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

function findParagraphStarts(lines: readonly string[], glued: ReadonlySet<number> | null): Start[] {
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
    if (!marking && !glued?.has(i) && continuesPreviousLine(lines, i)) {
      // "… please see para / 3." and "… March / 16.  Hannigan took note": a number that ends a
      // wrapped line's sentence, not a paragraph — unless it is the next number and text follows.
      if (number !== last + 1 || after.trim() === '' || /^[a-z]/.test(after)) continue;
    }
    const form: StartForm = /^\s*(?:¶\s*)?\d+,/.test(line) ? 'comma' : /^\s*(?:¶\s*)?\d+\s?\.\s/.test(line) ? 'spaced' : 'unspaced';
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

/** The blanks after a marking, with a colon some writers put there (`(C): PolOff delivered …`). */
function leadingSpace(after: string, from: number): number {
  return /^[ \t]*(?::[ \t]*)?/.exec(after.slice(from))?.[0].length ?? 0;
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

/**
 * Numbers glued into running text with no line break before them (09MOSCOW1530 has no line
 * start at all; 06BUENOSAIRES118 mixes both). A marked number inside a line starts a paragraph
 * when it is the next in sequence after the last paragraph found before it; the line is then
 * split there. Returns the new lines and the indices of the lines the splits begin.
 */
function splitInlineStarts(lines: readonly string[], lineStarts: readonly Start[]): { lines: string[]; inline: Set<number> } {
  const out: string[] = [];
  const inline = new Set<number>();
  const startAt = new Map(lineStarts.map((s) => [s.line, s]));
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const st = startAt.get(i);
    if (st) last = st.number;
    if (!line.includes('(') || !/\d\.\s*\(/.test(line)) {
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

// ---------------------------------------------------------------------------------------------
// Header fields

interface HeaderFields {
  subject: string | null;
  tags: string[];
  references: string[];
  classifiedBy: string | null;
  reasons: string[];
  declassify: string | null;
  /** Index of the first preamble line not taken by a field (headings before ¶1 may sit there). */
  consumedUntil: number;
}

type Label = 'eo' | 'tags' | 'subject' | 'ref' | 'classified';

const LABELS: ReadonlyArray<[Label, RegExp]> = [
  ['eo', /\bE\.?\s?O\.?\s*1\d{4}\s*:?|\bEO\s*1\d{4}\s*:?/gi],
  ['tags', /(?<![A-Za-z])TAGS?(?![A-Za-z])\s*:?/gi],
  ['subject', /(?<![A-Za-z])SUBJ(?:ECT)?(?![A-Za-z])\s*:?/gi],
  ['ref', /(?<![A-Za-z])(?:PROGRAM\s+)?(?:REF(?:S|\(S\)|ERENCES?|TELS?)?)(?:\s*:|(?=\s+(?:\(?[A-Z][.)]|[A-Z]{3,}\s+\d)))/gi],
  ['classified', /(?<![A-Za-z])CLASSIFIED\s+BY(?![A-Za-z])\s*:?/gi],
];

interface LabelHit {
  label: Label;
  start: number;
  end: number;
  /** A REF item cited in running text (`(ref B)`): it only ends the field before it. */
  cite?: boolean;
}

function readHeaderFields(preamble: readonly string[], year: number | null, selfId: string | null): HeaderFields {
  // Header fields sit in the first lines; an unnumbered cable's "preamble" is its whole text.
  const text = preamble.slice(0, 120).join('\n');
  const hits: LabelHit[] = [];
  for (const [label, re] of LABELS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      if (label === 'tags' && !/^[\s:]*[A-Za-z]/.test(text.slice(start + m[0].length))) continue;
      // Inside running text, `(ref B)` or `ref A points` cites a REF item: it ends the field
      // before it but is no field itself (it swallowed the rest of the unnumbered 06REYKJAVIK88).
      // Capitals outside parentheses stay a label (`SENSITIVE SIPDIS REF LONDON 01170`).
      const lineHead = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
      const cite =
        label === 'ref' && !m[0].includes(':') && lineHead.trim() !== '' && (/[a-z]/.test(m[0]) || /\(\s*(?:see\s+)?$/i.test(lineHead));
      if (cite) {
        hits.push({ label, start, end: start + m[0].length, cite });
        continue;
      }
      // Keep only the first of each label except REF, which may repeat.
      if (label !== 'ref' && hits.some((h) => h.label === label)) continue;
      hits.push({ label, start, end: start + m[0].length });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  // A label inside another field's value on the same line is part of that value only for SUBJECT
  // (subjects mention "tags" or "refs" rarely; labels run together on reflowed pages often).
  const fields: HeaderFields = {
    subject: null,
    tags: [],
    references: [],
    classifiedBy: null,
    reasons: [],
    declassify: null,
    consumedUntil: 0,
  };
  let consumedTo = 0;
  for (let k = 0; k < hits.length; k++) {
    const hit = hits[k];
    if (!hit || hit.cite) continue;
    const nextStart = hits[k + 1]?.start ?? text.length;
    let value = text.slice(hit.end, nextStart);
    let valueEnd = nextStart;
    if (hit.label === 'ref') {
      const cut = refExtent(value);
      value = value.slice(0, cut);
      valueEnd = hit.end + cut;
    } else if (hit.label === 'tags') {
      const cut = tagsExtent(value);
      value = value.slice(0, cut);
      valueEnd = hit.end + cut;
    } else {
      const blank = /\n[ \t]*\n/.exec(value);
      if (blank) {
        value = value.slice(0, blank.index);
        valueEnd = hit.end + blank.index;
      }
      if (hit.label === 'subject') {
        const stop = /\n\s*(?:-{3,}|\d{1,2}\.\s*\(|[A-Z]\.\s)/.exec(value);
        if (stop) {
          value = value.slice(0, stop.index);
          valueEnd = hit.end + stop.index;
        }
      }
    }
    consumedTo = Math.max(consumedTo, valueEnd);
    switch (hit.label) {
      case 'eo':
        fields.declassify ??= readDeclassify(value);
        break;
      case 'tags':
        if (fields.tags.length === 0) fields.tags = readTags(value);
        break;
      case 'subject':
        fields.subject ??= readSubject(value);
        break;
      case 'ref':
        for (const r of year === null ? [] : extractReferences(value, year, selfId ? { selfId } : {})) if (!fields.references.includes(r)) fields.references.push(r);
        break;
      case 'classified': {
        const c = readClassifiedBy(value);
        fields.classifiedBy ??= c.name;
        if (fields.reasons.length === 0) fields.reasons = c.reasons;
        break;
      }
    }
  }
  fields.consumedUntil = hits.length === 0 ? 0 : text.slice(0, consumedTo).split('\n').length;
  return fields;
}

/** A REF list runs over blank lines while the next block is another item (`B. MEXICO 765`). */
function refExtent(value: string): number {
  const re = /\n[ \t]*\n/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const rest = value.slice(m.index + m[0].length);
    if (!/^\s*(?:\(?[A-Z]\)|[A-Z]\.\s|\(?[A-Z]\)?\s*\d{2,4}\s+[A-Z]|\d{2,4}\s+[A-Z]{3,}\s+\d)/.test(rest)) return m.index;
  }
  return value.length;
}

/** TAGS end at the end of their line unless it ends with a comma (PARSER-NOTES §5). */
function tagsExtent(value: string): number {
  let pos = 0;
  for (;;) {
    const nl = value.indexOf('\n', pos);
    if (nl < 0) return value.length;
    if (!/,\s*$/.test(value.slice(pos, nl)) || value.slice(pos, nl).trim() === '') return nl;
    pos = nl + 1;
  }
}

function readTags(value: string): string[] {
  const out: string[] = [];
  const v = value.replace(/^[\s:]+/, '');
  // Personal names in parentheses are tags of their own: `OVIP (STEINBERG, JAMES B.)`.
  const re = /\(([^)]*)\)|([^\s,()]+)/g;
  for (const m of v.matchAll(re)) {
    const parts = m[1] !== undefined ? m[1].split(',') : [m[2] ?? ''];
    for (const p of parts) {
      const tag = squash(p).toUpperCase().replace(/[.;:]+$/, (s) => (/[A-Z]\.$/.test(p.trim()) && s === '.' ? '.' : ''));
      if (tag && !out.includes(tag)) out.push(tag);
    }
  }
  return out;
}

function readSubject(value: string): string | null {
  let s = squash(value.replace(/^[\s:]+/, ''));
  // `SUBJECT: (S) GERMANY TAKING ACTION …` → the marking is not part of the subject.
  const mark = readMarking(s);
  if (mark) s = s.slice(mark.length).trim();
  s = s.replace(/\s*[-=_]{3,}\s*$/, '');
  return s || null;
}

const MONTHS: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };

/** `DECL: 11/22/2012`, `decl: 6/3/08`, `DECL: 2020/02/23` → `YYYY-MM-DD`; `N/A`, `OADR` → null. */
function readDeclassify(value: string): string | null {
  const v = value.slice(0, 80);
  let m = /DECL\w*\s*:?\s*(\d{1,2})\/(\d{1,2})\/(\d{2,4})\b/i.exec(v);
  if (m) return ymd(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /DECL\w*\s*:?\s*(\d{4})\/(\d{1,2})\/(\d{1,2})\b/i.exec(v);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /DECL\w*\s*:?\s*([A-Z]{3})\w*\.?\s+(\d{1,2}),?\s+(\d{4})/i.exec(v);
  if (m) {
    const month = MONTHS[(m[1] ?? '').toUpperCase()];
    if (month) return ymd(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

function ymd(y: number, mo: number, d: number): string | null {
  const year = y < 100 ? (y >= 50 ? 1900 + y : 2000 + y) : y;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${year}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * `Ambassador William J. Burns, for reasons 1.4 (B & D)` → name "Ambassador William J. Burns",
 * reasons 1.4(b), 1.4(d). `CLASSIFIED BY SECTION 1.5 (B) AND (D).` has no name.
 */
function readClassifiedBy(value: string): { name: string | null; reasons: string[] } {
  const v = squash(value.replace(/^[\s:]+/, ''));
  const reasons = parseReasons(v);
  const cut = /(?:[,;.]?\s*(?:for\s+)?\breasons?\b|[,;.]?\s*\bE\.?\s?O\.?\s*1\d{4}|[,;]?\s*\bsection\s+1\s?[.,]\s?[45]|[,;]?\s*\b1\s?\.\s?[45]\s*\(|;)/i.exec(v);
  // `Jeffrey Feltman, Ambassador, per 1.4 (b)`: the connective before the reasons is not name.
  let name = (cut ? v.slice(0, cut.index) : v)
    .replace(/[\s,;.:]+$/, '')
    .replace(/[\s,;]+(?:per|under|for|in\s+accordance\s+with|IAW)$/i, '')
    .trim();
  // A name runs to the end of the sentence at most (`… AMBASSADOR. 2. (C) …` must not leak in).
  // Initials (`Mary E. Daly`, `W.S. ROSS`) are not sentence ends.
  name = name.replace(/(?<=[A-Za-z]{2})\.\s+(?=[A-Z0-9(]).*$/, '');
  if (!name || /^section\b/i.test(name) || name.length > 120) return { name: null, reasons };
  return { name, reasons };
}

// ---------------------------------------------------------------------------------------------
// Paragraph text and headings

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
function headingText(line: string): string | null {
  const t = stripRuleEnds(line);
  if (!t || t.length > 100) return null;
  if (/^(?:--|-\s|\*|•|\(?[a-z0-9]{1,2}[.)]\s)/i.test(t)) return null;
  if (/^END\b/i.test(t) || /^(?:SIPDIS|NOFORN|SENSITIVE|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)$/i.test(t)) return null;
  // The tail of a sentence, not a heading: a source note (`AmCits in Belfast. (Belfast 0137)`)
  // or the wrapped end of one (`Spot Report)`, `End Note.)`). A `)` inside a line is often the
  // viewer's rendering of a dash (`FRANCE ) U.S. RELATIONS`), so only a closing one counts.
  if (/[a-z]{2}\.\s+\(/.test(t) || (/(?<!\))\)$/.test(t) && !t.includes('('))) return null;
  if (/[.,;]$/.test(t) && !/^(?:summary|comment|background)[.:]?$/i.test(t)) return null;
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
function ruledHeading(line: string): string | null {
  const t = stripRuleEnds(line);
  return t && t.length <= 100 ? t : null;
}

function isUpperCaseText(lines: readonly string[]): boolean {
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
 */
function splitTrailingHeading(
  lines: readonly string[],
  from: number,
  to: number,
  upperCaseCable: boolean,
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
  if (!accept && !upperCaseCable && before !== undefined) {
    const lastWord = before.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
    const titleCase = headingLines.every((h) => h !== h.toUpperCase() || h.length <= 40);
    // A source note in parentheses under a paragraph (`(SIMAS Event: Taipei-00194-2008)`) is no heading.
    const note = headingLines.some((h) => /^\(.*\)$/.test(h));
    accept = titleCase && !note && !OPEN_END.has(lastWord) && !/-$/.test(before.trim());
  }
  if (!accept) return { bodyEnd: to, heading: null };
  return { bodyEnd: first, heading: squash(headingLines.join(' ')) };
}

/**
 * The numbered paragraphs, and the body text they are cut from: the lines before ¶1 as they
 * are, then each paragraph's printed number and marking followed by its joined text, with
 * the heading and rule lines between paragraphs as they are. So every paragraph's text is a
 * verbatim slice of the body (ParsedCable.body: "paragraphs are cut from it"), and the store
 * keeps it as offsets instead of a second copy of the cable.
 */
function buildParagraphs(lines: readonly string[], starts: readonly Start[], preambleUsed: number): { paragraphs: Paragraph[]; text: string } {
  const upper = isUpperCaseText(lines);
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
    let text = joinLines([first, ...lines.slice(start.line + 1, split.bodyEnd)]);
    let nextHeading = split.heading;
    let cutTail = '';
    // Reflowed pages put the next section's heading at the end of the paragraph's last line:
    // "… migrant labor issues. -------- Training --------" (08ECTION01OF02MANAMA492).
    const tail = s + 1 < starts.length && text.includes('---') ? /(?:\s|(?<=[.!?"]))-{3,}\s*([^\n]{1,100}?)\s*-{3,}\s*$/.exec(text) : null;
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
function unnumberedBlocks(lines: readonly string[]): Paragraph[] {
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
 * Rejoins a paragraph's wrapped lines with single spaces; bullets and sub-items keep their own
 * line. A word split across lines (`c / ould` in the seed's ¶7) or hyphenated at a line end is
 * joined without a space.
 */
/** `… wor` + `d`: a single letter b–h or j–z after a space (or alone) ends the text. */
function endsWithLoneLetter(text: string): boolean {
  const last = text.charAt(text.length - 1);
  if (!/[b-hj-z]/.test(last)) return false;
  return text.length === 1 || /\s/.test(text.charAt(text.length - 2));
}

export function joinLines(lines: readonly string[]): string {
  const out: string[] = [];
  let current = '';
  let blankBefore = false;
  for (const raw of lines) {
    if (isRuleLine(raw)) continue;
    const line = (raw.includes('  ') || raw.includes('\t') ? raw.replace(/[ \t]+/g, ' ') : raw).trim();
    if (!line) {
      blankBefore = current !== '';
      continue;
    }
    if (current === '') {
      current = line;
    } else if (ITEM_LINE.test(raw) || blankBefore) {
      out.push(current);
      current = line;
    } else if (current.endsWith('-') && /[A-Za-z]/.test(current.charAt(current.length - 2)) && /^[A-Za-z]/.test(line)) {
      // A compound broken after its hyphen: `off- / center`, `SPANISH- / LIBYAN` (all caps too).
      // (Tests on the last characters, not `/[A-Za-z]-$/`: that scans the whole growing paragraph.)
      current += line;
    } else if (endsWithLoneLetter(current) && /^[a-z]{2,}/.test(line)) {
      current += line;
    } else {
      current += ` ${line}`;
    }
    blankBefore = false;
  }
  if (current) out.push(current);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Summary

const SUMMARY_START = /^(?:[-\s]*)(?:(?:begin\s+)?summary(?:\s+and\s+(?:comment|action\s+request|recommendation))?)\s*[.:\-–]+\s*/i;
const SUMMARY_END = /\s*\(?\s*end\s+(?:of\s+)?summary(?:\s+and\s+(?:comment|action\s+request|recommendation))?\s*[.:)]*\s*\)?/i;

/**
 * The SUMMARY text without its wrappers: a paragraph that opens with "SUMMARY." (to END SUMMARY,
 * which may close a later paragraph), or a paragraph under a SUMMARY heading.
 */
export function findSummary(paragraphs: readonly Paragraph[]): string | null {
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    if (!p) continue;
    const opens = SUMMARY_START.exec(p.text);
    const underHeading = p.heading !== null && /\bsummary\b/i.test(p.heading) && !/end\s+summary/i.test(p.heading);
    if (!opens && !underHeading) continue;
    const parts: string[] = [];
    for (let j = i; j < paragraphs.length && j < i + 12; j++) {
      const q = paragraphs[j];
      if (!q) break;
      let t = j === i && opens ? q.text.slice(opens[0].length) : q.text;
      const end = SUMMARY_END.exec(t);
      if (end) {
        t = t.slice(0, end.index);
        if (t.trim()) parts.push(t.trim());
        return parts.join('\n\n') || null;
      }
      parts.push(t.trim());
      if (j === i && !hasLaterEnd(paragraphs, i)) break;
    }
    return parts.join('\n\n') || null;
  }
  return null;
}

function hasLaterEnd(paragraphs: readonly Paragraph[], i: number): boolean {
  return paragraphs.slice(i + 1, i + 12).some((p) => SUMMARY_END.test(p.text));
}

