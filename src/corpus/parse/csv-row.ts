/**
 * One record of the full-release `cables.csv`: serial, date created `M/D/YYYY H:MM`, reference
 * ID, origin, classification, references (`|`-joined), header, content (corpus/README.md).
 */
import type { ParseResult } from '../types.ts';
import { assembleCable } from './assemble.ts';

/** `12/28/1966 18:06` → `1966-12-28 18:06`; null when it is not that shape. */
export function csvDate(value: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*$/.exec(value);
  if (!m) return null;
  const [, mo, d, y, h, mi] = m;
  return `${y}-${(mo ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')} ${(h ?? '').padStart(2, '0')}:${mi}`;
}

/** Parses the 8 unescaped fields of a cables.csv record. */
export function parseCsvFields(fields: readonly string[]): ParseResult {
  if (fields.length !== 8) return { ok: false, error: { code: 'bad-field-count', detail: String(fields.length) } };
  const [, date = '', id = '', origin = '', classification = '', refs = '', header = '', content = ''] = fields;
  const created = csvDate(date);
  if (!date.trim()) return { ok: false, error: { code: 'no-created' } };
  if (!created) return { ok: false, error: { code: 'bad-date', detail: date.slice(0, 40) } };
  if (!content.trim()) return { ok: false, error: { code: 'no-body' } };
  return assembleCable(
    {
      id,
      created,
      released: null,
      classification,
      origin,
      // trimEnd() is `replace(/\s+$/, '')` (the same characters) without trying a match at every blank.
      header: header.trim() ? header.trimEnd() : null,
      references: refs
        .split('|')
        .map((r) => r.trim().toUpperCase())
        .filter(Boolean),
    },
    content,
    'csv',
  );
}
