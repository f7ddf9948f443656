/**
 * `npm run load`: the bot under load on loopback, bounded, stopping by itself.
 *
 * The bot runs in a child process (bench/load/bot.ts: `openBot` + the real Discord and Slack
 * adapters), so its start-to-ready time and RSS are its own; this process runs the loopback
 * fakes of Discord and Slack and drives them:
 *
 * 1. Slack HTTP mode: signed `/cable` requests (lookups, paragraph quotes, searches, quote →
 *    source of passages of cables
 *    in the store), `--concurrency` at a time, each acknowledged and answered exactly once at
 *    its `response_url`; 429s (with `Retry-After`) and 500s injected on some response_url posts.
 * 2. Slack message events with hashtags in a few threads, answered with `chat.postMessage`;
 *    429s and 500s injected on some of those calls.
 * 3. Discord: MESSAGE_CREATE events with hashtags (distinct cables and repeats in two channels
 *    and a thread) through the fake gateway, every expected answer POSTed once, the repeat
 *    window holding back the rest; 429s and 500s on some POSTs, a gateway disconnect midway.
 *
 * Options: `--db PATH` (default: the bundled store), `--requests N` (1000), `--concurrency N`
 * (50), `--only slack|discord`, `--no-faults`, `--out FILE` (bench/out/load.json).
 *
 * `--shards N` runs instead Discord sharded over two bot processes, one killed and restarted
 * midway (bench/load/discord-shards.ts), written to bench/out/load-shards.json by default.
 * `--replicas N` (N ≥ 2) runs the Slack HTTP part over N replicas on one PostgreSQL state
 * instead (bench/load/replicas.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openBotStore } from '../../src/corpus/bundled-store.ts';
import { startFakeDiscord } from '../../test/fakes/discord.ts';
import { startFakeSlack } from '../../test/fakes/slack.ts';
import { round } from '../stats.ts';
import { runDiscordLoad } from './discord.ts';
import { runShardedDiscordLoad, type ShardProcess } from './discord-shards.ts';
import { httpDelivery, runMessageLoad, runSlashLoad, socketDelivery, type Latency, type RunFigures, type SocketStats } from './slack.ts';
import { chatMessages, sampleCables, slashInputs } from './workload.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DISCORD_TOKEN = 'load-bot-token.for-the-fake';
const SLACK_BOT_TOKEN = 'xoxb-1111-2222-loadbottoken';
const SLACK_APP_TOKEN = 'xapp-1-A07CBLBOT1-3333-loadapptoken';
const SIGNING_SECRET = 'load-signing-secret-0123456789abcdef';

const Ready = z.object({
  type: z.literal('ready'),
  uptimeMs: z.number(),
  openBotMs: z.number(),
  adapterMs: z.record(z.string(), z.number()),
  cables: z.number(),
  store: z.string(),
  notes: z.array(z.string()),
});
const Memory = z.object({
  type: z.literal('memory'),
  memory: z.object({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number(), external: z.number(), anonymous: z.number().optional(), fileBacked: z.number().optional() }).loose(),
  logCounts: z.record(z.string(), z.number()),
});

export interface Options {
  db: string | null;
  replicas: number;
  requests: number;
  concurrency: number;
  only: 'slack' | 'discord' | null;
  faults: boolean;
  out: string;
  /** `--shards N`: the sharded Discord run instead of the default ones. */
  shards: number | null;
}

function parseArgs(args: readonly string[]): Options {
  const o: Options = { db: null, replicas: 1, requests: 1000, concurrency: 50, only: null, faults: true, out: join(ROOT, 'bench/out/load.json'), shards: null };
  let out: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a ?? ''} needs a value`);
      return v;
    };
    if (a === '--db') o.db = resolve(value());
    else if (a === '--requests') o.requests = Number(value());
    else if (a === '--replicas') o.replicas = Number(value());
    else if (a === '--concurrency') o.concurrency = Number(value());
    else if (a === '--only') o.only = z.enum(['slack', 'discord']).parse(value());
    else if (a === '--no-faults') o.faults = false;
    else if (a === '--out') out = resolve(value());
    else if (a === '--shards') o.shards = Number(value());
    else throw new Error(`unknown option ${a ?? ''}; see bench/load/run.ts`);
  }
  if (!Number.isInteger(o.requests) || o.requests < 1 || !Number.isInteger(o.concurrency) || o.concurrency < 1 || !Number.isInteger(o.replicas) || o.replicas < 1) {
    throw new Error('--requests, --concurrency and --replicas take positive integers');
  }
  if (o.shards !== null && (!Number.isInteger(o.shards) || o.shards < 2 || o.shards > 64)) throw new Error('--shards takes a whole number of shards from 2 to 64 (split over two processes)');
  if (o.shards !== null && o.replicas > 1) throw new Error('--shards and --replicas are separate runs: give one');
  o.out = out ?? (o.shards !== null ? join(ROOT, 'bench/out/load-shards.json') : o.out);
  return o;
}

/** The bot process and a way to ask it things. */
export interface BotProcess {
  child: ChildProcess;
  ready: z.infer<typeof Ready>;
  readyMs: number;
  memory(gc: boolean): Promise<z.infer<typeof Memory>>;
  stop(): Promise<number | null>;
}

function nextMessage<T>(child: ChildProcess, schema: z.ZodType<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (raw: unknown): void => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return;
      done();
      resolvePromise(parsed.data);
    };
    const onExit = (code: number | null): void => {
      done();
      reject(new Error(`the bot process exited (${String(code)}) before ${what}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** The node flags of `npm start` (package.json), so the bot under load runs as it does in production. */
export function startNodeFlags(): string[] {
  const pkg = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
  const flags = /^node((?: --\S+)*) bin\/cablebot\.js start$/.exec(pkg.scripts.start)?.[1];
  if (flags === undefined) throw new Error(`npm start is not "node [flags] bin/cablebot.js start": ${pkg.scripts.start}`);
  return flags.split(' ').filter((f) => f !== '');
}

export async function startBotProcess(env: NodeJS.ProcessEnv): Promise<BotProcess> {
  const t0 = performance.now();
  const child = fork(join(ROOT, 'bin/run.js'), ['bench/load/bot.ts'], { cwd: ROOT, env, execArgv: ['--expose-gc', ...startNodeFlags()], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await nextMessage(child, Ready, 120_000, 'the bot was ready');
    const readyMs = performance.now() - t0;
    return {
      child,
      ready,
      readyMs,
      memory: (gc) => {
        const reply = nextMessage(child, Memory, 10_000, 'a memory reading');
        child.send({ type: 'memory', gc });
        return reply;
      },
      stop: () =>
        new Promise((resolvePromise) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', (code) => {
            clearTimeout(timer);
            resolvePromise(code);
          });
          child.send({ type: 'stop' });
        }),
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);
const ms = (l: Latency): string => (l.n === 0 ? '-' : `${round(l.p50, 1)} / ${round(l.p99, 1)} / ${round(l.max, 1)}`);

export function table(rows: readonly [string, RunFigures][]): string {
  const head = ['run', 'sent', 'acked', 'ack ms p50/p99/max', '>3s', 'expected', 'delivered', 'dup', 'lost', 'unexp', 'answer ms p50/p99/max', '429', '500', 're-sent', 'secs'];
  const lines = rows.map(([name, f]) => [
    name,
    String(f.requests),
    String(f.acked),
    ms(f.ackMs),
    String(f.ackOver3s),
    String(f.expected),
    String(f.delivered),
    String(f.duplicates),
    String(f.lost),
    String(f.unexpected),
    ms(f.answerMs),
    String(f.faults.injected429),
    String(f.faults.injected500),
    String(f.faults.resent),
    String(round(f.seconds, 1)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

export async function main(args: readonly string[]): Promise<number> {
  const o = parseArgs(args);
  if (o.replicas > 1) return (await import('./replicas.ts')).runReplicas(o);
  // The bundled store is built here on first use, so the child's start time is a warm start.
  const store = await openBotStore(o.db !== null ? { CABLEBOT_DB: o.db } : {});
  const dbPath = store.path;
  store.close();
  const cables = sampleCables(dbPath, 400, 6);
  process.stderr.write(`load: ${cables.length} cables sampled from ${dbPath}\n`);
  if (o.shards !== null) return shardedRun(o, o.shards, dbPath, cables);

  const fakeDiscord = await startFakeDiscord({ token: DISCORD_TOKEN, replayOnResume: true });
  const fakeSlack = await startFakeSlack({ botToken: SLACK_BOT_TOKEN, appToken: SLACK_APP_TOKEN });
  const settingsDir = join(tmpdir(), `cablebot-load-${String(process.pid)}`);
  mkdirSync(settingsDir, { recursive: true });
  mkdirSync(dirname(o.out), { recursive: true });
  const logFile = join(dirname(o.out), 'load-bot.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // glibc's malloc settings shape a process's RSS; pass the operator's through (MALLOC_ARENA_MAX, GLIBC_TUNABLES, …).
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES')),
    ...(o.db !== null ? { CABLEBOT_DB: o.db } : {}),
    CABLEBOT_SETTINGS_DB: join(settingsDir, 'settings.db'),
    LOAD_BOT_LOG: logFile,
    ...(o.only !== 'slack' ? { DISCORD_TOKEN, DISCORD_APPLICATION_ID: fakeDiscord.ids.applicationId, DISCORD_API_URL: fakeDiscord.apiUrl } : {}),
    ...(o.only !== 'discord' ? { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fakeSlack.apiUrl, PORT: '0' } : {}),
  };
  const bot = await startBotProcess(env);
  const runs: [string, RunFigures][] = [];
  let result: Record<string, unknown>;
  try {
    process.stderr.write(`load: bot ready in ${round(bot.readyMs, 0)} ms (${bot.ready.cables} cables)\n`);
    await new Promise((r) => setTimeout(r, 500));
    const atRest = await bot.memory(true);
    const noFaults = { every429: 0, every500: 0, retryAfter: 1 };
    if (o.only !== 'discord') {
      const port = /listening on :(\d+)\/slack\/events/.exec(bot.ready.notes.join('\n'))?.[1];
      if (port === undefined) throw new Error(`no Slack port in ${bot.ready.notes.join(' | ')}`);
      const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
      process.stderr.write('load: Slack /cable …\n');
      runs.push([
        'slack /cable (HTTP)',
        await runSlashLoad({
          fake: fakeSlack,
          deliver: httpDelivery(eventsUrl, SIGNING_SECRET),
          inputs: slashInputs(cables, o.requests, 7),
          concurrency: o.concurrency,
          faults: o.faults ? { every429: 100, every500: 100, retryAfter: 1 } : noFaults,
          answerTimeoutMs: 60_000,
        }),
      ]);
      process.stderr.write('load: Slack messages …\n');
      const threadMessages = chatMessages(cables, Math.max(10, Math.round(o.requests / 5)), 3, 60, 8).map((m) => ({ thread: m.conversation, id: m.key.split('¶')[0] ?? m.key, text: `#cablegate #${m.key.split('¶')[0] ?? m.key}` }));
      runs.push([
        'slack messages (HTTP)',
        await runMessageLoad({ fake: fakeSlack, eventsUrl, signingSecret: SIGNING_SECRET, messages: threadMessages, concurrency: Math.min(o.concurrency, 20), faults: o.faults ? { every429: 25, every500: 25, retryAfter: 1 } : noFaults, answerTimeoutMs: 60_000 }),
      ]);
    }
    if (o.only !== 'slack') {
      process.stderr.write('load: Discord messages …\n');
      runs.push([
        'discord messages',
        await runDiscordLoad({
          fake: fakeDiscord,
          messages: chatMessages(cables, o.requests, 3, 250, 9),
          batch: o.concurrency,
          faults: o.faults ? { every429: 40, every500: 55, retryAfter: 1 } : noFaults,
          disconnectAt: o.faults ? Math.floor(o.requests / 2) : -1,
          answerTimeoutMs: 60_000,
        }),
      ]);
    }
    const afterLoad = await bot.memory(false);
    const afterLoadGc = await bot.memory(true);
    result = {
      date: new Date().toISOString(),
      store: dbPath,
      cables: bot.ready.cables,
      startup: { readyMs: round(bot.readyMs, 0), processUptimeAtReadyMs: round(bot.ready.uptimeMs, 0), openBotMs: round(bot.ready.openBotMs, 0), adapterMs: Object.fromEntries(Object.entries(bot.ready.adapterMs).map(([k, v]) => [k, round(v, 0)])) },
      rssMb: { atRest: mb(atRest.memory.rss), afterLoad: mb(afterLoad.memory.rss), afterLoadGc: mb(afterLoadGc.memory.rss) },
      heapUsedMb: { atRest: mb(atRest.memory.heapUsed), afterLoadGc: mb(afterLoadGc.memory.heapUsed) },
      heapTotalMb: { atRest: mb(atRest.memory.heapTotal), afterLoadGc: mb(afterLoadGc.memory.heapTotal) },
      // Outside the V8 heap: Buffers and typed arrays (the ID index, sockets' buffers); the rest of RSS is native (SQLite, code).
      externalMb: { atRest: mb(atRest.memory.external), afterLoadGc: mb(afterLoadGc.memory.external) },
      ...(atRest.memory.anonymous !== undefined && afterLoadGc.memory.anonymous !== undefined
        ? { anonymousMb: { atRest: mb(atRest.memory.anonymous), afterLoadGc: mb(afterLoadGc.memory.anonymous) }, fileBackedMb: { atRest: mb(atRest.memory.fileBacked ?? 0), afterLoadGc: mb(afterLoadGc.memory.fileBacked ?? 0) } }
        : {}),
      targets: { readyMs: 2000, rssMb: 150 },
      runs: Object.fromEntries(runs),
      botLogCounts: afterLoadGc.logCounts,
    };
  } finally {
    const code = await bot.stop();
    if (code !== 0) process.stderr.write(`load: the bot process exited with ${String(code)}\n`);
  }
  let socket: SocketStats | null = null;
  try {
    if (o.only !== 'discord') {
      // Socket Mode: a second bot process, Slack only, with the app-level token; a drop midway.
      process.stderr.write('load: Slack /cable over Socket Mode …\n');
      const { DISCORD_TOKEN: _d, DISCORD_APPLICATION_ID: _a, DISCORD_API_URL: _u, PORT: _p, ...slackEnv } = env;
      const socketBot = await startBotProcess({ ...slackEnv, SLACK_APP_TOKEN, LOAD_BOT_LOG: join(dirname(o.out), 'load-bot-socket.log') });
      try {
        const delivery = socketDelivery(fakeSlack, o.faults ? Math.floor(o.requests / 2) : -1);
        runs.push([
          'slack /cable (Socket Mode)',
          await runSlashLoad({
            fake: fakeSlack,
            deliver: delivery.deliver,
            inputs: slashInputs(cables, o.requests, 10),
            concurrency: o.concurrency,
            faults: o.faults ? { every429: 100, every500: 100, retryAfter: 1 } : { every429: 0, every500: 0, retryAfter: 1 },
            answerTimeoutMs: 60_000,
          }),
        ]);
        socket = delivery.stats;
        result['socketMode'] = { drops: socket.drops, reconnectMs: socket.reconnectMs.map((v) => round(v, 0)), gapMs: socket.gapMs.map((v) => round(v, 0)), ackedOnOld: socket.ackedOnOld, ackTimeouts: socket.ackTimeouts };
        result['runs'] = Object.fromEntries(runs);
      } finally {
        await socketBot.stop();
      }
    }
  } finally {
    await fakeDiscord.close();
    await fakeSlack.close();
  }
  writeFileSync(o.out, `${JSON.stringify(result, null, 2)}\n`);
  const rss = z.object({ atRest: z.number(), afterLoad: z.number(), afterLoadGc: z.number() }).parse(result['rssMb']);
  process.stdout.write(`\n${table(runs)}\n\n`);
  process.stdout.write(
    `store ${dbPath} (${bot.ready.cables.toLocaleString('en-US')} cables)\n` +
      `start to ready ${round(bot.readyMs, 0)} ms (target ≤ 2000; openBot ${round(bot.ready.openBotMs, 0)} ms, adapters ${Object.entries(bot.ready.adapterMs).map(([k, v]) => `${k} ${round(v, 0)} ms`).join(', ')})\n` +
      `RSS at rest ${rss.atRest} MB, after the load ${rss.afterLoad} MB (${rss.afterLoadGc} MB after a GC) (target ≤ 150)\n` +
      (socket !== null
        ? `Socket Mode: ${socket.drops} refresh(es), next connection up after ${socket.reconnectMs.map((v) => `${round(v, 0)} ms`).join(', ')}, time with a connection missing ${socket.gapMs.map((v) => `${round(v, 0)} ms`).join(', ')}, acks sent on the old connection after its disconnect ${socket.ackedOnOld.join(', ')}; ${socket.ackTimeouts} envelope(s) not acknowledged in 3 s\n`
        : '') +
      `bot log: ${Object.entries(afterLogCounts(result)).map(([k, v]) => `${k} ×${v}`).join('; ')}\n` +
      `written to ${o.out}\n`,
  );
  const bad = runs.filter(([, f]) => f.lost > 0 || f.duplicates > 0 || f.unexpected > 0 || f.acked !== f.requests || f.ackOver3s > 0);
  return bad.length === 0 ? 0 : 1;
}

/** `--shards N`: Discord with N shards over two bot processes, one killed and restarted. */
async function shardedRun(o: Options, shards: number, dbPath: string, cables: ReturnType<typeof sampleCables>): Promise<number> {
  // Discord's max_concurrency for all but the largest bots: 1, so every identify takes a turn.
  const fake = await startFakeDiscord({ token: DISCORD_TOKEN, guilds: shards * 4, maxConcurrency: 1 });
  const settingsDir = join(tmpdir(), `cablebot-load-shards-${String(process.pid)}`);
  mkdirSync(settingsDir, { recursive: true });
  mkdirSync(dirname(o.out), { recursive: true });
  let started = 0;
  const start = async (ids: readonly number[]): Promise<ShardProcess> => {
    started += 1;
    const bot = await startBotProcess({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES')),
      ...(o.db !== null ? { CABLEBOT_DB: o.db } : {}),
      CABLEBOT_SETTINGS_DB: join(settingsDir, `settings-${String(ids[0] ?? 0)}.db`),
      LOAD_BOT_LOG: join(dirname(o.out), `load-bot-shards-${String(started)}.log`),
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: fake.ids.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARD_COUNT: String(shards),
      DISCORD_SHARD_IDS: ids.join(','),
    });
    process.stderr.write(`load: bot process with shards ${ids.join(', ')} ready in ${round(bot.readyMs, 0)} ms\n`);
    return {
      readyMs: bot.readyMs,
      kill: async () => {
        const exited = new Promise((r) => bot.child.once('exit', r));
        bot.child.kill('SIGKILL');
        await exited;
      },
      rssMb: async () => mb((await bot.memory(true)).memory.rss),
      stop: () => (bot.child.exitCode !== null || bot.child.signalCode !== null ? Promise.resolve(bot.child.exitCode) : bot.stop()),
    };
  };
  let result;
  try {
    process.stderr.write(`load: Discord, ${shards} shards over two processes …\n`);
    result = await runShardedDiscordLoad({
      fake,
      shards,
      start,
      messages: chatMessages(cables, o.requests, fake.guilds.length, 250, 11),
      batch: o.concurrency,
      faults: o.faults ? { every429: 40, every500: 55, retryAfter: 1 } : { every429: 0, every500: 0, retryAfter: 1 },
      answerTimeoutMs: 60_000,
    });
  } finally {
    await fake.close();
  }
  const json = {
    date: new Date().toISOString(),
    store: dbPath,
    shards,
    guilds: shards * 4,
    maxConcurrency: 1,
    startMs: { a: round(result.startMs.a, 0), b: round(result.startMs.b, 0) },
    outageMs: Object.fromEntries(Object.entries(result.outageMs).map(([k, v]) => [k, round(v, 0)])),
    undeliverable: result.undeliverable,
    repeatsAfterRestart: result.repeatsAfterRestart,
    answeredTwice: result.answeredTwice,
    identifiesRefused: result.identifiesRefused,
    rssMb: result.rssMb,
    runs: Object.fromEntries(result.phases),
  };
  writeFileSync(o.out, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\n${table(result.phases)}\n\n`);
  process.stdout.write(
    `${shards} shards over 2 processes (A: 0-${String(Math.floor(shards / 2) - 1)}, B: the rest), ${String(shards * 4)} guilds, max_concurrency 1\n` +
      `start to ready, both started together: A ${json.startMs.a} ms, B ${json.startMs.b} ms (each waits for its shards' identify turns)\n` +
      `B killed: its shards gone from the gateway after ${String(json.outageMs['dropped'])} ms; ${result.undeliverable} events for its guilds had no session (Discord drops them)\n` +
      `B restarted: ready after ${String(json.outageMs['restartReady'])} ms, its first guild answered again ${String(json.outageMs['firstAnswerAfterRestart'])} ms after the restart\n` +
      `messages answered twice: ${result.answeredTwice}; answered again after the restart because B's repeat guard is in memory: ${result.repeatsAfterRestart}; identifies refused: ${result.identifiesRefused}\n` +
      `RSS after: A ${result.rssMb.a} MB, B ${result.rssMb.b} MB\n` +
      `written to ${o.out}\n`,
  );
  const bad = result.phases.filter(([, f]) => f.lost > 0 || f.duplicates > 0 || f.unexpected > 0);
  return bad.length === 0 && result.answeredTwice === 0 && result.identifiesRefused === 0 ? 0 : 1;
}

function afterLogCounts(result: Record<string, unknown>): Record<string, number> {
  const counts = z.record(z.string(), z.number()).safeParse(result['botLogCounts']);
  return counts.success ? Object.fromEntries(Object.entries(counts.data).filter(([k]) => !k.startsWith('info '))) : {};
}
