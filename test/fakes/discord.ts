/**
 * A loopback fake of Discord — REST API and gateway — that the REAL discord.js 14 talks to.
 *
 * Point discord.js at it with
 * `new Client({ intents, rest: { api: fake.apiUrl } })` (the adapter's `DISCORD_API_URL`
 * seam); discord.js asks `GET /gateway/bot` for the gateway URL, so the WebSocket half needs
 * no configuration. Everything the bot sends is recorded (`requests`, `gatewayPayloads`) and
 * can be awaited; gateway events are injected with `dispatch` and the builders
 * `sendMessage` / `sendInteraction` / `sendMessageCommand` / `clickButton`.
 *
 * The fake behaves like Discord where a bot can get it wrong: it enforces the message and
 * embed limits (400 with code 50035, as Discord), blanks message text for a session that did
 * not ask for the MESSAGE_CONTENT intent, drops guild messages for a session without
 * GUILD_MESSAGES, rejects a second acknowledgement of an interaction (40060) and a first one
 * later than 3 s (10062), refuses command JSON Discord refuses (a slash command without a
 * description or with a capitalised name, a message command with a description), and echoes the bot's own messages back over the gateway (so a bot
 * that does not ignore itself loops in tests as it would in production).
 *
 * Sharding, as Discord does it: with `guilds` > 1 the fake holds several guilds, and a session
 * identified with `shard: [id, count]` gets READY and GUILD_CREATE for, and every event of,
 * only the guilds with `(guild_id >> 22) % count === id`. A shard id outside its count is
 * closed with 4010, a session holding more than `maxGuildsPerSession` guilds with 4011
 * (sharding required), and with `maxConcurrency` set, a second IDENTIFY in the same bucket
 * (`shard_id % max_concurrency`) within 5 s gets INVALID_SESSION.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import type {
  APIApplicationCommandInteractionDataOption,
  APIGuildCategoryChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
} from 'discord.js';
import {
  Recorder,
  closeServer,
  closeWebSockets,
  flatHeaders,
  listenOnLoopback,
  parseJson,
  readBody,
  sendEmpty,
  sendJson,
  snowflakeFactory,
} from './support.ts';

/** One REST request the bot made, as the fake received it. */
export interface FakeDiscordRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /**
   * Route without the `/api` prefix and API version, without the query, percent-decoded:
   * `/channels/1/messages`, `/webhooks/1/tok/messages/@original`.
   */
  readonly path: string;
  /** The raw request target, e.g. `/api/v10/interactions/1/tok/callback?with_response=false`. */
  readonly url: string;
  /** Query parameters (discord.js sends e.g. `with_response=false`, `wait=true`). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `Authorization` header (`Bot <token>`); absent on interaction and webhook routes. */
  readonly authorization: string | undefined;
  /** Parsed JSON body (for multipart bodies: the parsed `payload_json` part); undefined if none. */
  readonly body: unknown;
  /** Files of a multipart body. */
  readonly files: readonly { field: string; filename: string; size: number; contentType: string }[];
  /** What the fake answered. */
  readonly status: number;
  readonly response: unknown;
}

/** One payload the bot sent over the gateway WebSocket (IDENTIFY, heartbeats, presence…). */
export interface FakeGatewayPayload {
  readonly op: number;
  readonly d: unknown;
  readonly sessionId: string | undefined;
}

/**
 * A message as the fake holds and serves it: Discord's message object, with embeds and
 * components kept exactly as the bot sent them (unparsed JSON) rather than typed.
 */
export interface FakeDiscordMessage extends Omit<APIMessage, 'embeds' | 'components' | 'attachments' | 'referenced_message'> {
  embeds: unknown[];
  components?: unknown[];
  attachments: unknown[];
  referenced_message?: FakeDiscordMessage | null;
}

/** Who wrote an injected message: a human member, another bot, the bot under test, or anyone. */
export type FakeAuthor = 'user' | 'bot' | 'self' | APIUser;

/** Options of {@link FakeDiscord.sendMessage}. */
export interface FakeMessageOptions {
  readonly content: string;
  /** Defaults to the `#general` text channel; may be a thread id. */
  readonly channelId?: string;
  /** Defaults to `'user'` (a human member). */
  readonly author?: FakeAuthor;
  /** Users mentioned; mentioning `'self'` is what lets a bot without MESSAGE_CONTENT see the text. */
  readonly mentions?: readonly FakeAuthor[];
  /** Makes the message a reply (type 19) to this message id. */
  readonly replyTo?: string;
  readonly embeds?: readonly unknown[];
  readonly attachments?: readonly unknown[];
  /** Overrides the generated message id. */
  readonly id?: string;
}

/** An option of an injected application command. */
export interface FakeCommandOption {
  readonly name: string;
  /** Inferred when absent: string → STRING, integer → INTEGER, other number → NUMBER, boolean → BOOLEAN. */
  readonly type?: ApplicationCommandOptionType;
  readonly value?: string | number | boolean;
  /** Sub-options of a SUB_COMMAND / SUB_COMMAND_GROUP option. */
  readonly options?: readonly FakeCommandOption[];
}

/** Options of {@link FakeDiscord.sendInteraction}. */
export interface FakeInteractionOptions {
  readonly commandName: string;
  readonly options?: readonly FakeCommandOption[];
  /**
   * Name of the option being typed: makes this an APPLICATION_COMMAND_AUTOCOMPLETE interaction
   * (type 4) whose option of that name carries `focused: true`, instead of a command (type 2).
   */
  readonly focused?: string;
  /** Defaults to the `#general` text channel. */
  readonly channelId?: string;
  /** Defaults to `'user'`. */
  readonly user?: Exclude<FakeAuthor, 'self'>;
  /** The user's client locale, default `en-US`. */
  readonly locale?: Locale;
  /** The invoker's computed permissions in the channel; default @everyone's (no Manage Channels). */
  readonly memberPermissions?: bigint;
}

/**
 * Options of {@link FakeDiscord.sendMessageCommand}: a message context-menu command (an
 * APPLICATION_COMMAND interaction, type 2, whose `data.type` is 3 MESSAGE) used on a message
 * the fake holds, which Discord sends whole in `data.resolved.messages`.
 */
export interface FakeMessageCommandOptions {
  /** The menu entry's name, as registered (`Find cable source`). */
  readonly commandName: string;
  /** The message it was used on (injected with `sendMessage`, or sent by the bot). */
  readonly messageId: string;
  /** Defaults to `'user'`. */
  readonly user?: Exclude<FakeAuthor, 'self'>;
  /** The invoker's computed permissions in the channel; default @everyone's. */
  readonly memberPermissions?: bigint;
}

/** Options of {@link FakeDiscord.clickButton}: a MESSAGE_COMPONENT interaction (type 3) on a message the fake holds. */
export interface FakeButtonOptions {
  /** The clicked button's `custom_id`. */
  readonly customId: string;
  /** The message carrying the button (sent by the bot). */
  readonly messageId: string;
  /** Defaults to `'user'`. */
  readonly user?: Exclude<FakeAuthor, 'self'>;
}

/** An injected interaction: what was dispatched, and the id/token its responses must use. */
export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A canned answer for requests matching a predicate, taking precedence over the built-in routes. */
export interface FakeDiscordInterception {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link startFakeDiscord}. */
export interface FakeDiscordOptions {
  /** When set, REST calls must carry `Bot <token>` and IDENTIFY this token (else 401 / close 4004). */
  readonly token?: string;
  /** HELLO's heartbeat_interval; Discord's 41.25 s by default, so a short test sees no heartbeat. */
  readonly heartbeatIntervalMs?: number;
  /** How long an interaction may wait for its first response; 3 s as Discord. */
  readonly interactionAckTimeoutMs?: number;
  /** Dispatch MESSAGE_CREATE/UPDATE/DELETE for the bot's own REST writes, as Discord does. Default true. */
  readonly echoOwnMessages?: boolean;
  /**
   * Privileged intents the application is NOT allowed (not enabled in the developer portal):
   * an IDENTIFY asking for any of them is closed with 4014 "Disallowed intent(s)", as Discord does.
   */
  readonly disallowedIntents?: number;
  /**
   * Keep dispatching to a session whose socket `closeGateway` closed, buffered, and replay what
   * it missed (every dispatch after the RESUME's `seq`) before RESUMED, as Discord does. Off by
   * default: a closed session then gets nothing, and `sendMessage` needs a live one.
   */
  readonly replayOnResume?: boolean;
  /**
   * How many guilds the fake's world has (default 1: the guild of {@link FakeDiscordIds}). The
   * others each get a `#general` text channel and the same members, and ids whose timestamp
   * part (`id >> 22`) runs on consecutive milliseconds, so they fall on consecutive shards.
   */
  readonly guilds?: number;
  /** The most guilds one session (shard) may hold; more closes it with 4011. Discord's 2,500 by default. */
  readonly maxGuildsPerSession?: number;
  /** `shards` of `GET /gateway/bot`: what Discord recommends. Default one per 1,000 guilds, at least 1. */
  readonly recommendedShards?: number;
  /**
   * `session_start_limit.max_concurrency` of `GET /gateway/bot`, and enforced: an IDENTIFY
   * less than 5 s after the previous one of its bucket (`shard_id % max_concurrency`) is answered
   * with INVALID_SESSION (op 9, not resumable), as Discord does. Unset: 1, not enforced (tests
   * that restart a client within 5 s stay fast).
   */
  readonly maxConcurrency?: number;
}

/** A guild of the fake's world and the text channel where its messages go by default. */
export interface FakeGuild {
  readonly id: string;
  readonly textChannelId: string;
}

/** One IDENTIFY the fake received and what it made of it. */
export interface FakeIdentify {
  /** `[shard_id, shard_count]` as identified (`[0, 1]` when the bot sent none). */
  readonly shard: readonly [number, number];
  /** `Date.now()` when it arrived. */
  readonly at: number;
  /** READY sent; or refused: too soon in its bucket (op 9), a bad shard (4010), too many guilds (4011). */
  readonly outcome: 'ready' | 'rate-limited' | 'invalid-shard' | 'sharding-required';
}

/** The ids of the fake's world: one guild with channels, roles and members. */
export interface FakeDiscordIds {
  readonly applicationId: string;
  /** The bot user; equal to the application id, as for every application created since 2016. */
  readonly botUserId: string;
  readonly guildId: string;
  /** @everyone; its id is the guild id (a Discord convention). */
  readonly everyoneRoleId: string;
  /** The bot's managed role, which grants it view/send/embed/thread permissions. */
  readonly botRoleId: string;
  readonly categoryId: string;
  /** `#general`, a text channel: the default channel of injected messages and interactions. */
  readonly textChannelId: string;
  /** `#cables`, a second text channel with threads enabled by default. */
  readonly threadParentChannelId: string;
  /** An active public thread in `#cables`. */
  readonly threadId: string;
  /** A human member. */
  readonly userId: string;
  /** Another bot in the guild. */
  readonly otherBotId: string;
}

/** The running fake; see {@link startFakeDiscord}. */
export interface FakeDiscord {
  readonly port: number;
  /** REST base for discord.js's `rest.api` / `DISCORD_API_URL`: `http://127.0.0.1:P/api`. */
  readonly apiUrl: string;
  /** What `GET /gateway/bot` returns as `url`: `ws://127.0.0.1:P`. */
  readonly gatewayUrl: string;
  readonly ids: FakeDiscordIds;
  /** Every guild of the fake's world, the one of {@link FakeDiscordIds} first. */
  readonly guilds: readonly FakeGuild[];
  /** The shard, of `count`, that Discord routes `guildId`'s events to: `(guild_id >> 22) % count`. */
  shardOf(guildId: string, count: number): number;
  /** Every IDENTIFY, in arrival order. */
  readonly identifies: readonly FakeIdentify[];
  /** The shard ids of the sessions events are dispatched to now (open, or awaiting a resume), sorted. */
  liveShards(): number[];
  /**
   * New gateway connections get no HELLO until `until` resolves: a client that lost its socket
   * stays reconnecting (a slow gateway node) while its other shards carry on.
   */
  holdConnections(until: Promise<void>): void;
  readonly botUser: APIUser;
  readonly user: APIUser;
  readonly otherBot: APIUser;
  /** Every REST request, in arrival order (unknown routes included, answered 404). */
  readonly requests: readonly FakeDiscordRequest[];
  /** Every payload the bot sent over the gateway. */
  readonly gatewayPayloads: readonly FakeGatewayPayload[];
  /** Resolves with the first request (past or future) matching `predicate`. Default timeout 2 s. */
  waitForRequest(predicate: (request: FakeDiscordRequest) => boolean, timeoutMs?: number): Promise<FakeDiscordRequest>;
  /** Resolves with the first gateway payload (past or future) matching `predicate`. */
  waitForGatewayPayload(predicate: (payload: FakeGatewayPayload) => boolean, timeoutMs?: number): Promise<FakeGatewayPayload>;
  /** Resolves once a gateway session has identified and been sent READY and GUILD_CREATE. */
  waitForSession(timeoutMs?: number): Promise<void>;
  /**
   * Sends a dispatch (op 0) event to every identified session, with increasing sequence numbers;
   * an event with a `guild_id` only to the session of that guild's shard.
   */
  dispatch(t: string, d: unknown): void;
  /** Builds and dispatches a MESSAGE_CREATE; returns the message as the bot would see it with every intent. */
  sendMessage(options: FakeMessageOptions): FakeDiscordMessage;
  /** Builds and dispatches an INTERACTION_CREATE for a chat-input command, or its autocomplete. */
  sendInteraction(options: FakeInteractionOptions): FakeInteraction;
  /** Builds and dispatches an INTERACTION_CREATE for a message context-menu command on a message the fake holds. */
  sendMessageCommand(options: FakeMessageCommandOptions): FakeInteraction;
  /** Builds and dispatches an INTERACTION_CREATE for a click on a button of a message the fake holds. */
  clickButton(options: FakeButtonOptions): FakeInteraction;
  /**
   * Closes every live gateway socket (only shard `shard`'s, when given) with `code` (default
   * 4000, "unknown error": resumable), as Discord does when it restarts a gateway node; the
   * session stays resumable.
   */
  closeGateway(code?: number, shard?: number): void;
  /**
   * Holds requests matching `predicate` (at most `times` times, default always) until
   * `hold(request)` resolves, then handles and answers them as usual: a slow Discord, as the
   * bot sees it. A held request shows in `requests` once answered, and an interaction's 3 s
   * deadline counts to then. A hold that never resolves leaves the bot waiting until `close`.
   */
  delay(predicate: (request: FakeDiscordRequest) => boolean, hold: (request: FakeDiscordRequest) => Promise<void>, times?: number): void;
  /** Answers requests matching `predicate` with `reply` (at most `times` times, default always). */
  intercept(predicate: (request: FakeDiscordRequest) => boolean, reply: FakeDiscordInterception, times?: number): void;
  /** The message the fake holds under this id (sent by the bot or injected), if any. */
  message(id: string): FakeDiscordMessage | undefined;
  /** The message an interaction's initial response created (its `@original`), if any. */
  originalMessage(interaction: { readonly id: string }): FakeDiscordMessage | undefined;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

/* ------------------------------------------------------------------------------------------ */
/* Wire shapes the fake parses (zod, never `as`).                                             */

const GatewayPayloadSchema = z.looseObject({ op: z.number(), d: z.unknown() });
const IdentifySchema = z.looseObject({
  token: z.string(),
  intents: z.number(),
  shard: z.tuple([z.number(), z.number()]).optional(),
});
const ResumeSchema = z.looseObject({ token: z.string(), session_id: z.string(), seq: z.number().nullable() });

const EmbedSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  fields: z.array(z.looseObject({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
  footer: z.looseObject({ text: z.string() }).optional(),
  author: z.looseObject({ name: z.string() }).optional(),
});
const MessageBodySchema = z.looseObject({
  content: z.string().nullish(),
  embeds: z.array(EmbedSchema).nullish(),
  components: z.array(z.unknown()).nullish(),
  flags: z.number().nullish(),
  tts: z.boolean().nullish(),
  allowed_mentions: z.unknown().optional(),
  message_reference: z.looseObject({ message_id: z.string().optional(), channel_id: z.string().optional() }).nullish(),
  attachments: z.array(z.unknown()).nullish(),
  sticker_ids: z.array(z.string()).nullish(),
  poll: z.unknown().optional(),
});
type MessageBody = z.infer<typeof MessageBodySchema>;
const CallbackSchema = z.looseObject({ type: z.number(), data: z.unknown().optional() });
const ChoicesSchema = z.looseObject({
  choices: z.array(z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]) })),
});
const ThreadBodySchema = z.looseObject({
  name: z.string(),
  type: z.number().optional(),
  auto_archive_duration: z.number().optional(),
});
const CommandsBodySchema = z.array(
  z.looseObject({ name: z.string(), description: z.string().optional(), type: z.number().optional(), options: z.array(z.unknown()).optional() }),
);

/* ------------------------------------------------------------------------------------------ */

/** Error bodies exactly as Discord words them. */
const ERRORS = {
  unauthorized: { message: '401: Unauthorized', code: 0 },
  notFound: { message: '404: Not Found', code: 0 },
  unknownChannel: { message: 'Unknown Channel', code: 10003 },
  unknownMessage: { message: 'Unknown Message', code: 10008 },
  unknownWebhook: { message: 'Unknown Webhook', code: 10015 },
  unknownInteraction: { message: 'Unknown interaction', code: 10062 },
  alreadyAcknowledged: { message: 'Interaction has already been acknowledged.', code: 40060 },
  emptyMessage: { message: 'Cannot send an empty message', code: 50006 },
  notAuthor: { message: 'Cannot edit a message authored by another user', code: 50005 },
} as const;

/** Discord's "Invalid Form Body" (50035) with the per-field errors tree it uses. */
function invalidFormBody(problems: readonly { path: readonly (string | number)[]; code: string; message: string }[]): unknown {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node: Record<string, unknown> = errors;
    for (const key of problem.path) {
      const next = node[String(key)];
      const child: Record<string, unknown> = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
      node[String(key)] = child;
      node = child;
    }
    const existing = node['_errors'];
    node['_errors'] = [...(Array.isArray(existing) ? existing : []), { code: problem.code, message: problem.message }];
  }
  return { message: 'Invalid Form Body', code: 50035, errors };
}

type Problem = { path: (string | number)[]; code: string; message: string };

/** Slash command (and option) names: lower case letters, digits, `-` and `_`, 1–32 (Discord's rule, Latin subset). */
const CHAT_INPUT_NAME = /^[-_'\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

/**
 * What Discord refuses in one command of a bulk PUT (index `i`): a slash command needs a
 * lower-case name and a description of 1–100 characters; a message or user command (a
 * context-menu entry) takes any name of 1–32 characters but no description and no options.
 */
function commandProblems(command: z.infer<typeof CommandsBodySchema>[number], i: number): Problem[] {
  const problems: Problem[] = [];
  const type = command.type ?? ApplicationCommandType.ChatInput;
  if (type === ApplicationCommandType.ChatInput) {
    if (!CHAT_INPUT_NAME.test(command.name)) problems.push({ path: [i, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    const description = command.description ?? '';
    if (description.length < 1 || description.length > 100) problems.push({ path: [i, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  } else {
    if (command.name.length < 1 || command.name.length > 32) problems.push({ path: [i, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 32 in length.' });
    if ((command.description ?? '') !== '') problems.push({ path: [i, 'description'], code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', message: 'Context menu commands cannot have description' });
    if ((command.options ?? []).length > 0) problems.push({ path: [i, 'options'], code: 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', message: 'Context menu commands cannot have options' });
  }
  return problems;
}

function maxLength(problems: Problem[], path: (string | number)[], value: string | null | undefined, max: number): void {
  if (value != null && [...value].length > max) {
    problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

/**
 * Discord's documented message limits: content ≤ 2,000; ≤ 10 embeds; embed title ≤ 256,
 * description ≤ 4,096, ≤ 25 fields with name ≤ 256 and value ≤ 1,024, footer ≤ 2,048,
 * author ≤ 256, and ≤ 6,000 characters across all embeds of the message.
 */
function validateMessageBody(body: MessageBody): Problem[] {
  const problems: Problem[] = [];
  maxLength(problems, ['content'], body.content, 2000);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) problems.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  let total = 0;
  embeds.forEach((embed, i) => {
    maxLength(problems, ['embeds', i, 'title'], embed.title, 256);
    maxLength(problems, ['embeds', i, 'description'], embed.description, 4096);
    maxLength(problems, ['embeds', i, 'footer', 'text'], embed.footer?.text, 2048);
    maxLength(problems, ['embeds', i, 'author', 'name'], embed.author?.name, 256);
    const fields = embed.fields ?? [];
    if (fields.length > 25) problems.push({ path: ['embeds', i, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    fields.forEach((field, j) => {
      maxLength(problems, ['embeds', i, 'fields', j, 'name'], field.name, 256);
      maxLength(problems, ['embeds', i, 'fields', j, 'value'], field.value, 1024);
      total += [...field.name].length + [...field.value].length;
    });
    for (const text of [embed.title, embed.description, embed.footer?.text, embed.author?.name]) total += text ? [...text].length : 0;
  });
  if (total > 6000) {
    problems.push({ path: ['embeds'], code: 'MESSAGE_EMBEDS_TOO_LONG', message: 'Embed size exceeds maximum size of 6000' });
  }
  return problems;
}

function isEmptyMessage(body: MessageBody, hasFiles: boolean): boolean {
  return (
    !body.content &&
    (body.embeds ?? []).length === 0 &&
    (body.components ?? []).length === 0 &&
    (body.sticker_ids ?? []).length === 0 &&
    body.poll == null &&
    !hasFiles
  );
}

/* ------------------------------------------------------------------------------------------ */

interface Session {
  readonly id: string;
  socket: WebSocket;
  intents: number;
  /** `[shard_id, shard_count]` it identified with. */
  readonly shard: readonly [number, number];
  seq: number;
  ready: boolean;
  /** Closed by `closeGateway` with `replayOnResume`: still dispatched to (buffered) until it resumes. */
  awaitingResume: boolean;
  /** Dispatches kept for a replay on RESUME (with `replayOnResume` only). */
  readonly sent: { s: number; t: string; d: unknown }[];
}

interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly type: InteractionType;
  readonly channelId: string;
  readonly commandName: string;
  /** For an application command: CHAT_INPUT (1) or MESSAGE (3); its reply's message type follows. */
  readonly commandType?: ApplicationCommandType;
  /** For a message command: the message it was used on. */
  readonly targetId?: string;
  readonly user: APIUser;
  readonly issuedAt: number;
  /** For a component interaction: the message whose button was clicked. */
  readonly messageId?: string;
  acknowledged: boolean;
  originalId: string | undefined;
}

type Reply = { status: number; body?: unknown };

type FakeChannel = APITextChannel | APIGuildCategoryChannel | APIThreadChannel;

type StoredMessage = FakeDiscordMessage;

/**
 * Discord sends 0 for "no flags", but the flag enums of discord-api-types have no member 0,
 * and TypeScript refuses the literal; a plain number is accepted.
 */
const NO_FLAGS: number = 0;

const MESSAGE_CONTENT_INTENT = Number(GatewayIntentBits.MessageContent);
/** Discord's identify window: each bucket may start one session per 5 s. */
const IDENTIFY_WINDOW_MS = 5_000;
const GUILD_MESSAGES_INTENT = Number(GatewayIntentBits.GuildMessages);

/** Permissions of the bot's managed role: what a cable bot needs, nothing more. */
const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;

/** @everyone's permissions in a fresh guild (Discord's default set). */
const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak;

const IDS: FakeDiscordIds = {
  applicationId: '1233973413254430720',
  botUserId: '1233973413254430720',
  guildId: '1187433196540112896',
  everyoneRoleId: '1187433196540112896',
  botRoleId: '1233974210578907211',
  categoryId: '1187433197278302290',
  textChannelId: '1187433197278302291',
  threadParentChannelId: '1187451839027593216',
  threadId: '1235002894716747848',
  userId: '1052203478112591952',
  otherBotId: '1160939087328096317',
};

function user(id: string, username: string, bot: boolean, discriminator: string): APIUser {
  return {
    id,
    username,
    discriminator,
    global_name: bot ? null : username,
    avatar: null,
    bot,
    flags: NO_FLAGS,
    public_flags: NO_FLAGS,
    ...(bot ? { verified: true, mfa_enabled: false } : {}),
  };
}

/**
 * Starts the fake on 127.0.0.1 (random port).
 *
 * Quirks of discord.js 14 that shape this fake, found by reading its source:
 * - `client.login` first calls `GET /gateway/bot` (with `Authorization: Bot <token>`; a 401
 *   there becomes TokenInvalid), then connects to `url + '?v=10&encoding=json'`. Without
 *   the optional `zlib-sync` package it asks for no transport compression.
 * - After READY, discord.js waits for a GUILD_CREATE for each guild listed (unavailable)
 *   in READY before emitting `clientReady` (or gives up after `waitGuildTimeout`, 15 s).
 * - MESSAGE_CREATE for a channel discord.js has not cached is dropped silently (unless the
 *   Channel partial is enabled), so GUILD_CREATE must carry the channels and threads.
 * - Interaction responses go to `/interactions/:id/:token/callback?with_response=false`
 *   and `/webhooks/:appId/:token…` without an Authorization header.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  const ackTimeoutMs = options.interactionAckTimeoutMs ?? 3_000;
  const echoOwnMessages = options.echoOwnMessages ?? true;
  const nextId = snowflakeFactory();
  const now = (): string => new Date().toISOString();
  const startedAt = now();

  const botUser = user(IDS.botUserId, 'cablebot', true, '4821');
  const human = user(IDS.userId, 'analyst', false, '0');
  const otherBot = user(IDS.otherBotId, 'otherbot', true, '1138');

  const roles: APIRole[] = [
    {
      id: IDS.everyoneRoleId,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position: 0,
      permissions: EVERYONE_PERMISSIONS.toString(),
      managed: false,
      mentionable: false,
      flags: NO_FLAGS,
    },
    {
      id: IDS.botRoleId,
      name: 'cablebot',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position: 1,
      permissions: BOT_PERMISSIONS.toString(),
      managed: true,
      mentionable: false,
      // A bot's own role is "managed" and tagged with the bot's id.
      tags: { bot_id: IDS.botUserId },
      flags: NO_FLAGS,
    },
  ];

  const member = (u: APIUser, roleIds: string[]): APIGuildMember => ({
    user: u,
    nick: null,
    avatar: null,
    banner: null,
    roles: roleIds,
    joined_at: startedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_FLAGS,
    pending: false,
    communication_disabled_until: null,
  });
  const members = new Map<string, APIGuildMember>([
    [botUser.id, member(botUser, [IDS.botRoleId])],
    [human.id, member(human, [])],
    [otherBot.id, member(otherBot, [])],
  ]);

  const category: APIGuildCategoryChannel = {
    id: IDS.categoryId,
    type: ChannelType.GuildCategory,
    guild_id: IDS.guildId,
    name: 'Text Channels',
    position: 0,
    permission_overwrites: [],
    flags: NO_FLAGS,
  };
  const textChannel = (id: string, name: string, position: number): APITextChannel => ({
    id,
    type: ChannelType.GuildText,
    guild_id: IDS.guildId,
    name,
    position,
    parent_id: IDS.categoryId,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
    flags: NO_FLAGS,
  });
  const threadChannel = (id: string, parentId: string, name: string, type: ChannelType.PublicThread | ChannelType.PrivateThread, autoArchive: ThreadAutoArchiveDuration): APIThreadChannel => ({
    id,
    type,
    guild_id: IDS.guildId,
    parent_id: parentId,
    owner_id: IDS.botUserId,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: NO_FLAGS,
    thread_metadata: { archived: false, auto_archive_duration: autoArchive, archive_timestamp: now(), locked: false, create_timestamp: now() },
  });
  const channels = new Map<string, FakeChannel>([
    [category.id, category],
    [IDS.textChannelId, textChannel(IDS.textChannelId, 'general', 0)],
    [IDS.threadParentChannelId, textChannel(IDS.threadParentChannelId, 'cables', 1)],
    [IDS.threadId, threadChannel(IDS.threadId, IDS.threadParentChannelId, '06MOSCOW754 discussion', ChannelType.PublicThread, ThreadAutoArchiveDuration.OneDay)],
  ]);

  /* ----------------------------- more guilds (sharding) ---------------------------------- */

  /** The guilds beyond the first: their own @everyone (id = guild id) and bot role, one `#general`. */
  const extraGuilds = Array.from({ length: Math.max(1, options.guilds ?? 1) - 1 }, (_, i) => {
    // A snowflake's top bits are its timestamp: consecutive milliseconds land on consecutive shards.
    const id = (((BigInt(IDS.guildId) >> 22n) + BigInt(i + 1)) << 22n).toString();
    const textChannelId = nextId();
    channels.set(textChannelId, { ...textChannel(textChannelId, 'general', 0), guild_id: id, parent_id: null });
    return { id, textChannelId, botRoleId: nextId(), name: `Reading Room ${i + 2}` };
  });
  const guilds: FakeGuild[] = [{ id: IDS.guildId, textChannelId: IDS.textChannelId }, ...extraGuilds.map(({ id, textChannelId }) => ({ id, textChannelId }))];
  const guildIds = new Set(guilds.map((g) => g.id));
  /** The guild a channel (or thread) belongs to. */
  const guildOf = (channelId: string): string => channels.get(channelId)?.guild_id ?? IDS.guildId;
  const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));
  const rolesOf = (guildId: string): APIRole[] => {
    const extra = extraGuilds.find((g) => g.id === guildId);
    if (extra === undefined) return roles;
    const [everyone, bot] = roles;
    return everyone === undefined || bot === undefined ? roles : [{ ...everyone, id: guildId }, { ...bot, id: extra.botRoleId }];
  };
  const membersOf = (guildId: string): APIGuildMember[] => {
    const extra = extraGuilds.find((g) => g.id === guildId);
    return [...members.values()].map((m) => (extra === undefined ? m : { ...m, roles: m.user.id === IDS.botUserId ? [extra.botRoleId] : [] }));
  };

  const messages = new Map<string, StoredMessage>();
  const interactions = new Map<string, InteractionState>();
  /**
   * The guild, channel and member fields every interaction in the fake's guild carries, as
   * Discord sends them: the invoker with their member record and permissions, the bot's.
   */
  const guildContext = (channel: FakeChannel, invoker: APIUser, permissions: bigint, locale: Locale = Locale.EnglishUS): Record<string, unknown> => {
    const { user: _omit, ...invokerMember } = members.get(invoker.id) ?? member(invoker, []);
    const guildId = guildOf(channel.id);
    return {
      guild_id: guildId,
      guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
      channel_id: channel.id,
      channel: {
        id: channel.id,
        type: channel.type,
        name: channel.name,
        guild_id: guildId,
        flags: NO_FLAGS,
        ...('parent_id' in channel && channel.parent_id != null ? { parent_id: channel.parent_id } : {}),
        ...('thread_metadata' in channel && channel.thread_metadata !== undefined ? { thread_metadata: channel.thread_metadata } : {}),
      },
      member: { ...invokerMember, user: invoker, permissions: permissions.toString() },
      app_permissions: (BOT_PERMISSIONS | EVERYONE_PERMISSIONS).toString(),
      locale,
      guild_locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { 0: guildId },
      context: InteractionContextType.Guild,
      attachment_size_limit: 10_485_760,
    };
  };
  /** Records an interaction as open (not yet acknowledged) and dispatches its INTERACTION_CREATE. */
  const openInteraction = (state: Omit<InteractionState, 'issuedAt' | 'acknowledged' | 'originalId'>, payload: Record<string, unknown>): FakeInteraction => {
    interactions.set(state.id, { ...state, issuedAt: Date.now(), acknowledged: false, originalId: undefined });
    dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return { id: state.id, token: state.token, payload };
  };
  const commandIds = new Map<string, string>();
  const globalCommands: unknown[] = [];
  const guildCommands: unknown[] = [];
  const sessions: Session[] = [];
  const interceptions: { predicate: (r: FakeDiscordRequest) => boolean; reply: FakeDiscordInterception; left: number }[] = [];
  const delays: { predicate: (r: FakeDiscordRequest) => boolean; hold: (r: FakeDiscordRequest) => Promise<void>; left: number }[] = [];

  const requests = new Recorder<FakeDiscordRequest>((r) => `${r.method} ${r.path} → ${r.status}`);
  const gatewayPayloads = new Recorder<FakeGatewayPayload>((p) => `op ${p.op}`);
  const readySessions = new Recorder<string>((id) => `session ${id}`);
  const identifies = new Recorder<FakeIdentify>((i) => `IDENTIFY shard [${i.shard.join(', ')}] → ${i.outcome}`);
  /** When each identify bucket (`shard_id % max_concurrency`) last started a session. */
  const lastIdentify = new Map<number, number>();
  let connectionHold: Promise<void> | null = null;

  const authorOf = (author: FakeAuthor): APIUser =>
    author === 'user' ? human : author === 'bot' ? otherBot : author === 'self' ? botUser : author;

  const guildCreate = (guildId: string): GatewayGuildCreateDispatchData => ({
    id: guildId,
    name: extraGuilds.find((g) => g.id === guildId)?.name ?? 'Cablegate Reading Room',
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: IDS.userId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: rolesOf(guildId),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guilds.find((g) => g.id === guildId)?.textChannelId ?? IDS.textChannelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: Locale.EnglishUS,
    nsfw_level: GuildNSFWLevel.Default,
    hub_type: null,
    incidents_data: null,
    // GUILD_CREATE-only fields.
    joined_at: startedAt,
    large: false,
    unavailable: false,
    member_count: members.size,
    voice_states: [],
    members: membersOf(guildId),
    channels: [...channels.values()].flatMap((c) => (c.guild_id === guildId && (c.type === ChannelType.GuildText || c.type === ChannelType.GuildCategory) ? [c] : [])),
    threads: [...channels.values()].flatMap((c) => (c.guild_id === guildId && (c.type === ChannelType.PublicThread || c.type === ChannelType.PrivateThread) ? [c] : [])),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  });

  /* ----------------------------------- gateway ------------------------------------------- */

  const send = (socket: WebSocket, payload: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };
  const dispatchTo = (session: Session, t: string, d: unknown): void => {
    session.seq += 1;
    if (options.replayOnResume === true) session.sent.push({ s: session.seq, t, d });
    send(session.socket, { op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
  };
  const liveSessions = (): Session[] => sessions.filter((s) => s.ready && (s.socket.readyState === s.socket.OPEN || s.awaitingResume));
  /** Whether Discord routes `guildId`'s events to `session`: its shard is `(guild_id >> 22) % count`. */
  const owns = (session: Session, guildId: string): boolean => shardOf(guildId, session.shard[1]) === session.shard[0];
  /** The live sessions an event goes to: its guild's shard, or every session for an event without a guild. */
  const liveFor = (guildId: string | undefined): Session[] => liveSessions().filter((s) => guildId === undefined || owns(s, guildId));
  const guildIdIn = (d: unknown): string | undefined => (typeof d === 'object' && d !== null && 'guild_id' in d && typeof d.guild_id === 'string' ? d.guild_id : undefined);

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      // A bug in the fake must fail loudly, not hang the bot under test.
      sendJson(res, 500, { message: `fake Discord crashed: ${String(error)}`, code: 0 });
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    let session: Session | undefined;
    // discord.js connects to `${url}?v=10&encoding=json`; nothing else is spoken here.
    const hello = (): void => send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatIntervalMs }, s: null, t: null });
    if (connectionHold === null) hello();
    else void connectionHold.then(hello);
    socket.on('message', (data) => {
      const parsed = GatewayPayloadSchema.safeParse(parseJson(data.toString()));
      if (!parsed.success) {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      const { op, d } = parsed.data;
      gatewayPayloads.push({ op, d, sessionId: session?.id });
      if (op === GatewayOpcodes.Heartbeat) {
        send(socket, { op: GatewayOpcodes.HeartbeatAck });
      } else if (op === GatewayOpcodes.Identify) {
        const identify = IdentifySchema.safeParse(d);
        if (!identify.success) {
          socket.close(4002, 'Error while decoding payload.');
          return;
        }
        if (options.token !== undefined && identify.data.token !== options.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        if (((options.disallowedIntents ?? 0) & identify.data.intents) !== 0) {
          socket.close(4014, 'Disallowed intent(s).');
          return;
        }
        const shard: readonly [number, number] = identify.data.shard ?? [0, 1];
        const [shardId, shardCount] = shard;
        const refuse = (outcome: FakeIdentify['outcome']): void => identifies.push({ shard, at: Date.now(), outcome });
        if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
          refuse('invalid-shard');
          socket.close(4010, 'Invalid shard.');
          return;
        }
        const owned = guilds.filter((g) => shardOf(g.id, shardCount) === shardId);
        if (owned.length > (options.maxGuildsPerSession ?? 2500)) {
          refuse('sharding-required');
          socket.close(4011, 'Sharding required.');
          return;
        }
        // Identify buckets: `shard_id % max_concurrency` may start one session per 5 s each.
        if (options.maxConcurrency !== undefined) {
          const bucket = shardId % options.maxConcurrency;
          const last = lastIdentify.get(bucket);
          if (last !== undefined && Date.now() - last < IDENTIFY_WINDOW_MS) {
            refuse('rate-limited');
            send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
            return;
          }
          lastIdentify.set(bucket, Date.now());
        }
        // A new session replaces the old ones of its shard: they can no longer be resumed.
        for (const old of sessions) if (old.shard[0] === shardId) old.awaitingResume = false;
        session = { id: randomBytes(16).toString('hex'), socket, intents: identify.data.intents, shard, seq: 0, ready: false, awaitingResume: false, sent: [] };
        sessions.push(session);
        identifies.push({ shard, at: Date.now(), outcome: 'ready' });
        const ready: GatewayReadyDispatchData = {
          v: 10,
          user: botUser,
          // READY lists the shard's guilds as unavailable; each then arrives in full as GUILD_CREATE.
          guilds: owned.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          shard: [shardId, shardCount],
          application: { id: IDS.applicationId, flags: NO_FLAGS, flags_new: '0' },
        };
        dispatchTo(session, GatewayDispatchEvents.Ready, ready);
        for (const g of owned) dispatchTo(session, GatewayDispatchEvents.GuildCreate, guildCreate(g.id));
        session.ready = true;
        readySessions.push(session.id);
      } else if (op === GatewayOpcodes.Resume) {
        const resume = ResumeSchema.safeParse(d);
        const previous = resume.success ? sessions.find((s) => s.id === resume.data.session_id) : undefined;
        if (previous === undefined) {
          send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
          return;
        }
        previous.socket = socket;
        previous.awaitingResume = false;
        session = previous;
        // Discord replays what the client missed (after the seq it resumed with), then RESUMED.
        const from = resume.success ? (resume.data.seq ?? 0) : 0;
        for (const missed of previous.sent) if (missed.s > from) send(socket, { op: GatewayOpcodes.Dispatch, t: missed.t, s: missed.s, d: missed.d });
        dispatchTo(previous, GatewayDispatchEvents.Resumed, null);
      }
      // Other opcodes (presence update 3, request guild members 8…) are recorded only.
    });
  });

  const port = await listenOnLoopback(server);
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}`;

  const dispatch = (t: string, d: unknown): void => {
    const live = liveSessions();
    if (live.length === 0) throw new Error(`fake Discord: no identified gateway session to dispatch ${t} to`);
    // A guild's event goes to its shard only; none when that shard is not connected (Discord drops it).
    const guildId = guildIdIn(d);
    for (const session of live) if (guildId === undefined || owns(session, guildId)) dispatchTo(session, t, d);
  };

  /**
   * MESSAGE_CREATE as each session may see it: guild messages need GUILD_MESSAGES, and
   * without MESSAGE_CONTENT Discord blanks content, embeds, attachments, components and poll —
   * except for the bot's own messages and messages that mention it.
   */
  const dispatchMessage = (message: StoredMessage): void => {
    const authorMember = members.get(message.author.id);
    const { user: _omitUser, ...memberWithoutUser } = authorMember ?? member(message.author, []);
    const guildId = guildOf(message.channel_id);
    const wire = { ...message, guild_id: guildId, member: memberWithoutUser };
    const mentionsBot = message.mentions.some((m) => m.id === botUser.id);
    for (const session of liveFor(guildId)) {
      if ((session.intents & GUILD_MESSAGES_INTENT) === 0) continue;
      const canRead = (session.intents & MESSAGE_CONTENT_INTENT) !== 0 || message.author.id === botUser.id || mentionsBot;
      dispatchTo(session, GatewayDispatchEvents.MessageCreate, canRead ? wire : { ...wire, content: '', embeds: [], attachments: [], components: [] });
    }
  };

  const dispatchGuildMessageEvent = (t: string, d: unknown): void => {
    for (const session of liveFor(guildIdIn(d))) if ((session.intents & GUILD_MESSAGES_INTENT) !== 0) dispatchTo(session, t, d);
  };

  /* ------------------------------------ REST --------------------------------------------- */

  const storeMessage = (message: StoredMessage): StoredMessage => {
    messages.set(message.id, message);
    const channel = channels.get(message.channel_id);
    if (channel && 'last_message_id' in channel) channel.last_message_id = message.id;
    return message;
  };

  const newMessage = (channelId: string, body: MessageBody, extra: Partial<StoredMessage> = {}): StoredMessage => {
    const reference = body.message_reference?.message_id;
    const referenced = reference === undefined ? undefined : messages.get(reference);
    return {
      id: nextId(),
      channel_id: channelId,
      author: botUser,
      content: body.content ?? '',
      timestamp: now(),
      edited_timestamp: null,
      tts: body.tts ?? false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      // Discord stamps every embed a bot sends as type "rich".
      embeds: (body.embeds ?? []).map((e) => ({ type: 'rich', ...e })),
      components: body.components ?? [],
      pinned: false,
      type: reference === undefined ? MessageType.Default : MessageType.Reply,
      flags: body.flags ?? 0,
      ...(reference === undefined
        ? {}
        : {
            message_reference: { type: 0, message_id: reference, channel_id: channelId, guild_id: guildOf(channelId) },
            referenced_message: referenced ?? null,
          }),
      ...extra,
    };
  };

  const editMessage = (message: StoredMessage, body: MessageBody): StoredMessage => {
    const edited: StoredMessage = {
      ...message,
      ...(body.content !== undefined ? { content: body.content ?? '' } : {}),
      ...(body.embeds !== undefined ? { embeds: (body.embeds ?? []).map((e) => ({ type: 'rich', ...e })) } : {}),
      ...(body.components !== undefined ? { components: body.components ?? [] } : {}),
      // Editing a deferred ("thinking…") response clears its LOADING flag.
      flags: ((body.flags ?? message.flags ?? 0) & ~MessageFlags.Loading) >>> 0,
      edited_timestamp: now(),
    };
    messages.set(edited.id, edited);
    return edited;
  };

  const echo = (t: 'create' | 'update' | 'delete', message: StoredMessage): void => {
    if (!echoOwnMessages || liveSessions().length === 0) return;
    // Ephemeral interaction responses exist only for the invoking user: no gateway event.
    if (((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return;
    if (t === 'create') dispatchMessage(message);
    else if (t === 'update') dispatchGuildMessageEvent(GatewayDispatchEvents.MessageUpdate, { ...message, guild_id: guildOf(message.channel_id) });
    else dispatchGuildMessageEvent(GatewayDispatchEvents.MessageDelete, { id: message.id, channel_id: message.channel_id, guild_id: guildOf(message.channel_id) });
  };

  const parseMessageBody = (body: unknown, hasFiles: boolean, allowEmpty: boolean): { ok: true; body: MessageBody } | { ok: false; reply: Reply } => {
    const parsed = MessageBodySchema.safeParse(body ?? {});
    if (!parsed.success) {
      return { ok: false, reply: { status: 400, body: invalidFormBody([{ path: [], code: 'MODEL_TYPE_CONVERT', message: parsed.error.message }]) } };
    }
    const problems = validateMessageBody(parsed.data);
    if (problems.length > 0) return { ok: false, reply: { status: 400, body: invalidFormBody(problems) } };
    if (!allowEmpty && isEmptyMessage(parsed.data, hasFiles)) return { ok: false, reply: { status: 400, body: ERRORS.emptyMessage } };
    return { ok: true, body: parsed.data };
  };

  const interactionByToken = (appId: string, token: string): InteractionState | undefined =>
    appId === IDS.applicationId ? [...interactions.values()].find((i) => i.token === token) : undefined;

  const commandEcho = (body: unknown, guildId: string | undefined): Reply => {
    const parsed = CommandsBodySchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: invalidFormBody([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]) };
    const problems = parsed.data.flatMap((command, i) => commandProblems(command, i));
    if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };
    const echoed = parsed.data.map((command) => {
      const id = commandIds.get(command.name) ?? nextId();
      commandIds.set(command.name, id);
      return {
        type: ApplicationCommandType.ChatInput,
        default_member_permissions: null,
        nsfw: false,
        integration_types: [0],
        contexts: null,
        ...command,
        id,
        application_id: IDS.applicationId,
        version: nextId(),
        ...(guildId === undefined ? {} : { guild_id: guildId }),
      };
    });
    const list = guildId === undefined ? globalCommands : guildCommands;
    list.splice(0, list.length, ...echoed);
    return { status: 200, body: echoed };
  };

  /** The built-in routes; `m` holds the path's captures. */
  const route = (method: string, path: string, query: Record<string, string>, body: unknown, hasFiles: boolean): Reply => {
    let m: RegExpMatchArray | null;
    const at = (i: number): string => m?.[i] ?? '';

    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      return {
        status: 200,
        body: {
          url: gatewayUrl,
          shards: options.recommendedShards ?? Math.max(1, Math.ceil(guilds.length / 1000)),
          session_start_limit: { total: 1000, remaining: Math.max(0, 1000 - identifies.items.length), reset_after: 86_400_000, max_concurrency: options.maxConcurrency ?? 1 },
        },
      };
    }
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: botUser };
    if (method === 'GET' && path === '/applications/@me') {
      return {
        status: 200,
        body: {
          id: IDS.applicationId,
          name: 'cablebot',
          icon: null,
          description: 'Looks up US diplomatic cables',
          summary: '',
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: 'a'.repeat(64),
          flags: NO_FLAGS,
          owner: human,
          team: null,
          bot: botUser,
        },
      };
    }
    if ((m = path.match(/^\/applications\/(\d+)\/commands$/))) {
      if (at(1) !== IDS.applicationId) return { status: 404, body: ERRORS.notFound };
      if (method === 'PUT') return commandEcho(body, undefined);
      if (method === 'GET') return { status: 200, body: globalCommands };
    }
    if ((m = path.match(/^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/))) {
      if (at(1) !== IDS.applicationId || at(2) !== IDS.guildId) return { status: 404, body: ERRORS.notFound };
      if (method === 'PUT') return commandEcho(body, at(2));
      if (method === 'GET') return { status: 200, body: guildCommands };
    }
    if ((m = path.match(/^\/guilds\/(\d+)\/members\/(\d+)$/)) && method === 'GET') {
      const found = guildIds.has(at(1)) ? membersOf(at(1)).find((m) => m.user.id === at(2)) : undefined;
      return found ? { status: 200, body: found } : { status: 404, body: { message: 'Unknown Member', code: 10007 } };
    }
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const channel = channels.get(at(1));
      return channel ? { status: 200, body: channel } : { status: 404, body: ERRORS.unknownChannel };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/typing$/)) && method === 'POST') {
      return channels.has(at(1)) ? { status: 204 } : { status: 404, body: ERRORS.unknownChannel };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!channels.has(at(1)) || channels.get(at(1))?.type === ChannelType.GuildCategory) return { status: 404, body: ERRORS.unknownChannel };
      const parsed = parseMessageBody(body, hasFiles, false);
      if (!parsed.ok) return parsed.reply;
      const message = storeMessage(newMessage(at(1), parsed.body));
      echo('create', message);
      return { status: 200, body: message };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const message = messages.get(at(2));
      if (message === undefined || message.channel_id !== at(1)) return { status: 404, body: ERRORS.unknownMessage };
      if (method === 'GET') return { status: 200, body: message };
      if (method === 'PATCH') {
        if (message.author.id !== botUser.id) return { status: 403, body: ERRORS.notAuthor };
        const parsed = parseMessageBody(body, hasFiles, true);
        if (!parsed.ok) return parsed.reply;
        const edited = editMessage(message, parsed.body);
        echo('update', edited);
        return { status: 200, body: edited };
      }
      if (method === 'DELETE') {
        messages.delete(message.id);
        echo('delete', message);
        return { status: 204 };
      }
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/)) && (method === 'PUT' || method === 'DELETE')) {
      return messages.has(at(2)) ? { status: 204 } : { status: 404, body: ERRORS.unknownMessage };
    }
    if ((m = path.match(/^\/channels\/(\d+)(?:\/messages\/(\d+))?\/threads$/)) && method === 'POST') {
      const parent = channels.get(at(1));
      if (parent?.type !== ChannelType.GuildText) return { status: 404, body: ERRORS.unknownChannel };
      const parsed = ThreadBodySchema.safeParse(body);
      if (!parsed.success) return { status: 400, body: invalidFormBody([{ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]) };
      const startMessage = at(2);
      if (startMessage !== '' && !messages.has(startMessage)) return { status: 404, body: ERRORS.unknownMessage };
      // A thread started from a message takes that message's id as its own id.
      const id = startMessage !== '' ? startMessage : nextId();
      const type = startMessage !== '' || parsed.data.type !== ChannelType.PrivateThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
      const archive = [60, 1440, 4320, 10080].find((v) => v === parsed.data.auto_archive_duration) ?? ThreadAutoArchiveDuration.OneDay;
      const thread = { ...threadChannel(id, at(1), parsed.data.name, type, archive), guild_id: guildOf(at(1)) };
      const withMember = { ...thread, member: { id, user_id: botUser.id, join_timestamp: now(), flags: NO_FLAGS } };
      channels.set(id, thread);
      if (liveSessions().length > 0) dispatch(GatewayDispatchEvents.ThreadCreate, { ...withMember, newly_created: true });
      return { status: 201, body: withMember };
    }
    if ((m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      return interactionCallback(at(1), at(2), body, query['with_response'] === 'true');
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      const interaction = interactionByToken(at(1), at(2));
      if (interaction === undefined) return { status: 404, body: ERRORS.unknownWebhook };
      const target = at(3);
      if (target === '') {
        if (method !== 'POST') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
        const parsed = parseMessageBody(body, hasFiles, false);
        if (!parsed.ok) return parsed.reply;
        const followup = storeMessage(
          newMessage(interaction.channelId, parsed.body, { webhook_id: IDS.applicationId, application_id: IDS.applicationId }),
        );
        echo('create', followup);
        return { status: 200, body: followup };
      }
      const messageId = target === '@original' ? interaction.originalId : target;
      const message = messageId === undefined ? undefined : messages.get(messageId);
      if (message === undefined) return { status: 404, body: ERRORS.unknownMessage };
      if (method === 'GET') return { status: 200, body: message };
      if (method === 'PATCH') {
        const parsed = parseMessageBody(body, hasFiles, true);
        if (!parsed.ok) return parsed.reply;
        const edited = editMessage(message, parsed.body);
        echo('update', edited);
        return { status: 200, body: edited };
      }
      if (method === 'DELETE') {
        messages.delete(message.id);
        echo('delete', message);
        return { status: 204 };
      }
    }
    return { status: 404, body: ERRORS.notFound };
  };

  const interactionCallback = (id: string, token: string, body: unknown, withResponse: boolean): Reply => {
    const interaction = interactions.get(id);
    if (interaction === undefined || interaction.token !== token) return { status: 404, body: ERRORS.unknownInteraction };
    if (interaction.acknowledged) return { status: 400, body: ERRORS.alreadyAcknowledged };
    // The initial response must come within 3 s; after that Discord forgets the interaction.
    if (Date.now() - interaction.issuedAt > ackTimeoutMs) return { status: 404, body: ERRORS.unknownInteraction };
    const parsed = CallbackSchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: invalidFormBody([{ path: ['type'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]) };
    const { type, data } = parsed.data;
    let original: StoredMessage | undefined;
    if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      if (interaction.type !== InteractionType.ApplicationCommandAutocomplete) {
        return { status: 400, body: { message: 'Interaction response type is invalid for this interaction', code: 50035 } };
      }
      const choices = ChoicesSchema.safeParse(data);
      if (!choices.success) return { status: 400, body: invalidFormBody([{ path: ['data', 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]) };
      // Autocomplete: at most 25 choices, names 1–100 characters, string values ≤ 100.
      const problems: Problem[] = [];
      if (choices.data.choices.length > 25) problems.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      choices.data.choices.forEach((choice, i) => {
        maxLength(problems, ['data', 'choices', i, 'name'], choice.name, 100);
        if (typeof choice.value === 'string') maxLength(problems, ['data', 'choices', i, 'value'], choice.value, 100);
      });
      if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };
    } else if (type === InteractionResponseType.UpdateMessage || type === InteractionResponseType.DeferredMessageUpdate) {
      // Only a component interaction can edit the message it came from.
      if (interaction.type !== InteractionType.MessageComponent) {
        return { status: 400, body: { message: 'Interaction response type is invalid for this interaction', code: 50035 } };
      }
      const message = interaction.messageId === undefined ? undefined : messages.get(interaction.messageId);
      if (message === undefined) return { status: 404, body: ERRORS.unknownMessage };
      if (type === InteractionResponseType.UpdateMessage) {
        const parsedData = parseMessageBody(data, false, true);
        if (!parsedData.ok) return parsedData.reply;
        interaction.acknowledged = true;
        echo('update', editMessage(message, parsedData.body));
        return withResponse ? { status: 200, body: { interaction: { id: interaction.id, type: interaction.type }, resource: { type } } } : { status: 204 };
      }
    } else if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.DeferredChannelMessageWithSource) {
      if (interaction.type !== InteractionType.ApplicationCommand && interaction.type !== InteractionType.MessageComponent) {
        return { status: 400, body: { message: 'Interaction response type is invalid for this interaction', code: 50035 } };
      }
      const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
      const parsedData = parseMessageBody(data, false, deferred);
      if (!parsedData.ok) return parsedData.reply;
      const flags = (parsedData.body.flags ?? 0) | (deferred ? MessageFlags.Loading : 0);
      original = storeMessage(
        newMessage(interaction.channelId, { ...parsedData.body, flags }, {
          // An interaction's reply is type 20 (CHAT_INPUT_COMMAND), or 23 (CONTEXT_MENU_COMMAND)
          // for a menu entry, sent through the app's webhook.
          type: interaction.commandType === ApplicationCommandType.Message ? MessageType.ContextMenuCommand : MessageType.ChatInputCommand,
          webhook_id: IDS.applicationId,
          application_id: IDS.applicationId,
          interaction_metadata: {
            id: interaction.id,
            type: InteractionType.ApplicationCommand,
            user: interaction.user,
            authorizing_integration_owners: { 0: guildOf(interaction.channelId) },
            ...(interaction.targetId !== undefined ? { target_message_id: interaction.targetId } : {}),
          },
        }),
      );
      interaction.originalId = original.id;
    } else if (type === InteractionResponseType.Pong) {
      return { status: 400, body: { message: 'Interaction response type is invalid for this interaction', code: 50035 } };
    }
    interaction.acknowledged = true;
    if (original !== undefined) echo('create', original);
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: interaction.id,
          type: interaction.type,
          ...(original === undefined
            ? {}
            : {
                response_message_id: original.id,
                response_message_loading: ((original.flags ?? 0) & MessageFlags.Loading) !== 0,
                response_message_ephemeral: ((original.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
              }),
        },
        resource: { type, ...(original === undefined ? {} : { message: original }) },
      },
    };
  };

  const needsAuth = (path: string): boolean => !/^\/(interactions|webhooks)\//.test(path);

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const raw = await readBody(req);
    const headers = flatHeaders(req);
    const query = Object.fromEntries(target.searchParams);
    // discord.js requests `${api}/v10/...`; accept any version, and record the route without it.
    // Segments are decoded: discord.js percent-encodes `@original` as `%40original`.
    const path = target.pathname
      .replace(/^\/api/, '')
      .replace(/^\/v\d+(?=\/)/, '')
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = headers['content-type'] ?? '';
    let body: unknown;
    const files: { field: string; filename: string; size: number; contentType: string }[] = [];
    if (contentType.startsWith('multipart/form-data')) {
      // Attachments: discord.js sends `payload_json` plus `files[n]` parts.
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      for (const [field, value] of form) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = parseJson(value);
        } else {
          files.push({ field, filename: value.name, size: value.size, contentType: value.type });
        }
      }
    } else {
      body = parseJson(raw.toString('utf8'));
    }
    const authorization = headers['authorization'];

    let reply: Reply & { headers?: Readonly<Record<string, string>> };
    const pending: FakeDiscordRequest = { method, path, url: req.url ?? '', query, headers, authorization, body, files, status: 0, response: undefined };
    const delay = delays.find((d) => d.left > 0 && d.predicate(pending));
    if (delay !== undefined) {
      delay.left -= 1;
      await delay.hold(pending);
    }
    const interception = interceptions.find((i) => i.left > 0 && i.predicate(pending));
    if (interception !== undefined) {
      interception.left -= 1;
      reply = interception.reply;
    } else if (!target.pathname.startsWith('/api/')) {
      reply = { status: 404, body: ERRORS.notFound };
    } else if (
      needsAuth(path) &&
      (authorization === undefined || !authorization.startsWith('Bot ') || (options.token !== undefined && authorization !== `Bot ${options.token}`))
    ) {
      reply = { status: 401, body: ERRORS.unauthorized };
    } else {
      reply = route(method, path, query, body, files.length > 0);
    }
    requests.push({ ...pending, status: reply.status, response: reply.body });
    if (reply.status === 204 || reply.body === undefined) sendEmpty(res, reply.status);
    else sendJson(res, reply.status, reply.body, { ...reply.headers });
  }

  /* ------------------------------------ injection ---------------------------------------- */

  const sendMessage = (opts: FakeMessageOptions): FakeDiscordMessage => {
    if (liveSessions().length === 0) throw new Error('fake Discord: no identified gateway session to send MESSAGE_CREATE to');
    const channelId = opts.channelId ?? IDS.textChannelId;
    const channel = channels.get(channelId);
    if (channel === undefined || channel.type === ChannelType.GuildCategory) throw new Error(`fake Discord: no text channel ${channelId}`);
    const author = authorOf(opts.author ?? 'user');
    const referenced = opts.replyTo === undefined ? undefined : messages.get(opts.replyTo);
    const message: StoredMessage = {
      id: opts.id ?? nextId(),
      channel_id: channelId,
      author,
      content: opts.content,
      timestamp: now(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: (opts.mentions ?? []).map(authorOf),
      mention_roles: [],
      attachments: [...(opts.attachments ?? [])],
      embeds: [...(opts.embeds ?? [])],
      components: [],
      pinned: false,
      type: opts.replyTo === undefined ? MessageType.Default : MessageType.Reply,
      flags: NO_FLAGS,
      ...(opts.replyTo === undefined
        ? {}
        : {
            message_reference: { type: 0, message_id: opts.replyTo, channel_id: channelId, guild_id: guildOf(channelId) },
            referenced_message: referenced ?? null,
          }),
      ...(channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread ? { position: 0 } : {}),
    };
    dispatchMessage(storeMessage(message));
    return message;
  };

  const toOption = (option: FakeCommandOption, focused: string | undefined): APIApplicationCommandInteractionDataOption => {
    if (option.options !== undefined) {
      const type = option.type ?? ApplicationCommandOptionType.Subcommand;
      const sub = option.options.map((o) => toOption(o, focused));
      if (type === ApplicationCommandOptionType.SubcommandGroup) {
        return {
          name: option.name,
          type,
          options: sub.flatMap((o) => (o.type === ApplicationCommandOptionType.Subcommand ? [o] : [])),
        };
      }
      return {
        name: option.name,
        type: ApplicationCommandOptionType.Subcommand,
        options: sub.flatMap((o) => (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup ? [] : [o])),
      };
    }
    const value = option.value ?? '';
    const isFocused = focused === option.name ? { focused: true } : {};
    if (typeof value === 'boolean') return { name: option.name, type: ApplicationCommandOptionType.Boolean, value, ...isFocused };
    if (typeof value === 'number') {
      const type = option.type === ApplicationCommandOptionType.Number || !Number.isInteger(value) ? ApplicationCommandOptionType.Number : ApplicationCommandOptionType.Integer;
      return { name: option.name, type, value, ...isFocused };
    }
    return { name: option.name, type: ApplicationCommandOptionType.String, value, ...isFocused };
  };

  const sendInteraction = (opts: FakeInteractionOptions): FakeInteraction => {
    const channelId = opts.channelId ?? IDS.textChannelId;
    const channel = channels.get(channelId);
    if (channel === undefined || channel.type === ChannelType.GuildCategory) throw new Error(`fake Discord: no text channel ${channelId}`);
    const invoker = authorOf(opts.user ?? 'user');
    const autocomplete = opts.focused !== undefined;
    const id = nextId();
    // Real interaction tokens are long url-safe strings: base64 of `interaction:<id>:<secret>`.
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const commandId = commandIds.get(opts.commandName) ?? nextId();
    commandIds.set(opts.commandName, commandId);
    const type = autocomplete ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand;
    const payload = {
      id,
      application_id: IDS.applicationId,
      type,
      token,
      version: 1,
      data: {
        id: commandId,
        name: opts.commandName,
        type: ApplicationCommandType.ChatInput,
        ...(opts.options === undefined ? {} : { options: opts.options.map((o) => toOption(o, opts.focused)) }),
      },
      ...guildContext(channel, invoker, opts.memberPermissions ?? EVERYONE_PERMISSIONS, opts.locale),
    };
    return openInteraction(
      {
        id,
        token,
        type,
        channelId,
        commandName: opts.commandName,
        commandType: ApplicationCommandType.ChatInput,
        user: invoker,
      },
      payload,
    );
  };

  const sendMessageCommand = (opts: FakeMessageCommandOptions): FakeInteraction => {
    const target = messages.get(opts.messageId);
    if (target === undefined) throw new Error(`fake Discord: no message ${opts.messageId}`);
    const channel = channels.get(target.channel_id);
    if (channel === undefined || channel.type === ChannelType.GuildCategory) throw new Error(`fake Discord: no text channel ${target.channel_id}`);
    const invoker = authorOf(opts.user ?? 'user');
    const id = nextId();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const commandId = commandIds.get(opts.commandName) ?? nextId();
    commandIds.set(opts.commandName, commandId);
    const payload = {
      id,
      application_id: IDS.applicationId,
      type: InteractionType.ApplicationCommand,
      token,
      version: 1,
      // The target comes whole, text included: Discord exempts a context-menu command's target
      // from the MESSAGE_CONTENT intent, so even a bot without it reads what it was used on.
      data: {
        id: commandId,
        name: opts.commandName,
        type: ApplicationCommandType.Message,
        target_id: target.id,
        resolved: { messages: { [target.id]: { ...target } } },
      },
      ...guildContext(channel, invoker, opts.memberPermissions ?? EVERYONE_PERMISSIONS),
    };
    return openInteraction(
      {
        id,
        token,
        type: InteractionType.ApplicationCommand,
        channelId: channel.id,
        commandName: opts.commandName,
        commandType: ApplicationCommandType.Message,
        targetId: target.id,
        user: invoker,
      },
      payload,
    );
  };

  const clickButton = (opts: FakeButtonOptions): FakeInteraction => {
    const message = messages.get(opts.messageId);
    if (message === undefined) throw new Error(`fake Discord: no message ${opts.messageId}`);
    const channel = channels.get(message.channel_id);
    if (channel === undefined || channel.type === ChannelType.GuildCategory) throw new Error(`fake Discord: no text channel ${message.channel_id}`);
    const invoker = authorOf(opts.user ?? 'user');
    const id = nextId();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const payload = {
      id,
      application_id: IDS.applicationId,
      type: InteractionType.MessageComponent,
      token,
      version: 1,
      // Button clicks carry the button's custom_id and the whole message it sits on.
      data: { custom_id: opts.customId, component_type: ComponentType.Button },
      message: { ...message, guild_id: guildOf(message.channel_id) },
      ...guildContext(channel, invoker, EVERYONE_PERMISSIONS),
    };
    return openInteraction(
      {
        id,
        token,
        type: InteractionType.MessageComponent,
        channelId: channel.id,
        commandName: '',
        user: invoker,
        messageId: message.id,
      },
      payload,
    );
  };

  const closeGateway = (code = 4000, shard?: number): void => {
    for (const session of liveSessions()) {
      if (session.socket.readyState !== session.socket.OPEN || (shard !== undefined && session.shard[0] !== shard)) continue;
      session.awaitingResume = options.replayOnResume === true;
      session.socket.close(code, 'Gateway restarting (fake)');
    }
  };

  return {
    port,
    apiUrl,
    gatewayUrl,
    ids: IDS,
    guilds,
    shardOf,
    identifies: identifies.items,
    liveShards: () => liveSessions().map((s) => s.shard[0]).sort((a, b) => a - b),
    holdConnections: (until) => {
      // Settled either way, the gateway greets again (a rejected hold must not leave the bot hanging).
      const hold: Promise<void> = until
        .catch(() => undefined)
        .then(() => {
          if (connectionHold === hold) connectionHold = null;
        });
      connectionHold = hold;
    },
    botUser,
    user: human,
    otherBot,
    requests: requests.items,
    gatewayPayloads: gatewayPayloads.items,
    waitForRequest: (predicate, timeoutMs = 2_000) => requests.waitFor(predicate, timeoutMs, 'a matching Discord REST request'),
    waitForGatewayPayload: (predicate, timeoutMs = 2_000) => gatewayPayloads.waitFor(predicate, timeoutMs, 'a matching gateway payload'),
    waitForSession: async (timeoutMs = 5_000) => {
      await readySessions.waitFor(() => true, timeoutMs, 'a gateway session (IDENTIFY)');
    },
    dispatch,
    sendMessage,
    sendInteraction,
    sendMessageCommand,
    clickButton,
    closeGateway,
    delay: (predicate, hold, times = Number.POSITIVE_INFINITY) => {
      delays.push({ predicate, hold, left: times });
    },
    intercept: (predicate, reply, times = Number.POSITIVE_INFINITY) => {
      interceptions.push({ predicate, reply, left: times });
    },
    message: (id) => messages.get(id),
    originalMessage: (interaction) => {
      const originalId = interactions.get(interaction.id)?.originalId;
      return originalId === undefined ? undefined : messages.get(originalId);
    },
    close: async () => {
      await closeWebSockets(wss);
      await closeServer(server);
    },
  };
}
