/**
 * The gateway shards one process runs: the discord.js client options for the configured
 * {@link ShardPlan}, and each shard's connection state as `/healthz` reports it.
 */
import { Events, type Client, type ClientOptions } from 'discord.js';
import type { ConnectionState } from '../platform.ts';
import type { ShardPlan } from '../../src/core/discord-shards.ts';
import { slotThrottler } from './identify-slots.ts';

/**
 * discord.js's options for `plan`: `auto` lets it ask `GET /gateway/bot` for the count and run
 * them all; a count runs the ids given. A process running only some of the shards takes its
 * identify turns from the clock ({@link slotThrottler}), so processes started together stay
 * within `max_concurrency`; one running them all keeps discord.js's own throttle.
 */
export function shardOptions(plan: ShardPlan): Pick<ClientOptions, 'shards' | 'shardCount' | 'ws'> {
  if (plan === 'auto') return { shards: 'auto' };
  const options = { shards: [...plan.ids], shardCount: plan.count };
  if (plan.ids.length === plan.count) return options;
  return {
    ...options,
    ws: {
      buildIdentifyThrottler: async (manager) => slotThrottler(plan.count, (await manager.fetchGatewayInformation()).session_start_limit.max_concurrency),
    },
  };
}

/** Worst first: what one state for all shards says when they differ. */
const SEVERITY: readonly ConnectionState[] = ['stopped', 'down', 'reconnecting', 'starting', 'up'];

/** Each shard's connection, from the client's shard events. */
export class ShardStates {
  readonly #states = new Map<number, ConnectionState>();
  #stopped = false;

  /** Follows `client`'s shard events from now on. */
  constructor(client: Client) {
    client.on(Events.ShardReady, (id) => this.#set(id, 'up'));
    client.on(Events.ShardResume, (id) => this.#set(id, 'up'));
    // discord.js 14 emits shardReconnecting for its own close on destroy() too: stopped stays stopped.
    client.on(Events.ShardReconnecting, (id) => this.#set(id, 'reconnecting'));
    client.on(Events.ShardDisconnect, (_event, id) => this.#set(id, 'down'));
  }

  #set(id: number, state: ConnectionState): void {
    if (!this.#stopped) this.#states.set(id, state);
  }

  /** Lists `ids` (the shards the client runs, known once it has logged in) as starting until they report. */
  expect(ids: Iterable<number>): void {
    for (const id of ids) if (!this.#states.has(id)) this.#set(id, 'starting');
  }

  /** Every shard is stopped from now on (the adapter is shutting down). */
  stop(): void {
    for (const id of this.#states.keys()) this.#states.set(id, 'stopped');
    this.#stopped = true;
  }

  /** Each shard's state by id, in id order. */
  byShard(): Record<string, ConnectionState> {
    return Object.fromEntries([...this.#states].sort(([a], [b]) => a - b).map(([id, state]) => [String(id), state]));
  }

  /** One state for all: `up` when every shard is, else the worst of them. */
  overall(): ConnectionState {
    if (this.#stopped) return 'stopped';
    const states = new Set(this.#states.values());
    return SEVERITY.find((s) => states.has(s)) ?? 'starting';
  }
}
