/**
 * Identifies of one bot spread over several processes or machines, within Discord's limit.
 *
 * Discord lets a bot start one gateway session per 5 s in each identify bucket, the bucket
 * being `shard_id % max_concurrency` (`GET /gateway/bot`). discord.js keeps to that within one
 * process, but two processes that each run part of the shards do not see each other: started
 * together, both identify in bucket 0 at once, and Discord answers the second with
 * INVALID_SESSION (and counts it against the daily 1,000 session starts).
 *
 * Without a channel between the processes, the clock is the shared schedule: time is cut into
 * slots of {@link SLOT_MS}, and the shards of one bucket take turns by rank
 * (`floor(shard_id / max_concurrency)`): rank r identifies only at the start of the slots
 * `k` with `k % ranks === r`. Shards of one bucket never share a slot, whichever process runs
 * them, as long as the machines' clocks agree within {@link CLOCK_MARGIN_MS} (NTP keeps them
 * within milliseconds). When `max_concurrency` covers every shard (one rank), each bucket is one
 * shard, run by one process: then only that process's own 5 s spacing matters. The cost: a
 * process waits up to one cycle (ranks × {@link SLOT_MS}) for its turn, at start and whenever a
 * shard must start a new session (a resume needs no turn).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Discord's identify window: one session start per bucket per 5 s. */
export const IDENTIFY_WINDOW_MS = 5_000;
/** How far apart two machines' clocks (and their paths to the gateway) may be. */
export const CLOCK_MARGIN_MS = 500;
/** How late into its slot a shard may still send its IDENTIFY. */
export const SEND_WITHIN_MS = 500;
/** One slot: the window, plus the lateness allowed and the clock margin, so turns never overlap. */
export const SLOT_MS = IDENTIFY_WINDOW_MS + SEND_WITHIN_MS + CLOCK_MARGIN_MS;

/**
 * How long shard `shardId` must wait at `now` (ms since the epoch) before its turn to identify,
 * with `ranks` = ceil(shard count / max_concurrency): 0 when `now` is within the first
 * {@link SEND_WITHIN_MS} of one of its slots.
 */
export function slotWait(now: number, shardId: number, maxConcurrency: number, ranks: number): number {
  // One rank: each bucket is one shard of the whole bot, so no other process competes for it.
  if (ranks <= 1) return 0;
  const cycle = ranks * SLOT_MS;
  const rank = Math.floor(shardId / maxConcurrency) % ranks;
  const into = (((now - rank * SLOT_MS) % cycle) + cycle) % cycle;
  return into < SEND_WITHIN_MS ? 0 : cycle - into;
}

/** What discord.js's WebSocketManager asks of an identify throttler (`ws.buildIdentifyThrottler`). */
export interface IdentifyThrottler {
  waitForIdentify(shardId: number, signal: AbortSignal): Promise<void>;
}

/**
 * The throttler for a process running some of `shardCount` shards, with the bot's
 * `maxConcurrency`. Within the process it also keeps each bucket's identifies 5 s apart.
 */
export function slotThrottler(shardCount: number, maxConcurrency: number, clock: () => number = Date.now): IdentifyThrottler {
  const concurrency = Math.max(1, maxConcurrency);
  const ranks = Math.ceil(shardCount / concurrency);
  const last = new Map<number, number>();
  // One identify at a time per bucket here, in the order asked.
  const queues = new Map<number, Promise<void>>();
  const waitTurn = async (shardId: number, signal: AbortSignal): Promise<void> => {
    const bucket = shardId % concurrency;
    for (;;) {
      const now = clock();
      const previous = last.get(bucket);
      const spacing = previous === undefined ? 0 : Math.max(0, previous + IDENTIFY_WINDOW_MS - now);
      const slot = slotWait(now + spacing, shardId, concurrency, ranks);
      const wait = spacing + slot;
      if (wait === 0) break;
      await sleep(wait, undefined, { signal });
    }
    last.set(bucket, clock());
  };
  return {
    waitForIdentify: (shardId, signal) => {
      const bucket = shardId % concurrency;
      const turn = (queues.get(bucket) ?? Promise.resolve()).catch(() => undefined).then(() => waitTurn(shardId, signal));
      queues.set(bucket, turn);
      return turn;
    },
  };
}
