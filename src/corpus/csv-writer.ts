/**
 * Writes rows in the shape of the full-release `cables.csv` — the inverse of
 * `readCsvRecords` (csv-reader.ts). Used to generate synthetic files for the benchmark and
 * for tests; the real file is only ever read.
 *
 * Escaping: every `"` is written `\"`, as in the real export. The real export leaves backslashes
 * alone, which makes a backslash right before a quote, or at the end of a field, ambiguous
 * (`C:\` written as `"C:\"` reads as an escaped quote and an unclosed field). This writer removes
 * the ambiguity the way the reader resolves it: a run of k backslashes directly before `"` or `'`,
 * or at the end of a field, is written as 2k backslashes; every other backslash is written as is.
 * For text with no backslash before a quote (as in real cable text) the output is byte for byte
 * what the real export would produce. `'` is written bare (the real export sometimes writes `\'`;
 * the reader accepts both).
 */

/** Options of {@link formatCsvRecord}. */
export interface CsvWriteOptions {
  /** Line break after the record. Default `\n` (the description allows LF or CRLF). Line breaks inside fields are written as given. */
  eol?: '\n' | '\r\n';
}

/**
 * One row of `cables.csv`: every field quoted and escaped (see the module comment), joined with
 * commas, followed by a line break. Does not validate: pass 8 fields, a numeric serial and an
 * `M/D/YYYY H:MM` date, or the reader will not recognise the row as a record start.
 */
export function formatCsvRecord(fields: readonly string[], opts: CsvWriteOptions = {}): string {
  return `"${fields.map(escapeCsvField).join('","')}"${opts.eol ?? '\n'}`;
}

const NEEDS_ESCAPE = /["'\\]/;

/** Escapes one field's text for `cables.csv` (without the surrounding quotes). */
export function escapeCsvField(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/(\\*)(["'])|(\\+)$/g, (_m: string, run: string | undefined, quote: string | undefined, tail: string | undefined) => {
    if (quote !== undefined) {
      const r = run ?? '';
      return r + r + (quote === '"' ? '\\"' : "'");
    }
    const t = tail ?? '';
    return t + t;
  });
}
