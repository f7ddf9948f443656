/**
 * Raw telegram text: the routing header (`VZCZC…`, `DE RUEHMO #0754/01 0251740`,
 * `O 251740Z JAN 06`, `FM AMEMBASSY MOSCOW`, `TO …`, `INFO …`) then the body, in Latin-1 or
 * UTF-8 with CRLF or LF. Nothing names the cable, so its ID, date, classification and origin
 * come from the header and the body's opening line (`S E C R E T SECTION 01 OF 03 MOSCOW 000754`).
 */
import type { ParseResult } from '../types.ts';
import { canonicalizeId } from '../ids/parse.ts';
import { originFor } from '../origins.ts';
import { assembleCable } from './assemble.ts';
import { parseBody } from './body.ts';
import { OPENING } from './dump.ts';
import { parseRoutingHeader } from './routing.ts';
import { normalizeText } from './text.ts';

const ROUTING_START = /^\s*(?:VZCZC|ZZ\s|[OPRZ]{1,2}\s+\d{6}Z\s|DE\s+RUE|FM\s+\S)/m;

/** True when the text starts like a telegram: routing lines, then an opening line. */
export function isTelegram(text: string): boolean {
  const head = text.slice(0, 4000);
  const open = head.search(new RegExp(OPENING.source, 'im'));
  const routing = ROUTING_START.exec(head);
  return routing !== null && open > routing.index;
}

/** `SECTION 01 OF 03 MOSCOW 000754` → station words and serial from the opening line. */
function openingIdParts(line: string): { station: string; serial: string } | null {
  const m = /\b((?:[A-Z][A-Z.'-]*\s+){1,4}?)0*(\d{1,7})\s*$/.exec(line.replace(/\bSECTION\s+\d+\s+OF\s+\d+\b/i, ' ').trim());
  if (!m?.[1] || !m[2]) return null;
  // The classification words of the opening line are not part of the station.
  const words = m[1]
    .trim()
    .split(/\s+/)
    .filter((w) => !/^(?:NOFORN|SENSITIVE|SIPDIS|EXDIS|LIMDIS|NODIS|STADIS|UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET|[A-Z])$/.test(w));
  if (words.length === 0) return null;
  return { station: words.join('').replace(/[^A-Z]/g, ''), serial: m[2] };
}

/** The classification as the viewer writes it, from the opening line and the paragraph markings. */
function classificationOf(opening: string, classLetter: 'C' | 'S' | 'U' | null, markings: readonly (string | null)[]): string | null {
  const compact = opening.toUpperCase().replace(/\s+/g, '');
  const noforn = /NOFORN/.test(compact) || markings.some((m) => m !== null && /\bNF\b|NOFORN/.test(m));
  let level: string | null = null;
  if (compact.startsWith('SECRET') || compact.startsWith('TOPSECRET')) level = 'SECRET';
  else if (compact.startsWith('CONFIDENTIAL')) level = 'CONFIDENTIAL';
  else if (compact.startsWith('UNCLAS') || compact.startsWith('LIMITEDOFFICIALUSE') || compact.startsWith('SENSITIVE')) level = 'UNCLASSIFIED';
  else if (classLetter) level = { C: 'CONFIDENTIAL', S: 'SECRET', U: 'UNCLASSIFIED' }[classLetter];
  if (!level) return null;
  if (level === 'UNCLASSIFIED') {
    return /SENSITIVE|FOROFFICIALUSEONLY|FOUO|LIMITEDOFFICIALUSE/.test(compact) ? 'UNCLASSIFIED//FOR OFFICIAL USE ONLY' : 'UNCLASSIFIED';
  }
  return noforn ? `${level}//NOFORN` : level;
}

/** Parses a raw telegram. */
export function parseTelegram(raw: string): ParseResult {
  const text = normalizeText(raw);
  const lines = text.split('\n');
  const openAt = lines.findIndex((l) => OPENING.test(l));
  if (openAt < 0) return { ok: false, error: { code: 'no-body' } };
  const header = lines.slice(0, openAt).join('\n').trim();
  const bodyText = lines.slice(openAt).join('\n');
  const routing = parseRoutingHeader(header);
  if (!routing.dtg) return { ok: false, error: { code: 'no-created' } };
  const opening = lines[openAt] ?? '';
  const parts = openingIdParts(opening);
  const de = /^\s*DE\s+\S+\s+#(\d{1,7})/m.exec(header)?.[1];
  if (!parts) return { ok: false, error: { code: 'no-id', detail: opening.trim().slice(0, 60) } };
  const yy = routing.dtg.slice(2, 4);
  const serial = String(Number(parts.serial || de || '0'));
  const id = canonicalizeId(`${yy}${parts.station}${serial}`) ?? `${yy}${parts.station}${serial}`;
  const station = /^\d\d([A-Z]+?)\d+$/.exec(id)?.[1] ?? null;
  const body = parseBody(bodyText, { id, year: Number(routing.dtg.slice(0, 4)) });
  const classification = classificationOf(opening, routing.classLetter, body.paragraphs.map((p) => p.marking));
  if (!classification) return { ok: false, error: { code: 'no-classification' } };
  const origin = originFor(station, routing.from);
  if (!origin) return { ok: false, error: { code: 'no-origin' } };
  return assembleCable(
    { id, created: routing.dtg, released: null, classification, origin, header: header || null },
    bodyText,
    'telegram',
    body,
  );
}
