/**
 * A `cables.csv` big enough that an import can be interrupted in the middle: the three real
 * records of test/fixtures/csv/three-records.csv (66BUENOSAIRES2481, 06MOSCOW754,
 * 06BOGOTA2076) repeated under new, real-shaped IDs (same year and station, serial numbers
 * 100001…), with a running serial column, written by csv-writer as the real export is shaped.
 * Deterministic: the same `count` gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readCsvRecords, type CsvFields } from '../../src/corpus/csv-reader.ts';
import { formatCsvRecord } from '../../src/corpus/csv-writer.ts';

const THREE = new URL('../fixtures/csv/three-records.csv', import.meta.url);

/** Writes `count` records to `file`; returns the IDs in file order. */
export async function writeRepeatedCsv(file: string, count: number): Promise<string[]> {
  const templates: CsvFields[] = [];
  for await (const r of readCsvRecords([readFileSync(THREE)])) if (r.ok) templates.push(r.fields);
  if (templates.length !== 3) throw new Error(`expected 3 fixture records, got ${templates.length}`);
  const ids: string[] = [];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length];
    if (t === undefined) throw new Error('unreachable');
    const shape = /^(\d\d[A-Z]+?)\d+$/.exec(t[2]);
    if (shape?.[1] === undefined) throw new Error(`unexpected fixture ID ${t[2]}`);
    const id = `${shape[1]}${100_001 + i}`;
    ids.push(id);
    // A different sentence per record, so every cable has text of its own (and its own hash).
    const content = `${t[7]}\n\nSerial note ${i + 1}: record of the interruption test.\n`;
    out.push(formatCsvRecord([String(i + 1), t[1], id, t[3], t[4], t[5], t[6], content]));
  }
  writeFileSync(file, out.join(''));
  return ids;
}
