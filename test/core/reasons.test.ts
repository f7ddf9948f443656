import { describe, expect, it } from 'vitest';
import { explainReasons, reasonCategory } from '../../src/core/reasons.ts';

describe('GIVEN reason notation as cables write it', () => {
  it.each([
    ['1.4 (B & D)', ['1.4(b)', '1.4(d)']],
    ['1.4(b) and (d)', ['1.4(b)', '1.4(d)']],
    ['1.4 b/d', ['1.4(b)', '1.4(d)']],
    ['1.4(c), 1.4(d)', ['1.4(c)', '1.4(d)']],
    ['Ambassador William J. Burns, for reasons 1.4 (B & D)', ['1.4(b)', '1.4(d)']],
    ['1.5 (B) AND (D)', ['1.5(b)', '1.5(d)']],
    ['1.4(h)', ['1.4(h)']],
  ])('GIVEN %j THEN the codes are %j', (text, codes) => {
    expect(explainReasons(text).reasons.map((r) => r.code)).toEqual(codes);
  });

  it('THEN every letter a–h of §1.4 has its category, and (h) is weapons of mass destruction', () => {
    const all = explainReasons('1.4 (a, b, c, d, e, f, g, h)').reasons;
    expect(all.map((r) => r.letter)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(all[7]?.category).toBe('weapons of mass destruction');
    expect(all[4]?.category).toContain('transnational terrorism');
  });

  it('THEN every letter a–h of §1.4 and a–g of §1.5 has its words, and nothing else does', () => {
    const amended = explainReasons('1.4 (a, b, c, d, e, f, g, h)');
    expect(amended.reasons.map((x) => x.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((l) => `1.4(${l})`));
    expect(amended.unknown).toEqual([]);
    expect(amended.reasons.find((x) => x.letter === 'h')?.category).toBe('weapons of mass destruction');
    const original = explainReasons('1.5 (a, b, c, d, e, f, g)');
    expect(original.reasons.map((x) => x.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((l) => `1.5(${l})`));
    expect(original.reasons.find((x) => x.letter === 'c')?.category).toBe('intelligence activities (including special activities), intelligence sources or methods, or cryptology');
    expect(original.reasons.find((x) => x.letter === 'f')?.category).toBe('United States Government programs for safeguarding nuclear materials or facilities');
    expect(new Set([...amended.reasons, ...original.reasons].map((x) => x.category)).size).toBe(10); // 8 amended categories + the 1995 wording of (e) and (g)
  });

  it('THEN §1.5 is the 1995 list: a–g without the 2003 terrorism clauses, and no (h)', () => {
    const r = explainReasons('1.5 (a, e, g, h)');
    expect(r.reasons.map((x) => x.code)).toEqual(['1.5(a)', '1.5(e)', '1.5(g)']);
    expect(r.reasons[1]?.category).toBe('scientific, technological, or economic matters relating to the national security');
    expect(r.unknown).toEqual([{ code: '1.5(h)', section: '1.5', letter: 'h' }]);
  });

  it('THEN unknown letters are reported, repeats kept once, text without notation gives nothing', () => {
    expect(explainReasons('1.4 (j) and 1.4(b) 1.4(b)')).toEqual({
      reasons: [{ code: '1.4(b)', section: '1.4', letter: 'b', category: 'foreign government information' }],
      unknown: [{ code: '1.4(j)', section: '1.4', letter: 'j' }],
    });
    expect(explainReasons('for reasons of state')).toEqual({ reasons: [], unknown: [] });
  });

  it('THEN reasonCategory reads store codes and rejects anything else', () => {
    expect(reasonCategory('1.4(d)')).toContain('foreign relations');
    expect(reasonCategory('1.6(a)')).toBeNull();
    expect(reasonCategory('1.4(z)')).toBeNull();
  });
});
