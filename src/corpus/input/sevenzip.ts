/**
 * 7z (the release circulates as `cablegate-201108300212.7z` holding `cables.csv`), through
 * 7z-wasm (7-Zip 24.09 built with Emscripten). Measured on a 400 MB member: with the archive
 * mounted through NODEFS (read on demand) and `x -so` writing into a byte callback, 7-Zip
 * streams at about 300 MB/s in a flat ~64 MB RSS. Its `callMain` is synchronous, though, so it
 * runs in a worker thread that hands over 1 MiB chunks and blocks (Atomics.wait) while
 * {@link CREDITS} of them are unread: memory stays bounded however slowly the store writes.
 *
 * A 7z archive keeps its index at the end, so it needs a seekable file: from standard input it
 * is refused with the pipe to use instead (`7z x -so FILE.7z | cablebot import -`).
 */
import { basename, dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ContainerContext } from './gzip.ts';
import { membersFromEvents, type MemberEvent } from './members.ts';
import { InputError, type InputMember } from './types.ts';

/** Chunks the worker may have handed over and not yet had read. */
const CREDITS = 4;

/** The shell line that imports a 7z without cablebot reading it (7-Zip's own `7z` or `7zz`). */
export function sevenZipPipe(file: string): string {
  return `7z x -so ${/^[\w./-]+$/.test(file) ? file : `'${file.replaceAll("'", "'\\''")}'`} | npx cablebot import -`;
}

/** Messages from the worker. */
type FromWorker =
  | { kind: 'list'; entries: { name: string; size: number }[] }
  | { kind: 'data'; bytes: Uint8Array; read: number }
  | { kind: 'done'; read: number }
  | { kind: 'error'; message: string; read: number };

/**
 * The worker, plain JavaScript (eval'd, so it needs no TypeScript loader): lists the archive
 * (`l -slt -ba`), then extracts everything to the byte callback (`x -so`), in archive order.
 */
const WORKER = String.raw`
const { workerData, parentPort } = require('node:worker_threads');
const { moduleUrl, dir, file, flow } = workerData;
const CHUNK = 1 << 20;
let read = 0, mode = 'text', text = '', errText = '', buf = new Uint8Array(CHUNK), n = 0;
function flush() {
  if (n === 0) return;
  while (Atomics.load(flow, 0) <= 0) Atomics.wait(flow, 0, 0, 1000);
  Atomics.sub(flow, 0, 1);
  const bytes = buf.subarray(0, n);
  parentPort.postMessage({ kind: 'data', bytes, read }, [bytes.buffer]);
  buf = new Uint8Array(CHUNK);
  n = 0;
}
function run(sz, args) {
  let code = 0;
  try { sz.callMain(args); } catch (e) { code = typeof e === 'object' && e && 'status' in e ? e.status : 2; if (!errText) errText = String(e && e.message || e); }
  return code;
}
import(moduleUrl).then(async ({ default: SevenZip }) => {
  const sz = await SevenZip({
    stdout: (c) => { if (mode === 'text') text += String.fromCharCode(c); else { buf[n++] = c; if (n === CHUNK) flush(); } },
    stderr: (c) => { errText += String.fromCharCode(c); },
    print: () => {}, printErr: (s) => { errText += s + '\n'; },
  });
  // Count what 7-Zip reads of the archive, for progress.
  const ops = sz.NODEFS.stream_ops, orig = ops.read;
  ops.read = function (...args) { const r = orig.apply(this, args); read += r; return r; };
  sz.FS.mkdir('/in');
  sz.FS.mount(sz.NODEFS, { root: dir }, '/in');
  sz.FS.chdir('/in');
  let code = run(sz, ['l', '-slt', '-ba', '-sccUTF-8', file]);
  if (code !== 0 || /ERROR/.test(errText)) { parentPort.postMessage({ kind: 'error', message: errText.trim() || 'exit ' + code, read }); return; }
  const entries = [];
  for (const block of text.split(/\n\s*\n/)) {
    const f = Object.fromEntries(block.split('\n').map((l) => l.split(' = ')).filter((p) => p.length === 2));
    if (f.Path === undefined || f.Folder === '+' || /^D/.test(f.Attributes || '')) continue;
    entries.push({ name: f.Path, size: Number(f.Size || 0) });
  }
  parentPort.postMessage({ kind: 'list', entries });
  mode = 'bytes';
  code = run(sz, ['x', '-so', '-y', file]);
  flush();
  if (code !== 0 || /ERROR/.test(errText)) parentPort.postMessage({ kind: 'error', message: errText.trim() || 'exit ' + code, read });
  else parentPort.postMessage({ kind: 'done', read });
}).catch((e) => parentPort.postMessage({ kind: 'error', message: String(e && e.message || e), read }));
`;

/**
 * The files of a 7z archive on disk, named `archive:path`. `counter.bytes` follows what 7-Zip
 * has read of the archive. Errors (a cut or damaged archive) name the member being unpacked.
 */
export function sevenZipMembers(path: string, ctx: ContainerContext, counter: { bytes: number }): AsyncGenerator<InputMember> {
  return membersFromEvents(sevenZipEvents(path, ctx, counter));
}

async function* sevenZipEvents(path: string, ctx: ContainerContext, counter: { bytes: number }): AsyncGenerator<MemberEvent> {
  const flow = new Int32Array(new SharedArrayBuffer(4));
  flow[0] = CREDITS;
  const worker = new Worker(WORKER, { eval: true, workerData: { moduleUrl: import.meta.resolve('7z-wasm'), dir: dirname(path), file: basename(path), flow } });
  const queue: FromWorker[] = [];
  let wake: (() => void) | null = null;
  const arrive = (m: FromWorker): void => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', arrive);
  worker.on('error', (err) => arrive({ kind: 'error', message: err.message, read: counter.bytes }));
  worker.on('exit', (code) => {
    if (code !== 0) arrive({ kind: 'error', message: `7z worker exited with code ${code}`, read: counter.bytes });
  });
  const receive = async (): Promise<FromWorker> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    const m = queue.shift();
    if (m === undefined) throw new Error('unreachable');
    return m;
  };

  let entries: { name: string; size: number }[] = [];
  let index = 0;
  let left = 0;
  const current = (): string => (index < entries.length ? `${ctx.name}:${entries[index]?.name ?? ''}` : ctx.name);
  try {
    for (;;) {
      const m = await receive();
      if (m.kind !== 'list') counter.bytes = Math.max(counter.bytes, m.read);
      if (m.kind === 'error') {
        const code = /unexpected end|truncated|cannot open the file as archive/i.test(m.message) ? 'truncated-archive' : 'corrupt-archive';
        throw new InputError(code, current(), `offset=${ctx.offset()} 7z: ${m.message.replace(/\s+/g, ' ')}`);
      }
      if (m.kind === 'list') {
        entries = m.entries;
        index = 0;
        left = entries[0]?.size ?? 0;
        continue;
      }
      if (m.kind === 'done') {
        // Members that unpack to nothing still count (an empty file is reported as empty).
        while (index < entries.length) {
          yield { kind: 'start', name: current() };
          yield { kind: 'end' };
          index++;
        }
        return;
      }
      // `x -so` writes the members back to back: cut them apart by the sizes listed.
      let bytes = m.bytes;
      while (bytes.byteLength > 0 && index < entries.length) {
        if (left === (entries[index]?.size ?? 0)) yield { kind: 'start', name: current() };
        const take = Math.min(left, bytes.byteLength);
        if (take > 0) yield { kind: 'data', bytes: bytes.subarray(0, take) };
        bytes = bytes.subarray(take);
        left -= take;
        if (left === 0) {
          yield { kind: 'end' };
          index++;
          left = entries[index]?.size ?? 0;
          // Empty members between non-empty ones.
          while (index < entries.length && left === 0) {
            yield { kind: 'start', name: current() };
            yield { kind: 'end' };
            index++;
            left = entries[index]?.size ?? 0;
          }
        }
      }
      Atomics.add(flow, 0, 1);
      Atomics.notify(flow, 0);
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
