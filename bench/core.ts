/**
 * The command core end to end: text → grammar → resolution → store → `Reply` → console text,
 * the path every adapter takes. Timed per request, for a card (`06MOSCOW754`) and a paragraph
 * quote (`06MOSCOW754 ¶2`), twice: the first request for each cable (the cache does not have
 * it; the store does the work) and again (the cache answers), and for a chat message with a
 * hashtag and a viewer link.
 *
 *   node --expose-gc bin/run.js bench/core.ts [--db PATH]   (default: the bundled store)
 */
import { pathToFileURL } from 'node:url';
import { renderAnswerText } from '../adapters/console/render.ts';
import { openBot, type OpenBot } from '../src/bot/open.ts';
import { answerMessage, answerText } from '../src/core/answer.ts';
import { prng, round, summarize } from './stats.ts';

/** Figures of {@link benchCore}, in microseconds. */
export interface CoreFigures {
  cables: number;
  samples: number;
  cardFirst: Percentiles;
  cardRepeat: Percentiles;
  paragraphFirst: Percentiles;
  paragraphRepeat: Percentiles;
  message: Percentiles;
  /** Replies that were not the expected kind (should be 0). */
  unexpected: number;
}

interface Percentiles {
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Up to `n` IDs of stored cables that have a ¶2, drawn at random from the release's IDs. */
function pickIds(bot: OpenBot, n: number, random: () => number): string[] {
  const all = [...bot.ctx.ids.ids()];
  const out = new Set<string>();
  // The bundled store holds 2.4 % of the release: allow many draws before giving up.
  for (let tries = 0; out.size < n && tries < n * 200; tries++) {
    const id = all[Math.floor(random() * all.length)] ?? '';
    // The store directly, not the bot's cache: the first timed request must find it cold.
    if (!out.has(id) && (bot.store.getCable(id)?.paragraphs.some((p) => p.number === 2) ?? false)) out.add(id);
  }
  return [...out];
}

function time(samples: number[], fn: () => boolean): boolean {
  const t0 = performance.now();
  const ok = fn();
  samples.push((performance.now() - t0) * 1000);
  return ok;
}

function percentiles(samples: readonly number[]): Percentiles {
  const s = summarize(samples);
  return { p50Us: round(s.p50, 1), p99Us: round(s.p99, 1), maxUs: round(s.max, 1) };
}

/**
 * Times the core over the store named by `env` (`CABLEBOT_DB`, or the bundled store).
 * `samples` cables are used; each is asked for first as a card, then as a quote of ¶2.
 */
export async function benchCore(env: NodeJS.ProcessEnv = {}, samples = 1000, seed = 1): Promise<CoreFigures> {
  const bot = await openBot(env);
  try {
    const ids = pickIds(bot, samples, prng(seed));
    const { ctx } = bot;
    const cardFirst: number[] = [];
    const cardRepeat: number[] = [];
    const paragraphFirst: number[] = [];
    const paragraphRepeat: number[] = [];
    const message: number[] = [];
    let unexpected = 0;
    const run = (text: string, kind: string): boolean => {
      const answer = answerText(ctx, text);
      return renderAnswerText(answer).length > 0 && answer.replies[0]?.kind === kind;
    };
    for (const id of ids) if (!time(cardFirst, () => run(id, 'cable'))) unexpected++;
    for (const id of ids) if (!time(cardRepeat, () => run(id, 'cable'))) unexpected++;
    for (const id of ids) if (!time(paragraphFirst, () => run(`${id} ¶2`, 'paragraphs'))) unexpected++;
    for (const id of ids) if (!time(paragraphRepeat, () => run(`${id} ¶2`, 'paragraphs'))) unexpected++;
    for (const id of ids) {
      const url = ctx.ids.viewerUrl(id, 2) ?? '';
      const text = `Interesting: #cablegate #${id} — see also ${url} for the detail, and compare with what the embassy said last year.`;
      const found = time(message, () => {
        const answer = answerMessage(ctx, text);
        return renderAnswerText(answer).length > 0 && answer.replies.length === 2;
      });
      if (!found) unexpected++;
    }
    return {
      cables: ctx.corpus.count(),
      samples: ids.length,
      cardFirst: percentiles(cardFirst),
      cardRepeat: percentiles(cardRepeat),
      paragraphFirst: percentiles(paragraphFirst),
      paragraphRepeat: percentiles(paragraphRepeat),
      message: percentiles(message),
      unexpected,
    };
  } finally {
    bot.close();
  }
}

/** The figures as report lines. */
export function renderCore(f: CoreFigures): string[] {
  const row = (label: string, p: Percentiles): string => `${label.padEnd(46)} p50 ${String(p.p50Us).padStart(8)} µs   p99 ${String(p.p99Us).padStart(8)} µs   max ${p.maxUs} µs`;
  return [
    `command core, text → reply → console text (${f.samples} cables of ${f.cables.toLocaleString('en-US')}; unexpected replies: ${f.unexpected})`,
    row('card, first request for the cable', f.cardFirst),
    row('card, repeated (cache)', f.cardRepeat),
    row('paragraph quote ¶2, first request', f.paragraphFirst),
    row('paragraph quote ¶2, repeated (cache)', f.paragraphRepeat),
    row('chat message with hashtag + viewer link', f.message),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--db');
  const db = i >= 0 ? process.argv[i + 1] : undefined;
  const figures = await benchCore(db !== undefined ? { CABLEBOT_DB: db } : {});
  console.log(renderCore(figures).join('\n'));
}
