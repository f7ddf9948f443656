/** Loads the real pages copied into test/fixtures and parses them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParsedCable, Paragraph } from '../../../src/corpus/types.ts';
import { parseText } from '../../../src/corpus/parse/file.ts';

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
