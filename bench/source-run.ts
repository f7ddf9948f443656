/**
 * Runs the quote → source evaluation (./source.ts) on the bundled corpus less the held-out
 * cables (built into a temporary store) or on a store at a path (the full-scale synthetic
 * release, whose generator leaves the held-out cables out too), read through the cable cache
 * as the bot reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandTable } from '../commands/index.ts';
import { readBundle } from '../src/corpus/bundle.ts';
import { CachedCorpus } from '../src/corpus/cache.ts';
import { defaultIdIndex } from '../src/corpus/ids/index.ts';
import { openReadonlyStore, openWritableStore } from '../src/corpus/store.ts';
import type { CommandContext } from '../src/core/command.ts';
import { evaluateSource, type SourceEvalFigures } from './source.ts';
import { isHeldOut } from './synthetic-release.ts';

/** What a replay of the queries in a process set up as the bot measured (bench/source-replay.ts). */
export interface ReplayFigures {
  queries: number;
  found: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  rssBeforeMB: number;
  rssAfterMB: number;
}

export interface SourceRunFigures extends Omit<SourceEvalFigures, 'queries'> {
  /** The same queries replayed as the bot runs them, or null when no replay was asked for. */
  replay: ReplayFigures | null;
  store: 'bundled less held-out' | 'given';
  seconds: number;
}

/**
 * Evaluates on `db`, or on the bundled corpus less the held-out cables when `db` is undefined;
 * then `replay(store, queriesFile)`, when given, replays the queries elsewhere.
 */
export async function runSourceEval(opts: {
  db?: string | undefined;
  seed: number;
  n: number;
  log?: (line: string) => void;
  replay?: (store: string, queriesFile: string) => Promise<ReplayFigures>;
}): Promise<SourceRunFigures> {
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  const bundle = readBundle();
  const heldOut: string[] = [];
  const inStore: string[] = [];
  for (const { cable } of bundle) if (isHeldOut(cable.id)) heldOut.push(...cable.paragraphs.map((p) => p.text));
  const pool = function* (): Generator<string> {
    for (const { cable } of bundle) if (!isHeldOut(cable.id)) for (const p of cable.paragraphs) yield p.text;
  };
  let path = opts.db;
  const dir = mkdtempSync(join(tmpdir(), 'cablebot-source-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  if (path === undefined) {
    path = join(dir, 'eval.db');
    const writable = openWritableStore(path);
    try {
      const summary = writable.upsertMany(bundle.filter((b) => !isHeldOut(b.cable.id)).map((b) => b.cable));
      if (summary.rejected.length > 0) throw new Error(`source eval store: ${summary.rejected.length} cables rejected`);
      writable.optimize();
    } finally {
      writable.close();
    }
    log(`  built the evaluation store: the bundle less ${bundle.length - bundle.filter((b) => !isHeldOut(b.cable.id)).length} held-out cables`);
  }
  const store = openReadonlyStore(path);
  try {
    const ids = defaultIdIndex();
    const ctx: CommandContext = { corpus: new CachedCorpus(store), ids, commands: commandTable };
    for (const id of ids.ids()) if (store.has(id)) inStore.push(id);
    log(`  ${inStore.length.toLocaleString('en-US')} cables to sample from, ${heldOut.length.toLocaleString('en-US')} held-out paragraphs`);
    const { queries, ...figures } = evaluateSource(ctx, inStore, heldOut, pool(), { seed: opts.seed, n: opts.n });
    store.close();
    let replay: ReplayFigures | null = null;
    if (opts.replay !== undefined) {
      const file = join(dir, 'queries.json');
      writeFileSync(file, JSON.stringify(queries));
      log(`  replaying the ${queries.length} queries in a process set up as the bot`);
      replay = await opts.replay(path, file);
    }
    return { ...figures, replay, store: opts.db === undefined ? 'bundled less held-out' : 'given', seconds: (Date.now() - t0) / 1000 };
  } finally {
    store.close();
    cleanup();
  }
}
