/** tar (`.tar`, and the inner layer of `.tar.gz`), through tar-stream: entries stream one by one. */
import { Readable, pipeline } from 'node:stream';
import { extract } from 'tar-stream';
import type { ContainerContext } from './gzip.ts';
import { membersFromEvents, type MemberEvent } from './members.ts';
import { InputError, type InputMember } from './types.ts';

/**
 * The regular files of a tar stream, named `archive:path`. Directories, links and other entry
 * types carry no bytes and are passed over. A stream that ends inside an entry or its header is
 * `truncated-archive`; a header that fails its checksum `corrupt-archive`.
 */
export function tarMembers(source: AsyncIterable<Uint8Array>, ctx: ContainerContext): AsyncGenerator<InputMember> {
  return membersFromEvents(tarEvents(source, ctx));
}

async function* tarEvents(source: AsyncIterable<Uint8Array>, ctx: ContainerContext): AsyncGenerator<MemberEvent> {
  const ex = extract();
  pipeline(Readable.from(source, { objectMode: false }), ex, () => undefined);
  let current = ctx.name;
  try {
    for await (const entry of ex) {
      const { name, type } = entry.header;
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      current = `${ctx.name}:${name}`;
      yield { kind: 'start', name: current };
      for await (const chunk of entry as AsyncIterable<Buffer>) yield { kind: 'data', bytes: chunk };
      yield { kind: 'end' };
      current = ctx.name;
    }
  } catch (err) {
    // An outer layer failed (the gzip around it, the disk): name the member it cut into.
    if (err instanceof InputError) throw err.file === current ? err : new InputError(err.code, current, err.detail);
    const message = err instanceof Error ? err.message : String(err);
    // tar-stream says "Unexpected end of data" when the input stops inside an entry or header.
    const code = /unexpected end/i.test(message) ? 'truncated-archive' : 'corrupt-archive';
    throw new InputError(code, current, `offset=${ctx.offset()} tar: ${message}`);
  }
}
