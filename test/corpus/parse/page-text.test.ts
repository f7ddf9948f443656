/**
 * Text copies of a viewer page (the seed's format; seed.test.ts covers the seed itself): the
 * table flattened to one row, the routing header and the body as text, site chrome around them.
 * Built here from real pages, they must parse to the same cable as the page.
 */
import { describe, expect, it } from 'vitest';
import { isPageText, parsePageText } from '../../../src/corpus/parse/page-text.ts';
import type { ParsedCable } from '../../../src/corpus/types.ts';
import { page, pageParts, parsed, plainBody } from './fixtures.ts';

/** A copy as a browser gives it: heading line, tab-separated row, header, body, then a blog's comment form. */
function textCopy(id: string, separator: '\t' | ' '): string {
  const p = pageParts(id);
  const row = [p.id, p.created, p.released ?? '', p.classification, p.origin].join(separator);
  return [
    'Discussing cables',
    'Reference ID Created Released Classification Origin',
    row,
    '',
    p.header,
    '',
    plainBody(id),
    '',
    'Leave a Reply',
    'Your email address will not be published. Required fields are marked *',
  ].join('\n');
}

/** The cable without the container fields that differ by format. */
function sameCable(c: ParsedCable): unknown {
  return { ...c, format: null, header: null, body: null };
}

describe('GIVEN a tab-separated text copy of 08BUCHAREST608', () => {
  const text = textCopy('08BUCHAREST608', '\t');

  it('THEN it is recognised as a page text copy', () => {
    expect(isPageText(text)).toBe(true);
    expect(parsed(text).format).toBe('page-text');
  });

  it('THEN it parses to the same cable as the page, the comment form left out', () => {
    const c = parsed(text);
    expect(sameCable(c)).toEqual(sameCable(page('08BUCHAREST608')));
    expect(c.body).not.toContain('Leave a Reply');
    expect(c.header?.split('\n')[0]).toBe('VZCZCXRO0346');
  });
});

describe('GIVEN space-separated text copies of pages with old page breaks, a dump or a partial-extract note', () => {
  it.each(['90CAPETOWN97', '02BOGOTA3281', '04THEHAGUE1915'])('THEN %s parses to the same cable as its page', (id) => {
    expect(sameCable(parsed(textCopy(id, ' ')))).toEqual(sameCable(page(id)));
  });

  it('THEN the partial extract stays partial (04THEHAGUE1915)', () => {
    expect(parsed(textCopy('04THEHAGUE1915', ' ')).partial).toBe(true);
  });
});

describe('GIVEN text without a table row', () => {
  it('THEN parsePageText reports no-id', () => {
    expect(parsePageText(plainBody('08BUCHAREST608'))).toEqual({ ok: false, error: { code: 'no-id' } });
  });
});
