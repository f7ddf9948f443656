/**
 * Classification reasons in plain words. Cables cite the reasons of Executive Order 12958
 * ("Classified National Security Information") in their `Classified By` line:
 * `for reasons 1.4 (B & D)`. Section 1.4 (a)–(h) is the order as amended by E.O. 13292 in
 * March 2003; the original 1995 order listed the same categories as section 1.5 (a)–(g),
 * which older cables cite. (h), weapons of mass destruction, exists only in the amended
 * order; (e) and (g) gained "transnational terrorism" in 2003.
 */
import { scanReasonLetters } from '../corpus/reasons.ts';

/** Which text of the order a reason cites. */
export type ReasonSection = '1.4' | '1.5';

/** One reason of E.O. 12958, explained. */
export interface ExplainedReason {
  /** `1.4(b)`: the notation `parse` and the store use. */
  code: string;
  section: ReasonSection;
  /** `b`. */
  letter: string;
  /** The category in the order's words (`foreign government information`). */
  category: string;
}

/** A section and letter the order does not have (`1.4(j)`, `1.5(h)`). */
export interface UnknownReason {
  code: string;
  section: ReasonSection;
  letter: string;
}

/** Result of {@link explainReasons}. */
export interface ReasonsExplanation {
  /** Known reasons, unique, in the order written. */
  reasons: ExplainedReason[];
  /** Letters the order does not have, unique, in the order written. */
  unknown: UnknownReason[];
}

/** E.O. 12958 as amended (2003), section 1.4. */
const AMENDED: Readonly<Record<string, string>> = {
  a: 'military plans, weapons systems, or operations',
  b: 'foreign government information',
  c: 'intelligence activities (including special activities), intelligence sources or methods, or cryptology',
  d: 'foreign relations or foreign activities of the United States, including confidential sources',
  e: 'scientific, technological, or economic matters relating to the national security, which includes defense against transnational terrorism',
  f: 'United States Government programs for safeguarding nuclear materials or facilities',
  g: 'vulnerabilities or capabilities of systems, installations, infrastructures, projects, plans, or protection services relating to the national security, which includes defense against transnational terrorism',
  h: 'weapons of mass destruction',
};

/** The original order (1995), section 1.5: the same list without (h) and the terrorism clauses. */
const ORIGINAL: Readonly<Record<string, string>> = {
  a: AMENDED['a'] ?? '',
  b: AMENDED['b'] ?? '',
  c: AMENDED['c'] ?? '',
  d: AMENDED['d'] ?? '',
  e: 'scientific, technological, or economic matters relating to the national security',
  f: AMENDED['f'] ?? '',
  g: 'vulnerabilities or capabilities of systems, installations, projects or plans relating to the national security',
};

/** Title of the order as cables cite it. */
export const EXECUTIVE_ORDER = 'E.O. 12958';

/** The category of one reason code (`1.4(b)`), or null if the order has no such reason. */
export function reasonCategory(code: string): string | null {
  const m = /^1\.([45])\(([a-z])\)$/.exec(code);
  if (m === null) return null;
  const table = m[1] === '4' ? AMENDED : ORIGINAL;
  return table[m[2] ?? ''] ?? null;
}

/**
 * Explains reason notation as cables and people write it: `1.4 (B & D)`, `1.4(b) and (d)`,
 * `1.5 (B) AND (D)`, `1.4 b/d`, a whole `Classified By` line. Codes already in store form
 * (`["1.4(b)","1.4(d)"]` joined) read the same way.
 */
export function explainReasons(text: string): ReasonsExplanation {
  const reasons: ExplainedReason[] = [];
  const unknown: UnknownReason[] = [];
  const seen = new Set<string>();
  for (const { section: n, letter } of scanReasonLetters(text)) {
    const section: ReasonSection = n === 4 ? '1.4' : '1.5';
    const code = `${section}(${letter})`;
    if (seen.has(code)) continue;
    seen.add(code);
    const category = reasonCategory(code);
    if (category === null) unknown.push({ code, section, letter });
    else reasons.push({ code, section, letter, category });
  }
  return { reasons, unknown };
}
