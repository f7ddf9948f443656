import { describe, expect, it } from 'vitest';
import { CommandRateLimiter, rateLimitsOf } from '../../src/core/rate-limit.ts';
import { SqliteSettings } from '../../src/core/settings.ts';
import { EmbeddedState } from '../../src/core/state/embedded.ts';
import { errorText } from '../../adapters/words.ts';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('GIVEN the command rate limiter (10 per user, 30 per channel, per minute)', () => {
  it('THEN a user gets 10 commands in a minute, the 11th is refused with the wait in whole seconds, and the window slides', () => {
    const c = clock();
    const limiter = new CommandRateLimiter({ userPerMinute: 10, channelPerMinute: 30 }, c.now);
    for (let i = 0; i < 10; i++) {
      expect(limiter.admit('slack', 'U1', 'C1')).toEqual({ allowed: true });
      c.advance(1_000);
    }
    // 10 s after the first command: it leaves the window 50 s later.
    expect(limiter.admit('slack', 'U1', 'C1')).toEqual({ allowed: false, retryAfterS: 50, scope: 'user' });
    // A refusal is not counted: waiting it out is enough.
    c.advance(49_500);
    expect(limiter.admit('slack', 'U1', 'C1')).toEqual({ allowed: false, retryAfterS: 1, scope: 'user' });
    c.advance(500);
    expect(limiter.admit('slack', 'U1', 'C1')).toEqual({ allowed: true });
    expect(limiter.admit('slack', 'U1', 'C1')).toMatchObject({ allowed: false, scope: 'user' });
    // Other users, and the same user ID on the other platform, are counted apart.
    expect(limiter.admit('slack', 'U2', 'C1')).toEqual({ allowed: true });
    expect(limiter.admit('discord', 'U1', 'C1')).toEqual({ allowed: true });
  });

  it('THEN a channel gets 30 commands a minute among all its users, the others channels unaffected', () => {
    const c = clock();
    const limiter = new CommandRateLimiter({ userPerMinute: 10, channelPerMinute: 30 }, c.now);
    for (let i = 0; i < 30; i++) expect(limiter.admit('discord', `U${i % 5}`, 'C1').allowed).toBe(true);
    expect(limiter.admit('discord', 'U99', 'C1')).toEqual({ allowed: false, retryAfterS: 60, scope: 'channel' });
    expect(limiter.admit('discord', 'U99', 'C2')).toEqual({ allowed: true });
    c.advance(60_000);
    expect(limiter.admit('discord', 'U99', 'C1')).toEqual({ allowed: true });
  });

  it('THEN idle users and channels are forgotten, so memory does not grow with everyone who ever asked', () => {
    const c = clock();
    const limiter = new CommandRateLimiter({ userPerMinute: 10, channelPerMinute: 30 }, c.now);
    for (let i = 0; i < 999; i++) limiter.admit('slack', `U${i}`, `C${i}`);
    expect(limiter.trackedKeys).toBe(1998);
    c.advance(61_000);
    limiter.admit('slack', 'U-last', 'C-last');
    expect(limiter.trackedKeys).toBe(2);
  });

  it('THEN the embedded state keeps one count for the whole bot, and a config without rateLimits is not limited', async () => {
    const state = new EmbeddedState({ settings: new SqliteSettings(':memory:'), rateLimits: rateLimitsOf({ rateLimits: { userPerMinute: 1, channelPerMinute: 5 } }) });
    expect(await state.admitCommand('slack', 'U', 'C')).toEqual({ allowed: true });
    expect(await state.admitCommand('slack', 'U', 'C')).toMatchObject({ allowed: false, scope: 'user' });
    expect(await state.admitCommand('discord', 'U', 'C')).toEqual({ allowed: true });
    await state.close();
    const free = new EmbeddedState({ settings: new SqliteSettings(':memory:'), rateLimits: rateLimitsOf({}) });
    for (let i = 0; i < 1_000; i++) expect(await free.admitCommand('slack', 'U', 'C')).toEqual({ allowed: true });
    await free.close();
  });

  it('THEN the refusal is worded as a friendly slow-down with the wait', () => {
    expect(errorText({ kind: 'error', code: 'rate-limited', detail: 'user', retryAfterS: 42 })).toBe('Slow down a little: that is a lot of cable requests in a minute. Try again in 42 s.');
  });
});
