import { describe, expect, it } from 'vitest';
import { editDistance, EDIT_COSTS, weightedEditCost } from '../../../src/corpus/ids/distance.ts';

describe('editDistance (optimal string alignment Damerau–Levenshtein)', () => {
  it.each([
    ['', '', 0],
    ['', 'ABC', 3],
    ['ABC', '', 3],
    ['06MOSCOW754', '06MOSCOW754', 0],
    ['06MOSCOW745', '06MOSCOW754', 1], // swapped digits
    ['06MOSCWO754', '06MOSCOW754', 1], // swapped letters
    ['06MOSCOW75', '06MOSCOW754', 1], // missing digit
    ['06MOSCOW7544', '06MOSCOW754', 1], // extra digit
    ['16MOSCOW754', '06MOSCOW754', 1], // wrong year digit
    ['06MOSCOW', '06MOSCOW754', 3],
    ['CA', 'ABC', 3], // OSA: no edit inside a swapped pair (true Damerau–Levenshtein would say 2)
  ])('GIVEN %j and %j THEN %i edits', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('GIVEN a cap THEN a far pair returns early with a value above the cap, a near one exactly', () => {
    expect(editDistance('06MOSCOW754', '99ZZZZZZ1', 2)).toBeGreaterThan(2);
    expect(editDistance('06MOSCOW745', '06MOSCOW754', 2)).toBe(1);
    // The early stop must not cut off a cheap transposition two rows on.
    expect(editDistance('ABDC', 'ABCD', 1)).toBe(1);
  });
});

describe('weightedEditCost', () => {
  it('GIVEN a transposition and a substitution THEN the transposition is cheaper (so 06MOSCOW754 outranks 06MOSCOW746 for 06MOSCOW745)', () => {
    expect(EDIT_COSTS.transpose).toBeLessThan(EDIT_COSTS.substitute);
    expect(weightedEditCost('06MOSCOW745', '06MOSCOW754')).toBe(EDIT_COSTS.transpose);
    expect(weightedEditCost('06MOSCOW745', '06MOSCOW746')).toBe(EDIT_COSTS.substitute);
    expect(weightedEditCost('06MOSCOW75', '06MOSCOW754')).toBe(EDIT_COSTS.insert);
  });

  it('GIVEN two edits THEN the costs add up', () => {
    expect(weightedEditCost('07MOSCOW745', '06MOSCOW754')).toBe(EDIT_COSTS.substitute + EDIT_COSTS.transpose);
  });

  it('GIVEN a cap THEN the cost stops early above it', () => {
    expect(weightedEditCost('06MOSCOW754', '09STATE1', 8)).toBeGreaterThan(8);
  });
});
