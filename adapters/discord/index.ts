/**
 * The Discord adapter: discord.js 14 logged in with `DISCORD_TOKEN`, slash commands and
 * their autocomplete, paging buttons, and (when `CABLEBOT_AUTO_DETECT` is on) answers to
 * hashtags, viewer links and `ID¶N` in messages. Wiring in handlers.ts, rendering in
 * render.ts, the command JSON in commands.ts, registration in register.ts.
 */
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, OAuth2Scopes, Options, PermissionFlagsBits, type Interaction, type Message } from 'discord.js';
import { DRAIN_MS, InFlight } from '../in-flight.ts';
import type { PlatformAdapter, PlatformRuntime, RunningAdapter } from '../platform.ts';
import { ConfigError } from '../../src/core/config.ts';
import { RepeatGuard } from '../../src/core/repeat-guard.ts';
import type { Answer } from '../../src/core/reply.ts';
import { disallowedIntentsText } from '../words.ts';
import { onInteraction, onMessage } from './handlers.ts';
import { renderAnswer, type DiscordMessage } from './render.ts';
import { ShardStates, shardOptions } from './shards.ts';

/**
 * What the bot needs in a channel: see it, post and post in threads, embed links (cards are
 * embeds), and read history (a reply to a message references it).
 */
export const BOT_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

/** The invite URL: the bot and its slash commands, with {@link BOT_PERMISSIONS}. */
export function inviteUrl(applicationId: string): string {
  const scope = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join('+');
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=${scope}&permissions=${BOT_PERMISSIONS.toString()}`;
}

/**
 * Gateway intents: guilds (channels, threads, slash commands) always; guild messages and the
 * privileged MESSAGE_CONTENT only when the bot reads messages, so a bot without the intent
 * approved still serves slash commands.
 */
export function intentsFor(autoDetect: boolean): GatewayIntentBits[] {
  return autoDetect ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : [GatewayIntentBits.Guilds];
}

/** Gateway close codes after which discord.js gives up, each with what the operator should do. */
function unrecoverable(code: number): string | null {
  if (code === Number(GatewayCloseCodes.DisallowedIntents)) return disallowedIntentsText();
  if (code === Number(GatewayCloseCodes.AuthenticationFailed)) return 'Discord rejected DISCORD_TOKEN (gateway close 4004): copy the bot token again from the developer portal.';
  if (code === Number(GatewayCloseCodes.InvalidIntents)) return 'Discord rejected the gateway intents (close 4013).';
  if (code === Number(GatewayCloseCodes.ShardingRequired)) {
    return 'Discord requires sharding (gateway close 4011): the bot is in too many servers for its shards; unset DISCORD_SHARD_COUNT (DISCORD_SHARDS=auto, the default) or raise it to the count Discord recommends.';
  }
  if (code === Number(GatewayCloseCodes.InvalidShard)) return 'Discord refused a shard (gateway close 4010): every id in DISCORD_SHARD_IDS must be below DISCORD_SHARD_COUNT.';
  return null;
}

/** The payload the adapter sends for an answer to a `/cable` by user `0` (buttons carry the asker). */
export function discordPayload(answer: Answer): DiscordMessage[] {
  return renderAnswer(answer, { owner: '0' });
}

/** Options for tests and embedding. */
export interface DiscordAdapterOptions {
  /** How long `stop()` waits for replies in flight (default {@link DRAIN_MS}). */
  drainMs?: number;
}

async function start(runtime: PlatformRuntime, options: DiscordAdapterOptions): Promise<RunningAdapter> {
  const discord = runtime.config.discord;
  if (discord === null) throw new ConfigError('DISCORD_TOKEN: not set');
  const client = new Client({
    intents: intentsFor(runtime.config.autoDetect),
    allowedMentions: { parse: [] },
    // The bot answers a message or interaction from its event and never reads one back, so
    // it keeps none: discord.js would otherwise hold the last 200 messages of every channel
    // it sees (tens of MB in a busy server, for nothing).
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    ...(discord.apiUrl !== null ? { rest: { api: discord.apiUrl } } : {}),
    ...shardOptions(discord.shards ?? 'auto'),
  });
  const deps = { runtime, guard: new RepeatGuard({ claims: runtime.state, scope: 'repeat:discord' }) };
  const fields = { platform: 'discord' };
  // Every handler run, event to last REST call of its reply, so stop() can let the replies in
  // flight finish before the client (its token) and the store go away.
  const inFlight = new InFlight('discord', runtime.log);
  const onInteractionCreate = (interaction: Interaction): void => void inFlight.track(onInteraction(deps, interaction));
  const onMessageCreate = (message: Message): void => void inFlight.track(onMessage(deps, message));
  client.on(Events.InteractionCreate, onInteractionCreate);
  client.on(Events.MessageCreate, onMessageCreate);
  client.on(Events.ShardError, (error) => runtime.log.error('discord gateway error', error, fields));
  // Each shard's gateway connection as /healthz reports it (Slack's HTTP mode, when both platforms run).
  const shards = new ShardStates(client);
  client.on(Events.ShardResume, (shard, replayed) => runtime.log.info('discord gateway resumed', { ...fields, shard, replayed }));
  const onReconnecting = (shard: number): void => runtime.log.warn('discord gateway reconnecting', { ...fields, shard });
  client.on(Events.ShardReconnecting, onReconnecting);
  client.rest.on('rateLimited', (info) => runtime.log.warn('discord rate limit', { ...fields, route: info.route, retryAfterMs: info.retryAfter, global: info.global }));

  const failed = new Promise<never>((_resolve, reject) => {
    client.on(Events.ShardDisconnect, (event, shard) => {
      const why = unrecoverable(event.code);
      runtime.log.error('discord gateway closed for good', new Error(why ?? `close code ${event.code}`), { ...fields, shard, code: event.code });
      if (why !== null) reject(new ConfigError(why));
    });
  });
  failed.catch(() => undefined);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await Promise.race([
      client.login(discord.token).then(() => {
        shards.expect(client.ws.shards.keys());
        return ready;
      }),
      failed,
    ]);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const ids = [...client.ws.shards.keys()].sort((a, b) => a - b);
  const count = client.options.shardCount ?? ids.length;
  return {
    notes: [
      `Discord: logged in as ${client.user?.tag ?? 'the bot'}, shard${ids.length === 1 ? '' : 's'} ${ids.join(', ')} of ${count}. Invite it to a server: ${inviteUrl(discord.applicationId)}`,
    ],
    stop: async () => {
      // Take no new events (one arriving now would not be answered in full anyway), let the
      // replies in flight finish, then close the gateway and drop the token.
      client.off(Events.InteractionCreate, onInteractionCreate);
      client.off(Events.MessageCreate, onMessageCreate);
      shards.stop();
      await inFlight.drain(options.drainMs ?? DRAIN_MS);
      // discord.js 14 emits shardReconnecting for its own close 1000 too; not worth a warning.
      client.off(Events.ShardReconnecting, onReconnecting);
      await client.destroy();
    },
    state: () => shards.overall(),
    shards: () => shards.byShard(),
  };
}

/** The Discord adapter with `options`; {@link discordAdapter} is the one `npm start` runs. */
export function discordPlatform(options: DiscordAdapterOptions = {}): PlatformAdapter {
  return {
    name: 'discord',
    enabled: (config) => config.discord !== null,
    start: (runtime) => start(runtime, options),
    payload: discordPayload,
  };
}

/** Discord: on when `DISCORD_TOKEN` is set. */
export const discordAdapter: PlatformAdapter = discordPlatform();
