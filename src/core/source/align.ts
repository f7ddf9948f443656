/**
 * Aligning a quote's words with a stretch of a cable's words: the whole quote against the
 * best-fitting run of the cable ("fitting" alignment — global on the quote, local on the
 * cable), as passim aligns a quote's hits with Smith–Waterman, but scored so that the result
 * says how faithful the quote is, word by word.
 *
 * Scores: a word equal on both sides +1; a word changed, a quote word the cable lacks, or a
 * cable word the quote leaves out −1 each — except cable words skipped where the quote marks
 * an omission (an ellipsis or a bracketed insertion), which cost nothing, and cable
 * redactions, which match any one quote word or none for free.
 */
import type { Word } from './words.ts';

/** One place where the quote and the cable differ: the quote's words and the cable's there. */
export interface Difference {
  /** The quote's words (as written), empty when the quote leaves the cable's words out. */
  quote: string;
  /** The cable's words (as written), empty when the quote adds words. */
  cable: string;
}

/** The best fit of a quote in a run of cable words. */
export interface Alignment {
  /** Index (into the cable words given) of the first and last cable word aligned with a quote word. */
  first: number;
  last: number;
  /** Quote words equal to the cable's (or facing a redaction). */
  matched: number;
  /** Words changed, added or left out (not counting marked omissions). */
  edits: number;
  /** The edits grouped into runs, in quote order. */
  differences: Difference[];
  /** Indexes of the cable words that matched a quote word. */
  matchedCable: number[];
}

const MATCH = 1;
const EDIT = -1;
// Traceback moves.
const DIAG = 1;
const UP = 2; // a quote word the cable lacks
const LEFT = 3; // a cable word the quote leaves out
const LEFT_FREE = 4; // … skipped at an omission or a redaction
const START = 0;

/**
 * Aligns every word of `quote` with some run of `cable` (see the module comment). Null when
 * either side is empty. Cost is |quote| × |cable|: callers pass a window of the cable.
 */
export function alignQuote(quote: readonly Word[], gapsBefore: ReadonlySet<number>, cable: readonly Word[]): Alignment | null {
  const n = quote.length;
  const m = cable.length;
  if (n === 0 || m === 0) return null;
  const width = m + 1;
  const moves = new Uint8Array((n + 1) * width);
  let prev = new Float64Array(width); // row i-1; row 0 is all 0: the quote may start anywhere
  let row = new Float64Array(width);
  for (let i = 1; i <= n; i++) {
    const q = quote[i - 1] as Word;
    const freeSkip = gapsBefore.has(i);
    row[0] = (prev[0] ?? 0) + EDIT;
    moves[i * width] = UP;
    for (let j = 1; j <= m; j++) {
      const c = cable[j - 1] as Word;
      const same = c.redaction || c.norm === q.norm;
      // Facing a redaction is neither a match nor an edit: the quote may say what is blacked out.
      let best = (prev[j - 1] ?? 0) + (same ? (c.redaction ? 0 : MATCH) : EDIT);
      let move = DIAG;
      const up = (prev[j] ?? 0) + EDIT;
      if (up > best) {
        best = up;
        move = UP;
      }
      const free = freeSkip || c.redaction;
      const left = (row[j - 1] ?? 0) + (free ? 0 : EDIT);
      if (left > best) {
        best = left;
        move = free ? LEFT_FREE : LEFT;
      }
      row[j] = best;
      moves[i * width + j] = move;
    }
    [prev, row] = [row, prev];
  }
  // `prev` holds row n: the quote ends at the cable word with the best score (earliest on ties).
  let endJ = 1;
  for (let j = 2; j <= m; j++) if ((prev[j] ?? 0) > (prev[endJ] ?? 0)) endJ = j;
  return traceBack(quote, cable, moves, width, n, endJ);
}

function traceBack(quote: readonly Word[], cable: readonly Word[], moves: Uint8Array, width: number, n: number, endJ: number): Alignment {
  let i = n;
  let j = endJ;
  let matched = 0;
  let edits = 0;
  const matchedCable: number[] = [];
  // Built backwards, then reversed.
  const diffs: { quote: string[]; cable: string[] }[] = [];
  let open: { quote: string[]; cable: string[] } | null = null;
  const edit = (q: Word | null, c: Word | null): void => {
    edits++;
    if (open === null) {
      open = { quote: [], cable: [] };
      diffs.push(open);
    }
    if (q !== null) open.quote.push(q.text);
    if (c !== null) open.cable.push(c.text);
  };
  let first = endJ - 1;
  let last = -1;
  while (i > 0) {
    const move = j === 0 ? UP : (moves[i * width + j] ?? START);
    const q = quote[i - 1] as Word;
    if (move === DIAG) {
      const c = cable[j - 1] as Word;
      if (c.redaction || c.norm === q.norm) {
        if (!c.redaction) {
          matched++;
          matchedCable.push(j - 1);
        } else matched++;
        open = null;
      } else edit(q, c);
      if (last < 0) last = j - 1;
      first = j - 1;
      i--;
      j--;
    } else if (move === UP) {
      edit(q, null);
      i--;
    } else if (move === LEFT) {
      // Only inside the aligned run: words before the first aligned word are not part of it.
      edit(null, cable[j - 1] as Word);
      j--;
    } else {
      open = null;
      j--;
    }
  }
  if (last < 0) last = first;
  matchedCable.reverse();
  const differences = diffs.reverse().map((d) => ({ quote: d.quote.reverse().join(' '), cable: d.cable.reverse().join(' ') }));
  return { first, last, matched, edits, differences, matchedCable };
}
