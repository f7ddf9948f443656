/**
 * The one shape every cable parser produces (DESIGN.md, "Contracts": `cablebot parse`).
 * Plain data: it is written as JSON Lines, stored in SQLite and bundled in `data/`.
 */

/** Where a parsed cable came from; the parsers recognise it from the content. */
export type SourceFormat = 'html' | 'page-text' | 'csv' | 'telegram';

/** One paragraph of a cable body. */
export interface Paragraph {
  /**
   * The printed paragraph number (`12.` or the misprinted `12,` both give 12). Not a running
   * index: cables repeat and skip numbers. `null` only for the unnumbered blocks of a cable
   * that has no numbered paragraphs at all (press summaries, notices).
   */
  number: number | null;
  /** The portion marking without parentheses, normalised: `S`, `C`, `SBU`, `S/NF`, `C//REL TO USA, KEN, GBR`. */
  marking: string | null;
  /** A section heading printed just before this paragraph (`The Russian Initiative`). */
  heading: string | null;
  /** The text, with page-break lines removed and wrapped lines rejoined; sub-items and bullets kept on their own lines. */
  text: string;
}

export interface ParsedCable {
  /** The reference ID as published (a misprinted ID stays misprinted here). */
  id: string;
  /** The correct ID: equal to `id` unless WikiLeaks published the cable under a garbled ID. */
  canonicalId: string;
  /** `YYYY-MM-DD HH:MM`. */
  created: string;
  /** WikiLeaks publication time, `YYYY-MM-DD HH:MM`; null where the source does not say (cables.csv, telegrams). */
  released: string | null;
  /** As the viewer writes it: `CONFIDENTIAL`, `SECRET//NOFORN`, `UNCLASSIFIED//FOR OFFICIAL USE ONLY`, … */
  classification: string;
  /** As the viewer writes it: `Embassy Moscow`, `Secretary of State`, … */
  origin: string;
  subject: string | null;
  tags: string[];
  /** IDs this cable cites (REF lines, and the references column of cables.csv), canonical form, in order, unique. */
  references: string[];
  classifiedBy: string | null;
  /** Classification reasons in E.O. 12958 notation, e.g. `["1.4(b)","1.4(d)"]`; pre-2003 cables give `1.5(x)`. */
  reasons: string[];
  /** The SUMMARY text (without the SUMMARY / END SUMMARY wrappers), or null when the cable has none. */
  summary: string | null;
  paragraphs: Paragraph[];
  /** True for press "partial extracts": only part of the original text is published. */
  partial: boolean;
  /** Declassification date from the E.O. line, `YYYY-MM-DD`, or null (N/A or absent). */
  declassify: string | null;
  /** Transmission ID (`VZCZCXRO0843`) from the routing header, or null. */
  tid: string | null;
  /** The routing header as published (first `<pre>` of a page), or null. */
  header: string | null;
  /** The whole cleaned body text (what search indexes); paragraphs are cut from it. */
  body: string;
  format: SourceFormat;
}

/** Why a record could not be parsed. Codes, not wording: the CLI and importer render them. */
export type ParseErrorCode =
  | 'empty'
  | 'binary'
  | 'unreadable'
  | 'too-large'
  | 'oversized-record'
  | 'unknown-format'
  | 'no-body'
  | 'no-id'
  | 'bad-id'
  | 'no-created'
  | 'bad-date'
  | 'no-classification'
  | 'no-origin'
  | 'truncated-record'
  | 'bad-quote'
  | 'bad-field-count';

export interface ParseError {
  code: ParseErrorCode;
  /** Extra facts for the message (the offending value, a field name); never prose. */
  detail?: string;
}

export type ParseResult = { ok: true; cable: ParsedCable } | { ok: false; error: ParseError };
