/**
 * Real cables as ParsedCable objects, built by hand for the store and cache tests (not by
 * the project's parsers, so these tests do not depend on them):
 *
 * - 06MOSCOW754 from the seed page text (test/fixtures/seed/06MOSCOW754.txt): its 16
 *   paragraphs, with the seed's quirks resolved the way the type documents them ("12,"
 *   is paragraph 12, page-break lines dropped, wrapped lines rejoined, the word split
 *   across lines in ¶7 joined). No SUBJECT or TAGS line in the seed, so none here.
 * - 06MOSCOW5740, 06MOSCOW3335: opening paragraphs copied from their WikiLeaks pages
 *   (corpus/wikileaks-html); 5740 cites 3335, and both cite 05MOSCOW14734, which is not in
 *   the corpus.
 * - 08MANAMA492 and its misprinted twin 08ECTION01OF02MANAMA492 (same cable, published
 *   twice, different transmission IDs, typos in the twin), ¶1 copied from both pages, and
 *   08MANAMA539, which cites it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paragraph, ParsedCable } from '../../src/corpus/types.ts';

const SEED = new URL('../fixtures/seed/06MOSCOW754.txt', import.meta.url);

/** Headings printed between paragraphs of 06MOSCOW754, keyed by the paragraph they precede. */
const MOSCOW754_HEADINGS: ReadonlyMap<number, string> = new Map([
  [3, 'Moratorium on Enrichment Activities'],
  [6, "Iran's Right to Undertake R&D"],
  [7, 'The Russian Initiative'],
  [11, 'Referral to the UNSC'],
  [14, "Russia's Conclusions"],
  [15, 'Press Event'],
]);

/** 06MOSCOW754 as a page-text parser would give it; `body` holds each paragraph verbatim. */
export function moscow754(): ParsedCable {
  const lines = readFileSync(SEED, 'utf8').split('\n').map((l) => l.trimEnd());
  const start = lines.findIndex((l) => l.startsWith('S E C R E T SECTION 01 OF 03'));
  const end = lines.findIndex((l) => l.startsWith('Post a comment'));
  const headings = new Set(MOSCOW754_HEADINGS.values());
  const paragraphs: Paragraph[] = [];
  const preamble: string[] = [];
  let current: { number: number; marking: string; lines: string[] } | null = null;
  const flush = (): void => {
    if (current === null) return;
    const text = current.lines.join(' ').replace(/\s+/g, ' ').replace('program c ould', 'program could').trim();
    paragraphs.push({ number: current.number, marking: current.marking, heading: MOSCOW754_HEADINGS.get(current.number) ?? null, text });
  };
  for (const line of lines.slice(start, end)) {
    if (/^MOSCOW 00000754\s+\d{3} OF \d{3}$/.test(line)) continue; // page-break line
    if (headings.has(line)) continue;
    const m = /^(\d+)[.,] \(([A-Z]+)\)\s+(.*)$/.exec(line);
    if (m) {
      flush();
      current = { number: Number(m[1]), marking: m[2] ?? '', lines: [m[3] ?? ''] };
    } else if (current) {
      current.lines.push(line);
    } else if (line !== '') {
      preamble.push(line);
    }
  }
  flush();
  const bodyParts = [preamble.join('\n')];
  for (const p of paragraphs) {
    if (p.heading !== null) bodyParts.push(p.heading);
    bodyParts.push(`${p.number}. (${p.marking}) ${p.text}`);
  }
  return {
    id: '06MOSCOW754',
    canonicalId: '06MOSCOW754',
    created: '2006-01-25 17:40',
    released: '2011-08-30 01:44',
    classification: 'SECRET',
    origin: 'Embassy Moscow',
    subject: null,
    tags: [],
    references: [],
    classifiedBy: 'Ambassador William J. Burns',
    reasons: ['1.4(b)', '1.4(d)'],
    summary:
      paragraphs[0]?.text.replace(/^SUMMARY\. /, '').replace(/ END SUMMARY\.$/, '') ?? null,
    paragraphs,
    partial: false,
    declassify: '2014-09-20',
    tid: null,
    header: 'DE RUEHMO #0754/01 0251740\nO 251740Z JAN 06',
    body: bodyParts.join('\n\n'),
    format: 'page-text',
  };
}

const MOSCOW5740_P1 =
  "SUMMARY. Adding fuel to already intense speculation about who will succeed him, President Putin confirmed to state media May 13 that he will endorse a candidate before the March 2008 election. Both Kremlin-connected and independent analysts believe Putin's choice will be driven by a desire to ensure his physical and financial security, to maximize the likelihood of continuity in his policies, and to preserve the current political system, in which he is the final arbiter of disputes among rival groups (a role he likely intends to play even after leaving office). Our contacts generally think Putin will consult about possible successors with his closest advisers but make the final decision alone, without involving elites outside the Kremlin or relying heavily on public opinion surveys, as former President Boris Yeltsin did. The conventional wisdom remains that First Deputy Prime Minister Dmitriy Medvedev and Deputy Prime Minister/Defense Minister Sergey Ivanov are the two front-runners, but other horses of varying shades of darkness are believed to be at least potentially in the running. Putin's interest lies in prolonging uncertainty to avoid a premature slippage of power away from him and toward a perceived successor, but that uncertainty encourages competitive jockeying for position among the candidates and a feeding-frenzy among those who fear their snouts could soon be torn from the trough. END SUMMARY.";
const MOSCOW5740_P2 =
  "Most of our contacts take for granted that Putin's own physical and financial security and social status post-2008 loom large in his succession calculations. XXXXXXXXXXXX told us that financial considerations would drive Putin's thinking.";

/** 06MOSCOW5740 (first two paragraphs), citing 06MOSCOW3335. */
export function moscow5740(): ParsedCable {
  return {
    id: '06MOSCOW5740',
    canonicalId: '06MOSCOW5740',
    created: '2006-05-31 13:01',
    released: '2011-02-03 00:12',
    classification: 'CONFIDENTIAL',
    origin: 'Embassy Moscow',
    subject: 'RUSSIA: PRESIDENTIAL SUCCESSION SNAPSHOT',
    tags: ['PGOV', 'PREL', 'ECON', 'PINR', 'RS'],
    references: ['05MOSCOW14734', '06MOSCOW5000', '06MOSCOW3335'],
    classifiedBy: 'Minister-Counselor for Political Affairs Kirk Augustine',
    reasons: ['1.4(b)', '1.4(d)'],
    summary: MOSCOW5740_P1.replace(/^SUMMARY\. /, '').replace(/ END SUMMARY\.$/, ''),
    paragraphs: [
      { number: 1, marking: 'C', heading: null, text: MOSCOW5740_P1 },
      { number: 2, marking: 'C', heading: 'HELPING RUSSIA BY HELPING HIMSELF', text: MOSCOW5740_P2 },
    ],
    partial: false,
    declassify: '2016-05-19',
    tid: 'VZCZCXRO3110',
    header: 'VZCZCXRO3110\nRR RUEHDBU\nDE RUEHMO #5740/01 1511315\nZNY CCCCC ZZH\nR 311315Z MAY 06\nFM AMEMBASSY MOSCOW',
    body: [
      'C O N F I D E N T I A L SECTION 01 OF 05 MOSCOW 005740',
      'SUBJECT: RUSSIA: PRESIDENTIAL SUCCESSION SNAPSHOT',
      'REF: A. 2005 MOSCOW 14734 B. MOSCOW 5000 C. MOSCOW 3335',
      `1. (C) ${MOSCOW5740_P1}`,
      'HELPING RUSSIA BY HELPING HIMSELF',
      `2. (C) ${MOSCOW5740_P2}`,
    ].join('\n\n'),
    format: 'html',
  };
}

const MOSCOW3335_P1 =
  "SUMMARY. In the months since President Putin's November 14 personnel reshuffle that moved Dmitriy Medvedev and Sergey Ivanov into succession spotlight, political discussion has centered on how that move is playing out. Most observers continue to accept Putin's word that he will step down at the end of his term. They are divided over whether Medvedev will ultimately benefit from having been assigned to oversee Putin's national priority projects. END SUMMARY.";
const MOSCOW3335_P2 =
  'On November 14 Putin shook up the political scene with a major personnel reshuffle in the Presidential Administration (PA) and government (ref A). Over the past four months, that reshuffle has been the primary point of reference in discussions of the succession, as that issue increasingly dominates the domestic political scene.';

/** 06MOSCOW3335 (first two paragraphs; ¶1 shortened), no SUBJECT line on its page. */
export function moscow3335(): ParsedCable {
  return {
    id: '06MOSCOW3335',
    canonicalId: '06MOSCOW3335',
    created: '2006-03-31 09:09',
    released: '2011-02-03 00:12',
    classification: 'CONFIDENTIAL',
    origin: 'Embassy Moscow',
    subject: null,
    tags: ['PGOV', 'ECON', 'PINR', 'RS'],
    references: ['05MOSCOW14734', '06MOSCOW1082', '06MOSCOW1434', '05MOSCOW15735', '06MOSCOW3218'],
    classifiedBy: 'Ambassador William J. Burns',
    reasons: ['1.4(b)', '1.4(d)'],
    summary: null,
    paragraphs: [
      { number: 1, marking: 'C', heading: null, text: MOSCOW3335_P1 },
      { number: 2, marking: 'C', heading: null, text: MOSCOW3335_P2 },
    ],
    partial: false,
    declassify: '2016-03-30',
    tid: 'VZCZCXRO8344',
    header: 'VZCZCXRO8344\nRR RUEHDBU\nDE RUEHMO #3335/01 0900906',
    body: `1. (C) ${MOSCOW3335_P1}\n\n2. (C) ${MOSCOW3335_P2}`,
    format: 'html',
  };
}

/** 08MANAMA492, or with `misprinted` its twin 08ECTION01OF02MANAMA492 (typos as published). */
export function manama492(misprinted = false): ParsedCable {
  const p1 = misprinted
    ? "Summary: The GOB asked the Interational Organization for Migration to conduct two-day legal seminar on Bahrain's new Anti-Trafficking in Persons law (ref B). The seminar was paid for by the GOB."
    : "Summary: The GOB asked the International Organization for Migration to conduct a two-day legal seminar on Bahrain's new Anti-Trafficking in Persons law (ref B). The seminar was paid for by the GOB.";
  const subject = misprinted ? "BAHRAIN SEEKS IOM'S ASSISTANCE TO COBAT TIP" : "BAHRAIN SEEKS IOM'S ASSISTANCE TO COMBAT TIP";
  return {
    id: misprinted ? '08ECTION01OF02MANAMA492' : '08MANAMA492',
    canonicalId: '08MANAMA492',
    created: '2008-07-24 06:06',
    released: '2011-02-18 21:09',
    classification: 'CONFIDENTIAL',
    origin: 'Embassy Manama',
    subject,
    tags: ['KCRM', 'KWMN', 'ASEC', 'PHUM', 'BA'],
    references: ['08MANAMA165', '08MANAMA320', '08MANAMA363', '08MANAMA486'],
    classifiedBy: 'CDA Christopher Henzel',
    reasons: ['1.4(b)', '1.4(d)'],
    summary: null,
    paragraphs: [{ number: 1, marking: 'C', heading: null, text: p1 }],
    partial: false,
    declassify: '2018-07-24',
    tid: misprinted ? 'VZCZCXRO4772' : 'VZCZCXRO5008',
    header: null,
    body: `SUBJECT: ${subject}\n\n1.(C) ${p1}`,
    format: 'html',
  };
}

const MANAMA539_P1 =
  "Charge delivered ref C points to MFA A/US Abdulaziz Al Khalifa on August 12. Al Khalifa thanked Charge for the advice on how to combat trafficking in persons. He praised IOM's collaborative efforts to train Interior Ministry officials, and welcomed additional training opportunities for the judiciary (ref B).";

/** 08MANAMA539 (¶1), which cites 08MANAMA492 (REF B. MANAMA 492). */
export function manama539(): ParsedCable {
  const subject = 'BAHRAIN ACCEPTS TIP ACTION PLAN, PREPARES FOR LARGE CONFERENCE IN NOVEMBER';
  return {
    id: '08MANAMA539',
    canonicalId: '08MANAMA539',
    created: '2008-08-12 13:01',
    released: '2011-02-18 21:09',
    classification: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
    origin: 'Embassy Manama',
    subject,
    tags: ['KCRM', 'KWMN', 'PHUM', 'SMIG', 'BA'],
    references: ['08MANAMA363', '08MANAMA492', '08STATE75348'],
    classifiedBy: null,
    reasons: [],
    summary: null,
    paragraphs: [{ number: 1, marking: 'SBU', heading: null, text: MANAMA539_P1 }],
    partial: false,
    declassify: null,
    tid: 'VZCZCXRO8644',
    header: 'VZCZCXRO8644\nRR RUEHDE RUEHDIR\nDE RUEHMK #0539 2251308',
    body: `SUBJECT: ${subject}\n\n1.(SBU) ${MANAMA539_P1}`,
    format: 'html',
  };
}

/** A fresh temp directory and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `cablebot-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
