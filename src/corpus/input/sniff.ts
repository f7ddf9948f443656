/**
 * Recognises containers from their first bytes (magic numbers), never from the name: the
 * release circulates renamed, split and re-packed, and standard input has no name at all.
 */

/** A container format, or a compressed format cablebot recognises but does not read. */
export type ContainerFormat = 'gzip' | 'zip' | 'tar' | '7z' | 'xz' | 'bzip2' | 'zstd';

/** Bytes {@link sniffContainer} needs to see (a tar header's `ustar` magic sits at offset 257). */
export const CONTAINER_HEAD_BYTES = 512;

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (head.length < at + magic.length) return false;
  return magic.every((b, i) => head[at + i] === b);
}

/** Which container the bytes start, or null for anything else (plain content: CSV, pages, junk). */
export function sniffContainer(head: Uint8Array): ContainerFormat | null {
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  // A local file header; an empty archive is only the end-of-central-directory record.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  // POSIX (`ustar\0`) and GNU (`ustar  `) tar headers.
  if (startsWith(head, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return 'tar';
  return null;
}
