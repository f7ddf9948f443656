import { describe, expect, it } from 'vitest';
import { defaultIdIndex } from '../../../src/corpus/ids/id-index.ts';

const index = defaultIdIndex();
const ids = (typed: string, limit?: number): string[] => index.suggest(typed, limit).map((s) => s.id);

describe('IdIndex.suggest: the slips people make', () => {
  it('GIVEN transposed digits (06MOSCOW745) THEN 06MOSCOW754 comes first, ahead of numerically closer one-digit changes', () => {
    expect(index.has('06MOSCOW745')).toBe(false);
    const s = index.suggest('06MOSCOW745');
    expect(s[0]).toEqual({ id: '06MOSCOW754', canonicalId: '06MOSCOW754', edits: 1 });
  });

  it('GIVEN a misspelt station (06MOSCWO754, 06MOSOCW754) THEN 06MOSCOW754 comes first', () => {
    expect(ids('06MOSCWO754')[0]).toBe('06MOSCOW754');
    expect(ids('06MOSOCW754')[0]).toBe('06MOSCOW754');
    expect(ids('06MOSCOWW754')[0]).toBe('06MOSCOW754');
  });

  it('GIVEN a missing digit (06MOSCOW74, 06MOSCOW75) THEN 06MOSCOW754 comes first', () => {
    expect(ids('06MOSCOW74')[0]).toBe('06MOSCOW754');
    expect(ids('06MOSCOW75')[0]).toBe('06MOSCOW754');
    expect(ids('06MOSCOW645')[0]).toBe('06MOSCOW5645');
  });

  it('GIVEN an extra digit (06MOSCOW7544) THEN 06MOSCOW754 comes first', () => {
    expect(ids('06MOSCOW7544')[0]).toBe('06MOSCOW754');
  });

  it('GIVEN a wrong year digit (16MOSCOW754, no 2016 cables) THEN 06MOSCOW754 comes first', () => {
    expect(ids('16MOSCOW754')[0]).toBe('06MOSCOW754');
  });

  it('GIVEN a slip that breaks the shape (6MOSCOW754, 06MOSCOW754X) THEN the near miss is still found', () => {
    expect(ids('6MOSCOW754')).toEqual(['06MOSCOW754']);
    expect(ids('06MOSCOW754X')[0]).toBe('06MOSCOW754');
  });

  it('GIVEN lower case, spaces and padding around a slip THEN it is normalised first', () => {
    expect(ids('#06 moscow 000745')[0]).toBe('06MOSCOW754');
  });

  it('GIVEN a slip in a TAIPEI ID (TAIPEI is also an alias of AITTAIPEI) THEN the TAIPEI cable is found', () => {
    expect(ids('06TAIPEI91853')[0]).toBe('06TAIPEI1853');
  });

  it('GIVEN a slip in the correct ID of an only-misprinted cable THEN the suggestion links the published misprint', () => {
    expect(index.suggest('09HANOI1248')[0]).toEqual({ id: '09AMEMBASSYHANOI1284', canonicalId: '09HANOI1284', edits: 1 });
  });

  it('GIVEN a slip in an odd-shaped official ID THEN that ID is suggested', () => {
    expect(ids('90STATE255577TOSEC14032')[0]).toBe('90STATE255577TOSEC140323');
    expect(ids('06ASTAN')).toContain('06ASTANA');
  });
});

describe('IdIndex.suggest: contract', () => {
  it('GIVEN a dense serial range and the default limit THEN five suggestions, each one or two edits away', () => {
    const s = index.suggest('08TIRANA195');
    expect(s).toHaveLength(5);
    expect(s.every((x) => x.edits >= 1 && x.edits <= 2)).toBe(true);
  });

  it('GIVEN a limit THEN it is respected; GIVEN 0 THEN nothing', () => {
    expect(ids('08TIRANA195', 2)).toHaveLength(2);
    expect(ids('08TIRANA195', 0)).toEqual([]);
  });

  it('GIVEN the same text twice THEN the same list (deterministic ties)', () => {
    expect(index.suggest('07ANKARA12345')).toEqual(index.suggest('07ANKARA12345'));
    expect(index.suggest('08TIRANA195')).toEqual(index.suggest('08TIRANA195'));
  });

  it('GIVEN equal cost THEN the typed year and station come first, then the numerically closest serial', () => {
    // 05CARACAS851 is not published; 05CARACAS855 (same year+station) and 04CARACAS851 are both
    // one substitution away.
    expect(index.has('05CARACAS851')).toBe(false);
    expect(index.has('04CARACAS851')).toBe(true);
    const s = ids('05CARACAS851', 20);
    expect(s.indexOf('05CARACAS855')).toBeLessThan(s.indexOf('04CARACAS851'));
    expect(s.indexOf('05CARACAS855')).toBeLessThan(s.indexOf('05CARACAS951'));
  });

  it('GIVEN a published ID THEN it is never suggested for itself', () => {
    expect(ids('06MOSCOW754')).not.toContain('06MOSCOW754');
  });

  it('GIVEN nothing close THEN nothing, and never an error', () => {
    expect(ids('99ZZZZZZ1')).toEqual([]);
    expect(ids('')).toEqual([]);
    expect(ids('!!!')).toEqual([]);
    expect(ids('x'.repeat(500))).toEqual([]);
  });
});
