/**
 * The Discord `/cable ref` autocomplete handler's work, timed: what a user typing an ID sends
 * at every keystroke (each prefix of real IDs, lower-cased, zero-padded and misspelt forms),
 * answered by `autocompleteChoices` over all 251,287 IDs. Target (issue 4): p99 ≤ 20 ms, so
 * the answer is well inside Discord's 3 s. The network round trip is not included.
 *
 *   node bin/run.js bench/discord-autocomplete.ts [samples]
 */
import { autocompleteChoices } from '../adapters/discord/handlers.ts';
import { openBot } from '../src/bot/open.ts';
import { sortedIds } from '../src/core/autocomplete.ts';
import { prng, round, summarize } from './stats.ts';

/** Percentiles in milliseconds, and how many calls answered nothing. */
export interface AutocompleteFigures {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  empty: number;
}

/** Times the handler for every prefix of `samples` random IDs and their variants. */
export async function benchDiscordAutocomplete(env: NodeJS.ProcessEnv = {}, samples = 300, seed = 1): Promise<AutocompleteFigures> {
  const bot = await openBot(env);
  try {
    const ids = sortedIds(bot.ctx.ids);
    const random = prng(seed);
    const typed: string[] = [];
    for (let i = 0; i < samples; i++) {
      const id = ids.at(Math.floor(random() * ids.length)) ?? '06MOSCOW754';
      for (let n = 1; n <= id.length; n++) typed.push(id.slice(0, n));
      typed.push(id.toLowerCase(), id.replace(/(\d+)$/, '0$1'), `${id.slice(0, -1)}x`, `${id.slice(0, 2)} ${id.slice(2)}`);
    }
    for (const t of typed.slice(0, 200)) autocompleteChoices(bot.ctx, t);
    const times: number[] = [];
    let empty = 0;
    for (const t of typed) {
      const start = performance.now();
      const choices = autocompleteChoices(bot.ctx, t);
      times.push(performance.now() - start);
      if (choices.length === 0) empty++;
    }
    const s = summarize(times);
    return { calls: s.n, p50Ms: round(s.p50, 3), p99Ms: round(s.p99, 3), maxMs: round(s.max, 3), empty };
  } finally {
    bot.close();
  }
}

export async function main(args: readonly string[]): Promise<number> {
  const f = await benchDiscordAutocomplete(process.env, Number(args[0] ?? 300));
  process.stdout.write(`discord autocomplete: ${f.calls} calls  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  max ${f.maxMs} ms  (no choices: ${f.empty}; target p99 ≤ 20 ms)\n`);
  return 0;
}
