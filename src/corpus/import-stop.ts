/**
 * How an import that was asked to stop (Ctrl-C, SIGTERM) ends: `importFiles` checks its
 * `signal` right after a batch is committed and throws {@link ImportStopped} there, so the
 * store holds whole batches only and running the same import again finishes the job (the
 * store upserts by ID: what is stored already comes back `unchanged`).
 */
import type { ImportSummary } from './import.ts';
import type { SourceRef } from './parse/file.ts';

/** An import stopped on request after committing a batch; nothing of a later batch was written. */
export class ImportStopped extends Error {
  override readonly name = 'ImportStopped';
  /** The totals so far: every cable they count is committed. */
  readonly summary: ImportSummary;
  /** The source of the last cable committed (file, record, line), or null when none was. */
  readonly last: SourceRef | null;

  constructor(summary: ImportSummary, last: SourceRef | null) {
    super(`import stopped after ${summary.imported + summary.updated + summary.unchanged} cables`);
    this.summary = summary;
    this.last = last;
  }
}
