import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePageAction, encodePageAction, pageInput } from '../../src/core/paging.ts';
import { cableOptionsSchema } from '../../src/core/input.ts';

describe('GIVEN a paging action', () => {
  it('THEN it round-trips through its string, which fits a Discord custom_id', () => {
    const action = { id: '08ECTION01OF02MANAMA492', target: 6, owner: '123456789012345678' };
    const s = encodePageAction(action);
    expect(s).toBe('cbp|08ECTION01OF02MANAMA492|6|123456789012345678');
    expect(s.length).toBeLessThanOrEqual(100);
    expect(decodePageAction(s)).toEqual(action);
    expect(decodePageAction(encodePageAction({ id: '06MOSCOW754', target: 'card', owner: 'U024BE7LH' }))).toEqual({ id: '06MOSCOW754', target: 'card', owner: 'U024BE7LH' });
  });

  it('THEN it stands for the lookup of that paragraph, or of the card', () => {
    expect(pageInput({ id: '06MOSCOW754', target: 5, owner: 'U1' })).toEqual({ command: 'cable', options: { ref: '06MOSCOW754', paragraphs: [{ from: 5, to: 5 }], source: 'command' } });
    expect(pageInput({ id: '06MOSCOW754', target: 'card', owner: 'U1' }).options.paragraphs).toEqual([]);
  });

  it('THEN strings that are not ours or were tampered with decode to null', () => {
    for (const s of ['', 'cbp', 'cbp|06MOSCOW754|0|U1', 'cbp|06MOSCOW754|5', 'cbp|06moscow754|5|U1', 'cbp|06MOSCOW754|5|U1|x', 'xyz|06MOSCOW754|5|U1', 'cbp|06MOSCOW754|5|<@U1>', `cbp|${'A'.repeat(200)}|5|U1`]) {
      expect(decodePageAction(s), s).toBeNull();
    }
  });

  it('THEN any string decodes without throwing, and what decodes is a valid lookup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), (s) => {
        const a = decodePageAction(s);
        if (a !== null) expect(cableOptionsSchema.safeParse(pageInput(a).options).success).toBe(true);
      }),
    );
  });
});
