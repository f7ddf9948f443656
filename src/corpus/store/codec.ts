/**
 * Encoding a ParsedCable into the store's rows and checking it first. Pure functions, so
 * the writer stays about SQL and the rules here can be tested on their own.
 */
import { createHash } from 'node:crypto';
import type { Paragraph, ParseError, ParseResult, ParsedCable, SourceFormat } from '../types.ts';

/** Column values of a `cables` row, named as the insert statement's parameters. */
export interface CableRow {
  id: string;
  canonical_id: string;
  station: string | null;
  created: string;
  released: string | null;
  classification: string;
  origin: string;
  subject: string | null;
  tags: string;
  classified_by: string | null;
  reasons: string;
  declassify: string | null;
  tid: string | null;
  partial: 0 | 1;
  format: string;
  /** A Buffer here; a plain Uint8Array after a trip through a worker's message (both bind as a blob). */
  hash: Uint8Array;
  summary: string | null;
  header: string | null;
  body: string;
}

/** A paragraph as stored: its text, or where it sits in the body. */
export interface ParagraphRow {
  ordinal: number;
  number: number | null;
  marking: string | null;
  heading: string | null;
  body_start: number | null;
  body_end: number | null;
  text: string | null;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
/** No whitespace or control characters inside an ID: it is looked up by exact match. */
const ID_LIKE = /^[^\s\p{Cc}]+$/u;
const FORMATS: ReadonlySet<SourceFormat> = new Set<SourceFormat>(['html', 'page-text', 'csv', 'telegram']);

/**
 * Why `cable` cannot be stored, or null when it can. Only the invariants the store itself
 * relies on (lookup by ID, year filter on `created`, offsets and hashing); what a valid
 * cable is beyond that is the parsers' business.
 */
export function checkCable(cable: ParsedCable): string | null {
  if (!ID_LIKE.test(cable.id)) return `id ${JSON.stringify(cable.id)} is empty or has spaces`;
  if (!ID_LIKE.test(cable.canonicalId)) return `canonicalId ${JSON.stringify(cable.canonicalId)} is empty or has spaces`;
  if (!DATE_TIME.test(cable.created)) return `created ${JSON.stringify(cable.created)} is not YYYY-MM-DD HH:MM`;
  if (cable.released !== null && !DATE_TIME.test(cable.released)) return `released ${JSON.stringify(cable.released)} is not YYYY-MM-DD HH:MM`;
  if (!FORMATS.has(cable.format)) return `format ${JSON.stringify(cable.format)} is unknown`;
  for (const [i, ref] of cable.references.entries()) {
    if (!ID_LIKE.test(ref)) return `references[${i}] ${JSON.stringify(ref)} is empty or has spaces`;
  }
  for (const [i, p] of cable.paragraphs.entries()) {
    if (p.number !== null && !Number.isSafeInteger(p.number)) return `paragraphs[${i}].number ${p.number} is not an integer`;
  }
  return null;
}

/**
 * The station token of a canonical ID: `06MOSCOW754` → `MOSCOW`. Null for the few
 * official IDs that do not have the YY+STATION+SERIAL shape (PARSER-NOTES §1).
 */
export function stationOf(canonicalId: string): string | null {
  const m = /^\d{2}([A-Z]+)\d+$/.exec(canonicalId);
  return m?.[1] ?? null;
}

/**
 * SHA-1 over every field, to tell an unchanged cable from an updated one on re-import.
 * The small fields go through one JSON array (fixed order, so equal cables hash equally
 * whatever order their properties were created in) that also records the length of each
 * long text; the long texts are then fed to the hash as they are, which keeps the
 * concatenation unambiguous. A paragraph that is a slice of the body is hashed as its
 * offsets: the body is hashed already, so its text adds nothing. (JSON-encoding all the
 * text cost ~80 µs a cable, this ~15.) SHA-1 is for change detection, not security.
 */
export function hashCable(cable: ParsedCable, paragraphs: readonly ParagraphRow[]): Buffer {
  const lengthOf = (s: string | null): number | null => (s === null ? null : s.length);
  const frame = JSON.stringify([
    cable.id,
    cable.canonicalId,
    cable.created,
    cable.released,
    cable.classification,
    cable.origin,
    cable.subject,
    cable.tags,
    cable.references,
    cable.classifiedBy,
    cable.reasons,
    cable.partial,
    cable.declassify,
    cable.tid,
    cable.format,
    lengthOf(cable.summary),
    lengthOf(cable.header),
    cable.body.length,
    paragraphs.map((p) => [p.number, p.marking, p.heading, p.body_start, p.body_end, lengthOf(p.text)]),
  ]);
  const hash = createHash('sha1').update(frame);
  if (cable.summary !== null) hash.update(cable.summary);
  if (cable.header !== null) hash.update(cable.header);
  hash.update(cable.body);
  for (const p of paragraphs) if (p.text !== null) hash.update(p.text);
  return hash.digest();
}

/**
 * A cable as the writer stores it: its row (hash included), paragraph rows and references,
 * or why the store refuses it. Encoding is pure work (the hash, the paragraph offsets), so the
 * importer does it on its parse workers, and a worker hands back rows without the paragraph
 * texts, which are slices of the body: half the bytes to copy between threads.
 */
export type EncodedCable =
  | { id: string; problem: null; row: CableRow; paragraphs: ParagraphRow[]; references: readonly string[] }
  | { id: string; problem: string };

/** {@link EncodedCable} of `cable`: checked, hashed, its paragraphs turned into rows. */
export function encodeCable(cable: ParsedCable): EncodedCable {
  const problem = checkCable(cable);
  if (problem !== null) return { id: cable.id, problem };
  const paragraphs = toParagraphRows(cable.body, cable.paragraphs);
  return { id: cable.id, problem: null, row: toCableRow(cable, hashCable(cable, paragraphs)), paragraphs, references: cable.references };
}

/** A parse result with its cable encoded for the store (what the importer's workers return). */
export type EncodedResult = { ok: true; cable: EncodedCable } | { ok: false; error: ParseError };

/** {@link encodeCable} of a parse result's cable; a parse error as it is. */
export function encodeResult(result: ParseResult): EncodedResult {
  return result.ok ? { ok: true, cable: encodeCable(result.cable) } : result;
}

/** The `cables` row of a (checked) cable whose {@link hashCable} is `hash`. */
export function toCableRow(cable: ParsedCable, hash: Uint8Array): CableRow {
  return {
    id: cable.id,
    canonical_id: cable.canonicalId,
    station: stationOf(cable.canonicalId),
    created: cable.created,
    released: cable.released,
    classification: cable.classification,
    origin: cable.origin,
    subject: cable.subject,
    tags: JSON.stringify(cable.tags),
    classified_by: cable.classifiedBy,
    reasons: JSON.stringify(cable.reasons),
    declassify: cable.declassify,
    tid: cable.tid,
    partial: cable.partial ? 1 : 0,
    format: cable.format,
    hash,
    summary: cable.summary,
    header: cable.header,
    body: cable.body,
  };
}

/** Length of the paragraph prefix searched for first; see {@link toParagraphRows}. */
const PROBE_LENGTH = 24;

/**
 * The paragraph rows of a cable. Paragraphs are cut from the body in order, so each one is
 * searched for from where the previous one ended. The search looks for a short prefix and
 * then compares the whole text in place: `indexOf` with a whole 700-character paragraph as
 * the needle was several times slower. A paragraph that is not in the body verbatim (a
 * parser rejoined a split word, say) keeps its text and does not move the search position.
 */
export function toParagraphRows(body: string, paragraphs: readonly Paragraph[]): ParagraphRow[] {
  const rows: ParagraphRow[] = [];
  let from = 0;
  for (const [ordinal, p] of paragraphs.entries()) {
    const at = findFrom(body, p.text, from);
    if (at >= 0) {
      from = at + p.text.length;
      rows.push({ ordinal, number: p.number, marking: p.marking, heading: p.heading, body_start: at, body_end: from, text: null });
    } else {
      rows.push({ ordinal, number: p.number, marking: p.marking, heading: p.heading, body_start: null, body_end: null, text: p.text });
    }
  }
  return rows;
}

/** Where `text` occurs in `body` at or after `from`, or -1 (also for empty text: nothing to point at). */
function findFrom(body: string, text: string, from: number): number {
  if (text.length === 0) return -1;
  const probe = text.length > PROBE_LENGTH ? text.slice(0, PROBE_LENGTH) : text;
  for (let at = body.indexOf(probe, from); at >= 0; at = body.indexOf(probe, at + 1)) {
    // A slice compared with `===` (a memcmp) rather than `startsWith` (a character loop): 2x faster.
    if (body.slice(at, at + text.length) === text) return at;
  }
  return -1;
}
