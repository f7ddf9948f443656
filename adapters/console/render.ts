/**
 * `Reply` → readable terminal text: wrapped to the width, markings and links shown, URLs
 * never broken. Also what `cablebot lookup --format text` prints. Console text is not
 * shortened: a reader at a terminal gets the whole paragraph.
 */
import type { Answer, CableCardReply, HelpReply, NotFoundReply, NotInCorpusReply, ParagraphsReply, ReasonsReply, Reply, SearchReply, SourceReply } from '../../src/core/reply.ts';
import {
  cableTitle,
  count,
  differenceText,
  errorText,
  MAX_LISTED_DIFFERENCES,
  otherSourcesLead,
  sourceNotFoundText,
  sourcePlace,
  spanExcerpt,
  verdictText, noReasonsText, notFoundText, reasonsCableText, reasonsLead, resolutionNote, settingsText, skippedText, suggestionsLead, unknownReasonText,
} from '../words.ts';

/** How to render. */
export interface TextOptions {
  /** Column to wrap at (default 80; at least 40). */
  width?: number;
  /** Bold search matches with ANSI escapes (a terminal) instead of `*stars*` (piped). */
  ansi?: boolean;
}

interface Style {
  width: number;
  ansi: boolean;
}

/** Renders every reply of an answer, separated by blank lines, plus the skipped-cables note. */
export function renderAnswerText(answer: Answer, options: TextOptions = {}): string {
  const parts = answer.replies.map((r) => renderReplyText(r, options));
  const skipped = skippedText(answer.skipped);
  if (skipped !== null) parts.push(skipped);
  return parts.join('\n\n');
}

/** Renders one reply. */
export function renderReplyText(reply: Reply, options: TextOptions = {}): string {
  const style: Style = { width: Math.max(40, options.width ?? 80), ansi: options.ansi ?? false };
  // Paragraph text keeps its sub-items and bullets on their own lines: wrap each.
  return lines(reply, style)
    .flatMap((l) => l.split('\n'))
    .map((l) => wrap(l, style.width))
    .join('\n');
}

function lines(reply: Reply, s: Style): string[] {
  switch (reply.kind) {
    case 'cable':
      return card(reply);
    case 'paragraphs':
      return paragraphs(reply);
    case 'not-in-corpus':
      return notInCorpus(reply);
    case 'not-found':
      return notFound(reply);
    case 'search':
      return search(reply, s);
    case 'source':
      return source(reply, s);
    case 'reasons':
      return reasons(reply);
    case 'help':
      return help(reply);
    case 'settings':
      return [settingsText(reply)];
    case 'error':
      return [errorText(reply)];
  }
}

function card(r: CableCardReply): string[] {
  const c = r.cable;
  const out = [`${c.id} — ${cableTitle(c)}`, `${c.classification} · ${c.origin} · created ${c.created}${r.released ? ` · released ${r.released}` : ''}`];
  const note = resolutionNote(c.id, c.canonicalId, c.resolved);
  if (note !== null) out.push(note);
  if (r.partial) out.push('Partial extract: only part of this cable was published.');
  if (r.classifiedBy !== null) out.push(`Classified by: ${r.classifiedBy}`);
  for (const reason of r.reasons) out.push(`  ${reason.code} ${reason.category}`);
  for (const u of r.unknownReasons) out.push(`  ${u.code} is not a reason E.O. 12958 lists`);
  if (r.tags.length > 0) out.push(`Tags: ${r.tags.join(', ')}`);
  out.push(`${count(r.paragraphCount, 'paragraph')} · cites ${count(r.cites, 'cable')} · cited by ${count(r.citedBy, 'cable')}`);
  if (r.summary !== null) out.push('', `${r.summarySource === 'summary' ? 'Summary' : 'Opening'}: ${r.summary}`);
  out.push('');
  if (c.links.viewer !== null) out.push(`Viewer: ${c.links.viewer}`);
  out.push(`PlusD:  ${c.links.plusd}`);
  const first = r.paragraphs[0];
  const last = r.paragraphs[r.paragraphs.length - 1];
  if (first !== undefined && last !== undefined && first.url !== null) {
    out.push(`Paragraphs: ${first.url}${last !== first ? ` … #par${last.number}` : ''} (quote one: ${c.id} ¶${first.number})`);
  }
  out.push(`Share: ${c.hashtags.join(' ')}`);
  return out;
}

function paragraphs(r: ParagraphsReply): string[] {
  const c = r.cable;
  const out = [`${c.id} — ${cableTitle(c)} (${c.classification})`];
  const note = resolutionNote(c.id, c.canonicalId, c.resolved);
  if (note !== null) out.push(note);
  for (const p of r.paragraphs) {
    out.push('');
    if (p.heading !== null) out.push(p.heading);
    out.push(`¶${p.number}${p.marking !== null ? ` (${p.marking})` : ''} ${p.text}`);
    if (p.url !== null) out.push(p.url);
  }
  out.push('');
  if (r.missing.length > 0) out.push(`Not in this cable: ${r.missing.map((n) => `¶${n}`).join(', ')} (it has ¶${r.first}–¶${r.last}).`);
  if (r.omitted > 0) out.push(`${count(r.omitted, 'more paragraph')} asked for; I quote at most 10 at a time.`);
  const paging = [r.previous !== null ? `previous: ${c.id} ¶${r.previous}` : null, r.next !== null ? `next: ${c.id} ¶${r.next}` : null].filter((x) => x !== null);
  if (paging.length > 0) out.push(paging.join(' · '));
  out.push(`Share: ${c.hashtags.join(' ')}`);
  return out;
}

function notInCorpus(r: NotInCorpusReply): string[] {
  const c = r.cable;
  const out = [`${c.id} is in the release, but its text is not among the ${count(r.corpusSize, 'cable')} here.`];
  const note = resolutionNote(c.id, c.canonicalId, c.resolved);
  if (note !== null) out.push(note);
  if (c.links.viewer !== null) out.push(`Read it on WikiLeaks: ${c.links.viewer}`);
  out.push(`PlusD: ${c.links.plusd}`);
  return out;
}

function notFound(r: NotFoundReply): string[] {
  const out = [notFoundText(r)];
  const lead = suggestionsLead(r);
  if (lead !== null) {
    out.push(lead);
    for (const s of r.suggestions) out.push(`  ${s.id}${s.viewerUrl !== null ? `  ${s.viewerUrl}` : ''}`);
  }
  return out;
}

function search(r: SearchReply, s: Style): string[] {
  const filters = [r.origin !== null ? `origin:${r.origin}` : null, r.year !== null ? `year:${r.year}` : null].filter((x) => x !== null);
  const what = `“${r.query}”${filters.length > 0 ? ` (${filters.join(' ')})` : ''}`;
  if (r.hits.length === 0) return [`No cables match ${what} among ${count(r.corpusSize, 'cable')}.`];
  const out = [`Top ${r.hits.length} for ${what}${r.more ? ' (more exist: add words or filters)' : ''}:`];
  r.hits.forEach((h, i) => {
    out.push('', `${i + 1}. ${h.id}${h.subject !== null && h.subject.trim() !== '' ? ` — ${h.subject.trim()}` : ''} · ${h.origin} · ${h.created.slice(0, 10)}`);
    out.push(`   ${h.snippet.map((p) => (p.match ? bold(p.text, s) : p.text)).join('')}`);
    if (h.viewerUrl !== null) out.push(`   ${h.viewerUrl}`);
  });
  return out;
}

/** Characters of the cable shown around the quote. */
const SOURCE_EXCERPT = 600;

function source(r: SourceReply, s: Style): string[] {
  const [best, ...others] = r.matches;
  if (best === undefined) return [sourceNotFoundText(r)];
  const c = best.cable;
  const out = [`${sourcePlace(best)} — ${cableTitle(c)}`, `${c.classification} · ${c.origin} · created ${c.created}`];
  const ex = spanExcerpt(best.text, best.span, SOURCE_EXCERPT);
  out.push(`${best.marking !== null ? `(${best.marking}) ` : ''}${ex.before}${bold(ex.match, s)}${ex.after}`);
  out.push(verdictText(best));
  for (const d of best.differences.slice(0, MAX_LISTED_DIFFERENCES)) out.push(`  - ${differenceText(d)}`);
  if (best.differences.length > MAX_LISTED_DIFFERENCES) out.push(`  - and ${best.differences.length - MAX_LISTED_DIFFERENCES} more`);
  if (best.url !== null) out.push(best.url);
  if (others.length > 0) {
    out.push('', otherSourcesLead(others.length));
    for (const o of others) out.push(`  ${sourcePlace(o)} — ${cableTitle(o.cable)} · ${o.verdict}${o.url !== null ? ` · ${o.url}` : ''}`);
  }
  return out;
}

function bold(text: string, s: Style): string {
  return s.ansi ? `\x1b[1m${text}\x1b[22m` : `*${text}*`;
}

function reasons(r: ReasonsReply): string[] {
  const out: string[] = [];
  const cable = reasonsCableText(r);
  if (cable !== null) out.push(cable);
  const none = noReasonsText(r);
  if (none !== null) out.push(none);
  if (r.reasons.length === 0 && r.unknown.length === 0) return out;
  out.push(reasonsLead(r));
  for (const reason of r.reasons) out.push(`  ${reason.code} ${reason.category}`);
  for (const u of r.unknown) out.push(`  ${unknownReasonText(u.code)}`);
  return out;
}

function help(r: HelpReply): string[] {
  const out = r.topic === null ? [`cablebot looks up the ${count(r.corpusSize, 'cable')} here from the 2010–2011 WikiLeaks release.`] : [];
  for (const c of r.commands) {
    out.push('', `${c.name} — ${c.description}`);
    for (const u of c.usage) out.push(`  ${u}`);
    for (const e of c.examples) out.push(`    e.g. ${e}`);
  }
  if (r.topic === null) {
    out.push('', 'In a chat message I also pick up:');
    for (const a of r.automatic) out.push(`  ${a}`);
  }
  return out;
}

/**
 * Wraps one logical line at `width`, keeping its leading indent on continuation lines.
 * Long words (URLs) go on a line of their own rather than being broken.
 */
export function wrap(line: string, width: number): string {
  if (line.length <= width) return line;
  let indent = 0;
  while (line.charAt(indent) === ' ') indent++;
  const pad = ' '.repeat(Math.min(indent, Math.floor(width / 2)));
  const words = line.slice(indent).split(' ');
  const out: string[] = [];
  let current = line.slice(0, indent);
  for (const word of words) {
    if (word === '') continue;
    const sep = current.trim() === '' ? '' : ' ';
    if (current.length + sep.length + word.length > width && current.trim() !== '') {
      out.push(current);
      current = pad + word;
    } else {
      current += sep + word;
    }
  }
  out.push(current);
  return out.join('\n');
}
