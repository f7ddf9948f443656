/**
 * Posting to a response_url over real HTTP (a server of the test's own): JSON as Bolt's
 * `respond()` sends it, `onSent` once the request has left the process and before the answer,
 * a refusal or a failure on the way as a status `retryingRespond` understands.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { retryableRespondStatus } from '../../../adapters/slack/handlers.ts';
import { postToResponseUrl, ResponseUrlError } from '../../../adapters/slack/response-url.ts';
import { freePort } from '../../support/postgres.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function serve(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => handle(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/response/abc`;
}

describe('GIVEN a response_url', () => {
  it('THEN the message goes as JSON, and onSent runs before the answer comes back', async () => {
    const order: string[] = [];
    const url = await serve((req, body, res) => {
      order.push(`received ${req.method ?? ''} ${req.url ?? ''} ${req.headers['content-type'] ?? ''} ${body}`);
      // Answered a little later: onSent must not wait for it.
      setTimeout(() => res.end('ok'), 50);
    });
    await postToResponseUrl(url, { response_type: 'in_channel', text: '06MOSCOW754 ¶2 “quoted”' }, { onSent: () => order.push('sent') });
    order.push('answered');
    expect(order).toEqual(['sent', 'received POST /response/abc application/json; charset=utf-8 {"response_type":"in_channel","text":"06MOSCOW754 ¶2 “quoted”"}', 'answered']);
  });

  it('THEN a refusal rejects with its status (429 and 5xx retryable, 404 not), and a dead address or a silent server with 599', async () => {
    for (const status of [429, 500, 404]) {
      const url = await serve((_req, _body, res) => {
        res.statusCode = status;
        res.end('no');
      });
      const error = await postToResponseUrl(url, { text: 'x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseUrlError);
      expect(retryableRespondStatus(error)).toBe(status === 404 ? null : status);
    }
    const refused = await postToResponseUrl(`http://127.0.0.1:${String(await freePort())}/response/x`, { text: 'x' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ statusCode: 599, message: expect.stringMatching(/^response_url post failed: .*ECONNREFUSED/) });
    const silent = await serve(() => undefined);
    const timedOut = await postToResponseUrl(silent, { text: 'x' }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ statusCode: 599, message: 'response_url post failed: no answer in 100 ms' });
  });
});
