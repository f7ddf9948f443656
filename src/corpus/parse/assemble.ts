/**
 * The last step of every format's parser: metadata from the container (page table, CSV
 * columns, routing header) plus the parsed body make one {@link ParsedCable}, or a coded error
 * when a required field is missing or malformed.
 */
import type { ParseResult, ParsedCable, SourceFormat } from '../types.ts';
import { parseBody, type ParsedBody } from './body.ts';
import { parseRoutingHeader } from './routing.ts';
import { defaultIdTables } from '../ids/tables.ts';
import { canonicalizeId } from '../ids/parse.ts';

/** What the container says about a cable; the body fills in the rest. */
export interface CableMeta {
  id: string;
  /** `YYYY-MM-DD HH:MM` (seconds, if any, are dropped). */
  created: string;
  released: string | null;
  classification: string;
  origin: string;
  header: string | null;
  /** A subject from outside the body (the page's `<h3>`), used when the body has no SUBJECT line. */
  subjectHint?: string | null;
  /** References given by the container (the `|`-joined column of cables.csv). */
  references?: readonly string[];
  /** Set when the container says the record is a partial extract. */
  partial?: boolean;
}

/** Published IDs: digits and capitals (PARSER-NOTES §1 lists even `06ASTANA` and `092OF5`). */
const PUBLISHED_ID = /^[0-9]{2}[0-9A-Z]{1,60}$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::\d{2})?$/;
const PARTIAL_NOTE = /This record is a partial extract of the original cable/i;

/** Normalises `YYYY-MM-DD HH:MM[:SS]`; null when it is not a real date and time. */
export function normalizeDateTime(value: string): string | null {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59) return null;
  return `${y}-${mo}-${d} ${h}:${mi}`;
}

/** Builds the cable, checking the fields every stored cable must have. */
export function assembleCable(meta: CableMeta, bodyText: string, format: SourceFormat, parsedBody?: ParsedBody): ParseResult {
  const id = meta.id.trim().toUpperCase();
  if (!id) return { ok: false, error: { code: 'no-id' } };
  if (!PUBLISHED_ID.test(id)) return { ok: false, error: { code: 'bad-id', detail: meta.id.slice(0, 60) } };
  if (!meta.created.trim()) return { ok: false, error: { code: 'no-created' } };
  const created = normalizeDateTime(meta.created);
  if (!created) return { ok: false, error: { code: 'bad-date', detail: meta.created.slice(0, 40) } };
  let released: string | null = null;
  if (meta.released) {
    released = normalizeDateTime(meta.released);
    if (!released) return { ok: false, error: { code: 'bad-date', detail: meta.released.slice(0, 40) } };
  }
  const classification = meta.classification.trim().replace(/\s+/g, ' ').toUpperCase();
  if (!classification) return { ok: false, error: { code: 'no-classification' } };
  const origin = meta.origin.trim().replace(/\s+/g, ' ');
  if (!origin) return { ok: false, error: { code: 'no-origin' } };

  const year = Number(created.slice(0, 4));
  const body = parsedBody ?? parseBody(bodyText, { id, year });
  const routing = parseRoutingHeader(meta.header ?? body.dump?.header ?? '');
  const partial = meta.partial === true || PARTIAL_NOTE.test(meta.header ?? '') || PARTIAL_NOTE.test(bodyText.slice(0, 600));
  const references = body.references.filter((r) => r !== id);
  for (const raw of meta.references ?? []) {
    // cables.csv and dumps give references as their database had them (`03SECSTATE326258`).
    // Only well-formed IDs; databases list the cable itself among its references (06MEXICO505).
    const r = raw ? canonicalizeId(raw) : null;
    if (r && r !== id && !references.includes(r)) references.push(r);
  }

  const cable: ParsedCable = {
    id,
    // A misprinted published ID (`08ECTION01OF02MANAMA492`) names the cable it is a copy of.
    canonicalId: defaultIdTables().canonicalByMisprint.get(id) ?? id,
    created,
    released,
    classification,
    origin,
    subject: body.subject ?? meta.subjectHint ?? null,
    tags: body.tags,
    references,
    classifiedBy: body.classifiedBy,
    reasons: body.reasons,
    summary: body.summary,
    paragraphs: body.paragraphs,
    partial,
    declassify: body.declassify,
    tid: routing.tid,
    header: meta.header,
    body: body.text,
    format,
  };
  return { ok: true, cable };
}
