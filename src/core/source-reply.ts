/** The `source` reply: where a quoted passage comes from (`./source/find.ts`), as plain data. */
import type { IdIndex } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import { cableHead } from './cable-replies.ts';
import { detailOf } from './grammar/chars.ts';
import type { SourceOptions } from './input.ts';
import type { ErrorReply, SourceMatchReply, SourceReply } from './reply.ts';
import { findSource, MAX_SOURCE_TEXT, MIN_INNER_WORDS, type FoundSource } from './source/find.ts';
import { quotedPassage } from './source/passage.ts';

/**
 * Looks the quote up. Text longer than {@link MAX_SOURCE_TEXT} (a whole message passed by a
 * "Find cable source" shortcut) is looked up by its quoted passage when it has one that fits,
 * else refused as `too-long`.
 */
export function sourceReply(corpus: CorpusReader, ids: IdIndex, options: SourceOptions): SourceReply | ErrorReply {
  let text = options.text;
  if (text.length > MAX_SOURCE_TEXT) {
    const inner = quotedPassage(text, MIN_INNER_WORDS);
    if (inner === null || inner.length > MAX_SOURCE_TEXT) return { kind: 'error', code: 'too-long', detail: detailOf(text) };
    text = inner;
  }
  const found = findSource(corpus, text);
  if (!found.ok) return { kind: 'error', code: found.code, detail: detailOf(text) };
  return {
    kind: 'source',
    quote: text,
    matches: found.matches.map((m) => matchReply(ids, m)),
    corpusSize: corpus.count(),
    releaseSize: ids.size,
  };
}

function matchReply(ids: IdIndex, m: FoundSource): SourceMatchReply {
  const head = cableHead(ids, m.cable, { typed: m.cable.id, via: 'exact', rules: [], misprintVia: null });
  const paragraph = m.block >= 0 ? m.cable.paragraphs[m.block] : undefined;
  return {
    id: m.cable.id,
    paragraph: m.paragraph,
    score: m.score,
    verdict: m.verdict,
    span: m.span,
    differences: m.differences,
    cable: head,
    text: m.text,
    marking: paragraph?.marking ?? null,
    url: m.paragraph === null ? ids.viewerUrl(m.cable.id) : ids.viewerUrl(m.cable.id, m.paragraph),
  };
}
