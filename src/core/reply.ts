/**
 * The `Reply` model: what a command answers, as plain data with no platform types and no
 * wording (DESIGN.md "Shape"). Renderers in `adapters/*` turn it into text, embeds or Block
 * Kit, apply the platform's limits and choose the words. `cablebot lookup --format json`
 * prints it as is, so field names are a contract: extend, don't rename.
 */
import type { MisprintVia, NormalizationRule } from '../corpus/ids/index.ts';
import type { ParseIdErrorCode } from '../corpus/ids/index.ts';
import type { GrammarErrorCode } from './input.ts';
import type { ExplainedReason, UnknownReason } from './reasons.ts';
import type { CableLinks } from './links.ts';

/** How the text the user wrote became the ID answered. */
export interface Resolved {
  /** The reference as written (`06moscow0754`). */
  typed: string;
  /**
   * `exact`: a published ID as written; `normalized`: case, spacing, zero padding or a
   * station alias changed; `misprint`: the misprint table matched (see `misprintVia`).
   */
  via: 'exact' | 'normalized' | 'misprint';
  rules: NormalizationRule[];
  misprintVia: MisprintVia | null;
}

/** Who a cable is: what every cable-related reply carries. */
export interface CableHead {
  /** The published ID: shown and linked (a misprinted ID stays as published). */
  id: string;
  /** The correct ID; differs from `id` for the 203 misprints. */
  canonicalId: string;
  /** The subject line, or null (the seed 06MOSCOW754 has none). */
  subject: string | null;
  /** `YYYY-MM-DD HH:MM`. */
  created: string;
  classification: string;
  origin: string;
  links: CableLinks;
  /** `['#cablegate', '#06MOSCOW754']`. */
  hashtags: string[];
  resolved: Resolved;
}

/** A paragraph's number and its viewer anchor. */
export interface ParagraphLink {
  number: number;
  url: string | null;
}

/** The summary card of a cable. */
export interface CableCardReply {
  kind: 'cable';
  cable: CableHead;
  released: string | null;
  classifiedBy: string | null;
  /** The cited reasons explained (E.O. 12958 §1.4 / §1.5), and letters the order lacks. */
  reasons: ExplainedReason[];
  unknownReasons: UnknownReason[];
  tags: string[];
  /**
   * The SUMMARY paragraph, or the first paragraph when there is none, shortened at a sentence
   * or word boundary to {@link CARD_SUMMARY_CHARS}; null for a cable with no text.
   */
  summary: string | null;
  summarySource: 'summary' | 'first-paragraph' | null;
  /** Whether `summary` was shortened. */
  summaryShortened: boolean;
  /** Numbered paragraphs (repeats counted once). */
  paragraphCount: number;
  /** The distinct paragraph numbers in order, with viewer anchors. */
  paragraphs: ParagraphLink[];
  /** Cables it cites (REF lines) and stored cables that cite it. */
  cites: number;
  citedBy: number;
  /** A press "partial extract": only part of the original text is published. */
  partial: boolean;
}

/** One quoted paragraph: the full text; renderers shorten it with a link to the rest. */
export interface QuotedParagraph {
  number: number;
  marking: string | null;
  heading: string | null;
  text: string;
  url: string | null;
}

/** One paragraph, a range or a list of paragraphs of a cable. */
export interface ParagraphsReply {
  kind: 'paragraphs';
  cable: CableHead;
  /** The paragraphs asked for that the cable has, in the order asked, at most {@link MAX_QUOTED_PARAGRAPHS}. */
  paragraphs: QuotedParagraph[];
  /** Numbers asked for that the cable lacks (when at least one asked for exists). */
  missing: number[];
  /** Paragraphs asked for and found but left out beyond the cap. */
  omitted: number;
  /** The paragraph numbers before the first and after the last quoted one, for paging; null at the ends. */
  previous: number | null;
  next: number | null;
  /** First and last paragraph number of the cable. */
  first: number;
  last: number;
}

/** A known ID of the release whose text this store does not hold. */
export interface NotInCorpusReply {
  kind: 'not-in-corpus';
  cable: Pick<CableHead, 'id' | 'canonicalId' | 'links' | 'hashtags' | 'resolved'>;
  /** Cables in this store. */
  corpusSize: number;
}

/** A suggestion for text that is not a known ID. */
export interface SuggestedCable {
  id: string;
  canonicalId: string;
  viewerUrl: string | null;
  /** Whether its text is in this store. */
  inCorpus: boolean;
}

/** Text that is not an ID of the release. */
export interface NotFoundReply {
  kind: 'not-found';
  /** The reference as written. */
  typed: string;
  /**
   * `unknown-id`: shaped like an ID but not in the release (`normalizedId` says how it was
   * read); otherwise why it is not an ID at all (`no-serial`, `bad-year`, …).
   */
  code: 'unknown-id' | ParseIdErrorCode;
  normalizedId: string | null;
  /** Up to 5 near misses, best first. */
  suggestions: SuggestedCable[];
}

/** A piece of a search snippet; `match` pieces are the words found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One search hit. */
export interface SearchHitReply {
  id: string;
  subject: string | null;
  created: string;
  origin: string;
  snippet: SnippetPart[];
  viewerUrl: string | null;
}

/** Full-text search results. */
export interface SearchReply {
  kind: 'search';
  query: string;
  origin: string | null;
  year: number | null;
  /** Best first, at most {@link SEARCH_RESULTS}. */
  hits: SearchHitReply[];
  /** Whether more hits exist beyond those shown. */
  more: boolean;
  corpusSize: number;
}

/** Classification reasons explained. */
export interface ReasonsReply {
  kind: 'reasons';
  /** The text explained: what the user wrote, or the cable's reason codes (`1.4(b) 1.4(d)`). */
  text: string;
  order: string;
  reasons: ExplainedReason[];
  unknown: UnknownReason[];
  /** When the user named a cable: whose reasons these are, and who classified it. */
  cable: (Pick<CableHead, 'id' | 'canonicalId' | 'links'> & { classifiedBy: string | null }) | null;
}

/** A command as help shows it. */
export interface CommandHelp {
  name: string;
  description: string;
  /** Forms, e.g. `cable <ID> [¶N | ¶N-M | ¶N,M]`. */
  usage: string[];
  examples: string[];
}

/** Help: every command, or the one asked about. */
export interface HelpReply {
  kind: 'help';
  topic: string | null;
  commands: CommandHelp[];
  /** What the message scanner picks up without a command (hashtags, URLs, ID¶N). */
  automatic: string[];
  corpusSize: number;
}

/** A channel's settings, shown or just changed. */
export interface SettingsReply {
  kind: 'settings';
  platform: 'discord' | 'slack';
  channelId: string;
  autoDetect: boolean;
  /**
   * In a thread: the channel it belongs to, when that channel has automatic answers off (which
   * quiets the thread whatever its own switch says); else null.
   */
  offInParent: string | null;
  /** Whether this request changed it. */
  changed: boolean;
  /** Whether the bot reads messages at all (`CABLEBOT_AUTO_DETECT`); off overrides the channel. */
  globallyEnabled: boolean;
}

/** One place a quote was found (`source`). */
export interface SourceMatchReply {
  /** The published ID of the cable. */
  id: string;
  /** The paragraph's printed number; null for a cable without numbered paragraphs (its whole text). */
  paragraph: number | null;
  /** Matched words ÷ (matched words + words changed, added or left out), rounded to 0.001; 1 for an exact quote. */
  score: number;
  /**
   * `exact`: the same words (case, quote marks, spacing, ellipses and bracketed insertions
   * aside); `close`: one or two words differ; `differs`: more.
   */
  verdict: 'exact' | 'close' | 'differs';
  /** Where the quote sits in `text`: `[start, end)` in UTF-16 code units. */
  span: { start: number; end: number };
  /** Each run of words that differ, in quote order: what the quote says and what the cable says ('' for none). */
  differences: { quote: string; cable: string }[];
  cable: CableHead;
  /** The paragraph's text (the cable's body for an unnumbered block). */
  text: string;
  /** The paragraph's marking (`C`, `S/NF`), or null. */
  marking: string | null;
  /** The viewer link to the paragraph (`…/06MOSCOW754.html#par5`), or to the cable for an unnumbered block. */
  url: string | null;
}

/** Quote → source: the cables and paragraphs a passage comes from, best first. */
export interface SourceReply {
  kind: 'source';
  /** The text looked for, as given. */
  quote: string;
  /** Best first: the best match and up to two about as good; [] when nothing matches. */
  matches: SourceMatchReply[];
  /** Cables in this store. */
  corpusSize: number;
  /** Cables in the release: when the store holds fewer, importing the full release widens the search. */
  releaseSize: number;
}

/** Why a command could not answer; renderers word it. */
export type ErrorCode =
  | GrammarErrorCode
  /** The cable has no paragraph with that number (`available` says which exist). */
  | 'paragraph-not-found'
  /** Paragraphs asked of a cable that has no numbered paragraphs. */
  | 'no-paragraphs'
  /** The search text has nothing searchable (only punctuation or stop characters). */
  | 'search-nothing-searchable'
  /** `help <topic>` for no such command. */
  | 'unknown-topic'
  /** Options that fail the command's schema (an adapter built bad options). */
  | 'bad-options'
  /** The store could not be read (missing, corrupt); `detail` names the file. */
  | 'store-unavailable'
  /**
   * A search (or quote → source) while the store's search index is still to be built: a large
   * import builds it at its end, or was stopped before it. Lookups by ID work meanwhile.
   */
  | 'index-pending'
  /** A bug: logged with its stack, the user told only that it failed. */
  | 'internal'
  /** `settings` where there are no channels (the console, `cablebot lookup`). */
  | 'settings-unavailable'
  /** Changing a setting without the right to manage the channel. */
  | 'not-allowed'
  /** Too many commands from this user or channel this minute; `retryAfterS` says how long to wait. */
  | 'rate-limited'
  /** `source` with fewer than 4 words: too few to tell one cable from another. */
  | 'source-too-short'
  /** "Find cable source" used on a message with no text (files, embeds only). */
  | 'source-no-text';

/** An error reply. */
export interface ErrorReply {
  kind: 'error';
  code: ErrorCode;
  /** The offending text or the fact to name (≤ 200 characters); never prose. */
  detail: string;
  /** For paragraph errors: the cable and the paragraph numbers it has. */
  cable?: Pick<CableHead, 'id' | 'canonicalId' | 'links'>;
  available?: { first: number; last: number; count: number };
  /** For `rate-limited`: whole seconds until a command would be answered again. */
  retryAfterS?: number;
}

/** What a command answers. */
export type Reply =
  | CableCardReply
  | ParagraphsReply
  | NotInCorpusReply
  | NotFoundReply
  | SearchReply
  | SourceReply
  | ReasonsReply
  | HelpReply
  | SettingsReply
  | ErrorReply;

/** The answer to one input text or message: its replies, and how many cables were skipped by the cap. */
export interface Answer {
  replies: Reply[];
  skipped: number;
}

/** Longest card summary, before any platform limit. */
export const CARD_SUMMARY_CHARS = 700;
/** Most paragraphs quoted in one reply. */
export const MAX_QUOTED_PARAGRAPHS = 10;
/** Search hits shown. */
export const SEARCH_RESULTS = 5;
