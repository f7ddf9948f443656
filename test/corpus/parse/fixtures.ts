/** Loads the real pages copied into test/fixtures and parses them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParsedCable, Paragraph } from '../../../src/corpus/types.ts';
import { parseText } from '../../../src/corpus/parse/file.ts';
import { preToText, readPage, type PageParts } from '../../../src/corpus/parse/html.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function fixtureText(rel: string): string {
  return readFileSync(`${FIXTURES}${rel}`, 'utf8');
}

/** Parses `test/fixtures/pages/<id>.html` and fails the test when the page does not parse. */
export function page(id: string): ParsedCable {
  return parsed(fixtureText(`pages/${id}.html`));
}

export function parsed(text: string): ParsedCable {
  const r = parseText(text);
  if (!r.ok) throw new Error(`expected a cable, got error ${r.error.code}`);
  return r.cable;
}

export function numbers(c: ParsedCable): (number | null)[] {
  return c.paragraphs.map((p) => p.number);
}

export function para(c: ParsedCable, n: number, nth = 0): Paragraph {
  const p = c.paragraphs.filter((x) => x.number === n)[nth];
  if (!p) throw new Error(`${c.id} has no paragraph ${n} (#${nth})`);
  return p;
}

/** The table, routing header and body of `test/fixtures/pages/<id>.html` as the page reader sees them (body with the viewer's ¶ marks). */
export function pageParts(id: string): PageParts {
  const r = readPage(fixtureText(`pages/${id}.html`));
  if (!r.ok) throw new Error(`${id}: ${r.code}`);
  return r.page;
}

/**
 * The body of a fixture page as plain cable text, without the viewer's `¶` anchors: what the
 * content column of cables.csv or a raw telegram carries for the same cable.
 */
export function plainBody(id: string): string {
  const pres = [...fixtureText(`pages/${id}.html`).matchAll(/<pre>([\s\S]*?)<\/pre>/g)];
  const last = pres[pres.length - 1]?.[1];
  if (last === undefined) throw new Error(`${id} has no <pre>`);
  return preToText(last);
}

/** Number, marking, heading and text of every paragraph: what must agree when one cable arrives in two formats. */
export function paragraphsOf(c: ParsedCable): [number | null, string | null, string | null, string][] {
  return c.paragraphs.map((p) => [p.number, p.marking, p.heading, p.text]);
}
