/**
 * Cable URLs: the WikiLeaks viewer and its mirrors (`https://wikileaks.org/cable/2006/01/
 * 06MOSCOW754.html#par5`, `cablegate.wikileaks.org`, `wikileaks.ch`, the original server
 * `213.251.145.96`), PlusD (`https://wikileaks.org/plusd/cables/06MOSCOW754_a.html`, also on
 * `search.wikileaks.org`) and cablegatesearch (`http://cablegatesearch.net/cable.php?id=
 * 06MOSCOW754&version=…`). The ID is taken from the path as it is there: URL paths are
 * case-sensitive, and resolution decides what it names.
 */
import { asciiSet, hasWordAt, inSet, isAlnum, isDigit, isLetter, isSpace } from './chars.ts';

/** A cable named by a URL. */
export interface CableUrl {
  /** The ID as it stands in the URL. */
  id: string;
  /** The paragraph of a `#parN` fragment (1–999), or null. */
  paragraph: number | null;
}

/** Longest URL looked into; longer ones are skipped whole (a real cable URL is under 100). */
export const MAX_URL_LENGTH = 2048;
/** Longest host name (RFC 1035). */
const MAX_HOST = 253;

const SCHEME = /^https?:\/\//i;
// Bounded, anchored, no nested quantifiers: linear on any input.
const VIEWER_PATH = /^\/cable\/(?:\d{4}\/\d{1,2}\/)?([A-Za-z0-9]{1,64})\.html$/i;
const PLUSD_PATH = /^\/plusd\/cables\/([A-Za-z0-9]{1,64})(?:_[a-z])?\.html$/i;
const ID_VALUE = /^[A-Za-z0-9]{1,64}$/;
const PAR_FRAGMENT = /^par0*([1-9]\d{0,2})$/i;

/** The cablegate server's address before it had a name; links to it still circulate. */
const CABLEGATE_IP = '213.251.145.96';
const CABLEGATESEARCH_HOST = 'cablegatesearch.net';

/** Characters that end a URL in chat text: `<…>` and `|label` are chat markup, quotes and backticks prose. */
const URL_STOPS = asciiSet('<>|"`');
/** Punctuation that ends a sentence or a markdown wrapper rather than the URL (`(…)`, `*…*`). */
const TRAILING = asciiSet(".,;:!?)]}'*_~");

/** Result of {@link urlAt}. */
export type UrlAt =
  /** A URL runs from the position to `end` (exclusive). */
  | { url: true; end: number }
  /** No URL here; `hostEnd` is how far a host name was looked for (no URL starts before it). */
  | { url: false; hostEnd: number };

/**
 * Whether a URL starts at `i` in chat text: `http://` / `https://`, or a host name with a dot
 * followed by a path (`wikileaks.org/cable/…`, as people paste without the scheme). Whatever
 * the URL, its text is not prose: an ID in `https://example.com/06MOSCOW754` is no lookup.
 */
export function urlAt(text: string, i: number, end: number): UrlAt {
  if ((text.charCodeAt(i) | 0x20) === 0x68 && (hasWordAt(text, i, 'https://') || hasWordAt(text, i, 'http://'))) return { url: true, end: urlEnd(text, i, end) };
  let k = i;
  let dot = -1;
  const limit = Math.min(end, i + MAX_HOST + 1);
  for (; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x2e) dot = k;
    else if (!isAlnum(c) && c !== 0x2d) break;
  }
  const tldOk = dot !== -1 && dot + 1 < k && isLetter(text.charCodeAt(dot + 1));
  const ipOk = dot !== -1 && isDigit(text.charCodeAt(k - 1));
  if (k < end && text.charCodeAt(k) === 0x2f && (tldOk || ipOk)) return { url: true, end: urlEnd(text, i, end) };
  return { url: false, hostEnd: k };
}

/** End of the URL starting at `i`: up to whitespace or chat markup, less trailing punctuation. */
function urlEnd(text: string, i: number, end: number): number {
  let k = i;
  while (k < end) {
    const c = text.charCodeAt(k);
    if (isSpace(c) || inSet(URL_STOPS, c)) break;
    k++;
  }
  while (k > i && inSet(TRAILING, text.charCodeAt(k - 1))) k--;
  return k;
}

/**
 * The cable a URL names, or null when it is not a viewer, mirror, PlusD or cablegatesearch
 * URL of a cable. Accepts `http` and `https`, no scheme, `www.`, any port, and a `#parN`
 * fragment (the viewer's paragraph anchor). Never throws.
 */
export function parseCableUrl(url: string): CableUrl | null {
  if (url.length > MAX_URL_LENGTH) return null;
  const scheme = SCHEME.exec(url);
  const rest = scheme === null ? url : url.slice(scheme[0].length);
  const hostEnd = firstOf(rest, '/?#');
  const host = rest.slice(0, hostEnd).toLowerCase().replace(/:\d{1,5}$/, '').replace(/^www\./, '');
  let tail = rest.slice(hostEnd);
  const hash = tail.indexOf('#');
  const fragment = hash === -1 ? '' : tail.slice(hash + 1);
  if (hash !== -1) tail = tail.slice(0, hash);
  const q = tail.indexOf('?');
  const path = q === -1 ? tail : tail.slice(0, q);
  const query = q === -1 ? '' : tail.slice(q + 1);
  const id = idOf(host, path, query);
  if (id === null) return null;
  const par = PAR_FRAGMENT.exec(fragment);
  return { id, paragraph: par === null ? null : Number(par[1]) };
}

/** The ID in the path or query of a cable URL on `host`, or null. */
function idOf(host: string, path: string, query: string): string | null {
  if (isWikileaksHost(host)) return VIEWER_PATH.exec(path)?.[1] ?? PLUSD_PATH.exec(path)?.[1] ?? null;
  if (host === CABLEGATESEARCH_HOST && path.toLowerCase() === '/cable.php') return queryParam(query, 'id');
  return null;
}

/**
 * WikiLeaks and its mirrors: any host with a `wikileaks` label (`wikileaks.org`,
 * `cablegate.wikileaks.org`, `wikileaks.ch`, `mirror.wikileaks.info`), or the cablegate IP.
 * Broad on purpose: the path must still be a cable path.
 */
function isWikileaksHost(host: string): boolean {
  return host === CABLEGATE_IP || host.split('.').includes('wikileaks');
}

/** The value of `name=` in a query string (also `&amp;`-escaped, as Slack sends), if it is an ID. */
function queryParam(query: string, name: string): string | null {
  for (const part of query.split('&')) {
    const p = part.startsWith('amp;') ? part.slice(4) : part;
    const eq = p.indexOf('=');
    if (eq !== -1 && p.slice(0, eq).toLowerCase() === name) {
      const value = p.slice(eq + 1);
      return ID_VALUE.test(value) ? value : null;
    }
  }
  return null;
}

/** Index of the first character of `s` that is in `chars`, or `s.length`. */
function firstOf(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s.charAt(i))) return i;
  return s.length;
}
