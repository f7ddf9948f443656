/**
 * What quote → source adds to the bot's memory: a process set up as the bot reads (the store
 * read-only behind the cable cache, the ID index, the commands; run with `npm start`'s node
 * flags by bench/run.ts) answers 1,000 `source` queries cut from random cables of the store,
 * and prints its RSS before and after as JSON.
 *
 *   node --max-semi-space-size=2 --optimize-for-size bin/run.js bench/source-rss.ts <store>
 */
import { commandTable } from '../commands/index.ts';
import { runInput } from '../src/core/answer.ts';
import type { CommandContext } from '../src/core/command.ts';
import { CachedCorpus } from '../src/corpus/cache.ts';
import { defaultIdIndex } from '../src/corpus/ids/index.ts';
import { openReadonlyStore } from '../src/corpus/store.ts';
import { prng } from './stats.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: source-rss.ts <store>');
const store = openReadonlyStore(path);
const ids = defaultIdIndex();
const ctx: CommandContext = { corpus: new CachedCorpus(store), ids, commands: commandTable };
const all = [...ids.ids()];
const random = prng(7);
const quotes: string[] = [];
while (quotes.length < 1000) {
  const cable = ctx.corpus.getCable(all[Math.floor(random() * all.length)] ?? '');
  const p = cable?.paragraphs[Math.floor(random() * cable.paragraphs.length)];
  const words = p?.text.split(/\s+/).filter(Boolean) ?? [];
  if (words.length < 20) continue;
  const from = Math.floor(random() * (words.length - 15));
  quotes.push(words.slice(from, from + 15).join(' '));
}
const rss = (): number => Math.round(process.memoryUsage().rss / 1e6);
const before = rss();
let found = 0;
for (const q of quotes) {
  const reply = runInput(ctx, { command: 'source', options: { text: q } });
  if (reply.kind === 'source' && reply.matches.length > 0) found++;
}
const after = rss();
store.close();
console.log(JSON.stringify({ queries: quotes.length, found, rssBeforeMB: before, rssAfterMB: after }));
