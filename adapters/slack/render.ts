/**
 * `Reply` → Slack Block Kit: one message (`text` + `blocks`) per reply. Slack's limits are
 * enforced here, where the blocks are built (DESIGN.md "Platform rules"): section text ≤
 * 3,000 characters, header ≤ 150, ≤ 10 fields of ≤ 2,000, button text ≤ 75, ≤ 50 blocks, and
 * the fallback `text` (notifications, screen readers) always set.
 *
 * Every piece of cable and user text is escaped (`&`, `<`, `>` → entities) before it joins
 * mrkdwn, so text like `<!channel>` or `<@U123>` in a cable or a query can never become a
 * mention: only this file writes `<…>` (links to the viewer), and only around URLs the core
 * built. Escaping runs before measuring, so a cut never splits an entity.
 */
import type { types } from '@slack/bolt';
import { encodePageAction } from '../../src/core/paging.ts';
import type {
  Answer,
  CableCardReply,
  CableHead,
  HelpReply,
  NotFoundReply,
  NotInCorpusReply,
  ParagraphsReply,
  QuotedParagraph,
  ReasonsReply,
  Reply,
  SearchReply,
  SourceMatchReply,
  SourceReply,
} from '../../src/core/reply.ts';
import { safeCut, shorten } from '../../src/core/text.ts';
import {
  cableTitle,
  count,
  differenceText,
  errorText,
  MAX_LISTED_DIFFERENCES,
  noReasonsText,
  notFoundText,
  otherSourcesLead,
  reasonsCableText,
  reasonsLead,
  resolutionNote,
  settingsText,
  skippedText,
  sourceNotFoundText,
  sourcePlace,
  spanExcerpt,
  suggestionsLead,
  unknownReasonText,
  verdictText,
} from '../words.ts';

type Block = types.KnownBlock;
type Button = types.Button;

/** Slack's Block Kit limits (api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  fields: 10,
  fieldText: 2_000,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3_000,
  /** Our own bound on the fallback `text`: it is what notifications show. */
  fallbackText: 500,
} as const;

/** Sections one quoted paragraph may take before it is cut with a link to the rest (4 × ~3,000 characters). */
export const MAX_SECTIONS_PER_PARAGRAPH = 4;

/**
 * Characters of cable text shown around a found quote (before escaping): more than the
 * console's 600, since a section holds 3,000; a quote longer than this is shortened in the
 * middle of its bold part, with the full paragraph a click away.
 */
export const SOURCE_EXCERPT_CHARS = 1_000;

/** Action IDs of the buttons; link buttons are acknowledged and otherwise ignored. */
export const ACTION_IDS = {
  previous: 'cable_page_previous',
  next: 'cable_page_next',
  card: 'cable_page_card',
  viewer: 'cable_link_viewer',
  plusd: 'cable_link_plusd',
  paragraph: 'cable_link_paragraph',
} as const;

/** A message as `chat.postMessage` / `respond` / `chat.unfurl` take it. */
export interface SlackMessage {
  /** Fallback text (mrkdwn, escaped). */
  text: string;
  blocks: Block[];
}

/** How to render. */
export interface RenderOptions {
  /**
   * The user who asked, whose clicks may page a quote: quotes get previous / next / card
   * buttons carrying it. Null (unfurls, `cablebot lookup`) renders no paging buttons.
   */
  owner: string | null;
}

/** Escapes Slack's three control characters, so text can never become markup. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` escaped and shortened so that the escaped result fits in `max` characters (cut at a
 * sentence or word boundary, with `…`, by the shared `shorten`).
 */
export function fit(text: string, max: number): string {
  let budget = max;
  for (;;) {
    const out = escapeText(shorten(text, budget));
    if (out.length <= max) return out;
    budget = Math.max(1, budget - (out.length - max));
  }
}

/**
 * Splits `text` into pieces that each fit in `max` characters once escaped and passed through
 * `format`, breaking at whitespace where one is in the second half of a piece. Lossless but for
 * the whitespace at the breaks.
 */
export function splitText(text: string, max: number, format: (escaped: string) => string): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest !== '') {
    let n = Math.min(rest.length, max);
    for (;;) {
      const cut = n >= rest.length ? rest.length : breakAt(rest, n);
      const piece = format(escapeText(rest.slice(0, cut).trimEnd()));
      if (piece.length <= max || cut <= 1) {
        out.push(piece);
        rest = rest.slice(cut).trimStart();
        break;
      }
      // Shrink in proportion: text that escapes to several times its length (`<<<…`, `&&&…`)
      // then takes a few tries per piece, not one per character it must lose.
      n = Math.max(1, Math.min(cut - 1, Math.floor((cut * max) / piece.length)));
    }
  }
  return out;
}

/** Where to break `text` to keep at most `n` characters: the last blank in the second half, else hard. */
function breakAt(text: string, n: number): number {
  for (let i = n; i > n / 2; i--) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\n') return i;
  }
  return Math.max(1, safeCut(text, n).length);
}

/** Renders an answer: one message per reply, the skipped-cables note on the last. */
export function renderAnswer(answer: Answer, options: RenderOptions): SlackMessage[] {
  const messages = answer.replies.map((r) => renderReply(r, options));
  const skipped = skippedText(answer.skipped);
  const last = messages.at(-1);
  if (skipped !== null && last !== undefined) {
    const withNote = [...last.blocks, context([escapeText(skipped)])];
    messages[messages.length - 1] = { text: last.text, blocks: limitBlocks(withNote) };
  }
  return messages;
}

/** Renders one reply as one message. */
export function renderReply(reply: Reply, options: RenderOptions): SlackMessage {
  const { text, blocks } = build(reply, options);
  return { text: fit(text, SLACK_LIMITS.fallbackText), blocks: limitBlocks(blocks) };
}

/** Fallback text (raw, escaped by `renderReply`) and blocks of a reply. */
function build(reply: Reply, options: RenderOptions): { text: string; blocks: Block[] } {
  switch (reply.kind) {
    case 'cable':
      return card(reply);
    case 'paragraphs':
      return quote(reply, options);
    case 'not-in-corpus':
      return notInCorpus(reply);
    case 'not-found':
      return notFound(reply);
    case 'search':
      return search(reply);
    case 'source':
      return source(reply);
    case 'reasons':
      return reasons(reply);
    case 'help':
      return help(reply);
    case 'settings': {
      const text = settingsText(reply);
      return { text, blocks: [section(fit(text, SLACK_LIMITS.sectionText))] };
    }
    case 'error': {
      const text = errorText(reply);
      return { text, blocks: [section(`:warning: ${fit(text, SLACK_LIMITS.sectionText - 10)}`)] };
    }
  }
}

/* ---------------------------------------- kinds ------------------------------------------- */

function card(r: CableCardReply): { text: string; blocks: Block[] } {
  const c = r.cable;
  const blocks: Block[] = [header(`${c.id} — ${cableTitle(c)}`)];
  const notes = [resolutionNote(c.id, c.canonicalId, c.resolved), r.partial ? 'Partial extract: only part of this cable was published.' : null].filter((n) => n !== null);
  if (notes.length > 0) blocks.push(context(notes.map(escapeText)));
  const fields = [
    field('Created', c.created),
    ...(r.released !== null ? [field('Released', r.released)] : []),
    field('Classification', c.classification),
    field('Origin', c.origin),
  ];
  blocks.push({ type: 'section', fields });
  const reasonLines = [
    ...r.reasons.map((x) => `• *${escapeText(x.code)}* ${escapeText(x.category)}`),
    ...r.unknownReasons.map((u) => `• *${escapeText(u.code)}* is not a reason E.O. 12958 lists`),
  ];
  if (r.classifiedBy !== null || reasonLines.length > 0) {
    const by = r.classifiedBy !== null ? `*Classified by* ${escapeText(r.classifiedBy)}` : '*Classified for*';
    blocks.push(section(cutLines([by, ...reasonLines], SLACK_LIMITS.sectionText)));
  }
  if (r.summary !== null) {
    const label = r.summarySource === 'summary' ? '*Summary*\n' : '*Opening*\n';
    blocks.push(section(label + fit(r.summary, SLACK_LIMITS.sectionText - label.length)));
  }
  const facts = [
    c.hashtags.map(escapeText).join(' '),
    `${count(r.paragraphCount, 'paragraph')} · cites ${count(r.cites, 'cable')} · cited by ${count(r.citedBy, 'cable')}`,
    ...(r.tags.length > 0 ? [`Tags: ${escapeText(r.tags.join(', '))}`] : []),
  ];
  blocks.push(context(facts));
  blocks.push(actions(linkButtons(c)));
  return { text: `${c.id} — ${cableTitle(c)} (${c.classification}, ${c.origin}, ${c.created.slice(0, 10)})`, blocks };
}

function quote(r: ParagraphsReply, options: RenderOptions): { text: string; blocks: Block[] } {
  const c = r.cable;
  const numbers = r.paragraphs.map((p) => `¶${p.number}`).join(', ');
  const blocks: Block[] = [header(`${c.id} ${numbers} — ${cableTitle(c)}`)];
  const note = resolutionNote(c.id, c.canonicalId, c.resolved);
  blocks.push(context([escapeText(`${c.classification} · ${c.origin} · ${c.created}`), ...(note !== null ? [escapeText(note)] : [])]));
  for (const p of r.paragraphs) blocks.push(...paragraphBlocks(p));
  const footer = [
    ...(r.missing.length > 0 ? [`Not in this cable: ${r.missing.map((n) => `¶${n}`).join(', ')} (it has ¶${r.first}–¶${r.last}).`] : []),
    ...(r.omitted > 0 ? [`${count(r.omitted, 'more paragraph')} asked for; I quote at most 10 at a time.`] : []),
    c.hashtags.join(' '),
  ];
  blocks.push(context(footer.map(escapeText)));
  const buttons: Button[] = [];
  if (options.owner !== null) {
    const owner = options.owner;
    if (r.previous !== null) buttons.push(pageButton(ACTION_IDS.previous, `← ¶${r.previous}`, { id: c.id, target: r.previous, owner }));
    if (r.next !== null) buttons.push(pageButton(ACTION_IDS.next, `¶${r.next} →`, { id: c.id, target: r.next, owner }));
    buttons.push(pageButton(ACTION_IDS.card, 'Whole cable', { id: c.id, target: 'card', owner }));
  }
  const first = r.paragraphs[0];
  if (first?.url != null) buttons.push(urlButton(ACTION_IDS.paragraph, `¶${first.number} on WikiLeaks`, first.url));
  else if (c.links.viewer !== null) buttons.push(urlButton(ACTION_IDS.viewer, 'Read on WikiLeaks', c.links.viewer));
  blocks.push(actions(buttons));
  const lead = first !== undefined ? `${c.id} ¶${first.number}${first.marking !== null ? ` (${first.marking})` : ''}: ${first.text}` : `${c.id} ${numbers}`;
  return { text: lead, blocks };
}

/**
 * One paragraph: its label (number and marking) and heading, then its text as a quote, split
 * over as many 3,000-character sections as it needs, at most
 * {@link MAX_SECTIONS_PER_PARAGRAPH}; past that it is cut with a link to the rest.
 */
function paragraphBlocks(p: QuotedParagraph): Block[] {
  const label = `*¶${p.number}*${p.marking !== null ? ` (${escapeText(p.marking)})` : ''}${p.heading !== null ? ` *${escapeText(p.heading)}*` : ''}`;
  const labelLine = shortenEscaped(label, 500);
  const more = p.url !== null ? `\n_… the paragraph continues on <${escapeText(p.url)}|WikiLeaks>._` : '\n_… (shortened)_';
  const pieces = splitText(p.text, SLACK_LIMITS.sectionText - labelLine.length - more.length - 1, quoteLines);
  const kept = pieces.slice(0, MAX_SECTIONS_PER_PARAGRAPH);
  return kept.map((piece, i) => {
    const head = i === 0 ? `${labelLine}\n` : '';
    const tail = i === kept.length - 1 && pieces.length > kept.length ? more : '';
    return section(`${head}${piece}${tail}`);
  });
}

/** Each line as a mrkdwn quote line. */
function quoteLines(escaped: string): string {
  return escaped
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
}

function notInCorpus(r: NotInCorpusReply): { text: string; blocks: Block[] } {
  const c = r.cable;
  const lead = `${c.id} is in the release, but its text is not among the ${count(r.corpusSize, 'cable')} here.`;
  const note = resolutionNote(c.id, c.canonicalId, c.resolved);
  const blocks: Block[] = [section(fit(note !== null ? `${lead}\n${note}` : lead, SLACK_LIMITS.sectionText))];
  blocks.push(context([escapeText(c.hashtags.join(' '))]));
  blocks.push(actions(linkButtons(c)));
  return { text: lead, blocks };
}

function notFound(r: NotFoundReply): { text: string; blocks: Block[] } {
  const lead = notFoundText(r);
  const lines = [escapeText(lead)];
  const sugg = suggestionsLead(r);
  if (sugg !== null) {
    lines.push(escapeText(sugg));
    for (const s of r.suggestions) {
      const name = s.viewerUrl !== null ? `<${escapeText(s.viewerUrl)}|${escapeText(s.id)}>` : escapeText(s.id);
      lines.push(`• ${name}${s.inCorpus ? '' : ' (text not here)'}`);
    }
  }
  return { text: lead, blocks: [section(cutLines(lines, SLACK_LIMITS.sectionText))] };
}

function search(r: SearchReply): { text: string; blocks: Block[] } {
  const filters = [r.origin !== null ? `origin:${r.origin}` : null, r.year !== null ? `year:${r.year}` : null].filter((x) => x !== null);
  const what = `“${r.query}”${filters.length > 0 ? ` (${filters.join(' ')})` : ''}`;
  if (r.hits.length === 0) {
    const none = `No cables match ${what} among ${count(r.corpusSize, 'cable')}.`;
    return { text: none, blocks: [section(fit(none, SLACK_LIMITS.sectionText))] };
  }
  const lead = `Top ${r.hits.length} for ${what}${r.more ? ' (more exist: add words or filters)' : ''}:`;
  const blocks: Block[] = [section(fit(lead, SLACK_LIMITS.sectionText))];
  r.hits.forEach((h, i) => {
    const id = h.viewerUrl !== null ? `<${escapeText(h.viewerUrl)}|${escapeText(h.id)}>` : escapeText(h.id);
    const subject = h.subject !== null && h.subject.trim() !== '' ? ` — ${fit(h.subject.trim(), 300)}` : '';
    const head = `${i + 1}. *${id}*${subject}\n${fit(`${h.origin} · ${h.created.slice(0, 10)}`, 200)}\n`;
    const snippet = h.snippet.map((p) => (p.match && p.text.trim() !== '' ? `*${escapeText(p.text.trim())}*` : escapeText(p.text))).join('');
    blocks.push(section(head + shortenEscaped(`>${snippet.replace(/\n/g, ' ')}`, SLACK_LIMITS.sectionText - head.length)));
  });
  return { text: lead, blocks };
}

/**
 * Quote → source: the place linked to the viewer and the cable's title; classification,
 * origin and date; the passage around the quote with the quoted words in bold; how faithful
 * the quote is and where it differs; the other candidates, linked. No match: one sentence.
 */
function source(r: SourceReply): { text: string; blocks: Block[] } {
  const [best, ...others] = r.matches;
  if (best === undefined) {
    const none = sourceNotFoundText(r);
    return { text: none, blocks: [section(fit(none, SLACK_LIMITS.sectionText))] };
  }
  const c = best.cable;
  const blocks: Block[] = [section(`*${sourceLink(best)}* — ${fit(cableTitle(c), 1_000)}`)];
  blocks.push(context([escapeText(`${c.classification} · ${c.origin} · ${c.created}`)]));
  blocks.push(section(sourceExcerpt(best, SLACK_LIMITS.sectionText)));
  const listed = best.differences.slice(0, MAX_LISTED_DIFFERENCES);
  const unlisted = best.differences.length - listed.length;
  const verdict = [escapeText(verdictText(best)), ...listed.map((d) => `• ${escapeText(differenceText(d))}`), ...(unlisted > 0 ? [`• and ${unlisted} more`] : [])];
  blocks.push(section(cutLines(verdict, SLACK_LIMITS.sectionText)));
  if (others.length > 0) {
    const lines = [escapeText(otherSourcesLead(others.length)), ...others.map((o) => `• ${sourceLink(o)} — ${fit(cableTitle(o.cable), 300)} · ${escapeText(o.verdict)}`)];
    blocks.push(section(cutLines(lines, SLACK_LIMITS.sectionText)));
  }
  if (best.url !== null) {
    const label = best.paragraph !== null ? `¶${best.paragraph} on WikiLeaks` : 'Read on WikiLeaks';
    blocks.push(actions([urlButton(best.paragraph !== null ? ACTION_IDS.paragraph : ACTION_IDS.viewer, label, best.url)]));
  }
  return { text: `${sourcePlace(best)} — ${cableTitle(c)}. ${verdictText(best)}`, blocks };
}

/** `<url|06MOSCOW754 ¶5>`, or the place unlinked when the viewer has no page for it. */
function sourceLink(m: SourceMatchReply): string {
  const place = escapeText(sourcePlace(m));
  return m.url !== null ? `<${escapeText(m.url)}|${place}>` : place;
}

/**
 * The passage around the quote as a mrkdwn quote line, the quoted words in bold, fitting
 * `max` once escaped: escaping can grow text fivefold (`&` → `&amp;`), so the excerpt is
 * taken again, smaller, until it fits (as {@link fit} does), never cut inside an entity.
 */
function sourceExcerpt(m: SourceMatchReply, max: number): string {
  const marking = m.marking !== null ? `(${fit(m.marking, 20)}) ` : '';
  let budget = SOURCE_EXCERPT_CHARS;
  for (;;) {
    const ex = spanExcerpt(m.text, m.span, budget);
    // An empty `**` would show as two asterisks; a bold run must not start or end with a blank.
    const match = ex.match.trim() === '' ? '' : `*${escapeText(ex.match.trim())}*`;
    const out = `>${marking}${escapeText(ex.before)}${match}${escapeText(ex.after)}`;
    if (out.length <= max || budget <= 1) return out.length <= max ? out : shortenEscaped(out, max);
    budget = Math.max(1, budget - (out.length - max));
  }
}

function reasons(r: ReasonsReply): { text: string; blocks: Block[] } {
  const lines: string[] = [];
  const cable = reasonsCableText(r);
  if (cable !== null) lines.push(fit(cable, 600));
  const none = noReasonsText(r);
  if (none !== null) lines.push(fit(none, 1_000));
  if (r.reasons.length === 0 && r.unknown.length === 0) {
    const blocks: Block[] = [section(cutLines(lines, SLACK_LIMITS.sectionText))];
    if (r.cable !== null) blocks.push(actions(linkButtons(r.cable)));
    return { text: fit(cable ?? none ?? '', 1_000), blocks };
  }
  const lead = reasonsLead(r);
  lines.push(escapeText(lead));
  for (const x of r.reasons) lines.push(`• *${escapeText(x.code)}* ${escapeText(x.category)}`);
  for (const u of r.unknown) lines.push(`• ${escapeText(unknownReasonText(u.code))}`);
  const blocks: Block[] = [section(cutLines(lines, SLACK_LIMITS.sectionText))];
  if (r.cable !== null) blocks.push(actions(linkButtons(r.cable)));
  return { text: escapeText(r.cable !== null ? `${r.cable.id}: ${lead}` : lead), blocks };
}

/**
 * Help in Slack's words: everything is typed after `/cable`, so the `cable` command's forms
 * become `/cable <ID>` and the others `/cable search …`.
 */
function help(r: HelpReply): { text: string; blocks: Block[] } {
  const slash = (form: string, command: string): string => (command === 'cable' && form.startsWith('cable ') ? `/${form}` : `/cable ${form}`);
  const lead = r.topic === null ? `cablebot looks up the ${count(r.corpusSize, 'cable')} here from the 2010–2011 WikiLeaks release. Add -p to answer only you.` : `Help on ${r.topic}`;
  const blocks: Block[] = [section(fit(lead, SLACK_LIMITS.sectionText))];
  for (const c of r.commands.slice(0, 40)) {
    const lines = [
      `*${escapeText(c.name)}* — ${escapeText(c.description)}`,
      ...c.usage.map((u) => `\`${escapeText(slash(u, c.name))}\``),
      ...(c.examples.length > 0 ? [`e.g. ${c.examples.map((e) => `\`${escapeText(slash(e, c.name === 'cable' ? '' : c.name))}\``).join(', ')}`] : []),
    ];
    blocks.push(section(cutLines(lines, SLACK_LIMITS.sectionText)));
  }
  if (r.topic === null && r.automatic.length > 0) {
    blocks.push(section(cutLines(['In a message I also pick up:', ...r.automatic.map((a) => `• ${escapeText(a)}`)], SLACK_LIMITS.sectionText)));
  }
  return { text: lead, blocks };
}

/* --------------------------------------- pieces ------------------------------------------- */

function header(raw: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: fit(raw, SLACK_LIMITS.headerText), emoji: false } };
}

function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

function field(label: string, value: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: `*${label}*\n${fit(value, SLACK_LIMITS.fieldText - label.length - 3)}` };
}

/** A context block of already-escaped mrkdwn pieces (at most 10, each ≤ 3,000). */
function context(pieces: readonly string[]): Block {
  return {
    type: 'context',
    elements: pieces.slice(0, SLACK_LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: shortenEscaped(text, SLACK_LIMITS.sectionText) })),
  };
}

function actions(buttons: readonly Button[]): Block {
  return { type: 'actions', elements: [...buttons] };
}

function linkButtons(c: Pick<CableHead, 'links'>): Button[] {
  const out: Button[] = [];
  if (c.links.viewer !== null) out.push(urlButton(ACTION_IDS.viewer, 'Read on WikiLeaks', c.links.viewer));
  out.push(urlButton(ACTION_IDS.plusd, 'PlusD', c.links.plusd));
  return out;
}

function urlButton(actionId: string, label: string, url: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: fit(label, SLACK_LIMITS.buttonText) }, url: url.slice(0, SLACK_LIMITS.buttonUrl) };
}

function pageButton(actionId: string, label: string, action: Parameters<typeof encodePageAction>[0]): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: fit(label, SLACK_LIMITS.buttonText) }, value: encodePageAction(action) };
}

/** Joins escaped lines, dropping whole lines from the end (with `…`) to stay within `max`. */
function cutLines(lines: readonly string[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (const line of lines) {
    const add = (out.length > 0 ? 1 : 0) + line.length;
    if (length + add > max - 2) {
      if (out.length === 0) return shortenEscaped(line, max);
      out.push('…');
      break;
    }
    out.push(line);
    length += add;
  }
  return out.join('\n');
}

/**
 * Shortens text that is already escaped mrkdwn without splitting an entity (`&amp;`) or a
 * `<url|label>` link: cuts before a `&` or `<` that the cut would break.
 */
function shortenEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = safeCut(text, max - 1).length;
  const amp = text.lastIndexOf('&', cut);
  if (amp !== -1 && amp > cut - 6 && text.indexOf(';', amp) >= cut) cut = amp;
  const lt = text.lastIndexOf('<', cut);
  if (lt !== -1 && text.indexOf('>', lt) >= cut) cut = lt;
  return `${text.slice(0, cut)}…`;
}

/**
 * `message` with a note in a context block at the end (escaped here), e.g. why an answer meant
 * for a thread came only to the person who asked.
 */
export function withNote(message: SlackMessage, note: string): SlackMessage {
  return { text: message.text, blocks: limitBlocks([...message.blocks, context([escapeText(note)])]) };
}

/**
 * The note on an answer the "Find cable source" shortcut could not post in the message's
 * thread because the bot is not in the channel: it came to the caller alone instead.
 */
export function notInChannelNote(): string {
  return 'Only you can see this: I am not in this channel, so I could not answer in the thread. Invite me to the channel (/invite) and I will answer there.';
}

/** At most 50 blocks: past that, the rest is dropped with a note (the renderers above stay well below). */
function limitBlocks(blocks: readonly Block[]): Block[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return [...blocks];
  return [...blocks.slice(0, SLACK_LIMITS.blocks - 1), context(['_Shortened: Slack shows at most 50 blocks. The rest is on WikiLeaks._'])];
}
