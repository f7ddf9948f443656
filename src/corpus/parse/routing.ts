/**
 * The routing header of a telegram (PARSER-NOTES §5): transmission ID, the `DE RUEHMO #0754/01
 * 0251740` line, the date-time group `O 251740Z JAN 06`, and `FM AMEMBASSY MOSCOW`.
 */

export interface RoutingHeader {
  /** `VZCZCXRO0843`; the placeholder `VZCZCXYZ0000` is kept as published. */
  tid: string | null;
  /** The date-time group as `YYYY-MM-DD HH:MM` (UTC, as sent). */
  dtg: string | null;
  /** The sender as written after `FM`: `AMEMBASSY MOSCOW`, `SECSTATE WASHDC`. */
  from: string | null;
  /** Classification letters of the `ZNY CCCCC ZZH` line: C, S or U; null without one. */
  classLetter: 'C' | 'S' | 'U' | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

// `O 251740Z JAN 06`, `P 300927Z MAY 06`, `R 310906Z MAR 06`, `ZZ 121758Z MAY 86`, also mixed case
// `021941Z Sep 05` on partial extracts.
const DTG = /(?:^|\s)(?:[OPRZ]{1,2}\s+)?(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2,4})\b/m;

/** Reads what it can; every field is null when its line is absent. */
export function parseRoutingHeader(text: string): RoutingHeader {
  const tid = /\b(VZCZ[A-Z]+\d+)\b/.exec(text)?.[1] ?? null;
  const fm = /^\s*FM\s+(.+?)\s*$/m.exec(text)?.[1] ?? null;
  const zny = /^\s*ZN[YR]\s+([CSU])\1{2,}/m.exec(text)?.[1];
  return {
    tid,
    dtg: readDtg(text),
    from: fm,
    classLetter: zny === 'C' || zny === 'S' || zny === 'U' ? zny : null,
  };
}

/** `251740Z JAN 06` → `2006-01-25 17:40`; null when absent or impossible. */
export function readDtg(text: string): string | null {
  const m = DTG.exec(text);
  if (!m) return null;
  const [, dd, hh, mi, mon, yy] = m;
  const month = MONTHS.indexOf((mon ?? '').toUpperCase()) + 1;
  const day = Number(dd);
  if (month === 0 || day < 1 || day > 31 || Number(hh) > 23 || Number(mi) > 59) return null;
  const y = Number(yy);
  const year = (yy ?? '').length === 4 ? y : y >= 66 ? 1900 + y : 2000 + y;
  return `${year}-${String(month).padStart(2, '0')}-${dd} ${hh}:${mi}`;
}
