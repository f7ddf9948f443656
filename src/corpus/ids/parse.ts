/**
 * Reading reference IDs as people type them and as REF lines write them (PARSER-NOTES §1, §3).
 * Pure functions over the bundled tables; results carry codes, never wording.
 *
 * An ID is `YY` + `STATION` + `SERIAL` (`06MOSCOW754`): YY is the two-digit year of creation
 * (66–99 → 19YY, 00–65 → 20YY), STATION upper-case letters, SERIAL digits without leading
 * zeros. Headers pad the serial (`MOSCOW 000754`), people add spaces, `#`, lower case and
 * station nicknames (`SECSTATE`, `USUN`, `RIO`) — all of which map back to one ID here.
 */
import { defaultIdTables } from './tables.ts';
import type { IdTables } from './tables.ts';

/** What was changed to turn the typed text into an ID. */
export type NormalizationRule =
  /** Lower or mixed case was upper-cased. */
  | 'case'
  /** Spaces or hyphens were removed (`06 MOSCOW 754`, `06-MOSCOW-754`, `PORT-OF-SPAIN`). */
  | 'spacing'
  /** Leading zeros of the serial were dropped (`06MOSCOW000754`), as headers pad them. */
  | 'zero-padding'
  /** The station went through the alias table (`SECSTATE` → `STATE`, `USUN` → `USUNNEWYORK`). */
  | 'station-alias'
  /** An `AMEMBASSY` / `EMBASSY` / `USMISSION` prefix was dropped. */
  | 'prefix-dropped'
  /** A four-digit year was shortened (`2006MOSCOW754` → `06MOSCOW754`). */
  | 'full-year';

/** Why text is not an ID. */
export type ParseIdErrorCode =
  /** Nothing but whitespace or `#`. */
  | 'empty'
  /** Longer than any ID could be ({@link MAX_ID_INPUT_LENGTH}). */
  | 'too-long'
  /** Characters other than letters, digits, spaces, hyphens and one leading `#`. */
  | 'bad-characters'
  /** No leading year digits (`MOSCOW754`). */
  | 'no-year'
  /** Leading digits that are not a 2- or 4-digit year (`6MOSCOW754`, `006MOSCOW754`). */
  | 'bad-year'
  /** No station letters (`06754`). */
  | 'no-station'
  /** No serial digits after the station (`06MOSCOW`). */
  | 'no-serial'
  /** The serial is all zeros. */
  | 'serial-zero'
  /** More than 7 serial digits once zeros are stripped (cablemap's limit). */
  | 'serial-too-long'
  /** Something after the serial (`06MOSCOW754X`, `90STATE255577TOSEC140323` when not published). */
  | 'bad-shape';

/** A typed ID read into its parts, in canonical form. */
export interface ParsedId {
  /** The canonical ID: `year + station + serial`. */
  id: string;
  /** Two-digit year as written in IDs (`06`). */
  year: string;
  /** The canonical station (after alias and prefix rules). */
  station: string;
  /** The station as typed (upper-cased, spaces removed), before alias and prefix rules. */
  typedStation: string;
  /** Serial without leading zeros. */
  serial: string;
  /** What was changed, in the order applied; empty when the text was already canonical. */
  rules: NormalizationRule[];
}

/** Result of {@link parseId}. */
export type ParseIdResult = ({ ok: true } & ParsedId) | { ok: false; code: ParseIdErrorCode };

/** Longest input {@link parseId} looks at; the longest published ID has 35 characters. */
export const MAX_ID_INPUT_LENGTH = 64;

/** cablemap allows serials of up to 7 digits. */
export const MAX_SERIAL_DIGITS = 7;

/** The regular shape of an ID (53 published IDs do not have it, PARSER-NOTES §1). */
export const ID_SHAPE = /^(\d{2})([A-Z]+)([1-9]\d{0,6})$/;

/**
 * Full year of a two-digit ID year: 66–99 → 19YY, otherwise 20YY (the release spans
 * 1966–2010, PARSER-NOTES §1).
 */
export function fullYear(twoDigitYear: number): number {
  return twoDigitYear >= 66 ? 1900 + twoDigitYear : 2000 + twoDigitYear;
}

/**
 * The 4-digit year of an ID from its first two digits (`06MOSCOW754` → 2006,
 * `7575LIBREVILLE1895` → 1975), or null when it does not start with two digits.
 */
export function idYear(id: string): number | null {
  const m = /^(\d)(\d)/.exec(id);
  if (m === null) return null;
  return fullYear(Number(id.slice(0, 2)));
}

/** Removes surrounding whitespace and one leading `#` (the `#06MOSCOW754` hashtag convention). */
export function stripHashtag(input: string): string {
  const trimmed = input.trim();
  return trimmed.startsWith('#') ? trimmed.slice(1).trim() : trimmed;
}

/**
 * Upper-cases and removes spaces and hyphens, recording `case` / `spacing` rules. Used for the
 * exact-after-cleanup lookup that also covers odd published IDs (`06astana` → `06ASTANA`).
 */
export function compactTyped(input: string): { text: string; rules: NormalizationRule[] } {
  const stripped = stripHashtag(input);
  const rules: NormalizationRule[] = [];
  const upper = stripped.toUpperCase();
  if (upper !== stripped) rules.push('case');
  const text = upper.replace(/[\s-]+/g, '');
  if (text !== upper) rules.push('spacing');
  return { text, rules };
}

const PARTS = /^(\d*)([A-Z]*)(\d*)(.*)$/;

/**
 * Reads typed text as a reference ID: `06MOSCOW754`, `06moscow754`, `#06MOSCOW754`,
 * `06 MOSCOW 754`, `06-MOSCOW-754`, `06MOSCOW000754`, `2006MOSCOW754`, `06SECSTATE123`
 * (→ `06STATE123`), `07USUN2` (→ `07USUNNEWYORK2`), `05EMBASSYVIENNA1` (→ `05VIENNA1`).
 *
 * Shape only: it does not know which IDs exist (that is `IdIndex.resolve`). A station that is
 * neither listed nor an alias is kept as typed, since published IDs have garbled stations.
 */
export function parseId(input: string, tables: IdTables = defaultIdTables()): ParseIdResult {
  const stripped = stripHashtag(input);
  if (stripped === '') return { ok: false, code: 'empty' };
  if (stripped.length > MAX_ID_INPUT_LENGTH) return { ok: false, code: 'too-long' };
  const { text, rules } = compactTyped(stripped);
  if (text === '') return { ok: false, code: 'empty' };
  if (/[^A-Z0-9]/.test(text)) return { ok: false, code: 'bad-characters' };

  const m = PARTS.exec(text);
  const [, yearDigits = '', letters = '', serialDigits = '', rest = ''] = m ?? [];
  let yearPart = yearDigits;
  let stationPart = letters;
  // cablemap's alias table has `0TTAWA` (a zero typed for the letter O): `060TTAWA12`.
  if (yearPart.length === 3 && yearPart.endsWith('0') && tables.stations.aliases.has(`0${stationPart}`)) {
    yearPart = yearPart.slice(0, 2);
    stationPart = `0${stationPart}`;
  }
  if (stationPart === '') return { ok: false, code: yearPart === '' ? 'bad-shape' : 'no-station' };
  if (yearPart === '') return { ok: false, code: 'no-year' };
  if (serialDigits === '') return { ok: false, code: rest === '' ? 'no-serial' : 'bad-shape' };
  if (rest !== '') return { ok: false, code: 'bad-shape' };

  let year: string;
  if (yearPart.length === 2) {
    year = yearPart;
  } else if (/^(19|20)\d\d$/.test(yearPart)) {
    year = yearPart.slice(2);
    rules.push('full-year');
  } else {
    return { ok: false, code: 'bad-year' };
  }

  const canonical = tables.stations.canonicalStation(stationPart);
  const station = canonical?.station ?? stationPart;
  for (const rule of canonical?.rules ?? []) rules.push(rule);

  const serial = serialDigits.replace(/^0+/, '');
  if (serial === '') return { ok: false, code: 'serial-zero' };
  if (serial.length > MAX_SERIAL_DIGITS) return { ok: false, code: 'serial-too-long' };
  if (serial !== serialDigits) rules.push('zero-padding');

  return { ok: true, id: `${year}${station}${serial}`, year, station, typedStation: stationPart, serial, rules };
}

/**
 * cablemap's `canonicalize_id`, as used for REF lines and the `canonicalId` of parsed cables:
 * a published misprint maps to its correct ID through the misprint table
 * (`08ECTION01OF02MANAMA492` → `08MANAMA492`, `06ASTANA` → `06ASTANA204`), then the station
 * goes through the alias table (`06SECSTATE123` → `06STATE123`) and serial zeros are dropped.
 *
 * Returns null when the text cannot be read as an ID at all. Does not check the ID exists.
 */
export function canonicalizeId(raw: string, tables: IdTables = defaultIdTables()): string | null {
  const trimmed = raw.trim();
  const upper = trimmed.toUpperCase();
  const fromTable = tables.canonicalByMisprint.get(trimmed) ?? tables.canonicalByMisprint.get(upper);
  const parsed = parseId(fromTable ?? trimmed, tables);
  return parsed.ok ? parsed.id : null;
}
