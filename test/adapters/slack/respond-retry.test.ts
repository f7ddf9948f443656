/**
 * Bolt's `respond()` posts to the `response_url` once and throws on any non-2xx status; the
 * adapter retries 429s and 5xx so an acknowledged `/cable` does not lose its answer (found by
 * `npm run load` with faults injected at the response_url).
 */
import { describe, expect, it } from 'vitest';
import { retryableRespondStatus, retryingRespond } from '../../../adapters/slack/handlers.ts';

/** What Bolt throws (its RespondError: a message and the status). */
function respondError(statusCode: number): Error {
  return Object.assign(new Error(`Failed to respond to the response_url: ${statusCode}`), { statusCode });
}

/** A `respond` failing with `statuses` in turn, then succeeding; records each attempt. */
function flaky(statuses: number[]): { respond: (message: string) => Promise<void>; attempts: string[] } {
  const attempts: string[] = [];
  return {
    attempts,
    respond: (message) => {
      attempts.push(message);
      const status = statuses.shift();
      return status === undefined ? Promise.resolve() : Promise.reject(respondError(status));
    },
  };
}

describe('retryingRespond', () => {
  it('GIVEN a 429 and then a 500 THEN the answer is posted on the third attempt, once, after two retries', async () => {
    const { respond, attempts } = flaky([429, 500]);
    const retries: [number, number][] = [];
    await retryingRespond(respond, { retries: 3, delayMs: 1 }, (status, attempt) => retries.push([status, attempt]))('answer');
    expect(attempts).toEqual(['answer', 'answer', 'answer']);
    expect(retries).toEqual([
      [429, 1],
      [500, 2],
    ]);
  });

  it('GIVEN a 404 (a used-up response_url) THEN it is not retried', async () => {
    const { respond, attempts } = flaky([404]);
    await expect(retryingRespond(respond, { retries: 3, delayMs: 1 }, () => undefined)('answer')).rejects.toThrow('404');
    expect(attempts).toHaveLength(1);
  });

  it('GIVEN failures past the retries THEN the last error is thrown', async () => {
    const { respond, attempts } = flaky([500, 502, 503]);
    await expect(retryingRespond(respond, { retries: 2, delayMs: 1 }, () => undefined)('answer')).rejects.toThrow('503');
    expect(attempts).toHaveLength(3);
  });

  it('GIVEN errors without a status (a network error, a bug) THEN they are not retryable', () => {
    expect(retryableRespondStatus(new TypeError('fetch failed'))).toBeNull();
    expect(retryableRespondStatus('no')).toBeNull();
    expect(retryableRespondStatus(respondError(429))).toBe(429);
    expect(retryableRespondStatus(respondError(503))).toBe(503);
    expect(retryableRespondStatus(respondError(400))).toBeNull();
  });
});
