/**
 * Which parts of a chat message automatic detection reads. Chat users mark text they do not
 * want acted on, and the bot must respect that (DESIGN.md: ignore code spans/blocks and
 * quoted replies):
 * - code: `` `…` `` and ``` ``…`` ``` spans, ```` ```…``` ```` blocks (an unclosed fence makes
 *   the rest of the message code; an unclosed backtick is a literal backtick, as chat clients
 *   render it);
 * - quotes: a line whose first non-blank character is `>` (in Slack text `&gt;`), and with
 *   `>>>` everything after it (Discord's multi-line quote);
 * - `<…>`: in chat, `<https://…>` means "link without preview", and `<@123>`, `<#123>`,
 *   `<:emoji:123>` are mentions — never lookups. See {@link AngleBrackets} for Slack.
 *
 * One pass, each character looked at a bounded number of times: searches for a closing
 * backtick run or `>` that fail are remembered, so `` ` `` × 40,000 or `<` × 40,000 stay linear.
 */
import { isBlank, isSpace } from './chars.ts';

/**
 * How `<…>` is read.
 * - `'ignore'` (Discord, console): `<…>` with no whitespace inside, on one line, is skipped
 *   whole — `<https://wikileaks.org/cable/…>` (a link the writer chose not to preview) and
 *   mentions. A `<` followed by a blank (`a < b`) is a less-than sign.
 * - `'slack'`: Slack sends every link as `<https://url>` or `<https://url|label>`, and escapes a
 *   typed `<` `>` `&` as `&lt;` `&gt;` `&amp;`. The URL part of `<http…>` / `<http…|label>`
 *   is read as a link (the label is not read); every other `<…>` (`<@U123>`, `<#C123|name>`,
 *   `<!channel>`, `<mailto:…>`) is skipped; a quoted line starts with `&gt;`.
 */
export type AngleBrackets = 'ignore' | 'slack';

/** Receives a stretch `[start, end)` to read; returns false to stop the walk. */
export type RangeVisitor = (start: number, end: number) => boolean;

const NEWLINE = 0x0a;
const BACKTICK = 0x60;
const GREATER = 0x3e;
const PIPE = 0x7c;
/** The characters where a region may start: a line start (for quotes), a backtick, `<`. */
const MARKUP = /[\n`<]/g;

/**
 * Calls `visit` for each stretch of `text` that detection reads, in order, until it returns
 * false: the text outside code, quotes and `<…>`, and in `'slack'` mode the URL of each link.
 */
export function forEachLiveRange(text: string, angleBrackets: AngleBrackets, visit: RangeVisitor): void {
  new RegionWalker(text, angleBrackets, visit).run();
}

class RegionWalker {
  readonly #text: string;
  readonly #slack: boolean;
  readonly #visit: RangeVisitor;
  /** Start of the stretch not yet visited. */
  #from = 0;
  #stopped = false;
  /** For backtick runs of length 1 and 2: no run of exactly that length starts at or after this. */
  readonly #noRunFrom = [Infinity, Infinity, Infinity];
  /** No `<` before this index has a closing `>` (a search ran up to here and failed). */
  #noCloseUntil = -1;

  constructor(text: string, angleBrackets: AngleBrackets, visit: RangeVisitor) {
    this.#text = text;
    this.#slack = angleBrackets === 'slack';
    this.#visit = visit;
  }

  run(): void {
    const text = this.#text;
    const n = text.length;
    let i = 0;
    let lineStart = true;
    while (i < n && !this.#stopped) {
      if (lineStart) {
        lineStart = false;
        const quoteEnd = this.#quoteEnd(i);
        if (quoteEnd !== -1) {
          i = this.#skip(i, quoteEnd);
          continue;
        }
      }
      // Jump to the next character that can start or end a region (native search, no per-character JS).
      MARKUP.lastIndex = i;
      if (!MARKUP.test(text)) break;
      i = MARKUP.lastIndex - 1;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        lineStart = true;
        i++;
      } else if (c === BACKTICK) {
        i = this.#backticks(i);
      } else {
        i = this.#angle(i);
      }
    }
    this.#emit(n);
  }

  /** Visits `[#from, upTo)` if not empty. */
  #emit(upTo: number): void {
    if (this.#stopped || upTo <= this.#from) return;
    if (!this.#visit(this.#from, upTo)) this.#stopped = true;
  }

  /** Ends the current stretch at `from` and resumes after `to`; returns `to`. */
  #skip(from: number, to: number): number {
    this.#emit(from);
    this.#from = to;
    return to;
  }

  /** For a quoted line starting at `i`: where the quote ends (its line break, or the end for `>>>`); else -1. */
  #quoteEnd(i: number): number {
    const text = this.#text;
    const k = skipLineBlanks(text, i);
    const gt = this.#slack && text.startsWith('&gt;', k) ? '&gt;' : text.charCodeAt(k) === GREATER ? '>' : '';
    if (gt === '') return -1;
    if (text.startsWith(gt.repeat(3), k)) return text.length;
    const eol = text.indexOf('\n', k);
    return eol === -1 ? text.length : eol;
  }

  /** At a backtick run: skips a code span or block, or steps over a literal backtick run. */
  #backticks(i: number): number {
    const text = this.#text;
    let j = i;
    while (j < text.length && text.charCodeAt(j) === BACKTICK) j++;
    const length = j - i;
    if (length >= 3) {
      const close = this.#findFence(j);
      return this.#skip(i, close === -1 ? text.length : close);
    }
    const close = this.#findRun(j, length);
    return close === -1 ? j : this.#skip(i, close);
  }

  /** Index just past the next run of three or more backticks at or after `from`, or -1. */
  #findFence(from: number): number {
    const text = this.#text;
    let k = text.indexOf('```', from);
    if (k === -1) return -1;
    while (k < text.length && text.charCodeAt(k) === BACKTICK) k++;
    return k;
  }

  /** Index just past the next run of exactly `length` backticks at or after `from`, or -1. */
  #findRun(from: number, length: number): number {
    const known = this.#noRunFrom[length] ?? Infinity;
    if (from >= known) return -1;
    const text = this.#text;
    let k = text.indexOf('`', from);
    while (k !== -1) {
      let e = k;
      while (e < text.length && text.charCodeAt(e) === BACKTICK) e++;
      if (e - k === length) return e;
      k = text.indexOf('`', e);
    }
    this.#noRunFrom[length] = from;
    return -1;
  }

  /** At `<`: skips `<…>` (visiting a Slack link's URL), or steps over a literal `<`. */
  #angle(i: number): number {
    const close = this.#findClose(i);
    if (close === -1) return i + 1;
    if (this.#slack) {
      const url = this.#slackUrlEnd(i + 1, close);
      if (url !== -1) {
        this.#emit(i);
        this.#from = i + 1;
        this.#emit(url);
      }
    }
    return this.#skip(i, close + 1);
  }

  /** Index of the `>` closing the `<` at `i`, or -1 (remembered, so later `<`s fail at once). */
  #findClose(i: number): number {
    if (i < this.#noCloseUntil) return -1;
    const text = this.#text;
    let k = i + 1;
    for (; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === GREATER) return k > i + 1 ? k : -1;
      // Slack's labels have spaces; elsewhere `<…>` is a URL or mention, which never does.
      if (c === NEWLINE || (!this.#slack && isSpace(c))) break;
    }
    this.#noCloseUntil = k;
    return -1;
  }

  /** In `<http…|label>`: the end of the URL (before `|` or `>`), or -1 when it is not a web link. */
  #slackUrlEnd(from: number, close: number): number {
    const text = this.#text;
    const head = text.slice(from, from + 8).toLowerCase();
    if (!head.startsWith('http://') && !head.startsWith('https://')) return -1;
    for (let k = from; k < close; k++) if (text.charCodeAt(k) === PIPE) return k;
    return close;
  }
}

function skipLineBlanks(text: string, i: number): number {
  let k = i;
  while (k < text.length && isBlank(text.charCodeAt(k))) k++;
  return k;
}
