/**
 * Automatic detection: the cable lookups in a chat message, found without a command.
 * People cite cables the way the WikiLeaks viewer taught them to: `#06MOSCOW754` (the viewer
 * asked readers to tag messages `#cablegate #<ID>`), viewer and mirror URLs, `06MOSCOW754 ¶5`;
 * and sometimes just write the ID in prose. Being wrong here is noisy (the bot answers
 * unasked), so the rules are strict: a bare ID counts only when it is a known ID and a whole
 * word, nothing inside code, quotes or `<…>` counts, and each cable is looked up once.
 *
 * Linear in the message length: one pass over the live text (regions.ts), every candidate
 * read once, at most {@link ScanOptions.maxIdChecks} calls of the caller's predicate, and the
 * scan stops once {@link MAX_SKIPPED_COUNT} lookups beyond the cap have been counted.
 */
import { MAX_ID_INPUT_LENGTH, parseId } from '../../corpus/ids/parse.ts';
import { MAX_CABLES_PER_MESSAGE } from '../input.ts';
import type { CableInput, LookupSource, MessageScan, ParagraphSpan } from '../input.ts';
import { alnumEnd, asciiSet, HASH, inSet, isAlnum, isBlank, isDigit, PILCROW } from './chars.ts';
import { forEachLiveRange } from './regions.ts';
import type { AngleBrackets } from './regions.ts';
import { PILCROW_ONLY, readSelector } from './selector.ts';
import { parseCableUrl, urlAt } from './url.ts';

/** Options of {@link scanMessage}. */
export interface ScanOptions {
  /**
   * Whether an ID (upper case, letters and digits only, e.g. `06MOSCOW754`, `06ASTANA`,
   * `2006MOSCOW0754`) names a cable of the release. Decides bare IDs in prose, and hashtags
   * whose body is not ID-shaped (`#06ASTANA`). Called at most {@link maxIdChecks} times per
   * message, once per distinct text; keep it cheap — `IdIndex.resolve` computes suggestions
   * for unknown text (milliseconds each), {@link knownIdPredicate} does not.
   */
  isKnownId: (compactUpperId: string) => boolean;
  /** Most lookups returned (default {@link MAX_CABLES_PER_MESSAGE}); further distinct ones are counted in `skipped`. */
  max?: number;
  /** How `<…>` is read: `'ignore'` (default; Discord, console) or `'slack'`. See {@link AngleBrackets}. */
  angleBrackets?: AngleBrackets;
  /**
   * Most calls of `isKnownId` per message (default {@link DEFAULT_MAX_ID_CHECKS}). Past it,
   * bare candidates are not looked up (ID-shaped hashtags, `ID¶N` and URLs still count), so a
   * message stuffed with made-up IDs costs a bounded amount of work.
   */
  maxIdChecks?: number;
}

/** Default {@link ScanOptions.maxIdChecks}: far more than a real message cites. */
export const DEFAULT_MAX_ID_CHECKS = 32;
/** `skipped` stops counting here: the scan ends once this many lookups beyond the cap are found. */
export const MAX_SKIPPED_COUNT = 100;
/** Shortest ID-shaped text: year, one station letter, one serial digit (`06A1`). */
const MIN_ID_LENGTH = 4;
/** Shortest text a bare candidate may be: the shortest of the 251,287 IDs has 6 characters. */
const MIN_BARE_LENGTH = 6;

/**
 * Finds the cable lookups in a chat message, in order of appearance: hashtags (`#06MOSCOW754`,
 * `#06moscow754¶5`, `#06MOSCOW754#par5`) → `hashtag`; viewer, mirror, PlusD and
 * cablegatesearch URLs (`#parN` fragment as paragraph) → `url`; `ID¶N`, `ID ¶N`, `ID#parN`
 * with an ID-shaped or known ID → `pilcrow`; a known ID alone as a word → `bare`. A hashtag
 * counts when its body is ID-shaped (`parseId`) or known: `#cablegate`, `#iran`, `#1` do not.
 *
 * Ignores code, quoted lines and `<…>` (see regions.ts and {@link AngleBrackets}). The same
 * cable with the same paragraphs counts once. Never throws (unless `isKnownId` does); linear
 * time.
 */
export function scanMessage(text: string, opts: ScanOptions): MessageScan {
  const scan = new Scanner(text, opts);
  forEachLiveRange(text, opts.angleBrackets ?? 'ignore', (start, end) => scan.range(start, end));
  return scan.result();
}

/** Characters that make an adjacent ID part of something else: a path, an e-mail, a name. */
const GLUE_BEFORE = asciiSet('/@.-=\\&$%+');
/**
 * Glue before an ID only when they follow a letter or digit: `file_06MOSCOW754`, but
 * `_06MOSCOW754_` and `~06MOSCOW754~` are italics and strike-through in Slack and Discord.
 */
const GLUE_BEFORE_IF_WORD = asciiSet('_~');
const GLUE_AFTER = asciiSet('/@=\\');
/**
 * Glue only when followed by a letter or digit (`06MOSCOW754.html`, `06MOSCOW754_a.html`,
 * but `see 06MOSCOW754.` and the closing `_` of `_06MOSCOW754_`).
 */
const GLUE_AFTER_IF_MORE = asciiSet('.-_');
/** Before `#`, these make it a URL fragment or an HTML entity rather than a hashtag. */
const NOT_HASHTAG_AFTER = asciiSet('&/');
const UNDERSCORE = 0x5f;
const URL_WORD_END = asciiSet(':.-');

class Scanner {
  readonly #text: string;
  readonly #isKnownId: (id: string) => boolean;
  readonly #max: number;
  readonly #maxChecks: number;
  readonly #inputs: CableInput[] = [];
  readonly #keys = new Set<string>();
  #skipped = 0;
  #checks = 0;
  /** Enough found: every further lookup would only add to a saturated `skipped`. */
  #full = false;
  readonly #known = new Map<string, boolean>();
  readonly #shaped = new Map<string, boolean>();
  /** No URL starts before this index (a host name was looked for up to here). */
  #noUrlUntil = 0;

  constructor(text: string, opts: ScanOptions) {
    this.#text = text;
    this.#isKnownId = opts.isKnownId;
    this.#max = count(opts.max, MAX_CABLES_PER_MESSAGE);
    this.#maxChecks = count(opts.maxIdChecks, DEFAULT_MAX_ID_CHECKS);
  }

  result(): MessageScan {
    return { inputs: this.#inputs, skipped: this.#skipped };
  }

  /** Reads one live stretch `[start, end)`; false once the scan is full. */
  range(start: number, end: number): boolean {
    const text = this.#text;
    let i = start;
    while (i < end && !this.#full) {
      const c = text.charCodeAt(i);
      if (c === HASH) i = this.#hashtag(i, end);
      else if (!isAlnum(c)) i++;
      else if (i > 0 && isAlnum(text.charCodeAt(i - 1))) i = alnumEnd(text, i, end);
      else i = this.#wordStart(i, end);
    }
    return !this.#full;
  }

  /** At the start of a word: a URL, or an ID with a pilcrow, or a bare ID. */
  #wordStart(i: number, end: number): number {
    const j = alnumEnd(this.#text, i, end);
    // A URL's first word ends in `:` (the scheme) or `.` / `-` (a host name): most words cannot start one.
    if (i >= this.#noUrlUntil && inSet(URL_WORD_END, this.#text.charCodeAt(j))) {
      const u = urlAt(this.#text, i, end);
      if (u.url) {
        const cable = parseCableUrl(this.#text.slice(i, u.end));
        if (cable !== null) this.#add(cable.id, cable.id.toUpperCase(), cable.paragraph === null ? [] : [{ from: cable.paragraph, to: cable.paragraph }], 'url');
        return u.end;
      }
      this.#noUrlUntil = u.hostEnd;
    }
    return this.#word(i, j, end);
  }

  /** The word of letters and digits `[i, j)`: `ID¶N` → pilcrow, a known ID → bare. */
  #word(i: number, j: number, end: number): number {
    const text = this.#text;
    const length = j - i;
    if (length < MIN_ID_LENGTH || length > MAX_ID_INPUT_LENGTH || !isDigit(text.charCodeAt(i)) || this.#gluedBefore(i)) return j;
    const upper = text.slice(i, j).toUpperCase();
    const selector = this.#selectorAt(j, end);
    if (selector !== null && (this.#hasShape(upper) || this.#isKnown(upper))) {
      this.#add(text.slice(i, j), upper, selector.spans, 'pilcrow');
      return selector.end;
    }
    if (length >= MIN_BARE_LENGTH && !this.#gluedAfter(j) && this.#isKnown(upper)) this.#add(text.slice(i, j), upper, [], 'bare');
    return j;
  }

  /** A hashtag at `i` whose body is an ID: `#06MOSCOW754`, `#06moscow754¶5`, `#06ASTANA` (known). */
  #hashtag(i: number, end: number): number {
    const text = this.#text;
    const b = i + 1;
    const j = alnumEnd(text, b, end);
    // `C#06…`, `&#1234;`, `a_#1`: not a hashtag, and its body is no bare word either; `_#06…_` is italics.
    if (i > 0 && (isAlnum(text.charCodeAt(i - 1)) || inSet(NOT_HASHTAG_AFTER, text.charCodeAt(i - 1)) || this.#gluedBefore(i))) return j;
    // IDs start with the year: `#cablegate`, `#iran` are done with at the first letter.
    if (j - b < MIN_ID_LENGTH || !isDigit(text.charCodeAt(b)) || j - b > MAX_ID_INPUT_LENGTH || (text.charCodeAt(j) === UNDERSCORE && isAlnum(text.charCodeAt(j + 1)))) return j;
    const upper = text.slice(b, j).toUpperCase();
    if (!this.#hasShape(upper) && !(j - b >= MIN_BARE_LENGTH && this.#isKnown(upper))) return j;
    const selector = this.#selectorAt(j, end);
    this.#add(text.slice(b, j), upper, selector?.spans ?? [], 'hashtag');
    return selector?.end ?? j;
  }

  /** A `¶…` or `#par…` selector glued to `j` or after one blank; null when none or malformed. */
  #selectorAt(j: number, end: number): { spans: ParagraphSpan[]; end: number } | null {
    const text = this.#text;
    const c = text.charCodeAt(j);
    let at = j;
    if (isBlank(c) && text.charCodeAt(j + 1) === PILCROW) at = j + 1;
    else if (c !== PILCROW && c !== HASH) return null;
    const read = readSelector(text, at, PILCROW_ONLY, end);
    return read !== null && read.ok ? read : null;
  }

  /** True when the word starting at `i` continues something before it: a path, an address, a name. */
  #gluedBefore(i: number): boolean {
    const text = this.#text;
    const c = text.charCodeAt(i - 1);
    return inSet(GLUE_BEFORE, c) || (inSet(GLUE_BEFORE_IF_WORD, c) && isAlnum(text.charCodeAt(i - 2)));
  }

  /** True when the word ending at `j` runs on into a path, an address or a file name. */
  #gluedAfter(j: number): boolean {
    const text = this.#text;
    const c = text.charCodeAt(j);
    return inSet(GLUE_AFTER, c) || (inSet(GLUE_AFTER_IF_MORE, c) && isAlnum(text.charCodeAt(j + 1)));
  }

  /** `parseId` accepts it (memoised: a message may repeat one hashtag thousands of times). */
  #hasShape(upper: string): boolean {
    let shaped = this.#shaped.get(upper);
    if (shaped === undefined) {
      shaped = parseId(upper).ok;
      this.#shaped.set(upper, shaped);
    }
    return shaped;
  }

  /** The caller's predicate, once per distinct text and at most `maxIdChecks` times. */
  #isKnown(upper: string): boolean {
    const known = this.#known.get(upper);
    if (known !== undefined) return known;
    if (this.#checks >= this.#maxChecks) return false;
    this.#checks++;
    const result = this.#isKnownId(upper);
    this.#known.set(upper, result);
    return result;
  }

  /** Records a lookup unless the same cable (`upper`: the ref upper-cased) and paragraphs were found before. */
  #add(ref: string, upper: string, paragraphs: ParagraphSpan[], source: LookupSource): void {
    let key = upper;
    for (const p of paragraphs) key += `|${p.from}-${p.to}`;
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    if (this.#inputs.length < this.#max) this.#inputs.push({ command: 'cable', options: { ref, paragraphs, source } });
    else this.#skipped++;
    this.#full = this.#keys.size >= this.#max + MAX_SKIPPED_COUNT;
  }
}

/** A non-negative integer option, or the default when missing or not a number. */
function count(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(value));
}
