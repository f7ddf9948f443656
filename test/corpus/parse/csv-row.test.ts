/**
 * Records of the full-release cables.csv (corpus/README.md): built with formatCsvRecord from the
 * database records dumped on real pages (serial, date, ID, origin, classification, references,
 * routing header) and the bodies after them, then read back through parseFile — also as a chunk
 * that starts mid-record, one that ends mid-record, and one with an unescaped quote. Bad records
 * come out as error results naming record and line; nothing throws.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsvRecord } from '../../../src/corpus/csv-writer.ts';
import { csvDate, parseCsvFields } from '../../../src/corpus/parse/csv-row.ts';
import { stripDump } from '../../../src/corpus/parse/dump.ts';
import { parseFile, type SourcedResult } from '../../../src/corpus/parse/file.ts';
import { normalizeText } from '../../../src/corpus/parse/text.ts';
import { page, paragraphsOf, plainBody } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'cablebot-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 8 cables.csv fields of a page that dumps its database record, with the body that follows the dump as content. */
function csvFields(id: string): string[] {
  const { body, dump } = stripDump(normalizeText(plainBody(id)));
  if (!dump?.serial || !dump.date || !dump.id || !dump.origin || !dump.classification) throw new Error(`${id} has no full dump`);
  return [dump.serial, dump.date, dump.id, dump.origin, dump.classification, dump.references ?? '', dump.header ?? '', body];
}

const IDS = ['06BOGOTA2076', '02BOGOTA3281', '05QUITO1978'] as const;
const RECORDS = IDS.map((id) => formatCsvRecord(csvFields(id)));
/** 1-based line on which each record starts when the three are written one after another. */
const STARTS = RECORDS.map((_, i) => 1 + RECORDS.slice(0, i).join('').split('\n').length - 1);

async function parseCsv(name: string, content: string): Promise<SourcedResult[]> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const out: SourcedResult[] = [];
  for await (const r of parseFile(path)) out.push(r);
  return out;
}

function summaryOf(r: SourcedResult | undefined): unknown {
  if (!r) return undefined;
  return { record: r.source.record, line: r.source.line, result: r.ok ? r.cable.id : r.error.code };
}

describe('GIVEN three cables.csv records built from real dumped records', () => {
  it('THEN the fields are the dumped values (06BOGOTA2076: serial 55772, `3/8/2006 16:00`, no references)', () => {
    const f = csvFields('06BOGOTA2076');
    expect(f.slice(0, 6)).toEqual(['55772', '3/8/2006 16:00', '06BOGOTA2076', 'Embassy Bogota', 'SECRET', '']);
    expect(f[6]?.startsWith('VZCZCXYZ0000\nOO RUEHWEB')).toBe(true);
    expect(f[7]?.startsWith('\nS E C R E T BOGOTA 002076\n\nSIPDIS')).toBe(true);
    expect(RECORDS[0]?.startsWith('"55772","3/8/2006 16:00","06BOGOTA2076","Embassy Bogota","SECRET","","VZCZCXYZ0000')).toBe(true);
  });

  it('THEN parseFile gives three cables, each with its record number and first line', async () => {
    const results = await parseCsv('three.csv', RECORDS.join(''));
    expect(results.map(summaryOf)).toEqual(IDS.map((id, i) => ({ record: i + 1, line: STARTS[i], result: id })));
  });

  it('THEN the metadata comes from the columns: created from `M/D/YYYY H:MM`, no release date, TID from the header column', async () => {
    const [first, second] = await parseCsv('meta.csv', RECORDS.join(''));
    if (!first?.ok || !second?.ok) throw new Error('expected cables');
    expect(first.cable).toMatchObject({
      format: 'csv',
      id: '06BOGOTA2076',
      created: '2006-03-08 16:00',
      released: null,
      classification: 'SECRET',
      origin: 'Embassy Bogota',
      tid: 'VZCZCXYZ0000',
    });
    expect(second.cable).toMatchObject({ id: '02BOGOTA3281', created: '2002-04-11 20:44', references: ['02BOGOTA3101'] });
  });

  it('THEN the body parses as on the page: same subject, tags, references, classified-by and paragraphs', async () => {
    const results = await parseCsv('body.csv', RECORDS.join(''));
    results.forEach((r, i) => {
      if (!r.ok) throw new Error(`record ${i + 1}: ${r.error.code}`);
      const p = page(IDS[i] ?? '');
      expect([r.cable.subject, r.cable.tags, r.cable.references, r.cable.classifiedBy, r.cable.reasons], IDS[i]).toEqual([
        p.subject,
        p.tags,
        p.references,
        p.classifiedBy,
        p.reasons,
      ]);
      expect(paragraphsOf(r.cable), IDS[i]).toEqual(paragraphsOf(p));
    });
  });

  it('THEN the same records with CRLF everywhere parse to the same paragraphs', async () => {
    const crlf = IDS.map((id) => formatCsvRecord(csvFields(id).map((f) => f.replace(/\n/g, '\r\n')), { eol: '\r\n' })).join('');
    const results = await parseCsv('crlf.csv', crlf);
    expect(results.map((r) => (r.ok ? paragraphsOf(r.cable) : r.error.code))).toEqual(IDS.map((id) => paragraphsOf(page(id))));
  });
});

describe('GIVEN a chunk of cables.csv that starts in the middle of a record', () => {
  it('THEN the fragment is one truncated-record at record 1, line 1, and the two whole records after it parse', async () => {
    const first = RECORDS[0] ?? '';
    const cut = first.indexOf('demobilization of the majority of AUC forces');
    expect(cut).toBeGreaterThan(0);
    const results = await parseCsv('starts-mid.csv', first.slice(cut) + RECORDS[1] + RECORDS[2]);
    const fragmentLines = first.slice(cut).split('\n').length - 1;
    expect(results.map(summaryOf)).toEqual([
      { record: 1, line: 1, result: 'truncated-record' },
      { record: 2, line: 1 + fragmentLines, result: '02BOGOTA3281' },
      { record: 3, line: 1 + fragmentLines + (RECORDS[1] ?? '').split('\n').length - 1, result: '05QUITO1978' },
    ]);
  });
});

describe('GIVEN a chunk that ends inside its last record', () => {
  it('THEN the cut record is a truncated-record at its own record number and line, after the good ones', async () => {
    const last = RECORDS[2] ?? '';
    const results = await parseCsv('ends-mid.csv', RECORDS.slice(0, 2).join('') + last.slice(0, last.indexOf('Widespread Conspiracy')));
    expect(results.map(summaryOf)).toEqual([
      { record: 1, line: STARTS[0], result: '06BOGOTA2076' },
      { record: 2, line: STARTS[1], result: '02BOGOTA3281' },
      { record: 3, line: STARTS[2], result: 'truncated-record' },
    ]);
  });
});

describe('GIVEN a record with an unescaped quote in its content', () => {
  it('THEN that record is a bad-quote naming record 2 and its line, and the records around it parse', async () => {
    const second = RECORDS[1] ?? '';
    expect(second).toContain('REPRESENTED \\"THE TIP OF THE ICEBERG,\\"');
    const broken = second.replace('\\"THE TIP', '"THE TIP');
    const results = await parseCsv('bad-quote.csv', RECORDS[0] + broken + RECORDS[2]);
    expect(results.map(summaryOf)).toEqual([
      { record: 1, line: STARTS[0], result: '06BOGOTA2076' },
      { record: 2, line: STARTS[1], result: 'bad-quote' },
      { record: 3, line: STARTS[2], result: '05QUITO1978' },
    ]);
  });
});

describe('GIVEN parseCsvFields on fields that cannot make a cable', () => {
  const good = csvFields('06BOGOTA2076');

  it('THEN 7 fields are bad-field-count with the count as detail', () => {
    expect(parseCsvFields(good.slice(0, 7))).toEqual({ ok: false, error: { code: 'bad-field-count', detail: '7' } });
  });

  it('THEN an empty date is no-created and a date in another shape is bad-date', () => {
    expect(parseCsvFields(['55772', '', ...good.slice(2)])).toEqual({ ok: false, error: { code: 'no-created' } });
    expect(parseCsvFields(['55772', '2006-03-08 16:00', ...good.slice(2)])).toEqual({ ok: false, error: { code: 'bad-date', detail: '2006-03-08 16:00' } });
  });

  it('THEN empty content is no-body', () => {
    expect(parseCsvFields([...good.slice(0, 7), ' \n '])).toEqual({ ok: false, error: { code: 'no-body' } });
  });

  it('THEN csvDate turns `M/D/YYYY H:MM` (seconds allowed) into `YYYY-MM-DD HH:MM` and refuses other shapes', () => {
    expect(csvDate('12/28/1966 18:06')).toBe('1966-12-28 18:06');
    expect(csvDate('3/8/2006 16:00:59')).toBe('2006-03-08 16:00');
    expect(csvDate('2006-03-08 16:00')).toBeNull();
  });
});
