/**
 * A loopback fake of Slack that the REAL @slack/bolt 5 (and its @slack/web-api and
 * @slack/socket-mode) talks to, in both directions:
 *
 * - Outbound, it is the Web API at `http://127.0.0.1:P/api/` (Bolt:
 *   `clientOptions: { slackApiUrl: fake.apiUrl }`, the adapter's `SLACK_API_URL` seam), and
 *   the target of `response_url`s (`fake.responseUrl()`). Every call is recorded in `calls`.
 * - Inbound, it delivers what Slack would: signed HTTP posts to the bot's receiver
 *   ({@link signedPost} with the payload builders `eventCallback`, `messageEvent`,
 *   `appMentionEvent`, `linkSharedEvent`, `urlVerification`, `slashCommand`, and for the
 *   interactivity URL `blockActions` and `messageAction` wrapped in `interactiveForm`), or
 *   envelopes over a Socket Mode WebSocket (`fake.socket`, `interactive` for those two).
 * - For a bot installed with OAuth (Bolt's `clientId`/`clientSecret`/`installationStore`), it
 *   is Slack's OAuth v2 install flow for any number of workspaces and Grid orgs
 *   (`fake.oauth`): the authorize page (`installerOptions.authorizationUrl`),
 *   `oauth.v2.access` with codes and token rotation, per-workspace tokens that can be
 *   uninstalled, revoked or expire; the builders take a workspace to send payloads from it.
 *   Without a workspace everything is the single workspace `ids`, with `options.botToken`.
 *
 * Like Slack, it answers HTTP 200 with `{ ok: false, error }` for refused calls, and it
 * refuses what a bot can get wrong: more than 50 blocks or a section text over 3,000
 * characters (`invalid_blocks`), a message with no text or blocks (`no_text`), a bot method
 * called with the app-level token, or Socket Mode opened with the bot token
 * (`not_allowed_token_type`), and a sixth post to the same `response_url`.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { Recorder, closeServer, closeWebSockets, flatHeaders, listenOnLoopback, parseJson, readBody, sendJson } from './support.ts';

/** One Web API call as the fake received it. */
export interface FakeSlackCall {
  /** The API method, e.g. `chat.postMessage`. */
  readonly method: string;
  /**
   * The arguments. @slack/web-api sends them form-urlencoded, so scalars arrive as strings
   * (`unfurl_links: 'false'`); arguments Slack defines as JSON (`blocks`, `attachments`,
   * `unfurls`, `metadata`, `view`…) are JSON-stringified inside the form and parsed back
   * here. JSON bodies are recorded as sent.
   */
  readonly args: Readonly<Record<string, unknown>>;
  /** The token from `Authorization: Bearer …`, or else a `token` argument. */
  readonly token: string | undefined;
  /** `form`, `json` or `multipart`. */
  readonly encoding: 'form' | 'json' | 'multipart';
  readonly headers: Readonly<Record<string, string>>;
  /** What the fake answered (always HTTP 200, as Slack). */
  readonly response: Readonly<Record<string, unknown>>;
  /** The HTTP status when it was not 200 (a failure made with `failNextCalls`). */
  readonly status?: number;
}

/** One post to a `response_url` served by the fake. */
export interface FakeSlackResponsePost {
  /** The id in `/response/:id`. */
  readonly id: string;
  readonly url: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** 200, 404 for a use beyond the fifth, or the status of a failure made with `failNextResponsePosts` (not a use). */
  readonly status: number;
  /** When it arrived (`performance.now()`), for load runs that ask what happened before what. */
  readonly at: number;
}

/** An HTTP request to the fake, as {@link FakeSlack.delay} sees it before answering. */
export interface FakeSlackHttpRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The path without the query: `/api/chat.postMessage`, `/response/<id>`. */
  readonly path: string;
}

/** An acknowledgement a Socket Mode client sent back for an envelope. */
export interface FakeSlackSocketAck {
  readonly envelopeId: string;
  /** The ack's `payload` (Bolt sends `{}` for a bare `ack()`, the response for `ack(body)`). */
  readonly payload: unknown;
  /** The connection it arrived on (`FakeSlackSocketConnection.id`). */
  readonly connection: number;
}

/** One Socket Mode connection as the fake saw it; times are `performance.now()` ms. */
export interface FakeSlackSocketConnection {
  /** 1, 2, … in the order the connections were opened. */
  readonly id: number;
  /** When `hello` was sent on it. */
  readonly openedAt: number;
  /** When Slack's `disconnect` was sent on it (it gets no envelopes after that), or null. */
  retiredAt: number | null;
  /** When it closed, or null while open. */
  closedAt: number | null;
  /** Who began the close: the client (a close frame) or the fake (the refresh grace ran out, or `close()`). */
  closedBy: 'client' | 'slack' | null;
}

/** A canned Web API answer, or a function computing one from the call. */
export type FakeSlackMethodReply = Readonly<Record<string, unknown>> | ((call: Omit<FakeSlackCall, 'response'>) => Readonly<Record<string, unknown>>);

/** The ids of the fake workspace. */
export interface FakeSlackIds {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  /** The bot's user id (what `<@…>` mentions of the bot use). */
  readonly botUserId: string;
  /** The bot's bot id (`bot_id` on its own messages). */
  readonly botId: string;
  /** A human member. */
  readonly userId: string;
  /** Another app's bot. */
  readonly otherBotUserId: string;
  readonly otherBotId: string;
  /** `#general`, a public channel the bot is in: the default of every builder. */
  readonly channelId: string;
  /** A DM channel between the human and the bot. */
  readonly imChannelId: string;
}

/** Options of {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** When set, Web API calls must use this bot token (else `invalid_auth`). */
  readonly botToken?: string;
  /** When set, `apps.connections.open` must use this app-level token (else `invalid_auth`). */
  readonly appToken?: string;
  /**
   * How long a connection told to go (`socket.disconnect`) stays open, taking acks but no new
   * envelopes, before the fake closes it (default 10 s). Slack keeps it open "a while" so the
   * client can open its next connection first and acknowledge what it already received.
   */
  readonly refreshGraceMs?: number;
  /**
   * Keep the TCP connection open after a close handshake the client started, as Slack does
   * (@slack/socket-mode 3.2.0's notes, #2752): the client has to drop it itself. Default off
   * (the `ws` server ends it), so tests that do not look at closing stay fast.
   */
  readonly keepTcpAfterClose?: boolean;
  /**
   * The app's OAuth credentials (App Credentials on api.slack.com): with them the fake runs
   * Slack's OAuth v2 install flow (`fake.oauth`). Without them its authorize page refuses every
   * install and `oauth.v2.access` answers `invalid_client_id`.
   */
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string };
}

/**
 * A workspace (or an Enterprise Grid org, for org-wide installs) that can install the app;
 * made by `fake.oauth.addWorkspace`. Pass it to the builders to get payloads from it.
 */
export interface FakeSlackWorkspace {
  /** null for an org-wide install (an org, not a team). */
  readonly teamId: string | null;
  readonly teamName: string | null;
  readonly enterpriseId: string | null;
  readonly enterpriseName: string | null;
  /** Installs with `is_enterprise_install: true`. */
  readonly orgWide: boolean;
  /**
   * The team id payloads from this workspace carry (`team_id` of events and commands,
   * `team.id` of interactions): `teamId`, or for an org-wide install a workspace of the org
   * (generated), since Slack events always come from one workspace even when the install
   * (`authorizations[0].team_id`) is the org's and has no team.
   */
  readonly payloadTeamId: string;
  /** The domain of `payloadTeamId` (`team_domain` of slash commands, `team.domain` of interactions). */
  readonly teamDomain: string;
  /** The bot user of the app in this workspace (distinct per workspace, as Slack's are). */
  readonly botUserId: string;
  readonly botId: string;
  /** The human who installs; also the default user of the builders. */
  readonly installerUserId: string;
  /** A public channel of this workspace (the bot is in it); the default channel of the builders. */
  readonly channelId: string;
  /**
   * The bot token currently valid for this workspace: the newest one issued, or null before
   * the install, after an uninstall or revocation, and once it has expired (rotation).
   */
  readonly botToken: string | null;
}

/** One `oauth.v2.access` call as the fake answered it. */
export interface FakeSlackOAuthExchange {
  readonly grantType: 'authorization_code' | 'refresh_token';
  /** The workspace the code or refresh token belongs to; null when the fake does not know it. */
  readonly workspace: FakeSlackWorkspace | null;
  /** The error answered, or null when ok. */
  readonly error: string | null;
}

/** Options of `fake.oauth.addWorkspace`. */
export interface FakeSlackAddWorkspaceOptions {
  readonly teamId?: string;
  readonly teamName?: string;
  readonly enterpriseId?: string;
  readonly enterpriseName?: string;
  /** An org-wide install of an Enterprise Grid org: no team id; an enterprise id is generated unless given. */
  readonly orgWide?: boolean;
  /**
   * Token rotation on: `oauth.v2.access` returns `refresh_token` and `expires_in` (this many
   * seconds), and the access token stops working (`token_expired`) when that has passed.
   * InstallProvider refreshes tokens that expire within 2 hours, so under 7,200 it refreshes
   * on every `authorize()`.
   */
  readonly tokenExpiresInS?: number;
}

/** The OAuth half of the fake: Slack's v2 install flow, for any number of workspaces. */
export interface FakeSlackOAuth {
  /** `${url}/oauth/v2/authorize`: pass as `installerOptions.authorizationUrl`. */
  readonly authorizeUrl: string;
  /** Adds a workspace; ids are generated (unique, Slack-shaped: T…, E…, U…, B…, C…) unless given. */
  addWorkspace(options?: FakeSlackAddWorkspaceOptions): FakeSlackWorkspace;
  /**
   * What a browser does after clicking "Add to Slack" on the bot's install page: GETs
   * `installUrl` (the https://…/oauth/v2/authorize?… link found on that page, or the Location
   * of a direct-install redirect) as the user of `workspace` who approves (or denies,
   * `deny: true`). There is no login, so the workspace travels as a query parameter of the
   * fake's own (`fake_workspace`). Returns where Slack sends the browser next: the
   * redirect_uri with `code` and `state` (or `error=access_denied&state=…`). It is a real
   * HTTP GET to the authorize endpoint; it throws with the page when that does not answer 302
   * (a wrong client_id, no redirect_uri, no `options.oauth`).
   */
  approve(installUrl: string, workspace: FakeSlackWorkspace, options?: { readonly deny?: boolean }): Promise<string>;
  /** Every oauth.v2.access call answered: grant type, the workspace, ok or the error. */
  readonly exchanges: readonly FakeSlackOAuthExchange[];
  /**
   * Uninstalls the app from `workspace`: its tokens stop working (`token_revoked`), and the
   * `app_uninstalled` event_callback body Slack sends is returned (deliver it to the bot).
   */
  uninstall(workspace: FakeSlackWorkspace): Record<string, unknown>;
  /**
   * Revokes the bot token of `workspace` (`token_revoked`; its refresh token stops working too)
   * and returns the `tokens_revoked` event_callback body (`event.tokens.bot: [botUserId]`).
   */
  revokeTokens(workspace: FakeSlackWorkspace): Record<string, unknown>;
}

/** Socket Mode half of the fake. */
export interface FakeSlackSocket {
  /** Open Socket Mode connections. */
  readonly connections: number;
  /** Every ack received, in order. */
  readonly acks: readonly FakeSlackSocketAck[];
  /** Every connection ever opened, in order, with when it opened, was told to go and closed. */
  readonly log: readonly FakeSlackSocketConnection[];
  /**
   * How many ms since `since` (a `performance.now()` time) fewer than `count` connections were
   * open: with `count` apps connected, a refresh that leaves one app without a connection for a
   * moment shows here (0 when the client opens its next connection before the old one closes).
   */
  msBelow(count: number, since: number): number;
  /** Resolves once a client is connected and has been sent `hello`. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /**
   * Sends an envelope to the newest connection (Slack picks one connection per envelope) and
   * returns its `envelope_id`.
   */
  send(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, acceptsResponsePayload?: boolean): string;
  /** Sends an `event_callback` body (see `eventCallback`) as an `events_api` envelope. */
  sendEvent(body: unknown): string;
  /** Sends a slash command (see `slashCommand`) as a `slash_commands` envelope. */
  sendSlashCommand(command: Readonly<Record<string, string>>): string;
  /** Resolves with the ack of that envelope; Slack's deadline is 3 s, the default timeout. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<FakeSlackSocketAck>;
  /**
   * Sends Slack's `{type: 'disconnect'}` on the oldest live connection, which gets no more
   * envelopes but stays open for `refreshGraceMs`, taking acks, then is closed by the fake (the
   * client is expected to open its next connection via `apps.connections.open` meanwhile).
   * Returns that connection's id.
   */
  disconnect(reason?: 'warning' | 'refresh_requested' | 'too_many_websockets'): number;
}

/** Options of the message event builder. */
export interface FakeSlackMessageOptions {
  readonly text: string;
  readonly channel?: string;
  /** Who posted: a human (default), the bot under test, or another app's bot. */
  readonly from?: 'user' | 'self' | 'bot';
  readonly ts?: string;
  /** Makes it a reply in that thread. */
  readonly threadTs?: string;
  readonly subtype?: string;
  readonly blocks?: readonly unknown[];
  /** Makes it come from that workspace (its ids, its installer and channel as defaults); default the single fake workspace `ids`. */
  readonly workspace?: FakeSlackWorkspace;
}

/** Options of the `link_shared` event builder. */
export interface FakeSlackLinkSharedOptions {
  readonly urls: readonly string[];
  readonly channel?: string;
  readonly messageTs?: string;
  readonly threadTs?: string;
  /** `conversations_history` (a posted message, default) or `composer` (a draft). */
  readonly source?: 'conversations_history' | 'composer';
  /** Makes it come from that workspace (its ids, its installer and channel as defaults); default the single fake workspace `ids`. */
  readonly workspace?: FakeSlackWorkspace;
}

/** An HTTP-level failure of a Web API call (see `failNextCalls`). */
export interface FakeSlackHttpFailure {
  /** 429 (rate limited) or a 5xx. */
  readonly status: number;
  /** Seconds, sent as `Retry-After` (Slack sends it with 429). */
  readonly retryAfter?: number;
}

/** Options of the `block_actions` builder. */
export interface FakeSlackBlockActionsOptions {
  readonly actionId: string;
  readonly value?: string;
  readonly blockId?: string;
  /** Who clicked (default: the human member). */
  readonly userId?: string;
  readonly channelId?: string;
  /** The message that holds the button. */
  readonly messageTs?: string;
  readonly isEphemeral?: boolean;
  /** Defaults to a fresh `fake.responseUrl()`. */
  readonly responseUrl?: string;
  /** Makes it come from that workspace (its ids, its installer and channel as defaults); default the single fake workspace `ids`. */
  readonly workspace?: FakeSlackWorkspace;
}

/** Options of the `message_action` builder (a message shortcut, from the message's ⋯ menu). */
export interface FakeSlackMessageActionOptions {
  /** The shortcut's `callback_id`, as the app's manifest names it. */
  readonly callbackId: string;
  /**
   * The message's text, as Slack sends it (`&`, `<`, `>` as entities). Omitted or '': a
   * message of files only (then `files` holds one, as Slack sends it).
   */
  readonly text?: string;
  /** Who used the shortcut (default: the human member). */
  readonly userId?: string;
  readonly channelId?: string;
  /** The message's `ts` (default: a fresh one). */
  readonly messageTs?: string;
  /** Makes the message a reply in that thread. */
  readonly threadTs?: string;
  /** Defaults to a fresh `fake.responseUrl()`. */
  readonly responseUrl?: string;
  /** Makes it come from that workspace (its ids, its installer and channel as defaults); default the single fake workspace `ids`. */
  readonly workspace?: FakeSlackWorkspace;
}

/**
 * The form body Slack posts to the interactivity URL: one field, `payload`, holding the JSON
 * (sign it with {@link signedPost} and `form: true`).
 */
export function interactiveForm(payload: Readonly<Record<string, unknown>>): Record<string, string> {
  return { payload: JSON.stringify(payload) };
}

/** Options of the slash command builder. */
export interface FakeSlackSlashCommandOptions {
  readonly text: string;
  readonly command?: string;
  readonly channelId?: string;
  readonly userId?: string;
  /** Defaults to a fresh `fake.responseUrl()`. */
  readonly responseUrl?: string;
  /** Makes it come from that workspace (its ids, its installer and channel as defaults); default the single fake workspace `ids`. */
  readonly workspace?: FakeSlackWorkspace;
}

/** The running fake; see {@link startFakeSlack}. */
export interface FakeSlack {
  readonly port: number;
  /** `http://127.0.0.1:P` */
  readonly url: string;
  /** Web API base for `clientOptions.slackApiUrl` / `SLACK_API_URL`: `http://127.0.0.1:P/api/`. */
  readonly apiUrl: string;
  readonly ids: FakeSlackIds;
  /** Every Web API call, in arrival order. */
  readonly calls: readonly FakeSlackCall[];
  /** Every post to a `response_url`. */
  readonly responsePosts: readonly FakeSlackResponsePost[];
  /** Resolves with the first call (past or future) of `method` matching `predicate`. Default timeout 2 s. */
  waitForCall(method: string, predicate?: (call: FakeSlackCall) => boolean, timeoutMs?: number): Promise<FakeSlackCall>;
  /** Resolves with the first post (past or future) to a response URL matching `predicate`. */
  waitForResponsePost(predicate?: (post: FakeSlackResponsePost) => boolean, timeoutMs?: number): Promise<FakeSlackResponsePost>;
  /** A new `response_url` served by the fake (`/response/<id>`). */
  responseUrl(id?: string): string;
  /** Replaces the fake's answer for a method (e.g. `{ ok: false, error: 'ratelimited' }`). */
  setMethodReply(method: string, reply: FakeSlackMethodReply): void;
  /**
   * Makes the next `times` calls of `method` fail at the HTTP level, as Slack does when it
   * rate-limits (429 with `Retry-After`) or breaks (500); later calls are answered as usual.
   * Each failed call is recorded in `calls` with `status` set.
   */
  failNextCalls(method: string, failure: FakeSlackHttpFailure, times?: number): void;
  /**
   * Makes the next `times` posts to any `response_url` fail at the HTTP level (429 with
   * `Retry-After`, or a 5xx): nothing is delivered and the use is not counted. Each is
   * recorded in `responsePosts` with that status.
   */
  failNextResponsePosts(failure: FakeSlackHttpFailure, times?: number): void;
  /**
   * Holds HTTP requests to the fake (Web API calls `/api/<method>`, posts to `/response/<id>`)
   * matching `predicate` (at most `times` times, default always) until `hold(request)` resolves,
   * then answers them as usual: a slow Slack, as the bot sees it. A held request is recorded
   * (in `calls` or `responsePosts`) once answered.
   */
  delay(predicate: (request: FakeSlackHttpRequest) => boolean, hold: (request: FakeSlackHttpRequest) => Promise<void>, times?: number): void;
  /** A `block_actions` payload (a button click), as Slack sends it to the interactivity URL or over Socket Mode. */
  blockActions(options: FakeSlackBlockActionsOptions): Record<string, unknown>;
  /**
   * A `message_action` payload (a message shortcut used on a message), as Slack sends it to the
   * interactivity URL (`interactiveForm`) or over Socket Mode (`socket.send('interactive', …)`).
   */
  messageAction(options: FakeSlackMessageActionOptions): Record<string, unknown>;

  /**
   * An Events API `event_callback` body wrapping `event`, with the ids of `workspace` (as Slack
   * sends them: `team_id`, `enterprise_id`, `authorizations`) or else of the single fake
   * workspace `ids`.
   */
  eventCallback(event: Readonly<Record<string, unknown>>, workspace?: FakeSlackWorkspace): Record<string, unknown>;
  /** A `message` event. */
  messageEvent(options: FakeSlackMessageOptions): Record<string, unknown>;
  /** An `app_mention` event; `text` should contain `<@${ids.botUserId}>`, as Slack's does. */
  appMentionEvent(options: Omit<FakeSlackMessageOptions, 'from' | 'subtype'>): Record<string, unknown>;
  /** A `link_shared` event (answer with `chat.unfurl`). */
  linkSharedEvent(options: FakeSlackLinkSharedOptions): Record<string, unknown>;
  /** A `url_verification` body. */
  urlVerification(challenge?: string): Record<string, unknown>;
  /** The form fields of a slash command, as Slack posts them. */
  slashCommand(options: FakeSlackSlashCommandOptions): Record<string, string>;

  readonly socket: FakeSlackSocket;
  /** Slack's OAuth v2 install flow and any number of workspaces (see {@link FakeSlackOAuth}). */
  readonly oauth: FakeSlackOAuth;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

/* ------------------------------------------------------------------------------------------ */
/* Delivering requests to the bot.                                                            */

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with
 * the signing secret, sent as `x-slack-signature` with `x-slack-request-timestamp`.
 */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Options of {@link signedPost}. */
export interface SignedPostOptions {
  readonly signingSecret: string;
  /** Unix seconds; defaults to now. Slack's receivers refuse timestamps more than 5 min old. */
  readonly timestamp?: number;
  /** Overrides the computed signature (to test rejection). */
  readonly signature?: string;
  /** More headers, as Slack adds them: `x-slack-retry-num` and `x-slack-retry-reason` on a redelivery. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the bot's receiver answered. */
export interface SignedPostResult {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/**
 * POSTs `body` to the bot's receiver as Slack does, signed. A `URLSearchParams` or a
 * `Record<string, string>` passed with `form: true` goes form-urlencoded (slash commands,
 * interactivity); any other object goes as JSON (Events API); a string goes as is.
 */
export async function signedPost(
  url: string,
  body: string | URLSearchParams | Readonly<Record<string, unknown>>,
  options: SignedPostOptions & { readonly form?: boolean },
): Promise<SignedPostResult> {
  let raw: string;
  let contentType: string;
  if (typeof body === 'string') {
    raw = body;
    contentType = body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
  } else if (body instanceof URLSearchParams) {
    raw = body.toString();
    contentType = 'application/x-www-form-urlencoded';
  } else if (options.form === true) {
    raw = new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString();
    contentType = 'application/x-www-form-urlencoded';
  } else {
    raw = JSON.stringify(body);
    contentType = 'application/json';
  }
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(options.signingSecret, timestamp, raw),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...options.headers,
    },
    body: raw,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/* ------------------------------------------------------------------------------------------ */

const IDS: FakeSlackIds = {
  teamId: 'T04CABLE7W',
  teamDomain: 'cablegate-readers',
  appId: 'A07CBLBOT1',
  botUserId: 'U07CBLBOT1',
  botId: 'B07CBLBOT1',
  userId: 'U02ANALYST',
  otherBotUserId: 'U05OTHRBOT',
  otherBotId: 'B05OTHRBOT',
  channelId: 'C04GENERAL',
  imChannelId: 'D07CBLDM01',
};

/** Arguments Slack defines as JSON; @slack/web-api JSON-stringifies them into form bodies. */
const JSON_ARGS = new Set(['blocks', 'attachments', 'unfurls', 'metadata', 'user_auth_blocks', 'view', 'options', 'option_groups', 'file_uploads', 'chunks']);

/**
 * The arguments of `oauth.v2.access` (form fields from @slack/web-api). `grant_type` absent
 * means `authorization_code`, as Slack reads it.
 */
const OAuthAccessArgsSchema = z.looseObject({
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  grant_type: z.enum(['authorization_code', 'refresh_token']).optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  refresh_token: z.string().optional(),
});

/** Slack's authorization codes are good for 10 minutes. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * Who a payload or a bot message is from: the single fake workspace (`IDS`), or a workspace
 * added with `oauth.addWorkspace`. The builders and the Web API read ids from here only.
 */
interface Identity {
  /** The team id payloads carry (`payloadTeamId` of a workspace). */
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  /** The team of the install: null for an org-wide install. */
  readonly installTeamId: string | null;
  readonly enterpriseId: string | null;
  readonly enterpriseName: string | null;
  readonly orgWide: boolean;
  readonly botUserId: string;
  readonly botId: string;
  /** The default human of the builders. */
  readonly userId: string;
  /** The default channel of the builders (named `general`). */
  readonly channelId: string;
  /** `auth.test`'s `url`: the team's, or the org's (`https://<org>.enterprise.slack.com/`) for an org-wide install. */
  readonly url: string;
}

const SINGLE_WORKSPACE: Identity = {
  teamId: IDS.teamId,
  teamDomain: IDS.teamDomain,
  teamName: 'Cablegate Readers',
  installTeamId: IDS.teamId,
  enterpriseId: null,
  enterpriseName: null,
  orgWide: false,
  botUserId: IDS.botUserId,
  botId: IDS.botId,
  userId: IDS.userId,
  channelId: IDS.channelId,
  url: `https://${IDS.teamDomain}.slack.com/`,
};

/** A Slack-ish domain from a display name: `Cable Desk 2` → `cable-desk-2`. */
function domainOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workspace'
  );
}

const SocketAckSchema = z.looseObject({ envelope_id: z.string(), payload: z.unknown().optional() });
const JsonArgsSchema = z.record(z.string(), z.unknown());
const BlocksSchema = z.array(
  z.looseObject({
    type: z.string(),
    block_id: z.string().optional(),
    text: z.looseObject({ type: z.string(), text: z.string() }).optional(),
    fields: z.array(z.looseObject({ text: z.string() })).optional(),
    elements: z.array(z.unknown()).optional(),
  }),
);

/**
 * Block Kit limits Slack enforces with `invalid_blocks`: ≤ 50 blocks per message; section
 * text ≤ 3,000 characters; ≤ 10 section fields of ≤ 2,000; header text ≤ 150; ≤ 10 context
 * elements; block_id ≤ 255. Errors are worded as Slack's, with a json-pointer.
 */
function blockErrors(blocks: unknown): string[] {
  const parsed = BlocksSchema.safeParse(blocks);
  if (!parsed.success) return ['failed to match all allowed schemas [json-pointer:/blocks]'];
  const errors: string[] = [];
  if (parsed.data.length > 50) errors.push('no more than 50 items allowed [json-pointer:/blocks]');
  parsed.data.forEach((block, i) => {
    const at = `/blocks/${i}`;
    if (block.block_id !== undefined && block.block_id.length > 255) errors.push(`must be less than 256 characters [json-pointer:${at}/block_id]`);
    if (block.type === 'section') {
      if (block.text !== undefined && block.text.text.length > 3000) errors.push(`must be less than 3001 characters [json-pointer:${at}/text/text]`);
      if ((block.fields ?? []).length > 10) errors.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
      (block.fields ?? []).forEach((field, j) => {
        if (field.text.length > 2000) errors.push(`must be less than 2001 characters [json-pointer:${at}/fields/${j}/text]`);
      });
      if (block.text === undefined && block.fields === undefined) errors.push(`must provide a text or fields [json-pointer:${at}]`);
    }
    if (block.type === 'header' && block.text !== undefined && block.text.text.length > 150) {
      errors.push(`must be less than 151 characters [json-pointer:${at}/text/text]`);
    }
    if (block.type === 'context' && (block.elements ?? []).length > 10) errors.push(`no more than 10 items allowed [json-pointer:${at}/elements]`);
  });
  return errors;
}

/**
 * Starts the fake on 127.0.0.1 (random port).
 *
 * Quirks of Bolt 5 and its clients, found by reading their source:
 * - `new App({ token })` calls `auth.test` in the constructor (token verification) unless
 *   given `botId` and `botUserId`; the result gives Bolt the bot's ids for `ignoreSelf`.
 * - @slack/web-api retries failed HTTP calls for ~30 min by default: pass
 *   `retryConfig: { retries: 0 }` in `clientOptions` in tests. The Socket Mode client sets
 *   100 retries on the same shared `clientOptions` object unless `retryConfig` is given.
 * - `respond()` POSTs JSON to the `response_url` with the app's `fetch`, not the WebClient.
 * - Socket Mode 3 uses undici's WebSocket (not `ws`); `ws://` works, there is no `wss`
 *   requirement. It pings every 5 s / 3 and drops a connection that sends no pong (the `ws`
 *   server here pongs automatically); it acks with `{ envelope_id, payload }`.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls = new Recorder<FakeSlackCall>((c) => `${c.method} ${JSON.stringify(c.args).slice(0, 120)} → ${String(c.response['error'] ?? 'ok')}`);
  const responsePosts = new Recorder<FakeSlackResponsePost>((p) => `POST /response/${p.id} ${JSON.stringify(p.body).slice(0, 120)}`);
  const acks = new Recorder<FakeSlackSocketAck>((a) => `ack ${a.envelopeId}`);
  const connected = new Recorder<number>((n) => `connection ${n}`);
  const methodReplies = new Map<string, FakeSlackMethodReply>();
  const httpFailures = new Map<string, FakeSlackHttpFailure[]>();
  const responseFailures: FakeSlackHttpFailure[] = [];
  const delays: { predicate: (r: FakeSlackHttpRequest) => boolean; hold: (r: FakeSlackHttpRequest) => Promise<void>; left: number }[] = [];
  const messages = new Map<string, Record<string, unknown>>();
  const responseUses = new Map<string, number>();
  const tickets = new Set<string>();
  const sockets: WebSocket[] = [];

  // Message timestamps are "seconds.microseconds" strings, unique per channel; keep them increasing.
  let lastTs = 0;
  const nextTs = (): string => {
    lastTs = Math.max(lastTs + 1, Date.now() * 1000);
    return `${Math.floor(lastTs / 1_000_000)}.${String(lastTs % 1_000_000).padStart(6, '0')}`;
  };

  const users: Record<string, Record<string, unknown>> = {
    [IDS.userId]: { id: IDS.userId, name: 'analyst', real_name: 'Cable Analyst', is_bot: false, profile: { display_name: 'analyst', real_name: 'Cable Analyst' } },
    [IDS.botUserId]: { id: IDS.botUserId, name: 'cablebot', real_name: 'cablebot', is_bot: true, profile: { bot_id: IDS.botId, display_name: 'cablebot', real_name: 'cablebot' } },
    [IDS.otherBotUserId]: { id: IDS.otherBotUserId, name: 'otherbot', real_name: 'otherbot', is_bot: true, profile: { bot_id: IDS.otherBotId, display_name: 'otherbot', real_name: 'otherbot' } },
  };

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      sendJson(res, 500, { ok: false, error: `fake Slack crashed: ${String(error)}` });
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  const port = await listenOnLoopback(server);
  const url = `http://127.0.0.1:${port}`;
  const apiUrl = `${url}/api/`;

  /* ------------------------------- workspaces and OAuth ---------------------------------- */

  /** A workspace added with `oauth.addWorkspace`, with what the fake knows about its install. */
  interface WorkspaceRecord {
    /** Its position in `workspaces`: what `approve` passes as `fake_workspace`. */
    readonly index: number;
    readonly view: FakeSlackWorkspace;
    readonly identity: Identity;
    readonly tokenExpiresInS: number | undefined;
    /** The bot scopes of the last install. */
    scopes: readonly string[];
    /** The current refresh token (rotation on, installed), else null. */
    refreshToken: string | null;
    /** The newest access token issued, else null. */
    latestToken: string | null;
  }
  /** An access token issued by `oauth.v2.access`. */
  interface IssuedToken {
    readonly workspace: WorkspaceRecord;
    /** Epoch ms; null without rotation. */
    readonly expiresAt: number | null;
    revoked: boolean;
  }
  /** A code handed out by the authorize page. */
  interface IssuedCode {
    readonly workspace: WorkspaceRecord;
    readonly redirectUri: string;
    readonly scopes: readonly string[];
    readonly issuedAt: number;
    used: boolean;
  }
  const authorizeUrl = `${url}/oauth/v2/authorize`;
  const workspaces: WorkspaceRecord[] = [];
  const recordOf = new Map<FakeSlackWorkspace, WorkspaceRecord>();
  const issuedTokens = new Map<string, IssuedToken>();
  const codes = new Map<string, IssuedCode>();
  const exchanges: FakeSlackOAuthExchange[] = [];
  /** Channels named `general`: the single workspace's and each added workspace's. */
  const generalChannels = new Set<string>([IDS.channelId]);

  const tokenUsable = (issued: IssuedToken): boolean => !issued.revoked && (issued.expiresAt === null || Date.now() < issued.expiresAt);

  const workspaceRecord = (workspace: FakeSlackWorkspace): WorkspaceRecord => {
    const record = recordOf.get(workspace);
    if (record === undefined) throw new Error('fake Slack: that workspace was not made by this fake (oauth.addWorkspace)');
    return record;
  };
  /** The ids payloads carry: `workspace`'s, or the single fake workspace's. */
  const identityOf = (workspace: FakeSlackWorkspace | undefined): Identity => (workspace === undefined ? SINGLE_WORKSPACE : workspaceRecord(workspace).identity);
  /** The workspace whose bot a Web API token belongs to (an OAuth-issued token), else the single workspace. */
  const identityOfToken = (token: string | undefined): Identity => (token !== undefined ? issuedTokens.get(token)?.workspace.identity : undefined) ?? SINGLE_WORKSPACE;

  const addWorkspace = (opts: FakeSlackAddWorkspaceOptions = {}): FakeSlackWorkspace => {
    const n = workspaces.length + 1;
    const tag = String(n).padStart(3, '0');
    const orgWide = opts.orgWide ?? false;
    if (orgWide && opts.teamId !== undefined) throw new Error('fake Slack: an org-wide install has no teamId (it is the org\'s, not a team\'s)');
    const enterpriseId = opts.enterpriseId ?? (orgWide ? `E09GRID${tag}` : null);
    const enterpriseName = enterpriseId === null ? null : (opts.enterpriseName ?? `Grid Org ${n}`);
    const teamId = orgWide ? null : (opts.teamId ?? `T09WKSP${tag}`);
    const teamName = orgWide ? null : (opts.teamName ?? `Workspace ${n}`);
    if (teamId !== null && (teamId === IDS.teamId || workspaces.some((w) => w.view.teamId === teamId))) throw new Error(`fake Slack: a workspace ${teamId} exists already`);
    if (orgWide && workspaces.some((w) => w.view.orgWide && w.view.enterpriseId === enterpriseId)) throw new Error(`fake Slack: an org-wide workspace of ${String(enterpriseId)} exists already`);
    const payloadTeamId = teamId ?? `T09ORGW${tag}`;
    const teamDomain = domainOf(teamName ?? `${enterpriseName ?? 'org'} workspace`);
    const botUserId = `U09BOTU${tag}`;
    const botId = `B09BOTB${tag}`;
    const installerUserId = `U09HUMN${tag}`;
    const channelId = `C09CHAN${tag}`;
    const identity: Identity = {
      teamId: payloadTeamId,
      teamDomain,
      teamName: teamName ?? `${enterpriseName ?? 'Org'} workspace`,
      installTeamId: teamId,
      enterpriseId,
      enterpriseName,
      orgWide,
      botUserId,
      botId,
      userId: installerUserId,
      channelId,
      url: orgWide ? `https://${domainOf(enterpriseName ?? 'org')}.enterprise.slack.com/` : `https://${teamDomain}.slack.com/`,
    };
    const view: FakeSlackWorkspace = {
      teamId,
      teamName,
      enterpriseId,
      enterpriseName,
      orgWide,
      payloadTeamId,
      teamDomain,
      botUserId,
      botId,
      installerUserId,
      channelId,
      get botToken() {
        const token = record.latestToken;
        const issued = token === null ? undefined : issuedTokens.get(token);
        return issued !== undefined && tokenUsable(issued) ? token : null;
      },
    };
    const record: WorkspaceRecord = { index: workspaces.length, view, identity, tokenExpiresInS: opts.tokenExpiresInS, scopes: [], refreshToken: null, latestToken: null };
    workspaces.push(record);
    recordOf.set(view, record);
    generalChannels.add(channelId);
    users[installerUserId] = { id: installerUserId, team_id: payloadTeamId, name: `installer${tag}`, real_name: `Installer ${n}`, is_bot: false, profile: { display_name: `installer${tag}`, real_name: `Installer ${n}` } };
    users[botUserId] = { id: botUserId, team_id: payloadTeamId, name: 'cablebot', real_name: 'cablebot', is_bot: true, profile: { bot_id: botId, display_name: 'cablebot', real_name: 'cablebot' } };
    return view;
  };

  /** Makes every access token of `record` stop working (`token_revoked`), and its refresh token. */
  const revokeAll = (record: WorkspaceRecord): void => {
    for (const issued of issuedTokens.values()) if (issued.workspace === record) issued.revoked = true;
    record.refreshToken = null;
  };

  /** Issues a new access token (and refresh token, with rotation) for `record`. */
  const issueToken = (record: WorkspaceRecord): { accessToken: string; refreshToken: string | null } => {
    const accessToken = `xoxb-${String(1000 + record.index)}-${Date.now()}-${randomBytes(12).toString('hex')}`;
    const expiresAt = record.tokenExpiresInS === undefined ? null : Date.now() + record.tokenExpiresInS * 1000;
    issuedTokens.set(accessToken, { workspace: record, expiresAt, revoked: false });
    record.latestToken = accessToken;
    record.refreshToken = record.tokenExpiresInS === undefined ? null : `xoxe-1-${randomBytes(24).toString('hex')}`;
    return { accessToken, refreshToken: record.refreshToken };
  };

  /** What both grant types answer about the install, as Slack's oauth.v2.access does. */
  const installFields = (record: WorkspaceRecord, issued: { accessToken: string; refreshToken: string | null }): Record<string, unknown> => {
    const { identity } = record;
    return {
      app_id: IDS.appId,
      scope: record.scopes.join(','),
      token_type: 'bot',
      access_token: issued.accessToken,
      bot_user_id: identity.botUserId,
      team: identity.installTeamId === null ? null : { id: identity.installTeamId, name: identity.teamName },
      enterprise: identity.enterpriseId === null ? null : { id: identity.enterpriseId, name: identity.enterpriseName },
      is_enterprise_install: identity.orgWide,
      ...(issued.refreshToken !== null && record.tokenExpiresInS !== undefined ? { refresh_token: issued.refreshToken, expires_in: record.tokenExpiresInS } : {}),
    };
  };

  /**
   * The client credentials of an `oauth.v2.access` call: form fields (what @slack/web-api
   * sends), else HTTP Basic auth (which Slack also accepts).
   */
  const clientCredentials = (args: z.infer<typeof OAuthAccessArgsSchema>, headers: Readonly<Record<string, string>>): { id: string | undefined; secret: string | undefined } => {
    if (args.client_id !== undefined) return { id: args.client_id, secret: args.client_secret };
    const basic = headers['authorization']?.match(/^Basic\s+(.+)$/)?.[1];
    if (basic === undefined) return { id: undefined, secret: undefined };
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? { id: decoded, secret: undefined } : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  };

  /**
   * `oauth.v2.access`: exchanges a code from the authorize page for a bot token, or (token
   * rotation) a refresh token for a new one. Needs no bearer token, only the client credentials.
   * Arguments that do not parse (an unknown `grant_type`) answer `invalid_grant_type` and are
   * not in `exchanges`, which holds the two grant types only.
   */
  const oauthAccess = (args: Readonly<Record<string, unknown>>, headers: Readonly<Record<string, string>>): Record<string, unknown> => {
    const parsed = OAuthAccessArgsSchema.safeParse(args);
    if (!parsed.success) return fail('invalid_grant_type');
    const grantType = parsed.data.grant_type ?? 'authorization_code';
    const answer = (record: WorkspaceRecord | undefined, reply: Record<string, unknown>): Record<string, unknown> => {
      exchanges.push({ grantType, workspace: record?.view ?? null, error: reply['ok'] === true ? null : String(reply['error']) });
      return reply;
    };
    const client = clientCredentials(parsed.data, headers);
    const clientProblem = options.oauth === undefined || client.id !== options.oauth.clientId ? 'invalid_client_id' : client.secret !== options.oauth.clientSecret ? 'bad_client_secret' : undefined;

    if (grantType === 'refresh_token') {
      const refreshToken = parsed.data.refresh_token;
      const record = refreshToken === undefined ? undefined : workspaces.find((w) => w.refreshToken === refreshToken);
      if (clientProblem !== undefined) return answer(record, fail(clientProblem));
      if (record === undefined) return answer(undefined, fail('invalid_refresh_token'));
      // The old refresh token stops working; the old access token lives on until its own expiry.
      return answer(record, ok(installFields(record, issueToken(record))));
    }

    const code = parsed.data.code === undefined ? undefined : codes.get(parsed.data.code);
    if (clientProblem !== undefined) return answer(code?.workspace, fail(clientProblem));
    if (code === undefined || code.used || Date.now() - code.issuedAt > CODE_LIFETIME_MS) return answer(code?.workspace, fail('invalid_code'));
    // The redirect_uri of the exchange must be the one the authorize page was given (OAuth 2).
    if (parsed.data.redirect_uri !== code.redirectUri) return answer(code.workspace, fail('bad_redirect_uri'));
    code.used = true;
    const record = code.workspace;
    // A new install replaces the workspace's tokens, as on Slack.
    revokeAll(record);
    record.scopes = code.scopes;
    const issued = issueToken(record);
    return answer(record, ok({ ...installFields(record, issued), authed_user: { id: record.identity.userId } }));
  };

  /**
   * The authorize page (`GET /oauth/v2/authorize?client_id&scope&user_scope&redirect_uri&state&team`),
   * as the browser of the installing user sees it once they click Allow (or Cancel): a 302 to
   * the redirect_uri with `code` and `state` (or `error=access_denied`). Unlike Slack it needs a
   * `redirect_uri` (Slack would fall back to the app's configured one; the bot always sends one)
   * and the workspace as `fake_workspace` (there is no login; `approve` adds it). Errors are a
   * 400 page, as Slack shows an error page rather than redirecting. `user_scope` is taken but
   * no user token is issued (the bot asks for none), and `team` (which preselects a workspace on
   * Slack) is not checked against the approving workspace.
   */
  const authorizePage = (res: ServerResponse, query: URLSearchParams): void => {
    const errorPage = (reason: string): void => {
      const html = `<html><body><h1>Something went wrong</h1><p>${reason}</p></body></html>`;
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
    };
    if (options.oauth === undefined) return errorPage('invalid_client_id: this fake Slack was started without options.oauth');
    if (query.get('client_id') !== options.oauth.clientId) return errorPage(`invalid_client_id: ${query.get('client_id') ?? '(none)'}`);
    const redirectUri = query.get('redirect_uri');
    if (redirectUri === null || !URL.canParse(redirectUri)) return errorPage('bad_redirect_uri: the fake needs a redirect_uri');
    const record = workspaces[Number(query.get('fake_workspace') ?? 'NaN')];
    if (record === undefined) return errorPage('no fake_workspace: approve installs with fake.oauth.approve');
    const back = new URL(redirectUri);
    if (query.get('fake_deny') === '1') {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = `${Date.now()}.${randomBytes(8).readBigUInt64BE()}.${randomBytes(32).toString('hex')}`;
      codes.set(code, { workspace: record, redirectUri, scopes: (query.get('scope') ?? '').split(',').filter((scope) => scope !== ''), issuedAt: Date.now(), used: false });
      back.searchParams.set('code', code);
    }
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString(), 'content-length': 0 });
    res.end();
  };

  const approve: FakeSlackOAuth['approve'] = async (installUrl, workspace, approveOptions = {}) => {
    const record = workspaceRecord(workspace);
    const target = new URL(installUrl);
    if (`${target.origin}${target.pathname}` !== authorizeUrl) {
      throw new Error(`fake Slack: ${installUrl} is not this fake's authorize URL ${authorizeUrl} (installerOptions.authorizationUrl)`);
    }
    target.searchParams.set('fake_workspace', String(record.index));
    if (approveOptions.deny === true) target.searchParams.set('fake_deny', '1');
    const response = await fetch(target, { redirect: 'manual' });
    const location = response.headers.get('location');
    const page = await response.text();
    if (response.status !== 302 || location === null) throw new Error(`fake Slack: the authorize page answered ${response.status}: ${page}`);
    return location;
  };

  /* ------------------------------------ Web API ------------------------------------------ */

  const ok = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ok: true, ...extra });
  const fail = (error: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ok: false, error, ...extra });
  const str = (args: Readonly<Record<string, unknown>>, key: string): string | undefined => {
    const value = args[key];
    return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
  };

  /** The bot's message as Slack stores it; `bot` is the workspace of the token that posted it. */
  const botMessage = (channel: string, args: Readonly<Record<string, unknown>>, ts: string, bot: Identity): Record<string, unknown> => ({
    type: 'message',
    user: bot.botUserId,
    bot_id: bot.botId,
    app_id: IDS.appId,
    team: bot.teamId,
    text: str(args, 'text') ?? '',
    ts,
    ...(args['blocks'] !== undefined ? { blocks: args['blocks'] } : {}),
    ...(args['attachments'] !== undefined ? { attachments: args['attachments'] } : {}),
    ...(str(args, 'thread_ts') !== undefined ? { thread_ts: str(args, 'thread_ts') } : {}),
    ...(args['metadata'] !== undefined ? { metadata: args['metadata'] } : {}),
    bot_profile: { id: bot.botId, app_id: IDS.appId, name: 'cablebot', team_id: bot.teamId, deleted: false },
    channel,
  });

  /** Checks shared by every message-writing method. */
  const messageProblems = (args: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined => {
    if (str(args, 'channel') === undefined) return fail('channel_not_found');
    if (str(args, 'text') === undefined && args['blocks'] === undefined && args['attachments'] === undefined) return fail('no_text');
    if ((str(args, 'text') ?? '').length > 40_000) return fail('msg_too_long');
    if (args['blocks'] !== undefined) {
      const errors = blockErrors(args['blocks']);
      if (errors.length > 0) return fail('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
    }
    return undefined;
  };

  const builtIn = (method: string, args: Readonly<Record<string, unknown>>, token: string | undefined): Record<string, unknown> => {
    // Whose bot is calling: a workspace's (an OAuth-issued token), else the single workspace's.
    const bot = identityOfToken(token);
    switch (method) {
      case 'api.test':
        return ok({ args });
      case 'auth.test':
        if (bot === SINGLE_WORKSPACE) {
          return ok({ url: `https://${IDS.teamDomain}.slack.com/`, team: 'Cablegate Readers', user: 'cablebot', team_id: IDS.teamId, user_id: IDS.botUserId, bot_id: IDS.botId, is_enterprise_install: false });
        }
        // Bolt stores `url` as the installation's enterpriseUrl for an org-wide install.
        return ok({
          url: bot.url,
          team: bot.orgWide ? bot.enterpriseName : bot.teamName,
          user: 'cablebot',
          team_id: bot.installTeamId,
          user_id: bot.botUserId,
          bot_id: bot.botId,
          ...(bot.enterpriseId !== null ? { enterprise_id: bot.enterpriseId } : {}),
          is_enterprise_install: bot.orgWide,
        });
      case 'chat.postMessage': {
        const problem = messageProblems(args);
        if (problem) return problem;
        const channel = str(args, 'channel') ?? '';
        const ts = nextTs();
        const message = botMessage(channel, args, ts, bot);
        messages.set(`${channel}/${ts}`, message);
        const { channel: _omit, ...withoutChannel } = message;
        return ok({ channel, ts, message: withoutChannel });
      }
      case 'chat.postEphemeral': {
        const problem = messageProblems(args);
        if (problem) return problem;
        if (str(args, 'user') === undefined) return fail('user_not_in_channel');
        return ok({ message_ts: nextTs() });
      }
      case 'chat.update': {
        const channel = str(args, 'channel');
        const ts = str(args, 'ts');
        if (channel === undefined) return fail('channel_not_found');
        const existing = messages.get(`${channel}/${ts ?? ''}`);
        if (ts === undefined || existing === undefined) return fail('message_not_found');
        const problem = messageProblems({ ...args, text: str(args, 'text') ?? existing['text'] });
        if (problem) return problem;
        const updated: Record<string, unknown> = { ...existing, ...botMessage(channel, { ...args, thread_ts: existing['thread_ts'] }, ts, bot), edited: { user: bot.botUserId, ts: nextTs() } };
        messages.set(`${channel}/${ts}`, updated);
        return ok({ channel, ts, text: updated['text'], message: updated });
      }
      case 'chat.delete': {
        const channel = str(args, 'channel');
        const ts = str(args, 'ts');
        if (channel === undefined) return fail('channel_not_found');
        if (ts === undefined || !messages.delete(`${channel}/${ts}`)) return fail('message_not_found');
        return ok({ channel, ts });
      }
      case 'chat.unfurl': {
        // Either channel + ts of the message, or unfurl_id + source (from the link_shared event).
        const byMessage = str(args, 'channel') !== undefined && str(args, 'ts') !== undefined;
        const byUnfurlId = str(args, 'unfurl_id') !== undefined && str(args, 'source') !== undefined;
        if (!byMessage && !byUnfurlId) return fail('invalid_arguments');
        const unfurls = args['unfurls'];
        if (typeof unfurls !== 'object' || unfurls === null || Array.isArray(unfurls)) return fail('invalid_unfurls_format');
        for (const [link, unfurl] of Object.entries(unfurls)) {
          const blocks: unknown = typeof unfurl === 'object' && unfurl !== null && 'blocks' in unfurl ? unfurl.blocks : undefined;
          const errors = blocks === undefined ? [] : blockErrors(blocks);
          if (errors.length > 0) return fail('invalid_unfurls_format', { errors: errors.map((e) => `${link}: ${e}`) });
        }
        return ok();
      }
      case 'chat.getPermalink': {
        const channel = str(args, 'channel');
        const ts = str(args, 'message_ts');
        if (channel === undefined || ts === undefined) return fail('message_not_found');
        return ok({ channel, permalink: `https://${bot.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}` });
      }
      case 'conversations.info': {
        const channel = str(args, 'channel');
        if (channel === undefined || !/^[CGD][A-Z0-9]{6,}$/.test(channel)) return fail('channel_not_found');
        const im = channel.startsWith('D');
        return ok({
          channel: {
            id: channel,
            name: im ? undefined : generalChannels.has(channel) ? 'general' : channel.toLowerCase(),
            is_channel: channel.startsWith('C'),
            is_group: false,
            is_im: im,
            is_mpim: false,
            is_private: !channel.startsWith('C'),
            is_archived: false,
            is_general: generalChannels.has(channel),
            is_member: true,
            is_shared: false,
            is_ext_shared: false,
            is_org_shared: false,
            context_team_id: bot.teamId,
            created: 1_293_840_000,
            creator: bot.userId,
            ...(im ? { user: bot.userId } : { topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 } }),
          },
        });
      }
      case 'users.info': {
        const found = users[str(args, 'user') ?? ''];
        if (found === undefined) return fail('user_not_found');
        return ok({ user: { team_id: IDS.teamId, deleted: false, tz: 'Europe/Berlin', tz_offset: 3600, ...found } });
      }
      case 'apps.connections.open': {
        const ticket = randomUUID();
        tickets.add(ticket);
        return ok({ url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${IDS.appId}` });
      }
      default:
        return ok();
    }
  };

  /**
   * Token rules: app-level tokens (`xapp-`) open Socket Mode and nothing else; a token issued
   * by `oauth.v2.access` works while it is its workspace's (not uninstalled, revoked or
   * replaced by a new install: `token_revoked`) and unexpired (`token_expired`); otherwise
   * `options.botToken`, when set, is the only bot token; without it any bot token goes.
   */
  const tokenProblem = (method: string, token: string | undefined): Record<string, unknown> | undefined => {
    if (method === 'api.test') return undefined;
    if (token === undefined || token === '') return fail('not_authed');
    const appLevel = token.startsWith('xapp-');
    if (method === 'apps.connections.open') {
      if (!appLevel) return fail('not_allowed_token_type');
      if (options.appToken !== undefined && token !== options.appToken) return fail('invalid_auth');
      return undefined;
    }
    if (appLevel) return fail('not_allowed_token_type');
    const issued = issuedTokens.get(token);
    if (issued !== undefined) {
      if (issued.revoked) return fail('token_revoked');
      if (issued.expiresAt !== null && Date.now() >= issued.expiresAt) return fail('token_expired');
      return undefined;
    }
    if (options.botToken !== undefined && token !== options.botToken) return fail('invalid_auth');
    return undefined;
  };

  async function parseArgs(req: IncomingMessage, raw: Buffer, target: URL): Promise<{ args: Record<string, unknown>; encoding: FakeSlackCall['encoding'] }> {
    const contentType = req.headers['content-type'] ?? '';
    const args: Record<string, unknown> = Object.fromEntries(target.searchParams);
    if (contentType.startsWith('application/json')) {
      const parsed = JsonArgsSchema.safeParse(parseJson(raw.toString('utf8')));
      return { args: { ...args, ...(parsed.success ? parsed.data : {}) }, encoding: 'json' };
    }
    const fromForm = (key: string, value: string): unknown => {
      if (!JSON_ARGS.has(key)) return value;
      const parsed = parseJson(value);
      return parsed === undefined ? value : parsed;
    };
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      for (const [key, value] of form) args[key] = typeof value === 'string' ? fromForm(key, value) : { filename: value.name, size: value.size };
      return { args, encoding: 'multipart' };
    }
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = fromForm(key, value);
    return { args, encoding: 'form' };
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const raw = await readBody(req);
    const headers = flatHeaders(req);
    const request: FakeSlackHttpRequest = { method: (req.method ?? 'GET').toUpperCase(), path: target.pathname };
    const delay = delays.find((d) => d.left > 0 && d.predicate(request));
    if (delay !== undefined) {
      delay.left -= 1;
      await delay.hold(request);
    }
    if (target.pathname === '/oauth/v2/authorize' && request.method === 'GET') {
      authorizePage(res, target.searchParams);
      return;
    }
    const api = target.pathname.match(/^\/api\/([A-Za-z0-9_.]+)$/);
    const response = target.pathname.match(/^\/response\/([^/]+)$/);
    if (api?.[1] !== undefined) {
      const method = api[1];
      const { args, encoding } = await parseArgs(req, raw, target);
      const bearer = headers['authorization']?.match(/^Bearer\s+(.+)$/)?.[1];
      const token = bearer ?? (typeof args['token'] === 'string' ? args['token'] : undefined);
      const call = { method, args, token, encoding, headers };
      const failure = httpFailures.get(method)?.shift();
      if (failure !== undefined) {
        const body = failure.status === 429 ? fail('ratelimited') : fail('fatal_error');
        calls.push({ ...call, response: body, status: failure.status });
        sendJson(res, failure.status, body, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
        return;
      }
      const custom = methodReplies.get(method);
      // oauth.v2.access takes client credentials, not a token.
      const answer = (): Record<string, unknown> => (method === 'oauth.v2.access' ? oauthAccess(args, headers) : (tokenProblem(method, token) ?? builtIn(method, args, token)));
      const reply = custom !== undefined ? (typeof custom === 'function' ? custom(call) : custom) : answer();
      calls.push({ ...call, response: reply });
      // Slack answers every Web API call with HTTP 200; failure is `ok: false` in the body.
      const installed = token !== undefined ? issuedTokens.get(token)?.workspace : undefined;
      const scopes = installed !== undefined ? installed.scopes.join(',') : 'app_mentions:read,channels:history,chat:write,commands,links:read,links:write';
      sendJson(res, 200, reply, { 'x-oauth-scopes': scopes });
      return;
    }
    if (response?.[1] !== undefined && req.method === 'POST') {
      const id = decodeURIComponent(response[1]);
      const failure = responseFailures.shift();
      if (failure !== undefined) {
        responsePosts.push({ id, url: `${url}${target.pathname}`, body: parseJson(raw.toString('utf8')), headers, status: failure.status, at: performance.now() });
        sendJson(res, failure.status, { ok: false, error: failure.status === 429 ? 'rate_limited' : 'fatal_error' }, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
        return;
      }
      const uses = (responseUses.get(id) ?? 0) + 1;
      responseUses.set(id, uses);
      // A response_url takes at most 5 posts (within 30 minutes).
      const status = uses > 5 ? 404 : 200;
      responsePosts.push({ id, url: `${url}${target.pathname}`, body: parseJson(raw.toString('utf8')), headers, status, at: performance.now() });
      if (status === 200) sendJson(res, 200, { ok: true });
      else sendJson(res, 404, { ok: false, error: 'used_url' });
      return;
    }
    sendJson(res, 404, { ok: false, error: 'unknown_method' });
  }

  /* ---------------------------------- Socket Mode ---------------------------------------- */

  server.on('upgrade', (req, socket, head) => {
    const target = new URL(req.url ?? '/', url);
    const ticket = target.searchParams.get('ticket') ?? '';
    // Only URLs handed out by apps.connections.open, each usable once.
    if (!target.pathname.startsWith('/link') || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    // `ws` ends the TCP connection once both close frames are through; Slack does not.
    if (options.keepTcpAfterClose === true) socket.end = () => socket;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const record: FakeSlackSocketConnection = { id: connectionLog.length + 1, openedAt: performance.now(), retiredAt: null, closedAt: null, closedBy: null };
      connectionLog.push(record);
      connectionOf.set(ws, record);
      sockets.push(ws);
      ws.on('close', () => {
        record.closedAt = performance.now();
        record.closedBy ??= 'client';
        const index = sockets.indexOf(ws);
        if (index >= 0) sockets.splice(index, 1);
      });
      ws.on('message', (data) => {
        const ack = SocketAckSchema.safeParse(parseJson(data.toString()));
        if (ack.success) acks.push({ envelopeId: ack.data.envelope_id, payload: ack.data.payload, connection: record.id });
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.length,
          debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18_060 },
          connection_info: { app_id: IDS.appId },
        }),
      );
      connected.push(sockets.length);
    });
  });

  // Like Slack: an envelope goes to one open connection of the app, taken in turn, never to
  // one that has been told to go (sent `disconnect`).
  const retiring = new WeakSet<WebSocket>();
  const connectionOf = new WeakMap<WebSocket, FakeSlackSocketConnection>();
  const connectionLog: FakeSlackSocketConnection[] = [];
  const graceTimers = new Set<NodeJS.Timeout>();
  const refreshGraceMs = options.refreshGraceMs ?? 10_000;
  let turn = 0;
  const liveSockets = (): WebSocket[] => sockets.filter((s) => s.readyState === s.OPEN && !retiring.has(s));
  const liveSocket = (): WebSocket => {
    const live = liveSockets();
    const socket = live[turn++ % Math.max(1, live.length)];
    if (socket === undefined) throw new Error('fake Slack: no Socket Mode connection');
    return socket;
  };

  /** Time since `since` with fewer than `count` connections open, from the connection log. */
  const msBelow = (count: number, since: number): number => {
    const now = performance.now();
    const edges = connectionLog
      .flatMap((c) => [
        { at: c.openedAt, delta: 1 },
        { at: c.closedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let open = 0;
    let below = 0;
    let last = since;
    for (const edge of edges) {
      const at = Math.min(edge.at, now);
      if (at > last) {
        if (open < count) below += at - last;
        last = at;
      }
      if (edge.at > now) break;
      open += edge.delta;
    }
    if (now > last && open < count) below += now - last;
    return below;
  };

  const sendEnvelope: FakeSlackSocket['send'] = (type, payload, acceptsResponsePayload = type !== 'events_api') => {
    const envelopeId = randomUUID();
    liveSocket().send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload, retry_attempt: 0, retry_reason: '' }));
    return envelopeId;
  };

  /* ----------------------------------- builders ------------------------------------------ */

  /**
   * Bolt finds the installation of an event from `authorizations[0]` (team_id, or for an
   * org-wide install, whose team_id is null, the enterprise_id) and `is_enterprise_install`.
   */
  const eventCallback: FakeSlack['eventCallback'] = (event, workspace) => {
    const who = identityOf(workspace);
    return {
      token: 'fakeVerificationToken',
      team_id: who.teamId,
      // Slack sends enterprise_id on events from a Grid org only.
      ...(who.enterpriseId !== null ? { enterprise_id: who.enterpriseId } : {}),
      context_team_id: who.teamId,
      context_enterprise_id: who.enterpriseId,
      api_app_id: IDS.appId,
      event,
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: who.enterpriseId, team_id: who.installTeamId, user_id: who.botUserId, is_bot: true, is_enterprise_install: who.orgWide }],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(16).toString('base64url')}`,
    };
  };

  const messageEvent = (opts: FakeSlackMessageOptions): Record<string, unknown> => {
    const who = identityOf(opts.workspace);
    const ts = opts.ts ?? nextTs();
    const channel = opts.channel ?? who.channelId;
    const from = opts.from ?? 'user';
    const author =
      from === 'user'
        ? { user: who.userId, client_msg_id: randomUUID() }
        : from === 'self'
          ? { user: who.botUserId, bot_id: who.botId, app_id: IDS.appId, bot_profile: { id: who.botId, app_id: IDS.appId, name: 'cablebot', team_id: who.teamId } }
          : { user: IDS.otherBotUserId, bot_id: IDS.otherBotId, app_id: 'A05OTHRAPP', bot_profile: { id: IDS.otherBotId, app_id: 'A05OTHRAPP', name: 'otherbot', team_id: who.teamId } };
    return {
      type: 'message',
      ...(opts.subtype !== undefined ? { subtype: opts.subtype } : {}),
      ...author,
      text: opts.text,
      ...(opts.blocks !== undefined ? { blocks: opts.blocks } : {}),
      team: who.teamId,
      channel,
      // channel_type tells Bolt's `message` listeners a DM (im) from a channel message.
      channel_type: channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'group' : 'channel',
      ts,
      event_ts: ts,
      ...(opts.threadTs !== undefined ? { thread_ts: opts.threadTs, parent_user_id: who.userId } : {}),
    };
  };

  const appMentionEvent: FakeSlack['appMentionEvent'] = (opts) => {
    const who = identityOf(opts.workspace);
    const ts = opts.ts ?? nextTs();
    return {
      type: 'app_mention',
      user: who.userId,
      client_msg_id: randomUUID(),
      text: opts.text,
      ...(opts.blocks !== undefined ? { blocks: opts.blocks } : {}),
      team: who.teamId,
      channel: opts.channel ?? who.channelId,
      ts,
      event_ts: ts,
      ...(opts.threadTs !== undefined ? { thread_ts: opts.threadTs } : {}),
    };
  };

  const linkSharedEvent: FakeSlack['linkSharedEvent'] = (opts) => {
    const who = identityOf(opts.workspace);
    const source = opts.source ?? 'conversations_history';
    const composer = source === 'composer';
    return {
      type: 'link_shared',
      user: who.userId,
      // A link in a draft has no channel/message yet: Slack sends COMPOSER and a uuid "ts".
      channel: composer ? 'COMPOSER' : (opts.channel ?? who.channelId),
      message_ts: composer ? randomUUID() : (opts.messageTs ?? nextTs()),
      ...(opts.threadTs !== undefined ? { thread_ts: opts.threadTs } : {}),
      unfurl_id: `C${randomBytes(6).toString('hex').toUpperCase()}.${randomBytes(16).toString('hex')}`,
      source,
      is_bot_user_member: true,
      links: opts.urls.map((link) => ({ domain: new URL(link).hostname, url: link })),
      event_ts: nextTs(),
    };
  };

  const responseUrl = (id: string = `${IDS.teamId}/${Date.now()}/${randomBytes(12).toString('hex')}`.replaceAll('/', '-')): string =>
    `${url}/response/${encodeURIComponent(id)}`;

  /** Form fields are strings: `is_enterprise_install` is 'true' or 'false' (Bolt reads it so). */
  const slashCommand: FakeSlack['slashCommand'] = (opts) => {
    const who = identityOf(opts.workspace);
    const channelId = opts.channelId ?? who.channelId;
    return {
      token: 'fakeVerificationToken',
      team_id: who.teamId,
      team_domain: who.teamDomain,
      ...(who.enterpriseId !== null ? { enterprise_id: who.enterpriseId, enterprise_name: who.enterpriseName ?? '' } : {}),
      channel_id: channelId,
      channel_name: channelId === who.channelId ? 'general' : 'directmessage',
      user_id: opts.userId ?? who.userId,
      user_name: opts.workspace === undefined ? 'analyst' : `installer${who.userId.slice(-3)}`,
      command: opts.command ?? '/cable',
      text: opts.text,
      api_app_id: IDS.appId,
      is_enterprise_install: String(who.orgWide),
      response_url: opts.responseUrl ?? responseUrl(),
      trigger_id: `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`,
    };
  };

  /** `team` of interaction payloads: with `enterprise_id`/`enterprise_name` inside a Grid org, as Slack sends it. */
  const teamOf = (who: Identity): Record<string, unknown> => ({
    id: who.teamId,
    domain: who.teamDomain,
    ...(who.enterpriseId !== null ? { enterprise_id: who.enterpriseId, enterprise_name: who.enterpriseName } : {}),
  });
  const enterpriseOf = (who: Identity): Record<string, unknown> | null => (who.enterpriseId === null ? null : { id: who.enterpriseId, name: who.enterpriseName });
  const userOf = (who: Identity, userId: string): Record<string, unknown> => {
    const name = userId === IDS.userId ? 'analyst' : userId === who.userId ? String(users[userId]?.['name'] ?? 'someone') : 'someone';
    return { id: userId, username: name, name, team_id: who.teamId };
  };

  const blockActions: FakeSlack['blockActions'] = (opts) => {
    const who = identityOf(opts.workspace);
    const userId = opts.userId ?? who.userId;
    const channelId = opts.channelId ?? who.channelId;
    const messageTs = opts.messageTs ?? nextTs();
    return {
      type: 'block_actions',
      user: userOf(who, userId),
      api_app_id: IDS.appId,
      token: 'fakeVerificationToken',
      container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: opts.isEphemeral ?? false },
      trigger_id: `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`,
      team: teamOf(who),
      enterprise: enterpriseOf(who),
      is_enterprise_install: who.orgWide,
      channel: { id: channelId, name: channelId === who.channelId ? 'general' : 'directmessage' },
      state: { values: {} },
      response_url: opts.responseUrl ?? responseUrl(),
      actions: [
        {
          action_id: opts.actionId,
          block_id: opts.blockId ?? randomBytes(3).toString('base64url'),
          text: { type: 'plain_text', text: 'button', emoji: true },
          ...(opts.value !== undefined ? { value: opts.value } : {}),
          type: 'button',
          action_ts: nextTs(),
        },
      ],
    };
  };

  const messageAction: FakeSlack['messageAction'] = (opts) => {
    const who = identityOf(opts.workspace);
    const userId = opts.userId ?? who.userId;
    const channelId = opts.channelId ?? who.channelId;
    const ts = opts.messageTs ?? nextTs();
    const text = opts.text ?? '';
    // A message of files only has empty text and a `files` list (the fake's file is a stub).
    const files = text === '' ? { files: [{ id: `F${randomBytes(5).toString('hex').toUpperCase()}`, name: 'cable.pdf', mimetype: 'application/pdf' }], upload: false } : {};
    return {
      type: 'message_action',
      token: 'fakeVerificationToken',
      action_ts: nextTs(),
      team: teamOf(who),
      user: userOf(who, userId),
      channel: { id: channelId, name: channelId === who.channelId ? 'general' : 'directmessage' },
      is_enterprise_install: who.orgWide,
      enterprise: enterpriseOf(who),
      callback_id: opts.callbackId,
      trigger_id: `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`,
      response_url: opts.responseUrl ?? responseUrl(),
      message_ts: ts,
      message: {
        type: 'message',
        user: who.userId,
        client_msg_id: randomUUID(),
        text,
        ...files,
        team: who.teamId,
        ts,
        ...(opts.threadTs !== undefined ? { thread_ts: opts.threadTs, parent_user_id: who.userId } : {}),
      },
    };
  };

  return {
    port,
    url,
    apiUrl,
    ids: IDS,
    calls: calls.items,
    responsePosts: responsePosts.items,
    waitForCall: (method, predicate = () => true, timeoutMs = 2_000) =>
      calls.waitFor((c) => c.method === method && predicate(c), timeoutMs, `a matching ${method} call`),
    waitForResponsePost: (predicate = () => true, timeoutMs = 2_000) => responsePosts.waitFor(predicate, timeoutMs, 'a matching response_url post'),
    responseUrl,
    setMethodReply: (method, reply) => {
      methodReplies.set(method, reply);
    },
    failNextCalls: (method, failure, times = 1) => {
      httpFailures.set(method, [...(httpFailures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
    },
    failNextResponsePosts: (failure, times = 1) => {
      responseFailures.push(...Array.from({ length: times }, () => failure));
    },
    delay: (predicate, hold, times = Number.POSITIVE_INFINITY) => {
      delays.push({ predicate, hold, left: times });
    },
    blockActions,
    messageAction,
    eventCallback,
    messageEvent,
    appMentionEvent,
    linkSharedEvent,
    urlVerification: (challenge = randomBytes(24).toString('base64url')) => ({ token: 'fakeVerificationToken', challenge, type: 'url_verification' }),
    slashCommand,
    oauth: {
      authorizeUrl,
      addWorkspace,
      approve,
      exchanges,
      uninstall: (workspace) => {
        const record = workspaceRecord(workspace);
        revokeAll(record);
        return eventCallback({ type: 'app_uninstalled', event_ts: nextTs() }, workspace);
      },
      revokeTokens: (workspace) => {
        const record = workspaceRecord(workspace);
        revokeAll(record);
        return eventCallback({ type: 'tokens_revoked', tokens: { oauth: [], bot: [record.identity.botUserId] }, event_ts: nextTs() }, workspace);
      },
    },
    socket: {
      get connections() {
        return sockets.filter((s) => s.readyState === s.OPEN).length;
      },
      acks: acks.items,
      waitForConnection: async (timeoutMs = 5_000) => {
        await connected.waitFor(() => sockets.length > 0, timeoutMs, 'a Socket Mode connection');
      },
      send: sendEnvelope,
      sendEvent: (body) => sendEnvelope('events_api', body, false),
      sendSlashCommand: (command) => sendEnvelope('slash_commands', command, true),
      waitForAck: (envelopeId, timeoutMs = 3_000) => acks.waitFor((a) => a.envelopeId === envelopeId, timeoutMs, `the ack of envelope ${envelopeId}`),
      log: connectionLog,
      msBelow,
      disconnect: (reason = 'warning') => {
        const socket = liveSockets()[0];
        const record = socket !== undefined ? connectionOf.get(socket) : undefined;
        if (socket === undefined || record === undefined) throw new Error('fake Slack: no Socket Mode connection');
        retiring.add(socket);
        record.retiredAt = performance.now();
        socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
        // Slack closes the connection itself a while later if the client has not.
        const timer = setTimeout(() => {
          graceTimers.delete(timer);
          if (socket.readyState !== socket.OPEN) return;
          record.closedBy ??= 'slack';
          socket.close(1001, 'refresh');
        }, refreshGraceMs);
        graceTimers.add(timer);
        return record.id;
      },
    },
    close: async () => {
      for (const timer of graceTimers) clearTimeout(timer);
      graceTimers.clear();
      for (const record of connectionLog) record.closedBy ??= 'slack';
      await closeWebSockets(wss);
      await closeServer(server);
    },
  };
}
