import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, readCsvRecordsSync, type CsvRecord } from '../../src/corpus/csv-reader.ts';
import { escapeCsvField, formatCsvRecord } from '../../src/corpus/csv-writer.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/csv');

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('formatCsvRecord', () => {
  it('GIVEN a cable row THEN it writes 8 quoted fields with \\" escapes, as the real export does', () => {
    const row = formatCsvRecord([
      '1',
      '12/28/1966 18:06',
      '66BUENOSAIRES2481',
      'Embassy Buenos Aires',
      'UNCLASSIFIED',
      '',
      'header\nline 2',
      'UNCLAS BUENOS AIRES 2481\n1. He said "no" to the ...\n',
    ]);
    expect(row).toBe(
      '"1","12/28/1966 18:06","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","","header\nline 2","UNCLAS BUENOS AIRES 2481\n1. He said \\"no\\" to the ...\n"\n',
    );
  });

  it('GIVEN the fixture rows written by hand from the description THEN the writer reproduces them byte for byte', () => {
    const bytes = readFileSync(join(FIXTURES, 'three-records.csv'));
    const rows = [...readCsvRecordsSync([bytes])].map((r) => (r.ok ? formatCsvRecord(r.fields) : ''));
    expect(rows.join('')).toBe(bytes.toString('utf8'));
  });

  it('GIVEN eol CRLF THEN the row ends with CRLF', () => {
    expect(formatCsvRecord(['a', 'b'], { eol: '\r\n' })).toBe('"a","b"\r\n');
  });

  it.each([
    ['plain text', 'plain text'],
    ['a "quote"', 'a \\"quote\\"'],
    ["Russia's", "Russia's"],
    ['C:\\DOS\\RUN', 'C:\\DOS\\RUN'],
    ['ends in C:\\', 'ends in C:\\\\'],
    ['a\\"b', 'a\\\\\\"b'],
    ["a\\'b", "a\\\\'b"],
    ['","', '\\",\\"'],
  ])('GIVEN %j THEN escapeCsvField writes %j', (text, escaped) => {
    expect(escapeCsvField(text)).toBe(escaped);
  });
});

describe('csv-writer → csv-reader round trip', () => {
  /** Units that stress the format: quotes, backslashes, separators, line breaks, fake record starts, non-ASCII. */
  const tricky = fc.constantFrom('"', "'", '\\', '\\\\', ',', '","', '\r', '\n', '\r\n', '\n"', '\n"1","1/2/2003 4:05","', '¶', '’', '😀', ' ');
  // Every code point but NUL (a record with NUL is rejected as binary by design); no lone surrogates.
  const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0');
  const text = fc.string({ unit: fc.oneof(tricky, anyChar, fc.constantFrom('a', 'Z', '1')), maxLength: 80 });
  const date = fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1966, max: 2010 }), fc.nat(23), fc.nat(59))
    .map(([m, d, y, h, min]) => `${m}/${d}/${y} ${h}:${String(min).padStart(2, '0')}`);
  const row = fc.tuple(fc.nat(300_000).map(String), date, text, text, text, text, text, text);

  it('GIVEN arbitrary field contents THEN what the writer writes the reader reads back unchanged, in any chunking', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), fc.integer({ min: 1, max: 50 }), (rows, eol, size) => {
        const bytes = Buffer.from(rows.map((r) => formatCsvRecord(r, { eol })).join(''));
        const read = [...readCsvRecordsSync(chunked(bytes, size))];
        expect(read.map((r) => (r.ok ? r.fields : r))).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN a content field ending in backslashes as the last record of the input THEN it still reads back (no EOF ambiguity)', async () => {
    const fields = ['1', '1/2/2003 4:05', '03ROME1', 'Embassy Rome', 'SECRET', '', 'h\\', 'C:\\\\'];
    const out: CsvRecord[] = [];
    for await (const r of readCsvRecords([Buffer.from(formatCsvRecord(fields))])) out.push(r);
    expect(out).toHaveLength(1);
    expect(out[0]?.ok ? out[0].fields : out[0]).toEqual(fields);
  });
});
