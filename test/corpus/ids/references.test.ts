import { describe, expect, it } from 'vitest';
import { extractReferences } from '../../../src/corpus/ids/references.ts';
import { StationTable } from '../../../src/corpus/ids/tables.ts';

describe('extractReferences: PARSER-NOTES §4', () => {
  it('GIVEN year-less refs THEN they take the citing year; 2-digit years and zero padding are read (07TBILISI1732)', () => {
    const ref =
      '\nREF: A. TBILISI 1605  B. TBILISI 1352  C. TBILISI 1100  D. 06 TBILISI 2601  E. 06 TBILISI 2590  F. 06 TBILISI 2425  ' +
      'G. 06 TBILISI 2390  H. 06 TBILISI 1532  I. 06 STATE 80908  J. 06 TBILISI 1064  K. 06 TBILISI 0619  L. 06 TBILISI 0397  ' +
      'M. 06 MOSCOW 0546  N. 06 TBILISI 0140  O. 05 TBILISI 3171';
    expect(extractReferences(ref, 2007)).toEqual([
      '07TBILISI1605', '07TBILISI1352', '07TBILISI1100', '06TBILISI2601', '06TBILISI2590', '06TBILISI2425', '06TBILISI2390',
      '06TBILISI1532', '06STATE80908', '06TBILISI1064', '06TBILISI619', '06TBILISI397', '06MOSCOW546', '06TBILISI140',
      '05TBILISI3171',
    ]);
  });

  it('GIVEN SECSTATE on an indented second line THEN STATE (08RIYADH1134)', () => {
    expect(extractReferences('\nREF: A. SECSTATE 74879 \n     B. RIYADH 43 \n', 2008)).toEqual(['08STATE74879', '08RIYADH43']);
  });

  it('GIVEN 4-digit years THEN they are used (08MANAGUA573)', () => {
    const ref =
      '\nREF: A. MANAGUA 520 \nB. MANAGUA 500 \nC. MANAGUA 443 \nD. MANAGUA 340 \nE. MANAGUA 325 \nF. MANAGUA 289 \n' +
      'G. MANAGUA 263 \nH. MANAGUA 130 \nI. 2007 MANAGUA 2135 \nJ. 2007 MANAGUA 1730 \nK. 2007 MANAGUA 964 \nL. 2006 MANAGUA 2611 ';
    expect(extractReferences(ref, 2008)).toEqual([
      '08MANAGUA520', '08MANAGUA500', '08MANAGUA443', '08MANAGUA340', '08MANAGUA325', '08MANAGUA289', '08MANAGUA263',
      '08MANAGUA130', '07MANAGUA2135', '07MANAGUA1730', '07MANAGUA964', '06MANAGUA2611',
    ]);
  });

  it('GIVEN "RIO DE JAN" after a subject, with A) B) labels THEN RIODEJANEIRO (08RIODEJANEIRO165)', () => {
    const ref =
      'TAGS: ECON EINV ENRG PGOV PBTS MARR BR\n\nSUBJECT: AMBASSADOR SOBEL MEETS WITH KEY ENERGY ENTITIES IN RIO Ref(s): ' +
      'A) 08 RIO DE JAN 138; B) 08 RIO DE JAN 0044 and previous Sensitive But Unclassified - Please handle accordingly. ' +
      'This message has been approved by Ambassador Sobel. ';
    expect(extractReferences(ref, 2008)).toEqual(['08RIODEJANEIRO138', '08RIODEJANEIRO44']);
  });

  it('GIVEN (A) labels and SAO PAULO THEN the words are joined (06SAOPAULO276)', () => {
    const ref = '\nCARDINAL HUMMES DISCUSSES LULA GOVERNMENT, THE OPPOSITION, AND FTAA REF: (A) 05 SAO PAULO 405; (B) 05 SAO PAULO 402 (C) 02 BRASILIA 2670';
    expect(extractReferences(ref, 2006)).toEqual(['05SAOPAULO405', '05SAOPAULO402', '02BRASILIA2670']);
  });

  it('GIVEN labels glued to the station and a reference wrapping across lines THEN all are read (07STATE152317)', () => {
    const ref = '\nREF: (A)STATE 071143, (B)STATE 073601, (C)STATE 72896, (D)BEIJING \n5361, (E) STATE 148514';
    expect(extractReferences(ref, 2007)).toEqual(['07STATE71143', '07STATE73601', '07STATE72896', '07BEIJING5361', '07STATE148514']);
  });

  it('GIVEN STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 THEN only the cable (66BUENOSAIRES2481)', () => {
    expect(extractReferences('\n REF: STATE 106206 CIRCULAR; STATE CA-3400 NOV 2, 1966 ', 1966)).toEqual(['66STATE106206']);
  });

  it('GIVEN a SECDEF DTG message THEN it is ignored (08BERLIN1387)', () => {
    expect(extractReferences('\nREF: A. BERLIN 1045\nB. SECDEF MSG DTG 301601z SEP 08', 2008)).toEqual(['08BERLIN1045']);
    const withPilcrow =
      "\nSUBJECT: GERMANY: BUNDESTAG SET TO RENEW A BEEFED-UP ISAF\nMANDATE AND A SCALED-DOWN OEF COUNTERPART\n\n" +
      "REF: A. BERLIN 1045 \n¶B. SECDEF MSG DTG 301601z SEP 08\n\nClassified By: CHARGE D'AFFAIRES";
    expect(extractReferences(withPilcrow, 2008)).toEqual(['08BERLIN1045']);
  });

  it('GIVEN an e-mail reference THEN nothing (04MADRID4063)', () => {
    expect(extractReferences('\nREF: EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14\n', 2004)).toEqual([]);
  });

  it('GIVEN a REF on the SUBJECT line THEN only what follows REF counts (06BRASILIA882)', () => {
    expect(extractReferences('SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861', 2006)).toEqual(['06BRASILIA861']);
  });

  it('GIVEN a PROGRAM REF: label and A. A) double labels THEN the cables are read up to Classified By (08BRASILIA806)', () => {
    const ref = '\nPROGRAM REF: A. A) SECSTATE 54183 B. B) 07 BRASILIA 1868 C. C) STATE 57700 D. 07 STATE 17940 Classified By: DCM Phillip Chicola, Reason 1.5 (d) ';
    expect(extractReferences(ref, 2008)).toEqual(['08STATE54183', '07BRASILIA1868', '08STATE57700', '07STATE17940']);
  });

  it('GIVEN a page-break line inside the list THEN it is skipped (02ROME1196)', () => {
    const ref =
      '\nREF: A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894  ' +
      'D. MYRIAD POST-DEPARTMENT E-MAILS FROM 10/01-02/02  E. ROME 348\nCLASSIFIED BY: POL';
    expect(extractReferences(ref, 2002)).toEqual(['02STATE40721', '02ROME1098', '02ROME894', '02ROME348']);
    // The same fixture as cablemap stores it, with the newline escaped (`CONFIDENTIAL\nPAGE`).
    expect(extractReferences(ref.replace(' CONFIDENTIAL\nPAGE', ' CONFIDENTIAL\\nPAGE'), 2002)).toEqual([
      '02STATE40721', '02ROME1098', '02ROME894', '02ROME348',
    ]);
  });

  it('GIVEN PARIS POINTS references THEN only the cable (09PARIS1039)', () => {
    const ref =
      '\nSUBJECT: FRANCE’S POSITION ON NUCLEAR ISSUES IN THE RUN-UP \nTO THE NPT REVCON\n\n' +
      'REF: A. PARIS POINTS JULY 15  B. PARIS POINTS JULY 6  C. PARIS POINTS APRIL 10  D. PARIS 1025\n\nClassified By:\n';
    expect(extractReferences(ref, 2009)).toEqual(['09PARIS1025']);
  });
});

describe('extractReferences: more cablemap fixtures (test_reader_references.py)', () => {
  const cases: [string, string, number, string[]][] = [
    ['IIR references (08PARIS1698)', '\nREF: A. PARIS 1501\nB. PARIS 1568\nC. HOTR WASHINGTON DC//USDAO PARIS (SUBJ: IIR 6 832\n0617 08)\nD. HOTR WASHINGTON DC//USDAO PARIS (SUBJ: IIR 6 832\n0626 08) ', 2008, ['08PARIS1501', '08PARIS1568']],
    ['two lines (08PARIS1501)', '\nREF: A. 05 PARIS 5459 \nB. 06 PARIS 5733', 2008, ['05PARIS5459', '06PARIS5733']],
    ['an e-mail between cables (07TALLINN375)', '\nREF: A) TALLINN 366 B) LEE-GOLDSTEIN EMAIL 05/11/07 \nB) TALLINN 347 ', 2007, ['07TALLINN366', '07TALLINN347']],
    ['AND PREVIOUS (07TRIPOLI943)', '\nREF: A) STATE 135205; B) STATE 127608; C) JOHNSON-STEVENS/GODFREY E-MAIL 10/15/07; D) TRIPOLI 797; E) TRIPOLI 723 AND PREVIOUS', 2007, ['07STATE135205', '07STATE127608', '07TRIPOLI797', '07TRIPOLI723']],
    ['LA PAZ (07STATE156011)', '  REF: LA PAZ 2974', 2007, ['07LAPAZ2974']],
    ['an embassy daily report (05PARIS7835)', '\nREF: A. (A) PARIS 7682 AND PREVIOUS \n\nB. (B) EMBASSY PARIS DAILY REPORT FOR OCTOBER 28 - \nNOVEMBER 16 (PARIS SIPRNET SITE) \nC. (C) PARIS 7527 ', 2005, ['05PARIS7682', '05PARIS7527']],
    ['OSC reports and a continuation line (09MADRID869)', '\nSUBJECT: UPDATES IN SPAIN’S INVESTIGATIONS OF RUSSIAN MAFIA \nREF: A. OSC EUP20080707950031  B. OSC EUP20081019950022  C. OSC EUP20090608178005  D. MADRID 286  E. OSC EUP20050620950076  F. OSC EUP20080708950049  G. OSC EUP20081029950032  H. OSC EUP 20061127123001\nMADRID 00000869 001.2 OF 004\n', 2009, ['09MADRID286']],
    ['the next section banner (09NAIROBI1938)', '\nREF: A. 08 STATE 81854\n\n\nS e c r e t nairobi 001938', 2009, ['08STATE81854']],
    ['paragraph 1 after the list (10TRIPOLI167)', '\nREF: TRIPOLI 115\n\n1.(SBU) This is an action request; please see para 4.\n\n', 2010, ['10TRIPOLI115']],
    ['REF on the subject line, Classified By after (08MOSCOW864)', "TAGS: EPET ENRG ECON PREL PGOV RS\nSUBJECT: WHAT'S BEHIND THE RAIDS ON TNK-BP AND BP REF: A. MOSCOW 816 B. MOSCOW 768 C. 07 MOSCOW 3054 Classified By: Ambassador William J. Burns for Reasons 1.4 (b/d)\n", 2008, ['08MOSCOW816', '08MOSCOW768', '07MOSCOW3054']],
    ['a page continuation split by a blank line (08TRIPOLI402)', 'REF: A) TRIPOLI 199, B) TRIPOLI 227 TRIPOLI 00000402 \n\n001.2 OF 003 ', 2008, ['08TRIPOLI199', '08TRIPOLI227']],
    ['a SECDEF DTG only (08LONDON2627)', '\nE.O. 12958: N/A TAGS: AMGT\n\nSUBJECT: UK COUNTRY CLEARANCE IS GRANTED TO STAMILIO, LTC DODSON AND LTCOL HAVRANEK REF: SECDEF R162245Z OCT 08\n\n1.Embassy London is pleased to grant country clearance.\n\n3. London Marriott Grosvenor Square, Grosvenor Square, London W1A 4AW. Telephone number is (44)(0)20 7493-1232', 2008, []],
    ['an OSD report DTG (08BRASILIA429)', '\nSUBJECT: THOUGHTS ON THE VISIT OF DEFENSE MINISTER JOBIM TO WASHINGTON \n\nREF: A. A) BRASILIA 236 B. B) OSD REPORT DTG 251847Z MAR 08 C. C) BRASILIA 175 \nClassified By: Ambassador Clifford Sobel. \nReason: 1.5 d \n', 2008, ['08BRASILIA236', '08BRASILIA175']],
    ['lower case and an MTCR document (08STATE15220)', '\nSubject: (s) further scheming by german firm to export\ntest chamber to iranian ballistic missile program\n\nRef: a. 05 state 201650\n\nB. 05 berlin 3726\nc. 05 state 211408\nl. Mtcr poc 201/2006 - may 16 2006\nm. 07 state 75839\np. 07 berlin 002163\n\nClassified By: ISN/MTR DIRECTOR PAM DURHAM\nfor reasons 1.4 (b), (d).\n', 2008, ['05STATE201650', '05BERLIN3726', '05STATE211408', '07STATE75839', '07BERLIN2163']],
    ['THE HAGUE (10THEHAGUE114)', 'SUBJECT: NETHERLANDS/AFGHANISTAN: A REDUCED ROLE LIKELY BUT\nDETAILS WILL NOT COME QUICKLY\nREF: A. THE HAGUE 109\nB. THE HAGUE 108\nC. THE HAGUE 097\nD. 09 THE HAGUE 759\nClassified By: Deput', 2010, ['10THEHAGUE109', '10THEHAGUE108', '10THEHAGUE97', '09THEHAGUE759']],
    ['e-mails only (03THEHAGUE2597)', 'REF: A. RICHARD-WITMER EMAIL 10/9 \n\nB. WITMER-HOLLIDAY EMAILS 9-22 THRU 10-7 ', 2003, []],
    ['UNSCR notices and a continuation line (10STATE16220)', 'REF A) LONDON 002351 B) STATE 069339 C) STATE 094723 D) STATE 104496 E) STATE 108151 F) HAMILTON 00014 G) STATE 125339 H) STATE 1760 I) STATE 52348 J) STATE 121818 K) STATE 115243 L) STATE 90303 STATE 00016220 001.2 OF 005 M) STATE 7877 N) SINGAPORE 00083 O) UNSCR 1737 SANCTIONS COMMITTEE IMPLEMENTATION ASSISTANCE NOTICE- 24 JULY 2009 P) UNSCR 1737 SANCTIONS COMMITTEE IMPLEMENTATION ASSISTANCE NOTICE- 20 JANUARY 2010\n\n1. (U) This', 2010, ['10LONDON2351', '10STATE69339', '10STATE94723', '10STATE104496', '10STATE108151', '10HAMILTON14', '10STATE125339', '10STATE1760', '10STATE52348', '10STATE121818', '10STATE115243', '10STATE90303', '10STATE7877', '10SINGAPORE83']],
    ['REF glued to the subject (08LONDON1991)', 'SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939  B. LONDON 1704', 2008, ['08LONDON1939', '08LONDON1704']],
    ['REF glued to the subject (06CAIRO941)', 'SUBJECT: FBI DIRECTOR MUELLER’S VISIT TO EGYPTREF: CAIRO 493\n\nClassified by DCM Stua', 2006, ['06CAIRO493']],
    ['mixed case, Rio de Janeiro (04BRASILIA445)', 'E.O. 12958: N/A \nTAGS: KIPR ECON ETRD KCRM PGOV BR IPR\n\nSUBJECT: BRAZIL - 2004 SPECIAL 301 RESPONSE \n\nRefs: A) State 29549 \nB) Sao Paulo 276 \nC) Rio de Janeiro 128 \nD) Brasilia 313 \nE) Brasilia 222 \nF) Brasilia 202 \nG) 2003 Sao Paulo 2199 \nH) 2003 Brasilia 3868 \nI) 2003 Brasilia 3138 \nJ) 2003 Brasilia 3122 \nK) 2003 Brasilia 2943 \nL) 2003 Sao Paulo 1186 \n', 2004, ['04STATE29549', '04SAOPAULO276', '04RIODEJANEIRO128', '04BRASILIA313', '04BRASILIA222', '04BRASILIA202', '03SAOPAULO2199', '03BRASILIA3868', '03BRASILIA3138', '03BRASILIA3122', '03BRASILIA2943', '03SAOPAULO1186']],
    ['Sao Paulo with semicolons (06SAOPAULO532)', '\nE.O. 12958: N/A TAGS: PGOV PHUM KCRM SOCI SNAR ASEC BR\n\nREF: (A) Sao Paulo 526; \n(B) Sao Paulo 319; \n(C) Sao Paulo 42; \n(D) 05 Sao Paulo 975 \n\nSENSITIVE BUT UNCLASSIFIED\n', 2006, ['06SAOPAULO526', '06SAOPAULO319', '06SAOPAULO42', '05SAOPAULO975']],
    ['zero-padded serials (08LIMA480)', '\nE.O. 12958:DECL: 03/18/2018   TAGS: PGOV PREL PINR PE\n\nREF: A. LIMA 0389        \nB. LIMA 3853        \nC. LIMA 0390      \n\nClassified By: \n', 2008, ['08LIMA389', '08LIMA3853', '08LIMA390']],
    ['a dated e-mail (08MANAMA117)', '\nUBJECT: BAHRAIN WILL FORMALLY REQUEST QATAR TO EXECUTE LEGAL JUDGMENT AGAINST KHALIFA AL SUBAIE REF: A. A) MANAMA 20 \nB. B) 2/22/08 GRAY-ERELI E-MAIL \n\nClassified By', 2008, ['08MANAMA20']],
    ['a continuation line before Classified By (08TRIPOLI564)', '\nRESIGN SOON \n \nREF: TRIPOLI 227  TRIPOLI 00000564  001.2 OF 002   CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy - Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (S/NF)\n', 2008, ['08TRIPOLI227']],
    ['no REF at all (08TRIPOLI494)', "\nE.O. 12958: DECL:  6/18/2018 \nTAGS: PGOV PREL PHUM PINR LY\nSUBJECT: JOURNALIST JAILED FOR CRITICIZING GOVERNMENT'S \nPOORLY-COORDINATED DEVELOPMENT PROJECTS  CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) Summary:  A respected [...]", 2008, []],
    ['THE HAGUE after STATE (08TRIPOLI466)', '\nTAGS: PARM PREL CWC OPCW CBW CH JA IT LY\nSUBJECT: CHEMICAL WEAPONS CONVENTION (CWC): CONVERSION OF THE RABTA CHEMICAL WEAPONS PRODUCTION FACILITY  REF: A) STATE 58476, B) THE HAGUE 482, C) TRIPOLI 119  CLASSIFIED BY: Chris Stevens, CDA, U.S. Embassy Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) Summary:  The', 2008, ['08STATE58476', '08THEHAGUE482', '08TRIPOLI119']],
  ];
  it.each(cases)('GIVEN %s THEN the cited cables are found', (_name, ref, year, expected) => {
    expect(extractReferences(ref, year)).toEqual(expected);
  });

  it('GIVEN SECDEF 122723 (10CAIRO177) THEN SECDEF is kept as the station (cablemap says 10STATE122723; we do not remap SECDEF)', () => {
    const ref = '\nSUBJECT: Sinai Update: Counter Smuggling and Floods \n \nREF: SECDEF 122723; CAIRO IIR 6 899 0149 10; 2009 CAIRO 2394 \n2009 CAIRO 491 \n\nCLASSIFIED BY:';
    expect(extractReferences(ref, 2010)).toEqual(['10SECDEF122723', '09CAIRO2394', '09CAIRO491']);
  });
});

describe('extractReferences: what is a station', () => {
  it('GIVEN capitalised words followed by numbers that are no station THEN nothing (PARA 5, UNSCR 1737)', () => {
    expect(extractReferences('REF: PARA 5; UNSCR 1737; IIR 6 832 0617 08; NOV 2, 1966', 2008)).toEqual([]);
  });

  it('GIVEN a DTG, a date or a paragraph number glued to the serial THEN it is not a cable', () => {
    expect(extractReferences('REF: SECDEF 301601Z SEP 08; STATE 201/2006; STATE 1.4', 2008)).toEqual([]);
  });

  it('GIVEN a four-word station and an alias THEN joined and canonical', () => {
    expect(extractReferences('REF: A. HO CHI MINH CITY 0123 B. USUN NEW YORK 45 C. USUN 46 D. ST. PETERSBURG 7', 2006)).toEqual([
      '06HOCHIMINHCITY123', '06USUNNEWYORK45', '06USUNNEWYORK46', '06STPETERSBURG7',
    ]);
  });

  it('GIVEN a full ID written in the REF THEN it is read as one', () => {
    expect(extractReferences('REF: 06MOSCOW754', 2007)).toEqual(['06MOSCOW754']);
  });

  it('GIVEN the same cable twice THEN it is listed once, at its first place', () => {
    expect(extractReferences('REF: A. MOSCOW 12 B. STATE 5 C. 08 MOSCOW 0012', 2008)).toEqual(['08MOSCOW12', '08STATE5']);
  });

  it('GIVEN selfId THEN the citing cable is left out', () => {
    expect(extractReferences('REF: A. MOSCOW 12 B. MOSCOW 754', 2006, { selfId: '06MOSCOW754' })).toEqual(['06MOSCOW12']);
  });

  it('GIVEN a station set without BERLIN THEN BERLIN refs are not cables; aliases still apply before the set', () => {
    const stations = new Set(['STATE', 'MOSCOW']);
    expect(extractReferences('REF: A. BERLIN 1045 B. SECSTATE 12 C. MOSCOW 3', 2008, { stations })).toEqual(['08STATE12', '08MOSCOW3']);
  });

  it('GIVEN a predicate THEN it decides', () => {
    expect(extractReferences('REF: A. BERLIN 1045 B. STATE 12', 2008, { stations: (s) => s.startsWith('B') })).toEqual(['08BERLIN1045']);
  });

  it('GIVEN a StationTable THEN its own aliases are used', () => {
    const stations = new StationTable(['ZAGREB'], [['ZAG', 'ZAGREB']]);
    expect(extractReferences('REF: A. ZAG 12 B. STATE 5', 2008, { stations })).toEqual(['08ZAGREB12']);
  });

  it('GIVEN a citing year outside the release THEN year-less refs are dropped but dated ones kept', () => {
    expect(extractReferences('REF: A. MOSCOW 12 B. 06 MOSCOW 754', Number.NaN)).toEqual(['06MOSCOW754']);
  });

  it('GIVEN a 2-digit number later than the citing year THEN it is not read as a year', () => {
    // A 2008 cable cannot cite a 2012 one: "12" is an item or paragraph number here.
    expect(extractReferences('REF: PARA 12 STATE 455', 2008)).toEqual(['08STATE455']);
  });
});
