/**
 * WikiLeaks cable viewer pages (April 2011 mirror and the final 2011 site share the structure):
 * a `<table class='cable'>` with Reference ID, Created, Released, Classification and Origin, then
 * exactly two `<code><pre>` blocks, the routing header (or the partial-extract note) and the
 * body. Newlines are written `&#x000A;`; paragraph lines carry `<a id='parN' …>¶</a>`.
 */
import type { ParseResult } from '../types.ts';
import { assembleCable } from './assemble.ts';

/** The page with its markup undone, before the body is parsed. */
export interface PageParts {
  id: string;
  created: string;
  released: string | null;
  classification: string;
  origin: string;
  /** Subject from `<h3>Viewing cable ID, SUBJECT</h3>`; empty on many pages. */
  h3Subject: string | null;
  header: string;
  body: string;
  /** The `parN` anchors of the body in page order, as written (`1`, `2004`, `B`). */
  anchors: string[];
}

/** True when the text is a cable viewer page. */
export function isCablePage(text: string): boolean {
  return /<table class=['"]cable['"]>/.test(text) && /<pre>/.test(text);
}

/** Decodes the entities the viewer writes. Body text also carries raw `&` and `<<Israel>>`, left alone. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]{1,6});/gi, (_m, hex: string) => safeChar(parseInt(hex, 16)))
    .replace(/&#(\d{1,7});/g, (_m, dec: string) => safeChar(Number(dec)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}

// Markup the viewer puts inside `<pre>`: paragraph anchors, tag links, `<br>`, stray table tags
// (06HAVANA9102 ends in `</table>`). Anything else in angle brackets is cable text (`<<Israel>>`).
const PRE_MARKUP = /<\/?(?:a|br|table|tbody|td|tr|th|strong|em|b|i|span|p)\b[^<>]*>/gi;

/** Turns the inside of a `<pre>` into text; `keepPilcrow` leaves the viewer's ¶ before paragraph numbers. */
export function preToText(pre: string, keepPilcrow = false): string {
  let t = pre;
  t = keepPilcrow
    ? t.replace(/<a id=['"]par[^'"]*['"] href=['"]#par[^'"]*['"]>¶<\/a>/g, '¶')
    : t.replace(/<a id=['"]par[^'"]*['"] href=['"]#par[^'"]*['"]>¶<\/a>/g, '');
  t = t.replace(/<br\s*\/?>(?=&#x000A;|\n)/gi, '');
  t = t.replace(PRE_MARKUP, '');
  return decodeEntities(t);
}

/** Reads the page's table and `<pre>` blocks; null when the structure is missing (with a code). */
export function readPage(html: string): { ok: true; page: PageParts } | { ok: false; code: 'no-body' | 'no-id' | 'no-created' } {
  const tableAt = html.search(/<table class=['"]cable['"]>/);
  if (tableAt < 0) return { ok: false, code: 'no-body' };
  const rest = html.slice(tableAt);
  const tableEnd = rest.indexOf('</table>');
  const table = tableEnd >= 0 ? rest.slice(0, tableEnd) : rest;
  const cells = [...table.matchAll(/<td>\s*([\s\S]*?)\s*<\/td>/g)].map((m) => cellText(m[1] ?? ''));
  const [id, created, released, classification, origin] = cells;
  const pres = [...rest.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => m[1] ?? '');
  const bodyPre = pres[pres.length - 1];
  if (bodyPre === undefined) return { ok: false, code: 'no-body' };
  if (!id) return { ok: false, code: 'no-id' };
  if (!created) return { ok: false, code: 'no-created' };
  const h3 = /<h3>Viewing cable [^,<]*,\s*([\s\S]*?)<\/h3>/.exec(html)?.[1];
  return {
    ok: true,
    page: {
      id,
      created,
      released: released || null,
      classification: classification ?? '',
      origin: origin ?? '',
      h3Subject: h3 ? decodeEntities(h3).replace(/\s*\\\s*$/, '').trim() || null : null,
      header: pres.length > 1 ? preToText(pres[0] ?? '') : '',
      body: preToText(bodyPre, true),
      anchors: [...bodyPre.matchAll(/<a id=['"]par([^'"]*)['"]/g)].map((m) => m[1] ?? ''),
    },
  };
}

function cellText(cell: string): string {
  // Classification: use the link text; the link's title attribute is scrambled (PARSER-NOTES §7).
  return decodeEntities(cell.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

/** Parses a WikiLeaks cable page. */
export function parseCablePage(html: string): ParseResult {
  const read = readPage(html);
  if (!read.ok) return { ok: false, error: { code: read.code } };
  const p = read.page;
  return assembleCable(
    {
      id: p.id,
      created: p.created,
      released: p.released,
      classification: p.classification,
      origin: p.origin,
      header: p.header.trim() ? p.header.replace(/\s+$/, '') : null,
      subjectHint: p.h3Subject,
    },
    p.body,
    'html',
  );
}
