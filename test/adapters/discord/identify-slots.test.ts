/**
 * The clock schedule that keeps processes splitting one bot's shards within Discord's identify
 * limit without talking to each other: shards of one bucket never get turns closer than the
 * 5 s window plus the clock margin, and each shard gets a turn in every cycle.
 */
import { describe, expect, it } from 'vitest';
import { CLOCK_MARGIN_MS, IDENTIFY_WINDOW_MS, SLOT_MS, slotThrottler, slotWait } from '../../../adapters/discord/identify-slots.ts';

/** The instants (every 10 ms over `cycles` cycles) at which `shard` may identify right away. */
function turns(shard: number, maxConcurrency: number, ranks: number, cycles: number): number[] {
  const out: number[] = [];
  const start = 1_764_800_000_000; // a wall-clock time, so the arithmetic is the one the bot does
  for (let t = start; t < start + cycles * ranks * SLOT_MS; t += 10) if (slotWait(t, shard, maxConcurrency, ranks) === 0) out.push(t);
  return out;
}

describe('GIVEN 4 shards and max_concurrency 2 (two ranks per bucket)', () => {
  it('THEN shards 0 and 2 (one bucket) never get turns within 5 s plus the clock margin of each other, nor do 1 and 3', () => {
    for (const [a, b] of [
      [0, 2],
      [1, 3],
    ] as const) {
      const ta = turns(a, 2, 2, 3);
      const tb = turns(b, 2, 2, 3);
      expect(ta.length).toBeGreaterThan(0);
      expect(tb.length).toBeGreaterThan(0);
      const closest = Math.min(...ta.flatMap((x) => tb.map((y) => Math.abs(x - y))));
      expect(closest).toBeGreaterThanOrEqual(IDENTIFY_WINDOW_MS + CLOCK_MARGIN_MS);
    }
  });

  it('THEN shards of different buckets may go together (0 and 1 share their turns), and every shard waits at most one cycle', () => {
    expect(turns(0, 2, 2, 2)).toEqual(turns(1, 2, 2, 2));
    for (let t = 0; t < 4 * SLOT_MS; t += 97) for (const shard of [0, 1, 2, 3]) expect(slotWait(t, shard, 2, 2)).toBeLessThanOrEqual(2 * SLOT_MS);
  });

  it('THEN the throttler waits for the turn: at the start of shard 2’s slot it lets shard 2 go and holds shard 0 for the rest of the cycle', async () => {
    const clockAt = SLOT_MS; // rank 1's slot begins
    const throttler = slotThrottler(4, 2, () => clockAt);
    await expect(throttler.waitForIdentify(2, new AbortController().signal)).resolves.toBeUndefined();
    const abort = new AbortController();
    const held = throttler.waitForIdentify(0, abort.signal);
    let settled = false;
    void held.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    abort.abort();
    await expect(held).rejects.toThrow();
  });
});

describe('GIVEN max_concurrency covering every shard (one rank)', () => {
  it('THEN no shard waits for a slot: each bucket is one shard, run by one process', () => {
    for (let t = 0; t < 3 * SLOT_MS; t += 101) expect(slotWait(t, 3, 4, 1)).toBe(0);
  });
});
