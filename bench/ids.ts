/**
 * Benchmark of the reference-ID index: load time, and suggest() latency over a few thousand
 * random typos of real IDs (seeded, so every run uses the same inputs).
 *
 * `benchIds()` is wired into `npm run bench`; alone: `node bin/run.js bench/ids.ts`.
 */
import { performance } from 'node:perf_hooks';
import { IdIndex } from '../src/corpus/ids/id-index.ts';
import { ID_SHAPE } from '../src/corpus/ids/parse.ts';
import { prng as random } from './stats.ts';

const TYPOS = 3000;
const SEED = 0x1d5eed;

type Typo = (year: string, station: string, serial: string, pick: (n: number) => number) => string;

const swap = (s: string, i: number): string => s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);

/** The slips the suggester is built for, applied to the parts of a real ID. */
const TYPO_KINDS: Record<string, Typo> = {
  'swap-digits': (y, st, se, pick) => (se.length < 2 ? y + st + se + '1' : y + st + swap(se, pick(se.length - 1))),
  'drop-digit': (y, st, se, pick) => (se.length < 2 ? y + st + se + '7' : ((i) => y + st + se.slice(0, i) + se.slice(i + 1))(pick(se.length))),
  'extra-digit': (y, st, se, pick) => ((i) => y + st + se.slice(0, i) + String(pick(10)) + se.slice(i))(pick(se.length + 1)),
  'wrong-digit': (y, st, se, pick) => ((i) => y + st + se.slice(0, i) + String((Number(se.charAt(i)) + 1 + pick(9)) % 10) + se.slice(i + 1))(pick(se.length)),
  'swap-letters': (y, st, se, pick) => (st.length < 2 ? y + st + 'X' + se : y + swap(st, pick(st.length - 1)) + se),
  'drop-letter': (y, st, se, pick) => (st.length < 3 ? y + st + 'E' + se : ((i) => y + st.slice(0, i) + st.slice(i + 1) + se)(pick(st.length))),
  'wrong-year-digit': (y, st, se, pick) => ((d) => y.charAt(0) + String(d) + st + se)((Number(y.charAt(1)) + 1 + pick(9)) % 10),
};

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Runs the benchmark. Figures in milliseconds unless named otherwise:
 * `load_ms` (reading data/ids into an IdIndex), `warmup_ms` (the grouping suggest() builds on
 * first use), `suggest_p50_ms` / `suggest_p99_ms` / `suggest_max_ms` over the typos,
 * `suggest_top1_rate` / `suggest_top5_rate` (share of typos whose original ID came first /
 * within the five suggestions), `resolve_exact_p50_ms`.
 */
export async function benchIds(): Promise<Record<string, number>> {
  const t0 = performance.now();
  const index = new IdIndex();
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  index.warmUp();
  const warmupMs = performance.now() - t1;

  const regular = [...index.ids()].filter((id) => ID_SHAPE.test(id));
  const rnd = random(SEED);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const kinds = Object.values(TYPO_KINDS);

  const cases: { typo: string; original: string }[] = [];
  while (cases.length < TYPOS) {
    const original = regular[pick(regular.length)] ?? '';
    const m = ID_SHAPE.exec(original);
    const kind = kinds[cases.length % kinds.length];
    if (m === null || kind === undefined) continue;
    const [, year = '', station = '', serial = ''] = m;
    const typo = kind(year, station, serial, pick);
    // A slip that lands on another real ID is not a typo the bot can notice.
    if (typo === original || index.has(typo) || index.resolve(typo).kind !== 'unknown') continue;
    cases.push({ typo, original });
  }

  // Let the JIT see the code before timing, as a running bot would have.
  for (const c of cases.slice(0, 200)) index.suggest(c.typo);

  const times: number[] = [];
  let top1 = 0;
  let top5 = 0;
  for (const c of cases) {
    const s = performance.now();
    const suggestions = index.suggest(c.typo);
    times.push(performance.now() - s);
    if (suggestions[0]?.id === c.original) top1++;
    if (suggestions.some((x) => x.id === c.original)) top5++;
  }
  times.sort((a, b) => a - b);

  const exactTimes: number[] = [];
  for (const c of cases.slice(0, 1000)) {
    const s = performance.now();
    index.resolve(c.original);
    exactTimes.push(performance.now() - s);
  }
  exactTimes.sort((a, b) => a - b);

  return {
    ids: index.size,
    load_ms: round(loadMs),
    warmup_ms: round(warmupMs),
    typos: cases.length,
    suggest_p50_ms: round(percentile(times, 50)),
    suggest_p99_ms: round(percentile(times, 99)),
    suggest_max_ms: round(times.at(-1) ?? Number.NaN),
    suggest_top1_rate: round(top1 / cases.length),
    suggest_top5_rate: round(top5 / cases.length),
    resolve_exact_p50_ms: round(percentile(exactTimes, 50)),
  };
}

/** `node bin/run.js bench/ids.ts`: prints the figures as JSON. */
export async function main(): Promise<number> {
  console.log(JSON.stringify(await benchIds(), null, 2));
  return 0;
}
