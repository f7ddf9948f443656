import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readCsvRecords,
  readCsvRecordsSync,
  type CsvBadRecord,
  type CsvGoodRecord,
  type CsvReadOptions,
  type CsvRecord,
} from '../../src/corpus/csv-reader.ts';
import { formatCsvRecord } from '../../src/corpus/csv-writer.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/csv');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** Splits bytes into chunks of `size` (the last one shorter). */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function* asAsync(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

/** Reads through the streaming API, in chunks of `size` bytes (default: one chunk). */
async function read(bytes: Uint8Array, size = Math.max(1, bytes.length), opts?: CsvReadOptions): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(asAsync(chunked(bytes, size)), opts)) out.push(r);
  return out;
}

function readSync(chunks: readonly Uint8Array[], opts?: CsvReadOptions): CsvRecord[] {
  return [...readCsvRecordsSync(chunks, opts)];
}

function good(r: CsvRecord | undefined): CsvGoodRecord {
  if (r === undefined || !r.ok) throw new Error(`expected a good record, got ${JSON.stringify(r)}`);
  return r;
}

function badOne(r: CsvRecord | undefined): CsvBadRecord {
  if (r === undefined || r.ok) throw new Error(`expected a bad record, got ${JSON.stringify(r)}`);
  return r;
}

const summary = (rs: readonly CsvRecord[]): string[] => rs.map((r) => (r.ok ? `ok:${r.fields[2]}` : r.code));

/**
 * Invariants of every output: records numbered 1..n, spans contiguous and ending at the input's
 * end, each `line` equal to 1 + the line feeds before its `byteOffset`, good records starting with a quote.
 */
function expectConsistent(bytes: Uint8Array, rs: readonly CsvRecord[]): void {
  rs.forEach((r, i) => {
    expect(r.recordNo).toBe(i + 1);
    let lf = 0;
    for (let j = 0; j < r.byteOffset; j++) if (bytes[j] === 0x0a) lf++;
    expect(r.line).toBe(lf + 1);
    const next = rs[i + 1];
    expect(r.byteOffset + r.byteLength).toBe(next ? next.byteOffset : bytes.length);
    if (r.ok) expect(bytes[r.byteOffset]).toBe(0x22);
  });
}

describe('readCsvRecords: well-formed input', () => {
  it('GIVEN a normal 3-record file THEN it yields the 3 records with their 8 fields unescaped', async () => {
    const bytes = fixture('three-records.csv');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
    expectConsistent(bytes, rs);
    const [ba, mos, bog] = rs.map(good);
    expect(ba?.fields.slice(0, 6)).toEqual(['1', '12/28/1966 18:06', '66BUENOSAIRES2481', 'Embassy Buenos Aires', 'UNCLASSIFIED', '']);
    expect(ba?.fields[6]).toMatch(/^P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n/);
    expect(ba?.fields[7]).toContain('OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES.');
    expect(ba?.fields[7]).toContain('¶2.  NAVATT STATES');
    expect(ba?.fields[7].endsWith('HEMISPHERE". \n')).toBe(true);
    expect(ba).toMatchObject({ recordNo: 1, line: 1, byteOffset: 0, encoding: 'utf-8' });
    expect(mos?.fields.slice(0, 6)).toEqual(['55012', '1/25/2006 17:40', '06MOSCOW754', 'Embassy Moscow', 'SECRET', '05MOSCOW12731|06STATE9012']);
    expect(mos?.fields[7]).toContain('said "nothing extraordinary" came out');
    expect(mos?.fields[7]).toContain('"For us it\'s obvious."');
    expect(bog?.fields[6]).toContain('\n\nDE RUEHBO #2076/01 0671600\n');
    expect(bog?.fields[7]).toContain('"hot pursuit" into Venezuela.');
    // The second record starts on the line after the first one's closing quote.
    const lines = (s = ''): number => s.split('\n').length - 1;
    expect(mos?.line).toBe(1 + lines(ba?.fields[6]) + lines(ba?.fields[7]) + 1);
  });

  it('GIVEN the same file with CRLF line breaks THEN the records are the same, with CRLF kept inside the fields', async () => {
    const lf = (await read(fixture('three-records.csv'))).map(good);
    const crlf = (await read(fixture('three-records-crlf.csv'))).map(good);
    expect(crlf).toHaveLength(3);
    expectConsistent(fixture('three-records-crlf.csv'), crlf);
    crlf.forEach((r, i) => {
      expect(r.fields[7]).toContain('\r\n');
      expect(r.fields.map((f) => f.replaceAll('\r\n', '\n'))).toEqual(lf[i]?.fields);
      expect(r.line).toBe(lf[i]?.line);
    });
  });

  it('GIVEN \\" and \\\' inside header and content THEN they read as plain quotes and apostrophes', async () => {
    const rs = (await read(fixture('escaped-quotes.csv'))).map(good);
    expect(rs).toHaveLength(2);
    expect(rs[0]?.fields[7]).toContain('signs of evolution in Russia\'s position');
    expect(rs[0]?.fields[7]).toContain('"For us it\'s obvious."');
    expect(rs[0]?.fields[7]).not.toContain('\\');
    expect(rs[1]?.fields[6]).toBe('FM AMEMBASSY BOGOTA\nTO "SECSTATE" WASHDC');
    expect(rs[1]?.fields[7]).toBe('He said: "It\'s obvious," and left.\n');
  });

  it('GIVEN an empty file, or only line breaks THEN nothing is yielded', async () => {
    expect(await read(fixture('empty.csv'))).toEqual([]);
    expect(await read(Buffer.from('\n\r\n  \n'))).toEqual([]);
    expect(readSync([])).toEqual([]);
  });

  it('GIVEN a UTF-8 byte-order mark THEN it is skipped and offsets still count it', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('three-records.csv')]);
    const rs = await read(bytes, 2);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
    expect(good(rs[0]).byteOffset).toBe(3);
    expect(good(rs[0]).fields[0]).toBe('1');
  });

  it('GIVEN a fileName THEN bad records carry it and good ones do not need it', async () => {
    const rs = await read(fixture('starts-mid-record.csv'), 4096, { fileName: 'cables-part2.csv' });
    expect(badOne(rs[0]).fileName).toBe('cables-part2.csv');
    expect(good(rs[1])).not.toHaveProperty('fileName');
  });
});

describe('readCsvRecords: fragments and broken records', () => {
  it('GIVEN a chunk that begins mid-record THEN the fragment is one truncated-record at line 1 and the records after it are read', async () => {
    const bytes = fixture('starts-mid-record.csv');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['truncated-record', 'ok:66BUENOSAIRES2481', 'ok:06BOGOTA2076']);
    expect(badOne(rs[0])).toMatchObject({ recordNo: 1, line: 1, byteOffset: 0 });
    expect(badOne(rs[0]).detail).toMatch(/^before-first-record bytes=\d+ \| signs of evolution/);
    expectConsistent(bytes, rs);
  });

  it('GIVEN a chunk that ends without its closing quote THEN the last record is one truncated-record', async () => {
    const bytes = fixture('ends-mid-record.csv');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'ok:06BOGOTA2076', 'truncated-record']);
    const last = badOne(rs[2]);
    expect(last.detail).toMatch(/^input ends inside field 8 \| "55012","1\/25\/2006 17:40","06MOSCOW754"/);
    expect(bytes.subarray(last.byteOffset, last.byteOffset + 9).toString()).toBe('"55012","');
    expectConsistent(bytes, rs);
  });

  it('GIVEN a chunk that ends right after a line ending in \\" THEN it is truncated, not a content ending in a backslash', async () => {
    const rs = await read(fixture('ends-after-escaped-quote.csv'));
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'truncated-record']);
  });

  it('GIVEN an input that ends inside the next record start THEN the record before it is still good', async () => {
    const bytes = Buffer.concat([fixture('three-records.csv'), Buffer.from('"55773","3/8/20')]);
    const rs = await read(bytes, 7);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'ok:06MOSCOW754', 'ok:06BOGOTA2076', 'truncated-record']);
    expectConsistent(bytes, rs);
  });

  it('GIVEN a bad quote in the middle THEN that record is bad-quote and every good record after it is still yielded', async () => {
    const bytes = fixture('bad-quote-middle.csv');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'bad-quote', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
    expect(badOne(rs[1]).detail).toMatch(/^unescaped quote in field 8 at \+\d+ \| "55013","1\/25\/2006 18:00","06MOSCOW755"/);
    expectConsistent(bytes, rs);
  });

  it('GIVEN records with 7 and 9 fields THEN each is bad-field-count with the count, and the good ones around them are read', async () => {
    const bytes = fixture('wrong-field-count.csv');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'bad-field-count', 'ok:06MOSCOW754', 'bad-field-count', 'ok:06BOGOTA2076']);
    expect(badOne(rs[1]).detail).toMatch(/^fields=7 \| "2","12\/28\/1966 19:00"/);
    expect(badOne(rs[3]).detail).toMatch(/^fields=9 \| "3","12\/29\/1966 10:15"/);
    expectConsistent(bytes, rs);
  });

  it('GIVEN text after a closing quote before the next record THEN that record is reported, not silently cut short', async () => {
    const ba = fixture('three-records.csv').toString().split('"55012",')[0] ?? '';
    const bytes = Buffer.from(`${ba}stray line\n${formatCsvRecord(['7', '1/2/2003 4:05', '03ROME7', 'Embassy Rome', 'SECRET', '', 'h', 'c'])}`);
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['bad-quote', 'ok:03ROME7']);
    expect(badOne(rs[0]).detail).toMatch(/^text after closing quote of field 8/);
  });

  it('GIVEN a record left open when the next record starts THEN it is one truncated-record and the next one is good', async () => {
    const bytes = Buffer.from('"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","h","content cut\n"2","1/2/2003 4:06","03ROME2","Embassy Rome","SECRET","","h","c"\n');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['truncated-record', 'ok:03ROME2']);
    expect(badOne(rs[0]).detail).toMatch(/^next record starts inside field 8/);
  });

  it('GIVEN NUL bytes inside a record THEN it is binary and the records around it are good', async () => {
    const bytes = fixture('nul-in-record.csv');
    const rs = await read(bytes);
    expect(summary(rs)).toEqual(['ok:66BUENOSAIRES2481', 'binary', 'ok:06BOGOTA2076']);
    expect(badOne(rs[1]).detail).toMatch(/^nul-at=\+\d+ \| "56000"/);
    expect(badOne(rs[1]).detail).not.toContain('\0');
  });

  it('GIVEN random binary data THEN it yields only bad records, binary among them, and never throws', async () => {
    const bytes = fixture('random.bin');
    for (const size of [1, 7, 4096]) {
      const rs = await read(bytes, size);
      expect(rs.length).toBeGreaterThan(0);
      expect(rs.every((r) => !r.ok)).toBe(true);
      expect(rs.map((r) => (r.ok ? 'ok' : r.code))).toContain('binary');
      expectConsistent(bytes, rs);
    }
  });

  it('GIVEN binary data glued before good records THEN the fragment is binary and the records are read', async () => {
    const bytes = Buffer.concat([fixture('random.bin'), Buffer.from('\n'), fixture('three-records.csv')]);
    const rs = await read(bytes, 4096);
    expect(summary(rs)).toEqual(['binary', 'ok:66BUENOSAIRES2481', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
  });

  it('GIVEN a non-UTF-8 run of control bytes without NUL THEN it is binary', async () => {
    const junk = Buffer.alloc(400);
    for (let i = 0; i < junk.length; i++) junk[i] = i % 2 === 0 ? 0x01 + (i % 30) : 0xff;
    const rs = await read(Buffer.concat([junk, Buffer.from('\n'), fixture('three-records.csv')]));
    expect(summary(rs)[0]).toBe('binary');
    expect(badOne(rs[0]).detail).toMatch(/^control-bytes=\d+\/401 /);
  });
});

describe('readCsvRecords: size limit', () => {
  const big = (n: number): string => formatCsvRecord(['9', '2/3/2004 5:06', '04PARIS9', 'Embassy Paris', 'SECRET', '', 'h', 'X'.repeat(n)]);

  it('GIVEN a record over maxRecordBytes THEN it is one oversized-record and the next record is read, whatever the chunking', async () => {
    // The fixture's records are 1,212, 1,192 and 1,098 bytes long.
    const bytes = Buffer.concat([fixture('three-records.csv').subarray(0, 10), Buffer.from('\n'), Buffer.from(big(5000)), fixture('three-records.csv')]);
    const opts = { maxRecordBytes: 1200 };
    const whole = await read(bytes, bytes.length, opts);
    expect(summary(whole)).toEqual(['truncated-record', 'oversized-record', 'oversized-record', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
    expect(badOne(whole[1]).detail).toMatch(/^bytes=5066 limit=1200 \| "9","2\/3\/2004 5:06","04PARIS9"/);
    expect(badOne(whole[2]).detail).toMatch(/^bytes=1212 limit=1200 \| "1","12\/28\/1966 18:06"/);
    for (const size of [1, 7, 300, 4096]) expect(await read(bytes, size, opts)).toEqual(whole);
    expectConsistent(bytes, whole);
  });

  it('GIVEN a 40 MB record read in 64 KiB chunks THEN it is reported as oversized-record without being buffered', async () => {
    const baseline = process.memoryUsage().arrayBuffers;
    const head = Buffer.from('"9","2/3/2004 5:06","04PARIS9","Embassy Paris","SECRET","","h","');
    const body = Buffer.alloc(64 * 1024, 'Y');
    let fed = 0;
    let heapPeak = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield head;
      for (let i = 0; i < 640; i++) {
        fed += body.length;
        heapPeak = Math.max(heapPeak, process.memoryUsage().arrayBuffers);
        yield body;
      }
      yield Buffer.from('"\n');
      yield fixture('three-records.csv');
    }
    const rs: CsvRecord[] = [];
    for await (const r of readCsvRecords(source(), { maxRecordBytes: 1 << 20 })) rs.push(r);
    expect(fed).toBeGreaterThan(40e6);
    expect(summary(rs)).toEqual(['oversized-record', 'ok:66BUENOSAIRES2481', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
    expect(badOne(rs[0]).byteLength).toBe(head.length + fed + 2);
    // The reader keeps about twice the limit at most; 40 MB would show.
    expect(heapPeak - baseline).toBeLessThan(20e6);
  });

  it('GIVEN a fragment longer than the limit before the first record THEN it is one truncated-record', async () => {
    const bytes = Buffer.concat([Buffer.alloc(3000, 'z'), Buffer.from('\n'), fixture('three-records.csv')]);
    const rs = await read(bytes, 100, { maxRecordBytes: 2048 });
    expect(summary(rs)).toEqual(['truncated-record', 'ok:66BUENOSAIRES2481', 'ok:06MOSCOW754', 'ok:06BOGOTA2076']);
    expect(badOne(rs[0]).detail).toMatch(/^before-first-record bytes=3001 \| zzz/);
  });
});

describe('readCsvRecords: chunk boundaries and encodings', () => {
  const names = readdirSync(FIXTURES).filter((n) => n !== 'README.md');

  it.each(names)('GIVEN %s fed in chunks of 1, 7 and 4096 bytes THEN the results are identical to one chunk', async (name) => {
    const bytes = fixture(name);
    const whole = await read(bytes);
    expectConsistent(bytes, whole);
    for (const size of [1, 7, 4096]) expect(await read(bytes, size)).toEqual(whole);
  });

  it('GIVEN a record split at every possible byte boundary THEN every split gives the same result', () => {
    const bytes = fixture('escaped-quotes.csv');
    const whole = readSync([bytes]);
    expect(whole.every((r) => r.ok)).toBe(true);
    for (let k = 0; k <= bytes.length; k++) {
      expect(readSync([bytes.subarray(0, k), bytes.subarray(k)])).toEqual(whole);
    }
  });

  it('GIVEN multi-byte UTF-8 characters split across chunks THEN they decode intact', async () => {
    const bytes = fixture('utf8-multibyte.csv');
    const content = 'The Kremlin’s line — as Ivanov put it — is unchanged: “no referral”.';
    const whole = good((await read(bytes))[0]);
    expect(whole.fields[7]).toContain(content);
    expect(whole.fields[7]).toContain('(€1 bn Bushehr contract)');
    expect(whole.encoding).toBe('utf-8');
    // Split at every byte, so inside each of the 2-, 3- and 4-byte sequences.
    const small = Buffer.from(formatCsvRecord(['1', '1/1/2000 0:00', '00X1', 'o', 'c', '', '¶', '’𝄞¶']));
    for (let k = 0; k <= small.length; k++) {
      const rs = readSync([small.subarray(0, k), small.subarray(k)]);
      expect(good(rs[0]).fields.slice(6)).toEqual(['¶', '’𝄞¶']);
    }
    for (const size of [1, 2, 3]) expect(good((await read(bytes, size))[0]).fields[7]).toContain(content);
  });

  it('GIVEN a record exported as Latin-1 (0xB6 pilcrow, 0x92 apostrophe) THEN it decodes as Windows-1252 and its UTF-8 neighbours stay UTF-8', async () => {
    const bytes = fixture('latin1.csv');
    expect(bytes.includes(Buffer.from([0x0a, 0xb6, 0x31, 0x2e]))).toBe(true);
    const rs = (await read(bytes, 7)).map(good);
    expect(rs.map((r) => r.encoding)).toEqual(['utf-8', 'windows-1252', 'utf-8']);
    expect(rs[1]?.fields[7]).toContain('\n¶1.  (S) Summary:  During a pre-election trip to Cucuta \n');
    expect(rs[1]?.fields[7]).toContain('President Chavez’s likely visit');
    expect(rs[1]?.fields[7]).toContain('"hot pursuit" into Venezuela.');
    expect(rs[0]?.fields[7]).toContain('¶1.  PRESS REPORTS');
  });
});

describe('readCsvRecords: backslashes (the format is ambiguous; see csv-reader.ts)', () => {
  const rec = (content: string): string => `"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","h","${content}"\n`;

  it('GIVEN backslashes not before a quote THEN they are literal', async () => {
    const rs = await read(Buffer.from(rec('C:\\DOS\\RUN and \\\\server\\share')));
    expect(good(rs[0]).fields[7]).toBe('C:\\DOS\\RUN and \\\\server\\share');
  });

  it('GIVEN a doubled backslash before the closing quote THEN the field ends in one backslash', async () => {
    const rs = await read(Buffer.from(rec('path C:\\\\') + rec('x')));
    expect(good(rs[0]).fields[7]).toBe('path C:\\');
  });

  it('GIVEN three backslashes before a quote THEN they read as a backslash and a quote', async () => {
    const rs = await read(Buffer.from(rec('a\\\\\\"b')));
    expect(good(rs[0]).fields[7]).toBe('a\\"b');
  });

  it('GIVEN a real-export field ending in a single backslash THEN its quote reads as escaped and the record as truncated', async () => {
    const rs = await read(Buffer.from(rec('C:\\') + rec('x')));
    expect(summary(rs)).toEqual(['truncated-record', 'ok:03ROME1']);
  });
});

describe('readCsvRecords: properties', () => {
  /** Bytes that matter to the reader, to steer random input towards its edge cases. */
  const piece = fc.oneof(
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom('"', '\\', '\\"', '","', '\n', '\r\n', '\0', '¶', '\n"1","1/2/2003 4:05","', '"12","12/31/1999 23:59","', 'ÿ').map((s) => Buffer.from(s)),
    // Whole records, some near the small size limits used below.
    fc
      .tuple(fc.nat(99), fc.string({ maxLength: 30 }), fc.nat(300))
      .map(([n, s, pad]) => Buffer.from(formatCsvRecord([String(n), '1/2/2003 4:05', `03ROME${n}`, 'Embassy Rome', 'SECRET', '', 'h', s + 'x'.repeat(pad)]))),
  );
  const input = fc.array(piece, { maxLength: 25 }).map((ps) => Buffer.concat(ps));
  const cuts = fc.array(fc.nat(), { maxLength: 8 });

  function splitAt(bytes: Buffer, at: readonly number[]): Buffer[] {
    const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
    const out: Buffer[] = [];
    let prev = 0;
    for (const p of points) {
      out.push(bytes.subarray(prev, p));
      prev = p;
    }
    out.push(bytes.subarray(prev));
    return out;
  }

  it('GIVEN arbitrary bytes in arbitrary chunks THEN the reader terminates without throwing, and the output does not depend on the chunking', () => {
    fc.assert(
      fc.property(input, cuts, fc.integer({ min: 1, max: 64 }), fc.constantFrom(256, 300, 1024, 8 << 20), (bytes, at, size, maxRecordBytes) => {
        const whole = readSync([bytes], { maxRecordBytes });
        expectConsistent(bytes, whole);
        expect(readSync(splitAt(bytes, at), { maxRecordBytes })).toEqual(whole);
        expect(readSync(chunked(bytes, size), { maxRecordBytes })).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });

  it('GIVEN pure random bytes THEN the reader never throws and every output is well-formed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), cuts, (bytes, at) => {
        const buf = Buffer.from(bytes);
        const whole = readSync([buf]);
        expectConsistent(buf, whole);
        expect(readSync(splitAt(buf, at))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN good records interleaved with broken ones THEN every good record is yielded, in order, and each broken one is one bad record', () => {
    const goodRow = fc
      .tuple(fc.nat(9999), fc.string({ unit: 'grapheme', maxLength: 60 }))
      .map(([n, s]): [string, boolean] => [formatCsvRecord([String(n), '3/8/2006 16:00', `06BOGOTA${n}`, 'Embassy Bogota', 'SECRET', '', 'h', s]), true]);
    const badRow = fc
      .tuple(fc.nat(9999), fc.constantFrom('quote', 'fields', 'nul', 'cut'), fc.nat())
      .map(([n, kind, cut]): [string, boolean] => {
        const start = `"${n}","3/8/2006 16:00","`;
        if (kind === 'quote') return [`${start}06BOGOTA${n}","o","c","","h","said "no" to it"\n`, false];
        if (kind === 'fields') return [`${start}06BOGOTA${n}","o","c","","h"\n`, false];
        if (kind === 'nul') return [`${start}06BOGOTA${n}","o","c","","h","a\0b"\n`, false];
        const full = `${start}06BOGOTA${n}","o","c","","header","content \\"quoted\\" here"\n`;
        // Cut anywhere after the record start and before the closing quote, then go on.
        return [`${full.slice(0, start.length + (cut % (full.length - 2 - start.length)))}\n`, false];
      });
    fc.assert(
      fc.property(fc.array(fc.oneof(goodRow, badRow), { maxLength: 20 }), (rows) => {
        const bytes = Buffer.from(rows.map(([text]) => text).join(''));
        const rs = readSync(chunked(bytes, 13));
        expect(rs.map((r) => r.ok)).toEqual(rows.map(([, ok]) => ok));
        rs.forEach((r, i) => {
          const row = rows[i];
          if (r.ok && row) expect(formatCsvRecord(r.fields)).toBe(row[0]);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('readCsvRecords: misuse', () => {
  it('GIVEN a stream that yields strings (opened with an encoding) THEN it throws a TypeError instead of misreading', async () => {
    // A Readable's async iterator is typed `any`, so TypeScript cannot catch this.
    const source = Readable.from(['"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","h","c"\n']);
    await expect(async () => {
      for await (const r of readCsvRecords(source)) expect(r).toBeUndefined();
    }).rejects.toThrow(TypeError);
  });
});
