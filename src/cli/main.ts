/**
 * `cablebot <verb>`: the command line (DESIGN.md "Contracts").
 *   parse <file...>                  cables of any supported format → JSON Lines on stdout
 *   import <file|dir...> [--db PATH] stream cables into the store, with progress and a summary
 *   check [--db PATH]                verify a store read-only: counts, content checksum, problems
 *   start                            run the bot (`npm start`)
 * Streams and environment come in through `io`, so tests run the real thing in-process.
 */
import { parseFile } from '../corpus/parse/file.ts';
import { importFiles, listInputFiles, rejection, type ImportProgress } from '../corpus/import.ts';
import { ImportStopped } from '../corpus/import-stop.ts';
import { checkStore, type CheckProblem } from '../corpus/check.ts';
import { ensureBundledStore, storePath } from '../corpus/bundled-store.ts';
import { StoreError, describeStoreError, openWritableStore } from '../corpus/store.ts';
import type { ParsedCable } from '../corpus/types.ts';
import { describeRejected } from './messages.ts';
import { runConsole } from '../../adapters/console/index.ts';
import { renderAnswerText } from '../../adapters/console/render.ts';
import { openBot } from '../bot/open.ts';
import { answerLine } from '../core/answer.ts';
import { ConfigError, parseConfig, type Config } from '../core/config.ts';
import { pinoLogger, type Logger } from '../core/log.ts';
import { openState } from '../core/state/open.ts';
import { StateUnavailableError } from '../core/state/state.ts';
import { platformAdapters } from '../../adapters/index.ts';
import { HEALTH_PATH } from '../../adapters/health.ts';
import { startHealthServer } from '../../adapters/health-server.ts';
import { DRAIN_MS } from '../../adapters/in-flight.ts';
import { PlatformStates, type PlatformAdapter, type RunningAdapter } from '../../adapters/platform.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: cablebot <command>
  start                              run the bot (console when no platform credentials are set)
  lookup <text...> [--format F]      answer one input as the bot would; F: text (default), json, discord, slack
  parse <file...>                    print the cables in these files as JSON Lines
  import <file|dir...> [--db PATH]   stream cables into the store (default: $CABLEBOT_DB or var/cablebot.db)
  check [--db PATH]                  verify a store (read-only); print its counts and content checksum
  register-commands [--guild ID]     register the Discord slash commands (globally, or in one server at once)
  help                               this text
Formats are recognised from the content: WikiLeaks cable pages (.html), their text copies,
cables.csv (whole or a chunk), raw telegrams (Latin-1 or UTF-8).
`;

/** The JSON object `parse` prints for a cable: the contract fields, then extras. */
export function toParseJson(cable: ParsedCable, source: { file: string; record?: number; line?: number }): object {
  return {
    id: cable.id,
    canonicalId: cable.canonicalId,
    created: cable.created,
    released: cable.released,
    classification: cable.classification,
    origin: cable.origin,
    subject: cable.subject,
    tags: cable.tags,
    references: cable.references,
    classifiedBy: cable.classifiedBy,
    reasons: cable.reasons,
    summary: cable.summary,
    paragraphs: cable.paragraphs.map((p) => ({ number: p.number, marking: p.marking, heading: p.heading, text: p.text })),
    partial: cable.partial,
    declassify: cable.declassify,
    tid: cable.tid,
    format: cable.format,
    source,
  };
}

async function parseCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length === 0) {
    io.stderr.write('cablebot parse: name at least one file or folder\n');
    return 2;
  }
  const { files, missing } = await listInputFiles(args);
  let failed = missing.length;
  for (const m of missing) io.stderr.write(`cablebot parse: ${describeRejected(m)}\n`);
  for (const file of files) {
    for await (const r of parseFile(file)) {
      if (r.ok) {
        io.stdout.write(`${JSON.stringify(toParseJson(r.cable, { file, ...pick(r.source) }))}\n`);
      } else {
        failed++;
        io.stderr.write(`cablebot parse: ${describeRejected(rejection(r.source, r.error.code, r.error.detail))}\n`);
      }
    }
  }
  return failed > 0 ? 1 : 0;
}

function pick(source: { record?: number; line?: number }): { record?: number; line?: number } {
  const out: { record?: number; line?: number } = {};
  if (source.record !== undefined) out.record = source.record;
  if (source.line !== undefined) out.line = source.line;
  return out;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `  12,345 records  210.3 of 1,712.0 MB  18.4 MB/s  ETA 1:21` */
export function progressLine(p: ImportProgress): string {
  const secs = p.elapsedMs / 1000;
  const mbps = secs > 0 ? p.bytes / 1e6 / secs : 0;
  // A pipe (`import -`) has no known size: no total, no ETA.
  const known = p.totalBytes > 0;
  const eta = known && mbps > 0 ? (p.totalBytes - p.bytes) / 1e6 / mbps : Number.NaN;
  const read = known ? `${(p.bytes / 1e6).toFixed(1)} of ${(p.totalBytes / 1e6).toFixed(1)} MB` : `${(p.bytes / 1e6).toFixed(1)} MB`;
  return `${p.records.toLocaleString('en-US')} records  ${read}  ${mbps.toFixed(1)} MB/s  ETA ${formatDuration(eta)}`;
}

async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const paths: string[] = [];
  let db: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--db') {
      db = args[++i];
      if (!db) {
        io.stderr.write('cablebot import: --db needs a path\n');
        return 2;
      }
    } else if (a.startsWith('--db=')) db = a.slice(5);
    else paths.push(a);
  }
  if (paths.length === 0) {
    io.stderr.write('cablebot import: name at least one file or folder\n');
    return 2;
  }
  const target = db ? { path: db, fromBundle: false } : storePath(io.env);
  // Importing into the default store keeps the bundled cables: build it first if needed.
  if (target.fromBundle) await ensureBundledStore(target.path);
  const store = openWritableStore(target.path);
  const tty = io.stderr.isTTY === true;
  let lastDraw = 0;
  // Ctrl-C / SIGTERM: finish and commit the batch being written, then stop (exit 128 + signal
  // number, as a shell reports a process killed by it). A second one exits at once: the batch
  // in flight is then not committed, and SQLite rolls it back, so the store stays whole.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stop.signal.aborted) {
      io.stderr.write(`\ncablebot import: ${signal} again: quitting now; the store keeps every batch committed so far — run the same command again to finish\n`);
      process.exit(code);
    }
    stopCode = code;
    stop.abort();
    io.stderr.write(`${tty ? '\r\x1b[K' : ''}cablebot import: ${signal}: stopping once the current batch is stored (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again quits at once)\n`);
  };
  let stopCode = 130;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let failed = true;
  try {
    const summary = await importFiles(store, paths, {
      signal: stop.signal,
      stdin: io.stdin,
      onProgress: (p) => {
        if (!tty || p.elapsedMs - lastDraw < 200) return;
        lastDraw = p.elapsedMs;
        io.stderr.write(`\r\x1b[K${progressLine(p)}`);
      },
      onIndexing: () => {
        if (tty) io.stderr.write(`\r\x1b[Kall cables stored; finishing the search index…`);
      },
    }).catch((err: unknown) => {
      if (!(err instanceof ImportStopped)) throw err;
      return err;
    });
    if (tty) io.stderr.write('\r\x1b[K');
    if (summary instanceof ImportStopped) {
      const s = summary.summary;
      const where = summary.last === null ? '' : ` (${summary.last.file}${summary.last.record === undefined ? '' : `, record ${summary.last.record}`})`;
      io.stderr.write(
        `cablebot import: stopped after ${(s.imported + s.updated + s.unchanged).toLocaleString('en-US')} cables${where} into ${store.path}` +
          ` (imported ${s.imported}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected.length} so far):` +
          ' run the same command again to finish — cables already stored are kept and not imported twice' +
          (store.indexPending() ? '; the search index is built at the end of the import, so searches wait for that run\n' : '\n'),
      );
      failed = false;
      return stopCode;
    }
    store.recordBuild({ source: `import: ${paths.join(' ')}` });
    store.optimize();
    const mb = summary.bytes / 1e6;
    io.stdout.write(
      `imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}` +
        ` — ${summary.records} records from ${summary.files} file(s), ${mb.toFixed(1)} MB in ${summary.seconds.toFixed(1)} s` +
        ` (${summary.seconds > 0 ? (mb / summary.seconds).toFixed(1) : '0.0'} MB/s) into ${store.path}\n`,
    );
    if (summary.index === 'rebuilt') {
      io.stderr.write(`cablebot import: the search index was built after the import, in this process, as its own thread could not (${summary.indexFailure ?? 'unknown error'})\n`);
    }
    for (const r of summary.rejected) io.stderr.write(`rejected: ${describeRejected(r)}\n`);
    failed = false;
    return summary.rejected.length > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (failed) {
      // The error being thrown (a full disk, say) is the one to report, not a second failure
      // of the checkpoint in close() for the same reason.
      try {
        store.close();
      } catch {
        // reported already: the error in flight
      }
    } else store.close();
  }
}

/** `check [--db PATH]`: verifies a store read-only; counts, checksum, then `ok` or the problems (exit 1). */
function checkCommand(args: readonly string[], io: CliIo): number {
  let db: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--db') db = args[++i] ?? '';
    else if (a.startsWith('--db=')) db = a.slice(5);
    else {
      io.stderr.write(`cablebot check: unexpected argument "${a}"; usage: cablebot check --db PATH\n`);
      return 2;
    }
    if (db === '') {
      io.stderr.write('cablebot check: --db needs a path\n');
      return 2;
    }
  }
  const path = db ?? storePath(io.env).path;
  const tty = io.stderr.isTTY === true;
  let lastDraw = 0;
  const report = checkStore(path, {
    onProgress: (done, total) => {
      const now = performance.now();
      if (!tty || now - lastDraw < 200) return;
      lastDraw = now;
      io.stderr.write(`\r\x1b[K${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} cables verified`);
    },
  });
  if (tty) io.stderr.write('\r\x1b[K');
  io.stdout.write(`cables ${report.cables}\nparagraphs ${report.paragraphs}\nchecksum ${report.checksum}\n`);
  if (report.indexPending) {
    // Whole cables and no stale index: nothing wrong, only unfinished (searches say so too).
    io.stderr.write(
      `cablebot check: the search index of ${report.path} is not built yet: an import into it is running, or was stopped before its end — run the same import command again to finish it\n`,
    );
  }
  if (report.problems.length === 0) {
    io.stdout.write('ok\n');
    return 0;
  }
  for (const p of report.problems) io.stderr.write(`cablebot check: ${describeProblem(p)}\n`);
  io.stderr.write(`cablebot check: ${report.path} has problems: rebuild it with \`npx cablebot import <cables.csv|dir> --db ${report.path}\` into a new file\n`);
  return 1;
}

const PROBLEMS: Record<CheckProblem['code'], string> = {
  sqlite: 'SQLite integrity_check found damage',
  'unreadable-cable': 'cables with a value of the wrong type or paragraph offsets outside the body',
  'hash-mismatch': 'cables that are not whole (they do not hash to their stored hash: paragraphs or references missing, or the row half-updated)',
  'orphan-paragraphs': 'paragraph rows that belong to no cable',
  'orphan-refs': 'reference rows that belong to no cable',
  'fts-missing': 'cables missing from the full-text index',
  'fts-extra': 'full-text index entries of no cable',
  'fts-stale': 'cables the full-text index holds an older version of (their own words do not find them)',
};

/** `3 cables that are not whole (…): 06MOSCOW754, 08MANAMA492` */
function describeProblem(p: CheckProblem): string {
  const examples = p.examples.length === 0 ? '' : `: ${p.examples.join(', ')}${p.count > p.examples.length ? ', …' : ''}`;
  const detail = p.detail === undefined ? '' : ` (${p.detail})`;
  return `${p.count.toLocaleString('en-US')} ${PROBLEMS[p.code]}${detail}${examples}`;
}

const FORMATS = ['text', 'json', 'discord', 'slack'] as const;
type Format = (typeof FORMATS)[number];

function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** `lookup <text...> [--format text|json|discord|slack]`: the answer to one input, as the bot gives it. */
async function lookupCommand(args: readonly string[], io: CliIo): Promise<number> {
  const words: string[] = [];
  let format: Format = 'text';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const value = a === '--format' ? args[++i] : a.startsWith('--format=') ? a.slice(9) : undefined;
    if (a === '--format' || a.startsWith('--format=')) {
      if (value === undefined || !isFormat(value)) {
        io.stderr.write(`cablebot lookup: --format takes ${FORMATS.join(', ')}\n`);
        return 2;
      }
      format = value;
    } else words.push(a);
  }
  const entry = format === 'discord' || format === 'slack' ? platformAdapters.find((a) => a.name === format) : undefined;
  if ((format === 'discord' || format === 'slack') && entry === undefined) {
    io.stderr.write(`cablebot lookup: --format ${format} needs the ${format === 'discord' ? 'Discord' : 'Slack'} adapter, which this version does not have yet\n`);
    return 2;
  }
  const text = words.join(' ');
  if (text.trim() === '') {
    io.stderr.write('cablebot lookup: give the text to answer, e.g. cablebot lookup 06MOSCOW754 ¶5\n');
    return 2;
  }
  const platform = await entry?.load();
  const bot = await openBot(io.env, { onBuild: (b) => io.stderr.write(builtLine(b)) });
  try {
    const answer = answerLine(bot.ctx, text, (error) => io.stderr.write(`cablebot lookup: ${String(error)}\n`));
    const printed = platform !== undefined ? platform.payload(answer) : format === 'json' ? answer : null;
    io.stdout.write(printed !== null ? `${JSON.stringify(printed, null, 2)}\n` : `${renderAnswerText(answer)}\n`);
    return answer.replies.some((r) => r.kind === 'error' || r.kind === 'not-found' || (r.kind === 'source' && r.matches.length === 0)) ? 1 : 0;
  } finally {
    bot.close();
  }
}

function builtLine(b: { cables: number; seconds: number }): string {
  return `Built the cable store from the bundled corpus: ${b.cables} cables in ${b.seconds.toFixed(1)} s.\n`;
}

/** `start`: every platform whose credentials are set; the console when none are. */
async function startCommand(io: CliIo, signals: StopSignal): Promise<number> {
  const config = parseConfig(io.env);
  const wanted = [config.discord !== null ? 'discord' : null, config.slack !== null ? 'slack' : null].filter((p) => p !== null);
  const adapters = await Promise.all(platformAdapters.filter((a) => a.enabled(config)).map((a) => a.load()));
  const missing = wanted.filter((name) => !adapters.some((a) => a.name === name));
  if (missing.length > 0) {
    io.stderr.write(`cablebot: ${missing.join(' and ')} credentials are set, but this version has no ${missing.join(' or ')} adapter; unset them to use the console\n`);
    return 2;
  }
  if (adapters.length > 0) return runPlatforms(io, config, adapters, signals);
  const bot = await openBot(io.env, {
    onBuild: (b) => io.stderr.write(builtLine(b)),
    onWarmUpError: (error) => io.stderr.write(`cablebot: warning: the store could not be read at startup: ${String(error)}\n`),
  });
  try {
    await runConsole(io, bot.ctx, `cablebot: ${bot.ctx.corpus.count().toLocaleString('en-US')} cables in ${bot.store.path}. Type a reference ID (06MOSCOW754, 06MOSCOW754 ¶5), "search <words>", "help", or Ctrl-D to quit.`);
    return 0;
  } finally {
    bot.close();
  }
}

/**
 * Resolves when the process is asked to stop (SIGINT, SIGTERM); tests pass their own. `log` is
 * the bot's log, for what happens while it stops.
 */
export type StopSignal = (log: Logger) => Promise<void>;

/**
 * The bound on a whole shutdown: the drain of the replies in flight ({@link DRAIN_MS}, the
 * adapters in parallel), then closing connections and databases, with room to spare; under
 * Docker's default 10 s before its SIGKILL.
 */
export const SHUTDOWN_MS = DRAIN_MS + 3_000;

/**
 * The process's stop signal. The first SIGINT/SIGTERM starts the shutdown and arms the
 * {@link SHUTDOWN_MS} bound: a reply abandoned after the drain (a request with no timeout of
 * its own, e.g. to a `response_url` that never answers) would otherwise keep the process
 * alive after everything was closed. The timer is unref'd, so a clean shutdown exits as soon
 * as it is done. A second signal while stopping exits at once, with 1.
 */
function processStopSignal(log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log.warn('second signal while stopping: exiting now', { signal });
        process.exit(1);
      }
      stopping = true;
      setTimeout(() => {
        // bin/cablebot.js sets the exit code when main() has returned, i.e. the shutdown finished.
        const code = process.exitCode;
        if (code !== undefined && code !== null) log.warn('stopped, but still held by work abandoned in flight: exiting', { afterMs: SHUTDOWN_MS });
        else log.error('the shutdown did not finish in time: exiting', undefined, { afterMs: SHUTDOWN_MS });
        process.exit(code ?? 1);
      }, SHUTDOWN_MS).unref();
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs the platform adapters until `signals` resolves, then stops them and closes the store. */
async function runPlatforms(io: CliIo, config: Config, adapters: readonly PlatformAdapter[], signals: StopSignal): Promise<number> {
  const log = pinoLogger(io.stderr, config.logLevel);
  const bot = await openBot(io.env, {
    onBuild: (b) => log.info('built the cable store from the bundled corpus', { cables: b.cables, seconds: Number(b.seconds.toFixed(1)) }),
    onWarmUpError: (error) => log.error('the store could not be read at startup', error),
  });
  const state = await openState(config, {
    onStateChange: (h) => (h.state === 'down' ? log.warn('the shared state is down; answering from memory until it is back', { reason: h.reason }) : log.info('the shared state is back')),
    onError: (error) => log.error('a call to the shared state failed; answered from memory', error),
  }).catch((error: unknown) => {
    bot.close();
    throw error;
  });
  const running: RunningAdapter[] = [];
  // Listen before the notes announce the bot: a SIGTERM sent as soon as "listening on" is
  // printed (or during start-up) must stop it cleanly, not kill it by the default action.
  const stop = signals(log);
  try {
    const ctx = { ...bot.ctx, settings: state.settings, autoDetectEnabled: config.autoDetect };
    // Every platform's connection state, for the health check.
    const states = new PlatformStates(adapters.map((a) => a.name));
    for (const adapter of adapters) {
      const started = await adapter.start({ ctx, config, state, log, platforms: states.platforms, shards: states.shards });
      states.started(adapter.name, started);
      running.push(started);
      log.info(`${adapter.name} adapter started`, { cables: ctx.corpus.count() });
      for (const note of started.notes) io.stderr.write(`${note}\n`);
    }
    // No Slack HTTP receiver to answer /healthz (Discord only, or Socket Mode): PORT gets a server of its own.
    if (config.healthPort !== undefined) {
      const health = await startHealthServer({ corpus: ctx.corpus, state, platforms: states.platforms, shards: states.shards }, config.healthPort);
      running.push({ notes: [], stop: () => health.close(), state: () => 'up' });
      io.stderr.write(`Health: listening on :${health.port}${HEALTH_PATH}\n`);
    }
    await stop;
    log.info('stopping');
    return 0;
  } finally {
    // In parallel: each drains its replies in flight for up to DRAIN_MS, and the shutdown as a whole must stay within SHUTDOWN_MS.
    await Promise.all(running.map((r) => r.stop().catch((error: unknown) => log.error('an adapter did not stop cleanly', error))));
    await state.close();
    bot.close();
  }
}

/** Runs one CLI invocation; returns the exit code. Store problems become one clear line. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  signals: StopSignal = processStopSignal,
): Promise<number> {
  const [verb, ...args] = argv;
  try {
    switch (verb) {
      case 'parse':
        return await parseCommand(args, io);
      case 'import':
        return await importCommand(args, io);
      case 'check':
        return checkCommand(args, io);
      case 'start':
      case undefined:
        return await startCommand(io, signals);
      case 'lookup':
        return await lookupCommand(args, io);
      case 'register-commands':
        return await (await import('../../adapters/discord/register.ts')).registerCommandsCli(args, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return 0;
      default:
        io.stderr.write(`cablebot: unknown command "${verb}"\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof StoreError) {
      io.stderr.write(`cablebot: ${describeStoreError(err)}\n`);
      return 1;
    }
    if (err instanceof StateUnavailableError) {
      io.stderr.write(`cablebot: ${err.message}\n`);
      return 1;
    }
    if (err instanceof ConfigError) {
      io.stderr.write(`cablebot: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
