/**
 * Streaming reader for the full-release `cables.csv` (corpus/README.md, "The full-release CSV";
 * PARSER-NOTES.md §7): no header row, 8 double-quoted columns (serial, `M/D/YYYY H:MM`, reference
 * ID, origin, classification, `|`-joined references, routing header, content), quotes inside a
 * field written `\"` (never doubled), header and content spanning many LF or CRLF lines.
 *
 * ## Rules (the format has no spec; these are the decisions, and why)
 *
 * **Records are cut at record starts, then checked whole.** A record start is a line beginning
 * `"<digits>","<date field>","` (or the start of the input), the date field being any short
 * text without quotes or line breaks. In a well-formed file this can
 * never occur inside a field: every quote inside a field is backslash-escaped, so no line inside a
 * field begins with a bare `"`. The bytes from one record start to the next (the "span") must be
 * exactly one 8-field record plus trailing line breaks, or the whole span is one bad record. So a
 * broken record can never swallow the good records after it (resynchronisation is free), and a
 * record with stray text after its closing quote is reported rather than silently cut short.
 * The date field is not checked here (the row parser reports a bad or missing date with the
 * record's own number): requiring `M/D/YYYY H:MM` made a record with a bad date merge into the
 * record before it, and both were reported as one bad record.
 *
 * **Backslashes.** The real export escapes `"` as `\"` and sometimes `'` as `\'`, and leaves
 * other backslashes alone. That is ambiguous when a field's text has a backslash right before a
 * quote or at its very end (`C:\` is written `"C:\"`, which also reads as an escaped quote). We
 * resolve it the C way, *only for runs of backslashes directly before a quote or the field end*:
 * a run of n backslashes before `"` or `'` stands for ⌊n/2⌋ literal backslashes, and an odd run
 * escapes the quote; a `"` after an even run (including none) is structural. A backslash before
 * anything else is literal. Real cable text (telegrams) practically never has a backslash before a
 * quote, so this reads the real file exactly as the simple rule would, while
 * `formatCsvRecord` (csv-writer.ts) can write any text so that it reads back unchanged.
 * A real field that ends in a single backslash cannot be closed under this rule; such a record is
 * reported as `truncated-record` (the same as a chunk cut right after a line ending in `\"`).
 *
 * **Encoding.** Each record's bytes are checked as a whole: valid UTF-8 is decoded as UTF-8; a
 * record that is not valid UTF-8 is decoded as Windows-1252 (Latin-1 exports carry `¶` as 0xB6;
 * Windows exports carry curly quotes at 0x91–0x94, which ISO-8859-1 would turn into invisible C1
 * controls — and Node 20's `TextDecoder('windows-1252')` is really ISO-8859-1, so the 0x80–0x9F
 * mapping is done here). The choice is per record, so one Latin-1 record does not garble its
 * neighbours. Decoding happens only on complete record bytes, so a chunk boundary can never split
 * a multi-byte character (no streaming `TextDecoder` needed). Field text is not otherwise
 * normalised: CRLF inside a field stays CRLF. A UTF-8 byte-order mark at the start is skipped.
 *
 * **Bad records.** Text before the first record start (a chunk beginning mid-record) is one
 * `truncated-record` at line 1, unless it is only whitespace; input ending inside a record is one
 * `truncated-record`; a span containing a NUL byte, or a non-UTF-8 span of which more than 1 % are
 * control bytes, is `binary`; a span longer than `maxRecordBytes` (default 8 MiB) is
 * `oversized-record` (a fragment before the first record: `truncated-record`) and is skipped
 * without being buffered; otherwise a structural error is `bad-quote`, and a clean record without
 * exactly 8 fields is `bad-field-count`.
 *
 * **Speed and memory.** Bytes are scanned with `Buffer#indexOf` (line feeds, which both count
 * lines and locate record starts; quotes, to find where fields close) and decoded field by field
 * with `Buffer#toString`; there is no per-character string building. About 200 MB/s per CPU-second
 * with 1 MiB chunks (bench/csv.ts); pass `fs.createReadStream(path, { highWaterMark: 1 << 20 })`,
 * the 64 KiB default costs up to a third of that in per-chunk overhead. Only the current record
 * and one chunk are kept: the buffer grows to at most about twice `maxRecordBytes` plus a chunk.
 */
import { isUtf8 } from 'node:buffer';

/** Number of columns in `cables.csv`. */
export const CSV_FIELD_COUNT = 8;

/** Default for {@link CsvReadOptions.maxRecordBytes}: 8 MiB, far above any real cable (the file averages about 7 KB a row). */
export const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** Smallest accepted `maxRecordBytes`, so a bad-record detail can always show the record's start. */
const MIN_MAX_RECORD_BYTES = 256;

/** The 8 columns of a `cables.csv` row, unescaped, in file order. */
export type CsvFields = [
  serial: string,
  created: string,
  referenceId: string,
  origin: string,
  classification: string,
  references: string,
  header: string,
  content: string,
];

/** Why a stretch of the input is not a usable record. Codes, not wording (DESIGN.md). */
export type CsvBadRecordCode = 'truncated-record' | 'bad-quote' | 'bad-field-count' | 'oversized-record' | 'binary';

/** Where a record (good or bad) sits in the input. */
export interface CsvRecordPosition {
  /** Counts records, good and bad, from 1. */
  recordNo: number;
  /** 1-based line (LF-counted) on which the record starts. */
  line: number;
  /** Byte offset of the record's first byte in the input (a skipped BOM counts). */
  byteOffset: number;
  /** Bytes from the record's start to the next record start (trailing line breaks included). */
  byteLength: number;
}

/** A well-formed row. */
export interface CsvGoodRecord extends CsvRecordPosition {
  ok: true;
  /** Exactly 8 fields, unescaped; line breaks inside fields kept as they were (LF or CRLF). */
  fields: CsvFields;
  /** How the record's bytes were decoded: UTF-8 if valid, else Windows-1252. */
  encoding: 'utf-8' | 'windows-1252';
}

/** A stretch of input that is not a usable row; reading goes on after it. */
export interface CsvBadRecord extends CsvRecordPosition {
  ok: false;
  code: CsvBadRecordCode;
  /** Facts for the message, never prose: e.g. `fields=7 | "1","12/28/1966 18:06",…` (the record's first 60 characters). */
  detail: string;
  /** The `fileName` option, when given. */
  fileName?: string;
}

/** One item of the reader's output. */
export type CsvRecord = CsvGoodRecord | CsvBadRecord;

/** Options of {@link readCsvRecords}. */
export interface CsvReadOptions {
  /** Copied onto bad records, so the importer can name the file in its report. */
  fileName?: string;
  /** A record longer than this many bytes is reported as `oversized-record` and skipped without being buffered. Default {@link DEFAULT_MAX_RECORD_BYTES}. */
  maxRecordBytes?: number;
}

/**
 * Reads `cables.csv` records from a stream of byte chunks, e.g.
 * `fs.createReadStream(path, { highWaterMark: 1 << 20 })` (no `encoding`: it needs bytes).
 * Chunks may split records, lines and multi-byte characters anywhere; the output does not depend
 * on where. Never throws on bad input: every stretch of input that is not a record is yielded
 * once as a bad record, and reading goes on at the next record start. Errors of the source itself
 * (I/O) propagate. See the module comment for the resynchronisation, backslash and encoding rules.
 *
 * @throws TypeError if the source yields something other than bytes (a stream opened with an encoding).
 */
export async function* readCsvRecords(
  source: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  opts: CsvReadOptions = {},
): AsyncGenerator<CsvRecord> {
  const scanner = new CsvScanner(opts);
  for await (const chunk of source) {
    scanner.push(chunk);
    yield* scanner.drain(false);
  }
  yield* scanner.drain(true);
}

/** Synchronous {@link readCsvRecords}, for input already in memory (tests, small files). */
export function* readCsvRecordsSync(source: Iterable<Buffer | Uint8Array>, opts: CsvReadOptions = {}): Generator<CsvRecord> {
  const scanner = new CsvScanner(opts);
  for (const chunk of source) {
    scanner.push(chunk);
    yield* scanner.drain(false);
  }
  yield* scanner.drain(true);
}

// ---------------------------------------------------------------------------------------------

const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const FF = 0x0c;
const SPACE = 0x20;
const DOUBLE_BACKSLASH = Buffer.from('\\\\', 'latin1');
const BACKSLASH_APOSTROPHE = Buffer.from("\\'", 'latin1');
/** Bytes looked at to show a bad record's start (60 characters fit in it). */
const HEAD_BYTES = 240;
const HEAD_CHARS = 60;

/** Result of {@link matchRecordStart}: a position past the match, or one of these. */
const FAIL = -1;
const MORE = -2;

/**
 * A growable byte window over the input. Bytes before `start` are no longer needed and are
 * dropped when room is needed; offsets given to and taken from it are absolute input offsets.
 */
class ByteWindow {
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of `buf[0]`. */
  base = 0;
  /** Absolute offset of the first byte still needed. */
  start = 0;
  /** Absolute offset one past the last byte received. */
  end = 0;
  /** The received bytes, `buf[0, end - base)`; capacity beyond it holds stale bytes and must not be searched. */
  view: Buffer = this.buf;

  push(chunk: Uint8Array): void {
    const len = chunk.byteLength;
    if (len === 0) return;
    if (this.end - this.base + len > this.buf.length) {
      const keep = this.end - this.start;
      const need = keep + len;
      const from = this.start - this.base;
      if (need <= this.buf.length >> 1) {
        // Plenty of room once the consumed bytes are dropped: slide the kept bytes down.
        this.buf.copyWithin(0, from, from + keep);
      } else {
        const next = Buffer.allocUnsafe(Math.max(1 << 20, need + Math.min(need, 16 << 20)));
        this.buf.copy(next, 0, from, from + keep);
        this.buf = next;
      }
      this.base = this.start;
    }
    this.buf.set(chunk, this.end - this.base);
    this.end += len;
    this.view = this.buf.subarray(0, this.end - this.base);
  }
}

interface Good {
  fields: CsvFields;
  encoding: CsvGoodRecord['encoding'];
}

interface Fault {
  code: CsvBadRecordCode;
  fact: string;
  head: string;
}

/** What is known about a span whose bytes were dropped because it grew past `maxRecordBytes`. */
interface SkipState {
  head: string;
  /** Absolute offset of the first NUL byte seen, or -1. */
  firstNul: number;
  nonWhitespace: boolean;
}

/** The state machine behind {@link readCsvRecords}: feed with `push`, collect with `drain`. */
class CsvScanner {
  private readonly w = new ByteWindow();
  private readonly max: number;
  private readonly fileName: string | undefined;
  private started = false;
  private bomChecked = false;
  private finished = false;
  /** Absolute offset where the current span (a record, or the fragment before the first record) starts. */
  private spanStart = 0;
  private spanLine = 1;
  private spanIsRecord = false;
  /** Absolute offset from which to keep searching for line breaks that may precede a record start. */
  private scanFrom = 0;
  /** Line feeds in `[spanStart, scanFrom)`: the scan for record starts counts them as it goes. */
  private spanLf = 0;
  private skip: SkipState | null = null;
  private recordNo = 0;

  constructor(opts: CsvReadOptions) {
    this.max = Math.max(MIN_MAX_RECORD_BYTES, opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
    this.fileName = opts.fileName;
  }

  push(chunk: unknown): void {
    // Stream iterators are typed `any`: a stream opened with an encoding would yield strings here.
    if (!(chunk instanceof Uint8Array)) throw new TypeError(`readCsvRecords: expected byte chunks, got ${typeof chunk}`);
    this.w.push(chunk);
  }

  /** Yields every span completed by the bytes pushed so far; with `eof`, also the last one. */
  *drain(eof: boolean): Generator<CsvRecord> {
    if (this.finished) return;
    const w = this.w;
    if (!this.started) {
      if (w.end - w.start < 3 && !eof) return;
      if (!this.bomChecked) {
        this.bomChecked = true;
        const v = w.view;
        const i = w.start - w.base;
        if (v[i] === 0xef && v[i + 1] === 0xbb && v[i + 2] === 0xbf) w.start += 3;
      }
      const m = matchRecordStart(w.view, w.start - w.base);
      if (m === MORE && !eof) return;
      this.started = true;
      // A partial record start at the very end of the input is a record cut short, not a fragment.
      this.spanIsRecord = m !== FAIL;
      this.spanStart = this.scanFrom = w.start;
    }
    // One pass over the line feeds both counts lines and finds record starts (a line beginning
    // with `"<digits>","<date>","`); most lines fail at their first byte.
    for (;;) {
      const v = w.view;
      const base = w.base;
      const idx = v.indexOf(LF, this.scanFrom - base);
      if (idx === -1) {
        this.scanFrom = w.end;
        break;
      }
      const after = v[idx + 1];
      const m = after === undefined ? MORE : after === QUOTE ? matchRecordStart(v, idx + 1) : FAIL;
      if (m === MORE && !eof) {
        // The bytes that decide it are in a later chunk; look at this line feed again then.
        this.scanFrom = idx + base;
        break;
      }
      this.spanLf++;
      this.scanFrom = idx + 1 + base;
      // At the end of input a partial record start is a record cut short (reported as such),
      // but a line feed that ends the input is just a line end.
      if (m === FAIL || after === undefined) continue;
      const next = idx + 1 + base;
      const record = this.finishSpan(next, false);
      if (record) yield record;
      this.spanStart = this.scanFrom = w.start = next;
      this.spanIsRecord = true;
    }
    if (eof) {
      this.finished = true;
      if (w.end > this.spanStart) {
        const record = this.finishSpan(w.end, true);
        if (record) yield record;
      }
      w.start = w.end;
      return;
    }
    // No record start in sight: if the span is already too long, stop buffering it. (Only bytes
    // before `scanFrom` are surely in the span; the ones after may be the next record's start.)
    if (this.skip === null && this.scanFrom - this.spanStart > this.max) {
      const v = w.view;
      const rs = this.spanStart - w.base;
      this.skip = { head: headOf(v, rs, v.length), firstNul: -1, nonWhitespace: false };
    }
    if (this.skip !== null && this.scanFrom > w.start) {
      absorb(this.skip, w.view, w.start - w.base, this.scanFrom - w.base, w.base);
      w.start = this.scanFrom;
    }
  }

  /** Classifies the span `[spanStart, end)` and advances the line count past it. */
  private finishSpan(end: number, atEof: boolean): CsvRecord | null {
    const byteOffset = this.spanStart;
    const byteLength = end - byteOffset;
    const line = this.spanLine;
    this.spanLine += this.spanLf;
    this.spanLf = 0;
    const outcome = this.skip !== null ? this.classifySkipped(end) : this.classifySpan(end, atEof);
    if (outcome === null) return null;
    const recordNo = ++this.recordNo;
    if ('fields' in outcome) return { ok: true, recordNo, line, byteOffset, byteLength, fields: outcome.fields, encoding: outcome.encoding };
    const rec: CsvBadRecord = { ok: false, recordNo, line, byteOffset, byteLength, code: outcome.code, detail: `${outcome.fact} | ${outcome.head}` };
    if (this.fileName !== undefined) rec.fileName = this.fileName;
    return rec;
  }

  /** A span that outgrew `maxRecordBytes`, most of whose bytes are gone: judged from what was noted. */
  private classifySkipped(end: number): Fault | null {
    const w = this.w;
    const skip = this.skip;
    if (skip === null) return null;
    absorb(skip, w.view, w.start - w.base, end - w.base, w.base);
    this.skip = null;
    return this.classifyLong(skip.firstNul, skip.nonWhitespace, skip.head, end - this.spanStart);
  }

  private classifySpan(end: number, atEof: boolean): Good | Fault | null {
    const w = this.w;
    const v = w.view;
    const rs = this.spanStart - w.base;
    const re = end - w.base;
    const byteLength = re - rs;
    const span = v.subarray(rs, re);
    const nul = span.indexOf(0);
    if (byteLength > this.max) {
      return this.classifyLong(nul === -1 ? -1 : this.spanStart + nul, firstNonWhitespace(v, rs, re) !== -1, headOf(v, rs, re), byteLength);
    }
    if (!this.spanIsRecord && firstNonWhitespace(v, rs, re) === -1) return null;
    if (nul !== -1) return { code: 'binary', fact: `nul-at=+${nul}`, head: headOf(v, rs, re) };
    const utf8 = isUtf8(span);
    if (!utf8) {
      const controls = countControlBytes(v, rs, re);
      if (controls * 100 > byteLength) return { code: 'binary', fact: `control-bytes=${controls}/${byteLength}`, head: headOf(v, rs, re) };
    }
    if (!this.spanIsRecord) return { code: 'truncated-record', fact: `before-first-record bytes=${byteLength}`, head: headOf(v, rs, re) };
    const parsed = parseRecord(v, rs, re, utf8, atEof);
    if ('code' in parsed) return { ...parsed, head: headOf(v, rs, re) };
    return { fields: parsed.fields, encoding: utf8 ? 'utf-8' : 'windows-1252' };
  }

  /** A span longer than the limit; judged the same whether or not its bytes were still buffered. */
  private classifyLong(firstNul: number, nonWhitespace: boolean, head: string, byteLength: number): Fault | null {
    if (firstNul !== -1) return { code: 'binary', fact: `nul-at=+${firstNul - this.spanStart}`, head };
    if (!this.spanIsRecord) return nonWhitespace ? { code: 'truncated-record', fact: `before-first-record bytes=${byteLength}`, head } : null;
    return { code: 'oversized-record', fact: `bytes=${byteLength} limit=${this.max}`, head };
  }
}

/** Notes NULs and non-whitespace in bytes `[a, z)` that are about to be dropped (line feeds are counted by the scan). */
function absorb(skip: SkipState, v: Uint8Array, a: number, z: number, base: number): void {
  for (let i = a; i < z; i++) {
    const c = v[i];
    if (c === 0 && skip.firstNul === -1) skip.firstNul = base + i;
    if (!skip.nonWhitespace && c !== LF && c !== CR && c !== SPACE && c !== TAB) skip.nonWhitespace = true;
  }
}

/**
 * Checks for `"<digits>","<date field>","` at `p`: a serial, then a date field of up to 40 bytes
 * without quotes, backslashes or line breaks (well-formed or not: `3/22/2006 14:44`, empty,
 * `22/3/2006`), then the next field's opening quote. Returns the offset after it, {@link FAIL},
 * or {@link MORE} when the buffered bytes end before it can tell.
 */
function matchRecordStart(v: Uint8Array, p: number): number {
  let i = lit(v, p, QUOTE);
  i = digits(v, i, 1, 12);
  i = lit(v, i, QUOTE);
  i = lit(v, i, COMMA);
  i = lit(v, i, QUOTE);
  i = plainField(v, i, 40);
  i = lit(v, i, QUOTE);
  i = lit(v, i, COMMA);
  return lit(v, i, QUOTE);
}

/** Skips up to `max` bytes that are not a quote, backslash, CR or LF; returns where it stopped. */
function plainField(v: Uint8Array, i: number, max: number): number {
  if (i < 0) return i;
  for (let n = 0; n <= max; n++) {
    if (i + n >= v.length) return MORE;
    const c = v[i + n];
    if (c === QUOTE) return i + n;
    if (c === BACKSLASH || c === LF || c === CR) return FAIL;
  }
  return FAIL;
}

function lit(v: Uint8Array, i: number, c: number): number {
  if (i < 0) return i;
  if (i >= v.length) return MORE;
  return v[i] === c ? i + 1 : FAIL;
}

function digits(v: Uint8Array, i: number, min: number, max: number): number {
  if (i < 0) return i;
  let n = 0;
  while (n < max) {
    if (i + n >= v.length) return MORE;
    const c = v[i + n];
    if (c === undefined || c < 0x30 || c > 0x39) break;
    n++;
  }
  return n >= min ? i + n : FAIL;
}

/**
 * Offset of the quote that closes a field whose text starts at `from`: the first `"` before
 * `end` preceded by an even run of backslashes (an odd run escapes it). -1 if there is none.
 */
function findCloser(v: Buffer, from: number, end: number): number {
  let q = v.indexOf(QUOTE, from);
  while (q !== -1 && q < end) {
    let j = q - 1;
    while (j >= from && v[j] === BACKSLASH) j--;
    if (((q - 1 - j) & 1) === 0) return q;
    q = v.indexOf(QUOTE, q + 1);
  }
  return -1;
}

type ParsedRecord = { fields: CsvFields } | { code: CsvBadRecordCode; fact: string };

/** Parses the span `[rs, re)` as one record followed only by whitespace. */
function parseRecord(v: Buffer, rs: number, re: number, utf8: boolean, atEof: boolean): ParsedRecord {
  const out: string[] = [];
  let pos = rs;
  let n = 0;
  for (;;) {
    if (pos >= re) return { code: 'truncated-record', fact: `input ends before field ${n + 1}` };
    if (v[pos] !== QUOTE) return { code: 'bad-quote', fact: `field ${n + 1} not quoted at +${pos - rs}` };
    const q = findCloser(v, pos + 1, re);
    if (q === -1) {
      return { code: 'truncated-record', fact: `${atEof ? 'input ends' : 'next record starts'} inside field ${n + 1}` };
    }
    n++;
    if (n <= CSV_FIELD_COUNT) out.push(decodeField(v, pos + 1, q, utf8));
    pos = q + 1;
    if (pos >= re) break;
    const c = v[pos];
    if (c === COMMA) {
      pos++;
      continue;
    }
    if (c === LF || c === CR || c === SPACE || c === TAB) {
      const junk = firstNonWhitespace(v, pos, re);
      if (junk === -1) break;
      return { code: 'bad-quote', fact: `text after closing quote of field ${n} at +${junk - rs}` };
    }
    // A bare quote inside a field: the exporter failed to escape it.
    return { code: 'bad-quote', fact: `unescaped quote in field ${n} at +${q - rs}` };
  }
  if (n !== CSV_FIELD_COUNT) return { code: 'bad-field-count', fact: `fields=${n}` };
  const [f0 = '', f1 = '', f2 = '', f3 = '', f4 = '', f5 = '', f6 = '', f7 = ''] = out;
  return { fields: [f0, f1, f2, f3, f4, f5, f6, f7] };
}

/**
 * Decodes and unescapes one field: a run of n backslashes before a quote or the field end stands
 * for ⌊n/2⌋ backslashes (an odd run escapes the quote). The byte checks (memchr) keep the string
 * work to the fields that need it.
 */
function decodeField(v: Buffer, a: number, z: number, utf8: boolean): string {
  const text = utf8 ? v.toString('utf8', a, z) : fromWindows1252(v.toString('latin1', a, z));
  const raw = v.subarray(a, z);
  if (raw.indexOf(BACKSLASH) === -1) return text;
  if (raw.indexOf(DOUBLE_BACKSLASH) !== -1) {
    return text.replace(/(\\+)(["']|$)/g, (_m: string, run: string, quote: string) => '\\'.repeat(run.length >> 1) + quote);
  }
  // The common case (every real quote is `\"`): each `\"` or `\'` is one quote.
  const unquoted = text.replaceAll('\\"', '"');
  return raw.indexOf(BACKSLASH_APOSTROPHE) === -1 ? unquoted : unquoted.replaceAll("\\'", "'");
}

/** Windows-1252 code points for bytes 0x80–0x9F (the five unassigned bytes map to themselves, as in WHATWG). */
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1_RANGE = /[\u0080-\u009f]/g;

/** Turns a Latin-1 decoding into Windows-1252 (they differ only at 0x80–0x9F). */
function fromWindows1252(latin1: string): string {
  C1_RANGE.lastIndex = 0;
  if (!C1_RANGE.test(latin1)) return latin1;
  return latin1.replace(C1_RANGE, (c) => CP1252_80_9F.charAt(c.charCodeAt(0) - 0x80));
}

function isWhitespace(c: number | undefined): boolean {
  return c === LF || c === CR || c === SPACE || c === TAB;
}

function firstNonWhitespace(v: Uint8Array, a: number, z: number): number {
  for (let i = a; i < z; i++) if (!isWhitespace(v[i])) return i;
  return -1;
}

/** C0 control bytes other than TAB, LF, FF, CR, plus DEL: text in any 8-bit encoding has almost none. */
function countControlBytes(v: Uint8Array, a: number, z: number): number {
  let n = 0;
  for (let i = a; i < z; i++) {
    const c = v[i];
    if (c === undefined) continue;
    if ((c < 0x20 && c !== TAB && c !== LF && c !== FF && c !== CR) || c === 0x7f) n++;
  }
  return n;
}

/** The first {@link HEAD_CHARS} characters of a span, control characters escaped, for a bad record's detail. */
function headOf(v: Buffer, a: number, z: number): string {
  let end = Math.min(z, a + HEAD_BYTES);
  // Do not cut a UTF-8 sequence in half (continuation bytes are 10xxxxxx).
  if (end < z) while (end > a && ((v[end] ?? 0) & 0xc0) === 0x80) end--;
  const slice = v.subarray(a, end);
  const text = isUtf8(slice) ? slice.toString('utf8') : fromWindows1252(slice.toString('latin1'));
  let out = '';
  let chars = 0;
  for (const ch of text) {
    if (chars++ >= HEAD_CHARS) {
      out += '…';
      break;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}
