/**
 * Text copies of a cable viewer page, as blogs and mailing lists passed them on (the seed,
 * `06MOSCOW754.txt`): the page's table flattened to one line (`06MOSCOW754 2006-01-25 17:40
 * 2011-08-30 01:44 SECRET Embassy Moscow`), the header and body as text, and site chrome
 * around it (the viewer's "Discussing cables" box before, a blog's comment form after).
 */
import type { ParseResult } from '../types.ts';
import { assembleCable } from './assemble.ts';
import { OPENING, headerPart } from './dump.ts';
import { normalizeText } from './text.ts';

const CLASSIFICATION =
  '(?:UNCLASSIFIED//FOR OFFICIAL USE ONLY|CONFIDENTIAL//NOFORN|SECRET//NOFORN|UNCLASSIFIED|CONFIDENTIAL|SECRET)';
const DATE_TIME = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`;
/** The flattened table row; cells are separated by spaces or, when copied from a browser, tabs. */
const TABLE_ROW = new RegExp(
  String.raw`^[ \t]*(\d\d[0-9A-Z]{2,60})\s+(${DATE_TIME})\s+(?:(${DATE_TIME})\s+)?(${CLASSIFICATION})\s+(\S[^\n]*?)[ \t]*$`,
  'm',
);
const TABLE_HEADING = /^\s*Reference ID\s+Created\s+Released\s+Classification\s+Origin\s*$/m;

// Where a copied page's cable ends: the chrome of the blog or the viewer that follows it.
const CHROME = new RegExp(
  [
    String.raw`^\s*Post a comment or leave a trackback`,
    String.raw`^\s*Leave a (?:Reply|comment)\b`,
    String.raw`^\s*Fill in your details below`,
    String.raw`^\s*(?:Share|Like) this:\s*$`,
    String.raw`^\s*%d bloggers like this`,
    String.raw`^\s*Trackback URL`,
    String.raw`^\s*About these ads\s*$`,
    String.raw`^\s*Related posts?\s*$`,
  ].join('|'),
  'im',
);

/** True when the text carries a flattened cable table row (with or without its heading line). */
export function isPageText(text: string): boolean {
  return TABLE_HEADING.test(text) || TABLE_ROW.test(text.slice(0, 20_000));
}

/** Parses a text copy of a cable page. */
export function parsePageText(raw: string): ParseResult {
  const text = normalizeText(raw);
  const heading = TABLE_HEADING.exec(text);
  const from = heading ? heading.index + heading[0].length : 0;
  const row = TABLE_ROW.exec(text.slice(from));
  if (!row) return { ok: false, error: { code: 'no-id' } };
  let rest = text.slice(from + row.index + row[0].length);
  const chrome = CHROME.exec(rest);
  if (chrome) rest = rest.slice(0, chrome.index);
  // "Appears in these articles:" and its links belong to the table, not the cable.
  rest = rest.replace(/^\s*Appears in these articles:[^\n]*\n(?:\s*https?:\/\/\S+\s*\n)*/, '');

  const lines = rest.split('\n');
  const partialAt = lines.findIndex((l) => /This record is a partial extract of the original cable/i.test(l));
  const openAt = lines.findIndex((l) => OPENING.test(l));
  let header: string;
  let body: string;
  if (openAt >= 0 && (partialAt < 0 || partialAt > openAt)) {
    header = lines.slice(0, openAt).join('\n');
    body = lines.slice(openAt).join('\n');
  } else if (partialAt >= 0) {
    header = lines.slice(0, partialAt + 1).join('\n');
    body = lines.slice(partialAt + 1).join('\n');
  } else {
    const trimmed = rest.replace(/^\s*\n/, '');
    header = headerPart(trimmed);
    body = trimmed.slice(header.length);
  }
  return assembleCable(
    {
      id: row[1] ?? '',
      created: row[2] ?? '',
      released: row[3] ?? null,
      classification: row[4] ?? '',
      origin: row[5] ?? '',
      header: header.trim() ? header.trim() : null,
    },
    body,
    'page-text',
  );
}
