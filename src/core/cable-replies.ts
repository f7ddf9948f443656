/**
 * Building the cable replies (card, paragraph quote, not in corpus, not found) from a
 * resolution. Data only: which paragraphs exist, what to page to, what to link.
 */
import type { IdIndex } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import type { ParsedCable } from '../corpus/types.ts';
import type { ParagraphSpan } from './input.ts';
import { cableLinks, paragraphUrl, sharingHashtags } from './links.ts';
import { explainReasons } from './reasons.ts';
import {
  CARD_SUMMARY_CHARS,
  MAX_QUOTED_PARAGRAPHS,
  type CableCardReply,
  type CableHead,
  type ErrorReply,
  type NotFoundReply,
  type NotInCorpusReply,
  type ParagraphsReply,
  type QuotedParagraph,
  type Reply,
  type Resolved,
} from './reply.ts';
import type { CableResolution } from './resolve.ts';
import { oneLine, shorten } from './text.ts';

/** The head every cable reply carries. */
export function cableHead(ids: IdIndex, cable: ParsedCable, resolved: Resolved): CableHead {
  return {
    id: cable.id,
    canonicalId: cable.canonicalId,
    subject: cable.subject,
    created: cable.created,
    classification: cable.classification,
    origin: cable.origin,
    links: cableLinks(ids, cable.id, cable.canonicalId),
    hashtags: sharingHashtags(cable.id),
    resolved,
  };
}

/** Distinct paragraph numbers of a cable, in order of appearance. */
export function paragraphNumbers(cable: ParsedCable): number[] {
  const seen = new Set<number>();
  for (const p of cable.paragraphs) if (p.number !== null) seen.add(p.number);
  return [...seen];
}

/** The summary card. */
export function cableCard(corpus: CorpusReader, ids: IdIndex, cable: ParsedCable, resolved: Resolved): CableCardReply {
  const { reasons, unknown } = explainReasons(cable.reasons.join(' '));
  const first = cable.paragraphs.find((p) => p.text.trim() !== '');
  const source = cable.summary !== null && cable.summary.trim() !== '' ? 'summary' : first !== undefined ? 'first-paragraph' : null;
  const full = source === 'summary' ? oneLine(cable.summary ?? '') : source === 'first-paragraph' ? oneLine(first?.text ?? '') : null;
  const summary = full === null ? null : shorten(full, CARD_SUMMARY_CHARS);
  const numbers = paragraphNumbers(cable);
  return {
    kind: 'cable',
    cable: cableHead(ids, cable, resolved),
    released: cable.released,
    classifiedBy: cable.classifiedBy,
    reasons,
    unknownReasons: unknown,
    tags: cable.tags,
    summary,
    summarySource: source,
    summaryShortened: full !== null && summary !== full,
    paragraphCount: numbers.length,
    paragraphs: numbers.map((n) => ({ number: n, url: paragraphUrl(ids, cable.id, n) })),
    // The cable's own REF list: what `corpus.cites` would read back from the store.
    cites: cable.references.length,
    citedBy: corpus.citedBy(cable.id).length,
    partial: cable.partial,
  };
}

/** Numbers named by the spans, in the order written, each once. */
function requested(spans: readonly ParagraphSpan[]): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const s of spans) {
    for (let n = s.from; n <= s.to; n++) {
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
    }
  }
  return out;
}

/**
 * The paragraphs asked for. Numbers the cable lacks are an error when none of those asked
 * for exists (naming the range it has), else listed in `missing` beside the quote. A number
 * printed twice in a cable (a real repeat) quotes both.
 */
export function paragraphsReply(ids: IdIndex, cable: ParsedCable, resolved: Resolved, spans: readonly ParagraphSpan[]): ParagraphsReply | ErrorReply {
  const numbers = paragraphNumbers(cable);
  const head = cableHead(ids, cable, resolved);
  const asked = requested(spans);
  if (numbers.length === 0) {
    return { kind: 'error', code: 'no-paragraphs', detail: cable.id, cable: { id: head.id, canonicalId: head.canonicalId, links: head.links } };
  }
  const have = new Set(numbers);
  const found = asked.filter((n) => have.has(n));
  const missing = asked.filter((n) => !have.has(n));
  const firstNumber = numbers[0] ?? 0;
  const lastNumber = numbers[numbers.length - 1] ?? 0;
  if (found.length === 0) {
    return {
      kind: 'error',
      code: 'paragraph-not-found',
      detail: missing.length > 3 ? `${missing[0]}-${missing[missing.length - 1]}` : missing.join(','),
      cable: { id: head.id, canonicalId: head.canonicalId, links: head.links },
      available: { first: firstNumber, last: lastNumber, count: numbers.length },
    };
  }
  const quoted: QuotedParagraph[] = [];
  let shownNumbers = 0;
  for (const n of found.slice(0, MAX_QUOTED_PARAGRAPHS)) {
    shownNumbers++;
    for (const p of cable.paragraphs) {
      if (p.number === n) quoted.push({ number: n, marking: p.marking, heading: p.heading, text: p.text, url: paragraphUrl(ids, cable.id, n) });
    }
  }
  const firstQuoted = numbers.indexOf(quoted[0]?.number ?? firstNumber);
  const lastQuoted = numbers.indexOf(quoted[quoted.length - 1]?.number ?? lastNumber);
  return {
    kind: 'paragraphs',
    cable: head,
    paragraphs: quoted,
    missing,
    omitted: found.length - shownNumbers,
    previous: numbers[firstQuoted - 1] ?? null,
    next: numbers[lastQuoted + 1] ?? null,
    first: firstNumber,
    last: lastNumber,
  };
}

/** The reply for a resolution: card, quote, not in corpus, or not found. */
export function cableReply(corpus: CorpusReader, ids: IdIndex, typed: string, resolution: CableResolution, spans: readonly ParagraphSpan[]): Reply {
  switch (resolution.kind) {
    case 'found':
      return spans.length === 0
        ? cableCard(corpus, ids, resolution.cable, resolution.resolved)
        : paragraphsReply(ids, resolution.cable, resolution.resolved, spans);
    case 'not-in-corpus':
      return notInCorpus(corpus, ids, resolution.id, resolution.canonicalId, resolution.resolved);
    case 'unknown':
      return notFound(typed, 'unknown-id', resolution.normalizedId, resolution.suggestions);
    case 'invalid':
      return notFound(typed, resolution.code, null, resolution.suggestions);
  }
}

function notInCorpus(corpus: CorpusReader, ids: IdIndex, id: string, canonicalId: string, resolved: Resolved): NotInCorpusReply {
  return {
    kind: 'not-in-corpus',
    cable: { id, canonicalId, links: cableLinks(ids, id, canonicalId), hashtags: sharingHashtags(id), resolved },
    corpusSize: corpus.count(),
  };
}

function notFound(typed: string, code: NotFoundReply['code'], normalizedId: string | null, suggestions: NotFoundReply['suggestions']): NotFoundReply {
  return { kind: 'not-found', typed, code, normalizedId, suggestions };
}
