/**
 * From what a user wrote to a cable: exact → misprint table → aliases and zero padding
 * (all `IdIndex.resolve`) → the stored text, which for a misprinted cable may sit under its
 * other published ID → "in the release, text not in this store" → unknown, with suggestions.
 * Results carry codes; wording lives in the renderers.
 */
import type { IdIndex, ParseIdErrorCode, Suggestion } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import type { ParsedCable } from '../corpus/types.ts';
import type { Resolved, SuggestedCable } from './reply.ts';

/** Result of {@link resolveCable}. */
export type CableResolution =
  | { kind: 'found'; cable: ParsedCable; resolved: Resolved }
  | { kind: 'not-in-corpus'; id: string; canonicalId: string; resolved: Resolved }
  | { kind: 'unknown'; normalizedId: string; suggestions: SuggestedCable[] }
  | { kind: 'invalid'; code: ParseIdErrorCode; suggestions: SuggestedCable[] };

/** Reads `typed` as an ID and finds its text in `corpus`. */
export function resolveCable(corpus: CorpusReader, ids: IdIndex, typed: string): CableResolution {
  const r = ids.resolve(typed);
  const suggest = (list: Suggestion[]): SuggestedCable[] =>
    list.map((s) => ({ id: s.id, canonicalId: s.canonicalId, viewerUrl: ids.viewerUrl(s.id), inCorpus: corpus.has(s.id) }));
  if (r.kind === 'invalid') {
    // A store may hold cables the index does not list (an import of other data): try it as typed.
    const stored = storedAsTyped(corpus, typed);
    if (stored !== null) return { kind: 'found', cable: stored, resolved: { typed, via: 'exact', rules: [], misprintVia: null } };
    return { kind: 'invalid', code: r.code, suggestions: suggest(r.suggestions) };
  }
  if (r.kind === 'unknown') {
    const stored = storedAsTyped(corpus, typed) ?? corpus.getCable(r.normalizedId);
    if (stored !== null) return { kind: 'found', cable: stored, resolved: { typed, via: 'exact', rules: [], misprintVia: null } };
    return { kind: 'unknown', normalizedId: r.normalizedId, suggestions: suggest(r.suggestions) };
  }
  const resolved: Resolved = {
    typed,
    via: r.kind,
    rules: r.kind === 'exact' ? [] : r.rules,
    misprintVia: r.kind === 'misprint' ? r.via : null,
  };
  // The published ID first, then the other copies of the same cable (a misprinted twin).
  for (const id of new Set([r.id, ...ids.publishedFor(r.canonicalId), r.canonicalId])) {
    const cable = corpus.getCable(id);
    if (cable !== null) return { kind: 'found', cable, resolved };
  }
  return { kind: 'not-in-corpus', id: r.id, canonicalId: r.canonicalId, resolved };
}

/** The stored cable whose ID is `typed` upper-cased without spaces or `#`, or null. */
function storedAsTyped(corpus: CorpusReader, typed: string): ParsedCable | null {
  const key = typed.trim().replace(/^#/, '').replace(/[\s-]+/g, '').toUpperCase();
  if (key === '' || key.length > 64) return null;
  return corpus.getCable(key);
}
