/**
 * zip, through fflate's streaming `Unzip`: it reads local file headers as the bytes arrive, so
 * it works on standard input as well as on files (yauzl, the other maintained choice, needs a
 * seekable file for the central directory; one code path for both is worth more here). Stored
 * and deflated entries, data descriptors and zip64 are read; other methods are reported.
 *
 * fflate does not check CRCs, so damage inside a stored entry goes unnoticed; damage in deflated
 * data (what zip tools write for text) fails the inflate and is reported.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { rechunk } from '../bytes.ts';
import type { ContainerContext } from './gzip.ts';
import { membersFromEvents, type MemberEvent } from './members.ts';
import { InputError, type InputMember } from './types.ts';

/** Bytes handed to the inflater at a time: a 64 KiB step unpacks to at most ~64 MiB (deflate tops out near 1032:1). */
const STEP = 64 * 1024;
/** The end-of-central-directory record is within this many bytes of the end (22 + a 65,535-byte comment). */
const EOCD_WINDOW = 22 + 0xffff;
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** The files of a zip stream, named `archive:path`, in the order they are stored. */
export function zipMembers(source: AsyncIterable<Uint8Array>, ctx: ContainerContext): AsyncGenerator<InputMember> {
  return membersFromEvents(zipEvents(source, ctx));
}

type Step = MemberEvent | { kind: 'error'; name: string; message: string };

async function* zipEvents(source: AsyncIterable<Uint8Array>, ctx: ContainerContext): AsyncGenerator<MemberEvent> {
  const steps: Step[] = [];
  const unzip = new Unzip((file) => {
    // Directory entries carry no bytes.
    if (file.name.endsWith('/')) return;
    const name = `${ctx.name}:${file.name}`;
    steps.push({ kind: 'start', name });
    file.ondata = (err, data, final) => {
      if (err) {
        steps.push({ kind: 'error', name, message: err.message });
        return;
      }
      if (data.byteLength > 0) steps.push({ kind: 'data', bytes: data });
      if (final) steps.push({ kind: 'end' });
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  let open: string | null = null;
  let tail: Buffer = Buffer.alloc(0);
  const feed = function* (chunk: Uint8Array, final: boolean): Generator<MemberEvent> {
    try {
      unzip.push(chunk, final);
    } catch (err) {
      // At the end of the input with a member still open, fflate's "invalid zip data" means cut short.
      if (final && open !== null) throw new InputError('truncated-archive', open, `offset=${ctx.offset()} zip: input ends inside the member`);
      const message = err instanceof Error ? err.message : String(err);
      throw new InputError('corrupt-archive', open ?? ctx.name, `offset=${ctx.offset()} zip: ${message}`);
    }
    for (const s of steps.splice(0)) {
      if (s.kind === 'error') throw new InputError(/unknown compression/.test(s.message) ? 'unsupported-archive' : 'corrupt-archive', s.name, `offset=${ctx.offset()} zip: ${s.message}`);
      if (s.kind === 'start') open = s.name;
      if (s.kind === 'end') open = null;
      yield s;
    }
  };
  try {
    for await (const chunk of rechunk(source, STEP)) {
      tail = tail.length + chunk.byteLength > 2 * EOCD_WINDOW ? Buffer.concat([tail.subarray(-EOCD_WINDOW), chunk]) : Buffer.concat([tail, chunk]);
      yield* feed(chunk, false);
    }
  } catch (err) {
    // An outer layer failed (the gzip around it, the disk): name the member it cut into.
    if (err instanceof InputError && open !== null && err.file !== open) throw new InputError(err.code, open, err.detail);
    throw err;
  }
  yield* feed(new Uint8Array(0), true);
  // Input that stops inside a member, or before the central directory (cut between members).
  if (open !== null || tail.subarray(-EOCD_WINDOW).indexOf(EOCD) === -1) {
    throw new InputError('truncated-archive', open ?? ctx.name, `offset=${ctx.offset()} zip: input ends ${open !== null ? 'inside the member' : 'before the central directory'}`);
  }
}
