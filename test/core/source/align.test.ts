/** The word alignment behind the verdicts: matches, changes, omissions and redactions. */
import { describe, expect, it } from 'vitest';
import { alignQuote } from '../../../src/core/source/align.ts';
import { cableWords, quoteWords } from '../../../src/core/source/words.ts';

const CABLE = 'Ivanov had responded that the EU-3 could define what their position was, but he had stated Russia\'s position.';

function align(quote: string, cable = CABLE) {
  const q = quoteWords(quote);
  return alignQuote(q.words, q.gapsBefore, cableWords(cable));
}

describe('GIVEN a quote with the cable\'s words', () => {
  it('THEN every word matches, no edit, and the aligned run is where the quote sits', () => {
    const a = align('THE EU-3 COULD DEFINE WHAT THEIR POSITION WAS');
    expect(a).toMatchObject({ matched: 9, edits: 0, differences: [] });
    const words = cableWords(CABLE);
    expect(CABLE.slice(words[a?.first ?? 0]?.start, words[a?.last ?? 0]?.end)).toBe('the EU-3 could define what their position was');
  });
});

describe('GIVEN a quote with a word changed, added or left out', () => {
  it('THEN each is one edit with the words side by side', () => {
    expect(align('the EU-3 would define what their position was')).toMatchObject({ edits: 1, differences: [{ quote: 'would', cable: 'could' }] });
    expect(align('the EU-3 could clearly define what their position was')).toMatchObject({ edits: 1, differences: [{ quote: 'clearly', cable: '' }] });
    expect(align('the EU-3 could define their position was')).toMatchObject({ edits: 1, differences: [{ quote: '', cable: 'what' }] });
  });
});

describe('GIVEN a quote that marks an omission', () => {
  it('THEN the words skipped at the ellipsis cost nothing, but words skipped elsewhere do', () => {
    expect(align('Ivanov had responded … he had stated Russia\'s position')).toMatchObject({ edits: 0, matched: 9 });
    expect(align('Ivanov had responded he had stated Russia\'s position')?.edits).toBeGreaterThan(2);
  });
});

describe('GIVEN a cable redaction', () => {
  it('THEN the quote may fill it in or leave it out at no cost', () => {
    const cable = 'A REPORTER FOR XXXXXXXXXXXX HAVE GIVEN REPORTS';
    expect(align('a reporter for El Tiempo have given reports', cable)).toMatchObject({ edits: 1 });
    expect(align('a reporter for Semana have given reports', cable)).toMatchObject({ edits: 0 });
    expect(align('a reporter for have given reports', cable)).toMatchObject({ edits: 0 });
  });
});

describe('GIVEN an empty side', () => {
  it('THEN there is no alignment', () => {
    expect(align('', CABLE)).toBeNull();
    expect(align('some words here', '')).toBeNull();
  });
});
