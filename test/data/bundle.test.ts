/**
 * Validates the committed bundle `data/corpus/cables.jsonl.gz` (and `data/origins.csv`): the
 * data every answer comes from is checked in CI like code. A rebuild of the fixture pages must
 * give exactly the bundled lines, so the bundle cannot drift from the parsers unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, decodeBundleLine, encodeBundleLine, readBundleLines, type BundledCable } from '../../src/corpus/bundle.ts';
import { defaultIdIndex } from '../../src/corpus/ids/index.ts';
import { parseId } from '../../src/corpus/ids/parse.ts';
import { ORIGINS_FILE } from '../../src/corpus/origins.ts';
import { entryFromPage, entryFromPageText } from '../../scripts/corpus-build.ts';
import { FIXTURES } from '../corpus/parse/fixtures.ts';

let lines: string[] = [];
let entries: BundledCable[] = [];
let byId = new Map<string, number>();

beforeAll(() => {
  lines = readBundleLines(BUNDLE_FILE);
  entries = lines.map((l, i) => decodeBundleLine(l, i + 1));
  byId = new Map(entries.map((e, i) => [e.cable.id, i]));
});

describe('GIVEN the bundled corpus data/corpus/cables.jsonl.gz', () => {
  it('THEN it holds the seed and the 6,072 pages, each ID once, sorted', () => {
    expect(entries).toHaveLength(6073);
    expect(byId.size).toBe(entries.length);
    const ids = entries.map((e) => e.cable.id);
    expect(ids).toEqual([...ids].sort());
    expect(byId.has('06MOSCOW754')).toBe(true);
  });

  it('THEN every cable has created, classification, origin and a body, and is a known ID of the release', () => {
    const ids = defaultIdIndex();
    const problems: string[] = [];
    for (const { cable: c } of entries) {
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(c.created)) problems.push(`${c.id}: created ${c.created}`);
      if (!c.classification.trim()) problems.push(`${c.id}: no classification`);
      if (!c.origin.trim()) problems.push(`${c.id}: no origin`);
      if (!c.body.trim()) problems.push(`${c.id}: no body`);
      if (!ids.has(c.id)) problems.push(`${c.id}: not an ID of the release`);
      if (ids.canonicalOf(c.id) !== c.canonicalId) problems.push(`${c.id}: canonicalId ${c.canonicalId} ≠ ${ids.canonicalOf(c.id)}`);
      // The ID's month and the created date agree (the ID list comes from the release itself).
      if (ids.month(c.id) !== Number(c.created.slice(5, 7))) problems.push(`${c.id}: created ${c.created}, ID list month ${ids.month(c.id)}`);
    }
    expect(problems).toEqual([]);
  });

  it('THEN every reference is a well-formed ID and no cable cites itself', () => {
    const problems: string[] = [];
    for (const { cable: c } of entries) {
      for (const r of c.references) {
        const p = parseId(r);
        if (!p.ok || p.id !== r) problems.push(`${c.id}: reference ${r}`);
        if (r === c.id) problems.push(`${c.id}: cites itself`);
      }
      if (new Set(c.references).size !== c.references.length) problems.push(`${c.id}: duplicate references`);
    }
    expect(problems).toEqual([]);
  });

  it('THEN paragraph numbers are present wherever the source page anchored them, and include every anchored number on at least 97% of pages', () => {
    const missing: string[] = [];
    let anchored = 0;
    let equal = 0;
    for (const { cable: c, anchors } of entries) {
      if (!anchors || anchors.length === 0) continue;
      anchored++;
      const got = c.paragraphs.flatMap((p) => (p.number === null ? [] : [p.number]));
      if (got.length === 0) missing.push(c.id);
      if (anchors.every((n) => got.includes(n))) equal++;
    }
    // Pages whose only anchors are wrapped dates ("on November / 28.") have no real numbers.
    const WRAPPED_DATE_ONLY = ['03THEHAGUE2983', '06REYKJAVIK88', '08ANKARA1417', '08CAIRO2205', '08CAIRO2246', '08REYKJAVIK139', '09CAIRO1258', '09MANAMA647', '09TRIPOLI639'];
    expect(missing.filter((id) => !WRAPPED_DATE_ONLY.includes(id))).toEqual([]);
    expect(anchored).toBeGreaterThan(5000);
    expect(equal / anchored).toBeGreaterThanOrEqual(0.97);
  });

  it('THEN no paragraph text keeps a page-break line or a leading marking', () => {
    const problems: string[] = [];
    for (const { cable: c } of entries) {
      for (const p of c.paragraphs) {
        if (/\n\s*(?:[A-Z ]+ \d{5,6} \d{3} OF \d{3}|PAGE \d{2} [A-Z ]+ \d{5,6})\s*\n/.test(p.text)) problems.push(`${c.id} ¶${p.number}: page break`);
        // 07MONTERREY130 ¶4 is printed `4. (U) (SBU) On February 17`: one marking is read, the second kept as printed.
        const doubled = c.id === '07MONTERREY130' && p.number === 4;
        if (p.number !== null && !doubled && /^\((?:U|C|S|SBU|S\/NF|C\/NF)\)/.test(p.text)) problems.push(`${c.id} ¶${p.number}: marking left in text`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('THEN each line decodes and encodes back to the same bytes', () => {
    for (let i = 0; i < lines.length; i += 97) {
      const e = entries[i];
      if (!e) throw new Error('missing entry');
      expect(encodeBundleLine(e)).toBe(lines[i]);
    }
  });

  it('THEN rebuilding the fixture pages and the seed gives exactly their bundled lines', () => {
    const pages = readdirSync(`${FIXTURES}pages`).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(25);
    for (const f of pages) {
      const rebuilt = entryFromPage(readFileSync(`${FIXTURES}pages/${f}`, 'utf8'), f);
      const at = byId.get(rebuilt.cable.id);
      expect(at, `${f} is in the bundle`).toBeDefined();
      expect(encodeBundleLine(rebuilt), f).toBe(lines[at ?? -1]);
    }
    const seed = entryFromPageText(readFileSync(`${FIXTURES}seed/06MOSCOW754.txt`, 'utf8'));
    expect(encodeBundleLine(seed)).toBe(lines[byId.get('06MOSCOW754') ?? -1]);
  });
});

describe('GIVEN data/origins.csv', () => {
  it('THEN it maps each station once to a non-empty origin, sorted, and agrees with the bundle', () => {
    const rows = readFileSync(ORIGINS_FILE, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('station,origin');
    const stations = rows.slice(1).map((r) => r.slice(0, r.indexOf(',')));
    expect(stations).toEqual([...new Set(stations)].sort());
    const origin = new Map(rows.slice(1).map((r) => [r.slice(0, r.indexOf(',')), r.slice(r.indexOf(',') + 1)]));
    expect(origin.get('MOSCOW')).toBe('Embassy Moscow');
    expect(origin.get('STATE')).toBe('Secretary of State');
    for (const o of origin.values()) expect(o.trim().length).toBeGreaterThan(0);
  });
});
