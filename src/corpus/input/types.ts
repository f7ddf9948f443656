/**
 * What the input side hands the importer: one {@link Input} per path named (or standard input),
 * each a sequence of {@link InputMember}s — a plain file is one member, an archive one per file
 * in it — whose bytes the record readers consume as they stream by.
 */

/** One file's bytes as they stream out of its container (or straight from disk). */
export interface InputMember {
  /** For reports: the path, or `archive:member` (`cablegate.zip:cables.csv`). */
  name: string;
  /**
   * The member's bytes. Read it to the end (or stop early: the container skips what is left);
   * the next member is produced only after that. Errors of the container come out of it as
   * {@link InputError}s.
   */
  stream: AsyncIterable<Uint8Array>;
}

/** One path named on the command line, or standard input. */
export interface Input {
  /** The path as given, or `-`. */
  name: string;
  /** Bytes on disk (the compressed size of an archive), for progress; 0 when unknown (a pipe). */
  size: number;
  /** Bytes of {@link size} read so far (compressed bytes of an archive, not what they unpack to). */
  bytesRead(): number;
  /** The files in it, in order; each must be consumed before the next is asked for. */
  members(): AsyncGenerator<InputMember>;
}

/** Why an input (or the rest of it) could not be read. Codes, not wording (DESIGN.md). */
export type InputErrorCode = 'unreadable' | 'truncated-archive' | 'corrupt-archive' | 'unsupported-archive';

/**
 * An input that cannot be read on: a truncated or corrupt archive, a format read only through a
 * pipe, an I/O error. What was read before it stays read; the rest of that input is skipped.
 */
export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    /** The input or member it happened in (`cablegate.zip:cables.csv`). */
    readonly file: string,
    /** Facts for the message: `offset=N` (bytes of the input read when it failed) and the library's reason. */
    readonly detail: string,
  ) {
    super(`${file}: ${code} (${detail})`);
    this.name = 'InputError';
  }
}
