/**
 * A real bot process (`node bin/cablebot.js start`) in Slack HTTP mode, as one replica behind a
 * load balancer: started with its own environment (nothing of the test's own `DISCORD_*`,
 * `SLACK_*`, `CABLEBOT_*` or `PORT` leaks in), found ready by its "listening on" line, its JSON
 * log read from stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { FakeSlack } from '../fakes/slack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'cablebot.js');

const LogLine = z.looseObject({ msg: z.string() });

/** One replica: the child, where it listens, its log. */
export interface Replica {
  readonly name: string;
  /** `http://127.0.0.1:P/slack/events` */
  readonly events: string;
  /** `http://127.0.0.1:P` */
  readonly base: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** The `msg` of every JSON log line so far. */
  messages(): string[];
  stderr(): string;
}

/** Starts a replica with `env` and resolves once it listens (30 s at most). */
export async function startReplica(name: string, env: Readonly<Record<string, string>>): Promise<Replica> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DISCORD_|SLACK_|CABLEBOT_|PORT$)/.test(key)));
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  let port: string | undefined;
  while ((port = /listening on :(\d+)\/slack\/events/.exec(err)?.[1]) === undefined) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`replica ${name} did not start; stderr:\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    events: `http://127.0.0.1:${port}/slack/events`,
    base: `http://127.0.0.1:${port}`,
    child,
    exited,
    stderr: () => err,
    messages: () =>
      err.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return [];
        const parsed = LogLine.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data.msg] : [];
      }),
  };
}

/** Stops (SIGTERM) the replicas still running and waits for them to exit. */
export async function stopReplicas(replicas: readonly (Replica | undefined)[]): Promise<void> {
  for (const r of replicas) {
    if (r === undefined || r.child.exitCode !== null) continue;
    r.child.kill('SIGTERM');
    await r.exited;
  }
}

/** A request held at the fake Slack: when it arrived, and how to let it through. */
export interface HeldRequest {
  /** Resolves once the request has arrived (and is being held). */
  arrived: Promise<void>;
  /** Lets it through: the fake answers it as usual and records it. */
  release(): void;
}

/**
 * Holds the next request to the fake Slack at `path` until `release()` (never, if it is not
 * called): the replica that sent it can be killed with it on its way.
 */
export function holdNextRequest(fake: FakeSlack, path: string): HeldRequest {
  let release = (): void => undefined;
  const letThrough = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => {
    fake.delay(
      (r) => r.path === path,
      () => {
        resolve();
        return letThrough;
      },
      1,
    );
  });
  return { arrived, release: () => release() };
}

/** Kills `replica` without a word (SIGKILL) and waits until it is gone. */
export async function killReplica(replica: Replica): Promise<void> {
  replica.child.kill('SIGKILL');
  if ((await replica.exited) !== null) throw new Error(`replica ${replica.name} exited by itself before the kill`);
}

/** Runs `test` with a replica of its own (a victim to kill), which is SIGKILLed afterwards if still running. */
export async function withReplica(name: string, env: Readonly<Record<string, string>>, test: (replica: Replica) => Promise<void>): Promise<void> {
  const replica = await startReplica(name, env);
  try {
    await test(replica);
  } finally {
    if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGKILL');
  }
}
