/** The `reasons` reply: reason notation explained, or a cable's own reasons when the text is its ID. */
import type { IdIndex } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import { cableLinks } from './links.ts';
import { EXECUTIVE_ORDER, explainReasons } from './reasons.ts';
import type { ReasonsReply } from './reply.ts';
import { resolveCable } from './resolve.ts';

/**
 * Explains `text`. When it has no reason notation but names a stored cable
 * (`reasons 06MOSCOW754`), that cable's reasons (from its `Classified By` line) are explained instead.
 */
export function reasonsReply(corpus: CorpusReader, ids: IdIndex, text: string): ReasonsReply {
  const own = explainReasons(text);
  if (own.reasons.length === 0 && own.unknown.length === 0 && /\d/.test(text) && /[a-z]/i.test(text)) {
    const r = resolveCable(corpus, ids, text);
    if (r.kind === 'found') {
      const c = r.cable;
      // The parser split the Classified By line into who (classifiedBy) and the codes (reasons).
      const codes = c.reasons.join(' ');
      const explained = explainReasons(codes);
      return {
        kind: 'reasons',
        text: codes,
        order: EXECUTIVE_ORDER,
        ...explained,
        cable: { id: c.id, canonicalId: c.canonicalId, links: cableLinks(ids, c.id, c.canonicalId), classifiedBy: c.classifiedBy },
      };
    }
  }
  return { kind: 'reasons', text, order: EXECUTIVE_ORDER, ...own, cable: null };
}
