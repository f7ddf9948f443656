/**
 * Completing a reference ID as it is typed (Discord's autocomplete on `/cable ref`): IDs of
 * the release starting with what was typed first, then near misses, each marked when its
 * text is in this store. Answered from memory — the 251,287 IDs in sorted order — well
 * inside the platforms' 3-second deadline. The sorted list is row numbers into the ID table,
 * not strings.
 */
import { compactTyped, parseId, type IdIndex, type SortedIds } from '../corpus/ids/index.ts';
import type { CommandContext } from './command.ts';

/** Discord allows at most 25 autocomplete choices. */
export const MAX_CHOICES = 25;

/** One choice. */
export interface IdChoice {
  /** The published ID. */
  id: string;
  /** Whether this store has its text (else the answer is a viewer link). */
  inCorpus: boolean;
  /**
   * What picking the choice puts in the box: the ID, followed by whatever was typed after the
   * first word (`06moscow754 ¶5` → `06MOSCOW754 ¶5`), so a paragraph typed before the ID was
   * finished is not lost when the user takes a suggestion.
   */
  text: string;
}

/** Discord's limit on a choice's value; a longer tail is dropped rather than cut mid-selector. */
const CHOICE_TEXT_MAX = 100;

/** The release's IDs in code-unit order (sorted once per index). */
export function sortedIds(ids: IdIndex): SortedIds {
  return ids.inOrder();
}

/** Index of the first ID ≥ `prefix`. */
function lowerBound(sorted: SortedIds, prefix: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted.at(mid) ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many prefix matches are read before ordering them (a 2-character prefix has thousands). */
const PREFIX_SCAN = 5000;

/**
 * Up to `limit` IDs starting with `prefix`, in numeric order of the serial (shorter first,
 * then by code unit): `06MOSCOW7` lists 06MOSCOW754 before 06MOSCOW7047, as people count.
 */
function withPrefix(sorted: SortedIds, prefix: string, limit: number): string[] {
  const matches: string[] = [];
  for (let i = lowerBound(sorted, prefix); i < sorted.length && matches.length < PREFIX_SCAN; i++) {
    const id = sorted.at(i) ?? '';
    if (!id.startsWith(prefix)) break;
    matches.push(id);
  }
  return matches.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
}

/**
 * Choices for the text typed so far (only its first word counts: `06MOSCOW754 ¶5` completes
 * `06MOSCOW754`). Order: the ID the text resolves to (`06moscow0754`, a misprint), IDs
 * starting with the text as typed, then with its canonical form (`06SECSTATE1` → `06STATE1…`),
 * then near misses. Empty text or text that cannot begin an ID gives no choices.
 */
export function completeIds(ctx: CommandContext, typed: string, limit: number = MAX_CHOICES): IdChoice[] {
  const trimmed = typed.trim();
  const first = trimmed.split(/\s+/)[0] ?? '';
  const tail = trimmed.slice(first.length).trim();
  const compact = compactTyped(first).text;
  if (compact === '' || compact.length > 64 || !/^[0-9A-Z]+$/.test(compact)) return [];
  const sorted = sortedIds(ctx.ids);
  const found: string[] = [];
  const add = (ids: readonly string[]): void => {
    for (const id of ids) if (found.length < limit && !found.includes(id)) found.push(id);
  };
  const resolved = ctx.ids.resolve(compact);
  if (resolved.kind === 'exact' || resolved.kind === 'misprint' || resolved.kind === 'normalized') add([resolved.id]);
  add(withPrefix(sorted, compact, limit));
  const parsed = parseId(compact, ctx.ids.tables);
  if (parsed.ok && parsed.id !== compact) add(withPrefix(sorted, parsed.id, limit));
  // Near misses only when nothing starts with the text: while an ID is being typed, its
  // prefix matches are what the user wants, and the near misses of a prefix are noise.
  if (found.length <= 1 && parsed.ok) add(ctx.ids.suggest(compact, Math.min(5, limit - found.length)).map((s) => s.id));
  return found.map((id) => {
    const text = tail === '' ? id : `${id} ${tail}`;
    return { id, inCorpus: ctx.corpus.has(id), text: text.length <= CHOICE_TEXT_MAX ? text : id };
  });
}
