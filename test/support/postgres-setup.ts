/**
 * vitest `globalSetup`: one real PostgreSQL for the whole run (`./postgres.ts`), its address
 * handed to the test files through `provide('postgres')`; stopped and removed at the end.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresServer;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgres', { host: server.host, port: server.port, user: server.user, password: server.password });
  return () => server.destroy();
}
