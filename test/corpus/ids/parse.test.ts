import { describe, expect, it } from 'vitest';
import { canonicalizeId, compactTyped, fullYear, idYear, parseId, stripHashtag } from '../../../src/corpus/ids/parse.ts';
import type { NormalizationRule, ParseIdErrorCode } from '../../../src/corpus/ids/parse.ts';

describe('parseId: what people type', () => {
  const forms: [string, NormalizationRule[]][] = [
    ['06MOSCOW754', []],
    ['#06MOSCOW754', []],
    ['  06MOSCOW754 ', []],
    ['06moscow754', ['case']],
    ['06Moscow754', ['case']],
    ['06 MOSCOW 754', ['spacing']],
    ['06-MOSCOW-754', ['spacing']],
    ['# 06 moscow 754', ['case', 'spacing']],
    ['06MOSCOW0754', ['zero-padding']],
    ['06MOSCOW000754', ['zero-padding']],
    ['2006MOSCOW754', ['full-year']],
  ];
  it.each(forms)('GIVEN %j WHEN parsed THEN it is 06MOSCOW754 with rules %j', (typed, rules) => {
    const r = parseId(typed);
    expect(r).toEqual({ ok: true, id: '06MOSCOW754', year: '06', station: 'MOSCOW', typedStation: 'MOSCOW', serial: '754', rules });
  });

  it('GIVEN a header-padded serial (MOSCOW 005645) or an 8-digit page-continuation serial THEN the zeros are stripped', () => {
    expect(parseId('06 MOSCOW 005645')).toMatchObject({ ok: true, id: '06MOSCOW5645' });
    expect(parseId('06 MOSCOW 00005645')).toMatchObject({ ok: true, id: '06MOSCOW5645', rules: ['spacing', 'zero-padding'] });
  });
});

describe('parseId: station aliases (PARSER-NOTES §3, cablemap test_c14n_id_c14n.py)', () => {
  const table: [string, string][] = [
    ['05RIO123', '05RIODEJANEIRO123'],
    ['06SECSTATE123', '06STATE123'],
    ['06PORT-OF-SPAIN123', '06PORTOFSPAIN123'],
    ['07PAP12', '07PORTAUPRINCE12'],
    ['07USUN2', '07USUNNEWYORK2'],
    ['07USEU2', '07USEUBRUSSELS2'],
    ['03HAGUE12', '03THEHAGUE12'],
    ['09MEXICOCITY12', '09MEXICO12'],
    ['02TAIPEI12', '02AITTAIPEI12'],
    ['05EMBASSYVIENNA1', '05VIENNA1'],
    ['05UNVIE1', '05UNVIEVIENNA1'],
    ['09BA123', '09BUENOSAIRES123'],
    ['02USDA12', '02USDAFAS12'],
  ];
  it.each(table)('GIVEN %s THEN parseId and canonicalizeId give %s', (input, expected) => {
    expect(parseId(input)).toMatchObject({ ok: true, id: expected });
    expect(canonicalizeId(input)).toBe(expected);
  });

  it('GIVEN 02BRUSSELS12 THEN it stays BRUSSELS (the bilateral embassy is not USEU)', () => {
    expect(parseId('02BRUSSELS12')).toMatchObject({ ok: true, id: '02BRUSSELS12', rules: [] });
  });

  it('GIVEN an alias THEN the rule says station-alias and typedStation keeps what was typed', () => {
    expect(parseId('06secstate 00123')).toEqual({
      ok: true,
      id: '06STATE123',
      year: '06',
      station: 'STATE',
      typedStation: 'SECSTATE',
      serial: '123',
      rules: ['case', 'spacing', 'station-alias', 'zero-padding'],
    });
  });

  it('GIVEN AMEMBASSY / EMBASSY / USMISSION prefixes THEN they are dropped', () => {
    expect(parseId('09AMEMBASSYHANOI1284')).toMatchObject({ ok: true, id: '09HANOI1284', rules: ['prefix-dropped'] });
    expect(parseId('05EMBASSY VIENNA 1')).toMatchObject({ ok: true, id: '05VIENNA1', rules: ['spacing', 'prefix-dropped'] });
    expect(parseId('06USMISSIONUSNATO418')).toMatchObject({ ok: true, id: '06USNATO418', rules: ['prefix-dropped'] });
    expect(parseId('07USMISSIONUSUN2')).toMatchObject({ ok: true, id: '07USUNNEWYORK2', rules: ['prefix-dropped', 'station-alias'] });
  });

  it('GIVEN multi-word stations typed with spaces THEN they are joined', () => {
    expect(parseId('08 RIO DE JANEIRO 138')).toMatchObject({ ok: true, id: '08RIODEJANEIRO138' });
    expect(parseId('05 sao paulo 405')).toMatchObject({ ok: true, id: '05SAOPAULO405' });
  });

  it('GIVEN the 0TTAWA alias (zero for the letter O) THEN it maps to OTTAWA', () => {
    expect(parseId('060TTAWA12')).toMatchObject({ ok: true, id: '06OTTAWA12', rules: ['station-alias'] });
  });

  it('GIVEN an unknown station THEN it is kept as typed (published IDs have garbled stations)', () => {
    expect(parseId('07SOIA828')).toMatchObject({ ok: true, id: '07SOIA828', station: 'SOIA', rules: [] });
    expect(parseId('09EFTOLONDON2468')).toMatchObject({ ok: true, id: '09EFTOLONDON2468', rules: [] });
  });
});

describe('parseId: not an ID', () => {
  const bad: [string, ParseIdErrorCode][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['#', 'empty'],
    [' # - ', 'empty'],
    ['06MOSCOW754'.repeat(7), 'too-long'],
    ['06MOSCOW754!', 'bad-characters'],
    ['06MOSCOW754.html', 'bad-characters'],
    ['06_MOSCOW_754', 'bad-characters'],
    ['MOSCOW754', 'no-year'],
    ['hello', 'no-year'],
    ['6MOSCOW754', 'bad-year'],
    ['006MOSCOW754', 'bad-year'],
    ['3006MOSCOW754', 'bad-year'],
    ['06754', 'no-station'],
    ['12345', 'no-station'],
    ['06MOSCOW', 'no-serial'],
    ['06MOSCOW000', 'serial-zero'],
    ['06MOSCOW12345678', 'serial-too-long'],
    ['06MOSCOW754X', 'bad-shape'],
    ['90STATE255577TOSEC140323', 'bad-shape'],
    ['06SECTION01O02HONGKONG2311', 'bad-shape'],
  ];
  it.each(bad)('GIVEN %j THEN the code is %s', (input, code) => {
    expect(parseId(input)).toEqual({ ok: false, code });
  });
});

describe('canonicalizeId (cablemap canonicalize_id)', () => {
  // PARSER-NOTES §2: MALFORMED_CABLE_IDS (twin published) and INVALID_CABLE_IDS (not).
  const misprints: [string, string][] = [
    ['08SCTION02OF02SAOPAULO335', '08SAOPAULO335'],
    ['08ECTION01OF02MANAMA492', '08MANAMA492'],
    ['08SECTION01GF02BISHIEK21', '08BISHKEK1021'],
    ['09SECTION02OF03QRIPOLI583', '09TRIPOLI583'],
    ['07SOIA828', '07SOFIA828'],
    ['06MADRID002583ZFR2585', '06MADRID2583'],
    ['07OSLO000160ZDK164', '07OSLO160'],
    ['85NOFORNMOGADISHU1643', '85MOGADISHU1643'],
    ['092OF5', '09STATE126780'],
    ['06ASTANA', '06ASTANA204'],
    ['7575LIBREVILLE1895', '75LIBREVILLE1895'],
    ['09SECTION01OF03SANJOSE525', '09SANJOSE525'],
    ['90STATE255577TOSEC140323', '90STATE255577'],
    ['09AMEMBASSYHANOI1284', '09HANOI1284'],
    ['08ACCRA001382SUSPECTEDDUPLICATE1392', '08ACCRA1392'],
    ['0901OF02RPODUBAI288', '09DUBAI288'],
  ];
  it.each(misprints)('GIVEN the misprinted %s THEN the canonical ID is %s', (published, canonical) => {
    expect(canonicalizeId(published)).toBe(canonical);
  });

  it('GIVEN a table canonical ID with a station typo (09BRUSELS1292 → 09USEUBRUSEELS1292) THEN the alias table fixes it too', () => {
    expect(canonicalizeId('09BRUSELS1292')).toBe('09USEUBRUSSELS1292');
  });

  it('GIVEN a correct ID THEN it is returned unchanged', () => {
    expect(canonicalizeId('08MANAMA492')).toBe('08MANAMA492');
    expect(canonicalizeId('06MOSCOW754')).toBe('06MOSCOW754');
  });

  it('GIVEN padding, case or spaces THEN they are normalised', () => {
    expect(canonicalizeId('06 moscow 000754')).toBe('06MOSCOW754');
  });

  it('GIVEN text that is no ID THEN null', () => {
    expect(canonicalizeId('PARIS POINTS')).toBeNull();
    expect(canonicalizeId('')).toBeNull();
  });
});

describe('years', () => {
  it('GIVEN two-digit years THEN 66–99 are 19YY and 00–10 are 20YY', () => {
    expect(fullYear(66)).toBe(1966);
    expect(fullYear(99)).toBe(1999);
    expect(fullYear(0)).toBe(2000);
    expect(fullYear(10)).toBe(2010);
  });

  it('GIVEN IDs THEN idYear reads the first two digits', () => {
    expect(idYear('06MOSCOW754')).toBe(2006);
    expect(idYear('66BUENOSAIRES2481')).toBe(1966);
    expect(idYear('99DAMASCUS2528')).toBe(1999);
    expect(idYear('00HARARE2271')).toBe(2000);
    expect(idYear('10TRIPOLI115')).toBe(2010);
    expect(idYear('7575LIBREVILLE1895')).toBe(1975);
    expect(idYear('092OF5')).toBe(2009);
    expect(idYear('MOSCOW754')).toBeNull();
    expect(idYear('6MOSCOW')).toBeNull();
  });
});

describe('helpers', () => {
  it('GIVEN a hashtag THEN stripHashtag drops one leading # and whitespace', () => {
    expect(stripHashtag('  #06MOSCOW754 ')).toBe('06MOSCOW754');
    expect(stripHashtag('##06MOSCOW754')).toBe('#06MOSCOW754');
  });

  it('GIVEN mixed case and spacing THEN compactTyped reports both rules', () => {
    expect(compactTyped('06 astana')).toEqual({ text: '06ASTANA', rules: ['case', 'spacing'] });
    expect(compactTyped('06ASTANA')).toEqual({ text: '06ASTANA', rules: [] });
  });
});
