/**
 * Paragraph detection on real pages (PARSER-NOTES §6): page-break lines, misprinted and
 * glued numbers, repeats, year lines, headings between paragraphs, sub-items and bullets.
 */
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../../src/corpus/parse/body.ts';
import { expectedParagraphNumbers } from '../../../src/corpus/parse/anchors.ts';
import { numbers, page, para, pageParts } from './fixtures.ts';

describe('GIVEN page-break lines inside paragraphs', () => {
  it('THEN a modern break in reflowed text (`offers MOSCOW 00003335 002 OF 004 Medvedev`) is cut out and the sentence runs on', () => {
    const c = page('06MOSCOW3335');
    expect(pageParts('06MOSCOW3335').body).toContain('initiative offers MOSCOW 00003335 002 OF 004 Medvedev an opportunity');
    expect(para(c, 5).text).toMatch(/^Heading the national projects initiative offers Medvedev an opportunity to gain popularity/);
    expect(c.body).not.toContain('00003335');
  });

  it('THEN a break that prints at most 10 station letters (`BUENOS AIR 00000118 004 OF 006`) goes, and only it', () => {
    const c = page('06BUENOSAIRES118');
    expect(para(c, 2).text).toContain('allowed the Central Bank to accumulate a strong reserve position. -- Moderate');
    expect(para(c, 8).text).toContain('thermal power plants near Rosario, in Santa Fe Province, in 2006. This time, the GOA');
    expect(c.body).not.toMatch(/BUENOS AIR 0+118/);
  });

  it('THEN old PTQ page lines and the CONFIDENTIAL lines around them are removed and the halves rejoined (00HARARE5461)', () => {
    const c = page('00HARARE5461');
    expect(pageParts('00HARARE5461').body).toContain('THEY REALIZE  CONFIDENTIAL\nPAGE 03 HARARE 05461 01 OF 02 271458Z THAT THE MDC');
    expect(para(c, 2).text).toContain('AT THE SAME TIME, THEY REALIZE THAT THE MDC IS GAINING STRENGTH IN THE RURAL AREAS');
    expect(para(c, 3).text).toContain('TO MAKE SUCH A PACKAGE ATTRACTIVE ENOUGH, BUT HE CLAIMED');
    expect(para(c, 7).text).toContain('XXXXXXXXXXXX REPLIED THAT AN HONEST BROKER WAS NEEDED');
    for (const p of c.paragraphs) expect(p.text).not.toMatch(/PAGE 0\d|271458Z|271459Z|\bCONFIDENTIAL\b/);
  });

  it('THEN the header block a multi-section PTQ telegram repeats mid-paragraph is removed (00HARARE5461 ¶5)', () => {
    // Section 02 repeats `CONFIDENTIAL PTQ2532 / PAGE 01 … / opening line / SIPDIS / XXXXXXXXXXXX / E.O. … TAGS …`.
    expect(para(page('00HARARE5461'), 5).text).toContain(
      'HAS A CERTAIN CREDIBILITY WITH BOTH MAJOR POLITICAL PARTIES. THE CHALLENGE, XXXXXXXXXXXX SAID, IS CONVINCING ZANU-PF',
    );
  });

  it('THEN a page break between blank lines in a 1990 telegram joins the sentence it cut (90CAPETOWN97 ¶2)', () => {
    const c = page('90CAPETOWN97');
    expect(para(c, 2).text).toContain('THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA, AND THE RELEASE OF SEVERAL POLITICAL PRISONERS INCLUDING MANDELA');
    expect(para(c, 2).text).not.toMatch(/CONFIDENTIAL|PAGE 02|CAPE T/);
  });

  it('THEN a repeated routing block without a PTQ line (`CONFIDENTIAL / R 171512Z JAN 90 / FM … / opening`) is not left in ¶9', () => {
    const t = para(page('90CAPETOWN97'), 9).text;
    expect(t).toContain('JOHANNESBURG SEEMS BY FAR THE MOST SUITABLE VENUE. END COMMENT.)');
    expect(t).not.toMatch(/171512Z|AMCONSUL|CONFIDENTIAL/);
  });
});

describe('GIVEN misprinted paragraph numbers', () => {
  it('THEN `5, (S/NF)` is paragraph 5 with its marking (04THEHAGUE1915)', () => {
    const c = page('04THEHAGUE1915');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(para(c, 5)).toMatchObject({ marking: 'S/NF', text: 'This information was provided ORCA for traces.' });
  });

  it('THEN `1.(C)` with no space is paragraph 1, and inline `12. (C)` and `14. (C)` the viewer never anchored are found (02BRASILIA4227)', () => {
    const c = page('02BRASILIA4227');
    // The viewer anchored 2–11, 13, 15–20: ¶1 is written `1.(C)`, ¶12 and ¶14 are glued to the line before.
    expect(pageParts('02BRASILIA4227').anchors).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '13', '15', '16', '17', '18', '19', '20']);
    expect(numbers(c)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(para(c, 1).marking).toBe('C');
    expect(para(c, 1).text).toMatch(/^SUMMARY\. Assistant Secretary Reich had warm and productive meetings/);
    expect(para(c, 11).text.endsWith('strong relations with the US in order to develop and grow.')).toBe(true);
    expect(para(c, 12).text).toMatch(/^Ambassador Reich observed that the USG does not direct banks/);
    expect(para(c, 14).text).toMatch(/^On Colombia, Dirceu said that the FARC needs to understand/);
    expect(para(c, 20)).toMatchObject({ marking: 'U', text: 'AMBASSADOR REICH CLEARED THIS CABLE.' });
  });

  it('THEN `2.(U)` … `4.(C)` on a reflowed page are paragraphs 2–4 though only 5–8 carry anchors (08ECTION01OF02MANAMA492)', () => {
    const c = page('08ECTION01OF02MANAMA492');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(c.paragraphs.map((p) => p.marking)).toEqual(['C', 'U', 'C', 'C', 'SBU', 'SBU', 'SBU', 'C']);
  });

  it('THEN numbers glued into running text with no line break before them are split out (09MOSCOW1530 has no anchor at all)', () => {
    expect(pageParts('09MOSCOW1530').anchors).toEqual([]);
    const c = page('09MOSCOW1530');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(para(c, 1).text).toMatch(/^Nord Stream Managing Director Matthias Warnig \(protect\) told the Ambassador/);
  });
});

describe('GIVEN repeated and non-monotonic paragraph numbers', () => {
  it('THEN both paragraphs 6 of 06BOGOTA2291 are kept, in page order, each with its own text and heading', () => {
    const c = page('06BOGOTA2291');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 6, 7]);
    expect(para(c, 6, 0).text).toMatch(/^Restrepo said the demob reinsertion process was at its lowest point/);
    expect(para(c, 6, 1).heading).toBe('Mounting Concern for Rural Communities');
    expect(para(c, 6, 1).text).toMatch(/^Restrepo predicted the conflict with the FARC would likely move to the corregimientos/);
  });

  it('THEN a 1979 cable that numbers two paragraphs 6 keeps both (79TEHRAN8980)', () => {
    const c = page('79TEHRAN8980');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 6, 7]);
    expect(para(c, 6, 1).text).toMatch(/^FINALLY, THERE ARE THE PERSIAN CONCEPTS OF INFLUENCE AND OBLIGATION/);
  });

  it('THEN a page that prints the cable twice gives 1–8 twice, including the ¶3 that follows a PTQ page line (02ROME1196)', () => {
    const c = page('02ROME1196');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    // The first copy's ¶3 sits after `PAGE 03 ROME 01196 01 OF 02 082030Z` on the same line: no anchor.
    expect(pageParts('02ROME1196').anchors.slice(0, 3)).toEqual(['1', '2', '4']);
    expect(para(c, 3, 0).text).toMatch(/^AS WE HAD PREDICTED \(REFS B, C, AND D\), THE ITALIAN PRESS HAD A FIELD DAY/);
    expect(para(c, 7, 1).text).toMatch(/^COMMENT: POST WILL CONTINUE TO FOLLOW THE LINE ESTABLISHED IN THESE MEETINGS/);
  });

  it('THEN a media reaction that lists its topics as ¶1–5 and then reports them as ¶1–5 keeps all ten (09BERLIN1148)', () => {
    const c = page('09BERLIN1148');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
    expect(para(c, 2, 0).text).toBe('(Afghanistan) Presidential Elections');
    expect(para(c, 2, 1).text).toMatch(/^\(Afghanistan\) Presidential Elections\nThe EU observers' statement/);
  });
});

describe('GIVEN lines that start with a number but are no paragraph', () => {
  it('THEN the year line `¶2000.` the viewer anchored stays inside ¶6, without the viewer mark (02BOGOTA3281)', () => {
    const c = page('02BOGOTA3281');
    expect(pageParts('02BOGOTA3281').anchors).toEqual(['1', '2', '3', '4', '5', '6', '2000', '7']);
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(para(c, 6).text).toContain('INCLUDING MILITARY TO MILITARY CONTACTS IN SEPTEMBER, 2000. THE GOC HAS REITERATED');
  });

  it('THEN a wrapped `October / 26.` between ¶4 and ¶5 is part of ¶4 (04BOGOTA11339)', () => {
    const c = page('04BOGOTA11339');
    expect(pageParts('04BOGOTA11339').anchors.slice(0, 6)).toEqual(['1', '2', '3', '4', '26', '5']);
    expect(numbers(c)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(para(c, 4).text).toContain('Luis Carlos Restrepo on October 26. In the context of upcoming demobilizations');
  });

  it('THEN `UNSCR / 1559.` at a line start is a resolution number inside ¶7, not paragraph 1559 (05BEIRUT2153)', () => {
    const c = page('05BEIRUT2153');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(para(c, 7).text).toContain('there was "no reference at all" to UNSCR 1559. Berri said that "you know" he rejects UNSCR 1559.');
  });

  it('THEN a date wrapped as `October / 6, U/S McCormack phoned` stays inside ¶5, not paragraph 6, while `12, (S)` after a sentence end is paragraph 12', () => {
    // The two lines as issue 13 quotes them from a cable of the full release (not among the
    // 6,072 pages); `[...]` stands for the text around them. `6,` is the next number and `U/S`
    // looks like the start of a marking, which made it paragraph 6.
    const body = parseBody(
      [
        '4. (C) [...]',
        '',
        '5. (C) [...] as Treasury briefed the ambassador on October',
        '6, U/S McCormack phoned [...]',
        '',
        '6. (C) [...]',
      ].join('\n'),
      { id: null, year: 2008 },
    );
    expect(body.paragraphs.map((p) => p.number)).toEqual([4, 5, 6]);
    expect(body.paragraphs[1]?.text).toBe('[...] as Treasury briefed the ambassador on October 6, U/S McCormack phoned [...]');
    expect(body.paragraphs[2]).toMatchObject({ number: 6, marking: 'C', text: '[...]' });
    // The seed's misprint keeps working: after `made no comment.` the comma number is ¶12.
    const seed = parseBody(['11. (C) [...] and made no comment.', '12, (S)  Larijani had laid out Iran\'s position'].join('\n'), { id: null, year: 2006 });
    expect(seed.paragraphs.map((p) => [p.number, p.marking])).toEqual([
      [11, 'C'],
      [12, 'S'],
    ]);
    expect(seed.forms).toEqual(['spaced', 'comma']);
  });

  it('THEN `3. Koenig`, a number glued to the signer\'s surname on the last line, is no paragraph and stays at the end of ¶4 (08BERLIN1068)', () => {
    // The end of 08BERLIN1068 as its page prints it (not among the test fixtures: every fixture
    // page is a cable of the fixture store). The viewer anchored the signature as a paragraph 3.
    const tail = [
      'nonpaper to the ZKA. End Comment).',
      '',
      '¶4. (SBU) ACTION REQUEST: Post requests Department guidance',
      'in responding to the dissemination request posed in paragraph',
      '',
      '¶3. Koenig',
    ].join('\n');
    expect(expectedParagraphNumbers(['1', '2', '3', '4', '3'], tail)).toEqual([1, 2, 3, 4]);
    const body = parseBody(['¶3. (S) [...]', tail].join('\n'), { id: '08BERLIN1068', year: 2008 });
    expect(body.paragraphs.map((p) => p.number)).toEqual([3, 4]);
    expect(body.paragraphs[1]).toMatchObject({
      marking: 'SBU',
      text: 'ACTION REQUEST: Post requests Department guidance in responding to the dissemination request posed in paragraph\n3. Koenig',
    });
    // The same as plain text (cables.csv): no ¶ marks.
    expect(parseBody(['3. (S) [...]', tail.replace(/¶/g, '')].join('\n'), { id: null, year: 2008 }).paragraphs.map((p) => p.number)).toEqual([3, 4]);
  });

  it('THEN `2.Bradtke` with no space is a signature too, even when 2 would be the next number, but a last paragraph of several words is kept', () => {
    // The shape issue 13 quotes from the full release; 06ZAGREB1231 is signed BRADTKE on its own.
    const signed = parseBody(['1. (C) [...] as agreed.', '', '2.Bradtke', ''].join('\n'), { id: null, year: 2006 });
    expect(signed.paragraphs.map((p) => p.number)).toEqual([1]);
    expect(signed.paragraphs[0]?.text).toBe('[...] as agreed.\n2.Bradtke');
    const text = parseBody(['1. (C) [...] as agreed.', '', '2. Minimize considered.'].join('\n'), { id: null, year: 2008 });
    expect(text.paragraphs.map((p) => p.number)).toEqual([1, 2]);
  });

  it('THEN no paragraph keeps the viewer\'s ¶ mark (it is page furniture, not cable text)', () => {
    for (const id of ['02BOGOTA3281', '04BOGOTA11339', '05BEIRUT2153', '06REYKJAVIK88', '09CHISINAU945']) {
      for (const p of page(id).paragraphs) expect(p.text, id).not.toContain('¶');
    }
  });
});

describe('GIVEN section headings between paragraphs', () => {
  it('THEN a heading between rules heads the next paragraph and the previous one ends with its own text (06BOGOTA2291)', () => {
    const c = page('06BOGOTA2291');
    expect(para(c, 1).heading).toBe('Summary');
    expect(para(c, 1).text.endsWith('the demobilization of a FARC company the day before. End Summary.')).toBe(true);
    expect(para(c, 2).heading).toBe('ELN Negotiations Difficult, but Productive');
    expect(para(c, 3).heading).toBeNull();
    expect(para(c, 7).heading).toBe('FARC Demobilization Drama');
  });

  it('THEN a heading wrapped over two lines is joined (05BEIRUT2153 ¶5, ¶6)', () => {
    const c = page('05BEIRUT2153');
    expect(para(c, 5).heading).toBe('QUICK CABINET FORMATION NEEDED, WITH FIVE SEATS TO AMAL-HIZBALLAH');
    expect(para(c, 6).heading).toBe('U.S. SUPPORT FOR PALESTINIAN "IMPLANTATION," AND UNSCR 1559 -- NOT-SO-SUBTLE NUANCES');
    expect(para(c, 4).text.endsWith('"and you\'ll hear me talk about reform."')).toBe(true);
  });

  it('THEN a heading with its rule on the same line (`RELATIONSHIP OFF ON THE RIGHT FOOT -----`) heads ¶2 (02BRASILIA4227)', () => {
    const c = page('02BRASILIA4227');
    expect(para(c, 2).heading).toBe('RELATIONSHIP OFF ON THE RIGHT FOOT');
    expect(para(c, 1).text.endsWith('economic and social needs. END SUMMARY.')).toBe(true);
    expect(para(c, 18).heading).toBe('COMMENT');
  });

  it('THEN `SUMMARY ------- 1. (SBU) Land invasions …` on one line is split into ¶1 and its heading (06SAOPAULO332)', () => {
    const c = page('06SAOPAULO332');
    expect(pageParts('06SAOPAULO332').anchors[0]).toBe('2');
    expect(para(c, 1)).toMatchObject({ number: 1, marking: 'SBU', heading: 'SUMMARY' });
    expect(para(c, 1).text).toMatch(/^Land invasions led by the Movimento dos Trabalhadores Rurais Sem Terra/);
  });

  it('THEN a heading glued to the end of the previous paragraph (`… labor issues. -------- Training --------`) moves to ¶2 (08ECTION01OF02MANAMA492)', () => {
    const c = page('08ECTION01OF02MANAMA492');
    expect(para(c, 1).text.endsWith('addressing trafficking in persons and migrant labor issues.')).toBe(true);
    expect(para(c, 2).heading).toBe('Training');
    expect(para(c, 5).heading).toBe('Future Events');
  });

  it('THEN lower-case headings between rules (`summary`, `action request`) head the next paragraph instead of ending the previous one (08STATE43817)', () => {
    const c = page('08STATE43817');
    expect(para(c, 1).text).toBe('This is an action request. Please see para 3.');
    expect(para(c, 2).heading).toBe('summary');
    expect(para(c, 2).text.endsWith('and the Israeli air strike.')).toBe(true);
    expect(para(c, 3).heading).toBe('action request');
  });

  it('THEN the last line of a paragraph that closes with a source note is not taken for the next heading (08STATE116943)', () => {
    const c = page('08STATE116943');
    expect(para(c, 8).text.endsWith('should release a Warden Message to warn AmCits in Belfast. (Belfast 0137)')).toBe(true);
    expect(para(c, 9).heading).toBeNull();
    expect(para(c, 9).text.endsWith('No damages or injuries were reported. (RSO Stockholm Spot Report)')).toBe(true);
    expect(para(c, 10).heading).toBeNull();
    expect(para(c, 48).text.endsWith('(SIMAS Event: Taipei-00194-2008)')).toBe(true);
    expect(para(c, 49).heading).toBeNull();
  });

  it('THEN a heading between rules in a 1990 telegram is kept for ¶7 (90CAPETOWN97)', () => {
    expect(para(page('90CAPETOWN97'), 7).heading).toBe('MANDELA RELEASE WILL BE ANNOUNCED FEBRUARY 2 IN PARLIAMENT');
  });
});

describe('GIVEN sub-items and bullets inside a paragraph', () => {
  it('THEN the lettered items `¶A.` … `¶E.` the viewer anchored stay in ¶2, one a line, and ¶3 follows (09CHISINAU945)', () => {
    const c = page('09CHISINAU945');
    expect(pageParts('09CHISINAU945').anchors).toEqual(['1', '2', 'A', 'B', 'C', 'D', 'E', '3', '72']);
    expect(numbers(c)).toEqual([1, 2, 3]);
    const lines = para(c, 2).text.split('\n');
    expect(lines[0]).toMatch(/^REQUEST OVERVIEW TYPE OF REQUEST: REQUEST TO AMEND THE FMF CASE MD-R-DTL/);
    expect(lines.filter((l) => /^[A-E]\. /.test(l)).map((l) => l.slice(0, 8))).toEqual(['A. 78 Q ', 'B. 5660 ', 'C. 6350 ', 'D. 6920 ', 'E. 70 - ']);
    expect(lines[lines.length - 1]).toBe('E. 70 - ADP EQUIPMENT SOFTWARE, SUPPLIES AND SUPPORT EQUIPMENT.');
    // `(COMM FAX) +373 22-28-12- / ¶72.`: a wrapped phone number, not paragraph 72.
    expect(para(c, 3).text).toContain('(COMM FAX) +373 22-28-12- 72. EMAIL:FJESSEN@SAN.OSD.MIL');
  });

  it('THEN `A)` … `F)` items stay in ¶1 on their own lines (08LONDON2858)', () => {
    const c = page('08LONDON2858');
    expect(numbers(c)).toEqual([1]);
    const items = para(c, 1)
      .text.split('\n')
      .slice(1)
      .map((l) => l.slice(0, 3));
    expect(items).toEqual(['A) ', 'B) ', 'C) ', 'D) ', 'E) ', 'F) ']);
  });

  it('THEN `- --FIRST` … `- --FINALLY` bullets stay in ¶7, each on its own line (79TEHRAN8980)', () => {
    const lines = para(page('79TEHRAN8980'), 7).text.split('\n');
    expect(lines[0]).toBe('THERE ARE SEVERAL LESSONS FOR THOSE WHO WOULD NEGOTIATE WITH PERSIANS IN ALL THIS:');
    expect(lines.slice(1, 7).map((l) => l.split(',')[0])).toEqual(['- --FIRST', '- --SECOND', '- --THIRD', '- --FOURTH', '- --FIFTH', '- --FINALLY']);
    // The sign-off after the last paragraph stays with it, on its own line.
    expect(lines.slice(7)).toEqual(['LAINGEN']);
  });

  it('THEN `--` bullets wrapped over two lines are rejoined within the bullet (90CAPETOWN97 ¶7)', () => {
    const lines = para(page('90CAPETOWN97'), 7).text.split('\n');
    expect(lines).toContain('-- THE END OF THE STATE OF EMERGENCY;');
    expect(lines).toContain('-- THE RETURN OF POLITICAL EXILES TO SOUTH AFRICA;');
  });

  it('THEN a `--` that wraps a dash mid-sentence also starts a line (knowingly left: it cannot be told from a bullet by its line alone)', () => {
    // 05BEIRUT2153 ¶5: "quick government formation / -- "we need this immediately!" -- and would be willing".
    const lines = para(page('05BEIRUT2153'), 5).text.split('\n');
    expect(lines[0]?.endsWith('He said that he strongly supported quick government formation')).toBe(true);
    expect(lines[1]).toMatch(/^-- "we need this immediately!" -- and would be willing to call Parliament/);
  });
});

describe('GIVEN wrapped lines', () => {
  it('THEN a compound broken after its hyphen is rejoined without a space, in capitals too (86MADRID5480 ¶3)', () => {
    const t = para(page('86MADRID5480'), 3).text;
    expect(t).toContain('GOING TO TAKE SPANISH-LIBYAN RELATIONS. THE GOS IS DRIVEN BY TWO MUTUALLY-EXCLUSIVE DESIRES.');
  });

  it('THEN a cable without numbered paragraphs is one unnumbered block, not swallowed by `(ref B)` in its text (06REYKJAVIK88)', () => {
    const c = page('06REYKJAVIK88');
    expect(pageParts('06REYKJAVIK88').anchors).toEqual(['16']);
    expect(c.paragraphs).toHaveLength(1);
    const p = c.paragraphs[0];
    if (!p) throw new Error('no paragraph');
    expect(p).toMatchObject({ number: null, marking: null, heading: null });
    expect(p.text).toMatch(/^Post discussed ref A points with Icelandic MFA Head of International Institutions Division Nikulas Hannigan March 16\. Hannigan took note/);
    expect(p.text).toContain('Referring again to Arab revulsion at the Mohammed cartoons (ref B), Hannigan quipped');
    expect(p.text.endsWith('End note.)')).toBe(true);
  });
});

describe('GIVEN redactions', () => {
  it('THEN `XXXXXXXXXXXX` is kept as published, in text and in REF-free paragraphs alike', () => {
    expect(para(page('00HARARE5461'), 2).text).toMatch(/^IN A SEPTEMBER 26 CALL ON DCM AND POLOFF, XXXXXXXXXXXX SAID THE BUSINESS INTERESTS/);
    const c = page('02BOGOTA3281');
    expect(para(c, 2).text).toContain('AND A REPORTER FOR XXXXXXXXXXXX, HAVE GIVEN REPORTS');
    // Redactions are not all 12 characters long: ¶3 has eleven X.
    expect(para(c, 3).text).toContain('BY A REPORTER FROM XXXXXXXXXXX INDICATING THAT SHE DROVE');
    expect(para(page('04THEHAGUE1915'), 3).text).toBe('Subject One: XXXXXXXXXXXX, Somalia residing at Alberding Thijinstraat 16, Rotterdam, NL.');
  });
});
