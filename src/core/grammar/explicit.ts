/**
 * Explicit text: what follows `/cable` in Slack or Discord, a console line, `cablebot lookup
 * <text>`. Everything in it is meant for the bot, so unlike a message scan it reports what it
 * cannot read (with a code; the wording lives in the renderers).
 *
 *   [/cable | cable | /search | /source | /reasons | /help]  [search | source | reasons | help | ?]  rest
 *
 * With no verb the rest is cable lookups: `06MOSCOW754 ¶5`, `06 MOSCOW 754 5`,
 * `#06MOSCOW754, 06MOSCOW755 ¶2-3`, a viewer URL.
 */
import { fullYear, MAX_ID_INPUT_LENGTH } from '../../corpus/ids/parse.ts';
import { FIRST_CABLE_YEAR, LAST_CABLE_YEAR, MAX_CABLES_PER_MESSAGE, MAX_REASONS_TEXT, MAX_SEARCH_TEXT } from '../input.ts';
import type { CableInput, CommandInput, GrammarErrorCode, ParagraphSpan, ParsedCommand } from '../input.ts';
import { cut, detailOf, HASH, isAlnum, isLetter, isSpace, skipBlanks, skipSpaces, wordEnd } from './chars.ts';
import { ANY_SELECTOR, isSeparator, PILCROW_ONLY, readSelector, SELECTOR_WORDS } from './selector.ts';
import { parseCableUrl, urlAt } from './url.ts';

/** Longest explicit text read: a Discord message is at most 2,000 characters. */
export const MAX_COMMAND_TEXT = 2000;
/** Room for the command words before a `source` quote (`/cable source `). */
const COMMAND_WORDS_ROOM = 32;
/** Longest `origin:` value (the search schema's limit). */
const MAX_ORIGIN = 60;
/** Longest help topic (the help schema's limit). */
const MAX_TOPIC = 40;
/** Station words a spaced ID may have (`06 RIO DE JANEIRO 123`). */
const MAX_STATION_WORDS = 4;

type Verb = 'search' | 'source' | 'reasons' | 'help' | 'settings';

/** Leading command words; `null` means "a cable lookup, or a verb next". */
const COMMAND_WORDS: ReadonlyMap<string, Verb | null> = new Map<string, Verb | null>([
  ['/cable', null],
  ['cable', null],
  ['/search', 'search'],
  ['/reasons', 'reasons'],
  ['/source', 'source'],
  ['/cable-source', 'source'],
  ['/help', 'help'],
  ['/cable-settings', 'settings'],
]);
const VERBS: ReadonlyMap<string, Verb> = new Map<string, Verb>([
  ['search', 'search'],
  ['reasons', 'reasons'],
  ['source', 'source'],
  ['help', 'help'],
  ['?', 'help'],
  ['settings', 'settings'],
]);

type Failure = Extract<ParsedCommand, { ok: false }>;

function failure(code: GrammarErrorCode, detail: string): Failure {
  return { ok: false, code, detail: detailOf(detail) };
}

/**
 * Reads explicit text into the inputs it asks for, or an error code with the offending piece
 * (at most 60 characters): `empty`, `too-long` (over {@link MAX_COMMAND_TEXT}), `not-an-id`,
 * `bad-paragraph`, `bad-range`, `too-many-paragraphs`, `trailing-text`, `search-empty`,
 * `bad-filter`, `reasons-empty`, `source-empty`. Every ok result satisfies the option schemas of input.ts.
 *
 * - `06MOSCOW754`, `#06moscow754`, `06 MOSCOW 754`, `06-MOSCOW-754`, `2006MOSCOW0754`,
 *   `08ECTION01OF02MANAMA492`, `06ASTANA`: `ref` is the ID as written (no `#`, no selector);
 *   resolution normalises it. Any word of letters and digits is taken (resolution decides);
 *   a word without both (`please`, `754`) is `not-an-id`.
 * - then a selector: `5`, `¶5`, `¶ 5`, `p5`, `para 5`, `paragraphs 3-5`, `#par5`, `¶3–5`,
 *   `¶3,7`, `¶1,3-5` (glued too: `06MOSCOW754¶5`, `06MOSCOW754#par5`);
 * - several lookups separated by blanks or commas, each with its own selector: the first
 *   {@link MAX_CABLES_PER_MESSAGE} distinct ones are inputs, further distinct ones `skipped`;
 * - `search <words> [origin:X] [year:YYYY]`, `source <quote>`, `reasons <text>`, `help [topic]` (also `?`).
 */
export function parseCommandText(text: string): ParsedCommand {
  // `source` measures its quote, not the line: `/cable-source ` must not eat into the 2,000
  // characters a pasted passage may have.
  if (text.length > MAX_COMMAND_TEXT + COMMAND_WORDS_ROOM) return failure('too-long', text);
  let i = skipSpaces(text, 0);
  const first = text.slice(i, wordEnd(text, i));
  const commandWord = COMMAND_WORDS.get(first.toLowerCase());
  let verb: Verb | null = commandWord ?? null;
  if (commandWord !== undefined) i = skipSpaces(text, i + first.length);
  if (commandWord === undefined || commandWord === null) {
    const word = text.slice(i, wordEnd(text, i));
    const v = VERBS.get(word.toLowerCase());
    if (v !== undefined) {
      verb = v;
      i += word.length;
    }
  }
  const rest = text.slice(i);
  if (verb === 'source' ? rest.trim().length > MAX_COMMAND_TEXT : text.length > MAX_COMMAND_TEXT) return failure('too-long', text);
  switch (verb) {
    case 'search':
      return parseSearch(rest);
    case 'reasons':
      return parseReasons(rest);
    case 'source':
      return parseSource(rest);
    case 'help':
      return parseHelp(rest);
    case 'settings':
      return parseSettings(rest);
    case null:
      return parseLookups(text, i);
  }
}

// --- help, reasons, settings -----------------------------------------------------------------

/** Spellings of the one setting there is. */
const AUTO_DETECT_NAMES: ReadonlySet<string> = new Set(['auto-detect', 'autodetect', 'auto', 'detect', 'auto-detection']);
const ON_OFF: ReadonlyMap<string, boolean> = new Map([
  ['on', true],
  ['off', false],
  ['yes', true],
  ['no', false],
  ['true', true],
  ['false', false],
]);

/** `settings` (show) or `settings auto-detect on|off`; anything else is `bad-setting`. */
function parseSettings(rest: string): ParsedCommand {
  const words = rest.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return ok([{ command: 'settings', options: { autoDetect: null } }]);
  const [name, value, ...more] = words;
  const on = value === undefined ? undefined : ON_OFF.get(value);
  if (name === undefined || !AUTO_DETECT_NAMES.has(name) || on === undefined || more.length > 0) return failure('bad-setting', rest.trim());
  return ok([{ command: 'settings', options: { autoDetect: on } }]);
}

/** `help [topic]`: the topic is the first word (`help /search` → `search`), null when none. */
function parseHelp(rest: string): ParsedCommand {
  const at = skipSpaces(rest, 0);
  let word = rest.slice(at, wordEnd(rest, at)).replace(/^\/+/, '');
  if (word.length > MAX_TOPIC) word = cut(word, MAX_TOPIC);
  return ok([{ command: 'help', options: { topic: word === '' ? null : word } }]);
}

/** `reasons <text>`: the notation to explain (`1.4 (B & D)`) or an ID, as written. */
function parseReasons(rest: string): ParsedCommand {
  const text = rest.trim();
  if (text === '') return failure('reasons-empty', '');
  if (text.length > MAX_REASONS_TEXT) return failure('too-long', text);
  return ok([{ command: 'reasons', options: { text } }]);
}

/** `source <quote>`: the passage to find, as written (the command reads the words). */
function parseSource(rest: string): ParsedCommand {
  const text = rest.trim();
  if (text === '') return failure('source-empty', '');
  return ok([{ command: 'source', options: { text } }]);
}

function ok(inputs: CommandInput[], skipped = 0): ParsedCommand {
  return { ok: true, inputs, skipped };
}

// --- search ----------------------------------------------------------------------------------

type Filter = { key: string; value: string; end: number } | null;

/**
 * `search <words> [origin:X] [year:YYYY]`: filters anywhere, keys in any case, `origin:"buenos
 * aires"` quoted. A `word:value` is a filter only when the word is letters only and the value
 * is not empty and not a path (`https://…`, `1.4(b):` and `10:30` are words); an unknown
 * letters-only key is `bad-filter`, as it is surely a mistyped filter.
 */
function parseSearch(rest: string): ParsedCommand {
  const words: string[] = [];
  let origin: string | null = null;
  let year: number | null = null;
  let i = skipSpaces(rest, 0);
  while (i < rest.length) {
    const filter = filterAt(rest, i);
    if (filter === null) {
      const end = wordOrPhraseEnd(rest, i);
      words.push(rest.slice(i, end).replace(/\s+/g, ' '));
      i = skipSpaces(rest, end);
      continue;
    }
    const piece = rest.slice(i, filter.end);
    if (filter.key === 'origin') {
      origin = filter.value.replace(/\s+/g, ' ').trim();
      if (origin === '' || origin.length > MAX_ORIGIN) return failure('bad-filter', piece);
    } else if (filter.key === 'year') {
      year = yearOf(filter.value);
      if (year === null) return failure('bad-filter', piece);
    } else {
      return failure('bad-filter', piece);
    }
    i = skipSpaces(rest, filter.end);
  }
  const query = words.join(' ').trim();
  if (query === '') return failure('search-empty', '');
  if (query.length > MAX_SEARCH_TEXT) return failure('too-long', query);
  return ok([{ command: 'search', options: { query, origin, year } }]);
}

/** A `key:value` filter at `i`, or null. `origin:` and `year:` with no value are filters too (bad ones). */
function filterAt(text: string, i: number): Filter {
  let k = i;
  while (k < text.length && isLetter(text.charCodeAt(k))) k++;
  if (k === i || text.charCodeAt(k) !== 0x3a) return null;
  const key = text.slice(i, k).toLowerCase();
  const v = k + 1;
  const quoted = isQuote(text.charCodeAt(v));
  const end = quoted ? phraseEnd(text, v) : wordEnd(text, v);
  const value = quoted ? text.slice(v + 1, closingQuote(text, v, end) ? end - 1 : end) : text.slice(v, end);
  const known = key === 'origin' || key === 'year';
  if ((value === '' || value.startsWith('/')) && !known) return null;
  return { key, value, end };
}

/** `year:2006`, `year:06` (two digits: 66–99 → 19YY, else 20YY), within the release. */
function yearOf(value: string): number | null {
  if (!/^\d{2}$|^\d{4}$/.test(value)) return null;
  const year = value.length === 2 ? fullYear(Number(value)) : Number(value);
  return year >= FIRST_CABLE_YEAR && year <= LAST_CABLE_YEAR ? year : null;
}

const QUOTES = new Set([0x22, 0x201c, 0x201d]);

function isQuote(c: number): boolean {
  return QUOTES.has(c);
}

/** End of a word, or of a quoted phrase (`"human rights"`, kept with its quotes for the store). */
function wordOrPhraseEnd(text: string, i: number): number {
  return isQuote(text.charCodeAt(i)) ? phraseEnd(text, i) : wordEnd(text, i);
}

/** Index just past the quote closing the one at `i`, or the end of the text when unclosed. */
function phraseEnd(text: string, i: number): number {
  for (let k = i + 1; k < text.length; k++) if (isQuote(text.charCodeAt(k))) return k + 1;
  return text.length;
}

function closingQuote(text: string, open: number, end: number): boolean {
  return end > open + 1 && isQuote(text.charCodeAt(end - 1));
}

// --- cable lookups ---------------------------------------------------------------------------

type Lookup = { ok: true; ref: string; paragraphs: ParagraphSpan[]; end: number };

/** The lookups from `start` on, deduplicated and capped. */
function parseLookups(text: string, start: number): ParsedCommand {
  const inputs: CableInput[] = [];
  const keys = new Set<string>();
  let skipped = 0;
  let i = skipSeparators(text, start);
  while (i < text.length) {
    const item = readLookup(text, i, keys.size === 0);
    if (!item.ok) return item;
    const key = `${compactRef(item.ref)}|${item.paragraphs.map((p) => `${p.from}-${p.to}`).join(',')}`;
    if (!keys.has(key)) {
      keys.add(key);
      if (inputs.length < MAX_CABLES_PER_MESSAGE) inputs.push({ command: 'cable', options: { ref: item.ref, paragraphs: item.paragraphs, source: 'command' } });
      else skipped++;
    }
    i = skipSeparators(text, item.end);
  }
  if (inputs.length === 0) return failure('empty', '');
  return ok(inputs, skipped);
}

/** One lookup at `i`: a cable URL, or an ID (optionally `#`), then an optional selector. */
function readLookup(text: string, i: number, first: boolean): Lookup | Failure {
  const fromUrl = readUrlRef(text, i);
  const refStart = text.charCodeAt(i) === HASH ? i + 1 : i;
  // A selector where an ID should be (`/cable ¶5`, a second `#par5`) names no cable.
  const misplaced = readSelector(text, i, PILCROW_ONLY) !== null;
  const refEnd = fromUrl !== null ? fromUrl.end : misplaced ? -1 : readRef(text, refStart);
  if (refEnd === -1) return first ? failure('not-an-id', text.slice(i, wordEnd(text, i))) : failure('trailing-text', text.slice(i));
  const selector = selectorAfter(text, refEnd);
  if (selector !== null && !selector.ok) return failure(selector.code, selector.detail);
  const end = selector?.end ?? refEnd;
  if (!isSeparator(text.charCodeAt(end))) return failure('trailing-text', text.slice(end));
  const ref = fromUrl?.id ?? text.slice(refStart, refEnd);
  const paragraphs = selector?.spans ?? (fromUrl?.paragraph == null ? [] : [{ from: fromUrl.paragraph, to: fromUrl.paragraph }]);
  return { ok: true, ref, paragraphs, end };
}

/** A pasted cable URL at `i` (`/cable https://wikileaks.org/cable/…#par5`), or null. */
function readUrlRef(text: string, i: number): { id: string; paragraph: number | null; end: number } | null {
  const at = urlAt(text, i, text.length);
  if (!at.url) return null;
  const cable = parseCableUrl(text.slice(i, at.end));
  return cable === null ? null : { ...cable, end: at.end };
}

/** A selector glued to the ID (`¶5`, `#par5`) or after blanks (any form); null when none. */
function selectorAfter(text: string, refEnd: number): ReturnType<typeof readSelector> {
  const glued = readSelector(text, refEnd, PILCROW_ONLY);
  if (glued !== null) return glued;
  const at = skipBlanks(text, refEnd);
  return at > refEnd ? readSelector(text, at, ANY_SELECTOR) : null;
}

/**
 * End of the ID starting at `i`, or -1 when there is none. An ID is one word of letters,
 * digits and hyphens with both a letter and a digit; a spaced ID (`06 MOSCOW 754`,
 * `06 BUENOS AIRES 123`, `06MOSCOW 754`) extends over further words only while it has no
 * serial: a year word, then station words, then one serial word — so `06 MOSCOW 754 5`
 * is the ID and ¶5. Without a serial it keeps one station word (`06 ASTANA`).
 */
function readRef(text: string, i: number): number {
  const first = idWordEnd(text, i);
  if (first === i || first - i > MAX_ID_INPUT_LENGTH) return -1;
  const word = compactRef(text.slice(i, first));
  if (SELECTOR_WORD_NUMBER.test(word)) return -1;
  const end = /^\d{2}$|^\d{4}$|^\d+[A-Z]+$/.test(word) ? extendRef(text, i, first, /^\d+$/.test(word)) : first;
  const compact = compactRef(text.slice(i, end));
  return /[A-Z]/.test(compact) && /\d/.test(compact) ? end : -1;
}

/** The spaced-ID extension of {@link readRef}; `yearOnly` when the first word is just the year. */
function extendRef(text: string, i: number, firstEnd: number, yearOnly: boolean): number {
  let stationWords = 0;
  let fallback = yearOnly ? -1 : firstEnd;
  let k = firstEnd;
  for (;;) {
    const s = skipBlanks(text, k);
    const e = idWordEnd(text, s);
    if (s === k || e === s || e - i > MAX_ID_INPUT_LENGTH) break;
    const word = compactRef(text.slice(s, e));
    if (/^[A-Z]+$/.test(word) && !SELECTOR_WORDS.has(word.toLowerCase()) && stationWords < MAX_STATION_WORDS) {
      stationWords++;
      if (fallback === -1) fallback = e;
      k = e;
      continue;
    }
    if ((stationWords > 0 || !yearOnly) && /^\d+$/.test(word)) return e;
    if (/^[A-Z]+\d+$/.test(word)) return e;
    break;
  }
  return fallback === -1 ? firstEnd : fallback;
}

/** `p5`, `para5`: a selector, though it has letters and digits like an ID. */
const SELECTOR_WORD_NUMBER = /^(?:P|PP|PARS?|PARAS?|PARAGRAPHS?)\d+$/;

/** End of a run of ASCII letters, digits and hyphens (`06-MOSCOW-754`, `PORT-OF-SPAIN`). */
function idWordEnd(text: string, i: number): number {
  let k = i;
  while (k < text.length && (isAlnum(text.charCodeAt(k)) || text.charCodeAt(k) === 0x2d)) k++;
  return k;
}

/** The ref as resolution compares it: upper case, no blanks or hyphens. */
function compactRef(ref: string): string {
  return ref.replace(/[\s-]+/g, '').toUpperCase();
}

/** Skips whitespace and commas between lookups. */
function skipSeparators(text: string, i: number): number {
  let k = i;
  while (k < text.length && (isSpace(text.charCodeAt(k)) || text.charCodeAt(k) === 0x2c)) k++;
  return k;
}
