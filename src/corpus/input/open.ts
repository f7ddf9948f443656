/**
 * The inputs of `cablebot import`: each path named (folders walked) and `-` for standard input,
 * opened lazily as streams. The container — gzip, zip, tar (also inside gzip), 7z — is read
 * from the bytes, never the name, and unpacked as the records are read: nothing is written to
 * disk, and memory does not grow with the archive.
 */
import { createReadStream, fstat } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { counted, peek } from '../bytes.ts';
import { gunzip, type ContainerContext } from './gzip.ts';
import { sevenZipMembers, sevenZipPipe } from './sevenzip.ts';
import { CONTAINER_HEAD_BYTES, sniffContainer } from './sniff.ts';
import { tarMembers } from './tar.ts';
import { InputError, type Input, type InputMember } from './types.ts';
import { zipMembers } from './zip.ts';

/** Containers inside containers followed at most this deep (a `.tar.gz` is two); deeper ones are read as plain bytes. */
const MAX_DEPTH = 4;
/** Read size for files: the CSV reader is fastest with 1 MiB chunks (csv-reader.ts). */
const READ_CHUNK = 1 << 20;

/** The name of standard input on the command line. */
export const STDIN = '-';

/** A file on disk as an {@link Input}; `size` from a `stat` done by the caller. */
export function fileInput(path: string, size: number): Input {
  const counter = { bytes: 0 };
  return {
    name: path,
    size,
    // 7-Zip reads some of the archive twice (its index, then the data): never past the size.
    bytesRead: () => Math.min(counter.bytes, size),
    members: () => membersOf(readFile(path), { name: path, offset: () => counter.bytes }, counter, path, 0),
  };
}

/**
 * Standard input as an {@link Input}: any format a file may be in except 7z, which needs a
 * seekable file. Its size is known when it is a redirected file, else 0 (no ETA).
 */
export async function stdinInput(stream: NodeJS.ReadableStream & { fd?: number }): Promise<Input> {
  const counter = { bytes: 0 };
  let size = 0;
  if (typeof stream.fd === 'number') {
    const st = await promisify(fstat)(stream.fd).catch(() => undefined);
    if (st?.isFile() === true) size = st.size;
  }
  return {
    name: STDIN,
    size,
    bytesRead: () => counter.bytes,
    members: () => membersOf(stream as AsyncIterable<Uint8Array>, { name: STDIN, offset: () => counter.bytes }, counter, null, 0),
  };
}

/** A file's bytes; an I/O error (EACCES, EIO) becomes an `unreadable` {@link InputError}. */
async function* readFile(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw new InputError('unreadable', path, err instanceof Error && 'code' in err ? String(err.code) : String(err));
  }
}

/**
 * The members of a byte stream: itself when it is not a container, else the members of what it
 * unpacks to, each looked at the same way (a tar inside a gzip, a zip inside a tar).
 * `path` is the file on disk when the stream is one read from the start (7z needs it).
 */
async function* membersOf(source: AsyncIterable<Uint8Array>, ctx: ContainerContext, counter: { bytes: number }, path: string | null, depth: number): AsyncGenerator<InputMember> {
  // Only the outermost stream counts towards progress: bytes of the input as it is on disk.
  const bytes = depth === 0 ? counted(source, counter) : source;
  const { head, rest } = await peek(bytes, CONTAINER_HEAD_BYTES);
  const format = depth < MAX_DEPTH ? sniffContainer(head) : null;
  const inner = async function* (members: AsyncIterable<InputMember>): AsyncGenerator<InputMember> {
    for await (const m of members) yield* membersOf(m.stream, { name: m.name, offset: ctx.offset }, counter, null, depth + 1);
  };
  switch (format) {
    case null:
      yield { name: ctx.name, stream: rest };
      return;
    case 'gzip':
      // One stream, same name: `cables.csv.gz` reports as itself, a `.tar.gz`'s members as `x.tar.gz:member`.
      yield* membersOf(gunzip(rest, ctx), ctx, counter, null, depth + 1);
      return;
    case 'tar':
      yield* inner(tarMembers(rest, ctx));
      return;
    case 'zip':
      yield* inner(zipMembers(rest, ctx));
      return;
    case '7z':
      if (path === null) throw new InputError('unsupported-archive', ctx.name, `7z needs a seekable file; use: ${sevenZipPipe(ctx.name === STDIN ? 'FILE.7z' : ctx.name)}`);
      // 7-Zip reads the file itself (its index is at the end); the stream opened here is not needed.
      await returnQuietly(rest);
      yield* inner(sevenZipMembers(path, ctx, counter));
      return;
    default:
      throw new InputError('unsupported-archive', ctx.name, `format=${format}`);
  }
}

/** Closes a peeked stream without reading on (starting it first, so its source is closed too). */
async function returnQuietly(stream: AsyncIterable<Uint8Array>): Promise<void> {
  const it = stream[Symbol.asyncIterator]();
  await it.next();
  await it.return?.();
}

/** Sizes of files, for progress; 0 for one that cannot be stat'ed (its read reports why). */
export async function fileInputs(files: readonly string[]): Promise<Input[]> {
  const out: Input[] = [];
  for (const f of files) out.push(fileInput(f, (await stat(f).catch(() => ({ size: 0 }))).size));
  return out;
}
