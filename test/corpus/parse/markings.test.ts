/**
 * Portion markings at the start of a paragraph (PARSER-NOTES §6): separated from the text and
 * normalised; a parenthesised word that is no classification stays text.
 */
import { describe, expect, it } from 'vitest';
import { readMarking } from '../../../src/corpus/parse/marking.ts';
import { page, para } from './fixtures.ts';

function markings(id: string): (string | null)[] {
  return page(id).paragraphs.map((p) => p.marking);
}

describe('GIVEN the common markings on real pages', () => {
  it('THEN `(C)` is marking C and the text starts after it (06BOGOTA2291)', () => {
    const c = page('06BOGOTA2291');
    expect(markings('06BOGOTA2291')).toEqual(['C', 'C', 'C', 'C', 'C', 'C', 'C', 'C']);
    expect(para(c, 2).text).toMatch(/^Restrepo said the recent round of talks with the ELN/);
  });

  it('THEN `(SBU)`, `(U)` and an unmarked paragraph are told apart (06SAOPAULO332)', () => {
    expect(markings('06SAOPAULO332')).toEqual(['SBU', 'U', null, 'U', 'U', 'SBU', 'SBU']);
    expect(para(page('06SAOPAULO332'), 3).text).toMatch(/^Allied with the QVia CampesinaQ Rural Movement/);
  });

  it('THEN `(S/NF)` and `(C/NF)` keep their caveat (02BOGOTA3281, 08BUCHAREST608)', () => {
    expect(markings('02BOGOTA3281')).toEqual(['S/NF', 'C', 'C', 'S/NF', 'S/NF', 'C', 'C']);
    expect(para(page('02BOGOTA3281'), 4).text).toMatch(/^SEPARATELY, A VERY RELIABLE COLOMBIAN SOURCE/);
    expect(markings('08BUCHAREST608')).toEqual(['C/NF', 'S/NF', 'SBU', 'C/NF']);
  });

  it('THEN `(S//NF)`, `(S//FGI//NF)` and `(S//REL TO USA, FVEY)` are read whole (08STATE116943)', () => {
    const c = page('08STATE116943');
    expect(para(c, 10).marking).toBe('S//NF');
    expect(para(c, 15).marking).toBe('S//FGI//NF');
    expect(para(c, 33).marking).toBe('S//REL TO USA, FVEY');
    expect(para(c, 43).marking).toBe('S//REL TO USA, ACGU');
    expect(para(c, 15).text).toMatch(/^NEA - Lebanon - Al-Qa,ida affiliate to attack U\.S\. Embassy motorcade/);
  });

  it('THEN `(C//REL TO USA, KEN, GBR//)` is `C//REL TO USA, KEN, GBR`, and ¶9 `(C//REL TO USA, GBR//)` differs (09NAIROBI1171)', () => {
    const c = page('09NAIROBI1171');
    expect(markings('09NAIROBI1171')).toEqual([
      ...Array<string>(8).fill('C//REL TO USA, KEN, GBR'),
      'C//REL TO USA, GBR',
      'C//REL TO USA, KEN, GBR',
      'C//REL TO USA, KEN, GBR',
    ]);
    expect(para(c, 1).text).toMatch(/^There are a number of factors that make Kenya a fruitful source/);
  });

  it('THEN `(C//REL TO FIVE EYES)` is read whole (08LONDON2858)', () => {
    expect(para(page('08LONDON2858'), 1).marking).toBe('C//REL TO FIVE EYES');
  });

  it('THEN lower-case `(sbu)` is normalised to SBU (08STATE43817 ¶4)', () => {
    const p = para(page('08STATE43817'), 4);
    expect(p.marking).toBe('SBU');
    expect(p.text).toMatch(/^begin text of background information:/);
  });
});

describe('GIVEN old cables without per-paragraph markings', () => {
  it('THEN `1. CONFIDENTIAL - ENTIRE TEXT.` has no marking and keeps its text (90CAPETOWN97)', () => {
    const c = page('90CAPETOWN97');
    expect(para(c, 1)).toMatchObject({ marking: null, text: 'CONFIDENTIAL - ENTIRE TEXT.' });
    expect(c.paragraphs.every((p) => p.marking === null)).toBe(true);
  });

  it('THEN `1. (C - ENTIRE TEXT).` reads as the marking `C - ENTIRE TEXT` (knowingly left: the note is kept as a caveat) and ¶2 is unmarked (79TEHRAN8980)', () => {
    const c = page('79TEHRAN8980');
    expect(para(c, 1)).toMatchObject({ marking: 'C - ENTIRE TEXT', text: '.' });
    expect(para(c, 2).marking).toBeNull();
  });
});

describe('GIVEN a parenthesised word after the number that is no classification', () => {
  it('THEN `2. (Afghanistan) …` and `5. (U.S.) …` keep it as text, with no marking (09BERLIN1148)', () => {
    const c = page('09BERLIN1148');
    expect(para(c, 2)).toMatchObject({ marking: null, text: '(Afghanistan) Presidential Elections' });
    expect(para(c, 3)).toMatchObject({ marking: null, text: '(EU) Barroso Election' });
    expect(para(c, 4)).toMatchObject({ marking: null, text: '(Economic) U.S. Recession, Lehman Bros.' });
    expect(para(c, 5)).toMatchObject({ marking: null, text: '(U.S.) Issue of Race in America' });
  });
});

describe('GIVEN readMarking on the forms PARSER-NOTES §6 lists', () => {
  it.each([
    ['(C) text', 'C', 3],
    ['(SBU) text', 'SBU', 5],
    ['(S/NF) text', 'S/NF', 6],
    ['(S//NF) text', 'S//NF', 7],
    ['(C//REL TO USA, KEN, GBR//) text', 'C//REL TO USA, KEN, GBR', 27],
    ['(c) text', 'C', 3],
    ['(C ) text', 'C', 4],
    ['(S/Noforn) text', 'S/NOFORN', 10],
    ['(U//FOUO) text', 'U//FOUO', 9],
    ['(S//FGI//NF) text', 'S//FGI//NF', 12],
    ['(S/REL NATO) text', 'S/REL NATO', 12],
    ['(SE) text', 'SE', 4],
    // cablemap's malformed fixtures: the opening parenthesis lost.
    ['C) text', 'C', 2],
    ['SBU/N) text', 'SBU/N', 6],
    // Kept as written apart from case and spacing around slashes (knowingly: not rewritten to C/NF).
    ['(C NF) text', 'C NF', 6],
  ])('THEN %j is the marking %j taking %i characters', (input, marking, length) => {
    expect(readMarking(input)).toEqual({ marking, length });
  });

  it.each(['(Afghanistan) Presidential Elections', '(U.S.) Issue of Race', '(EU) Barroso', '(Iran) Ban', 'so) the talks', 'Ambassador (C) met'])(
    'THEN %j has no marking',
    (input) => {
      expect(readMarking(input)).toBeNull();
    },
  );
});
