/**
 * Edit distances for ranking near-miss IDs. Both are the "optimal string alignment" form of
 * Damerau–Levenshtein (adjacent transpositions count as one edit, no edits inside a
 * transposed pair), which is what typing mistakes need and is cheap on short IDs.
 */

/** Costs of {@link weightedEditCost}, in quarter edits (integers keep ranking exact). */
export const EDIT_COSTS = {
  insert: 4,
  delete: 4,
  substitute: 4,
  /**
   * Cheaper than the others: swapping two adjacent digits is the most common slip when
   * copying a serial (`06MOSCOW745` for `06MOSCOW754`), so it must outrank a one-digit
   * substitution that happens to be numerically closer (`06MOSCOW746`).
   */
  transpose: 3,
} as const;

// Reused rows: the distances run thousands of times per suggest() call.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

function ensureRows(n: number): void {
  if (rowA.length < n) {
    rowA = new Int32Array(n * 2);
    rowB = new Int32Array(n * 2);
    rowC = new Int32Array(n * 2);
  }
}

function osa(a: string, b: string, ins: number, del: number, sub: number, tra: number, cap: number): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m * ins;
  if (m === 0) return n * del;
  ensureRows(m + 1);
  // prev2 = row i-2, prev = row i-1, cur = row i.
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= m; j++) prev[j] = j * ins;
  let prevRowMin = 0;
  for (let i = 1; i <= n; i++) {
    cur[0] = i * del;
    let rowMin = cur[0] ?? 0;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let best = (prev[j - 1] ?? 0) + (ai === bj ? 0 : sub);
      const d = (prev[j] ?? 0) + del;
      if (d < best) best = d;
      const s = (cur[j - 1] ?? 0) + ins;
      if (s < best) best = s;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && ai !== bj) {
        const t = (prev2[j - 2] ?? 0) + tra;
        if (t < best) best = t;
      }
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Later cells grow from this row or (by a transposition) from the previous one: once both
    // are past the cap, so is the result.
    if (rowMin > cap && prevRowMin + tra > cap) return rowMin;
    prevRowMin = rowMin;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[m] ?? 0;
}

/**
 * Number of edits (insert, delete, substitute, swap adjacent) between `a` and `b`.
 * With `cap`, returns some value greater than `cap` as soon as the distance must exceed it.
 */
export function editDistance(a: string, b: string, cap = Number.MAX_SAFE_INTEGER): number {
  return osa(a, b, 1, 1, 1, 1, cap);
}

/**
 * {@link editDistance} with the {@link EDIT_COSTS} weights (a transposition costs 3, other edits 4).
 * With `cap`, returns some value greater than `cap` as soon as the cost must exceed it.
 */
export function weightedEditCost(a: string, b: string, cap = Number.MAX_SAFE_INTEGER): number {
  return osa(a, b, EDIT_COSTS.insert, EDIT_COSTS.delete, EDIT_COSTS.substitute, EDIT_COSTS.transpose, cap);
}
