/** Runs `cablebot <argv>` in-process with captured streams, as the CLI tests need it. */
import { PassThrough } from 'node:stream';
import { main, type CliIo } from '../../src/cli/main.ts';

/** What a run printed and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `main(argv)` with `env` and `stdin` (default: empty), its output collected. */
export async function runCli(argv: readonly string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  stdin.end(opts.stdin ?? '');
  const io: CliIo = { stdout, stderr, stdin, env: opts.env ?? {} };
  const code = await main(argv, io);
  return { code, out, err };
}
