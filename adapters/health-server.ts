/**
 * `GET /healthz` on a server of its own, for a process no Slack HTTP receiver runs in: a
 * Discord-only process (one of several splitting the shards), or Slack in Socket Mode. Started
 * by `cablebot start` when `PORT` is set there; anything but `GET /healthz` is a 404.
 */
import { createServer } from 'node:http';
import { HEALTH_PATH, healthReport, sendHealth, type HealthSources } from './health.ts';

/** A running health server. */
export interface HealthServer {
  /** The port it listens on (the one asked for, or the one given for 0). */
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (all interfaces unless `host`); rejects when the port cannot be had. */
export async function startHealthServer(sources: HealthSources, port: number, host?: string): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    sendHealth(res, healthReport(sources, null));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
