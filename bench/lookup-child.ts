/**
 * Child process of bench/run.ts for read latencies, so "cold" means what it says: a fresh
 * process with a fresh connection, whose first lookups are timed one by one (the open is timed
 * apart and not counted). Reads a plan (JSON file, see {@link planSchema}) and prints one JSON
 * object of raw samples (microseconds) on stdout.
 *
 * - `cold`: opens the store, then times `getCable(id)` for each planned ID in order, and, with
 *   paragraphs in the plan, also picks paragraph N from the cable (what `06MOSCOW754 ¶5` costs).
 * - `warm`: a `CachedCorpus` over the store, primed with the planned IDs; then many timed
 *   lookups of those IDs (by ID, and by ID + paragraph), then the search queries, `passes` times.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { CachedCorpus } from '../src/corpus/cache.ts';
import { openReadonlyStore, type CorpusReader } from '../src/corpus/store.ts';
import type { Paragraph } from '../src/corpus/types.ts';
import { prng } from './stats.ts';

/** One search of the fixed set: the text, and optional filters as the bot would pass them. */
export const querySchema = z.object({ q: z.string(), origin: z.string().optional(), year: z.number().int().optional() });
export type BenchQuery = z.infer<typeof querySchema>;

/** What bench/run.ts hands to this child. */
export const planSchema = z.object({
  db: z.string(),
  mode: z.enum(['cold', 'warm']),
  ids: z.array(z.string()),
  /** Paragraph number per ID (cold); warm lookups pick 1–3 at random when `withParagraph`. */
  paragraphs: z.array(z.number().int()).optional(),
  withParagraph: z.boolean().default(false),
  /** Timed cached lookups per kind (warm). */
  warmLookups: z.number().int().default(20_000),
  queries: z.array(querySchema).default([]),
  passes: z.number().int().default(3),
  seed: z.number().int().default(1),
});
export type LookupPlan = z.input<typeof planSchema>;

/** Paragraph N of a cable, as the bot picks it for `ID ¶N`. */
function paragraphOf(paragraphs: readonly Paragraph[], n: number): Paragraph | undefined {
  return paragraphs.find((p) => p.number === n);
}

const micros = (t0: number): number => (performance.now() - t0) * 1000;

function lookup(reader: CorpusReader, id: string, n: number | undefined): 'found' | 'no-paragraph' | 'missing' {
  const cable = reader.getCable(id);
  if (cable === null) return 'missing';
  if (n === undefined) return 'found';
  return paragraphOf(cable.paragraphs, n) === undefined ? 'no-paragraph' : 'found';
}

function runCold(plan: z.infer<typeof planSchema>): Record<string, unknown> {
  const t0 = performance.now();
  const store = openReadonlyStore(plan.db);
  const openMs = performance.now() - t0;
  const samples: number[] = [];
  const outcomes: Record<string, number> = {};
  plan.ids.forEach((id, i) => {
    const n = plan.withParagraph ? (plan.paragraphs?.[i] ?? 1) : undefined;
    const t = performance.now();
    const outcome = lookup(store, id, n);
    samples.push(micros(t));
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  store.close();
  return { openMs, samplesUs: samples, outcomes };
}

function runWarm(plan: z.infer<typeof planSchema>): Record<string, unknown> {
  const store = openReadonlyStore(plan.db);
  const corpus = new CachedCorpus(store);
  for (const id of plan.ids) corpus.getCable(id);
  const random = prng(plan.seed);
  const pick = (): string => plan.ids[Math.floor(random() * plan.ids.length)] ?? '';
  const timed = (withParagraph: boolean): { samplesUs: number[]; outcomes: Record<string, number> } => {
    // One untimed round first, so the JIT has compiled the path being measured.
    for (let i = 0; i < 2_000; i++) lookup(corpus, pick(), withParagraph ? 1 : undefined);
    const samplesUs: number[] = [];
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < plan.warmLookups; i++) {
      const id = pick();
      const n = withParagraph ? 1 + Math.floor(random() * 3) : undefined;
      const t = performance.now();
      const outcome = lookup(corpus, id, n);
      samplesUs.push(micros(t));
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    return { samplesUs, outcomes };
  };
  const byId = timed(false);
  const byParagraph = timed(true);
  const stats = corpus.stats();

  // Searches: each query once per pass, in the same order; pass 1 is the first time the
  // process runs that query (FTS pages may still be on disk).
  const search: { q: string; origin?: string; year?: number; hits: number; ms: number[] }[] = plan.queries.map((q) => ({ ...q, hits: 0, ms: [] }));
  for (let pass = 0; pass < plan.passes; pass++) {
    for (const s of search) {
      const t = performance.now();
      const hits = corpus.search(s.q, { ...(s.origin === undefined ? {} : { origin: s.origin }), ...(s.year === undefined ? {} : { year: s.year }) });
      s.ms.push(performance.now() - t);
      s.hits = hits.length;
    }
  }
  store.close();
  return { byId, byParagraph, cache: stats, search };
}

/** `node bin/run.js bench/lookup-child.ts PLAN.json` */
export async function main(args: readonly string[]): Promise<number> {
  const file = args[0];
  if (file === undefined) {
    console.error('lookup-child: name the plan file');
    return 2;
  }
  const plan = planSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const result = plan.mode === 'cold' ? runCold(plan) : runWarm(plan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}
