/**
 * Small typed readers for rows coming back from SQLite. better-sqlite3 hands out `unknown`;
 * instead of casting, each column is checked for the type the schema promises. A mismatch
 * means the file was tampered with or damaged, so it surfaces as a {@link BadRowError}
 * that the store turns into a `corrupt` StoreError. These run on the hot read path, hence
 * plain functions rather than a schema library.
 */

/** A row as an object keyed by column name. */
export type Row = Readonly<Record<string, unknown>>;

/** A value read from the store did not have the type the schema promises. */
export class BadRowError extends Error {
  override readonly name = 'BadRowError';
}

/** Narrows a statement result to a row object. */
export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as a row, or a BadRowError naming `what` (e.g. `cables`). */
export function asRow(value: unknown, what: string): Row {
  if (!isRow(value)) throw new BadRowError(`${what}: expected a row, got ${typeof value}`);
  return value;
}

/** A NOT NULL text column. */
export function text(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw new BadRowError(`${column}: expected text, got ${describe(v)}`);
  return v;
}

/** A nullable text column. */
export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  if (v === null) return null;
  if (typeof v !== 'string') throw new BadRowError(`${column}: expected text or null, got ${describe(v)}`);
  return v;
}

/** A NOT NULL integer column (numbers, as the store never holds integers beyond 2^53). */
export function int(row: Row, column: string): number {
  const v = row[column];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new BadRowError(`${column}: expected an integer, got ${describe(v)}`);
  return v;
}

/** A nullable integer column. */
export function intOrNull(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null) return null;
  return int(row, column);
}

/** A NOT NULL number column (e.g. a bm25 rank). */
export function num(row: Row, column: string): number {
  const v = row[column];
  if (typeof v !== 'number') throw new BadRowError(`${column}: expected a number, got ${describe(v)}`);
  return v;
}

/** A NOT NULL blob column. */
export function blob(row: Row, column: string): Buffer {
  const v = row[column];
  if (!Buffer.isBuffer(v)) throw new BadRowError(`${column}: expected a blob, got ${describe(v)}`);
  return v;
}

/** A text column holding a JSON array of strings (tags, reasons). */
export function jsonStrings(row: Row, column: string): string[] {
  const raw = text(row, column);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new BadRowError(`${column}: not JSON`, { cause: err });
  }
  if (!Array.isArray(parsed)) throw new BadRowError(`${column}: expected a JSON array`);
  const out: string[] = [];
  for (const item of parsed) {
    if (typeof item !== 'string') throw new BadRowError(`${column}: expected strings in the JSON array, got ${describe(item)}`);
    out.push(item);
  }
  return out;
}

/** A scalar from `pluck()` statements: text. */
export function pluckedText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new BadRowError(`${what}: expected text, got ${describe(value)}`);
  return value;
}

/** A scalar from `pluck()` statements: integer. */
export function pluckedInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new BadRowError(`${what}: expected an integer, got ${describe(value)}`);
  return value;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Buffer.isBuffer(v)) return 'blob';
  return typeof v;
}
