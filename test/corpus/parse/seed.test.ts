/**
 * The seed cable the project was specified from (06MOSCOW754, a blog's text copy of its page):
 * the expectations of the corpus issue, one by one.
 */
import { describe, expect, it } from 'vitest';
import { fixtureText, numbers, para, parsed } from './fixtures.ts';

const seed = parsed(fixtureText('seed/06MOSCOW754.txt'));

describe('GIVEN the seed page copy 06MOSCOW754.txt', () => {
  it('THEN it is recognised as a page text copy with the table row as metadata', () => {
    expect(seed.format).toBe('page-text');
    expect(seed.id).toBe('06MOSCOW754');
    expect(seed.canonicalId).toBe('06MOSCOW754');
    expect(seed.created).toBe('2006-01-25 17:40');
    expect(seed.released).toBe('2011-08-30 01:44');
    expect(seed.classification).toBe('SECRET');
    expect(seed.origin).toBe('Embassy Moscow');
    expect(seed.partial).toBe(false);
  });

  it('THEN it has 16 paragraphs numbered 1 to 16, ¶12 found despite its comma', () => {
    expect(numbers(seed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(para(seed, 12).text).toMatch(/^Larijani had laid out Iran's position/);
  });

  it('THEN ¶1 is marked S and begins "SUMMARY. Ambassador met January 25"', () => {
    expect(para(seed, 1).marking).toBe('S');
    expect(para(seed, 1).text.startsWith('SUMMARY. Ambassador met January 25')).toBe(true);
  });

  it('THEN ¶15 is marked U and every other paragraph S', () => {
    expect(para(seed, 15).marking).toBe('U');
    expect(seed.paragraphs.filter((p) => p.number !== 15).every((p) => p.marking === 'S')).toBe(true);
  });

  it('THEN no page-break text is left inside ¶6 or ¶13, and ¶13 is rejoined across the break', () => {
    for (const n of [6, 13]) expect(para(seed, n).text).not.toMatch(/MOSCOW 0+754|\d{3} OF \d{3}/);
    expect(para(seed, 13).text).toContain('tied up trying to decide whether to impose sanctions');
  });

  it('THEN the section heading "The Russian Initiative" heads ¶7 and is not glued to the end of ¶6', () => {
    expect(para(seed, 7).heading).toBe('The Russian Initiative');
    expect(para(seed, 6).text.endsWith('negotiations with the EU-3,')).toBe(true);
    expect(para(seed, 3).heading).toBe('Moratorium on Enrichment Activities');
    expect(para(seed, 15).heading).toBe('Press Event');
  });

  it('THEN the cut-short ¶3 keeps its last line rather than turning it into a heading', () => {
    expect(para(seed, 3).text.endsWith('Larijani asked what Russia\'s position')).toBe(true);
    expect(para(seed, 4).heading).toBeNull();
  });

  it('THEN the word split across lines in ¶7 is joined ("c / ould" → "could")', () => {
    expect(para(seed, 7).text).toContain('to what extent the program could be "joint"');
  });

  it('THEN it was classified by Ambassador William J. Burns for reasons 1.4(b) and 1.4(d)', () => {
    expect(seed.classifiedBy).toBe('Ambassador William J. Burns');
    expect(seed.reasons).toEqual(['1.4(b)', '1.4(d)']);
    expect(seed.declassify).toBe('2014-09-20');
  });

  it('THEN the summary is ¶1 without its SUMMARY / END SUMMARY wrappers', () => {
    expect(seed.summary?.startsWith('Ambassador met January 25 with Russian Security Council Secretary Igor Ivanov')).toBe(true);
    expect(seed.summary?.endsWith("answers the IAEA's questions.")).toBe(true);
  });

  it('THEN the blog chrome around the cable is not part of it (no SUBJECT/TAGS line in this copy)', () => {
    expect(seed.subject).toBeNull();
    expect(seed.tags).toEqual([]);
    expect(seed.body).not.toMatch(/Post a comment|WordPress|Discussing cables/);
    expect(para(seed, 16).text.endsWith("answers all the IAEA's questions.")).toBe(true);
  });
});
