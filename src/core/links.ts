/**
 * Deep links and sharing tags for a cable. The viewer URL needs the cable's month, which the
 * ID index knows for all 251,287 IDs (so a cable whose text is not in the store still gets
 * its link); PlusD, WikiLeaks' later search interface, names cables `<ID>_a.html`.
 */
import type { IdIndex } from '../corpus/ids/index.ts';

/** Base of the PlusD pages. */
export const PLUSD_BASE_URL = 'https://wikileaks.org/plusd/cables/';

/** The hashtag WikiLeaks asked readers to put on every message about a cable. */
export const CABLEGATE_HASHTAG = '#cablegate';

/** The links of one published ID. */
export interface CableLinks {
  /** `https://wikileaks.org/cable/2006/01/06MOSCOW754.html`, or null for an ID the index lacks. */
  viewer: string | null;
  /** `https://wikileaks.org/plusd/cables/06MOSCOW754_a.html` (PlusD uses the correct ID). */
  plusd: string;
}

/** Viewer and PlusD links of a published ID whose correct ID is `canonicalId`. */
export function cableLinks(ids: IdIndex, id: string, canonicalId: string): CableLinks {
  return { viewer: ids.viewerUrl(id), plusd: `${PLUSD_BASE_URL}${canonicalId}_a.html` };
}

/** The viewer's anchor for paragraph `n`: `…/06MOSCOW754.html#par5`, or null for an ID the index lacks. */
export function paragraphUrl(ids: IdIndex, id: string, n: number): string | null {
  return ids.viewerUrl(id, n);
}

/** `['#cablegate', '#06MOSCOW754']`: the tags the viewer asked readers to share a cable with. */
export function sharingHashtags(id: string): string[] {
  return [CABLEGATE_HASHTAG, `#${id}`];
}
