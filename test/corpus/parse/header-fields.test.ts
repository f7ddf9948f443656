/**
 * The fields before paragraph 1 (PARSER-NOTES §4–§5): SUBJECT, TAGS, REF, E.O. declassification,
 * Classified By with its reasons, and the SUMMARY (§6, cablemap's `Summary.`/`End Summary.`).
 */
import { describe, expect, it } from 'vitest';
import { parseReasons, scanReasonLetters } from '../../../src/corpus/reasons.ts';
import { page, pageParts, para } from './fixtures.ts';

describe('GIVEN SUBJECT lines', () => {
  it('THEN a subject over two lines is joined with one space, from the body rather than the cut-off <h3> (05BEIRUT2153)', () => {
    expect(pageParts('05BEIRUT2153').h3Subject).toBe('THE NEW AND IMPROVED NABIH BERRI SAYS THE RIGHT');
    expect(page('05BEIRUT2153').subject).toBe('THE NEW AND IMPROVED NABIH BERRI SAYS THE RIGHT THING ON REFORM, NEED FOR QUIET ALONG BLUE LINE');
  });

  it('THEN `SUBJECT:  X / Y` followed by REF is joined and squashed, curly apostrophe kept (00HARARE5461)', () => {
    expect(page('00HARARE5461').subject).toBe('ZANU-PF REPORTEDLY INTERESTED IN DEAL WITH MDC THAT INVOLVES MUGABE’S DEPARTURE');
  });

  it('THEN a wrapped subject ending in a comma continues on the next line (04THEHAGUE1915)', () => {
    expect(page('04THEHAGUE1915').subject).toBe('SURVEILLANCE OF U.S. EMBASSY THE HAGUE 07/27/2004, ADDITIONAL INFORMATION');
  });

  it('THEN `SUBJ:` is a subject label (90CAPETOWN97) and `Subject:` in lower case too, its text kept as written (08STATE43817)', () => {
    expect(page('90CAPETOWN97').subject).toBe('ESSA MOOSA TALKS ABOUT MANDELA AND OTHER TOPICS');
    expect(page('08STATE43817').subject).toBe("syria's clandestine nuclear program");
  });

  it('THEN on a reflowed page the subject stops at the REF on its line (06BUENOSAIRES118) or at Classified By (09MOSCOW1530)', () => {
    expect(page('06BUENOSAIRES118').subject).toBe('MINISTER MICELI DISCUSSES ECONOMIC POLICY AND LATIN AMERICAN DEVELOPMENT WITH A/S SHANNON');
    expect(page('09MOSCOW1530').subject).toBe('NORD STREAM CEO SAYS PIPELINE WILL BE COMPLETED BY OCTOBER 2011 -- IF IT STARTS ON TIME');
  });

  it('THEN a cable with no SUBJECT line and an empty <h3> has no subject (06MOSCOW3335, 02BRASILIA4227)', () => {
    expect(page('06MOSCOW3335').subject).toBeNull();
    expect(page('02BRASILIA4227').subject).toBeNull();
  });
});

describe('GIVEN TAGS lines', () => {
  it('THEN space-separated tags, linked on the page, are read in order (06BOGOTA2291)', () => {
    expect(pageParts('06BOGOTA2291').body).toContain('TAGS: KJUS PGOV PREL PTER CO');
    expect(page('06BOGOTA2291').tags).toEqual(['KJUS', 'PGOV', 'PREL', 'PTER', 'CO']);
  });

  it('THEN `TAGS PGOV, PINS, …` with no colon and commas is read (00HARARE5461)', () => {
    expect(page('00HARARE5461').tags).toEqual(['PGOV', 'PINS', 'ZI', 'MDC', 'ZANU-PF']);
  });

  it('THEN `Tags: knnp, dprk, …` in lower case is upper-cased (08STATE43817)', () => {
    expect(page('08STATE43817').tags).toEqual(['KNNP', 'DPRK', 'SY', 'IAEA', 'PARM', 'PREL']);
  });

  it('THEN duplicates are removed; `HUMAN RIGHTS` splits into two tags (knowingly left: cablemap keeps it whole, PARSER-NOTES says tags are space- or comma-separated) (02ROME1196)', () => {
    expect(page('02ROME1196').tags).toEqual(['PHUM', 'OPRC', 'IT', 'ITPHUM', 'HUMAN', 'RIGHTS']);
  });

  it('THEN TAGS on the E.O. line of a reflowed page are read, and the declassification date too (06MOSCOW3335)', () => {
    const c = page('06MOSCOW3335');
    expect(c.tags).toEqual(['PGOV', 'ECON', 'PINR', 'RS']);
    expect(c.declassify).toBe('2016-03-30');
  });
});

describe('GIVEN E.O. declassification lines', () => {
  it.each([
    ['02BRASILIA4227', 'DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012', '2012-11-22'],
    ['00HARARE5461', 'EO 12958 DECL: 09/21/10', '2010-09-21'],
    ['02BOGOTA3281', 'E.O. 12958: DECL: 4/4/2012', '2012-04-04'],
    ['08ECTION01OF02MANAMA492', 'E.O. 1295: DECL: 07/24/2018 (a garbled label: not read)', null],
    ['06MEXICO1311', 'E.O. 12958: N/A', null],
    ['86MADRID5480', 'E.O. 12356: DECL:  OADR', null],
  ])('THEN %s (`%s`) gives %j', (id, _line, expected) => {
    expect(page(id).declassify).toBe(expected);
  });
});

describe('GIVEN REF lines (PARSER-NOTES §4)', () => {
  it('THEN the §4 example list gives the citing year to year-less items and drops leading zeros (07TBILISI1732)', () => {
    expect(page('07TBILISI1732').references).toEqual([
      '07TBILISI1605',
      '07TBILISI1352',
      '07TBILISI1100',
      '06TBILISI2601',
      '06TBILISI2590',
      '06TBILISI2425',
      '06TBILISI2390',
      '06TBILISI1532',
      '06STATE80908',
      '06TBILISI1064',
      '06TBILISI619',
      '06TBILISI397',
      '06MOSCOW546',
      '06TBILISI140',
      '05TBILISI3171',
    ]);
  });

  it('THEN a REF list on one line with Classified By stops there (06MOSCOW3335)', () => {
    expect(page('06MOSCOW3335').references).toEqual(['05MOSCOW14734', '06MOSCOW1082', '06MOSCOW1434', '05MOSCOW15735', '06MOSCOW3218']);
  });

  it('THEN a PAGE line inside the list is skipped and e-mails are ignored (02ROME1196)', () => {
    expect(pageParts('02ROME1196').body).toContain('REF: A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098');
    expect(page('02ROME1196').references).toEqual(['02STATE40721', '02ROME1098', '02ROME894', '02ROME348']);
  });

  it('THEN SECSTATE becomes STATE (03THEHAGUE2983) and multi-word stations are joined (06SAOPAULO332, 04THEHAGUE1915)', () => {
    expect(page('03THEHAGUE2983').references).toEqual(['03STATE326258']);
    expect(page('06SAOPAULO332').references).toEqual(['05SAOPAULO554', '05BRASILIA2692']);
    expect(page('04THEHAGUE1915').references).toEqual(['04THEHAGUE1903']);
  });

  it('THEN a REF on the SUBJECT line of a reflowed page is read (06BUENOSAIRES118)', () => {
    expect(page('06BUENOSAIRES118').references).toEqual(['05BUENOSAIRES3122']);
  });

  it('THEN the second item of a list the viewer anchored as `¶B.` is read (06MEXICO1311, 06BOGOTA2291)', () => {
    expect(pageParts('06MEXICO1311').anchors[0]).toBe('B');
    expect(page('06MEXICO1311').references).toEqual(['06MEXICO536', '06MEXICO765']);
    expect(page('06BOGOTA2291').references).toEqual(['06BOGOTA1965', '06BOGOTA1987']);
  });

  it('THEN the cable\'s own page line after the list is no reference (00HARARE5461) and 1986 serials take the year 86 (86MADRID5480)', () => {
    expect(page('00HARARE5461').references).toEqual(['00HARARE5346']);
    expect(page('86MADRID5480').references).toEqual(['86MADRID5426', '86MADRID5425', '86MADRID5418']);
    expect(page('06REYKJAVIK88').references).toEqual(['06STATE37552', '06REYKJAVIK50']);
  });

  it('THEN a cable without a REF line has no references (08LONDON2858)', () => {
    expect(page('08LONDON2858').references).toEqual([]);
  });
});

describe('GIVEN Classified By lines on real pages', () => {
  it.each([
    ['06BOGOTA2291', 'Ambassador William B. Wood', ['1.4(b)', '1.4(d)']],
    ['05BEIRUT2153', 'Jeffrey Feltman, Ambassador', ['1.4(b)', '1.4(d)']],
    ['00HARARE5461', 'DCM EARL IRVING', ['1.5(b)', '1.5(d)']],
    ['02BRASILIA4227', 'POLOFF RICHARD REITER', ['1.5(b)', '1.5(d)']],
    ['03THEHAGUE2983', 'Political Counselor Mary E. Daly', ['1.5(b)', '1.5(d)']],
    ['06BOGOTA2076', 'DCM Milton K. Drucker', ['1.4(b)', '1.4(d)']],
    ['05QUITO1978', 'CDA JEFFERSON BROWN', ['1.4(b)', '1.4(d)']],
    ['08LONDON2858', 'Acting Political Counselor Jim Donegan', ['1.4(b)', '1.4(d)']],
    ['09NAIROBI1171', 'Ambassador Michael Ranneberger', ['1.4(b)', '1.4(d)']],
    ['07TBILISI1732', 'Ambassador John F. Tefft', ['1.4(b)', '1.4(d)']],
    ['08STATE116943', 'Derived from Multiple Sources', []],
  ])('THEN %s is classified by %j for %j', (id, name, reasons) => {
    const c = page(id);
    expect(c.classifiedBy).toBe(name);
    expect(c.reasons).toEqual(reasons);
  });

  it('THEN the raw lines behind three of them are the variants PARSER-NOTES lists', () => {
    expect(pageParts('03THEHAGUE2983').body).toContain('Classified By: Political Counselor Mary E. Daly for reasons 1.5 (b and \nd)');
    expect(pageParts('06BOGOTA2076').body).toContain('Classified By: DCM Milton K. Drucker, Reasons: 1.4 B & D.');
    expect(pageParts('08LONDON2858').body).toContain('Classified By: Acting Political Counselor Jim Donegan, reasons 1.4 (b/d ).');
  });

  it('THEN a 1990 cable marked `CONFIDENTIAL - ENTIRE TEXT` without a Classified By has neither name nor reasons (90CAPETOWN97)', () => {
    const c = page('90CAPETOWN97');
    expect(c.classifiedBy).toBeNull();
    expect(c.reasons).toEqual([]);
  });

  it('THEN a misspelled label (`Classiied By`) is not read (08ECTION01OF02MANAMA492)', () => {
    expect(page('08ECTION01OF02MANAMA492').classifiedBy).toBeNull();
  });
});

describe('GIVEN reason notations, read by parseReasons', () => {
  it.each([
    ['1.4 (B & D)', ['1.4(b)', '1.4(d)']],
    ['1.4(b) and (d)', ['1.4(b)', '1.4(d)']],
    ['1.5 (B) AND (D)', ['1.5(b)', '1.5(d)']],
    ['Ambassador William J. Burns, for reasons 1.4 (B & D)', ['1.4(b)', '1.4(d)']],
    ['Acting Deputy Chief of Mission Marc Wall for Reasons 1.4\n (b) and (d)', ['1.4(b)', '1.4(d)']],
    ['POLOFF RICHARD REITER FOR REASONS 1.5(b) AND (d).', ['1.5(b)', '1.5(d)']],
    ['CLASSIFIED BY SECTION 1.5 (B)\nAND (D).', ['1.5(b)', '1.5(d)']],
    ['1.4 B/D', ['1.4(b)', '1.4(d)']],
    ['1.4(c), 1.4(d)', ['1.4(c)', '1.4(d)']],
    ['reasons 1.4 b,d', ['1.4(b)', '1.4(d)']],
    ['Bodde Peter, Ambassador; REASON: 1.4(B)', ['1.4(b)']],
  ])('THEN %j gives %j', (text, reasons) => {
    expect(parseReasons(text)).toEqual(reasons);
  });

  it('THEN 1.45 or 11.4 are no section', () => {
    expect(parseReasons('an increase of 1.45 (b) percent, paragraph 11.4 (d)')).toEqual([]);
  });

  it('THEN the article in "1.4 (d) and a review" is no reason (a)', () => {
    expect(parseReasons('for reasons 1.4 (d) and a review of the file')).toEqual(['1.4(d)']);
  });

  it('THEN letters outside a–h are left out of the reasons but reported by scanReasonLetters', () => {
    expect(parseReasons('1.4 (b) and (x)')).toEqual(['1.4(b)']);
    expect(scanReasonLetters('1.4 (b) and (x)')).toEqual([
      { section: 4, letter: 'b' },
      { section: 4, letter: 'x' },
    ]);
  });
});

describe('GIVEN SUMMARY and END SUMMARY', () => {
  it('THEN a paragraph under a `Summary` heading is the summary, without `End Summary.` (06BOGOTA2291)', () => {
    const c = page('06BOGOTA2291');
    expect(c.summary?.startsWith('On March 8, Peace Commissioner Luis Carlos Restrepo shared his views on the ELN')).toBe(true);
    expect(c.summary?.endsWith('regarding questions over the demobilization of a FARC company the day before.')).toBe(true);
  });

  it('THEN `SUMMARY: … END SUMMARY` inside ¶1 gives the text between (02BOGOTA3281)', () => {
    const c = page('02BOGOTA3281');
    expect(c.summary?.startsWith('COLOMBIAN GOVERNMENT, MILITARY AND CIVILIAN INTERLOCUTORS UNEQUIVOCALLY CONFIRM')).toBe(true);
    expect(c.summary?.endsWith('THE COLMIL, HOWEVER, WILL MOST LIKELY CONTINUE TO SPEAK OUT.')).toBe(true);
  });

  it('THEN `Summary.` with no END SUMMARY is the rest of ¶1 (08BUCHAREST608)', () => {
    const c = page('08BUCHAREST608');
    expect(c.summary).toBe(para(c, 1).text.replace(/^Summary\. /, ''));
    expect(c.summary?.endsWith('improperly influence key government officials to favor Airbus.')).toBe(true);
  });

  it('THEN a SUMMARY heading whose END SUMMARY closes a later paragraph spans ¶2–¶5 (90CAPETOWN97)', () => {
    const parts = page('90CAPETOWN97').summary?.split('\n\n') ?? [];
    expect(parts).toHaveLength(4);
    expect(parts[0]?.startsWith('ATTORNEY ESSA MOOSA WHO SPOKE WITH HIM LAST WEEK')).toBe(true);
    expect(parts[3]?.endsWith('IF JACKSON ADVOCATED LIFTING SANCTIONS UPON HIS RETURN TO THE US.')).toBe(true);
  });

  it('THEN a lower-case `summary` heading between rules marks ¶2 as the summary (08STATE43817)', () => {
    const c = page('08STATE43817');
    expect(c.summary).toBe(para(c, 2).text);
  });

  it('THEN a cable without a summary has none (79TEHRAN8980, 08LONDON2858)', () => {
    expect(page('79TEHRAN8980').summary).toBeNull();
    expect(page('08LONDON2858').summary).toBeNull();
  });

  it('THEN a reflowed page whose `------- Summary -------` was glued onto the Classified By line has none (knowingly left: ¶1 alone does not say it is the summary) (06BUENOSAIRES118)', () => {
    expect(pageParts('06BUENOSAIRES118').body).toContain('for reasons 1.4 (B) and (D)  ------- Summary -------');
    expect(page('06BUENOSAIRES118').summary).toBeNull();
  });
});
