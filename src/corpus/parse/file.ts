/**
 * Parses files of any supported format, recognised from the content (a `.txt` may be a page
 * copy or a telegram; a `.csv` chunk may start mid-record), so `parse` and `import` take any
 * mix. CSV is streamed record by record; other formats are one cable per file.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ParseError, ParseResult, SourceFormat } from '../types.ts';
import { drain, peek } from '../bytes.ts';
import { readCsvRecords } from '../csv-reader.ts';
import { parseCsvFields } from './csv-row.ts';
import { isCablePage, parseCablePage } from './html.ts';
import { isPageText, parsePageText } from './page-text.ts';
import { isTelegram, parseTelegram } from './telegram.ts';
import { decodeCableBytes, looksBinary } from './text.ts';

/** Where a result came from, for reports: the file and, in a CSV, the record and its first line. */
export interface SourceRef {
  file: string;
  /** 1-based record number within a CSV file. */
  record?: number;
  /** 1-based line where the record starts. */
  line?: number;
  /** Bytes of the input this result covers (CSV), for progress. */
  bytes?: number;
}

export type SourcedResult = { source: SourceRef } & ParseResult;

/** Single-cable files larger than this are not cable pages; reported rather than read whole. */
const MAX_SINGLE_FILE = 32 * 1024 * 1024;
const CSV_RECORD_START = /(?:^|\n)"\d{1,7}","\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}","/;

/** Which format the content is, from its first bytes (and, for CSV, the name as a hint). */
export function sniffFormat(head: Uint8Array, fileName = ''): SourceFormat | 'binary' | 'empty' | null {
  if (head.length === 0) return 'empty';
  if (looksBinary(head)) return 'binary';
  const text = decodeCableBytes(head);
  if (/^\s*"\d{1,7}","/.test(text) || CSV_RECORD_START.test(text)) return 'csv';
  if (isCablePage(text)) return 'html';
  if (isPageText(text)) return 'page-text';
  if (isTelegram(text)) return 'telegram';
  if (extname(fileName).toLowerCase() === '.csv' && /","|\\"/.test(text)) return 'csv';
  return null;
}

/** Parses one in-memory text (no CSV): the format is recognised from the content. */
export function parseText(text: string): ParseResult {
  if (!text.trim()) return fail('empty');
  if (isCablePage(text)) return parseAs('html', text);
  if (isPageText(text)) return parseAs('page-text', text);
  if (isTelegram(text)) return parseAs('telegram', text);
  return fail('unknown-format');
}

/** The parser of each single-cable format. */
function parseAs(format: 'html' | 'page-text' | 'telegram', text: string): ParseResult {
  return format === 'html' ? parseCablePage(text) : format === 'page-text' ? parsePageText(text) : parseTelegram(text);
}

function fail(code: ParseError['code'], detail?: string): ParseResult {
  return { ok: false, error: detail === undefined ? { code } : { code, detail } };
}

/**
 * One unit of a file as read, before the CSV parse: a cables.csv record's 8 fields (parsed by
 * the caller, possibly on a worker thread), or the result for anything else (a whole-file
 * cable or an error).
 */
export type FileRecord = { source: SourceRef; fields: string[] } | SourcedResult;

/**
 * Reads a file into records. Never throws for bad content: an unreadable, binary, empty or
 * unknown file, and every bad CSV record, comes out as an error result naming where it was.
 */
export async function* readFileRecords(path: string): AsyncGenerator<FileRecord> {
  try {
    // Opened and read once here so that a missing, unreadable or folder path is one clear
    // result (ENOENT, EACCES, EISDIR) rather than a stream error halfway.
    const fh = await open(path, 'r');
    try {
      await fh.read(Buffer.alloc(1), 0, 1, 0);
    } finally {
      await fh.close();
    }
  } catch (err) {
    yield { source: { file: path }, ...fail('unreadable', err instanceof Error && 'code' in err ? String(err.code) : String(err)) };
    return;
  }
  yield* readStreamRecords(path, createReadStream(path, { highWaterMark: 1 << 20 }));
}

/** What is sniffed: enough for the CSV record-start pattern and a page's head. */
const HEAD_BYTES = 256 * 1024;

/**
 * Reads bytes — a file, an archive member, standard input — into records: CSV record by record
 * (a chunk starting mid-record gives one `truncated-record`), anything else whole; a binary,
 * empty or unknown input is one error result naming it, its bytes read past. Never throws for
 * bad content; errors of the stream itself (a damaged archive) propagate.
 */
export async function* readStreamRecords(name: string, stream: AsyncIterable<Uint8Array>): AsyncGenerator<FileRecord> {
  const { head, rest } = await peek(stream, HEAD_BYTES);
  const format = sniffFormat(head, name);
  if (format === 'csv') {
    for await (const rec of readCsvRecords(rest, { fileName: name })) {
      const source: SourceRef = { file: name, record: rec.recordNo, line: rec.line, bytes: rec.byteLength };
      if (!rec.ok) yield { source, ...fail(rec.code, rec.detail) };
      else yield { source, fields: [...rec.fields] };
    }
    return;
  }
  if (format === 'binary' || format === 'empty' || format === null) {
    const size = await drain(rest);
    yield { source: { file: name, bytes: size }, ...fail(format ?? 'unknown-format') };
    return;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of rest) {
    size += chunk.byteLength;
    if (size <= MAX_SINGLE_FILE) chunks.push(chunk);
  }
  if (size > MAX_SINGLE_FILE) {
    yield { source: { file: name, bytes: size }, ...fail('too-large', String(size)) };
    return;
  }
  yield { source: { file: name, bytes: size }, ...parseAs(format, decodeCableBytes(Buffer.concat(chunks))) };
}

/** Parses every cable in a file (CSV records in this thread); see {@link readFileRecords}. */
export async function* parseFile(path: string): AsyncGenerator<SourcedResult> {
  for await (const r of readFileRecords(path)) {
    yield 'fields' in r ? { source: r.source, ...parseCsvFields(r.fields) } : r;
  }
}
