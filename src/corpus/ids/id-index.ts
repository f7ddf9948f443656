/**
 * The index of all 251,287 reference IDs of the release, with the month each cable was
 * created (needed for viewer URLs, which the ID alone cannot give) and the misprint table.
 *
 * Resolution order (PARSER-NOTES §2): an ID that exists exactly as typed always wins and is
 * never "corrected"; then misprints; then normalisation (case, spacing, zero padding, station
 * aliases); then near-miss suggestions.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { editDistance, weightedEditCost, EDIT_COSTS } from './distance.ts';
import { compactTyped, ID_SHAPE, idYear as yearOfId, MAX_ID_INPUT_LENGTH, parseId, stripHashtag } from './parse.ts';
import type { NormalizationRule, ParseIdErrorCode } from './parse.ts';
import { IdTable } from './id-table.ts';
import { DEFAULT_ID_DATA_DIR, ID_DATA_FILES, loadIdTables } from './tables.ts';
import type { IdTables, MisprintEntry } from './tables.ts';

/** Base of the WikiLeaks cable viewer; paths are `cable/YYYY/MM/<ID>.html`. */
export const VIEWER_BASE_URL = 'https://wikileaks.org/';

/** How a misprint resolution was reached. */
export type MisprintVia =
  /** The text is a published garbled ID (`08ECTION01OF02MANAMA492`, `06ASTANA`). */
  | 'published-misprint'
  /** The text is the correct ID of a cable published only under a garbled ID (`09HANOI1284`). */
  | 'unpublished-canonical';

/** A near-miss ID offered for text that is not a known ID. */
export interface Suggestion {
  /** The published ID: what to show and link. */
  id: string;
  /** The correct ID of that cable (differs from `id` for misprints). */
  canonicalId: string;
  /** Edits (insert, delete, substitute, swap adjacent) between the normalised text and the matched ID. */
  edits: number;
}

/** Result of {@link IdIndex.resolve}. Every found kind has `id` (published, for links) and `canonicalId`. */
export type Resolution =
  | { kind: 'exact'; id: string; canonicalId: string }
  | {
      kind: 'misprint';
      /** The published ID to link (the misprint itself when only it exists). */
      id: string;
      canonicalId: string;
      via: MisprintVia;
      /** Whether the correct ID is published too (a second copy of the cable). */
      twinPublished: boolean;
      /** Normalisation applied before the misprint table matched (`06astana` → `case`). */
      rules: NormalizationRule[];
    }
  | { kind: 'normalized'; id: string; canonicalId: string; rules: NormalizationRule[] }
  | {
      kind: 'unknown';
      /** The text in canonical form (`06moscow0999999` → `06MOSCOW999999`). */
      normalizedId: string;
      /** Up to 5 near misses, best first; may be empty. */
      suggestions: Suggestion[];
    }
  | {
      kind: 'invalid';
      code: ParseIdErrorCode;
      /** Near misses when the text is almost an ID (`6MOSCOW754`); usually empty. */
      suggestions: Suggestion[];
    };

/** Rules that come from the station table: dropped for the "as typed" lookup. */
const STATION_RULES: ReadonlySet<NormalizationRule> = new Set(['station-alias', 'prefix-dropped']);

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS_AND_LETTERS = DIGITS + LETTERS;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * Characters worth trying at a spot whose surrounding characters are `around` (the
 * neighbours, and for a substitution the character replaced; '' at an end): in a regular ID
 * a digit sits among digits and a letter among letters, so only spots where both kinds meet
 * need both. Halves the candidates; odd-shaped IDs are compared directly instead (see
 * IdIndex.suggest).
 */
function plausibleAt(around: readonly string[]): string {
  let digits = false;
  let letters = false;
  for (const c of around) {
    if (c === '') continue;
    if (isDigit(c)) digits = true;
    else letters = true;
  }
  if (digits === letters) return DIGITS_AND_LETTERS;
  return digits ? DIGITS : LETTERS;
}

/**
 * All strings one edit (delete, swap adjacent, substitute, insert) from `s`, with substituted
 * and inserted characters drawn from `alphabet(around)` (see {@link plausibleAt}).
 */
function oneEditAway(s: string, alphabet: (around: readonly string[]) => string, visit: (candidate: string) => void): void {
  for (let i = 0; i < s.length; i++) {
    const head = s.slice(0, i);
    const tail = s.slice(i + 1);
    const own = s.charAt(i);
    visit(head + tail);
    if (i + 1 < s.length && s.charAt(i + 1) !== own) visit(head + s.charAt(i + 1) + own + s.slice(i + 2));
    for (const c of alphabet([s.charAt(i - 1), own, s.charAt(i + 1)])) if (c !== own) visit(head + c + tail);
  }
  for (let i = 0; i <= s.length; i++) {
    const head = s.slice(0, i);
    const tail = s.slice(i);
    for (const c of alphabet([s.charAt(i - 1), s.charAt(i)])) visit(head + c + tail);
  }
}

const onlyDigits = (): string => DIGITS;

/** IDs of one station and year, for suggestions. */
interface Group {
  /** Rows of published IDs. */
  rows: number[];
  /** Serials of correct IDs whose cable was published only misprinted. */
  extraSerials: string[];
  /** All serials as strings, made on the first scan of the group. */
  serials?: string[];
  /** {@link digitSignature} of each serial, same order. */
  signatures?: Int32Array;
  /** The serials as numbers, for membership tests without building ID strings. */
  numbers?: Set<number>;
}

/** All groups of one station. */
interface StationGroups {
  station: string;
  /** Groups indexed by two-digit year. */
  byYear: (Group | undefined)[];
  /** The years that have a group, ascending. */
  years: number[];
}

/** A form of the typed text that suggestions are measured against. */
interface Target {
  text: string;
  /** Parts when the text parsed as an ID; empty strings otherwise. */
  year: string;
  station: string;
  serial: string;
}

interface Ranked {
  key: string;
  /** The target text the cost was measured against. */
  target: string;
  cost: number;
  sameYearStation: boolean;
  serialGap: number;
}

/**
 * All reference IDs of the release, loaded from `data/ids/`. Use {@link defaultIdIndex} in the
 * product; construct with a directory in tests or tools.
 */
/** A sorted list of IDs read by position (no string is made until one is read). */
export interface SortedIds {
  readonly length: number;
  /** The ID at position `i`, or undefined outside 0..length-1. */
  at(i: number): string | undefined;
}

export class IdIndex {
  readonly #table: IdTable;
  readonly #tables: IdTables;
  /** published misprint → its table row. */
  readonly #misprintOf = new Map<string, MisprintEntry>();
  /** correct ID → garbled IDs it was also/only published under. */
  readonly #misprintsFor = new Map<string, string[]>();
  /** correct ID of a cable published only misprinted → that misprint (the ID to link). */
  readonly #onlyMisprinted = new Map<string, MisprintEntry>();
  /** IDs grouped by station and year (built on first suggest(), see warmUp()). */
  #groups: StationGroups[] | undefined;
  /** Lookup keys without the regular shape (`06ASTANA`, `092OF5`), built with #groups. */
  #oddKeys: string[] = [];

  /** Milliseconds the constructor took to read and index the data. */
  readonly loadMs: number;
  #inOrder: SortedIds | undefined;

  /**
   * Reads `cable-ids.csv.gz` and the tables from `dir` synchronously (0.1–0.2 s; see `loadMs`).
   * @throws IdDataError when a file is malformed.
   */
  constructor(dir: string = DEFAULT_ID_DATA_DIR, tables?: IdTables) {
    const start = performance.now();
    this.#tables = tables ?? loadIdTables(dir);
    this.#table = IdTable.fromGzipFile(join(dir, ID_DATA_FILES.ids));
    for (const entry of this.#tables.misprints) {
      this.#misprintOf.set(entry.publishedId, entry);
      const list = this.#misprintsFor.get(entry.canonicalId) ?? [];
      list.push(entry.publishedId);
      this.#misprintsFor.set(entry.canonicalId, list);
      if (!this.#table.has(entry.canonicalId)) {
        this.#onlyMisprinted.set(entry.canonicalId, entry);
        // The table's correct ID can itself carry a station typo (09BRUSELS1292 →
        // 09USEUBRUSEELS1292); cablemap runs it through the alias table as well, so accept
        // that spelling too (→ 09USEUBRUSSELS1292) unless it names a real cable.
        const parsed = parseId(entry.canonicalId, this.#tables);
        if (parsed.ok && parsed.id !== entry.canonicalId && !this.#table.has(parsed.id)) {
          this.#onlyMisprinted.set(parsed.id, entry);
        }
      }
    }
    this.loadMs = performance.now() - start;
  }

  /** Number of published IDs (251,287 for the bundled data). */
  get size(): number {
    return this.#table.size;
  }

  /** The station/alias/misprint tables this index uses. */
  get tables(): IdTables {
    return this.#tables;
  }

  /** All published IDs, in file order. */
  ids(): IterableIterator<string> {
    return this.#table.ids();
  }

  /** The published IDs in code-unit order (sorted on first call, about 0.13 s). */
  inOrder(): SortedIds {
    if (this.#inOrder === undefined) {
      const rows = this.#table.sortedRows();
      const table = this.#table;
      this.#inOrder = { length: rows.length, at: (i) => (i >= 0 && i < rows.length ? table.idAt(rows[i] ?? 0) : undefined) };
    }
    return this.#inOrder;
  }

  /** True when `id` is a published ID, exactly as written (case-sensitive, no normalisation). */
  has(id: string): boolean {
    return this.#table.has(id);
  }

  /** Month (1–12) the cable was created, or null for an unknown ID. */
  month(id: string): number | null {
    const row = this.#table.indexOf(id);
    return row === -1 ? null : this.#table.monthAt(row);
  }

  /** 4-digit year of a published ID (`06MOSCOW754` → 2006), or null for an unknown ID. */
  idYear(id: string): number | null {
    return this.#table.has(id) ? yearOfId(id) : null;
  }

  /**
   * Viewer path of a published ID: `cable/2006/01/06MOSCOW754.html`. Works for every known ID,
   * also those whose text is not in our corpus. Null for an unknown ID (resolve it first; a
   * misprint links under its published ID).
   */
  viewerPath(id: string): string | null {
    const month = this.month(id);
    const year = this.idYear(id);
    if (month === null || year === null) return null;
    return `cable/${year}/${String(month).padStart(2, '0')}/${id}.html`;
  }

  /**
   * Viewer URL of a published ID, optionally to a paragraph anchor:
   * `https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5`. The viewer's anchors use the
   * printed paragraph number or letter (`#parB` for lettered items), not a running index.
   * @throws RangeError for a paragraph that is not a non-negative integer or 1–8 letters/digits.
   */
  viewerUrl(id: string, paragraph?: number | string): string | null {
    const path = this.viewerPath(id);
    if (path === null) return null;
    if (paragraph === undefined) return VIEWER_BASE_URL + path;
    const anchor = String(paragraph);
    const valid = typeof paragraph === 'number' ? Number.isSafeInteger(paragraph) && paragraph >= 0 : /^[A-Za-z0-9]{1,8}$/.test(anchor);
    if (!valid) throw new RangeError(`bad paragraph anchor ${JSON.stringify(anchor)}`);
    return `${VIEWER_BASE_URL}${path}#par${anchor}`;
  }

  /** The misprint-table row of a published garbled ID, or null. */
  misprint(publishedId: string): MisprintEntry | null {
    return this.#misprintOf.get(publishedId) ?? null;
  }

  /**
   * The correct ID of a published ID: itself for a normal ID, the table's canonical ID for a
   * misprint (`08ECTION01OF02MANAMA492` → `08MANAMA492`). Null for an unknown ID.
   */
  canonicalOf(publishedId: string): string | null {
    const entry = this.#misprintOf.get(publishedId);
    if (entry !== undefined) return entry.canonicalId;
    return this.#table.has(publishedId) ? publishedId : null;
  }

  /**
   * The published IDs of the cable whose correct ID is `canonicalId`: the ID itself when
   * published, then any misprints (`08MANAMA492` → [`08MANAMA492`, `08ECTION01OF02MANAMA492`];
   * `09HANOI1284` → [`09AMEMBASSYHANOI1284`]). Empty when nothing was published under it, or
   * when `canonicalId` is itself a misprint.
   */
  publishedFor(canonicalId: string): string[] {
    if (this.#misprintOf.has(canonicalId)) return [];
    const out: string[] = [];
    if (this.#table.has(canonicalId)) out.push(canonicalId);
    const only = this.#onlyMisprinted.get(canonicalId);
    const misprints = this.#misprintsFor.get(only?.canonicalId ?? canonicalId) ?? [];
    return [...out, ...misprints];
  }

  /**
   * Resolves typed text to a cable: `exact` (a published ID as typed, `#` allowed), `misprint`,
   * `normalized` (case, spacing, zero padding, station alias…), `unknown` with suggestions, or
   * `invalid` with a code. A published ID is never replaced by another one.
   */
  resolve(typed: string): Resolution {
    const stripped = stripHashtag(typed);
    if (stripped === '') return { kind: 'invalid', code: 'empty', suggestions: [] };
    const exact = this.#found(stripped, []);
    if (exact !== null) return exact;

    const compact = compactTyped(stripped);
    const cleaned = this.#found(compact.text, compact.rules);
    if (cleaned !== null) return cleaned;

    const parsed = parseId(stripped, this.#tables);
    if (!parsed.ok) {
      const hopeless = parsed.code === 'empty' || parsed.code === 'too-long' || parsed.code === 'bad-characters';
      return { kind: 'invalid', code: parsed.code, suggestions: hopeless ? [] : this.suggest(stripped) };
    }
    // The station as typed first: TAIPEI and AITTAIPEI are both real stations in 2006, so
    // 06TAIPEI0123 must find 06TAIPEI123 before the alias rule makes it 06AITTAIPEI123.
    const asTyped = `${parsed.year}${parsed.typedStation}${parsed.serial}`;
    if (asTyped !== parsed.id) {
      const found = this.#found(asTyped, parsed.rules.filter((r) => !STATION_RULES.has(r)));
      if (found !== null) return found;
    }
    const found = this.#found(parsed.id, parsed.rules);
    if (found !== null) return found;
    return { kind: 'unknown', normalizedId: parsed.id, suggestions: this.suggest(stripped) };
  }

  /** A resolution for `key` if it is a published ID or the correct ID of an only-misprinted cable. */
  #found(key: string, rules: NormalizationRule[]): Resolution | null {
    if (this.#table.has(key)) {
      const entry = this.#misprintOf.get(key);
      if (entry !== undefined) {
        return { kind: 'misprint', id: key, canonicalId: entry.canonicalId, via: 'published-misprint', twinPublished: entry.twinPublished, rules };
      }
      return rules.length === 0 ? { kind: 'exact', id: key, canonicalId: key } : { kind: 'normalized', id: key, canonicalId: key, rules };
    }
    const only = this.#onlyMisprinted.get(key);
    if (only !== undefined) {
      return { kind: 'misprint', id: only.publishedId, canonicalId: only.canonicalId, via: 'unpublished-canonical', twinPublished: false, rules };
    }
    return null;
  }

  /** The published ID a lookup key stands for (itself, or the misprint of an only-misprinted cable). */
  #linkFor(key: string): string | null {
    if (this.#table.has(key)) return key;
    return this.#onlyMisprinted.get(key)?.publishedId ?? null;
  }

  /**
   * Near misses for text that is not a known ID, best first: swapped digits
   * (`06MOSCOW745` → `06MOSCOW754`), a missing or extra digit, a misspelt station
   * (`06MOSCWO754`), a wrong year digit. Ranked by edit cost (Damerau–Levenshtein; a swap of
   * adjacent characters costs a little less than other edits), then IDs of the same year and
   * station, then numeric closeness of the serial, then alphabetically: deterministic.
   *
   * The text is normalised first (case, spacing, zero padding, station alias), and the text
   * itself is never suggested. At most 2 edits for ordinary IDs (1 for very short text, 3 for
   * long ones).
   */
  suggest(typed: string, limit = 5): Suggestion[] {
    if (limit <= 0) return [];
    const compact = compactTyped(typed).text;
    if (compact === '' || compact.length > MAX_ID_INPUT_LENGTH || /[^A-Z0-9]/.test(compact)) return [];
    const parsed = parseId(typed, this.#tables);
    const targets: Target[] = [];
    if (parsed.ok) {
      targets.push({ text: parsed.id, year: parsed.year, station: parsed.station, serial: parsed.serial });
      // Also the station as typed: TAIPEI is an alias of AITTAIPEI, yet 2,300 IDs use TAIPEI.
      const asTyped = `${parsed.year}${parsed.typedStation}${parsed.serial}`;
      if (asTyped !== parsed.id) targets.push({ text: asTyped, year: parsed.year, station: parsed.typedStation, serial: parsed.serial });
    } else {
      targets.push({ text: compact, year: '', station: '', serial: '' });
    }
    const longest = Math.max(...targets.map((t) => t.text.length));
    const maxEdits = longest < 6 ? 1 : longest < 14 ? 2 : 3;
    const cap = maxEdits * EDIT_COSTS.substitute;

    // Phase 1: every ID one edit from the text, also when the slip breaks the shape
    // (`6MOSCOW754`); the few odd-shaped IDs are compared directly.
    const keys = new Set<string>();
    this.#stationGroups();
    for (const target of targets) {
      oneEditAway(target.text, plausibleAt, (candidate) => {
        if (this.#linkFor(candidate) !== null) keys.add(candidate);
      });
      for (const odd of this.#oddKeys) {
        if (Math.abs(odd.length - target.text.length) <= maxEdits && editDistance(target.text, odd, maxEdits) <= maxEdits) keys.add(odd);
      }
    }
    let ranked = this.#rank(keys, targets, compact, cap);
    // Phase 2, only when one edit gave too few: combined edits over the parts (station, year,
    // serial). Those cost at least 2 × the cheapest edit, more than any one-edit result, so
    // they could not have displaced one.
    const oneEdit = ranked.filter((r) => r.cost <= EDIT_COSTS.substitute);
    if (distinctLinks(oneEdit, (key) => this.#linkFor(key), limit) < limit && parsed.ok) {
      for (const target of targets) this.#structuredCandidates(target, maxEdits, keys);
      ranked = this.#rank(keys, targets, compact, cap);
    }

    const out: Suggestion[] = [];
    const seen = new Set<string>();
    for (const r of ranked) {
      const id = this.#linkFor(r.key);
      if (id === null || seen.has(id)) continue;
      seen.add(id);
      out.push({ id, canonicalId: this.canonicalOf(id) ?? id, edits: editDistance(r.target, r.key) });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Scores candidate keys against the targets and sorts them best first. */
  #rank(keys: ReadonlySet<string>, targets: readonly Target[], compact: string, cap: number): Ranked[] {
    const ranked: Ranked[] = [];
    for (const key of keys) {
      if (key === compact || targets.some((t) => t.text === key)) continue;
      let best: Ranked | null = null;
      for (const target of targets) {
        const cost = weightedEditCost(target.text, key, cap);
        if (cost > cap || (best !== null && cost >= best.cost)) continue;
        const m = ID_SHAPE.exec(key);
        const sameYearStation = m !== null && m[1] === target.year && m[2] === target.station;
        const gap = m === null || target.serial === '' ? Number.POSITIVE_INFINITY : Math.abs(Number(m[3]) - Number(target.serial));
        best = { key, target: target.text, cost, sameYearStation, serialGap: gap };
      }
      if (best !== null) ranked.push(best);
    }
    return ranked.sort(
      (a, b) =>
        a.cost - b.cost ||
        Number(b.sameYearStation) - Number(a.sameYearStation) ||
        compareGap(a.serialGap, b.serialGap) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
  }

  /**
   * Candidates built from the parts of a parsed ID: stations within 1–2 edits, years one digit
   * off, and serials one digit edit off; plus, in the typed year and station, any serial within
   * two edits. Combined edits stay within `maxEdits`.
   */
  #structuredCandidates(target: Target, maxEdits: number, keys: Set<string>): void {
    const groups = this.#stationGroups();
    const stationBudget = target.station.length <= 3 ? 1 : 2;
    const serialVariants = new Set<number>([Number(target.serial)]);
    oneEditAway(target.serial, onlyDigits, (v) => {
      if (/^[1-9]\d{0,6}$/.test(v)) serialVariants.add(Number(v));
    });
    const typedSerial = new Set<number>([Number(target.serial)]);
    const typedYear = Number(target.year);

    for (const { station, byYear, years } of groups) {
      if (Math.abs(station.length - target.station.length) > stationBudget) continue;
      const dStation = station === target.station ? 0 : editDistance(target.station, station, stationBudget);
      if (dStation > stationBudget || dStation > maxEdits) continue;
      for (const yearNumber of years) {
        const group = byYear[yearNumber];
        if (group === undefined) continue;
        const year = String(yearNumber).padStart(2, '0');
        const dYear = yearNumber === typedYear ? 0 : editDistance(target.year, year, 1);
        const budget = maxEdits - dStation - dYear;
        if (dYear > 1 || budget < 0) continue;
        const prefix = year + station;
        if (budget >= 2 && dStation === 0 && dYear === 0) {
          // The typed year and station: scan the whole group (up to ~4,000 serials, 09STATE).
          // Two edits change the digit counts by at most 4 in all, which rules out most
          // serials before the edit distance is computed.
          const serials = this.#groupSerials(group, prefix.length);
          const signatures = group.signatures ?? new Int32Array(0);
          const typedSignature = digitSignature(target.serial);
          for (let k = 0; k < serials.length; k++) {
            const s = serials[k] ?? '';
            if (Math.abs(s.length - target.serial.length) > 2) continue;
            if (signatureDistance(signatures[k] ?? 0, typedSignature) > 4) continue;
            if (editDistance(target.serial, s, 2) <= 2) keys.add(prefix + s);
          }
        } else {
          const numbers = this.#groupNumbers(group, prefix.length);
          for (const v of budget >= 1 ? serialVariants : typedSerial) if (numbers.has(v)) keys.add(prefix + String(v));
        }
      }
    }
  }

  #groupNumbers(group: Group, prefixLength: number): Set<number> {
    group.numbers ??= new Set(this.#groupSerials(group, prefixLength).map(Number));
    return group.numbers;
  }

  #groupSerials(group: Group, prefixLength: number): string[] {
    if (group.serials === undefined) {
      const serials = [...group.rows.map((row) => this.#table.sliceAt(row, prefixLength)), ...group.extraSerials];
      group.serials = serials;
      group.signatures = Int32Array.from(serials, digitSignature);
    }
    return group.serials;
  }

  /**
   * Builds the station/year grouping and the list of odd-shaped IDs that suggest() uses
   * (roughly as long as the load itself). Otherwise done by the first suggest() call; call this
   * after start-up, off the request path, to keep that first call fast.
   */
  warmUp(): void {
    this.#stationGroups();
  }

  /** IDs by station and year, over published IDs of regular shape and only-misprinted correct IDs. */
  #stationGroups(): StationGroups[] {
    if (this.#groups !== undefined) return this.#groups;
    const byStation = new Map<string, StationGroups>();
    const groupOf = (station: string, year: number): Group => {
      let entry = byStation.get(station);
      if (entry === undefined) {
        entry = { station, byYear: new Array<Group | undefined>(100).fill(undefined), years: [] };
        byStation.set(station, entry);
      }
      let group = entry.byYear[year];
      if (group === undefined) {
        group = { rows: [], extraSerials: [] };
        entry.byYear[year] = group;
        entry.years.push(year);
      }
      return group;
    };
    const table = this.#table;
    const odd: string[] = [];
    for (let row = 0; row < table.size; row++) {
      const serialStart = table.serialStartAt(row);
      if (serialStart === 0) {
        odd.push(table.idAt(row));
        continue;
      }
      const year = (table.charCodeAt(row, 0) - 48) * 10 + (table.charCodeAt(row, 1) - 48);
      groupOf(table.sliceAt(row, 2, serialStart), year).rows.push(row);
    }
    for (const key of this.#onlyMisprinted.keys()) {
      const m = ID_SHAPE.exec(key);
      if (m === null) {
        odd.push(key);
        continue;
      }
      const [, year = '', station = '', serial = ''] = m;
      groupOf(station, Number(year)).extraSerials.push(serial);
    }
    const groups = [...byStation.values()];
    for (const g of groups) g.years.sort((a, b) => a - b);
    this.#groups = groups;
    this.#oddKeys = odd;
    return groups;
  }
}

/**
 * The digit counts of a serial packed 3 bits per digit (serials have at most 7 digits, so a
 * count fits): a cheap pre-filter for the edit distance.
 */
function digitSignature(serial: string): number {
  let signature = 0;
  for (let i = 0; i < serial.length; i++) signature += 1 << (3 * (serial.charCodeAt(i) - 48));
  return signature;
}

/** Sum over the digits of the difference in counts: each edit changes it by at most 2. */
function signatureDistance(a: number, b: number): number {
  let total = 0;
  for (let shift = 0; shift < 30; shift += 3) total += Math.abs(((a >>> shift) & 7) - ((b >>> shift) & 7));
  return total;
}

/** How many different published IDs the ranked keys stand for, counting up to `limit`. */
function distinctLinks(ranked: readonly Ranked[], linkFor: (key: string) => string | null, limit: number): number {
  const seen = new Set<string>();
  for (const r of ranked) {
    const id = linkFor(r.key);
    if (id !== null) seen.add(id);
    if (seen.size >= limit) break;
  }
  return seen.size;
}

function compareGap(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

let defaultIndex: IdIndex | undefined;

/** The index over `data/ids/`, loaded on first use and shared afterwards. */
export function defaultIdIndex(): IdIndex {
  defaultIndex ??= new IdIndex();
  return defaultIndex;
}
