import { describe, expect, it } from 'vitest';
import { knownIdPredicate } from '../../../src/core/grammar/index.ts';
import { defaultIdIndex, ID_SHAPE } from '../../../src/corpus/ids/index.ts';

const ids = defaultIdIndex();
const isKnown = knownIdPredicate(ids);
const byResolve = (id: string): boolean => ['exact', 'misprint', 'normalized'].includes(ids.resolve(id).kind);

/** A deterministic sample of real IDs, typed the ways people type them, plus near misses. */
function sample(): string[] {
  const all = [...ids.ids()];
  const out = ['06MOSCOW754', '06ASTANA', '08ECTION01OF02MANAMA492', '08MANAMA492', '09HANOI1284', '06SECSTATE123', '07USUN2', '060TTAWA12', '06TAIPEI0123'];
  for (let k = 0; k < all.length; k += 2_017) {
    const id = all[k] ?? '';
    out.push(id);
    const m = ID_SHAPE.exec(id);
    if (m === null) continue;
    const [, year = '', station = '', serial = ''] = m;
    out.push(`${year}${station}000${serial}`, `20${year}${station}${serial}`, `${year}${station}${serial}9`, `${year}${station.slice(1)}${serial}`);
  }
  return out;
}

describe('knownIdPredicate', () => {
  it('GIVEN real IDs, their padded / full-year / alias forms and near misses THEN it agrees with IdIndex.resolve', () => {
    const disagreements = sample().filter((id) => isKnown(id) !== byResolve(id));
    expect(disagreements).toEqual([]);
  });

  it('GIVEN text that is not an ID THEN false', () => {
    for (const text of ['', 'HELLO', '10AM', '06MOSCOW', '06MOSCOW99999']) expect(isKnown(text)).toBe(false);
  });
});
