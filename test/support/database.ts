/** A database of its own for the calling test file, on the run's PostgreSQL (`./postgres-setup.ts`). */
import { inject } from 'vitest';
import { createDatabase } from './postgres.ts';

/** Creates a fresh database on the run's server; returns its `postgres://` URL. */
export function testDatabase(prefix: string): Promise<string> {
  return createDatabase(inject('postgres'), prefix);
}
