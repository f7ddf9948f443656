/** The SUMMARY of a cable, read off its paragraphs (cablemap's `test_reader_summary` cases). */
import type { Paragraph } from '../types.ts';

const SUMMARY_START = /^(?:[-\s]*)(?:(?:begin\s+)?summary(?:\s+and\s+(?:comment|action\s+request|recommendation))?)\s*[.:\-–]+\s*/i;
const SUMMARY_END = /\s*\(?\s*end\s+(?:of\s+)?summary(?:\s+and\s+(?:comment|action\s+request|recommendation))?\s*[.:)]*\s*\)?/i;

/**
 * The SUMMARY text without its wrappers: a paragraph that opens with "SUMMARY." (to END SUMMARY,
 * which may close a later paragraph), or a paragraph under a SUMMARY heading.
 */
export function findSummary(paragraphs: readonly Paragraph[]): string | null {
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    if (!p) continue;
    const opens = SUMMARY_START.exec(p.text);
    const underHeading = p.heading !== null && /\bsummary\b/i.test(p.heading) && !/end\s+summary/i.test(p.heading);
    if (!opens && !underHeading) continue;
    const parts: string[] = [];
    for (let j = i; j < paragraphs.length && j < i + 12; j++) {
      const q = paragraphs[j];
      if (!q) break;
      let t = j === i && opens ? q.text.slice(opens[0].length) : q.text;
      const end = SUMMARY_END.exec(t);
      if (end) {
        t = t.slice(0, end.index);
        if (t.trim()) parts.push(t.trim());
        return parts.join('\n\n') || null;
      }
      parts.push(t.trim());
      if (j === i && !hasLaterEnd(paragraphs, i)) break;
    }
    return parts.join('\n\n') || null;
  }
  return null;
}

function hasLaterEnd(paragraphs: readonly Paragraph[], i: number): boolean {
  return paragraphs.slice(i + 1, i + 12).some((p) => SUMMARY_END.test(p.text));
}

