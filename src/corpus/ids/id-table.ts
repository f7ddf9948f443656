/**
 * A compact, read-only hash table of the 251,287 `ID,month` rows, built straight over the
 * decompressed text. A `Map<string, number>` of that size costs several hundred ms to build
 * (one string object per ID, and the GC work that follows); typed arrays plus offsets into
 * the one big string load in a fraction of that, which matters for a bot's start-up.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { IdDataError, ID_DATA_FILES } from './tables.ts';

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const UPPER_A = 65;
const UPPER_Z = 90;

/** FNV-1a over the char codes of `s` (IDs are ASCII). Must match the hashing in the loader. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** True when `text` has the same `length` characters at `a` and at `b`. */
function sameText(text: string, a: number, aLength: number, b: number, bLength: number): boolean {
  if (aLength !== bLength) return false;
  for (let i = 0; i < aLength; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** Every published ID with its month; IDs are addressed by their row number (0-based). */
export class IdTable {
  readonly #text: string;
  readonly #starts: Int32Array;
  readonly #lengths: Uint8Array;
  readonly #months: Uint8Array;
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly size: number;

  /**
   * @param text `ID,month` lines (LF or CRLF), as in `cable-ids.csv.gz`
   * @throws IdDataError on a malformed or duplicate row
   */
  constructor(text: string) {
    let lines = 0;
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) lines++;
    const capacity = lines + 1;
    let slotCount = 1;
    while (slotCount < capacity * 2) slotCount *= 2;
    // Locals, not fields, in the hot loop: it runs once per row at start-up.
    const starts = new Int32Array(capacity);
    const lengths = new Uint8Array(capacity);
    const months = new Uint8Array(capacity);
    // Two ints per slot, row + 1 (0 = empty) and the full hash, side by side: a collision is
    // then told apart by the hash in the same cache line, without touching the ID text.
    const slots = new Int32Array(slotCount * 2);
    const mask = slotCount - 1;

    // Character codes as locals: module-level constants are context loads inside a loop
    // that runs once per character at start-up, locals are folded.
    const COMMA = 44;
    const CR = 13;
    const LF = 10;
    const DIGIT_0 = 48;
    const DIGIT_9 = 57;
    const UPPER_A = 65;
    const UPPER_Z = 90;
    const end = text.length;
    let n = 0;
    let line = 0;
    let pos = 0;
    while (pos < end) {
      line++;
      // One pass per row: hash the ID while looking for the comma, then read the month.
      let h = 0x811c9dc5;
      let p = pos;
      let c = text.charCodeAt(p);
      let valid = c >= DIGIT_0 && c <= DIGIT_9;
      while (p < end && c !== COMMA && c !== LF && c !== CR) {
        if (c < DIGIT_0 || (c > DIGIT_9 && c < UPPER_A) || c > UPPER_Z) valid = false;
        h = Math.imul(h ^ c, 16777619);
        c = text.charCodeAt(++p);
      }
      const idLength = p - pos;
      if (idLength === 0 && (c === LF || (c === CR && text.charCodeAt(p + 1) === LF))) {
        pos = p + (c === CR ? 2 : 1); // blank line
        continue;
      }
      let month = 0;
      let digits = 0;
      if (c === COMMA) {
        c = text.charCodeAt(++p);
        while (c >= DIGIT_0 && c <= DIGIT_9) {
          month = month * 10 + c - DIGIT_0;
          digits++;
          c = text.charCodeAt(++p);
        }
      }
      if (c === CR) c = text.charCodeAt(++p);
      if (!valid || idLength > 255 || digits === 0 || month < 1 || month > 12 || (p < end && c !== LF)) {
        throw new IdDataError(ID_DATA_FILES.ids, line, `bad row ${JSON.stringify(text.slice(pos, Math.min(p + 1, end)))}`);
      }
      let slot = h & mask;
      let found = slots[slot * 2] ?? 0;
      while (found !== 0) {
        if (slots[slot * 2 + 1] === h && sameText(text, starts[found - 1] ?? 0, lengths[found - 1] ?? 0, pos, idLength)) {
          throw new IdDataError(ID_DATA_FILES.ids, line, `duplicate ID ${text.slice(pos, pos + idLength)}`);
        }
        slot = (slot + 1) & mask;
        found = slots[slot * 2] ?? 0;
      }
      slots[slot * 2] = n + 1;
      slots[slot * 2 + 1] = h;
      starts[n] = pos;
      lengths[n] = idLength;
      months[n] = month;
      n++;
      pos = p + 1;
    }
    this.#text = text;
    this.#starts = starts;
    this.#lengths = lengths;
    this.#months = months;
    this.#slots = slots;
    this.#mask = mask;
    this.size = n;
  }

  /** Reads a gzip `ID,month` file (the format of `cable-ids.csv.gz`). */
  static fromGzipFile(file: string): IdTable {
    return new IdTable(gunzipSync(readFileSync(file)).toString('latin1'));
  }

  /** Row number of `id`, or -1 when it is not a published ID (exact, case-sensitive). */
  indexOf(id: string): number {
    if (id.length === 0 || id.length > 255) return -1;
    const h = hashString(id);
    const slots = this.#slots;
    let slot = h & this.#mask;
    for (let found = slots[slot * 2] ?? 0; found !== 0; found = slots[slot * 2] ?? 0) {
      if (slots[slot * 2 + 1] === h && this.#equals(found - 1, id)) return found - 1;
      slot = (slot + 1) & this.#mask;
    }
    return -1;
  }

  /** True when `id` is a published ID. */
  has(id: string): boolean {
    return this.indexOf(id) !== -1;
  }

  /** The ID of row `row`. */
  idAt(row: number): string {
    const start = this.#starts[row] ?? 0;
    return this.#text.slice(start, start + (this.#lengths[row] ?? 0));
  }

  /** The month (1–12) of row `row`. */
  monthAt(row: number): number {
    return this.#months[row] ?? 0;
  }

  /** Char code `offset` of the ID in row `row` (NaN past its end): lets scans avoid slicing. */
  charCodeAt(row: number, offset: number): number {
    return offset < (this.#lengths[row] ?? 0) ? this.#text.charCodeAt((this.#starts[row] ?? 0) + offset) : Number.NaN;
  }

  /** Length of the ID in row `row`. */
  lengthAt(row: number): number {
    return this.#lengths[row] ?? 0;
  }

  /** Part of the ID in row `row`, from `from` to `to` (exclusive, default: its end). */
  sliceAt(row: number, from: number, to?: number): string {
    const start = this.#starts[row] ?? 0;
    const length = this.#lengths[row] ?? 0;
    return this.#text.slice(start + from, start + Math.min(to ?? length, length));
  }

  /**
   * Where the serial starts in the ID of row `row` when it has the regular shape
   * `\d\d[A-Z]+[1-9]\d{0,6}` (2 + station length), else 0. Scans the text directly, so
   * grouping all IDs by station needs no string per ID.
   */
  serialStartAt(row: number): number {
    const text = this.#text;
    const start = this.#starts[row] ?? 0;
    const end = start + (this.#lengths[row] ?? 0);
    const y0 = text.charCodeAt(start);
    const y1 = text.charCodeAt(start + 1);
    if (y0 < DIGIT_0 || y0 > DIGIT_9 || y1 < DIGIT_0 || y1 > DIGIT_9) return 0;
    let p = start + 2;
    for (let c = text.charCodeAt(p); p < end && c >= UPPER_A && c <= UPPER_Z; c = text.charCodeAt(++p));
    const serialStart = p;
    const first = text.charCodeAt(p);
    if (serialStart === start + 2 || first <= DIGIT_0 || first > DIGIT_9 || end - serialStart > 7) return 0;
    for (let c = first; p < end && c >= DIGIT_0 && c <= DIGIT_9; c = text.charCodeAt(++p));
    return p === end ? serialStart - start : 0;
  }

  /**
   * Row numbers in code-unit order of their IDs, sorted in the text (an MSD radix sort over
   * the 36 characters IDs are made of): about 0.13 s and 1 MB, where sorting the IDs as
   * strings took 0.4 s of start-up and 24 MB of string objects.
   */
  sortedRows(): Int32Array {
    const n = this.size;
    const text = this.#text;
    const starts = this.#starts;
    const lengths = this.#lengths;
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    const scratch = new Int32Array(n);
    const keys = new Uint8Array(n);
    // Bucket of a row at depth d: 0 when its ID has ended (shorter sorts first), else the
    // character code minus '0' plus 1 ('0'–'9' and 'A'–'Z' are all within 1..43).
    const BUCKETS = 44;
    const keyAt = (row: number, depth: number): number =>
      depth < (lengths[row] ?? 0) ? text.charCodeAt((starts[row] ?? 0) + depth) - DIGIT_0 + 1 : 0;
    const stack: number[] = [0, n, 0];
    const counts = new Int32Array(BUCKETS + 1);
    while (stack.length > 0) {
      const depth = stack.pop() ?? 0;
      const hi = stack.pop() ?? 0;
      const lo = stack.pop() ?? 0;
      if (hi - lo < 24) {
        // Insertion sort from `depth` on: all rows here share the first `depth` characters.
        for (let i = lo + 1; i < hi; i++) {
          const row = rows[i] ?? 0;
          let j = i - 1;
          while (j >= lo && this.#compareFrom(rows[j] ?? 0, row, depth) > 0) {
            rows[j + 1] = rows[j] ?? 0;
            j--;
          }
          rows[j + 1] = row;
        }
        continue;
      }
      counts.fill(0);
      for (let i = lo; i < hi; i++) {
        const k = keyAt(rows[i] ?? 0, depth);
        keys[i] = k;
        counts[k + 1] = (counts[k + 1] ?? 0) + 1;
      }
      for (let b = 1; b <= BUCKETS; b++) counts[b] = (counts[b] ?? 0) + (counts[b - 1] ?? 0);
      const bucketStarts = counts.slice(0, BUCKETS);
      for (let i = lo; i < hi; i++) {
        const k = keys[i] ?? 0;
        scratch[lo + (counts[k] ?? 0)] = rows[i] ?? 0;
        counts[k] = (counts[k] ?? 0) + 1;
      }
      rows.set(scratch.subarray(lo, hi), lo);
      // Bucket 0 (IDs that ended here) is in order already; recurse into the others.
      for (let b = 1; b < BUCKETS; b++) {
        const from = lo + (bucketStarts[b] ?? 0);
        const to = lo + (counts[b] ?? 0);
        if (to - from > 1) stack.push(from, to, depth + 1);
      }
    }
    return rows;
  }

  /** Compares the IDs of two rows from character `depth` on, in code-unit order. */
  #compareFrom(a: number, b: number, depth: number): number {
    const text = this.#text;
    const sa = this.#starts[a] ?? 0;
    const sb = this.#starts[b] ?? 0;
    const la = this.#lengths[a] ?? 0;
    const lb = this.#lengths[b] ?? 0;
    const n = Math.min(la, lb);
    for (let i = depth; i < n; i++) {
      const d = text.charCodeAt(sa + i) - text.charCodeAt(sb + i);
      if (d !== 0) return d;
    }
    return la - lb;
  }

  /** All IDs in file order. */
  *ids(): IterableIterator<string> {
    for (let row = 0; row < this.size; row++) yield this.idAt(row);
  }

  #equals(row: number, id: string): boolean {
    if (this.#lengths[row] !== id.length) return false;
    const start = this.#starts[row] ?? 0;
    for (let i = 0; i < id.length; i++) if (this.#text.charCodeAt(start + i) !== id.charCodeAt(i)) return false;
    return true;
  }

}
