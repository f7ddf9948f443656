/**
 * The bundled corpus, `data/corpus/cables.jsonl.gz`: every cable of `../shared/corpus` (the
 * seed and the 6,072 WikiLeaks pages) as parsed by `npm run corpus:build`, one JSON object per
 * line, sorted by ID. A fresh clone builds its SQLite store from this file on first use.
 *
 * To keep the committed file small, a paragraph whose text is a verbatim slice of the body is
 * written as offsets into it (`[number, marking, heading, start, end]`); any other paragraph
 * carries its text (`[number, marking, heading, text]`). Each line also keeps `anchors`: the
 * paragraph numbers the source page anchored (years and wrapped lines left out), so the data
 * test can check that paragraph numbers are present wherever the source had them.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { Paragraph, ParsedCable } from './types.ts';

/** Where the bundle lives in the repository. */
export const BUNDLE_FILE: string = fileURLToPath(new URL('../../data/corpus/cables.jsonl.gz', import.meta.url));

/** One cable as bundled, with the source page's paragraph anchors (null for sources without any). */
export interface BundledCable {
  cable: ParsedCable;
  anchors: number[] | null;
}

type EncodedParagraph = [number | null, string | null, string | null, number, number] | [number | null, string | null, string | null, string];

const paragraphSchema = z.union([
  z.tuple([z.number().int().nullable(), z.string().nullable(), z.string().nullable(), z.number().int().nonnegative(), z.number().int().nonnegative()]),
  z.tuple([z.number().int().nullable(), z.string().nullable(), z.string().nullable(), z.string()]),
]);

const lineSchema = z.object({
  id: z.string().min(1),
  canonicalId: z.string().min(1),
  created: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
  released: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/).nullable(),
  classification: z.string().min(1),
  origin: z.string().min(1),
  subject: z.string().nullable(),
  tags: z.array(z.string()),
  references: z.array(z.string()),
  classifiedBy: z.string().nullable(),
  reasons: z.array(z.string()),
  summary: z.string().nullable(),
  partial: z.boolean(),
  declassify: z.string().nullable(),
  tid: z.string().nullable(),
  header: z.string().nullable(),
  format: z.enum(['html', 'page-text', 'csv', 'telegram']),
  body: z.string(),
  paragraphs: z.array(paragraphSchema),
  anchors: z.array(z.number().int()).nullable(),
});

/** The line for one cable. Keys in a fixed order so a rebuild is byte-identical. */
export function encodeBundleLine(entry: BundledCable): string {
  const c = entry.cable;
  const paragraphs: EncodedParagraph[] = [];
  let from = 0;
  for (const p of c.paragraphs) {
    const at = c.body.indexOf(p.text, from);
    if (p.text.length > 0 && at >= 0) {
      paragraphs.push([p.number, p.marking, p.heading, at, at + p.text.length]);
      from = at + p.text.length;
    } else {
      paragraphs.push([p.number, p.marking, p.heading, p.text]);
    }
  }
  return JSON.stringify({
    id: c.id,
    canonicalId: c.canonicalId,
    created: c.created,
    released: c.released,
    classification: c.classification,
    origin: c.origin,
    subject: c.subject,
    tags: c.tags,
    references: c.references,
    classifiedBy: c.classifiedBy,
    reasons: c.reasons,
    summary: c.summary,
    partial: c.partial,
    declassify: c.declassify,
    tid: c.tid,
    header: c.header,
    format: c.format,
    body: c.body,
    paragraphs,
    anchors: entry.anchors,
  });
}

/** Thrown for a bundle line that does not decode; names the line. */
export class BundleError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`data/corpus/cables.jsonl.gz line ${line}: ${detail}`);
    this.name = 'BundleError';
  }
}

/** Decodes one line (1-based `lineNo` for the error). */
export function decodeBundleLine(text: string, lineNo: number): BundledCable {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BundleError(lineNo, `not JSON (${(err as Error).message})`);
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) throw new BundleError(lineNo, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { anchors, paragraphs, ...rest } = parsed.data;
  const decoded: Paragraph[] = paragraphs.map((p) => {
    if (p.length === 5) {
      const [number, marking, heading, start, end] = p;
      if (end < start || end > rest.body.length) throw new BundleError(lineNo, `paragraph offsets ${start}-${end} outside the body`);
      return { number, marking, heading, text: rest.body.slice(start, end) };
    }
    const [number, marking, heading, text] = p;
    return { number, marking, heading, text };
  });
  return { cable: { ...rest, paragraphs: decoded }, anchors };
}

/** The whole bundle file for these cables (sorted by ID), gzip level 9. */
export function encodeBundle(entries: readonly BundledCable[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.cable.id < b.cable.id ? -1 : a.cable.id > b.cable.id ? 1 : 0));
  const text = sorted.map((e) => `${encodeBundleLine(e)}\n`).join('');
  return gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
}

/** The raw (decompressed) lines of a bundle file. */
export function readBundleLines(file: string = BUNDLE_FILE): string[] {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every cable of the bundle, decoded and checked. */
export function readBundle(file: string = BUNDLE_FILE): BundledCable[] {
  return readBundleLines(file).map((line, i) => decodeBundleLine(line, i + 1));
}

/** A short fingerprint of the bundle file, recorded in a store built from it. */
export function bundleFingerprint(file: string = BUNDLE_FILE): string {
  // Read in 1 MiB pieces: the bot checks this at every start, and reading the 18 MB file whole
  // left about 30 MB more in its RSS for as long as it ran.
  const hash = createHash('sha256');
  const piece = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, piece); n > 0; n = readSync(fd, piece)) hash.update(piece.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Streams the bundle's cables one at a time (building a store must not hold 100 MB of JSON). */
export async function* streamBundle(file: string = BUNDLE_FILE): AsyncGenerator<BundledCable> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line) yield decodeBundleLine(line, n);
  }
}
