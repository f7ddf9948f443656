/**
 * What the PostgreSQL server refuses, and what its failures mean: shared by the state
 * (`./index.ts`) and the parts it delegates to (`./installations.ts`), so that every call
 * tells a lost server from a refused statement the same way.
 */

/** Why a call failed, short: the error's code (`ECONNREFUSED`, `57P01`) with its message. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : null;
  const message = error.message !== '' ? error.message : error instanceof AggregateError ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ') : error.name;
  return (code !== null && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 200);
}

/**
 * Whether an error means the server cannot be reached or is going away, rather than that one
 * statement was refused: no SQLSTATE (a socket error, a timeout, a closed connection), or one
 * of class 08 (connection exception), 57 (operator intervention: shutdown, restart) or 53
 * (insufficient resources: too many connections).
 */
export function isConnectionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
  if (code === null || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57') || code.startsWith('53');
}

/** A key PostgreSQL text can hold: NUL, which it refuses, written as `\0`. */
export function storable(key: string): string {
  return key.includes('\u0000') ? key.replaceAll('\u0000', '\\0') : key;
}

