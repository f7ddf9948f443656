/**
 * Quote → source as the bot runs it: a process set up as the bot reads (the store read-only
 * behind the cable cache, the ID index, the commands; started by bench/run.ts with `npm
 * start`'s node flags) answers the evaluation's queries in its order (a JSON array of texts)
 * and prints, as JSON, the latency of each `source` command and its RSS before and after.
 * The evaluation's own timings come from a process that also holds the whole bundle.
 *
 *   node --max-semi-space-size=2 --optimize-for-size bin/run.js bench/source-replay.ts <store> <queries.json>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { commandTable } from '../commands/index.ts';
import { runInput } from '../src/core/answer.ts';
import type { CommandContext } from '../src/core/command.ts';
import { CachedCorpus } from '../src/corpus/cache.ts';
import { defaultIdIndex } from '../src/corpus/ids/index.ts';
import { openReadonlyStore } from '../src/corpus/store.ts';
import { percentile, round } from './stats.ts';

const [path, queriesFile] = process.argv.slice(2);
if (path === undefined || queriesFile === undefined) throw new Error('usage: source-replay.ts <store> <queries.json>');
const queries = z.array(z.string()).parse(JSON.parse(readFileSync(queriesFile, 'utf8')));
const store = openReadonlyStore(path);
const ctx: CommandContext = { corpus: new CachedCorpus(store), ids: defaultIdIndex(), commands: commandTable };
const rss = (): number => Math.round(process.memoryUsage().rss / 1e6);
const rssBeforeMB = rss();
const times: number[] = [];
let found = 0;
for (const text of queries) {
  const t0 = performance.now();
  const reply = runInput(ctx, { command: 'source', options: { text } });
  times.push(performance.now() - t0);
  if (reply.kind === 'source' && reply.matches.length > 0) found++;
}
const rssAfterMB = rss();
store.close();
const sorted = [...times].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    queries: queries.length,
    found,
    p50Ms: round(percentile(sorted, 50), 2),
    p90Ms: round(percentile(sorted, 90), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 2),
    rssBeforeMB,
    rssAfterMB,
  }),
);
