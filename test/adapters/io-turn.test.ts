/**
 * nextIoTurn lets one waiting answer run per turn of the event loop, so the loop's other
 * phases (timers, and the poll phase that reads new requests) run between two answers.
 */
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nextIoTurn } from '../../adapters/io-turn.ts';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: an answer's synchronous work
  }
};

describe('GIVEN answers waiting with nextIoTurn', () => {
  it('THEN they run in order, one per loop turn: a timer that fell due during the first runs before the second', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 1);
    const answers = ['a', 'b', 'c'].map(async (name) => {
      await nextIoTurn();
      order.push(name);
      busy(5);
    });
    await Promise.all(answers);
    expect(order).toEqual(['a', 'timer', 'b', 'c']);
  });

  it('THEN the network is read between two answers: a request that arrives during the first is served before the second runs', async () => {
    const order: string[] = [];
    const server = createServer((_req, res) => {
      order.push('request');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    // A connection open and accepted beforehand, so the request's bytes are all that is left to arrive.
    const accepted = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    const client = connect(port, '127.0.0.1');
    await Promise.all([accepted, new Promise<void>((resolve) => client.once('connect', () => resolve()))]);
    try {
      const answers = ['a', 'b'].map(async (name) => {
        await nextIoTurn();
        order.push(name);
        if (name === 'a') {
          client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
          busy(20);
        }
      });
      await Promise.all(answers);
      expect(order).toEqual(['a', 'request', 'b']);
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
