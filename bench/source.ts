/**
 * How well quote → source works (issue "Quote → source", `npm run bench`): an evaluation built
 * the honest way, on any store.
 *
 * - Positives: paragraphs of the store sampled with a fixed seed; a quote is cut from each at
 *   a random word (12–30 words, and 6–11 for the short set) and, for the perturbed set, changed
 *   as real quotes are: capitals, curly quotes, an ellipsis for skipped words, a bracketed
 *   insertion, whitespace and line breaks gone, one or two words changed or dropped, several
 *   changed (a misquote). Each perturbation has the verdict it should get.
 * - Negatives: cuts of the held-out bundled cables' paragraphs (bench/synthetic-release.ts
 *   `isHeldOut`: the synthetic release never uses them and the bundled evaluation store leaves
 *   them out), kept only when no 8-word run of them occurs in any paragraph the store was built
 *   from — cable-like prose that is in no cable of the store.
 * - Right: the first match is the sampled cable and paragraph, or a paragraph holding the same
 *   words (the synthetic release repeats real paragraphs across cables, and real cables repeat
 *   paragraphs too: no one could tell those apart). `strict` counts the sampled cable alone.
 * Latency is the whole command (`runInput`: matcher, store, reply), one query after another.
 */
import { performance } from 'node:perf_hooks';
import { runInput } from '../src/core/answer.ts';
import type { CommandContext } from '../src/core/command.ts';
import type { SourceMatchReply } from '../src/core/reply.ts';
import { cableWords, quoteWords } from '../src/core/source/words.ts';
import type { ParsedCable } from '../src/corpus/types.ts';
import { percentile, prng, round, summarize } from './stats.ts';

/** The perturbations of the perturbed set, with the verdict each should get. */
export const PERTURBATIONS = {
  capitals: 'exact',
  'curly-quotes': 'exact',
  ellipsis: 'exact',
  insertion: 'exact',
  'one-line': 'exact',
  'word-changed': 'close',
  'word-dropped': 'close',
  'two-changed': 'close',
  misquote: 'differs',
} as const satisfies Record<string, SourceMatchReply['verdict']>;
export type Perturbation = keyof typeof PERTURBATIONS;
/** Perturbations beyond the list (one word changed or dropped): reported, not targeted. */
export const EXTRA_PERTURBATIONS: ReadonlySet<Perturbation> = new Set(['two-changed', 'misquote']);

/** Figures of one set. */
export interface SetFigures {
  n: number;
  /** Right cable and paragraph first (or a paragraph with the same words), as a fraction. */
  right: number;
  /** The sampled cable itself first. */
  strict: number;
}

export interface SourceEvalFigures {
  cables: number;
  seed: number;
  verbatim: SetFigures;
  perturbed: SetFigures & { byKind: Record<string, SetFigures & { verdictRight: number }> };
  /** The perturbed set less {@link EXTRA_PERTURBATIONS}: what the targets are set on. */
  perturbedTargeted: { n: number; right: number; verdictRight: number };
  short: SetFigures;
  /** Negatives: no match at all, as a fraction; `dropped` were found in the store and left out. */
  negatives: { n: number; noMatch: number; dropped: number; wrong: { quote: string; id: string; score: number }[] };
  /** Verdicts right on the perturbed set (right source and the perturbation's verdict). */
  verdicts: { n: number; right: number };
  /** Every text asked, in order (for a replay in a process set up as the bot). */
  queries: string[];
  /** Milliseconds per query, all sets, in this process (which also holds the bundle). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; n: number };
  /** Examples of misses, to read. */
  misses: { set: string; kind: string; quote: string; expected: string; got: string }[];
}

const SUBSTITUTES = ['will', 'never', 'always', 'must', 'cannot', 'strongly', 'publicly', 'secretly', 'government', 'minister', 'officials', 'agreement'];
const INSERTIONS = ['[the Ambassador]', '[sic]', '[Russia]', '[the minister]', '[emphasis added]'];

interface Sample {
  id: string;
  paragraph: number | null;
  block: number;
  /** The paragraph's words, normalised, to recognise a duplicate. */
  words: string[];
  quote: string;
  /** Normalised words of the untouched cut. */
  cut: string[];
}

/** Paragraph texts of a cable with at least `min` words, with their index and number. */
function paragraphsOf(cable: ParsedCable, min: number): { block: number; number: number | null; text: string }[] {
  const blocks = cable.paragraphs.length > 0 ? cable.paragraphs.map((p, i) => ({ block: i, number: p.number, text: p.text })) : [{ block: -1, number: null, text: cable.body }];
  return blocks.filter((b) => b.text.split(/\s+/).filter(Boolean).length >= min);
}

function norms(text: string): string[] {
  return cableWords(text).map((w) => w.norm);
}

function containsRun(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * Runs the evaluation. `ids` are published IDs to sample from (the store's), `heldOut` the
 * held-out paragraphs and `pool` the paragraphs the store was built from (for the negatives'
 * check).
 */
export function evaluateSource(ctx: CommandContext, ids: readonly string[], heldOut: readonly string[], pool: Iterable<string>, opts: { seed: number; n: number }): SourceEvalFigures {
  const random = prng(opts.seed);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const times: number[] = [];
  const queries: string[] = [];
  const misses: SourceEvalFigures['misses'] = [];

  const sample = (minWords: number, maxWords: number): Sample => {
    for (;;) {
      const id = pick(ids);
      const cable = ctx.corpus.getCable(id);
      if (cable === null) continue;
      const blocks = paragraphsOf(cable, maxWords + 2);
      if (blocks.length === 0) continue;
      const b = pick(blocks);
      const tokens = b.text.split(/\s+/).filter(Boolean);
      const k = minWords + int(maxWords - minWords + 1);
      const from = int(tokens.length - k + 1);
      const quote = tokens.slice(from, from + k).join(' ');
      const cut = quoteWords(quote).words.map((w) => w.norm);
      if (cut.length < minWords) continue;
      return { id, paragraph: b.number, block: b.block, words: norms(b.text), quote, cut };
    }
  };

  const ask = (quote: string): SourceMatchReply[] | null => {
    queries.push(quote);
    const t0 = performance.now();
    const reply = runInput(ctx, { command: 'source', options: { text: quote } });
    times.push(performance.now() - t0);
    return reply.kind === 'source' ? reply.matches : null;
  };

  const judge = (s: Sample, first: SourceMatchReply | undefined): { right: boolean; strict: boolean } => {
    if (first === undefined) return { right: false, strict: false };
    const strict = first.id === s.id && first.paragraph === s.paragraph;
    return { strict, right: strict || containsRun(norms(first.text), s.cut) };
  };

  const runSet = (name: string, n: number, minWords: number, maxWords: number): SetFigures => {
    let right = 0;
    let strict = 0;
    for (let i = 0; i < n; i++) {
      const s = sample(minWords, maxWords);
      const j = judge(s, ask(s.quote)?.[0]);
      if (j.right) right++;
      else if (misses.length < 12) misses.push({ set: name, kind: '', quote: s.quote, expected: `${s.id} ¶${s.paragraph}`, got: 'other or none' });
      if (j.strict) strict++;
    }
    return { n, right: right / n, strict: strict / n };
  };

  const verbatim = runSet('verbatim', opts.n, 12, 30);
  const short = runSet('short', opts.n, 6, 11);

  const kinds = Object.keys(PERTURBATIONS) as Perturbation[];
  const byKind: Record<string, { n: number; right: number; strict: number; verdictRight: number }> = {};
  let pRight = 0;
  let pStrict = 0;
  let verdictRight = 0;
  const perturbedN = opts.n * 2;
  for (let i = 0; i < perturbedN; i++) {
    const kind = kinds[i % kinds.length] as Perturbation;
    const s = sample(12, 30);
    const quote = perturb(kind, s.quote, random);
    const first = ask(quote)?.[0];
    const j = judge(s, first);
    const k = (byKind[kind] ??= { n: 0, right: 0, strict: 0, verdictRight: 0 });
    k.n++;
    if (j.right) {
      k.right++;
      pRight++;
    } else if (misses.length < 24) misses.push({ set: 'perturbed', kind, quote, expected: `${s.id} ¶${s.paragraph}`, got: first === undefined ? 'none' : `${first.id} ¶${first.paragraph}` });
    if (j.strict) {
      k.strict++;
      pStrict++;
    }
    if (j.right && first?.verdict === PERTURBATIONS[kind]) {
      k.verdictRight++;
      verdictRight++;
    } else if (j.right && misses.length < 36) misses.push({ set: 'verdict', kind, quote, expected: PERTURBATIONS[kind], got: `${first?.verdict} ${JSON.stringify(first?.differences)}` });
  }
  for (const k of Object.values(byKind)) {
    k.right /= k.n;
    k.strict /= k.n;
    k.verdictRight /= k.n;
  }

  const negatives = negativeSet(heldOut, pool, opts.n * 2, random);
  let noMatch = 0;
  const wrong: SourceEvalFigures['negatives']['wrong'] = [];
  for (const quote of negatives.quotes) {
    const matches = ask(quote);
    if (matches !== null && matches.length === 0) noMatch++;
    else if (wrong.length < 10) wrong.push({ quote, id: matches?.[0]?.id ?? 'error', score: matches?.[0]?.score ?? 0 });
  }

  const targeted = Object.entries(byKind).filter(([kind]) => !EXTRA_PERTURBATIONS.has(kind as Perturbation));
  const targetedN = targeted.reduce((n, [, k]) => n + k.n, 0);
  const perturbedTargeted = {
    n: targetedN,
    right: targeted.reduce((n, [, k]) => n + k.right * k.n, 0) / targetedN,
    verdictRight: targeted.reduce((n, [, k]) => n + k.verdictRight * k.n, 0) / targetedN,
  };
  const lat = summarize(times);
  return {
    cables: ctx.corpus.count(),
    seed: opts.seed,
    verbatim,
    perturbed: { n: perturbedN, right: pRight / perturbedN, strict: pStrict / perturbedN, byKind },
    perturbedTargeted,
    short,
    negatives: { n: negatives.quotes.length, noMatch: negatives.quotes.length === 0 ? 1 : noMatch / negatives.quotes.length, dropped: negatives.dropped, wrong },
    verdicts: { n: perturbedN, right: verdictRight / perturbedN },
    queries,
    latencyMs: { p50: round(lat.p50, 2), p90: round(percentile([...times].sort((a, b) => a - b), 90), 2), p99: round(lat.p99, 2), max: round(lat.max, 2), n: times.length },
    misses,
  };
}

/** Cuts of held-out paragraphs none of whose 8-word runs occurs in the pool. */
function negativeSet(heldOut: readonly string[], pool: Iterable<string>, n: number, random: () => number): { quotes: string[]; dropped: number } {
  const int = (k: number): number => Math.floor(random() * k);
  const candidates: { quote: string; grams: string[] }[] = [];
  const usable = heldOut.filter((p) => p.split(/\s+/).filter(Boolean).length >= 32);
  for (let i = 0; i < n * 2 && usable.length > 0; i++) {
    const tokens = (usable[int(usable.length)] as string).split(/\s+/).filter(Boolean);
    const k = 12 + int(19);
    const from = int(tokens.length - k + 1);
    const quote = tokens.slice(from, from + k).join(' ');
    const w = quoteWords(quote).words.map((x) => x.norm);
    const grams: string[] = [];
    for (let g = 0; g + 8 <= w.length; g++) grams.push(w.slice(g, g + 8).join(' '));
    candidates.push({ quote, grams });
  }
  const wanted = new Set(candidates.flatMap((c) => c.grams));
  const found = new Set<string>();
  for (const text of pool) {
    const w = norms(text);
    for (let g = 0; g + 8 <= w.length; g++) {
      const gram = w.slice(g, g + 8).join(' ');
      if (wanted.has(gram)) found.add(gram);
    }
  }
  const clean = candidates.filter((c) => !c.grams.some((g) => found.has(g)));
  return { quotes: clean.slice(0, n).map((c) => c.quote), dropped: candidates.length - clean.length };
}

/** A quote changed as `kind` says. */
export function perturb(kind: Perturbation, quote: string, random: () => number): string {
  const int = (n: number): number => Math.floor(random() * n);
  const words = quote.split(' ');
  // A word of at least 3 letters, away from the ends, to change.
  const inner = (): number => {
    for (let t = 0; t < 20; t++) {
      const i = 2 + int(Math.max(1, words.length - 4));
      if (/^[\p{L}]{3,}[.,;:]?$/u.test(words[i] ?? '')) return i;
    }
    return Math.floor(words.length / 2);
  };
  const substitute = (i: number): void => {
    const w = words[i] ?? '';
    const tail = /[.,;:]$/.test(w) ? w.slice(-1) : '';
    let s = SUBSTITUTES[int(SUBSTITUTES.length)] as string;
    if (s.toLowerCase() === w.replace(/[.,;:]$/, '').toLowerCase()) s = 'reportedly';
    words[i] = s + tail;
  };
  switch (kind) {
    case 'capitals':
      return quote.toUpperCase();
    case 'curly-quotes':
      return `“${quote.replaceAll("'", '’').replaceAll('"', '”')}”`;
    case 'ellipsis': {
      const at = 3 + int(Math.max(1, words.length - 8));
      const n = 2 + int(4);
      words.splice(at, n, pick3(random, ['…', '...', '[...]']));
      return words.join(' ');
    }
    case 'insertion': {
      const at = 2 + int(Math.max(1, words.length - 4));
      words.splice(at, 0, INSERTIONS[int(INSERTIONS.length)] as string);
      return words.join(' ');
    }
    case 'one-line':
      // Line breaks and the hyphenation of words broken at a line end gone, as in a web page.
      return quote.replace(/(\p{L})-\s+(\p{Ll})/gu, '$1$2').replace(/\s+/g, ' ');
    case 'word-changed':
      substitute(inner());
      return words.join(' ');
    case 'word-dropped':
      words.splice(inner(), 1);
      return words.join(' ');
    case 'two-changed': {
      const i = inner();
      substitute(i);
      let j = inner();
      for (let t = 0; t < 10 && Math.abs(j - i) < 2; t++) j = inner();
      if (Math.abs(j - i) < 2) j = i + 2 < words.length ? i + 2 : Math.max(0, i - 2);
      substitute(j);
      return words.join(' ');
    }
    case 'misquote': {
      // Three words changed, spread out: a careless paraphrase, which must read as `differs`.
      const step = Math.floor(words.length / 4);
      for (let k = 1; k <= 3; k++) substitute(k * step);
      return words.join(' ');
    }
  }
}

function pick3(random: () => number, xs: readonly string[]): string {
  return xs[Math.floor(random() * xs.length)] as string;
}

/** The evaluation as table rows: what, measured, target. */
export function sourceRows(f: Omit<SourceEvalFigures, 'queries'>, label: string): string[][] {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const kind = (k: string): string => pct(f.perturbed.byKind[k]?.right ?? Number.NaN);
  return [
    [`quote → source, ${label} (${f.cables.toLocaleString('en-US')} cables)`, 'measured', 'target'],
    [`verbatim quotes of 12–30 words: right cable + ¶ first (n ${f.verbatim.n})`, pct(f.verbatim.right), '≥ 99%'],
    [`perturbed: case, curly quotes, ellipses, insertions, line breaks, 1 word changed or dropped (n ${f.perturbedTargeted.n})`, pct(f.perturbedTargeted.right), '≥ 97%'],
    [`  also 2 words changed (close) / 3 changed (differs)`, `${kind('two-changed')} / ${kind('misquote')}`, 'report'],
    [`6–11-word quotes (n ${f.short.n})`, pct(f.short.right), 'report'],
    [`text from no cable: no match (n ${f.negatives.n})`, pct(f.negatives.noMatch), '≥ 99%'],
    ['verdicts right (exact / close / differs), perturbed set', `${pct(f.perturbedTargeted.verdictRight)} (all kinds ${pct(f.verdicts.right)})`, '≥ 95%'],
    [`latency per query in the evaluating process, p50 · p90 · p99 (max), n ${f.latencyMs.n}`, `${f.latencyMs.p50} · ${f.latencyMs.p90} · ${f.latencyMs.p99} ms (${f.latencyMs.max})`, 'report'],
  ];
}
