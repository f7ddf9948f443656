/**
 * The small reference tables behind ID handling, read from `data/ids/` (built by
 * `scripts/build-ids.ts` from `../shared/corpus`): the station list, the station alias table
 * and the misprinted-ID table. The 251,287-ID list itself is loaded by `IdIndex`.
 *
 * All tables are plain text so that a clone of the repository works without `../shared`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `data/ids/` of this checkout: where the product reads its ID tables from. */
export const DEFAULT_ID_DATA_DIR: string = fileURLToPath(new URL('../../../data/ids/', import.meta.url));

/** File names inside an ID data directory (shared with `scripts/build-ids.ts`). */
export const ID_DATA_FILES = {
  /** `ID,month` rows, gzip, copied unchanged from cablemap's cable2month.csv.gz. */
  ids: 'cable-ids.csv.gz',
  /** `published_id,canonical_id,twin_published` (yes/no). */
  misprints: 'misprinted-ids.csv',
  /** `alias,station`. */
  aliases: 'station-aliases.csv',
  /** One valid station name a line. */
  stations: 'stations.txt',
} as const;

/** Header line of `misprinted-ids.csv`; anything else means the source changed shape. */
export const MISPRINT_HEADER = 'published_id,canonical_id,twin_published';
/** Header line of `station-aliases.csv`. */
export const ALIAS_HEADER = 'alias,station';

/**
 * Prefixes people (and some REF lines) put in front of the station: `AMEMBASSY HANOI`,
 * `EMBASSY VIENNA`, `USMISSION USNATO`. cablemap's `canonicalize_origin` drops them.
 * `AMEMBASSY` is listed before `EMBASSY` so the longer one wins.
 */
export const STATION_PREFIXES: readonly string[] = ['AMEMBASSY', 'EMBASSY', 'USMISSION'];

/** Thrown when a bundled table is malformed: a broken checkout, not a user error. */
export class IdDataError extends Error {
  override readonly name = 'IdDataError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

/** How a station token was mapped to a canonical station. */
export type StationRule = 'station-alias' | 'prefix-dropped';

/** A canonical station plus what was done to get there. */
export interface CanonicalStation {
  station: string;
  rules: StationRule[];
}

/** One row of the misprinted-ID table. */
export interface MisprintEntry {
  /** The garbled ID WikiLeaks published (`08ECTION01OF02MANAMA492`). */
  publishedId: string;
  /** The correct ID (`08MANAMA492`). */
  canonicalId: string;
  /** True when the correct ID was published too (a second copy); false when only the misprint exists. */
  twinPublished: boolean;
}

const STATION_TOKEN = /^[0-9A-Z][A-Z0-9-]*$/;
const ID_LIKE = /^[0-9][0-9A-Z]*$/;

/**
 * The station list plus the alias table, as cablemap's `canonicalize_origin` uses them.
 * Aliases win over the list: `TAIPEI` and `PARISFR` are both listed stations *and* aliases
 * (→ `AITTAIPEI`, `UNESCOPARISFR`), and cablemap maps them (`02TAIPEI12` → `02AITTAIPEI12`).
 */
export class StationTable {
  readonly #stations: ReadonlySet<string>;
  readonly #aliases: ReadonlyMap<string, string>;

  /**
   * @param stations canonical station names (upper case, no spaces)
   * @param aliases misspelt or short name → canonical station
   */
  constructor(stations: Iterable<string>, aliases: ReadonlyMap<string, string> | Iterable<readonly [string, string]>) {
    this.#stations = new Set(stations);
    this.#aliases = new Map(aliases);
  }

  /** The canonical station names (without aliases). */
  get stations(): ReadonlySet<string> {
    return this.#stations;
  }

  /** The alias table (alias → canonical station). */
  get aliases(): ReadonlyMap<string, string> {
    return this.#aliases;
  }

  /** True when `station` is a canonical station name. */
  isStation(station: string): boolean {
    return this.#stations.has(station);
  }

  /**
   * Maps a station token to its canonical station, or null when it is neither a station nor an
   * alias. Upper-cases; hyphens are tried as written first (the table has `PORT-OF-SPAIN`) and
   * then removed; an `AMEMBASSY`/`EMBASSY`/`USMISSION` prefix is dropped.
   */
  canonicalStation(token: string): CanonicalStation | null {
    const upper = token.toUpperCase();
    const direct = this.#lookup(upper);
    if (direct !== null) return direct;
    const dehyphenated = upper.replaceAll('-', '');
    if (dehyphenated !== upper) {
      const found = this.#lookup(dehyphenated);
      if (found !== null) return found;
    }
    for (const prefix of STATION_PREFIXES) {
      if (dehyphenated.startsWith(prefix) && dehyphenated.length > prefix.length) {
        const rest = this.#lookup(dehyphenated.slice(prefix.length));
        if (rest !== null) return { station: rest.station, rules: ['prefix-dropped', ...rest.rules] };
      }
    }
    return null;
  }

  #lookup(token: string): CanonicalStation | null {
    const aliased = this.#aliases.get(token);
    if (aliased !== undefined) return { station: aliased, rules: ['station-alias'] };
    if (this.#stations.has(token)) return { station: token, rules: [] };
    return null;
  }
}

/** Everything except the big ID list: what parsing and canonicalisation need. */
export interface IdTables {
  stations: StationTable;
  misprints: readonly MisprintEntry[];
  /** published misprint → table canonical ID. */
  canonicalByMisprint: ReadonlyMap<string, string>;
}

/** Splits a text table into lines, accepting LF or CRLF, dropping one trailing empty line. */
export function tableLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Parses `stations.txt`. */
export function parseStationList(text: string, file = ID_DATA_FILES.stations): string[] {
  return tableLines(text).map((line, i) => {
    const station = line.trim();
    if (!/^[A-Z]+$/.test(station)) throw new IdDataError(file, i + 1, `bad station ${JSON.stringify(line)}`);
    return station;
  });
}

/** Parses `station-aliases.csv`. */
export function parseAliasTable(text: string, file = ID_DATA_FILES.aliases): Map<string, string> {
  const lines = tableLines(text);
  if (lines[0] !== ALIAS_HEADER) throw new IdDataError(file, 1, `expected header ${ALIAS_HEADER}`);
  const aliases = new Map<string, string>();
  lines.slice(1).forEach((line, i) => {
    const [alias, station, ...extra] = line.split(',');
    if (alias === undefined || station === undefined || extra.length > 0 || !STATION_TOKEN.test(alias) || !/^[A-Z]+$/.test(station)) {
      throw new IdDataError(file, i + 2, `bad alias row ${JSON.stringify(line)}`);
    }
    if (aliases.has(alias)) throw new IdDataError(file, i + 2, `duplicate alias ${alias}`);
    aliases.set(alias, station);
  });
  return aliases;
}

/** Parses `misprinted-ids.csv`. */
export function parseMisprintTable(text: string, file = ID_DATA_FILES.misprints): MisprintEntry[] {
  const lines = tableLines(text);
  if (lines[0] !== MISPRINT_HEADER) throw new IdDataError(file, 1, `expected header ${MISPRINT_HEADER}`);
  const seen = new Set<string>();
  return lines.slice(1).map((line, i) => {
    const [publishedId, canonicalId, twin, ...extra] = line.split(',');
    if (
      publishedId === undefined ||
      canonicalId === undefined ||
      (twin !== 'yes' && twin !== 'no') ||
      extra.length > 0 ||
      !ID_LIKE.test(publishedId) ||
      !ID_LIKE.test(canonicalId)
    ) {
      throw new IdDataError(file, i + 2, `bad misprint row ${JSON.stringify(line)}`);
    }
    if (seen.has(publishedId)) throw new IdDataError(file, i + 2, `duplicate published ID ${publishedId}`);
    seen.add(publishedId);
    return { publishedId, canonicalId, twinPublished: twin === 'yes' };
  });
}

/** Reads the small ID tables from a data directory (default: this checkout's `data/ids/`). */
export function loadIdTables(dir: string = DEFAULT_ID_DATA_DIR): IdTables {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const stations = new StationTable(
    parseStationList(read(ID_DATA_FILES.stations)),
    parseAliasTable(read(ID_DATA_FILES.aliases)),
  );
  const misprints = parseMisprintTable(read(ID_DATA_FILES.misprints));
  return {
    stations,
    misprints,
    canonicalByMisprint: new Map(misprints.map((m) => [m.publishedId, m.canonicalId])),
  };
}

let defaultTables: IdTables | undefined;

/** The tables of `data/ids/`, loaded once on first use (a few KB). */
export function defaultIdTables(): IdTables {
  defaultTables ??= loadIdTables();
  return defaultTables;
}
