/**
 * Which Discord gateway shards this process runs (`DISCORD_SHARDS`, `DISCORD_SHARD_COUNT`,
 * `DISCORD_SHARD_IDS`). Discord routes a guild's events to shard `(guild_id >> 22) % count`,
 * so every process of one bot must use the same count, and together they must run every id
 * from 0 to count − 1 exactly once; each process names its own ids.
 */

/**
 * `auto`: one process runs as many shards as Discord recommends (`GET /gateway/bot`);
 * otherwise `count` shards in all, of which this process runs `ids` (ascending, no repeats).
 */
export type ShardPlan = 'auto' | { readonly count: number; readonly ids: readonly number[] };

/** The most shards a bot may ask for here: far past any bot (Discord's largest run a few thousand). */
export const MAX_SHARD_COUNT = 65_536;

/** Why a `DISCORD_SHARD_IDS` value was refused, in words for the one-line config error. */
export type ShardIdsResult = { ok: true; ids: number[] } | { ok: false; problem: string };

/**
 * Reads `DISCORD_SHARD_IDS`: ids and ranges separated by commas (`0-3`, `0,2`, `0-1,4`),
 * each id below `count`, none twice.
 */
export function parseShardIds(text: string, count: number): ShardIdsResult {
  const ids: number[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const range = /^(\d{1,6})\s*-\s*(\d{1,6})$/.exec(part);
    const single = /^\d{1,6}$/.exec(part);
    if (range === null && single === null) return { ok: false, problem: `"${part}" is not a shard id or a range (use 0-3 or 0,2)` };
    const from = Number(range?.[1] ?? part);
    const to = Number(range?.[2] ?? part);
    if (to < from) return { ok: false, problem: `the range ${part} runs backwards` };
    for (let id = from; id <= to; id++) {
      if (id >= count) return { ok: false, problem: `shard ${id} is outside DISCORD_SHARD_COUNT=${count} (ids run 0-${count - 1})` };
      if (ids.includes(id)) return { ok: false, problem: `shard ${id} is listed twice` };
      ids.push(id);
    }
  }
  return { ok: true, ids: ids.sort((a, b) => a - b) };
}
