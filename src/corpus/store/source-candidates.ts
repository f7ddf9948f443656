/**
 * Which cables a quote may come from, read off the store's existing FTS5 index — no index of
 * its own (measured choice: README "Quote → source").
 *
 * A quote's rare words are what identify its source: passim drops n-grams found in too many
 * documents, and so does this, per word. Each word's document frequency is counted up to a
 * cap, a walk of the doclist that stops early (`LIMIT`), so a common word costs a fraction of a
 * millisecond instead of a read of its whole doclist; the rarest words' cables are then
 * fetched and scored by the words' inverse document frequency. Groups of nearby words, which
 * the positional index (`detail=full`) answers as NEAR queries — shingle look-ups that skip
 * stop words —, vote too: they tell everyday prose apart, where each word alone is common.
 */
import { performance } from 'node:perf_hooks';
import { STOP_WORDS } from './fts-query.ts';

/** What the candidate search asks of the store: two statements over `cables_fts`. */
export interface TermIndex {
  /** Cables in the store. */
  total: number;
  /** Cables matching the FTS5 expression, counted up to `cap`. */
  countUpTo(match: string, cap: number): number;
  /** Row IDs (`cables.pk`) of the first `cap` cables matching the expression. */
  rowids(match: string, cap: number): number[];
}

/** The words of a quote as the candidate search uses them. */
export interface SourceQuery {
  /** Distinct words, most promising first (the caller orders them: longer, rarer-looking). */
  words: readonly string[];
  /** Runs of consecutive words (no omission inside), for the NEAR groups. */
  runs: readonly (readonly string[])[];
}

/** A cable that may hold the quote, with a rough score: higher is likelier. */
export interface SourceCandidate {
  pk: number;
  score: number;
}

/** Words whose document frequency is probed, at most: each probe costs up to ~0.3 ms. */
const MAX_PROBED_WORDS = 24;
/** Rare words whose cables are fetched. */
const MAX_ANCHORS = 10;
/**
 * Words too common to narrow a NEAR group (beyond the search's stop words): in most cables,
 * so a group holding them costs a walk of most of the index.
 */
const COMMON: ReadonlySet<string> = new Set(
  ('about after again also any can could did does during each few further here how into just more most no nor now ' +
    'off once one only other our out over own same should so some such than then these those through under until ' +
    'very we what when where while who whom why you your may must us him her she them'
  ).split(' '),
);

/** Rare words that identify a source well enough without NEAR groups. */
const ENOUGH_ANCHORS = 3;
/** NEAR groups looked up, and their size. */
const MAX_GROUPS = 3;
const GROUP_SIZE = 3;
/** Milliseconds after which no further NEAR group is looked up for a quote. */
const NEAR_BUDGET_MS = 8;

/**
 * The document frequency above which a word does not help find a source: a twentieth of the
 * store, between 100 and 2,000 cables.
 */
function rareCap(total: number): number {
  return Math.min(2000, Math.max(100, Math.floor(total / 20)));
}

/** An FTS5 string for plain words: letters and digits only reach here, but quote anyway. */
function phrase(words: readonly string[]): string {
  return `{body}: "${words.join(' ').replaceAll('"', '""')}"`;
}

/** The cables most likely to hold the quote, best first, at most `limit`. */
export function sourceCandidates(index: TermIndex, query: SourceQuery, limit: number): SourceCandidate[] {
  const cap = rareCap(index.total);
  const anchors: { match: string; df: number; rows?: number[] }[] = [];
  for (const word of query.words.slice(0, MAX_PROBED_WORDS)) {
    const match = phrase([word]);
    const df = index.countUpTo(match, cap + 1);
    if (df > 0 && df <= cap) anchors.push({ match, df });
  }
  anchors.sort((a, b) => a.df - b.df);
  const chosen = anchors.slice(0, MAX_ANCHORS);
  // Groups of nearby words are selective where each word alone is common (`seems aware`), so
  // quotes with fewer than three rare words are looked up by them too. NEAR over the quote's
  // content words, not phrases: a phrase with `the` in it walks `the`'s doclist, in every
  // cable (full-scale store: 11 ms a phrase, 4 ms a NEAR group on average, up to 30 ms for
  // one of common words — hence few groups, of the longest words, and only when needed).
  // ANDing a group's words first, to skip the costly ones, measured worse on both counts: the
  // AND's cables vote less precisely, so more cables are aligned.
  const lookUpGroups = (groups: { words: string[]; distance: number }[]): void => {
    const started = performance.now();
    for (const group of groups) {
      // A time budget bounds the slowest quotes (groups of words each in a third of the cables).
      if (performance.now() - started > NEAR_BUDGET_MS) break;
      const terms = group.words.map((w) => `"${w.replaceAll('"', '""')}"`);
      const match = `{body}: NEAR(${terms.join(' ')}, ${group.distance})`;
      // Fetched at once rather than counted first: a NEAR group costs the same either way.
      const rows = index.rowids(match, cap + 1);
      if (rows.length > 0 && rows.length <= cap) chosen.push({ match, df: rows.length, rows });
    }
  };
  if (chosen.length < ENOUGH_ANCHORS) {
    const groups = nearGroups(query.runs, MAX_GROUPS, GROUP_SIZE);
    // Short quotes, or quotes cut by ellipses, may have too few content words in a row for
    // groups of three: pairs then.
    lookUpGroups(groups.length >= 2 ? groups : nearGroups(query.runs, MAX_GROUPS, 2));
  }
  const scores = new Map<number, number>();
  for (const { match, df, rows } of chosen) {
    const idf = Math.log(1 + index.total / df);
    for (const pk of rows ?? index.rowids(match, cap)) scores.set(pk, (scores.get(pk) ?? 0) + idf);
  }
  return [...scores]
    .map(([pk, score]) => ({ pk, score }))
    .sort((a, b) => b.score - a.score || a.pk - b.pk)
    .slice(0, limit);
}

/**
 * Up to `n` groups of `size` consecutive content words of the quote (no stop
 * words, none of {@link COMMON}, no words under three letters), disjoint, those of the longest
 * words first, each with the NEAR distance they span in the quote plus one word of slack for
 * a word added or dropped.
 */
function nearGroups(runs: readonly (readonly string[])[], n: number, size: number): { words: string[]; distance: number }[] {
  const groups: { words: string[]; distance: number }[] = [];
  for (const run of runs) {
    const content: { word: string; at: number }[] = [];
    run.forEach((word, at) => {
      if (word.length > 2 && !STOP_WORDS.has(word) && !COMMON.has(word)) content.push({ word, at });
    });
    for (let i = 0; i + size <= content.length; i += size) {
      const members = content.slice(i, i + size);
      const first = members[0] as { at: number };
      const last = members[members.length - 1] as { at: number };
      groups.push({ words: members.map((m) => m.word), distance: last.at - first.at - (size - 1) + 1 });
    }
  }
  const weight = (g: { words: string[] }): number => g.words.reduce((sum, w) => sum + Math.min(w.length, 10), 0);
  return groups.sort((a, b) => weight(b) - weight(a)).slice(0, n);
}
