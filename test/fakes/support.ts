/**
 * Plumbing shared by the loopback fakes of Discord and Slack: reading request bodies,
 * recording what arrived with a way to wait for it, listening on an ephemeral port.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocketServer } from 'ws';

/** Reads a whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Parses JSON text into `unknown`; undefined for empty or malformed text (recorded as is). */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Writes an empty response (e.g. Discord's 204 No Content). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

/** Lower-cased single-valued request headers. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Starts `server` on 127.0.0.1 on a random free port and returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake server has no TCP address');
  return address.port;
}

/** Closes `server`, dropping keep-alive connections so no handle outlives the test. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  server.closeAllConnections();
  await closed;
}

/**
 * Closes a WebSocket server's connections politely: lets close handshakes already under way
 * finish (a client that just called `disconnect()` has sent its close frame but may not have
 * seen the echo yet; cutting the TCP connection then makes undici's WebSocket report an
 * error), asks open ones to close, and terminates whatever is left after `graceMs`.
 */
export async function closeWebSockets(wss: WebSocketServer, graceMs = 500): Promise<void> {
  const clients = [...wss.clients];
  await Promise.all(
    clients.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) {
            resolve();
            return;
          }
          const timer = setTimeout(() => {
            socket.terminate();
            resolve();
          }, graceMs);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          if (socket.readyState === socket.OPEN) socket.close(1001, 'fake server shutting down');
        }),
    ),
  );
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}

/**
 * An append-only list of things a fake received, with `waitFor`: resolves with the first
 * entry (already recorded or still to come) that matches, or rejects after `timeoutMs` with
 * a message listing what did arrive, so a failing test says what the bot sent instead.
 */
export class Recorder<T> {
  readonly items: T[] = [];
  readonly #events = new EventEmitter();
  readonly #describe: (item: T) => string;

  constructor(describe: (item: T) => string) {
    this.#describe = describe;
    this.#events.setMaxListeners(0);
  }

  push(item: T): void {
    this.items.push(item);
    this.#events.emit('item', item);
  }

  waitFor(predicate: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const found = this.items.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const onItem = (item: T): void => {
        if (!predicate(item)) return;
        clearTimeout(timer);
        this.#events.off('item', onItem);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.#events.off('item', onItem);
        const seen = this.items.map((item) => `  ${this.#describe(item)}`).join('\n') || '  (nothing)';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received:\n${seen}`));
      }, timeoutMs);
      this.#events.on('item', onItem);
    });
  }
}

/** Discord's epoch (2015-01-01T00:00:00Z) in ms, the base of snowflake timestamps. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes snowflake ids the way Discord does (ms since the Discord epoch << 22, plus worker and
 * increment bits), so they are plausible, strictly increasing, and decode to "now".
 */
export function snowflakeFactory(): () => string {
  let increment = 0n;
  let last = 0n;
  return () => {
    let ms = BigInt(Date.now()) - DISCORD_EPOCH;
    if (ms <= last) ms = last;
    if (ms === last) increment += 1n;
    else increment = 0n;
    last = ms;
    return ((ms << 22n) | (1n << 17n) | (increment & 0xfffn)).toString();
  };
}
