/** The `reasons` reply: reason notation explained, or a cable's own reasons when the text is its ID. */
import type { IdIndex } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import { cableLinks } from './links.ts';
import { EXECUTIVE_ORDER, explainReasons } from './reasons.ts';
import type { ReasonsReply } from './reply.ts';
import { resolveCable } from './resolve.ts';

/**
 * Explains `text`. When it has no reason notation but names a stored cable
 * (`reasons 06MOSCOW754`), that cable's `Classified By` line is explained instead.
 */
export function reasonsReply(corpus: CorpusReader, ids: IdIndex, text: string): ReasonsReply {
  const own = explainReasons(text);
  if (own.reasons.length === 0 && own.unknown.length === 0 && /\d/.test(text) && /[a-z]/i.test(text)) {
    const r = resolveCable(corpus, ids, text);
    if (r.kind === 'found') {
      const c = r.cable;
      const line = c.classifiedBy ?? c.reasons.join(', ');
      const fromLine = explainReasons(line);
      // The stored codes are what `parse` read; fall back to them when the line is absent.
      const explained = fromLine.reasons.length + fromLine.unknown.length > 0 ? fromLine : explainReasons(c.reasons.join(' '));
      return { kind: 'reasons', text: line, order: EXECUTIVE_ORDER, ...explained, cable: { id: c.id, canonicalId: c.canonicalId, links: cableLinks(ids, c.id, c.canonicalId) } };
    }
  }
  return { kind: 'reasons', text, order: EXECUTIVE_ORDER, ...own, cable: null };
}
