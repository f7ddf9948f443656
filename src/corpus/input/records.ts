/**
 * The stream-based twin of `readFileRecords` (parse/file.ts): the same records, from a member's
 * bytes instead of a path, so archives and standard input go through the same sniffing and the
 * same parsers (`sniffFormat`, `readCsvRecords`, `parseText`) as plain files.
 */
import { readCsvRecords } from '../csv-reader.ts';
import { parseText, sniffFormat, type FileRecord } from '../parse/file.ts';
import { decodeCableBytes } from '../parse/text.ts';
import type { ParseError } from '../types.ts';
import { drain, peek } from './bytes.ts';

/** What `readFileRecords` sniffs: enough for the CSV record-start pattern and a page's head. */
const HEAD_BYTES = 256 * 1024;
/** Single-cable members larger than this are not cable pages (as for files). */
const MAX_SINGLE_FILE = 32 * 1024 * 1024;

function fail(code: ParseError['code'], detail?: string): { ok: false; error: ParseError } {
  return { ok: false, error: detail === undefined ? { code } : { code, detail } };
}

/**
 * Reads one member's bytes into records, as `readFileRecords` reads a file: CSV record by record
 * (a chunk starting mid-record gives one `truncated-record`), anything else whole; a binary,
 * empty or unknown member is one error result naming it, its bytes read past. Never throws for
 * bad content; errors of the stream itself (a damaged archive) propagate.
 */
export async function* readStreamRecords(name: string, stream: AsyncIterable<Uint8Array>): AsyncGenerator<FileRecord> {
  const { head, rest } = await peek(stream, HEAD_BYTES);
  const format = sniffFormat(head, name);
  if (format === 'csv') {
    for await (const rec of readCsvRecords(rest, { fileName: name })) {
      const source = { file: name, record: rec.recordNo, line: rec.line, bytes: rec.byteLength };
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
  yield { source: { file: name, bytes: size }, ...parseText(decodeCableBytes(Buffer.concat(chunks))) };
}
