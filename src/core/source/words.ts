/**
 * Words for quote matching: both the quote someone pasted and a cable paragraph become lists
 * of normalised words that remember where they sit in the original text, so an alignment of
 * words can be reported as a character span of the paragraph.
 *
 * What is the same word (issue "quote → source", PARSER-NOTES §6–§7):
 * - case, diacritics and compatibility forms: older cables are in capitals, names are spelled
 *   with and without accents, `ﬁ` is `fi`;
 * - apostrophes and hyphens split words as the store's FTS5 tokenizer splits them (`Kremlin’s`
 *   → `kremlin`, `s`), so a word of the quote can be looked up in the index as it is;
 * - a word broken at a line end in the cable (`govern-\nment`) is one word: quotes lose the
 *   hyphenation;
 * - `SIPDIS` captions left in a paragraph (199 of the bundled 52,233 have one) are not words of
 *   it; a run of `XXXXXXXX` is a redaction, which matches any word or none. Page-break lines
 *   need nothing here: the parsers remove them (`parse/lines.ts`), and no stored paragraph
 *   has one.
 */

/** One word of a text. */
export interface Word {
  /** Lower case, diacritics removed, NFKC: what is compared. */
  norm: string;
  /** The word as written, for showing differences. */
  text: string;
  /** `[start, end)` in the original text (UTF-16 code units). */
  start: number;
  end: number;
  /** A cable redaction (`XXXXXXXXXXXX`): matches any one word of a quote, or none, at no cost. */
  redaction: boolean;
  /**
   * Two pieces joined across a line-end hyphen (`govern-\nment`): not a word of the store's
   * full-text index, so never used to look candidates up.
   */
  joined: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING = /\p{M}+/gu;
const ASCII = /^[\x20-\x7e]*$/;
const REDACTION = /^x{4,}$/;
const SIPDIS = /\bSIPDIS\b/g;

/** Normalises one word: NFKD without combining marks, then NFKC, lower case. */
export function normWord(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(COMBINING, '').normalize('NFKC').toLowerCase();
}

/** Replaces every match of `re` in `text` with as many spaces, so offsets stay valid. */
function blank(text: string, re: RegExp): string {
  return text.replace(re, (m) => ' '.repeat(m.length));
}

/**
 * The words of a cable paragraph (or any cable text), with their offsets in `text`. SIPDIS is
 * skipped; line-end hyphenation is joined.
 */
export function cableWords(text: string): Word[] {
  const cleaned = text.includes('SIPDIS') ? blank(text, SIPDIS) : text;
  const words: Word[] = [];
  for (const m of cleaned.matchAll(WORD)) {
    const start = m.index;
    const end = start + m[0].length;
    const norm = normWord(m[0]);
    const prev = words[words.length - 1];
    // `govern-\nment`: a hyphen, then a line break (spaces around either), then a lower-case
    // continuation. Capitalised continuations (`PRO-\nRUSSIAN`) are joined too: in capitals
    // nothing tells them apart.
    if (prev !== undefined && /^-[ \t]*\r?\n[ \t]*$/.test(cleaned.slice(prev.end, start))) {
      words[words.length - 1] = { norm: prev.norm + norm, text: text.slice(prev.start, end), start: prev.start, end, redaction: false, joined: true };
      continue;
    }
    words.push({ norm, text: m[0], start, end, redaction: REDACTION.test(norm), joined: false });
  }
  return words;
}

/** A quote taken apart: runs of words that are contiguous in the source, split where words were left out. */
export interface QuoteWords {
  /** Every word, in order. */
  words: Word[];
  /**
   * Indexes into `words` where a new run starts after an ellipsis (`…`, `...`, `[...]`,
   * `(…)`) or a bracketed insertion (`[the Ambassador]`): the source may have words there
   * that the quote leaves out.
   */
  gapsBefore: Set<number>;
}

/** An ellipsis in any of its spellings, bracketed or not. */
const ELLIPSIS = /[[(]\s*(?:…|\.{2,}|\. \. \.)\s*[\])]|…|\.\s?\.\s?\./g;
/** A bracketed insertion: `[the Ambassador]`, `[sic]`. Removed, and the source may differ there. */
const INSERTION = /\[[^\][]{0,200}\]/g;
const GAP = '\u0000';
const HYPHEN_BREAK = /^-(?:[ \t]*\r?\n[ \t]*|[ \t]+)$/;

/**
 * The words of a pasted quote. Quote marks and punctuation are not words; ellipses and
 * bracketed insertions become gaps (see {@link QuoteWords.gapsBefore}); the words inside an
 * insertion are dropped (they are the quoter's, not the cable's).
 */
export function quoteWords(quote: string): QuoteWords {
  // NUL never occurs in text people paste on purpose; it marks gaps here.
  const text = quote.replaceAll(GAP, ' ').replace(ELLIPSIS, (m) => GAP + ' '.repeat(m.length - 1)).replace(INSERTION, (m) => GAP + ' '.repeat(m.length - 1));
  const words: Word[] = [];
  const gapsBefore = new Set<number>();
  let from = 0;
  for (const m of text.matchAll(WORD)) {
    const between = text.slice(from, m.index);
    if (words.length > 0 && between.includes(GAP)) gapsBefore.add(words.length);
    const norm = normWord(m[0]);
    const prev = words[words.length - 1];
    // `govern- ment`: a cable's line-end hyphenation pasted with the line break turned into a space.
    if (prev !== undefined && HYPHEN_BREAK.test(between) && /^\p{Ll}/u.test(m[0])) {
      words[words.length - 1] = { ...prev, norm: prev.norm + norm, text: quote.slice(prev.start, m.index + m[0].length), end: m.index + m[0].length, joined: true };
      from = m.index + m[0].length;
      continue;
    }
    words.push({ norm, text: quote.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, redaction: false, joined: false });
    from = m.index + m[0].length;
  }
  return { words, gapsBefore };
}
