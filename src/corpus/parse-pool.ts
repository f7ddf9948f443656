/**
 * Worker threads that parse cables.csv records for the importer. The sources are TypeScript,
 * and a worker does not inherit the parent's loader hooks: each worker runs parse-worker.ts
 * compiled into one bundle (bin/compile.js, as `npm start` runs the bot), built once by the
 * parent before any worker starts. tsx in the worker is the fallback when the bundle cannot
 * be built (or `CABLEBOT_TSX=1`); its loader hooks run in a thread of their own and cost
 * about 45 MB per worker, which the import's memory target cannot spare.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './parse-worker.ts';
import type { EncodedResult } from './store/codec.ts';

const WORKER_SOURCE = new URL('./parse-worker.ts', import.meta.url);
const COMPILE_JS = new URL('../../bin/compile.js', import.meta.url).href;

/** The worker's start-up script: an import of the compiled bundle, or tsx and the source. */
async function bootstrap(): Promise<string> {
  if (process.env.CABLEBOT_TSX !== '1') {
    try {
      const { compiled } = (await import(COMPILE_JS)) as { compiled: (entry: string) => Promise<string> };
      return `import(${JSON.stringify(await compiled(fileURLToPath(WORKER_SOURCE)))});`;
    } catch {
      // Fall through to tsx, as bin/compile.js's importEntry does.
    }
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_SOURCE.href)}); });`;
}

/** Each worker's young generation, in MB (see the constructor). */
const YOUNG_GENERATION_MB = 8;

/** Workers worth starting here: one per core beyond the one the importer itself keeps busy. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Pending {
  resolve: (results: EncodedResult[]) => void;
  reject: (err: Error) => void;
}

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private next = 0;
  private failure: Error | null = null;
  private closed = false;

  /** Starts `size` workers (compiling their bundle first when a source changed). */
  static async start(size: number = defaultWorkerCount()): Promise<ParsePool> {
    return new ParsePool(size, await bootstrap());
  }

  private constructor(size: number, code: string) {
    for (let i = 0; i < Math.max(1, size); i++) {
      // A small young generation: parsing makes short-lived strings, and V8's default lets the
      // worker's heap grow by tens of MB between scavenges (8 MB: 20 MB less peak RSS, no slower).
      const w = new Worker(code, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      w.on('message', (m: ParseResponse) => {
        const p = this.pending.get(m.seq);
        this.pending.delete(m.seq);
        p?.resolve(m.results);
      });
      // A worker that dies fails every batch in flight; the importer reports it and stops.
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        // terminate() (close) exits a worker with 1: expected then, not a failure.
        if (code !== 0 && !this.closed) this.fail(new Error(`parse worker exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Parses and encodes a batch of records on the next worker (round robin); results keep the order. */
  parse(rows: string[][]): Promise<EncodedResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    const worker = this.workers[this.next++ % this.workers.length];
    const result = new Promise<EncodedResult[]>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      const req: ParseRequest = { seq, rows };
      worker?.postMessage(req);
    });
    // An import that stops early (Ctrl-C, a full disk) abandons the batches still in flight and
    // closes the pool, which rejects them: without a handler that rejection would crash the
    // process after the import had already reported why it stopped. Callers that await still get it.
    result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail(new Error('parse pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
