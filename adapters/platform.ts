/**
 * What a chat platform adapter is to the rest of the bot: `npm start` starts every adapter
 * whose credentials are set (adapters/index.ts lists them), and `cablebot lookup --format
 * <name>` prints the exact payload the adapter would send for an answer.
 */
import type { CommandContext } from '../src/core/command.ts';
import type { Config } from '../src/core/config.ts';
import type { Logger } from '../src/core/log.ts';
import type { Answer } from '../src/core/reply.ts';
import type { Platform } from '../src/core/settings.ts';
import type { SharedState } from '../src/core/state/state.ts';

/** A platform connection as the health check reports it. */
export type ConnectionState = 'starting' | 'up' | 'reconnecting' | 'down' | 'stopped';

/** What an adapter starts with. */
export interface PlatformRuntime {
  /** The context without a caller; the adapter adds `caller` per request. */
  ctx: CommandContext;
  config: Config;
  /** What the bot's replicas share: settings (also in `ctx`), the repeat guard, rate limits, event de-duplication. */
  state: SharedState;
  log: Logger;
  /**
   * The connection state of every platform `start` runs in this process (set by `start`), so
   * the one health endpoint (Slack's HTTP mode) can report the others too; absent when the
   * adapter runs alone.
   */
  platforms?: () => Readonly<Partial<Record<Platform, ConnectionState>>>;
  /** The state of each shard of the platforms that have them (Discord), set by `start` as `platforms` is. */
  shards?: () => Readonly<Partial<Record<Platform, Readonly<Record<string, ConnectionState>>>>>;
}

/** A started adapter. */
export interface RunningAdapter {
  /** Lines for the operator once it is up (the invite URL, the listening port). */
  notes: string[];
  /** Disconnects and releases everything; resolves when done. */
  stop(): Promise<void>;
  /** Whether its connection to the platform is up right now (several connections: the worst of them). */
  state(): ConnectionState;
  /** Each of its connections by id, when it holds several (Discord: its gateway shards). */
  shards?(): Readonly<Record<string, ConnectionState>>;
}

/**
 * The connection states of the platforms one process runs, for {@link PlatformRuntime.platforms}:
 * `starting` until an adapter has started, then whatever it reports.
 */
export class PlatformStates {
  readonly #states = new Map<Platform, () => ConnectionState>();
  readonly #running = new Map<Platform, RunningAdapter>();

  constructor(names: readonly Platform[]) {
    for (const name of names) this.#states.set(name, () => 'starting');
  }

  /** From now on `name` reports `running`'s state. */
  started(name: Platform, running: RunningAdapter): void {
    this.#states.set(name, () => running.state());
    this.#running.set(name, running);
  }

  /** Every platform's state now (what `PlatformRuntime.platforms` returns). */
  readonly platforms = (): Partial<Record<Platform, ConnectionState>> => Object.fromEntries([...this.#states].map(([name, state]) => [name, state()]));

  /** The shards of every started platform that has them (what `PlatformRuntime.shards` returns). */
  readonly shards = (): Partial<Record<Platform, Readonly<Record<string, ConnectionState>>>> =>
    Object.fromEntries([...this.#running].flatMap(([name, running]) => (running.shards === undefined ? [] : [[name, running.shards()]])));
}

/** One platform. */
export interface PlatformAdapter {
  name: Platform;
  /** Whether the configuration turns it on (its credentials are set). */
  enabled(config: Config): boolean;
  /** Connects and starts answering. Rejects with a clear message when it cannot connect. */
  start(runtime: PlatformRuntime): Promise<RunningAdapter>;
  /** The exact payload(s) this adapter would send for `answer` (`cablebot lookup --format`). */
  payload(answer: Answer): unknown;
}
