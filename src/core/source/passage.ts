/**
 * The passage to look for in what someone pasted or in the message a "Find cable source"
 * shortcut was used on: chat messages wrap a quote in commentary (`As the cable put it, “…”
 * — wow`), and the commentary is no part of the source.
 */

/** Quoted spans: curly, straight, guillemets, and Markdown block quotes (`> …` lines). */
const QUOTED = /“([^“”]*)”|"([^"]*)"|«([^«»]*)»|„([^„“”]*)[“”]/g;
const BLOCK_QUOTE_LINE = /^\s*>\s?(.*)$/;
const WORD = /[\p{L}\p{N}]+/gu;

function wordCount(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

/**
 * The longest quoted span or block quote of `text` with at least `minWords` words, when the
 * text also has words outside it; else null. Quoted words inside a pasted cable passage look
 * the same, so the caller tries both this and the whole text.
 */
export function quotedPassage(text: string, minWords: number): string | null {
  const spans: string[] = [];
  for (const m of text.matchAll(QUOTED)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    spans.push(inner);
  }
  const lines = text.split('\n');
  const quotedLines = lines.map((l) => BLOCK_QUOTE_LINE.exec(l)?.[1] ?? null);
  if (quotedLines.some((l) => l !== null) && lines.some((l, i) => quotedLines[i] === null && l.trim() !== '')) {
    spans.push(quotedLines.filter((l): l is string => l !== null).join('\n'));
  }
  let best: string | null = null;
  let bestWords = 0;
  for (const span of spans) {
    const n = wordCount(span);
    if (n >= minWords && n > bestWords) {
      best = span;
      bestWords = n;
    }
  }
  if (best === null || bestWords === wordCount(text)) return null;
  return best;
}
