/**
 * Files of any format, recognised from their content (DESIGN.md: `cablebot parse <file...>`):
 * sniffFormat on each format and on binary and empty input, and parseFile's error results for
 * files that are no cable — never a throw.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsvRecord } from '../../../src/corpus/csv-writer.ts';
import { parseFile, parseText, sniffFormat, type SourcedResult } from '../../../src/corpus/parse/file.ts';
import { FIXTURES, pageParts, plainBody } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'cablebot-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string, encoding: BufferEncoding = 'utf8'): Uint8Array => Buffer.from(text, encoding);
const fixtureBytes = (rel: string): Uint8Array => readFileSync(join(FIXTURES, rel));

/** A Latin-1 telegram (CRLF, ¶ as 0xB6) from a page's routing header and body. */
function telegramBytes(id: string): Uint8Array {
  const p = pageParts(id);
  return bytes(`${p.header}\n\n${p.body}`.replace(/\n/g, '\r\n'), 'latin1');
}

/** One cables.csv record of 06BOGOTA2076 built from the record its page dumps. */
function csvRecord(): string {
  return formatCsvRecord(['55772', '3/8/2006 16:00', '06BOGOTA2076', 'Embassy Bogota', 'SECRET', '', 'VZCZCXYZ0000', plainBody('06BOGOTA2076')]);
}

async function results(name: string, content: Uint8Array | null): Promise<SourcedResult[]> {
  const path = join(dir, name);
  if (content) writeFileSync(path, content);
  const out: SourcedResult[] = [];
  for await (const r of parseFile(path)) out.push(r);
  return out;
}

describe('GIVEN the first bytes of each supported format', () => {
  it('THEN a viewer page is html', () => {
    expect(sniffFormat(fixtureBytes('pages/06BOGOTA2291.html'), 'x.html')).toBe('html');
  });

  it('THEN the seed text copy is page-text', () => {
    expect(sniffFormat(fixtureBytes('seed/06MOSCOW754.txt'), '06MOSCOW754.txt')).toBe('page-text');
  });

  it('THEN a Latin-1 telegram is telegram, whatever the file is called', () => {
    expect(sniffFormat(telegramBytes('06BOGOTA2291'), 'cable.dat')).toBe('telegram');
  });

  it('THEN a cables.csv record is csv, even without the .csv name', () => {
    expect(sniffFormat(bytes(csvRecord()), 'chunk-0001')).toBe('csv');
  });

  it('THEN a chunk that starts mid-record is csv when a record starts later in it', () => {
    const record = csvRecord();
    const chunk = record.slice(record.indexOf('Army and Police')) + record;
    expect(sniffFormat(bytes(chunk), 'part.dat')).toBe('csv');
  });

  it('THEN a fragment with no record start is csv only by its .csv name', () => {
    const record = csvRecord();
    // Its escaped quotes (`in the vicinity of \"Tres Bocas.\"`) are the only CSV sign left.
    const fragment = record.slice(record.indexOf('Army and Police'), record.indexOf('Army and Police') + 3000);
    expect(fragment).toContain('\\"Tres Bocas.\\"');
    expect(sniffFormat(bytes(fragment), 'cables-part2.csv')).toBe('csv');
    expect(sniffFormat(bytes(fragment), 'cables-part2.txt')).toBeNull();
  });
});

describe('GIVEN input that is no text or no cable', () => {
  it('THEN random bytes are binary, no bytes are empty, and prose is not recognised', () => {
    expect(sniffFormat(fixtureBytes('csv/random.bin'), 'random.bin')).toBe('binary');
    expect(sniffFormat(new Uint8Array(0), 'x.csv')).toBe('empty');
    expect(sniffFormat(bytes('Minutes of the meeting.\nNothing to report.\n'), 'notes.txt')).toBeNull();
  });

  it('THEN a text with NUL bytes is binary', () => {
    expect(sniffFormat(bytes('C O N F I D E N T I A L\u0000\u0000 BOGOTA'), 'x.txt')).toBe('binary');
  });
});

describe('GIVEN parseFile on files that hold no cable', () => {
  it('THEN a binary file gives one binary result with its size', async () => {
    expect(await results('random.bin', fixtureBytes('csv/random.bin'))).toEqual([
      { source: { file: join(dir, 'random.bin'), bytes: 4096 }, ok: false, error: { code: 'binary' } },
    ]);
  });

  it('THEN an empty file gives one empty result', async () => {
    expect(await results('empty.csv', new Uint8Array(0))).toEqual([{ source: { file: join(dir, 'empty.csv'), bytes: 0 }, ok: false, error: { code: 'empty' } }]);
  });

  it('THEN prose gives unknown-format', async () => {
    const [r, ...rest] = await results('notes.txt', bytes('Minutes of the meeting.\nNothing to report.\n'));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-format' } });
  });

  it('THEN a missing file or a directory gives unreadable with the system code', async () => {
    expect(await results('missing.html', null)).toEqual([{ source: { file: join(dir, 'missing.html') }, ok: false, error: { code: 'unreadable', detail: 'ENOENT' } }]);
    const out: SourcedResult[] = [];
    for await (const x of parseFile(dir)) out.push(x);
    expect(out).toEqual([{ source: { file: dir }, ok: false, error: { code: 'unreadable', detail: 'EISDIR' } }]);
  });
});

describe('GIVEN parseText on in-memory text', () => {
  it('THEN blank text is empty and prose is unknown-format', () => {
    expect(parseText(' \n\t\n')).toEqual({ ok: false, error: { code: 'empty' } });
    expect(parseText('Minutes of the meeting.')).toEqual({ ok: false, error: { code: 'unknown-format' } });
  });

  it('THEN a page, a text copy and a telegram are each parsed as their format', () => {
    const p = pageParts('06BOGOTA2291');
    const formats = [
      parseText(readFileSync(join(FIXTURES, 'pages/06BOGOTA2291.html'), 'utf8')),
      parseText(readFileSync(join(FIXTURES, 'seed/06MOSCOW754.txt'), 'utf8')),
      parseText(`${p.header}\n\n${p.body}`),
    ].map((r) => (r.ok ? r.cable.format : r.error.code));
    expect(formats).toEqual(['html', 'page-text', 'telegram']);
  });
});
