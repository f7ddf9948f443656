/**
 * Quote → source: the cable and paragraph a pasted passage comes from, and how faithful the
 * quote is. Candidates come from the store's rare-word look-up (`CorpusReader.sourceCandidates`);
 * each candidate's words are aligned with the quote (`align.ts`) in the window where the
 * quote's words cluster, and the best fits are kept.
 */
import { STOP_WORDS } from '../../corpus/store/fts-query.ts';
import type { CorpusReader, SourceQuery } from '../../corpus/store.ts';
import type { ParsedCable } from '../../corpus/types.ts';
import { alignQuote, type Difference } from './align.ts';
import { quotedPassage } from './passage.ts';
import { cableWords, quoteWords, type QuoteWords, type Word } from './words.ts';

/** Fewest words a quote needs: fewer occur in too many cables to name one. */
export const MIN_QUOTE_WORDS = 4;
/**
 * Fewest words a quoted span inside the text needs to be looked for on its own: short quoted
 * phrases (“more of the same”) are in many cables and would name a wrong source.
 */
export const MIN_INNER_WORDS = 8;
/** Longest text read, in characters (a Discord message is at most 2,000). */
export const MAX_SOURCE_TEXT = 2000;
/** Matches returned at most: the best and up to two about as good. */
export const MAX_SOURCE_MATCHES = 3;
/** A candidate with fewer votes than this share of the best-voted one's is not aligned once a match is found. */
const WEAK_VOTES = 0.5;
/** Cables aligned per quote, at most. */
const CANDIDATES = 10;
/**
 * Lowest score of a match (matched words ÷ matched words and edits): below it more of the
 * quote differs from the cable than agrees, and a wrong source is worse than none.
 */
export const MIN_SOURCE_SCORE = 0.6;
/** How much better a quoted span inside the text must score than the whole text to be taken instead. */
const INNER_MARGIN = 0.15;
/** Others are listed when they score at least the best minus this. */
const OTHERS_WITHIN = 0.1;
/** Words of the cable looked at beyond the quote's length, around where its words cluster. */
const WINDOW_SLACK = 12;
/** Extra cable words a quote with omissions (`…`) may span. */
const OMISSION_SLACK = 160;

/** How faithful a quote is: the same words, one or two words off, or more. */
export type Verdict = 'exact' | 'close' | 'differs';

/** One place a quote was found. */
export interface FoundSource {
  cable: ParsedCable;
  /** Index into `cable.paragraphs`, or -1 for a cable without paragraphs (its whole body). */
  block: number;
  /** The paragraph's printed number; null for an unnumbered block. */
  paragraph: number | null;
  /** The paragraph's text (the body for -1). */
  text: string;
  /** Where the quote sits in `text`. */
  span: { start: number; end: number };
  /** Matched words ÷ (matched words + edits): 1 for an exact quote. */
  score: number;
  verdict: Verdict;
  differences: Difference[];
}

/** Why a quote could not be looked for. */
export type SourceErrorCode = 'source-empty' | 'source-too-short' | 'too-long';

/** The result of looking for a quote. */
export type SourceSearch = { ok: true; matches: FoundSource[] } | { ok: false; code: SourceErrorCode };

/** Verdict for a number of edits. */
function verdictFor(edits: number): Verdict {
  if (edits === 0) return 'exact';
  return edits <= 2 ? 'close' : 'differs';
}

/**
 * Finds where `text` comes from. The whole text is looked for, and, when it holds a quoted
 * span with words around it (commentary in a chat message), that span too; the better result
 * wins. Best match first; at most {@link MAX_SOURCE_MATCHES}; none when nothing scores
 * {@link MIN_SOURCE_SCORE}.
 */
export function findSource(corpus: CorpusReader, text: string): SourceSearch {
  if (text.length > MAX_SOURCE_TEXT) return { ok: false, code: 'too-long' };
  const whole = quoteWords(text);
  const inner = quotedPassage(text, MIN_INNER_WORDS);
  if (whole.words.length === 0) return { ok: false, code: 'source-empty' };
  if (whole.words.length < MIN_QUOTE_WORDS) return { ok: false, code: 'source-too-short' };
  const found = findWords(corpus, whole);
  // The quoted span could not win by the margin: not worth looking up.
  if (inner === null || (found[0]?.score ?? 0) >= 1 - INNER_MARGIN) return { ok: true, matches: found };
  // The quoted span wins only by a margin: a faithful quote that itself quotes someone
  // (`… said, “Russia makes very bad cars”`) is matched whole, its one changed word and all.
  const innerFound = findWords(corpus, quoteWords(inner));
  const best = (m: FoundSource[]): number => m[0]?.score ?? 0;
  return { ok: true, matches: best(innerFound) > best(found) + INNER_MARGIN ? innerFound : found };
}

/** Words worth looking up in the index, most promising first: longer, and names. */
function lookupWords(quote: QuoteWords): string[] {
  const seen = new Map<string, number>();
  for (const w of quote.words) {
    if (w.joined || w.norm.length < 2 || STOP_WORDS.has(w.norm)) continue;
    const capital = /^\p{Lu}\p{Ll}/u.test(w.text) ? 2 : 0;
    const weight = w.norm.length + capital;
    seen.set(w.norm, Math.max(seen.get(w.norm) ?? 0, weight));
  }
  return [...seen].sort((a, b) => b[1] - a[1]).map(([norm]) => norm);
}

/** Runs of consecutive words, split at the quote's omissions. */
function runsOf(quote: QuoteWords): string[][] {
  const runs: string[][] = [[]];
  quote.words.forEach((w, i) => {
    if (quote.gapsBefore.has(i)) runs.push([]);
    (runs[runs.length - 1] as string[]).push(w.norm);
  });
  return runs.filter((r) => r.length > 0);
}

function findWords(corpus: CorpusReader, quote: QuoteWords): FoundSource[] {
  if (quote.words.length < MIN_QUOTE_WORDS) return [];
  const query: SourceQuery = { words: lookupWords(quote), runs: runsOf(quote) };
  const found: FoundSource[] = [];
  let exact = 0;
  const candidates = corpus.sourceCandidates(query, CANDIDATES);
  const topVotes = candidates[0]?.score ?? 0;
  for (const candidate of candidates) {
    // Far fewer votes than the best-voted cable: once something matched, not worth aligning.
    if (found.length > 0 && candidate.score < topVotes * WEAK_VOTES) break;
    // Enough exact matches: no later candidate can do better than a tie, and candidates of
    // equal votes come in import order — date order in the release, oldest first.
    if (exact >= MAX_SOURCE_MATCHES) break;
    // Candidates are not cached: most are never shown (see CorpusReader.peekCable).
    const cable = corpus.peekCable(candidate.id);
    if (cable === null) continue;
    const match = matchIn(cable, quote);
    if (match === null) continue;
    found.push(match);
    if (match.score === 1) exact++;
  }
  found.sort(compareFound);
  const best = found[0];
  if (best === undefined) return [];
  const kept: FoundSource[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    if (f.score < best.score - OTHERS_WITHIN) break;
    const key = `${f.cable.id}¶${f.block}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(f);
    if (kept.length === MAX_SOURCE_MATCHES) break;
  }
  return kept;
}

/**
 * Best first; among equals the oldest cable (a paragraph repeated in a later cable comes from
 * the earlier one), then the correctly numbered copy of a misprinted twin, then by ID.
 */
function compareFound(a: FoundSource, b: FoundSource): number {
  return (
    b.score - a.score ||
    a.cable.created.localeCompare(b.cable.created) ||
    Number(a.cable.id !== a.cable.canonicalId) - Number(b.cable.id !== b.cable.canonicalId) ||
    a.cable.id.localeCompare(b.cable.id)
  );
}

/** The cable's text blocks: its paragraphs, or its body when it has none. */
function blocksOf(cable: ParsedCable): { paragraph: number | null; text: string }[] {
  if (cable.paragraphs.length > 0) return cable.paragraphs.map((p) => ({ paragraph: p.number, text: p.text }));
  return [{ paragraph: null, text: cable.body }];
}

/** The quote's best fit in one cable, or null when it scores under {@link MIN_SOURCE_SCORE}. */
function matchIn(cable: ParsedCable, quote: QuoteWords): FoundSource | null {
  const blocks = blocksOf(cable);
  const words: Word[] = [];
  const blockOf: number[] = [];
  for (const i of likelyBlocks(blocks, quote)) {
    for (const w of cableWords((blocks[i] as { text: string }).text)) {
      words.push(w);
      blockOf.push(i);
    }
  }
  if (words.length === 0) return null;
  const [from, to] = windowOf(words, quote);
  const alignment = alignQuote(quote.words, quote.gapsBefore, words.slice(from, to));
  if (alignment === null || alignment.matched < MIN_QUOTE_WORDS) return null;
  const score = alignment.matched / (alignment.matched + alignment.edits);
  if (score < MIN_SOURCE_SCORE) return null;
  // The paragraph holding most of the matched words; the span is the aligned run inside it.
  const votes = new Map<number, number>();
  for (const k of alignment.matchedCable) {
    const b = blockOf[from + k] as number;
    votes.set(b, (votes.get(b) ?? 0) + 1);
  }
  let block = blockOf[from + alignment.first] as number;
  for (const [b, v] of votes) if (v > (votes.get(block) ?? 0)) block = b;
  let start = Infinity;
  let end = -1;
  for (let k = alignment.first; k <= alignment.last; k++) {
    if (blockOf[from + k] !== block) continue;
    const w = words[from + k] as Word;
    start = Math.min(start, w.start);
    end = Math.max(end, w.end);
  }
  const target = blocks[block] as { paragraph: number | null; text: string };
  return {
    cable,
    block: cable.paragraphs.length > 0 ? block : -1,
    paragraph: target.paragraph,
    text: target.text,
    span: { start: Number.isFinite(start) ? start : 0, end: Math.max(end, 0) },
    score: Math.round(score * 1000) / 1000,
    verdict: verdictFor(alignment.edits),
    differences: alignment.differences,
  };
}

/** Distinctive words of a quote checked in each paragraph's text before any is taken apart. */
const PROBE_WORDS = 4;

/**
 * The blocks worth taking apart into words: those holding the most of the quote's longest
 * words (a plain substring test of the lower-cased text, far cheaper than tokenising a long
 * cable), with their neighbours, for a quote that runs on into the next paragraph.
 */
function likelyBlocks(blocks: readonly { text: string }[], quote: QuoteWords): number[] {
  const all = blocks.map((_, i) => i);
  if (blocks.length <= 3) return all;
  const probes = [...new Set(quote.words.filter((w) => !STOP_WORDS.has(w.norm) && !w.joined && ASCII_WORD.test(w.norm)).map((w) => w.norm))]
    .sort((a, b) => b.length - a.length)
    .slice(0, PROBE_WORDS);
  if (probes.length === 0) return all;
  const counts = blocks.map((b) => {
    const lower = b.text.toLowerCase();
    return probes.reduce((n, p) => n + (lower.includes(p) ? 1 : 0), 0);
  });
  const best = Math.max(...counts);
  if (best === 0) return all;
  const keep = new Set<number>();
  counts.forEach((c, i) => {
    if (c === best) for (const k of [i - 1, i, i + 1]) if (k >= 0 && k < blocks.length) keep.add(k);
  });
  return [...keep].sort((a, b) => a - b);
}
const ASCII_WORD = /^[a-z0-9]+$/;

/**
 * The stretch of `words` where the most distinct words of the quote (not stop words, not one
 * letter) occur within the quote's length plus slack, with slack on both sides. Distinct, so
 * that a word frequent in the cable (`U.S.`) does not pull the window away from the quote.
 */
function windowOf(words: readonly Word[], quote: QuoteWords): [number, number] {
  const wanted = new Set<string>();
  for (const w of quote.words) if (w.norm.length > 1 && !STOP_WORDS.has(w.norm)) wanted.add(w.norm);
  const hits: number[] = [];
  words.forEach((w, i) => {
    if (wanted.has(w.norm)) hits.push(i);
  });
  const span = quote.words.length + WINDOW_SLACK + (quote.gapsBefore.size > 0 ? OMISSION_SLACK : 0);
  if (words.length <= span + 2 * WINDOW_SLACK || hits.length === 0) return [0, words.length];
  const inWindow = new Map<string, number>();
  let bestStart = hits[0] as number;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i] as number;
    for (; j < hits.length && (hits[j] as number) < h + span; j++) {
      const norm = (words[hits[j] as number] as Word).norm;
      inWindow.set(norm, (inWindow.get(norm) ?? 0) + 1);
    }
    if (inWindow.size > bestCount) {
      bestCount = inWindow.size;
      bestStart = h;
    }
    const leaving = (words[h] as Word).norm;
    const left = (inWindow.get(leaving) ?? 1) - 1;
    if (left === 0) inWindow.delete(leaving);
    else inWindow.set(leaving, left);
  }
  const from = Math.max(0, bestStart - WINDOW_SLACK);
  return [from, Math.min(words.length, bestStart + span + WINDOW_SLACK)];
}
