/**
 * Configuration from the environment (DESIGN.md "Contracts"), read with zod once at startup.
 * A platform is on when its credentials are set; a half-set platform (a token without its
 * application ID or signing secret) is an error naming the missing variable, not a silent
 * fallback to the console.
 */
import { z } from 'zod';
import { MAX_SHARD_COUNT, parseShardIds, type ShardPlan } from './discord-shards.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional());

const PUBLIC_URL = 'the bot’s public base URL, https and without a path (https://cablebot.example.org; http only on localhost)';
/** Whether a URL can be the bot's public base: https (http on a loopback host, for trying it locally), no path, query or fragment. */
const isPublicBase = (url: string): boolean => {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  return (u.protocol === 'https:' || loopback) && u.pathname === '/' && u.search === '' && u.hash === '' && u.username === '' && u.password === '';
};

const POSTGRES_URL = 'a PostgreSQL URL (postgres://user:password@host:5432/database)';
/** Whether a URL names a server (a host, or `?host=` for a socket folder); false for one that does not parse. */
const namesPostgresHost = (url: string): boolean => URL.canParse(url) && (new URL(url).hostname !== '' || new URL(url).searchParams.has('host'));

const envSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: z.preprocess(blankToUndefined, z.string().regex(/^\d{15,21}$/, 'a Discord snowflake (digits)').optional()),
  DISCORD_API_URL: optionalUrl,
  DISCORD_SHARDS: z.preprocess(blankToUndefined, z.literal('auto', 'auto (the default), or leave it unset and set DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS').optional()),
  DISCORD_SHARD_COUNT: z.preprocess(
    blankToUndefined,
    z.coerce.number('a number of shards').int('a whole number of shards').min(1, 'at least 1').max(MAX_SHARD_COUNT, `at most ${MAX_SHARD_COUNT}`).optional(),
  ),
  DISCORD_SHARD_IDS: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.preprocess(blankToUndefined, z.string().startsWith('xapp-', 'an app-level token (xapp-…)').optional()),
  SLACK_API_URL: optionalUrl,
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: z.preprocess(blankToUndefined, z.string().trim().min(16, 'at least 16 characters (a random secret that signs the OAuth state)').optional()),
  CABLEBOT_PUBLIC_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: PUBLIC_URL }).refine(isPublicBase, PUBLIC_URL).optional()),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  CABLEBOT_DB: optionalText,
  CABLEBOT_SETTINGS_DB: optionalText,
  // The message never repeats the value: it holds a password.
  CABLEBOT_STATE_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^postgres(ql)?$/, error: POSTGRES_URL })
      .refine(namesPostgresHost, POSTGRES_URL)
      .optional(),
  ),
  CABLEBOT_AUTO_DETECT: z.preprocess(blankToUndefined, z.enum(['on', 'off'], 'on or off').optional()),
  CABLEBOT_LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS, `one of ${LOG_LEVELS.join(', ')}`).optional()),
  CABLEBOT_USER_RATE: z.preprocess(blankToUndefined, z.coerce.number('a number of commands per minute').int('a whole number').min(1).max(10_000).optional()),
  CABLEBOT_CHANNEL_RATE: z.preprocess(blankToUndefined, z.coerce.number('a number of commands per minute').int('a whole number').min(1).max(100_000).optional()),
});

/** The bot's configuration. */
export interface Config {
  /** Set when `DISCORD_TOKEN` is. */
  discord: {
    token: string;
    applicationId: string;
    apiUrl: string | null;
    /** The gateway shards this process runs; absent (hand-made configs) means `auto`. */
    shards?: ShardPlan;
  } | null;
  /**
   * Set when `SLACK_BOT_TOKEN` is (one workspace: Socket Mode with `SLACK_APP_TOKEN`, else HTTP on
   * `PORT`, default 3000), or `SLACK_CLIENT_ID` (OAuth installs into any workspace, over HTTP).
   */
  slack: {
    /** The one workspace's bot token; null with `oauth`, where each workspace's comes with its install. */
    botToken: string | null;
    signingSecret: string;
    appToken: string | null;
    port: number;
    apiUrl: string | null;
    /** Slack OAuth installs (absent: the single bot token). */
    oauth?: SlackOAuth;
  } | null;
  /** `CABLEBOT_DB`, or null for the store built from the bundled corpus. */
  dbPath: string | null;
  /** `CABLEBOT_SETTINGS_DB`, or null for `var/settings.db`: per-channel settings (writable, unlike the store). */
  settingsPath: string | null;
  /**
   * `CABLEBOT_STATE_URL` (`postgres://…`): the state replicas share (settings, repeat guard,
   * rate limits, event de-duplication) in PostgreSQL. Absent: the settings file and memory.
   */
  stateUrl?: string;
  /**
   * `CABLEBOT_AUTO_DETECT` (default on): whether the bot reads chat messages at all. Off, it
   * serves only commands, and on Discord does not ask for the privileged MESSAGE_CONTENT intent.
   * On, channels can still switch it off for themselves.
   */
  autoDetect: boolean;
  /**
   * Explicit commands per minute per user (`CABLEBOT_USER_RATE`, default 10) and per channel
   * (`CABLEBOT_CHANNEL_RATE`, default 30). Always set by {@link parseConfig}; a hand-made
   * config (tests, load runs) without it is not limited.
   */
  rateLimits?: { userPerMinute: number; channelPerMinute: number };
  /**
   * `PORT` when no Slack HTTP receiver takes it (a Discord-only process, or Slack in Socket
   * Mode): `start` serves `GET /healthz` there. Absent: no health server (Slack's HTTP mode
   * serves its own on `slack.port`).
   */
  healthPort?: number;
  /** `CABLEBOT_LOG_LEVEL` (default info) of `start`'s JSON log; absent in hand-made configs. */
  logLevel?: LogLevel;
}

/** `SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET`, `SLACK_STATE_SECRET` and `CABLEBOT_PUBLIC_URL`: the bot as a distributed Slack app. */
export interface SlackOAuth {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` (any replica can check what another issued). */
  stateSecret: string;
  /** `CABLEBOT_PUBLIC_URL` without a trailing slash; the redirect URL is `${publicUrl}/slack/oauth_redirect`. */
  publicUrl: string;
}

/** The variables that turn OAuth installs on: all three, or none. */
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** A configuration problem, one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Default explicit commands per minute per user. */
export const DEFAULT_USER_RATE = 10;
/** Default explicit commands per minute per channel. */
export const DEFAULT_CHANNEL_RATE = 30;

/** Default port of Slack's HTTP mode. */
export const DEFAULT_SLACK_PORT = 3000;

/**
 * Reads the configuration from `env`.
 * @throws ConfigError naming the first bad or missing variable.
 */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${String(issue?.path[0] ?? 'environment')}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  let discord: Config['discord'] = null;
  if (e.DISCORD_TOKEN !== undefined) {
    if (e.DISCORD_APPLICATION_ID === undefined) throw new ConfigError('DISCORD_APPLICATION_ID: needed with DISCORD_TOKEN (the application that owns the /cable command)');
    discord = { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL ?? null, shards: shardPlan(e) };
  } else if (e.DISCORD_APPLICATION_ID !== undefined) {
    throw new ConfigError('DISCORD_TOKEN: needed with DISCORD_APPLICATION_ID');
  } else {
    const stray = (['DISCORD_SHARDS', 'DISCORD_SHARD_COUNT', 'DISCORD_SHARD_IDS'] as const).find((name) => e[name] !== undefined);
    if (stray !== undefined) throw new ConfigError(`DISCORD_TOKEN: needed with ${stray}`);
  }
  const slack = slackConfig(e);
  // Slack's HTTP receiver serves /healthz on PORT itself; without it, PORT is the health server's.
  const healthPort = e.PORT !== undefined && (slack === null || slack.appToken !== null) ? e.PORT : undefined;
  return {
    discord,
    slack,
    dbPath: e.CABLEBOT_DB ?? null,
    settingsPath: e.CABLEBOT_SETTINGS_DB ?? null,
    ...(e.CABLEBOT_STATE_URL !== undefined ? { stateUrl: e.CABLEBOT_STATE_URL } : {}),
    autoDetect: e.CABLEBOT_AUTO_DETECT !== 'off',
    ...(healthPort !== undefined ? { healthPort } : {}),
    logLevel: e.CABLEBOT_LOG_LEVEL ?? 'info',
    rateLimits: { userPerMinute: e.CABLEBOT_USER_RATE ?? DEFAULT_USER_RATE, channelPerMinute: e.CABLEBOT_CHANNEL_RATE ?? DEFAULT_CHANNEL_RATE },
  };
}

/** The Slack variables, checked against each other: one bot token, or OAuth installs, or neither. */
function slackConfig(e: z.infer<typeof envSchema>): Config['slack'] {
  const oauthSet = OAUTH_VARIABLES.filter((name) => e[name] !== undefined);
  if (oauthSet.length > 0) {
    const missing = OAUTH_VARIABLES.find((name) => e[name] === undefined);
    if (missing !== undefined) throw new ConfigError(`${missing}: needed with ${oauthSet.join(' and ')} (Slack OAuth installs need all three)`);
    if (e.SLACK_BOT_TOKEN !== undefined) throw new ConfigError('SLACK_BOT_TOKEN: unset it with SLACK_CLIENT_ID (OAuth installs give each workspace its own token)');
    if (e.SLACK_APP_TOKEN !== undefined) throw new ConfigError('SLACK_APP_TOKEN: unset it with SLACK_CLIENT_ID (OAuth installs run over HTTP, at the public URL)');
    if (e.SLACK_SIGNING_SECRET === undefined) throw new ConfigError('SLACK_SIGNING_SECRET: needed with SLACK_CLIENT_ID (to verify that requests come from Slack)');
    if (e.CABLEBOT_PUBLIC_URL === undefined) throw new ConfigError('CABLEBOT_PUBLIC_URL: needed with SLACK_CLIENT_ID (the bot’s public https base; Slack sends installs back to /slack/oauth_redirect there)');
    const oauth: SlackOAuth = {
      clientId: e.SLACK_CLIENT_ID ?? '',
      clientSecret: e.SLACK_CLIENT_SECRET ?? '',
      stateSecret: e.SLACK_STATE_SECRET ?? '',
      publicUrl: e.CABLEBOT_PUBLIC_URL.replace(/\/+$/, ''),
    };
    return { botToken: null, signingSecret: e.SLACK_SIGNING_SECRET, appToken: null, port: e.PORT ?? DEFAULT_SLACK_PORT, apiUrl: e.SLACK_API_URL ?? null, oauth };
  }
  if (e.SLACK_BOT_TOKEN !== undefined) {
    if (e.SLACK_SIGNING_SECRET === undefined) throw new ConfigError('SLACK_SIGNING_SECRET: needed with SLACK_BOT_TOKEN (to verify that requests come from Slack)');
    return {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN ?? null,
      port: e.PORT ?? DEFAULT_SLACK_PORT,
      apiUrl: e.SLACK_API_URL ?? null,
    };
  }
  if (e.SLACK_SIGNING_SECRET !== undefined || e.SLACK_APP_TOKEN !== undefined) {
    throw new ConfigError('SLACK_BOT_TOKEN: needed with SLACK_SIGNING_SECRET / SLACK_APP_TOKEN (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth installs)');
  }
  return null;
}

/** The shard variables, checked against each other: `auto` unless a count is given. */
function shardPlan(e: z.infer<typeof envSchema>): ShardPlan {
  const count = e.DISCORD_SHARD_COUNT;
  if (count === undefined) {
    if (e.DISCORD_SHARD_IDS !== undefined) throw new ConfigError('DISCORD_SHARD_COUNT: needed with DISCORD_SHARD_IDS (the shards of all processes together)');
    return 'auto';
  }
  if (e.DISCORD_SHARDS !== undefined) throw new ConfigError('DISCORD_SHARDS: auto cannot be combined with DISCORD_SHARD_COUNT; unset one of them');
  if (e.DISCORD_SHARD_IDS === undefined) return { count, ids: Array.from({ length: count }, (_, i) => i) };
  const ids = parseShardIds(e.DISCORD_SHARD_IDS, count);
  if (!ids.ok) throw new ConfigError(`DISCORD_SHARD_IDS: ${ids.problem}`);
  return { count, ids: ids.ids };
}

let loaded: Config | null = null;

/** {@link parseConfig} of `process.env`, parsed once per process. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
