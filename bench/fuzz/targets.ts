/**
 * The fuzz targets and their checks, shared by `npm run fuzz` (100,000 inputs each) and the
 * bounded slice in `npm test`. For every input: no exception escapes, each call is timed (the
 * run reports the slowest and every call over 50 ms with its index, to replay), every
 * rendered payload passes the platform's limits (./limits.ts) and carries no live mention or
 * foreign link.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderAnswerText } from '../../adapters/console/render.ts';
import { discordPayload } from '../../adapters/discord/index.ts';
import { renderAnswer as renderDiscord } from '../../adapters/discord/render.ts';
import { slackPayload } from '../../adapters/slack/index.ts';
import { answerMessage, answerText, runInput } from '../../src/core/answer.ts';
import { sortedIds } from '../../src/core/autocomplete.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { knownIdPredicate, parseCommandText, scanMessage } from '../../src/core/grammar/index.ts';
import type { Answer, CableHead, ErrorCode, Reply } from '../../src/core/reply.ts';
import { readCsvRecordsSync } from '../../src/corpus/csv-reader.ts';
import { parseCsvFields } from '../../src/corpus/parse/csv-row.ts';
import { parseText } from '../../src/corpus/parse/file.ts';
import { decodeCableBytes } from '../../src/corpus/parse/text.ts';
import type { ParseResult } from '../../src/corpus/types.ts';
import { chatText, chunks, codeUnits, commandText, hostileText, inputRng, int, mangle, pick, quoteText, HOSTILE, type Rng } from './inputs.ts';
import { discordLiveMarkup, discordMessageSchema, issues, slackLiveMarkup, slackMessageSchema } from './limits.ts';

export const TARGETS = ['grammar', 'answer', 'source', 'parse-page', 'parse-csv', 'render'] as const;
export type Target = (typeof TARGETS)[number];

/**
 * Inputs of a target per input of the others: a `source` input runs the matcher over the store
 * twice (about 15 ms), so it gets a tenth of the count (10,000 in `npm run fuzz`, 100 in
 * `npm test`) to keep both runs as long as they were.
 */
const INPUT_SHARE: Partial<Record<Target, number>> = { source: 0.1 };

/** How many inputs `target` runs when the others run `count`. */
export function inputsFor(target: Target, count: number): number {
  return Math.max(1, Math.round(count * (INPUT_SHARE[target] ?? 1)));
}

/** A call slower than this is reported (issue 6). */
export const SLOW_MS = 50;

/** What the targets draw from: a bot context and real material. */
export interface FuzzWorld {
  ctx: CommandContext;
  /** Real IDs: some with text in the store, some only in the release index. */
  ids: string[];
  /** Real pages (test/fixtures/pages, the seed) and cables.csv records (test/fixtures/csv), as bytes. */
  pages: Uint8Array[];
  csv: Uint8Array[];
  /** Replies of the real commands on real cables. */
  replies: Reply[];
  /** The longest real paragraphs, longest first. */
  longParagraphs: string[];
}

/** Figures of one target. */
export interface TargetFigures {
  target: Target;
  seed: number;
  from: number;
  inputs: number;
  calls: number;
  /** The slowest call: ms, which input, which call. */
  maxMs: number;
  maxAt: { index: number; call: string } | null;
  /** Calls over {@link SLOW_MS} (the 20 slowest listed, each with the time of the same call repeated at once). */
  slowCount: number;
  /** Of those, the ones over {@link SLOW_MS} when repeated too: slow because of the input. */
  slowTwiceCount: number;
  slow: { index: number; call: string; ms: number; again: number }[];
  /** Inputs that threw or broke a check (the first 20 listed). */
  failureCount: number;
  failures: { index: number; message: string }[];
  wallMs: number;
}

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

/** Builds the world over `ctx`: real IDs, the fixture pages and CSV, real replies, long paragraphs. */
export function buildWorld(ctx: CommandContext, longParagraphs: readonly string[]): FuzzWorld {
  const pagesDir = join(FIXTURES, 'pages');
  const pages = [...readdirSync(pagesDir).map((f) => readFileSync(join(pagesDir, f))), readFileSync(join(FIXTURES, 'seed', '06MOSCOW754.txt'))];
  const csvDir = join(FIXTURES, 'csv');
  const csv = readdirSync(csvDir)
    .filter((f) => f.endsWith('.csv') && f !== 'empty.csv')
    .map((f) => readFileSync(join(csvDir, f)));
  const all = sortedIds(ctx.ids);
  const rng = inputRng(1, 'world', 0);
  const inCorpus: string[] = [];
  const elsewhere: string[] = [];
  for (let i = 0; i < 20_000 && (inCorpus.length < 200 || elsewhere.length < 100); i++) {
    const id = all.at(int(rng, all.length)) ?? '06MOSCOW754';
    if (ctx.corpus.has(id)) {
      if (inCorpus.length < 200) inCorpus.push(id);
    } else if (elsewhere.length < 100) elsewhere.push(id);
  }
  for (const id of ['06MOSCOW754', '08STATE43817', '08ECTION01OF02MANAMA492']) if (ctx.corpus.has(id)) inCorpus.unshift(id);
  const replies: Reply[] = [];
  const commands = [
    ...inCorpus.slice(0, 40).flatMap((id) => [id, `${id} ¶1-10`, `${id} ¶2`, `${id} ¶999`, `reasons ${id}`]),
    ...elsewhere.slice(0, 5),
    'search embassy',
    'search minister origin:moscow',
    'search "prime minister"',
    'search zzzzqqq',
    'reasons 1.4 (B & D)',
    `source ${longParagraphs[0]?.slice(0, 400) ?? 'Ivanov said he had made clear that'}`,
    'source the quick brown fox jumps over the lazy dog',
    'reasons 1.5(c) 1.4(z)',
    'help',
    'help search',
    '06MOSCOW755',
    '06MOSCW754',
    'not an id',
  ];
  for (const c of commands) replies.push(...answerText(ctx, c).replies);
  return { ctx, ids: [...inCorpus, ...elsewhere], pages, csv, replies, longParagraphs: [...longParagraphs] };
}

/** Runs inputs `from` … `from + count - 1` of `target`, seeded `seed`. */
export function runTarget(world: FuzzWorld, target: Target, seed: number, from: number, count: number): TargetFigures {
  const figures: TargetFigures = { target, seed, from, inputs: 0, calls: 0, maxMs: 0, maxAt: null, slowCount: 0, slowTwiceCount: 0, slow: [], failureCount: 0, failures: [], wallMs: 0 };
  const started = performance.now();
  const fuzz = FUZZERS[target];
  for (let index = from; index < from + count; index++) {
    const problems: string[] = [];
    const timed = <T>(call: string, fn: () => T): T => {
      const t0 = performance.now();
      try {
        return fn();
      } finally {
        const ms = performance.now() - t0;
        figures.calls++;
        if (ms > figures.maxMs) {
          figures.maxMs = ms;
          figures.maxAt = { index, call };
        }
        if (ms > SLOW_MS) {
          // Timed again at once: slow twice is the input; slow once is a GC pause or a busy CPU.
          const t1 = performance.now();
          try {
            fn();
          } catch {
            // It threw the first time too; that is reported below.
          }
          const again = performance.now() - t1;
          figures.slowCount++;
          if (again > SLOW_MS) figures.slowTwiceCount++;
          figures.slow.push({ index, call, ms: Math.round(ms * 10) / 10, again: Math.round(again * 10) / 10 });
          figures.slow = figures.slow.sort((a, b) => b.ms - a.ms).slice(0, 20);
        }
      }
    };
    try {
      fuzz(world, inputRng(seed, target, index), timed, problems);
    } catch (error) {
      problems.push(`threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    figures.inputs++;
    if (problems.length > 0) {
      figures.failureCount++;
      if (figures.failures.length < 20) figures.failures.push({ index, message: problems.slice(0, 3).join(' | ').slice(0, 2000) });
    }
  }
  figures.wallMs = Math.round(performance.now() - started);
  return figures;
}

type Timed = <T>(call: string, fn: () => T) => T;
type Fuzzer = (world: FuzzWorld, rng: Rng, timed: Timed, problems: string[]) => void;

const knownIds = new WeakMap<FuzzWorld, (id: string) => boolean>();

function isKnownId(world: FuzzWorld): (id: string) => boolean {
  let known = knownIds.get(world);
  if (known === undefined) {
    known = knownIdPredicate(world.ctx.ids);
    knownIds.set(world, known);
  }
  return known;
}

const FUZZERS: Record<Target, Fuzzer> = {
  /** The command grammar and the message scanner on chat text. */
  grammar(world, rng, timed, problems) {
    const text = rng() < 0.5 ? chatText(rng, world.ids) : commandText(rng, world.ids);
    const parsed = timed('parseCommandText', () => parseCommandText(text));
    if (parsed.ok && parsed.inputs.length === 0) problems.push('parseCommandText: ok with no inputs');
    const scan = timed('scanMessage', () => scanMessage(text, { isKnownId: isKnownId(world) }));
    if (scan.inputs.length > 3) problems.push(`scanMessage: ${scan.inputs.length} inputs (cap 3)`);
  },

  /** Text → answer over the store → the three renderers. */
  answer(world, rng, timed, problems) {
    const text = rng() < 0.7 ? commandText(rng, world.ids) : chatText(rng, world.ids);
    const explicit = timed('answerText', () => answerText(world.ctx, text));
    checkAnswer(explicit, false, timed, problems);
    const message = timed('answerMessage', () => answerMessage(world.ctx, text));
    if (message.replies.some((r) => r.kind === 'error' || r.kind === 'not-found')) problems.push('answerMessage answered with an error');
    checkAnswer(message, true, timed, problems);
  },

  /**
   * Quote → source: real passages cut, perturbed and mixed with hostile text (FTS5 syntax,
   * emoji, RTL, NUL, 40,000-character pastes), as `source …` and as a whole message passed by a
   * "Find cable source" shortcut; every answer through the three renderers.
   */
  source(world, rng, timed, problems) {
    const text = quoteText(rng, world.longParagraphs);
    const explicit = timed('answerText source', () => answerText(world.ctx, `source ${text}`));
    checkAnswer(explicit, false, timed, problems);
    const trimmed = text.trim();
    if (trimmed === '') return;
    const reply = timed('runInput source', () => runInput(world.ctx, { command: 'source', options: { text: trimmed.slice(0, 40_000) } }));
    if (reply.kind === 'error' && reply.code === 'internal') problems.push('source: internal error');
    checkAnswer({ replies: [reply], skipped: 0 }, false, timed, problems);
  },

  /** A damaged real page, decoded as the importer decodes files, through parseText. */
  'parse-page'(world, rng, timed, problems) {
    let text = decodeCableBytes(mangle(rng, pick(rng, world.pages)));
    // Now and then what no decoder produces but a string can hold: lone surrogates, any code unit.
    if (rng() < 0.1) {
      const at = int(rng, text.length + 1);
      text = text.slice(0, at) + codeUnits(rng, 1 + int(rng, 64)) + text.slice(at);
    }
    const result = timed('parseText', () => parseText(text));
    checkParse(result, problems);
  },

  /** Damaged cables.csv records in random chunks through the reader and the row parser. */
  'parse-csv'(world, rng, timed, problems) {
    const bytes = mangle(rng, pick(rng, world.csv));
    const records = timed('readCsvRecordsSync', () => [...readCsvRecordsSync(chunks(rng, bytes))]);
    for (const r of records) {
      if (!r.ok) {
        if (String(r.code).length === 0) problems.push('bad record without a code');
        continue;
      }
      checkParse(
        timed('parseCsvFields', () => parseCsvFields(r.fields)),
        problems,
      );
    }
  },

  /** Real replies with hostile, maximal text in every field, through the three renderers. */
  render(world, rng, timed, problems) {
    const base = pick(rng, world.replies);
    const reply = rng() < 0.1 ? base : hostileReply(world, rng, base);
    const answer: Answer = { replies: rng() < 0.2 ? [reply, hostileReply(world, rng, pick(rng, world.replies))] : [reply], skipped: rng() < 0.2 ? int(rng, 200) : 0 };
    checkAnswer(answer, rng() < 0.3, timed, problems);
  },
};

/** A cable head for a hostile source match when no real one is at hand. */
function hostileHead(id: string, h: (max: number) => string): CableHead {
  return {
    id,
    canonicalId: id,
    subject: h(5000),
    created: '2008-04-16 12:00',
    classification: h(300),
    origin: h(500),
    links: { viewer: `https://wikileaks.org/cable/2008/04/${id}.html`, plusd: `https://wikileaks.org/plusd/cables/${id}_a.html` },
    hashtags: ['#cablegate', `#${id}`],
    resolved: { typed: id, via: 'exact', rules: [], misprintVia: null },
  };
}

function checkParse(result: ParseResult, problems: string[]): void {
  if (result.ok) {
    if (typeof result.cable.id !== 'string' || result.cable.id === '' || !Array.isArray(result.cable.paragraphs)) problems.push('a cable without an ID or paragraphs');
  } else if (String(result.error.code).length === 0) problems.push('an error without a code');
}

/** Renders `answer` on every platform and checks limits and live markup. */
function checkAnswer(answer: Answer, compact: boolean, timed: Timed, problems: string[]): void {
  const text = timed('console', () => renderAnswerText(answer));
  if (typeof text !== 'string') problems.push('console: not text');
  const discord = timed('discord', () => (compact ? renderDiscord(answer, { owner: null, compact: true }) : discordPayload(answer)));
  for (const body of discord) {
    problems.push(...issues(discordMessageSchema.safeParse(body)).map((i) => `discord limits: ${i}`));
    problems.push(...discordLiveMarkup(body).map((p) => `discord: ${p}`));
  }
  const slack = timed('slack', () => slackPayload(answer));
  for (const message of slack) {
    problems.push(...issues(slackMessageSchema.safeParse(message)).map((i) => `slack limits: ${i}`));
    problems.push(...slackLiveMarkup(message).map((p) => `slack: ${p}`));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Hostile replies                                                                            */

const ERROR_CODES: readonly ErrorCode[] = [
  'empty', 'too-long', 'not-an-id', 'bad-paragraph', 'bad-range', 'too-many-paragraphs', 'trailing-text', 'paragraph-not-found', 'no-paragraphs',
  'search-nothing-searchable', 'unknown-topic', 'bad-options', 'store-unavailable', 'internal', 'settings-unavailable', 'not-allowed',
  'source-empty', 'source-too-short', 'source-no-text',
];

/**
 * `base` with hostile text in every field that comes from a cable or a user, at lengths past
 * every platform limit: subject, origin, classification, tags, summary, the longest real
 * paragraphs (ten of them), headings and markings, five suggestions, five hits with long
 * snippets, queries and error details.
 */
function hostileReply(world: FuzzWorld, rng: Rng, base: Reply): Reply {
  const prose = pick(rng, world.longParagraphs);
  const h = (max: number): string => {
    const k = rng();
    if (k < 0.2) return pick(rng, HOSTILE);
    if (k < 0.6) return hostileText(rng, max, prose);
    return hostileText(rng, 1 + int(rng, max), prose);
  };
  switch (base.kind) {
    case 'cable':
      return {
        ...base,
        cable: { ...base.cable, subject: rng() < 0.1 ? null : h(5000), classification: h(300), origin: h(500) },
        classifiedBy: h(3000),
        tags: Array.from({ length: int(rng, 60) }, () => h(100)),
        summary: rng() < 0.1 ? null : h(5000),
      };
    case 'paragraphs': {
      const n = 1 + int(rng, 10);
      const paragraphs = Array.from({ length: n }, (_, i) => ({
        number: 1 + i + int(rng, 3) * 100,
        marking: rng() < 0.5 ? null : h(80),
        heading: rng() < 0.5 ? null : h(600),
        text: rng() < 0.5 ? pick(rng, world.longParagraphs) + (rng() < 0.5 ? pick(rng, HOSTILE) : '') : h(10_000),
        url: rng() < 0.2 ? null : `https://wikileaks.org/cable/2008/04/${base.cable.id}.html#par${i + 1}`,
      }));
      return {
        ...base,
        cable: { ...base.cable, subject: h(5000), classification: h(300), origin: h(500) },
        paragraphs,
        missing: Array.from({ length: int(rng, 30) }, () => 1 + int(rng, 999)),
        omitted: rng() < 0.3 ? int(rng, 1000) : 0,
      };
    }
    case 'not-found':
      return {
        ...base,
        typed: h(2000),
        suggestions: Array.from({ length: 5 }, () => {
          const id = pick(rng, world.ids);
          return { id, canonicalId: id, viewerUrl: rng() < 0.2 ? null : `https://wikileaks.org/cable/2006/01/${id}.html`, inCorpus: rng() < 0.5 };
        }),
      };
    case 'search':
      return {
        ...base,
        query: h(2000),
        origin: rng() < 0.5 ? null : h(200),
        more: rng() < 0.5,
        hits: Array.from({ length: rng() < 0.1 ? 0 : 5 }, () => {
          const id = pick(rng, world.ids);
          return {
            id,
            subject: rng() < 0.1 ? null : h(3000),
            created: '2008-04-16 12:00',
            origin: h(300),
            snippet: Array.from({ length: 1 + int(rng, 12) }, (_, i) => ({ text: h(1500), match: i % 2 === 1 })),
            viewerUrl: rng() < 0.2 ? null : `https://wikileaks.org/cable/2006/01/${id}.html`,
          };
        }),
      };
    case 'reasons':
      return { ...base, text: h(3000) };
    case 'source':
      return {
        ...base,
        quote: h(2000),
        matches: Array.from({ length: rng() < 0.1 ? 0 : 1 + int(rng, 3) }, (_, i) => {
          const id = pick(rng, world.ids);
          const text = rng() < 0.5 ? pick(rng, world.longParagraphs) + (rng() < 0.5 ? pick(rng, HOSTILE) : '') : h(10_000);
          const start = int(rng, text.length + 1);
          const end = start + int(rng, text.length - start + 1);
          const cable = base.matches[0]?.cable ?? null;
          return {
            id,
            paragraph: rng() < 0.2 ? null : 1 + int(rng, 999),
            score: rng(),
            verdict: pick(rng, ['exact', 'close', 'differs'] as const),
            span: rng() < 0.1 ? { start: end + 5, end: start } : { start, end },
            differences: Array.from({ length: int(rng, 40) }, () => ({ quote: rng() < 0.2 ? '' : h(500), cable: rng() < 0.2 ? '' : h(500) })),
            cable: cable === null ? hostileHead(id, h) : { ...cable, id, subject: rng() < 0.1 ? null : h(5000), classification: h(300), origin: h(500) },
            text,
            marking: rng() < 0.5 ? null : h(80),
            url: rng() < 0.2 ? null : `https://wikileaks.org/cable/2008/04/${id}.html#par${i + 1}`,
          };
        }),
      };
    case 'error':
      return { ...base, code: pick(rng, ERROR_CODES), detail: h(200) };
    case 'not-in-corpus':
    case 'help':
    case 'settings':
      return base;
  }
}
