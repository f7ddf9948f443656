import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pinoLogger, type LogLevel } from '../../src/core/log.ts';

const lineSchema = z.looseObject({ level: z.number(), time: z.number(), name: z.literal('cablebot'), msg: z.string() });

function capture(level?: LogLevel): { log: ReturnType<typeof pinoLogger>; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const log = pinoLogger(stream, level);
  return {
    log,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => z.record(z.string(), z.unknown()).parse(JSON.parse(l))),
  };
}

describe('GIVEN the pino logger of cablebot start', () => {
  it('THEN each event is one JSON object per line with its level, time, message and the context fields', async () => {
    const { log, lines } = capture();
    log.info('slack: /cable rate-limited', { channel: 'C1', user: 'U1', scope: 'user', retryAfterS: 12 });
    log.warn('retrying', { status: 429, attempt: 1 });
    log.error('a command failed', new Error('boom'), { command: 'cable' });
    await new Promise((resolve) => setImmediate(resolve));
    const [info, warn, error] = lines();
    expect(lineSchema.parse(info)).toMatchObject({ level: 30, msg: 'slack: /cable rate-limited', channel: 'C1', user: 'U1', scope: 'user', retryAfterS: 12 });
    expect(lineSchema.parse(warn)).toMatchObject({ level: 40, msg: 'retrying', status: 429, attempt: 1 });
    expect(lineSchema.parse(error)).toMatchObject({ level: 50, msg: 'a command failed', command: 'cable', err: { type: 'Error', message: 'boom', stack: expect.stringContaining('Error: boom') } });
  });

  it('THEN lines below the configured level are dropped', async () => {
    const { log, lines } = capture('warn');
    log.info('started', { cables: 30 });
    log.warn('slow', { ms: 900 });
    log.error('failed', 'not an Error');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines().map((l) => l.msg)).toEqual(['slow', 'failed']);
    expect(lines()[1]).toMatchObject({ err: { message: 'not an Error' } });
  });
});
