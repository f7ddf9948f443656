/**
 * The wording every renderer shares: what an error code, a resolution note or a missing
 * subject says. Codes come from the core; only here do they become sentences, so the
 * console, Discord and Slack say the same thing. Plain text without markup: each renderer
 * escapes and decorates it for its platform.
 */
import type { NormalizationRule } from '../src/corpus/ids/index.ts';
import { oneLine, shorten } from '../src/core/text.ts';
import type { CableHead, ErrorReply, NotFoundReply, ReasonsReply, Resolved, SettingsReply, SourceMatchReply, SourceReply } from '../src/core/reply.ts';

/** The subject, or a title made of origin and date for the cables that have none (the seed). */
export function cableTitle(cable: Pick<CableHead, 'subject' | 'origin' | 'created'>): string {
  if (cable.subject !== null && cable.subject.trim() !== '') return cable.subject.trim();
  return `Cable from ${cable.origin}, ${cable.created.slice(0, 10)} (no subject line)`;
}

const RULE_WORDS: Readonly<Record<NormalizationRule, string>> = {
  case: 'upper-cased',
  spacing: 'spaces removed',
  'zero-padding': 'leading zeros dropped',
  'station-alias': 'station name standardised',
  'prefix-dropped': 'embassy prefix dropped',
  'full-year': 'year shortened',
};

/**
 * A note on how the typed text became the ID shown, or null when it was typed as published
 * (and case or spacing alone changed: nobody needs telling that `06moscow754` is 06MOSCOW754).
 */
export function resolutionNote(id: string, canonicalId: string, resolved: Resolved): string | null {
  if (resolved.via === 'misprint') {
    return resolved.misprintVia === 'unpublished-canonical'
      ? `WikiLeaks published ${canonicalId} under the misprinted ID ${id}.`
      : `${id} is a misprinted ID as WikiLeaks published it; the correct ID is ${canonicalId}.`;
  }
  if (resolved.via === 'normalized') {
    const meaningful = resolved.rules.filter((r) => r !== 'case' && r !== 'spacing');
    if (meaningful.length === 0) return null;
    return `Read “${resolved.typed.trim()}” as ${id} (${meaningful.map((r) => RULE_WORDS[r]).join(', ')}).`;
  }
  // The ID typed is fine, but the store holds the cable's other published copy.
  if (id !== canonicalId) return `The text here is the copy published under the misprinted ID ${id}; the correct ID is ${canonicalId}.`;
  return null;
}

const NOT_AN_ID: Readonly<Record<Exclude<NotFoundReply['code'], 'unknown-id'>, string>> = {
  empty: 'Nothing to look up.',
  'too-long': 'That is too long to be a reference ID.',
  'bad-characters': 'Reference IDs have only letters and digits, like 06MOSCOW754.',
  'no-year': 'Reference IDs start with the two-digit year, like 06MOSCOW754.',
  'bad-year': 'Reference IDs start with a two-digit year, like 06MOSCOW754.',
  'no-station': 'That ID has no station name (like MOSCOW in 06MOSCOW754).',
  'no-serial': 'That ID has no serial number at the end (like 754 in 06MOSCOW754).',
  'serial-zero': 'A serial number cannot be all zeros.',
  'serial-too-long': 'That serial number is longer than any in the release.',
  'bad-shape': 'That is not the shape of a reference ID (year, station, number: 06MOSCOW754).',
};

/** First sentence of a not-found reply. */
export function notFoundText(reply: NotFoundReply): string {
  const typed = shortQuote(reply.typed);
  if (reply.code === 'unknown-id') return `No cable ${reply.normalizedId ?? typed} in the release.`;
  return `“${typed}” is not a reference ID. ${NOT_AN_ID[reply.code]}`;
}

/** The "did you mean" line, or null when there is nothing to suggest. */
export function suggestionsLead(reply: NotFoundReply): string | null {
  return reply.suggestions.length === 0 ? null : 'Did you mean:';
}

/** "Find cable source" on a message with nothing but files or embeds. */
export const MESSAGE_WITHOUT_TEXT = 'That message has no text to find the source of: I read only what a message says, not its attachments or embeds.';

/** The sentence for an error reply. */
export function errorText(reply: ErrorReply): string {
  const d = shortQuote(reply.detail);
  switch (reply.code) {
    case 'empty':
      return 'Nothing to look up. Type a reference ID such as 06MOSCOW754, or "help".';
    case 'too-long':
      return 'That is too long for a command: at most 2,000 characters (for source, paste just the passage).';
    case 'not-an-id':
      return `“${d}” is not a reference ID; they look like 06MOSCOW754. Type "help" for what I understand.`;
    case 'bad-paragraph':
      return `“${d}” is not a paragraph number: use ¶5, ¶3-5 or ¶3,7 (numbers 1–999).`;
    case 'bad-range':
      return `The paragraph range “${d}” runs backwards: write the lower number first (¶3-5).`;
    case 'too-many-paragraphs':
      return 'Too many paragraph ranges in one request: at most 10.';
    case 'trailing-text':
      return `I don't understand “${d}” after the reference ID. Add a paragraph like ¶5, or nothing.`;
    case 'search-empty':
      return 'Search for what? Add words: search larijani origin:moscow year:2006.';
    case 'bad-filter':
      return `Bad search filter “${d}”: use origin:<place> and year:<1966–2010>.`;
    case 'reasons-empty':
      return 'Explain which reasons? Example: reasons 1.4 (B & D).';
    case 'source-empty':
      return 'Find the source of what? Paste the passage: source the Ambassador told Larijani that Iran must suspend enrichment.';
    case 'source-no-text':
      return MESSAGE_WITHOUT_TEXT;
    case 'source-too-short':
      return `“${d}” is too short to tell one cable from another: paste at least 4 words of the passage.`;
    case 'paragraph-not-found': {
      const a = reply.available;
      const id = reply.cable?.id ?? 'This cable';
      const range = a === undefined ? '' : a.first === a.last ? ` It has only ¶${a.first}.` : ` It has ¶${a.first}–¶${a.last} (${a.count} numbered paragraphs).`;
      return `${id} has no paragraph ${d}.${range}`;
    }
    case 'no-paragraphs':
      return `${d} has no numbered paragraphs to quote; ask for the cable without a paragraph.`;
    case 'search-nothing-searchable':
      return `Nothing searchable in “${d}”: use words or numbers.`;
    case 'unknown-topic':
      return `No command “${d}”. Type "help" for the list.`;
    case 'bad-options':
      return `That request was malformed (${d}).`;
    case 'store-unavailable':
      return 'The cable store cannot be read right now; the operator has been told.';
    case 'index-pending':
      return 'Search is not ready yet: the cables are still being imported, and the search index comes last. Lookups by ID work; try the search again in a few minutes.';
    case 'internal':
      return 'Something went wrong answering that; the operator has been told.';
    case 'bad-setting':
      return `I don't know the setting “${d}”. Use: settings auto-detect on, or settings auto-detect off.`;
    case 'settings-unavailable':
      return 'Settings belong to a chat channel; there are none here.';
    case 'not-allowed':
      return 'Only people who can manage this channel may change its settings.';
    case 'rate-limited': {
      const s = reply.retryAfterS ?? 60;
      return `Slow down a little: that is a lot of cable requests in a minute. Try again in ${s} s.`;
    }
  }
}

/**
 * The sentence for a settings reply. In a thread whose channel has automatic answers off, the
 * thread is quiet whatever its own switch says, and the sentence says so rather than "on".
 */
export function settingsText(reply: SettingsReply): string {
  const global = reply.globallyEnabled ? '' : ' (The operator has turned message reading off for the whole bot, so only /cable works anywhere.)';
  if (reply.offInParent !== null) {
    const lead = reply.autoDetect
      ? `Automatic answers are ${reply.changed ? 'now on for this thread' : 'on for this thread'}, but its channel has them off, so I answer only /cable here. Turn them on in the channel to have them here.`
      : `Automatic answers are ${reply.changed ? 'now off' : 'off'} in this thread (its channel has them off too). I answer only /cable here.`;
    return `${lead}${global}`;
  }
  const state = reply.autoDetect ? 'on' : 'off';
  const lead = reply.changed ? `Automatic answers are now ${state} in this channel.` : `Automatic answers are ${state} in this channel.`;
  const what = reply.autoDetect
    ? ' I answer hashtags like #06MOSCOW754, WikiLeaks links and 06MOSCOW754 ¶5 in messages here.'
    : ' I answer only /cable here.';
  return `${lead}${reply.globallyEnabled ? what : ''}${global}`;
}

/** The line naming whose reasons these are (`reasons 06MOSCOW754`), or null when the user wrote reasons. */
export function reasonsCableText(reply: ReasonsReply): string | null {
  const c = reply.cable;
  if (c === null) return null;
  const by = c.classifiedBy !== null && c.classifiedBy.trim() !== '' ? ` by ${c.classifiedBy.trim()}` : '';
  if (reply.reasons.length === 0 && reply.unknown.length === 0) return `${c.id} was classified${by}; it gives no classification reasons.`;
  return `${c.id} was classified${by} for these reasons:`;
}

/** What is said when there are no reasons to explain: null when the cable line already says it. */
export function noReasonsText(reply: ReasonsReply): string | null {
  if (reply.reasons.length > 0 || reply.unknown.length > 0 || reply.cable !== null) return null;
  return `No classification reasons found in “${reply.text}”. They are written like 1.4 (B & D) or 1.5(c).`;
}

/**
 * The heading above the explained reasons: §1.4 of the order as amended in 2003, and the
 * original 1995 numbering (§1.5) when any reason cited uses it, known letter or not.
 */
export function reasonsLead(reply: ReasonsReply): string {
  const old = reply.reasons.some((x) => x.section === '1.5') || reply.unknown.some((u) => u.section === '1.5');
  return `${reply.order}, ${old ? 'section 1.5 of the original 1995 order / ' : ''}section 1.4 as amended in 2003:`;
}

/** A reason letter the order does not have. */
export function unknownReasonText(code: string): string {
  return `${code} is not a reason of the order (1.4 has a–h; 1.5 has a–g)`;
}

/** `n cable(s)` with thousands separators. */
export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** The line about cables skipped by the per-message cap, or null. */
export function skippedText(skipped: number): string | null {
  return skipped > 0 ? `(${count(skipped, 'more cable')} mentioned; I answer at most 3 at a time.)` : null;
}

/** User text quoted in a message: one line, at most 60 characters. */
export function shortQuote(text: string): string {
  return shorten(oneLine(text), 60);
}

/**
 * A paging button pressed by someone other than the person who asked, and how to read it
 * themselves: `command` is the platform's own way of asking (`/cable ref:06MOSCOW754 paragraph:6`).
 */
export function notYourPagesText(command: string): string {
  return `Only the person who asked can turn these pages. To see it yourself: ${command}`;
}

/** A button the bot no longer understands (from an older version, or not its own). */
export function staleButtonText(): string {
  return 'That button no longer works; ask again with the cable command.';
}

/** Why the Discord gateway refused the bot's intents (close code 4014), and the two ways out. */
export function disallowedIntentsText(): string {
  return (
    'Discord refused the MESSAGE_CONTENT intent (gateway close 4014: disallowed intents). ' +
    'Enable "Message Content Intent" under Bot → Privileged Gateway Intents in the Discord developer portal, ' +
    'or set CABLEBOT_AUTO_DETECT=off to serve only slash commands without reading messages.'
  );
}

// --- source ----------------------------------------------------------------------------------

/** `06MOSCOW754 ¶5`, or `06MOSCOW754 (text without numbered paragraphs)`. */
export function sourcePlace(m: Pick<SourceMatchReply, 'id' | 'paragraph'>): string {
  return m.paragraph === null ? `${m.id} (text without numbered paragraphs)` : `${m.id} ¶${m.paragraph}`;
}

/** The verdict in a sentence: how faithful the quote is to the cable. */
export function verdictText(m: Pick<SourceMatchReply, 'verdict' | 'differences'>): string {
  switch (m.verdict) {
    case 'exact':
      return 'Exact quote: the same words as the cable.';
    case 'close':
      return 'Close quote: one or two words differ from the cable.';
    case 'differs':
      return `The quote differs from the cable in ${m.differences.length} ${m.differences.length === 1 ? 'place' : 'places'}.`;
  }
}

/** Most differences listed: past it, "and N more". */
export const MAX_LISTED_DIFFERENCES = 5;

/** One difference, side by side: `the cable says “may”, the quote says “will”`. */
export function differenceText(d: { quote: string; cable: string }): string {
  const q = shortQuote(d.quote);
  const c = shortQuote(d.cable);
  if (d.quote === '') return `the quote leaves out “${c}”`;
  if (d.cable === '') return `the quote adds “${q}”`;
  return `the cable says “${c}”, the quote says “${q}”`;
}

/** "Not found in the N cables of this store", and how to widen the search on a partial store. */
export function sourceNotFoundText(r: Pick<SourceReply, 'corpusSize' | 'releaseSize'>): string {
  const base = `No cable passage matches that quote: not found in the ${count(r.corpusSize, 'cable')} of this store.`;
  if (r.corpusSize >= r.releaseSize) return base;
  return `${base} This store holds ${r.corpusSize.toLocaleString('en-US')} of the release's ${r.releaseSize.toLocaleString('en-US')} cables; importing the full release (npx cablebot import cables.csv) widens the search.`;
}

/** The lead of the other candidates. */
export function otherSourcesLead(n: number): string {
  return n === 1 ? 'Also about as close:' : `Also about as close (${n}):`;
}

/** A passage cut around a span: the text before it, the span, and after, with `…` where cut. */
export interface Excerpt {
  before: string;
  match: string;
  after: string;
}

/**
 * The part of `text` around `span` that fits `max` characters (the span itself shortened if it
 * alone is longer), whitespace runs collapsed, `…` where text was left out.
 */
export function spanExcerpt(text: string, span: { start: number; end: number }, max: number): Excerpt {
  const start = Math.max(0, Math.min(span.start, text.length));
  const end = Math.max(start, Math.min(span.end, text.length));
  const match = oneLine(text.slice(start, end));
  let before = text.slice(0, start).replace(/\s+/g, ' ').trimStart();
  let after = text.slice(end).replace(/\s+/g, ' ').trimEnd();
  // Two characters are kept for the marks of what is cut on either side.
  if (match.length > max - 2) return { before: before === '' ? '' : '…', match: shorten(match, Math.max(1, max - 2)), after: after === '' ? '' : '…' };
  const room = max - match.length - 2;
  const beforeRoom = Math.min(before.length, Math.max(Math.floor(room / 3), room - after.length));
  const afterRoom = room - beforeRoom;
  if (before.length > beforeRoom) {
    let cut = before.slice(before.length - beforeRoom);
    const space = cut.indexOf(' ');
    if (space >= 0) cut = cut.slice(space);
    before = `…${cut}`;
  }
  if (after.length > afterRoom) after = afterRoom < 2 ? '…' : shorten(after, afterRoom);
  return { before, match, after };
}
