/**
 * The bot under load, in a process of its own (so its RSS is the bot's alone, not the fakes'
 * and the load driver's): `openBot` over `CABLEBOT_DB` (the bundled store when unset), then the
 * real Discord and Slack adapters from the environment (`DISCORD_*`, `SLACK_*`, pointed at the
 * loopback fakes by the parent), the Slack receiver bound to 127.0.0.1 only. Started by
 * bench/load/run.ts with `fork`; it talks back over IPC:
 *
 * - sends `{ type: 'ready', … }` with its timings once every adapter is up;
 * - answers `{ type: 'memory' }` with `process.memoryUsage()` (after a GC when `--expose-gc`);
 * - on `{ type: 'stop' }` stops the adapters, closes the store and exits.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { discordAdapter } from '../../adapters/discord/index.ts';
import { PlatformStates, type RunningAdapter } from '../../adapters/platform.ts';
import { slackPlatform } from '../../adapters/slack/index.ts';
import { openBot } from '../../src/bot/open.ts';
import { parseConfig } from '../../src/core/config.ts';
import { streamLogger, type Logger } from '../../src/core/log.ts';
import { openState } from '../../src/core/state/open.ts';

const ParentMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('memory'), gc: z.boolean() }), z.object({ type: z.literal('stop') })]);

/** A logger that also counts lines by message (the parent reads the counts: retries, rate limits). */
function countingLogger(inner: Logger, counts: Map<string, number>): Logger {
  const count = (level: string, message: string): void => {
    const key = `${level} ${message}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  return {
    info: (m, f) => {
      count('info', m);
      inner.info(m, f);
    },
    warn: (m, f) => {
      count('warn', m);
      inner.warn(m, f);
    },
    error: (m, e, f) => {
      count('error', m);
      inner.error(m, e, f);
    },
  };
}

/**
 * RSS split by kind where Linux says (`/proc/self/smaps_rollup`): anonymous memory (heaps,
 * SQLite's caches, buffers) and file-backed pages (code, shared libraries, mapped files).
 */
function residentKinds(): { anonymous?: number; fileBacked?: number } {
  try {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
    const rss = kb('Rss');
    const anonymous = kb('Anonymous');
    return Number.isFinite(rss) && Number.isFinite(anonymous) ? { anonymous, fileBacked: rss - anonymous } : {};
  } catch {
    return {};
  }
}

function send(message: unknown): void {
  process.send?.(message);
}

export async function main(): Promise<number> {
  const started = performance.now();
  const logFile = process.env.LOAD_BOT_LOG;
  const counts = new Map<string, number>();
  const log = countingLogger(streamLogger(logFile !== undefined ? createWriteStream(logFile) : process.stderr), counts);
  // The load comes from a handful of fake users: the per-user and per-channel limits of
  // explicit commands would answer most of it with "slow down", which is not what is measured.
  const config = parseConfig({ CABLEBOT_USER_RATE: '10000', CABLEBOT_CHANNEL_RATE: '100000', ...process.env });
  const bot = await openBot(process.env, { onWarmUpError: (error) => log.error('warm-up failed', error) });
  const opened = performance.now();
  const state = await openState(config, { onStateChange: (h) => log.warn('shared state', { state: h.state, reason: h.reason }) });
  const ctx = { ...bot.ctx, settings: state.settings, autoDetectEnabled: config.autoDetect };
  const running: RunningAdapter[] = [];
  const adapterMs: Record<string, number> = {};
  const notes: string[] = [];
  const adapters = [discordAdapter, slackPlatform({ host: '127.0.0.1' })].filter((a) => a.enabled(config));
  const states = new PlatformStates(adapters.map((a) => a.name));
  for (const adapter of adapters) {
    const t = performance.now();
    const r = await adapter.start({ ctx, config, state, log, platforms: states.platforms, shards: states.shards });
    states.started(adapter.name, r);
    adapterMs[adapter.name] = performance.now() - t;
    running.push(r);
    notes.push(...r.notes);
  }
  send({
    type: 'ready',
    // Process start (node + tsx loading the code) to every adapter up.
    uptimeMs: process.uptime() * 1000,
    openBotMs: opened - started,
    adapterMs,
    cables: ctx.corpus.count(),
    store: bot.store.path,
    notes,
  });
  await new Promise<void>((resolve) => {
    process.on('message', (raw) => {
      const message = ParentMessage.safeParse(raw);
      if (!message.success) return;
      if (message.data.type === 'stop') {
        resolve();
        return;
      }
      if (message.data.gc && typeof globalThis.gc === 'function') globalThis.gc();
      send({ type: 'memory', memory: { ...process.memoryUsage(), ...residentKinds() }, logCounts: Object.fromEntries(counts) });
    });
  });
  for (const r of running.reverse()) await r.stop().catch((error: unknown) => log.error('an adapter did not stop cleanly', error));
  await state.close();
  bot.close();
  process.disconnect?.();
  return 0;
}
