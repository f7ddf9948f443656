/**
 * Database records dumped at the top of a body (PARSER-NOTES §7) — tab-separated, labelled,
 * unlabelled and comma-separated, some after a cut-off preview of the text — and the press
 * "partial extracts".
 */
import { describe, expect, it } from 'vitest';
import { stripDump } from '../../../src/corpus/parse/dump.ts';
import { normalizeText } from '../../../src/corpus/parse/text.ts';
import { numbers, page, pageParts, para } from './fixtures.ts';

function undumped(id: string): ReturnType<typeof stripDump> {
  return stripDump(normalizeText(pageParts(id).body));
}

describe('GIVEN a tab-separated, MySQL-escaped dump (04BOGOTA11339)', () => {
  it('THEN the record is read and the body starts at the opening line, its backslash line ends undone', () => {
    expect(pageParts('04BOGOTA11339').body).toMatch(/^22350\t2004-11-02 18:31:00\t04BOGOTA11339\tEmbassy Bogota\tCONFIDENTIAL\t/);
    const { body, dump } = undumped('04BOGOTA11339');
    expect(dump).toMatchObject({
      serial: '22350',
      date: '2004-11-02 18:31:00',
      id: '04BOGOTA11339',
      origin: 'Embassy Bogota',
      classification: 'CONFIDENTIAL',
      references: '04BOGOTA10728|04BOGOTA11205|04BOGOTA11207',
    });
    expect(body).toMatch(/^C O N F I D E N T I A L SECTION 01 OF 04 BOGOTA 011339/);
    expect(body).not.toMatch(/\\\n/);
  });

  it('THEN the cable parses as if the dump were not there', () => {
    const c = page('04BOGOTA11339');
    expect(c.body).toMatch(/^C O N F I D E N T I A L SECTION 01 OF 04 BOGOTA 011339/);
    expect(c.subject).toBe("THE UN'S FUTURE IN COLOMBIA");
    expect(c.references).toEqual(['04BOGOTA11207', '04BOGOTA11205', '04BOGOTA10728']);
    expect(para(c, 1).text).toMatch(/^SUMMARY: Ambassador met with UN special advisor on Colombia James LeMoyne/);
    expect(c.body.endsWith('WOOD')).toBe(true);
  });
});

describe('GIVEN a labelled dump (`id:` … `header:` … `header ends`)', () => {
  it('THEN the record is read, the routing header it holds gives the TID, and the body starts after the marker (06BOGOTA2076)', () => {
    const { dump } = undumped('06BOGOTA2076');
    expect(dump).toMatchObject({ serial: '55772', date: '3/8/2006 16:00', id: '06BOGOTA2076', origin: 'Embassy Bogota', classification: 'SECRET', references: null });
    expect(dump?.header).toMatch(/^VZCZCXYZ0000\nOO RUEHWEB\n\nDE RUEHBO #2076\/01 0671600/);
    const c = page('06BOGOTA2076');
    expect(c.tid).toBe('VZCZCXYZ0000');
    expect(c.body).toMatch(/^S E C R E T BOGOTA 002076\n/);
    expect(c.body).not.toMatch(/header ends|refid:/);
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('THEN the E.O., TAGS and SUBJECT lines after `SECTION 01 OF 02` are read, not taken for a repeated section header (02BOGOTA3281)', () => {
    const c = page('02BOGOTA3281');
    expect(c.body).toMatch(/^S E C R E T SECTION 01 OF 02 BOGOTA 003281\n\nE\.O\. 12958: DECL: 4\/4\/2012\nTAGS: PREL PTER MOPS VE CO\nSUBJECT:/);
    expect(c.tags).toEqual(['PREL', 'PTER', 'MOPS', 'VE', 'CO']);
    expect(c.declassify).toBe('2012-04-04');
    expect(c.subject).toBe('DETAILS ON FARC CAMPS IN VENEZUELA');
    expect(c.references).toEqual(['02BOGOTA3101']);
  });

  it('THEN a cut-off preview before the dump (`Classified By: CDA JEFFERSON B...`) is dropped for the full text after it (05QUITO1978)', () => {
    expect(pageParts('05QUITO1978').body).toMatch(/^C O N F I D E N T I A L SECTION 01 OF 02 QUITO 001978[\s\S]*Classified By: CDA JEFFERSON B\.\.\.\n\n\nid: 39001\n/);
    const c = page('05QUITO1978');
    expect(c.body).not.toContain('JEFFERSON B...');
    expect(c.classifiedBy).toBe('CDA JEFFERSON BROWN');
    expect(c.subject).toBe('PALACIO: I NEED YOUR HELP');
    expect(c.tags).toEqual(['PREL', 'ECON', 'EFIN', 'VE', 'EC']);
    expect(c.declassify).toBe('2010-08-22');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('GIVEN an unlabelled dump (one value a line)', () => {
  it('THEN serial, date, ID, origin, classification, references and routing header are read (06MEXICO1311)', () => {
    expect(pageParts('06MEXICO1311').body).toMatch(/^55988\n2006-03-09 22:28:00\n06MEXICO1311\nEmbassy Mexico\n/);
    const { dump } = undumped('06MEXICO1311');
    expect(dump).toMatchObject({
      serial: '55988',
      date: '2006-03-09 22:28:00',
      id: '06MEXICO1311',
      origin: 'Embassy Mexico',
      classification: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
      references: '06MEXICO536',
    });
    const c = page('06MEXICO1311');
    expect(c.tid).toBe('VZCZCXRO4180');
    expect(c.body).toMatch(/^UNCLAS SECTION 01 OF 02 MEXICO 001311\n/);
    expect(para(c, 1).text).toMatch(/^Andres Manuel Lopez Obrador \(AMLO\), presidential candidate/);
  });

  it('THEN with blank lines between the values and a preview before them, the preview is dropped (03THEHAGUE2983)', () => {
    expect(pageParts('03THEHAGUE2983').body).toContain('for reasons 1.5...\n\n\n\n\n12431\n\n2003-11-28\n\n03THEHAGUE2983\n');
    const { dump } = undumped('03THEHAGUE2983');
    expect(dump).toMatchObject({ serial: '12431', date: '2003-11-28', id: '03THEHAGUE2983', references: '03SECSTATE326258' });
    const c = page('03THEHAGUE2983');
    expect(c.body).not.toContain('1.5...');
    expect(c.reasons).toEqual(['1.5(b)', '1.5(d)']);
    expect(c.paragraphs).toHaveLength(1);
    expect(c.paragraphs[0]).toMatchObject({ number: null, marking: 'C' });
    expect(c.paragraphs[0]?.text).toMatch(/^PolOff delivered reftel points to Dutch MFA Director of UN Political and Judicial Affairs/);
  });
});

describe('GIVEN a comma-separated dump after a preview, with the next record run into it (04THEHAGUE1915)', () => {
  it('THEN the CSV-like line is read and its doubled quotes undone', () => {
    const raw = pageParts('04THEHAGUE1915').body;
    expect(raw).toContain('19260,7/30/2004 6:06,04THEHAGUE1915,"Embassy The Hague",SECRET//NOFORN,04THEHAGUE1903,"');
    const { dump } = undumped('04THEHAGUE1915');
    expect(dump).toMatchObject({ serial: '19260', date: '7/30/2004 6:06', id: '04THEHAGUE1915', origin: 'Embassy The Hague', classification: 'SECRET//NOFORN', references: '04THEHAGUE1903' });
    expect(para(page('04THEHAGUE1915'), 2).text).toContain('arrested on Tuesday the 27th.,"when making a video of the Israeli embassy.');
  });

  it('THEN the full subject replaces the preview\'s `SURVEILLANCE OF U.S...`, and the cable ends before the next record (04THEHAGUE1916)', () => {
    const raw = pageParts('04THEHAGUE1915').body;
    expect(raw).toContain('19285,7/30/2004 12:31,04THEHAGUE1916,"Embassy The Hague"');
    const c = page('04THEHAGUE1915');
    expect(c.subject).toBe('SURVEILLANCE OF U.S. EMBASSY THE HAGUE 07/27/2004, ADDITIONAL INFORMATION');
    // The body holds each paragraph as joined text, and the signature line joins the last one.
    expect(c.body.endsWith('will supervise the investigation where ever it is centered. SOBEL')).toBe(true);
    expect(c.body).not.toContain('04THEHAGUE1916');
    expect(numbers(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('GIVEN partial extracts', () => {
  it('THEN a page whose first <pre> is the partial-extract note is partial, has no routing header fields, and its body has no note (04THEHAGUE1915)', () => {
    const c = page('04THEHAGUE1915');
    expect(c.partial).toBe(true);
    expect(c.header).toBe('This record is a partial extract of the original cable. The full text of the original cable is not available.');
    expect(c.tid).toBeNull();
    expect(c.body).not.toContain('partial extract');
  });

  it('THEN an extract that opens with the viewer\'s date line keeps its numbered paragraphs (02ROME1196)', () => {
    const c = page('02ROME1196');
    expect(c.partial).toBe(true);
    expect(c.body.split('\n')[0]).toBe('Thursday, 07 March 2002, 10:13');
    expect(numbers(c).slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('THEN the note inside a tab dump\'s header column also marks the cable partial (04BOGOTA11339)', () => {
    expect(page('04BOGOTA11339').partial).toBe(true);
  });

  it('THEN a page with a real routing header is not partial (06BOGOTA2291)', () => {
    const c = page('06BOGOTA2291');
    expect(c.partial).toBe(false);
    expect(c.tid).toBe('VZCZCXYZ0029');
  });
});
