/**
 * `Reply` → Discord message bodies (the REST JSON: `content`, `embeds`, `components`,
 * `allowed_mentions`, `flags`). Every platform limit is enforced here, where the embeds are
 * built (DESIGN.md "Platform limits are encoded where replies are rendered"): whatever the
 * cable or the user wrote, a body this module returns is one Discord accepts. Words come from
 * adapters/words.ts; only Discord's markup is added here.
 */
import { ButtonStyle, ComponentType, MessageFlags, escapeMarkdown } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIComponentInMessageActionRow, APIEmbed, APIEmbedField } from 'discord.js';
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
  SettingsReply,
  SourceMatchReply,
  SourceReply,
} from '../../src/core/reply.ts';
import { encodePageAction } from '../../src/core/paging.ts';
import { discordNameOf as discordName } from './commands.ts';
import { oneLine, shorten } from '../../src/core/text.ts';
import {
  MAX_LISTED_DIFFERENCES,
  cableTitle,
  count,
  differenceText,
  errorText,
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

/** Discord's documented limits (characters are UTF-16 code units, as `shorten` counts). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Characters across all embeds of one message: titles, descriptions, fields, footers. */
  embedTotal: 6000,
  buttonLabel: 80,
} as const;

/** The ephemeral flag: only the person who asked sees the message. */
export const EPHEMERAL: number = MessageFlags.Ephemeral;

/** `allowed_mentions` of every message: nobody is pinged, whatever a cable or a user wrote. */
export const NO_MENTIONS: { parse: [] } = { parse: [] };

/** A message body as sent to Discord's REST API. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowed_mentions: { parse: [] };
  /** {@link EPHEMERAL} for interaction replies only the asker should see. */
  flags?: number;
}

/** How to render. */
export interface RenderOptions {
  /** The user who asked: paging buttons carry it (only they may page). Null: no buttons. */
  owner: string | null;
  /** A short card, for answers to chat messages (automatic detection). */
  compact?: boolean;
  /** The asker chose `private`: every message ephemeral. */
  private?: boolean;
}

/** Embed colours by classification: the colours of the markings on the printed page. */
const COLOURS = { secret: 0xc0392b, confidential: 0xe67e22, restricted: 0xf1c40f, unclassified: 0x2e86c1, other: 0x95a5a6 } as const;

/** The embed colour of a classification (`SECRET//NOFORN` is red, `CONFIDENTIAL` orange, …). */
export function classificationColour(classification: string): number {
  const c = classification.toUpperCase();
  if (c.startsWith('SECRET') || c.startsWith('TOP SECRET')) return COLOURS.secret;
  if (c.startsWith('CONFIDENTIAL')) return COLOURS.confidential;
  // UNCLASSIFIED//FOR OFFICIAL USE ONLY: not classified, but not for release either.
  if (c.startsWith('UNCLASSIFIED') && c.includes('//')) return COLOURS.restricted;
  if (c.startsWith('UNCLASSIFIED')) return COLOURS.unclassified;
  return COLOURS.other;
}

/**
 * Replies only the asker sees even without `private`: what went wrong, a quote whose source was
 * not found (nothing for the channel to read), help, a settings look-up.
 */
export function isEphemeralReply(reply: Reply): boolean {
  return (
    reply.kind === 'error' ||
    reply.kind === 'not-found' ||
    (reply.kind === 'source' && reply.matches.length === 0) ||
    reply.kind === 'help' ||
    (reply.kind === 'settings' && !reply.changed)
  );
}

/** The bodies for an answer, one message per reply; the skipped-cables note ends the last one. */
export function renderAnswer(answer: Answer, options: RenderOptions): DiscordMessage[] {
  const out = answer.replies.map((r) => renderReply(r, options));
  const skipped = skippedText(answer.skipped);
  const last = out[out.length - 1];
  if (skipped !== null && last !== undefined) last.content = fitText([last.content, md(skipped)].filter((x) => x !== undefined).join('\n'), LIMITS.content);
  return out;
}

/** One reply as one message body. */
export function renderReply(reply: Reply, options: RenderOptions): DiscordMessage {
  const body = build(reply, options);
  if (options.private === true || isEphemeralReply(reply)) body.flags = EPHEMERAL;
  return fitMessage(body);
}

function build(reply: Reply, o: RenderOptions): DiscordMessage {
  switch (reply.kind) {
    case 'cable':
      return message({ embeds: [o.compact === true ? compactCard(reply) : card(reply)], components: cardButtons(reply, o.owner) });
    case 'paragraphs':
      return message({ embeds: [quote(reply)], components: pagingButtons(reply, o.owner) });
    case 'not-in-corpus':
      return message({ embeds: [notInCorpus(reply)] });
    case 'not-found':
      return message({ content: notFound(reply) });
    case 'search':
      return message({ embeds: [search(reply)] });
    case 'source':
      return sourceMessage(reply);
    case 'reasons':
      return message({ embeds: [reasons(reply)] });
    case 'help':
      return message({ embeds: [help(reply)] });
    case 'settings':
      return message({ content: settings(reply) });
    case 'error':
      return message({ content: md(errorText(reply)) });
  }
}

function message(parts: Partial<Pick<DiscordMessage, 'content' | 'embeds' | 'components'>>): DiscordMessage {
  return { ...(parts.content !== undefined ? { content: parts.content } : {}), embeds: parts.embeds ?? [], components: parts.components ?? [], allowed_mentions: { parse: [] } };
}

/* ------------------------------------------------------------------------------------------ */
/* Text helpers                                                                               */

/**
 * Text shown literally: Discord markdown (`*`, `_`, `~`, `` ` ``, `|`, `>`, headings, lists,
 * masked links) escaped. discord.js escapes emphasis with look-behinds that take seconds on a
 * long line full of `_` or `*`, and masked links with one greedy pattern that leaves every link
 * but a line's first live (`[a](b) [click](https://evil.example)`): those are escaped here, in
 * linear passes — every `[`, and every `*` and `_` outside URLs.
 */
export function md(text: string): string {
  const escaped = escapeMarkdown(text, { bold: false, italic: false, underline: false, heading: true, bulletedList: true, numberedList: true });
  // Every backslash in `escaped` starts a pair (`\\` or an escape), so `\\.` keeps escapes whole.
  return escaped.replace(/\\.|\[/g, escapeOne).replace(/https?:\/\/\S*|\\.|[*_]/g, escapeOne);
}

function escapeOne(match: string): string {
  return match.length === 1 ? `\\${match}` : match;
}

/**
 * `text` escaped and shortened (at a sentence or word boundary, with …) so that the escaped
 * result fits in `max`: escaping adds backslashes, so the raw budget shrinks until it fits.
 */
export function fitEscaped(text: string, max: number): string {
  if (max < 1) return '';
  let budget = max;
  for (;;) {
    const escaped = md(shorten(text, budget));
    if (escaped.length <= max || budget <= 1) return escaped.length <= max ? escaped : shorten(escaped, max);
    budget = Math.max(1, budget - Math.max(1, escaped.length - max));
  }
}

/** Already-marked-up text cut to `max` (the last resort of the limit checks). */
function fitText(text: string, max: number): string {
  return shorten(text, max);
}

/** `[label](url)`, or the label alone when there is no URL. */
function link(label: string, url: string | null): string {
  return url === null ? label : `[${label}](${url})`;
}

function head(c: Pick<CableHead, 'id' | 'canonicalId' | 'resolved'>): string[] {
  const note = resolutionNote(c.id, c.canonicalId, c.resolved);
  return note === null ? [] : [`*${md(note)}*`];
}

function footer(c: Pick<CableHead, 'hashtags'>): { text: string } {
  return { text: shorten(c.hashtags.join(' '), LIMITS.footer) };
}

function field(name: string, value: string, inline: boolean): APIEmbedField {
  return { name: shorten(name, LIMITS.fieldName), value: value === '' ? '—' : shorten(value, LIMITS.fieldValue), inline };
}

function cableUrl(c: Pick<CableHead, 'links'>): string {
  return c.links.viewer ?? c.links.plusd;
}

/* ------------------------------------------------------------------------------------------ */
/* Cards and quotes                                                                           */

/** The summary card: title = ID and subject, URL = viewer, fields, reasons in words, hashtags. */
function card(r: CableCardReply): APIEmbed {
  const c = r.cable;
  const lines = [...head(c)];
  if (r.partial) lines.push('*Partial extract: only part of this cable was published.*');
  if (r.summary !== null) lines.push(`**${r.summarySource === 'summary' ? 'Summary' : 'Opening'}:** ${fitEscaped(r.summary, 1500)}`);
  lines.push('', linksLine(c), ...paragraphHint(r));
  const fields = [...metaFields(r)];
  if (r.classifiedBy !== null) fields.push(field('Classified by', fitEscaped(oneLine(r.classifiedBy), LIMITS.fieldValue), false));
  const reasonLines = [...r.reasons.map((x) => `**${x.code}** ${md(x.category)}`), ...r.unknownReasons.map((u) => `**${u.code}** is not a reason E.O. 12958 lists`)];
  if (reasonLines.length > 0) fields.push(field('Reasons', reasonLines.join('\n'), false));
  if (r.tags.length > 0) fields.push(field('Tags', md(r.tags.join(', ')), true));
  fields.push(field('Paragraphs', `${count(r.paragraphCount, 'paragraph')} · cites ${count(r.cites, 'cable')} · cited by ${count(r.citedBy, 'cable')}`, true));
  return { title: fitEscaped(`${c.id} — ${cableTitle(c)}`, LIMITS.title), url: cableUrl(c), color: classificationColour(c.classification), description: lines.join('\n'), fields, footer: footer(c) };
}

/** The card answering a chat message: the same head and fields, a short summary, no reasons. */
function compactCard(r: CableCardReply): APIEmbed {
  const c = r.cable;
  const lines = [...head(c)];
  if (r.summary !== null) lines.push(fitEscaped(r.summary, 350));
  lines.push(linksLine(c));
  return { title: fitEscaped(`${c.id} — ${cableTitle(c)}`, LIMITS.title), url: cableUrl(c), color: classificationColour(c.classification), description: lines.join('\n'), fields: metaFields(r), footer: footer(c) };
}

function metaFields(r: CableCardReply): APIEmbedField[] {
  const c = r.cable;
  return [
    field('Created', c.created, true),
    field('Released', r.released ?? 'not recorded', true),
    field('Classification', md(c.classification), true),
    field('Origin', md(c.origin), true),
  ];
}

function linksLine(c: Pick<CableHead, 'links'>): string {
  return [c.links.viewer !== null ? link('Read on WikiLeaks', c.links.viewer) : null, link('PlusD', c.links.plusd)].filter((x) => x !== null).join(' · ');
}

function paragraphHint(r: CableCardReply): string[] {
  const first = r.paragraphs[0];
  return first === undefined ? [] : [`Quote a paragraph: \`/cable ref:${r.cable.id} paragraph:${first.number}\``];
}

/** Room kept in a quote's description for the missing/omitted notes. */
const QUOTE_NOTES_RESERVE = 300;

/**
 * Quoted paragraphs: per paragraph its heading, the number linking to the viewer's `#parN`,
 * the marking and the text. The description's 4,096 characters are shared fairly: a
 * paragraph longer than its share (08STATE43817 ¶ has 9,599 characters) is cut at a word
 * boundary and ends "continued at ¶N", linking to the rest on the viewer.
 */
function quote(r: ParagraphsReply): APIEmbed {
  const c = r.cable;
  const notes: string[] = [];
  if (r.missing.length > 0) notes.push(`Not in this cable: ${r.missing.map((n) => `¶${n}`).join(', ')} (it has ¶${r.first}–¶${r.last}).`);
  if (r.omitted > 0) notes.push(`${count(r.omitted, 'more paragraph')} asked for; I quote at most 10 at a time.`);
  const lead = head(c);
  let room = LIMITS.description - QUOTE_NOTES_RESERVE - lead.join('\n').length;
  const blocks: string[] = [];
  r.paragraphs.forEach((p, i) => {
    const share = Math.floor(room / (r.paragraphs.length - i)) - 2;
    const block = quotedParagraph(p, share);
    blocks.push(block);
    room -= block.length + 2;
  });
  const description = [...lead, ...blocks, ...notes.map(md)].join('\n\n');
  const numbers = r.paragraphs.map((p) => `¶${p.number}`).join(', ');
  const first = r.paragraphs[0];
  return {
    title: fitEscaped(`${c.id} ${numbers} — ${cableTitle(c)}`, LIMITS.title),
    url: first?.url ?? cableUrl(c),
    color: classificationColour(c.classification),
    description,
    footer: { text: shorten(`${c.classification} · ${c.hashtags.join(' ')}`, LIMITS.footer) },
  };
}

/** One paragraph in at most `max` characters (markup included). */
function quotedParagraph(p: QuotedParagraph, max: number): string {
  const heading = p.heading !== null ? `**${fitEscaped(p.heading, 200)}**\n` : '';
  const number = `**${link(`¶${p.number}`, p.url)}**${p.marking !== null ? ` (${md(p.marking)})` : ''} `;
  const continued = ` continued at ${link(`¶${p.number}`, p.url)}`;
  const room = max - heading.length - number.length;
  const whole = md(p.text);
  if (whole.length <= room) return `${heading}${number}${whole}`;
  return `${heading}${number}${fitEscaped(p.text, Math.max(1, room - continued.length))}${continued}`;
}

/** Previous ¶ / next ¶ / whole card, carrying who may press them. */
function pagingButtons(r: ParagraphsReply, owner: string | null): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (owner === null) return [];
  const id = r.cable.id;
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (r.previous !== null) buttons.push(button(`◀ ¶${r.previous}`, encodePageAction({ id, target: r.previous, owner })));
  if (r.next !== null) buttons.push(button(`¶${r.next} ▶`, encodePageAction({ id, target: r.next, owner })));
  buttons.push(button('Whole cable', encodePageAction({ id, target: 'card', owner })));
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

/** A card offers to start reading at the first paragraph, so paging from a quote to the card is no dead end. */
function cardButtons(r: CableCardReply, owner: string | null): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const first = r.paragraphs[0];
  if (owner === null || first === undefined) return [];
  return [{ type: ComponentType.ActionRow, components: [button(`Read ¶${first.number} ▶`, encodePageAction({ id: r.cable.id, target: first.number, owner }))] }];
}

function button(label: string, customId: string): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: shorten(label, LIMITS.buttonLabel), custom_id: customId };
}

/* ------------------------------------------------------------------------------------------ */
/* The other replies                                                                          */

function notInCorpus(r: NotInCorpusReply): APIEmbed {
  const c = r.cable;
  const lines = [...head(c), `${c.id} is in the release, but its text is not among the ${count(r.corpusSize, 'cable')} here.`, linksLine(c)];
  return { title: c.id, url: cableUrl(c), color: COLOURS.other, description: lines.join('\n'), footer: footer(c) };
}

function notFound(r: NotFoundReply): string {
  const lines = [md(notFoundText(r))];
  const lead = suggestionsLead(r);
  if (lead !== null) {
    lines.push(lead);
    // `<url>` keeps Discord from unfolding a preview of every suggestion.
    for (const s of r.suggestions) lines.push(`• ${s.viewerUrl !== null ? `[${s.id}](<${s.viewerUrl}>)` : s.id}${s.inCorpus ? ' (text here)' : ''}`);
  }
  return lines.join('\n');
}

function search(r: SearchReply): APIEmbed {
  const filters = [r.origin !== null ? `origin:${r.origin}` : null, r.year !== null ? `year:${r.year}` : null].filter((x) => x !== null);
  const what = `“${r.query}”${filters.length > 0 ? ` (${filters.join(' ')})` : ''}`;
  const title = fitEscaped(`Search: ${what}`, LIMITS.title);
  if (r.hits.length === 0) return { title, description: md(`No cables match ${what} among ${count(r.corpusSize, 'cable')}.`), color: COLOURS.other };
  const share = Math.floor((LIMITS.description - 100) / r.hits.length);
  const blocks = r.hits.map((h, i) => {
    const subject = h.subject !== null && h.subject.trim() !== '' ? ` — ${fitEscaped(h.subject.trim(), 150)}` : '';
    const top = `**${i + 1}. ${link(h.id, h.viewerUrl)}**${subject} · ${md(h.origin)} · ${h.created.slice(0, 10)}`;
    return `${top}\n${snippet(h.snippet, Math.max(20, share - top.length - 4))}`;
  });
  const more = r.more ? '\n\nMore cables match: add words or filters.' : '';
  return { title, description: blocks.join('\n\n') + more, color: COLOURS.other, footer: { text: `Top ${r.hits.length} of ${count(r.corpusSize, 'cable')} searched` } };
}

/** A snippet with its matches in bold, within `max` characters. */
function snippet(parts: SearchReply['hits'][number]['snippet'], max: number): string {
  let out = '';
  for (const p of parts) {
    const piece = p.match ? `**${md(p.text)}**` : md(p.text);
    if (out.length + piece.length > max - 1) {
      if (!p.match) out += fitEscaped(p.text, Math.max(1, max - out.length));
      else if (out.length < max - 1) out += '…';
      break;
    }
    out += piece;
  }
  return oneLine(out);
}

/**
 * Characters of the cable shown for a source (before escaping): at least the console's 600, and
 * for a long quote the whole quoted span with some context, as far as the description allows.
 */
const SOURCE_EXCERPT = 600;
const SOURCE_CONTEXT = 300;
/** Room for a candidate's title in the "also about as close" field: two lines must fit its 1,024. */
const SOURCE_OTHER_TITLE = 150;

/**
 * The source of a quote: title = place and cable title, URL = the paragraph on the viewer, the
 * excerpt with the quoted span in bold, the verdict and the differences, then the links; the
 * other candidates in one field. The excerpt gets what room the rest leaves in the 4,096 of the
 * description, so the verdict and differences are never what a long paragraph pushes out.
 */
function sourceMessage(r: SourceReply): DiscordMessage {
  const [best, ...others] = r.matches;
  // Not found is a sentence for the asker alone (isEphemeralReply), not a card.
  return best === undefined ? message({ content: md(sourceNotFoundText(r)) }) : message({ embeds: [source(best, others)] });
}

function source(best: SourceMatchReply, others: SourceMatchReply[]): APIEmbed {
  const c = best.cable;
  const verdict = [md(verdictText(best)), ...best.differences.slice(0, MAX_LISTED_DIFFERENCES).map((d) => `• ${md(differenceText(d))}`)];
  if (best.differences.length > MAX_LISTED_DIFFERENCES) verdict.push(`• and ${best.differences.length - MAX_LISTED_DIFFERENCES} more`);
  const viewer = best.url ?? c.links.viewer;
  const read = best.paragraph === null ? 'Read on WikiLeaks' : `Read ¶${best.paragraph} on WikiLeaks`;
  const links = [viewer !== null ? link(read, viewer) : null, link('PlusD', c.links.plusd)].filter((x) => x !== null).join(' · ');
  const lead = head(c);
  const rest = ['', ...verdict, '', links];
  // Two line breaks join the excerpt to what is around it.
  const room = LIMITS.description - [...lead, ...rest].join('\n').length - 2;
  const description = [...lead, sourceExcerpt(best, room), ...rest].join('\n');
  const fields = others.length === 0 ? [] : [field(otherSourcesLead(others.length), others.map(otherSource).join('\n'), false)];
  return {
    title: fitEscaped(`${sourcePlace(best)} — ${cableTitle(c)}`, LIMITS.title),
    url: best.url ?? cableUrl(c),
    color: classificationColour(c.classification),
    description,
    fields,
    footer: { text: shorten(`${c.classification} · ${c.origin} · created ${c.created}`, LIMITS.footer) },
  };
}

/**
 * The paragraph around the quote in at most `max` characters, markup included: the marking,
 * the text before, the quoted span in bold, the text after. Escaping can double the text (a
 * paragraph of `*`), so the raw budget shrinks until the escaped line fits.
 */
function sourceExcerpt(m: SourceMatchReply, max: number): string {
  const marking = m.marking !== null ? `(${md(m.marking)}) ` : '';
  let budget = Math.min(Math.max(SOURCE_EXCERPT, m.span.end - m.span.start + SOURCE_CONTEXT), max);
  for (;;) {
    const ex = spanExcerpt(m.text, m.span, Math.max(3, budget));
    // `md` escapes every backslash, so the closing `**` cannot be escaped by the span's last character.
    const line = `${marking}${md(ex.before)}${ex.match === '' ? '' : `**${md(ex.match)}**`}${md(ex.after)}`;
    if (line.length <= max) return line;
    if (budget <= 3) return shorten(line, Math.max(1, max));
    budget = Math.max(3, budget - (line.length - max));
  }
}

/** One other candidate: its place linking to the paragraph on the viewer, its title and verdict. */
function otherSource(m: SourceMatchReply): string {
  const place = link(md(sourcePlace(m)), m.url ?? m.cable.links.viewer ?? m.cable.links.plusd);
  return `• ${place} — ${fitEscaped(cableTitle(m.cable), SOURCE_OTHER_TITLE)} · ${m.verdict}`;
}

function reasons(r: ReasonsReply): APIEmbed {
  const lines: string[] = [];
  const title = r.cable !== null ? `${r.cable.id}: classification reasons` : 'Classification reasons';
  const cable = reasonsCableText(r);
  if (cable !== null) lines.push(fitEscaped(cable, 600));
  const none = noReasonsText(r);
  if (none !== null) lines.push(fitEscaped(none, 700));
  if (r.reasons.length > 0 || r.unknown.length > 0) {
    lines.push(md(reasonsLead(r)));
    for (const x of r.reasons) lines.push(`**${x.code}** ${md(x.category)}`);
    for (const u of r.unknown) lines.push(md(unknownReasonText(u.code)));
  }
  return { title, ...(r.cable !== null ? { url: cableUrl(r.cable) } : {}), color: COLOURS.other, description: lines.join('\n') };
}

function help(r: HelpReply): APIEmbed {
  const fields = r.commands.map((c) => field(`/${discordName(c.name)}`, `${md(c.description)}\nFor example: ${c.examples.map((e) => `\`${e}\``).join(', ')}`, false));
  if (r.topic === null) fields.push(field('In chat messages I also answer', r.automatic.map((a) => `• ${md(a)}`).join('\n'), false));
  return {
    title: r.topic === null ? 'cablebot' : `cablebot: /${discordName(r.topic)}`,
    description: `I look up the ${count(r.corpusSize, 'cable')} here from the 2010–2011 WikiLeaks release.`,
    color: COLOURS.other,
    fields,
  };
}

function settings(r: SettingsReply): string {
  return md(settingsText(r));
}

/* ------------------------------------------------------------------------------------------ */
/* Limits                                                                                     */

/** Characters an embed counts towards the 6,000 of a message. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/**
 * The last line of defence: every limit of a message body, whatever built it. Cuts at word
 * boundaries (`shorten`), drops fields beyond 25, and shortens descriptions until the
 * message's embeds total at most 6,000 characters.
 */
export function fitMessage(body: DiscordMessage): DiscordMessage {
  const embeds = body.embeds.slice(0, 10).map((e) => fitEmbed(e));
  const excess = (): number => embeds.reduce((n, e) => n + embedLength(e), 0) - LIMITS.embedTotal;
  // Give up the least important text first: description tails, then the last fields, then footers.
  for (const e of embeds) {
    if (excess() <= 0) break;
    if (e.description !== undefined) e.description = shorten(e.description, Math.max(1, e.description.length - excess()));
  }
  for (const e of embeds) {
    while (excess() > 0 && (e.fields ?? []).length > 0) e.fields = e.fields?.slice(0, -1);
  }
  for (const e of embeds) {
    if (excess() > 0 && e.footer !== undefined) e.footer = { ...e.footer, text: shorten(e.footer.text, Math.max(1, e.footer.text.length - excess())) };
  }
  return { ...body, ...(body.content !== undefined ? { content: fitText(body.content, LIMITS.content) } : {}), embeds };
}

function fitEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (e.title !== undefined) out.title = shorten(e.title, LIMITS.title);
  if (e.description !== undefined) out.description = shorten(e.description, LIMITS.description);
  if (e.fields !== undefined) out.fields = e.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: shorten(f.name, LIMITS.fieldName), value: shorten(f.value, LIMITS.fieldValue) }));
  if (e.footer !== undefined) out.footer = { ...e.footer, text: shorten(e.footer.text, LIMITS.footer) };
  return out;
}
