/**
 * A cheap "is this a cable of the release?" for automatic detection over an {@link IdIndex}.
 */
import type { IdIndex } from '../../corpus/ids/index.ts';
import { parseId } from '../../corpus/ids/parse.ts';

/**
 * An `isKnownId` for {@link scanMessage}: true exactly when `ids.resolve(id)` finds a cable
 * (`exact`, `misprint` or `normalized`) for an upper-case, space-free `id`, but without the
 * suggestions `resolve` computes for text it does not know — those take up to milliseconds
 * each, and a message may be full of made-up IDs. Same order as `resolve`: the text itself
 * (a published ID or misprint, or the correct ID of a cable published only misprinted), then
 * the station as typed, then the canonical form (aliases, zero padding, full year).
 */
export function knownIdPredicate(ids: IdIndex): (compactUpperId: string) => boolean {
  const found = (key: string): boolean => ids.has(key) || ids.publishedFor(key).length > 0;
  return (id) => {
    if (found(id)) return true;
    const parsed = parseId(id, ids.tables);
    if (!parsed.ok) return false;
    return found(`${parsed.year}${parsed.typedStation}${parsed.serial}`) || found(parsed.id);
  };
}
