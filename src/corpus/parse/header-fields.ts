/**
 * The header fields of a cable body (PARSER-NOTES §4–§5): SUBJECT, TAGS, REF, the E.O. line's
 * declassification date, and Classified By with its reasons.
 */
import { parseReasons } from '../reasons.ts';
import { extractReferences } from '../ids/references.ts';
import { readMarking } from './marking.ts';
import { squash } from './text.ts';

export interface HeaderFields {
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

/**
 * The header fields in the lines before paragraph 1 (the whole text of an unnumbered cable):
 * SUBJECT, TAGS, REF, E.O./DECL and Classified By, in whatever order and case they come.
 */
export function readHeaderFields(preamble: readonly string[], year: number | null, selfId: string | null): HeaderFields {
  // Header fields sit in the first lines; an unnumbered cable's "preamble" is its whole text.
  const text = preamble.slice(0, 120).join('\n');
  const hits: LabelHit[] = [];
  for (const [label, re] of LABELS) {
    re.lastIndex = 0;
    // exec on the global regex, not matchAll, which copies the regex for every call. No label matches empty.
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
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
export function readClassifiedBy(value: string): { name: string | null; reasons: string[] } {
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
