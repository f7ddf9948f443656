/**
 * The viewer's `parN` anchors as a check on paragraph detection. The viewer anchored every line
 * that starts with `N.`, so its numeric anchors include false paragraphs: years (`¶2004.`) and
 * wrapped lines that begin with a number (04BOGOTA11339: "October / 26.  In the context"
 * between ¶4 and ¶5), and a number glued to the signature on the last line (08BERLIN1068:
 * "… posed in paragraph / ¶3. Koenig"). This gives the anchors a correct parse should reproduce.
 */

// The body's last line is the viewer's mark, a number and a surname alone: `¶3. Koenig`.
const SIGNED_LAST_LINE = /(?:^|\n)[ \t]*¶[ \t]*(\d{1,3})\.[ \t]*[A-Z][A-Za-z'’-]{1,30}\s*$/;

/**
 * Numeric anchors in page order, leaving out years (N ≥ 1900) and any anchor that breaks the
 * sequence where the next anchor continues it (4, 26, 5 → 4, 5); a repeat (6, 6, 7) stays.
 * Given the page's body with the viewer's ¶ marks, the last anchor goes when it marks a signature.
 */
export function expectedParagraphNumbers(anchors: readonly string[], body?: string): number[] {
  const nums = anchors.filter((a) => /^\d+$/.test(a)).map(Number).filter((n) => n < 1900);
  const out: number[] = [];
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i];
    if (n === undefined) continue;
    const prev = out[out.length - 1];
    const next = nums[i + 1];
    // A repeated number (6, 6, 7) is a real repeated paragraph (PARSER-NOTES §6: 222 pages), not a
    // wrapped line, so only a number that is neither the previous one nor the one after it goes.
    if (prev !== undefined && next !== undefined && n !== prev && n !== prev + 1 && next === prev + 1) continue;
    out.push(n);
  }
  const signed = body === undefined ? null : SIGNED_LAST_LINE.exec(body);
  if (signed && out.length > 1 && out[out.length - 1] === Number(signed[1])) out.pop();
  return out;
}
