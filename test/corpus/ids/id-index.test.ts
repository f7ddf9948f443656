import { describe, expect, it } from 'vitest';
import { defaultIdIndex, IdIndex, VIEWER_BASE_URL } from '../../../src/corpus/ids/id-index.ts';
import { DEFAULT_ID_DATA_DIR } from '../../../src/corpus/ids/tables.ts';

// The real index over data/ids (251,287 IDs): small enough to load in every test file.
const index = defaultIdIndex();

describe('IdIndex: loading', () => {
  it('GIVEN data/ids THEN all 251,287 IDs are indexed', () => {
    expect(index.size).toBe(251_287);
  });

  it('GIVEN defaultIdIndex called twice THEN the same instance is returned (lazy singleton)', () => {
    expect(defaultIdIndex()).toBe(index);
  });

  it('GIVEN a directory THEN the constructor loads it, in well under a second', () => {
    const own = new IdIndex(DEFAULT_ID_DATA_DIR);
    expect(own.size).toBe(251_287);
    expect(own.loadMs).toBeGreaterThan(0);
    expect(own.loadMs).toBeLessThan(2_000);
  });
});

describe('IdIndex: has / month / year', () => {
  it('GIVEN a published ID THEN has() is true and month() gives the month it was created', () => {
    expect(index.has('06MOSCOW754')).toBe(true);
    expect(index.month('06MOSCOW754')).toBe(1);
    expect(index.month('66BUENOSAIRES2481')).toBe(12);
    expect(index.month('99DAMASCUS2528')).toBe(5);
  });

  it('GIVEN an ID that is not published, or not written exactly THEN has() is false and month() null', () => {
    expect(index.has('06MOSCOW99999')).toBe(false);
    expect(index.has('06moscow754')).toBe(false);
    expect(index.has('#06MOSCOW754')).toBe(false);
    expect(index.month('06MOSCOW99999')).toBeNull();
  });

  it('GIVEN IDs of both centuries THEN idYear gives 19YY for 66–99 and 20YY for 00–10', () => {
    expect(index.idYear('66BUENOSAIRES2481')).toBe(1966);
    expect(index.idYear('99DAMASCUS2528')).toBe(1999);
    expect(index.idYear('00HARARE2271')).toBe(2000);
    expect(index.idYear('10TRIPOLI115')).toBe(2010);
    expect(index.idYear('06MOSCOW99999')).toBeNull();
  });

  it('GIVEN the 53 odd-shaped official IDs THEN they are findable exactly as published', () => {
    for (const id of ['06ASTANA', '90STATE255577TOSEC140323', '06SECTION01O02HONGKONG2311', '092OF5', '7575LIBREVILLE1895']) {
      expect(index.has(id), id).toBe(true);
    }
    expect(index.viewerPath('06ASTANA')).toBe('cable/2006/10/06ASTANA.html');
    expect(index.viewerPath('90STATE255577TOSEC140323')).toBe('cable/1990/08/90STATE255577TOSEC140323.html');
  });
});

describe('IdIndex: viewer links', () => {
  it('GIVEN 06MOSCOW754 THEN the path and URL are those of the WikiLeaks viewer', () => {
    expect(index.viewerPath('06MOSCOW754')).toBe('cable/2006/01/06MOSCOW754.html');
    expect(index.viewerUrl('06MOSCOW754')).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html');
    expect(index.viewerUrl('06MOSCOW754', 5)).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5');
    expect(VIEWER_BASE_URL).toBe('https://wikileaks.org/');
  });

  it('GIVEN an ID whose page is not in our corpus THEN it still has a viewer URL (month from the ID list)', () => {
    expect(index.viewerUrl('99DAMASCUS2528')).toBe('https://wikileaks.org/cable/1999/05/99DAMASCUS2528.html');
    expect(index.viewerPath('66BUENOSAIRES2481')).toBe('cable/1966/12/66BUENOSAIRES2481.html');
  });

  it('GIVEN a lettered REF item anchor THEN the URL uses #parB like the viewer', () => {
    expect(index.viewerUrl('06MOSCOW754', 'B')).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#parB');
  });

  it('GIVEN a bad paragraph THEN RangeError; GIVEN an unknown ID THEN null', () => {
    expect(() => index.viewerUrl('06MOSCOW754', -1)).toThrow(RangeError);
    expect(() => index.viewerUrl('06MOSCOW754', 1.5)).toThrow(RangeError);
    expect(() => index.viewerUrl('06MOSCOW754', '5"><script>')).toThrow(RangeError);
    expect(index.viewerUrl('06MOSCOW99999', 5)).toBeNull();
    expect(index.viewerPath('09HANOI1284')).toBeNull();
  });
});

describe('IdIndex: misprints (PARSER-NOTES §2)', () => {
  it('GIVEN a misprint whose twin is published THEN canonicalOf and publishedFor go both ways', () => {
    expect(index.canonicalOf('08ECTION01OF02MANAMA492')).toBe('08MANAMA492');
    expect(index.publishedFor('08MANAMA492')).toEqual(['08MANAMA492', '08ECTION01OF02MANAMA492']);
    expect(index.canonicalOf('07SOIA828')).toBe('07SOFIA828');
    expect(index.publishedFor('07SOFIA828')).toEqual(['07SOFIA828', '07SOIA828']);
    expect(index.canonicalOf('06ASTANA')).toBe('06ASTANA204');
  });

  it('GIVEN a cable published only misprinted THEN its correct ID leads to the misprint', () => {
    expect(index.canonicalOf('09AMEMBASSYHANOI1284')).toBe('09HANOI1284');
    expect(index.publishedFor('09HANOI1284')).toEqual(['09AMEMBASSYHANOI1284']);
    expect(index.publishedFor('90STATE255577')).toEqual(['90STATE255577TOSEC140323']);
    expect(index.misprint('0901OF02RPODUBAI288')).toEqual({ publishedId: '0901OF02RPODUBAI288', canonicalId: '09DUBAI288', twinPublished: false });
  });

  it('GIVEN a normal ID THEN canonicalOf is itself and publishedFor lists only it; GIVEN unknown THEN null / []', () => {
    expect(index.canonicalOf('06MOSCOW754')).toBe('06MOSCOW754');
    expect(index.publishedFor('06MOSCOW754')).toEqual(['06MOSCOW754']);
    expect(index.canonicalOf('06MOSCOW99999')).toBeNull();
    expect(index.publishedFor('06MOSCOW99999')).toEqual([]);
    expect(index.publishedFor('06ASTANA')).toEqual([]);
    expect(index.misprint('06MOSCOW754')).toBeNull();
  });
});

describe('IdIndex.resolve', () => {
  it('GIVEN a published ID as typed (hashtag allowed) THEN exact', () => {
    expect(index.resolve('06MOSCOW754')).toEqual({ kind: 'exact', id: '06MOSCOW754', canonicalId: '06MOSCOW754' });
    expect(index.resolve('#06MOSCOW754')).toEqual({ kind: 'exact', id: '06MOSCOW754', canonicalId: '06MOSCOW754' });
    expect(index.resolve(' 08MANAMA492 ')).toEqual({ kind: 'exact', id: '08MANAMA492', canonicalId: '08MANAMA492' });
  });

  it.each([
    ['06moscow754', ['case']],
    ['06 MOSCOW 754', ['spacing']],
    ['06-MOSCOW-754', ['spacing']],
    ['06MOSCOW0754', ['zero-padding']],
    ['06MOSCOW000754', ['zero-padding']],
    ['2006MOSCOW754', ['full-year']],
    ['#06 moscow 000754', ['case', 'spacing', 'zero-padding']],
  ])('GIVEN %j THEN normalized to 06MOSCOW754 by %j', (typed, rules) => {
    expect(index.resolve(typed)).toEqual({ kind: 'normalized', id: '06MOSCOW754', canonicalId: '06MOSCOW754', rules });
  });

  it.each([
    ['06SECSTATE11689', '06STATE11689', ['station-alias']],
    ['07USUN2', '07USUNNEWYORK2', ['station-alias']],
    ['07USEU90', '07USEUBRUSSELS90', ['station-alias']],
    ['05RIO19', '05RIODEJANEIRO19', ['station-alias']],
    ['06PORT-OF-SPAIN74', '06PORTOFSPAIN74', ['spacing']],
    ['07PAP36', '07PORTAUPRINCE36', ['station-alias']],
    ['03HAGUE1375', '03THEHAGUE1375', ['station-alias']],
    ['09MEXICOCITY1', '09MEXICO1', ['station-alias']],
    ['06TAIPEI428', '06AITTAIPEI428', ['station-alias']],
    ['05EMBASSYVIENNA7', '05VIENNA7', ['prefix-dropped']],
    ['09BA5', '09BUENOSAIRES5', ['station-alias']],
    ['06 AMEMBASSY MOSCOW 000754', '06MOSCOW754', ['spacing', 'prefix-dropped', 'zero-padding']],
  ])('GIVEN the station alias in %s THEN normalized to %s', (typed, id, rules) => {
    expect(index.has(typed)).toBe(false);
    expect(index.resolve(typed)).toEqual({ kind: 'normalized', id, canonicalId: id, rules });
  });

  it('GIVEN 07TAIPEI2462, where 07AITTAIPEI2462 is a different published cable THEN the TAIPEI one is kept in every spelling', () => {
    expect(index.has('07AITTAIPEI2462')).toBe(true);
    expect(index.resolve('07TAIPEI2462')).toEqual({ kind: 'exact', id: '07TAIPEI2462', canonicalId: '07TAIPEI2462' });
    expect(index.resolve('07taipei02462')).toEqual({ kind: 'normalized', id: '07TAIPEI2462', canonicalId: '07TAIPEI2462', rules: ['case', 'zero-padding'] });
  });

  it('GIVEN a published misprint THEN misprint, linked under the ID as typed (never corrected)', () => {
    expect(index.resolve('08ECTION01OF02MANAMA492')).toEqual({
      kind: 'misprint',
      id: '08ECTION01OF02MANAMA492',
      canonicalId: '08MANAMA492',
      via: 'published-misprint',
      twinPublished: true,
      rules: [],
    });
    expect(index.resolve('06astana')).toMatchObject({ kind: 'misprint', id: '06ASTANA', canonicalId: '06ASTANA204', rules: ['case'] });
    expect(index.resolve('90STATE255577TOSEC140323')).toMatchObject({ kind: 'misprint', id: '90STATE255577TOSEC140323', twinPublished: false });
  });

  it('GIVEN the correct ID of a cable published only misprinted THEN misprint, linked under the misprint', () => {
    expect(index.resolve('09HANOI1284')).toEqual({
      kind: 'misprint',
      id: '09AMEMBASSYHANOI1284',
      canonicalId: '09HANOI1284',
      via: 'unpublished-canonical',
      twinPublished: false,
      rules: [],
    });
    expect(index.resolve('75 libreville 1895')).toMatchObject({ kind: 'misprint', id: '7575LIBREVILLE1895', rules: ['case', 'spacing'] });
    expect(index.resolve('90STATE255577')).toMatchObject({ kind: 'misprint', id: '90STATE255577TOSEC140323' });
    expect(index.resolve('09USEUBRUSSELS1292')).toMatchObject({ kind: 'misprint', id: '09BRUSELS1292' });
  });

  it('GIVEN the correct ID of a cable whose twin is published THEN exact: the correct ID wins', () => {
    expect(index.resolve('07SOFIA828')).toEqual({ kind: 'exact', id: '07SOFIA828', canonicalId: '07SOFIA828' });
  });

  it('GIVEN an ID-shaped text that names no cable THEN unknown, normalised, with ranked suggestions', () => {
    const r = index.resolve('06moscow0745');
    expect(r.kind).toBe('unknown');
    if (r.kind !== 'unknown') return;
    expect(r.normalizedId).toBe('06MOSCOW745');
    expect(r.suggestions[0]?.id).toBe('06MOSCOW754');
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
  });

  it('GIVEN text that is no ID THEN invalid with the parse code', () => {
    expect(index.resolve('')).toEqual({ kind: 'invalid', code: 'empty', suggestions: [] });
    expect(index.resolve('#')).toEqual({ kind: 'invalid', code: 'empty', suggestions: [] });
    expect(index.resolve('hello there')).toEqual({ kind: 'invalid', code: 'no-year', suggestions: [] });
    expect(index.resolve('06MOSCOW754!')).toEqual({ kind: 'invalid', code: 'bad-characters', suggestions: [] });
  });

  it('GIVEN an almost-ID with a broken shape (6MOSCOW754) THEN invalid, but with the near miss', () => {
    const r = index.resolve('6MOSCOW754');
    expect(r).toMatchObject({ kind: 'invalid', code: 'bad-year' });
    expect(r.kind === 'invalid' ? r.suggestions[0]?.id : undefined).toBe('06MOSCOW754');
  });
});
