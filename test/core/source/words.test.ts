/** Words of quotes and cable text: what counts as the same word, where omissions are, what is no word. */
import { describe, expect, it } from 'vitest';
import { cableWords, normWord, quoteWords } from '../../../src/core/source/words.ts';
import { quotedPassage } from '../../../src/core/source/passage.ts';

const norms = (ws: { norm: string }[]): string[] => ws.map((w) => w.norm);

describe('GIVEN words in capitals, with accents or compatibility forms', () => {
  it('THEN they normalise to the same lower-case word', () => {
    expect(normWord('LARIJANI')).toBe('larijani');
    expect(normWord('Pérez')).toBe('perez');
    expect(normWord('ﬁnance')).toBe('finance');
  });
});

describe('GIVEN a quote with ellipses and bracketed insertions', () => {
  it('THEN each ellipsis spelling and each insertion is a gap, and the inserted words are gone', () => {
    for (const gap of ['…', '...', '. . .', '[...]', '[…]', '(...)']) {
      const q = quoteWords(`Ivanov said ${gap} the moratorium`);
      expect(norms(q.words), gap).toEqual(['ivanov', 'said', 'the', 'moratorium']);
      expect([...q.gapsBefore], gap).toEqual([2]);
    }
    const q = quoteWords('“[The Ambassador] noted that he had no confirmation”');
    expect(norms(q.words)).toEqual(['noted', 'that', 'he', 'had', 'no', 'confirmation']);
    // A gap before the first word changes nothing: the quote may start anywhere anyway.
    expect([...q.gapsBefore]).toEqual([]);
  });

  it('THEN curly and straight apostrophes split words as the index does, and offsets point into the quote', () => {
    const text = 'Moscow’s view';
    const q = quoteWords(text);
    expect(norms(q.words)).toEqual(['moscow', 's', 'view']);
    expect(q.words.map((w) => text.slice(w.start, w.end))).toEqual(['Moscow', 's', 'view']);
  });

  it('THEN a line-end hyphenation pasted with its break ("govern- ment") is one word, but "well-known" stays two', () => {
    expect(norms(quoteWords('the govern- ment said').words)).toEqual(['the', 'government', 'said']);
    expect(norms(quoteWords('a well-known fact').words)).toEqual(['a', 'well', 'known', 'fact']);
  });
});

describe('GIVEN cable text with SIPDIS, redactions and a word broken at a line end', () => {
  const text = 'THE MINISTER SAID\nTHAT XXXXXXXXXXXX HAD AGREED TO THE\nSIPDIS\nPROPOSAL OF THE GOVERN-\nMENT.';
  const words = cableWords(text);
  it('THEN SIPDIS is no word, the broken word is joined, and the redaction is marked', () => {
    expect(norms(words)).toEqual(['the', 'minister', 'said', 'that', 'xxxxxxxxxxxx', 'had', 'agreed', 'to', 'the', 'proposal', 'of', 'the', 'government']);
    expect(words.filter((w) => w.redaction).map((w) => w.norm)).toEqual(['xxxxxxxxxxxx']);
    expect(words.at(-1)).toMatchObject({ joined: true, text: 'GOVERN-\nMENT' });
  });
  it('THEN offsets point at the words in the original text', () => {
    for (const w of words) expect(text.slice(w.start, w.end)).toBe(w.text);
  });
});

describe('GIVEN a chat message that wraps a quote in commentary', () => {
  it('THEN the quoted span is found (curly, straight, guillemets, block quote), and none when the whole text is the quote', () => {
    expect(quotedPassage('As the cable put it, “the centrifuges did not need to be re-sealed” — wow', 4)).toBe('the centrifuges did not need to be re-sealed');
    expect(quotedPassage('see "breaking the seals broke the moratorium" here', 4)).toBe('breaking the seals broke the moratorium');
    expect(quotedPassage('il a dit «breaking the seals broke the moratorium» hier', 4)).toBe('breaking the seals broke the moratorium');
    expect(quotedPassage('Look:\n> breaking the seals\n> broke the moratorium\nwow', 4)).toBe('breaking the seals\nbroke the moratorium');
    expect(quotedPassage('“breaking the seals broke the moratorium”', 4)).toBeNull();
    expect(quotedPassage('he called it "a disaster" and left', 4)).toBeNull();
  });
});
