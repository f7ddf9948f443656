/**
 * Posting an answer to a `response_url`, as Bolt's `respond()` does (a JSON POST), with a hook
 * for the moment the request leaves the process: `onSent` runs in the same turn as the request is
 * written to its (established) connection, so what it writes leaves together with it, and the
 * operating system delivers both even if the process is killed right after. The `/cable`
 * answer marks its work done there, so a replica killed at almost any point has either sent both
 * the answer and the "done" (each already in its socket) or neither (handlers.ts).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TLSSocket } from 'node:tls';

/** How long a post may take before it counts as failed (retried like a 5xx). */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

/** A post Slack refused or that failed on the way: `statusCode` as `retryingRespond` reads it (599 for a network failure or a timeout). */
export class ResponseUrlError extends Error {
  override name = 'ResponseUrlError';
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

/** POSTs `message` as JSON to `url`; resolves on a 2xx answer, rejects with {@link ResponseUrlError} otherwise. */
export function postToResponseUrl(url: string, message: unknown, options: { onSent?: () => void; timeoutMs?: number } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }, timeout: options.timeoutMs ?? RESPONSE_URL_TIMEOUT_MS }, (res: IncomingMessage) => {
      // The body is read to the end (and dropped) so the connection can be kept for the next post.
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new ResponseUrlError(status, `response_url answered ${String(status)}`));
      });
      res.on('error', (error) => reject(new ResponseUrlError(599, `response_url answer cut off: ${error.message}`)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${String(options.timeoutMs ?? RESPONSE_URL_TIMEOUT_MS)} ms`)));
    req.on('error', (error) => reject(new ResponseUrlError(599, `response_url post failed: ${error.message}`)));
    // Sent only on an established connection, and `onSent` called in the same turn: the request's
    // bytes and whatever `onSent` writes leave together, before any other callback can run. (Its
    // own callback, `end(body, cb)`, comes a turn later: a process killed in between had sent the
    // answer without its "done".)
    req.once('socket', (socket) => {
      const send = (): void => {
        req.end(body);
        options.onSent?.();
      };
      if (!socket.connecting) send();
      else socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', send);
    });
  });
}
