/**
 * Worker threads that parse cables.csv records for the importer. The sources are TypeScript
 * run through tsx, and a worker does not inherit the parent's loader hooks, so each worker
 * starts from a small script that registers tsx and then imports parse-worker.ts.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParseRequest, ParseResponse } from './parse-worker.ts';
import type { ParseResult } from './types.ts';

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url).href;

function bootstrap(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`;
}

/** Workers worth starting here: one per core beyond the one the importer itself keeps busy. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Pending {
  resolve: (results: ParseResult[]) => void;
  reject: (err: Error) => void;
}

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private next = 0;
  private failure: Error | null = null;
  private closed = false;

  constructor(size: number = defaultWorkerCount()) {
    const code = bootstrap();
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = new Worker(code, { eval: true });
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

  /** Parses a batch of records on the next worker (round robin); results keep the order. */
  parse(rows: string[][]): Promise<ParseResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    const worker = this.workers[this.next++ % this.workers.length];
    const result = new Promise<ParseResult[]>((resolve, reject) => {
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
