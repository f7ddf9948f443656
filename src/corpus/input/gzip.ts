/** gzip (`.gz`, and the outer layer of `.tar.gz`), through node's zlib: one stream in, one out. */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from './types.ts';

/** Where a container is, for its errors: the name to report and the input's bytes read so far. */
export interface ContainerContext {
  name: string;
  offset(): number;
}

/**
 * The decompressed bytes of a gzip stream (concatenated gzip members, as `cat a.gz b.gz` makes,
 * read as one). A cut-off stream is `truncated-archive`, bad data or a bad checksum
 * `corrupt-archive`, both thrown after the bytes before them were yielded.
 */
export async function* gunzip(source: AsyncIterable<Uint8Array>, ctx: ContainerContext): AsyncGenerator<Uint8Array> {
  const gz = createGunzip({ chunkSize: 256 * 1024 });
  // Errors of either side end the iteration below; the callback only keeps them from being unhandled.
  pipeline(Readable.from(source, { objectMode: false }), gz, () => undefined);
  try {
    for await (const chunk of gz as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw zlibError(err, ctx);
  }
}

/** zlib's error as an {@link InputError}: `Z_BUF_ERROR` is input that ends too soon. */
function zlibError(err: unknown, ctx: ContainerContext): unknown {
  if (err instanceof InputError) return err;
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (!code.startsWith('Z_')) return err;
  return new InputError(code === 'Z_BUF_ERROR' ? 'truncated-archive' : 'corrupt-archive', ctx.name, `offset=${ctx.offset()} gzip: ${message}`);
}
