import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, oneLine, safeCut, shorten } from '../../src/core/text.ts';

describe('GIVEN shorten', () => {
  it('THEN text that fits is returned unchanged', () => {
    expect(shorten('Ivanov said nothing.', 20)).toBe('Ivanov said nothing.');
  });

  it('THEN it cuts after the last sentence that fits when that keeps most of the budget', () => {
    const text = 'Ivanov met Larijani on Tuesday. He said nothing new. The rest goes on and on and on.';
    expect(shorten(text, 60)).toBe(`Ivanov met Larijani on Tuesday. He said nothing new. ${ELLIPSIS}`);
  });

  it('THEN it does not end a sentence at an initial or an abbreviation', () => {
    const text = 'Ambassador William J. Burns met the U.S. delegation and the Russian side for three hours of talks';
    const out = shorten(text, 40);
    expect(out).toBe(`Ambassador William J. Burns met the${ELLIPSIS}`);
    expect(out.endsWith(ELLIPSIS)).toBe(true);
    expect(out).not.toMatch(/J\. …$/);
    expect(out.length).toBeLessThanOrEqual(40);
  });

  it('THEN without a sentence end it cuts at a word boundary', () => {
    expect(shorten('one two three four five six seven', 16)).toBe(`one two three${ELLIPSIS}`);
  });

  it('THEN a single long word is cut hard, never splitting a surrogate pair', () => {
    expect(shorten('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}${ELLIPSIS}`);
    expect(shorten(`aaaa😀😀😀`, 6)).toBe(`aaaa${ELLIPSIS}`);
  });

  it('THEN the result never exceeds the limit and is a prefix plus the mark, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const out = shorten(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(out).toBe(text);
        else expect(text.startsWith(out.slice(0, -1).trimEnd())).toBe(true);
      }),
    );
  });

  it('THEN a limit below 1 is a caller bug', () => {
    expect(() => shorten('x', 0)).toThrow(RangeError);
  });
});

describe('GIVEN safeCut and oneLine', () => {
  it('THEN safeCut keeps surrogate pairs whole and oneLine collapses whitespace', () => {
    expect(safeCut('ab😀', 3)).toBe('ab');
    expect(oneLine('  a\n b\t\tc ')).toBe('a b c');
  });
});
