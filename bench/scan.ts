/**
 * Benchmark of automatic detection (src/core/grammar/scan.ts): throughput on realistic chat
 * text, and the time for each 40,000-character adversarial message (median of several runs).
 *
 * The realistic text is ~5 MB of seeded messages of 50–2,000 characters: prose with real IDs
 * in prose, hashtags, `ID ¶N`, viewer / PlusD / cablegatesearch URLs, code spans and quotes.
 * `isKnownId` is `knownIdPredicate(defaultIdIndex())`; one adversarial case also runs with
 * the `IdIndex.resolve`-based predicate to show what suggestions cost per made-up ID.
 *
 * `benchScan()` is for `npm run bench`; alone: `node bin/run.js bench/scan.ts`.
 */
import { performance } from 'node:perf_hooks';
import { knownIdPredicate, scanMessage } from '../src/core/grammar/index.ts';
import { defaultIdIndex, ID_SHAPE } from '../src/corpus/ids/index.ts';
import { prng, round } from './stats.ts';

const SEED = 0x5ca11;
const TARGET_BYTES = 5_000_000;
const ADVERSARIAL_LENGTH = 40_000;
const ADVERSARIAL_RUNS = 9;
const THROUGHPUT_PASSES = 3;

const PROSE = [
  'Interesting read on the gas dispute, the embassy was clearly worried about the pipeline.',
  'lol this is exactly what everyone suspected back then',
  'Can someone explain what 1.4(b) and 1.4(d) mean in the classification line?',
  'The ambassador met the deputy foreign minister on Tuesday; notes below.',
  'I think the paragraph about the oligarchs is the key one.',
  'see the thread from yesterday, 10am meeting moved to 3pm',
  'Compare with what the consulate reported in 2008, totally different tone.',
  'Nobody in this channel has read the whole thing, admit it 😅',
  'The summary says "no change in policy" but paragraph five says otherwise.',
  'Version 2.0 of the tool is out: https://example.com/releases/v2.0 — check it.',
  'mail me at reporter@example.com if you find the follow-up cable',
  'Was this before or after the 2006 elections? I lost track.',
];

/** Builds one message of about `length` characters from prose and citations of real IDs. */
function message(pick: (n: number) => number, ids: readonly string[], length: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const id = ids[pick(ids.length)] ?? '06MOSCOW754';
    const roll = pick(20);
    let part: string;
    if (roll < 12) part = PROSE[pick(PROSE.length)] ?? '';
    else if (roll === 12) part = `#cablegate #${id}`;
    else if (roll === 13) part = `as ${id} says`;
    else if (roll === 14) part = `${id} ¶${1 + pick(12)} is the one`;
    else if (roll === 15) part = `https://wikileaks.org/cable/20${id.slice(0, 2)}/0${1 + pick(9)}/${id}.html#par${1 + pick(9)}`;
    else if (roll === 16) part = `https://wikileaks.org/plusd/cables/${id}_a.html`;
    else if (roll === 17) part = `\`${id}\` (in code, ignored)`;
    else if (roll === 18) part = `\n> quoting someone about ${id}\n`;
    else part = `http://cablegatesearch.net/cable.php?id=${id}&version=1291757400`;
    parts.push(part);
    size += part.length + 1;
  }
  return parts.join(' ');
}

/** `s` as one flat string, as `JSON.parse` gives it. */
function flat(s: string): string {
  const parsed: unknown = JSON.parse(JSON.stringify(s));
  return typeof parsed === 'string' ? parsed : s;
}

/** ~5 MB of messages of 50–2,000 characters. */
function realisticMessages(ids: readonly string[]): { messages: string[]; bytes: number } {
  const random = prng(SEED);
  const pick = (n: number): number => Math.floor(random() * n);
  const messages: string[] = [];
  let bytes = 0;
  while (bytes < TARGET_BYTES) {
    // Mostly short messages, some long ones, as in a chat channel.
    const length = pick(4) === 0 ? 500 + pick(1_500) : 50 + pick(300);
    // Flattened, as a message decoded from a platform's JSON is (a joined or sliced string is
    // a rope, slower to index).
    const m = flat(message(pick, ids, length).slice(0, 2_000));
    messages.push(m);
    bytes += Buffer.byteLength(m, 'utf8');
  }
  return { messages, bytes };
}

/** An adversarial message; `resolvePredicate` runs it with the `IdIndex.resolve`-based predicate. */
interface Adversarial {
  name: string;
  text: string;
  resolvePredicate?: boolean;
}

/** The brief's adversarial messages and a few more, each 40,000 characters, flattened. */
function adversarialInputs(length: number = ADVERSARIAL_LENGTH): Adversarial[] {
  const random = prng(SEED + 1);
  const fit = (s: string): string => s.repeat(Math.ceil(length / s.length)).slice(0, length);
  let unicode = '';
  while (unicode.length < length) unicode += String.fromCharCode(Math.floor(random() * 0x10000));
  // Real station, serials no cable has: each costs the predicate a full miss.
  const madeUp = Array.from({ length: Math.ceil(length / 6) }, (_, i) => `06MOSCOW${90_001 + i}`).join(' ').slice(0, length);
  const inputs: Adversarial[] = [
    { name: '#×40000', text: fit('#') },
    { name: '06MOSCOW×5000', text: fit('06MOSCOW') },
    { name: '<×40000', text: fit('<') },
    { name: '<a ×13000 (unclosed <)', text: fit('<a ') },
    { name: 'unclosed backticks `a', text: fit('`a') },
    { name: 'backticks ` `` alternating', text: fit('` `` ') },
    { name: '¶×40000', text: fit('¶') },
    { name: '06 ×13000', text: fit('06 ') },
    { name: 'https://wikileaks.org/cable/×1000', text: fit('https://wikileaks.org/cable/') },
    { name: 'a.×20000 (host-like)', text: fit('a.') },
    { name: '#06MOSCOW754 ×3000 (one cable)', text: fit('#06MOSCOW754 ') },
    { name: '06MOSCOW754¶1,×', text: fit('06MOSCOW754¶1,') },
    { name: '> quote lines', text: fit('> #06MOSCOW754\n') },
    { name: 'random UTF-16 incl. lone surrogates', text: unicode },
    { name: 'distinct made-up IDs', text: madeUp },
    { name: 'distinct made-up IDs (IdIndex.resolve predicate)', text: madeUp, resolvePredicate: true },
  ];
  return inputs.map((a) => ({ ...a, text: flat(a.text) }));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The scanner's time limit for a 40,000-character message (issue 3: "well under 10 ms"). */
export const SCAN_TARGET_MS = 10;
/** How much longer the linearity check's messages are than the adversarial ones. */
const GROWTH = 10;

/** One adversarial message's figures. */
export interface AdversarialFigure {
  name: string;
  /** Median ms for the 40,000-character message. */
  ms: number;
  /** Median ms for the same pattern at 400,000 characters, and the ratio (≈ 10 when linear). */
  ms10x: number;
  growth: number;
  /** Whether it runs with the predicate the bot uses (not the resolve-based counter-example). */
  botPredicate: boolean;
}

/**
 * Runs the benchmark: `mbPerSecond` (UTF-8 MB of realistic chat text scanned per second, best
 * of 3 passes) and, per adversarial 40,000-character message, the median ms of 9 scans, and
 * the same at ten times the length to show the time grows linearly.
 */
export function benchScan(): { mbPerSecond: number; adversarialMs: AdversarialFigure[]; worstBotMs: number; maxGrowth: number; targetMs: number } {
  const index = defaultIdIndex();
  const isKnownId = knownIdPredicate(index);
  const byResolve = (id: string): boolean => index.has(id) || ['exact', 'misprint', 'normalized'].includes(index.resolve(id).kind);
  index.warmUp();
  const all = [...index.ids()];
  const ids = all.filter((_, i) => i % 97 === 0).filter((id) => ID_SHAPE.test(id));
  const { messages, bytes } = realisticMessages(ids);

  let found = 0;
  for (const m of messages.slice(0, 2_000)) found += scanMessage(m, { isKnownId }).inputs.length;
  let best = Infinity;
  for (let pass = 0; pass < THROUGHPUT_PASSES; pass++) {
    const start = performance.now();
    for (const m of messages) found += scanMessage(m, { isKnownId }).inputs.length;
    best = Math.min(best, performance.now() - start);
  }
  if (found === 0) throw new Error('bench/scan: the realistic messages produced no lookups');

  const timeOf = (text: string, predicate: (id: string) => boolean): number => {
    const times: number[] = [];
    for (let run = 0; run < ADVERSARIAL_RUNS; run++) {
      const start = performance.now();
      scanMessage(text, { isKnownId: predicate });
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const longer = adversarialInputs(ADVERSARIAL_LENGTH * GROWTH);
  const adversarialMs = adversarialInputs().map(({ name, text, resolvePredicate }, i): AdversarialFigure => {
    const predicate = resolvePredicate === true ? byResolve : isKnownId;
    const ms = timeOf(text, predicate);
    const ms10x = timeOf(longer[i]?.text ?? text, predicate);
    return { name, ms: round(ms, 3), ms10x: round(ms10x, 3), growth: round(ms10x / Math.max(ms, 1e-3), 1), botPredicate: resolvePredicate !== true };
  });
  const bot = adversarialMs.filter((a) => a.botPredicate);
  return {
    mbPerSecond: round(bytes / 1e6 / (best / 1000), 1),
    adversarialMs,
    worstBotMs: Math.max(...bot.map((a) => a.ms)),
    // Growth of the patterns slow enough to measure (a scan that ends early stays flat).
    maxGrowth: Math.max(...bot.filter((a) => a.ms >= 0.2).map((a) => a.growth)),
    targetMs: SCAN_TARGET_MS,
  };
}

/** `node bin/run.js bench/scan.ts`: prints the figures. */
export function main(): number {
  const figures = benchScan();
  for (const line of scanReport(figures)) console.log(line);
  return 0;
}

/** The scanner's figures as report lines, worst first, with the verdict on the 10 ms target. */
export function scanReport(s: ReturnType<typeof benchScan>): string[] {
  const worst = [...s.adversarialMs].sort((a, b) => b.ms - a.ms);
  const width = Math.max(...s.adversarialMs.map((a) => a.name.length));
  return [
    `message scan: ${s.mbPerSecond} MB/s on realistic chat text; adversarial messages (median of ${ADVERSARIAL_RUNS}), worst first:`,
    `  ${'message'.padEnd(width)}  ${'40,000 chars'.padStart(12)}  ${'400,000'.padStart(10)}  growth`,
    ...worst.map((a) => `  ${a.name.padEnd(width)}  ${`${a.ms.toFixed(3)} ms`.padStart(12)}  ${`${a.ms10x.toFixed(2)} ms`.padStart(10)}  ${a.growth}×${a.botPredicate ? '' : '  (not the bot\'s predicate)'}`),
    `  worst 40,000-character message with the bot's predicate: ${s.worstBotMs} ms (target ≤ ${s.targetMs} ms: ${s.worstBotMs <= s.targetMs ? 'met' : 'NOT MET'}); ` +
      `time at 10× the length: at most ${s.maxGrowth}× (linear: about 10×)`,
  ];
}
