/**
 * Wording for the codes the corpus layer returns (parsers and the importer return codes, not
 * prose; DESIGN.md "Style"). One place, so `parse` and `import` say the same thing.
 */
import type { RejectCode, RejectedRecord } from '../corpus/import.ts';

const REASONS: Record<RejectCode, string> = {
  empty: 'the file is empty',
  binary: 'binary data, not cable text',
  unreadable: 'cannot be read',
  'too-large': 'too large for a single cable page or telegram',
  'oversized-record': 'a CSV record larger than any cable (likely an unclosed quote)',
  'unknown-format': 'not a format cablebot reads (WikiLeaks page, page text, cables.csv, raw telegram)',
  'no-body': 'no cable text',
  'no-id': 'no reference ID',
  'bad-id': 'the reference ID does not have the shape YYSTATIONNNN',
  'no-created': 'no date created',
  'bad-date': 'a date that cannot be read',
  'no-classification': 'no classification',
  'no-origin': 'no origin',
  'truncated-record': 'the record is cut off (truncated chunk)',
  'bad-quote': 'a quote in the wrong place (malformed CSV)',
  'bad-field-count': 'a CSV record without the 8 fields of cables.csv',
  'not-found': 'no such file or folder',
  'truncated-archive': 'the archive is cut off; what came before was read, the rest skipped',
  'corrupt-archive': 'the archive is damaged; what came before was read, the rest skipped',
  'unsupported-archive': 'a compressed format cablebot does not read here',
  'invalid-cable': 'the store refused the parsed cable',
};

/** `record 12 (line 345)`, `line 345`, or '' for whole-file results. */
export function describeWhere(r: Pick<RejectedRecord, 'record' | 'line'>): string {
  if (r.record !== undefined && r.line !== undefined) return `record ${r.record} (line ${r.line})`;
  if (r.record !== undefined) return `record ${r.record}`;
  if (r.line !== undefined) return `line ${r.line}`;
  return '';
}

/** One line for a person: file, where, why, and the offending value. */
export function describeRejected(r: RejectedRecord): string {
  const where = describeWhere(r);
  const id = r.id ? ` ${r.id}` : '';
  const detail = r.detail ? ` (${r.detail})` : '';
  return `${r.file}${where ? ` ${where}` : ''}${id}: ${REASONS[r.code]}${detail}`;
}
