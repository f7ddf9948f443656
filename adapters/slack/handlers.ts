/**
 * Slack events → the command core → Block Kit back: the `/cable` command, messages
 * (automatic detection, answered in the message's thread), `link_shared` (answered with
 * `chat.unfurl`), the paging buttons (`block_actions`) and the "Find cable source" message
 * shortcut (`message_action`, answered in the message's thread). Wiring only: what a text means
 * is the core's business (answer.ts, grammar), how a reply looks is render.ts's.
 *
 * Payloads Bolt hands over as loose unions are read with zod, never cast.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { answerMessage, answerText, runInput, type ErrorSink } from '../../src/core/answer.ts';
import type { Caller, CommandContext } from '../../src/core/command.ts';
import { parseCableUrl, parseCommandText } from '../../src/core/grammar/index.ts';
import type { LogFields } from '../../src/core/log.ts';
import { decodePageAction, pageInput, type PageAction } from '../../src/core/paging.ts';
import { RepeatGuard } from '../../src/core/repeat-guard.ts';
import type { ErrorReply, Reply } from '../../src/core/reply.ts';
import { MAX_CABLES_PER_MESSAGE, type CommandInput } from '../../src/core/input.ts';
import { nextIoTurn } from '../io-turn.ts';
import { errorText, notYourPagesText } from '../words.ts';
import type { PlatformRuntime } from '../platform.ts';
import { escapeText, notInChannelNote, renderAnswer, renderReply, withNote, type SlackMessage } from './render.ts';
import { postToResponseUrl } from './response-url.ts';

/** The slash command the manifest registers. */
export const SLASH_COMMAND = '/cable';

/** The `callback_id` of the "Find cable source" message shortcut the manifest registers. */
export const SOURCE_SHORTCUT = 'find_cable_source';

/** Replies shown only to the person who asked, even without `-p`: errors and what concerns only them. */
const PERSONAL_KINDS: ReadonlySet<Reply['kind']> = new Set(['error', 'not-found', 'help', 'settings']);
/**
 * Whether a reply goes only to the person who asked, whatever they asked for: errors and the
 * like ({@link PERSONAL_KINDS}), and a `source` that found nothing — "not found" is news to
 * the asker alone, and a channel gains nothing from it.
 */
export function onlyForCaller(reply: Reply): boolean {
  return PERSONAL_KINDS.has(reply.kind) || (reply.kind === 'source' && reply.matches.length === 0);
}

/**
 * Web API errors for a channel the bot cannot post in: not a member (`not_in_channel`), or a
 * private channel or DM it cannot even see (`channel_not_found`).
 */
const NOT_IN_CHANNEL_ERRORS: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found']);

/** Replies an automatic answer (message, unfurl) may give: what was found, never errors. */
const AUTOMATIC_KINDS: ReadonlySet<Reply['kind']> = new Set(['cable', 'paragraphs', 'not-in-corpus']);
/**
 * Message subtypes that are a person writing: a plain message, a thread reply also sent to
 * the channel, a message with a file. Edits (`message_changed`), deletions, joins and bot
 * posts are not answered.
 */
const ANSWERED_SUBTYPES: ReadonlySet<string | undefined> = new Set([undefined, 'thread_broadcast', 'file_share']);

/** What `/cable -p …` and `/cable private …` start with: Slack's own flag, not the grammar's. */
const PRIVATE_FLAGS = ['-p', 'private'];

/**
 * Slack sends `&`, `<`, `>` in command text as `&amp;`, `&lt;`, `&gt;`: undone here, so the
 * grammar reads what was typed (`reasons 1.4 (B & D)`). Rendering escapes again on the way out.
 */
export function unescapeSlackText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/**
 * Splits the private flag off `/cable` text (plain string operations: the rest goes to the
 * grammar untouched).
 */
export function splitPrivateFlag(text: string): { text: string; private: boolean } {
  const trimmed = text.trim();
  for (const flag of PRIVATE_FLAGS) {
    const lower = trimmed.slice(0, flag.length + 1).toLowerCase();
    if (lower === flag || lower === `${flag} ` || lower === `${flag}\t` || lower === `${flag}\n`) return { text: trimmed.slice(flag.length).trim(), private: true };
  }
  return { text: trimmed, private: false };
}

const messageEventSchema = z.looseObject({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
});

const linkSharedSchema = z.looseObject({
  channel: z.string(),
  user: z.string().optional(),
  message_ts: z.string(),
  thread_ts: z.string().optional(),
  unfurl_id: z.string().optional(),
  source: z.enum(['composer', 'conversations_history']).optional(),
  links: z.array(z.looseObject({ url: z.string() })),
});

const blockActionsSchema = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z.looseObject({ channel_id: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/**
 * A message shortcut (`message_action`): who used it, where, and the message. `text` is
 * missing or empty for a message of files only; `thread_ts` is set on a thread's messages.
 */
const messageActionSchema = z.looseObject({
  type: z.literal('message_action'),
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string() }),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().optional(), text: z.string().optional() }),
});

/** A Web API failure as @slack/web-api throws it (`WebAPIPlatformError`: the error code in `data.error`). */
const webApiErrorSchema = z.looseObject({ data: z.looseObject({ error: z.string() }) });

const userInfoSchema = z.looseObject({
  user: z.looseObject({ is_admin: z.boolean().optional(), is_owner: z.boolean().optional(), is_primary_owner: z.boolean().optional() }),
});
const conversationInfoSchema = z.looseObject({
  channel: z.looseObject({ is_im: z.boolean().optional(), creator: z.string().optional() }),
});

/**
 * How posts to a `response_url` are retried: Bolt's `respond()` (paging buttons, the source
 * shortcut) and our own poster (`/cable`, ./response-url.ts) post once and throw on any non-2xx
 * status, so without this a 429 or a 500 from Slack loses an answer that was already
 * acknowledged. The Web API client has its own retries; this covers response_url posts only.
 */
export interface RespondRetry {
  /** Retries after the first attempt. */
  retries: number;
  /** Wait before the first retry, doubled before each next one (`Retry-After` is not visible through `respond()`). */
  delayMs: number;
}

/** Four retries over about 15 s: well inside a `response_url`'s 30 minutes. */
export const DEFAULT_RESPOND_RETRY: RespondRetry = { retries: 4, delayMs: 1_000 };

/** The HTTP status of a failed `respond()` when it is worth retrying (429, 5xx), else null. */
export function retryableRespondStatus(error: unknown): number | null {
  if (!(error instanceof Error) || !('statusCode' in error) || typeof error.statusCode !== 'number') return null;
  return error.statusCode === 429 || error.statusCode >= 500 ? error.statusCode : null;
}

/** `respond` retried on 429 and 5xx with {@link RespondRetry}; other failures throw at once. */
export function retryingRespond<M>(respond: (message: M) => Promise<unknown>, retry: RespondRetry, onRetry: (status: number, attempt: number) => void): (message: M) => Promise<void> {
  return async (message) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await respond(message);
        return;
      } catch (error) {
        const status = retryableRespondStatus(error);
        if (status === null || attempt > retry.retries) throw error;
        onRetry(status, attempt);
        await new Promise((resolve) => setTimeout(resolve, retry.delayMs * 2 ** (attempt - 1)));
      }
    }
  };
}

/**
 * What the "Find cable source" shortcut asks of the core for a message's text: `source` over
 * the text as typed (Slack sends `&`, `<`, `>` as entities, undone as for `/cable`, so a
 * quoted `R&D` matches the cable's). The whole message goes: the core picks the quoted
 * passage out of any commentary around it. A message without text (files only) gets the
 * `source-no-text` error, worded for a message (the same sentence as on Discord).
 */
export function sourceShortcutInput(text: string | undefined): { ok: true; input: CommandInput } | { ok: false; reply: ErrorReply } {
  const typed = unescapeSlackText(text ?? '');
  if (typed.trim() === '') return { ok: false, reply: { kind: 'error', code: 'source-no-text', detail: '' } };
  return { ok: true, input: { command: 'source', options: { text: typed } } };
}

/** The Web API error code of a failed call (`not_in_channel`), or null for any other failure. */
export function slackErrorCode(error: unknown): string | null {
  const parsed = webApiErrorSchema.safeParse(error);
  return parsed.success ? parsed.data.data.error : null;
}

/** Options of {@link registerHandlers}. */
export interface SlackHandlerOptions {
  /** Default {@link DEFAULT_RESPOND_RETRY}. */
  respondRetry?: RespondRetry;
  /**
   * The repeat window for automatic answers; pass one guard to every app of the adapter (its
   * Socket Mode connections) so a repeat is held back whichever connection it arrives on.
   */
  guard?: RepeatGuard;
  /**
   * The client to answer a command taken over from another replica with: its workspace's
   * installation (OAuth installs). Default: the app's client (its one bot token).
   */
  clientFor?: (workspace: SlashWorkspace) => Promise<App['client']>;
}

/** The context key of an event taken over from a replica that died (`answerOrphans`): past the event claim and the repeat guard. */
const REPLAYED = 'cablebotReplayed';

/** How long an event id is remembered: Slack retries up to three times, the last about 5 minutes after the first. */
export const EVENT_ID_TTL_MS = 60 * 60_000;

const eventCallbackSchema = z.looseObject({ type: z.literal('event_callback'), event_id: z.string().min(1) });

/** The `event_id` of an Events API delivery, or null for anything else (commands, clicks). */
export function eventIdOf(body: unknown): string | null {
  const parsed = eventCallbackSchema.safeParse(body);
  return parsed.success ? parsed.data.event_id : null;
}

/** What is posted to a response_url. */
type SlashResponse = Record<string, unknown> & { response_type?: 'ephemeral' | 'in_channel' };

const slashWorkSchema = z.object({
  text: z.string(),
  user_id: z.string(),
  channel_id: z.string(),
  response_url: z.url({ protocol: /^https?$/ }),
  // The workspace, whose token a replica taking the command over answers with (OAuth installs).
  team_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  is_enterprise_install: z.string().optional(),
});
type SlashWork = z.infer<typeof slashWorkSchema>;

/** The workspace a command came from, as an installation is looked up by it. */
export interface SlashWorkspace {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
}

/** A `/cable` as work in the shared state: its trigger id (one per invocation) and what answering it needs. */
export function slashWork(command: SlashWork & { trigger_id?: string }): { id: string; payload: string } {
  const work: SlashWork = {
    text: command.text,
    user_id: command.user_id,
    channel_id: command.channel_id,
    response_url: command.response_url,
    ...(command.team_id !== undefined ? { team_id: command.team_id } : {}),
    ...(command.enterprise_id !== undefined ? { enterprise_id: command.enterprise_id } : {}),
    ...(command.is_enterprise_install !== undefined ? { is_enterprise_install: command.is_enterprise_install } : {}),
  };
  return { id: command.trigger_id ?? command.response_url, payload: JSON.stringify(work) };
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** What {@link registerHandlers} gives back: how to answer the work another replica left. */
export interface SlackHandlers {
  /**
   * Takes the work whose replica stopped holding it (the shared state hands it over): `/cable`
   * commands it acknowledged, answered at their response_url, and events it claimed, run again
   * through Bolt; resolves with how many.
   */
  answerOrphans(): Promise<number>;
}

/** Registers every listener of the adapter on `app`. */
export function registerHandlers(app: App, runtime: PlatformRuntime, options: SlackHandlerOptions = {}): SlackHandlers {
  const { log } = runtime;
  const respondRetry = options.respondRetry ?? DEFAULT_RESPOND_RETRY;
  const withRetries = <M>(respond: (message: M) => Promise<unknown>, fields: LogFields): ((message: M) => Promise<void>) =>
    retryingRespond(respond, respondRetry, (status, attempt) => log.warn('slack: a response_url post failed; retrying', { ...fields, status, attempt }));
  const guard = options.guard ?? new RepeatGuard({ claims: runtime.state, scope: 'repeat:slack' });
  const sink =
    (fields: LogFields): ErrorSink =>
    (error, input) =>
      log.error('slack: a command failed', error, { ...fields, command: input.command });
  const contextFor = (caller: Caller): CommandContext => ({ ...runtime.ctx, caller });
  const caller = (channelId: string, userId: string, canManageChannel = false): Caller => ({ platform: 'slack', channelId, userId, canManageChannel });
  const autoDetectOn = (channelId: string | null): boolean => runtime.config.autoDetect && (channelId === null || runtime.state.settings.autoDetect('slack', channelId));

  // Slack delivers an event again when it saw no acknowledgement in time (`x-slack-retry-num`),
  // possibly to another replica: each event id is answered once, whichever replica it reaches.
  app.use(async ({ body, context, next }) => {
    const id = eventIdOf(body);
    // An event another replica claimed and did not answer (it died) comes back through answerOrphans, already claimed.
    if (id !== null && context[REPLAYED] !== true && !(await runtime.state.claim('event:slack', id, EVENT_ID_TTL_MS))) {
      log.info('slack: an event delivered again; already handled', { eventId: id });
      return;
    }
    await next();
  });

  /**
   * Runs `answer` for an event with something to answer, held in the shared state meanwhile: the
   * event is acknowledged and claimed, so if this replica dies before answering, Slack will not
   * send it again and no other replica would answer it — another takes it over (answerOrphans).
   */
  const heldAsWork = async (body: unknown, answer: () => Promise<void>): Promise<void> => {
    const id = eventIdOf(body);
    if (id !== null) await runtime.state.beginWork('slack:event', id, JSON.stringify(body));
    try {
      await answer();
    } finally {
      if (id !== null) await runtime.state.finishWork('slack:event', id);
    }
  };

  /**
   * Answers a `/cable` already acknowledged: the rate limits (not for one taken over from a
   * replica that stopped: it was admitted there), the core, then one post per reply to the
   * response_url. The work is marked done as the last post leaves the process (its `onSent`):
   * a replica killed at any moment has sent both or neither (but for the instant between the two
   * writes), so no other replica repeats an answer already on its way, and none is lost. A last
   * post that fails is held again while it is retried.
   */
  const answerSlash = async (command: SlashWork, client: App['client'], takenOver: boolean, work: { id: string; payload: string }): Promise<void> => {
    const fields = { channel: command.channel_id, user: command.user_id, text: command.text.slice(0, 200) };
    const respond = withRetries((message: SlashResponse) => postToResponseUrl(command.response_url, message), fields);
    let finishing: Promise<void> | null = null;
    const finish = (): Promise<void> => (finishing ??= runtime.state.finishWork('slack:command', work.id));
    // One attempt at the last post: done as it leaves; if it then fails, held again (by this
    // replica) until a retry gets it there — every attempt alike, on the usual retry schedule.
    const postLast = async (message: SlashResponse): Promise<void> => {
      try {
        await postToResponseUrl(command.response_url, message, { onSent: () => void finish() });
      } catch (error) {
        if (finishing !== null) {
          await finishing;
          finishing = null;
          await runtime.state.beginWork('slack:command', work.id, work.payload);
        }
        throw error;
      }
    };
    const respondLast = withRetries(postLast, fields);
    try {
      const limit = takenOver ? ({ allowed: true } as const) : await runtime.state.admitCommand('slack', command.user_id, command.channel_id);
      if (!limit.allowed) {
        log.info('slack: /cable rate-limited', { channel: command.channel_id, user: command.user_id, scope: limit.scope, retryAfterS: limit.retryAfterS });
        await respondLast({ response_type: 'ephemeral', ...renderReply({ kind: 'error', code: 'rate-limited', detail: limit.scope, retryAfterS: limit.retryAfterS }, { owner: null }) });
        return;
      }
      const { text, private: onlyCaller } = splitPrivateFlag(unescapeSlackText(command.text));
      const manage = namesSettings(text) ? await canManageChannel(client, command.user_id, command.channel_id, runtime, fields) : false;
      const answer = answerText(contextFor(caller(command.channel_id, command.user_id, manage)), text, sink(fields));
      // A settings change is confirmed once every replica can read it.
      if (answer.replies.some((r) => r.kind === 'settings' && r.changed) && !(await runtime.state.settings.flush())) {
        log.warn('slack: a settings change is not stored in the shared state yet; it holds here and is stored when the state is back', fields);
      }
      const messages = renderAnswer(answer, { owner: command.user_id });
      for (const [i, message] of messages.entries()) {
        const reply = answer.replies[i];
        const personal = onlyCaller || reply === undefined || onlyForCaller(reply);
        const post = i === messages.length - 1 ? respondLast : respond;
        await post({ response_type: personal ? 'ephemeral' : 'in_channel', ...message });
      }
    } catch (error) {
      log.error('slack: /cable failed', error, fields);
      await respond({ response_type: 'ephemeral', ...internalError() }).catch((e: unknown) => log.error('slack: could not tell the user /cable failed', e, fields));
    } finally {
      await finish();
    }
  };

  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    // Held in the shared state from before the acknowledgement to the answer: Slack never sends
    // an acknowledged command again, so if this replica dies in between, another answers it.
    const work = slashWork(command);
    await runtime.state.beginWork('slack:command', work.id, work.payload);
    // Acknowledge first: Slack's deadline is 3 s, and a search or a cold store may need more;
    // then wait a turn, so requests that arrived meanwhile are acknowledged before this answer runs.
    await ack();
    await nextIoTurn();
    await answerSlash(command, client, false, work);
  });

  app.event('message', async ({ event, body, client, context }) => {
    const parsed = messageEventSchema.safeParse(event);
    if (!parsed.success) return;
    const m = parsed.data;
    // Bots (this one first: Bolt's ignoreSelf also drops its own) and non-authored subtypes.
    if (!ANSWERED_SUBTYPES.has(m.subtype) || m.bot_id !== undefined || m.user === undefined || m.user === context.botUserId) return;
    if (m.text === undefined || m.text === '' || !autoDetectOn(m.channel)) return;
    // Bolt has acknowledged the event; let other requests be acknowledged before this answer runs.
    await nextIoTurn();
    const user = m.user;
    const fields = { channel: m.channel, user, ts: m.ts };
    const threadTs = m.thread_ts ?? m.ts;
    const answer = answerMessage(contextFor(caller(m.channel, user)), m.text, { angleBrackets: 'slack' }, sink(fields));
    if (answer.replies.length === 0) return;
    await heldAsWork(body, async () => {
      // Taken over from a replica that died: its repeat guard may hold the cards it did not post.
      const shown = context[REPLAYED] === true ? answer : await guard.filterAnswer(conversation(m.channel, threadTs), answer);
      for (const message of renderAnswer(shown, { owner: user })) {
        try {
          await client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, unfurl_links: false, unfurl_media: false, ...message });
        } catch (error) {
          log.error('slack: could not answer a message', error, fields);
        }
      }
    });
  });

  app.event('link_shared', async ({ event, body, client, context }) => {
    const parsed = linkSharedSchema.safeParse(event);
    if (!parsed.success) return;
    const e = parsed.data;
    // A link in a message being written (the composer) has no channel yet.
    const composer = e.source === 'composer' || e.channel === 'COMPOSER';
    if (!autoDetectOn(composer ? null : e.channel)) return;
    await nextIoTurn();
    await heldAsWork(body, () => unfurl(e, composer, client, context[REPLAYED] === true));
  });

  /** Answers a `link_shared` with `chat.unfurl`: at most three cables, each once per thread (unless `replayed`). */
  const unfurl = async (e: z.infer<typeof linkSharedSchema>, composer: boolean, client: App['client'], replayed: boolean): Promise<void> => {
    const fields = { channel: e.channel, user: e.user ?? null, ts: e.message_ts };
    const ctx = contextFor(caller(e.channel, e.user ?? ''));
    const unfurls: Record<string, { blocks: SlackMessage['blocks'] }> = {};
    const urls = [...new Set(e.links.map((l) => l.url))];
    // At most three cables a message, counting only links that are cables the bot answers: a
    // wikileaks.org link to something else, or to an unknown ID, takes no place.
    let answered = 0;
    for (const url of urls) {
      if (answered >= MAX_CABLES_PER_MESSAGE) break;
      const cable = parseCableUrl(url);
      if (cable === null) continue;
      const reply = runInput(ctx, { command: 'cable', options: { ref: cable.id, paragraphs: cable.paragraph !== null ? [{ from: cable.paragraph, to: cable.paragraph }] : [], source: 'url' } }, sink(fields));
      // Silence on unknown IDs; and one answer per thread, whether it came as an unfurl or a thread reply.
      if (!AUTOMATIC_KINDS.has(reply.kind)) continue;
      if (!composer && !replayed && !(await guard.admit(conversation(e.channel, e.thread_ts ?? e.message_ts), reply))) continue;
      // Unfurls carry no paging buttons: paging replaces a message, and this one is the user's.
      unfurls[url] = { blocks: renderReply(reply, { owner: null }).blocks };
      answered++;
    }
    if (Object.keys(unfurls).length === 0) return;
    try {
      if (e.unfurl_id !== undefined && e.source !== undefined) await client.chat.unfurl({ unfurl_id: e.unfurl_id, source: e.source, unfurls });
      else await client.chat.unfurl({ channel: e.channel, ts: e.message_ts, unfurls });
    } catch (error) {
      log.error('slack: could not unfurl a link', error, fields);
    }
  };

  // Link buttons open a URL in the browser, but Slack still sends the click: acknowledge it.
  app.action(/^cable_link_/, async ({ ack }) => {
    await ack();
  });

  app.action(/^cable_page_/, async ({ ack, body, respond: respondOnce }) => {
    await ack();
    await nextIoTurn();
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) {
      log.warn('slack: a paging click without the expected fields', { issue: parsed.error.issues[0]?.message ?? null });
      return;
    }
    const userId = parsed.data.user.id;
    const channelId = parsed.data.channel?.id ?? parsed.data.container?.channel_id ?? '';
    const action = decodePageAction(parsed.data.actions[0]?.value ?? '');
    const fields = { channel: channelId, user: userId, action: parsed.data.actions[0]?.action_id ?? null };
    const respond = withRetries(respondOnce, fields);
    try {
      if (action === null) {
        log.warn('slack: a paging button with a value that is not ours', fields);
        return;
      }
      if (action.owner !== userId) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: notYoursText(action) });
        return;
      }
      const reply = runInput(contextFor(caller(channelId, userId)), pageInput(action), sink(fields));
      const message = renderReply(reply, { owner: userId });
      // A page that cannot be shown (the store failed) is told to the clicker; the quote stays.
      if (onlyForCaller(reply)) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      else await respond({ replace_original: true, ...message });
    } catch (error) {
      log.error('slack: paging failed', error, fields);
    }
  });

  // "Find cable source" on a message: HTTP mode gets it at the interactivity URL, Socket Mode
  // as an `interactive` envelope; Bolt routes both here.
  app.shortcut({ callback_id: SOURCE_SHORTCUT, type: 'message_action' }, async ({ ack, body, client, respond: respondOnce }) => {
    // As for /cable: acknowledge within Slack's 3 s first, then let other requests be acknowledged.
    await ack();
    await nextIoTurn();
    const parsed = messageActionSchema.safeParse(body);
    if (!parsed.success) {
      log.warn('slack: a message shortcut without the expected fields', { issue: parsed.error.issues[0]?.message ?? null });
      return;
    }
    const { user, channel, message } = parsed.data;
    const fields = { channel: channel.id, user: user.id, ts: message.ts, shortcut: SOURCE_SHORTCUT };
    // The response_url answers the caller alone, in the channel, whether or not the bot is in it
    // (chat.postEphemeral needs the bot there).
    const respond = withRetries(respondOnce, fields);
    try {
      const limit = await runtime.state.admitCommand('slack', user.id, channel.id);
      if (!limit.allowed) {
        log.info('slack: source shortcut rate-limited', { channel: channel.id, user: user.id, scope: limit.scope, retryAfterS: limit.retryAfterS });
        await respond({ response_type: 'ephemeral', ...renderReply({ kind: 'error', code: 'rate-limited', detail: limit.scope, retryAfterS: limit.retryAfterS }, { owner: null }) });
        return;
      }
      const request = sourceShortcutInput(message.text);
      const reply = request.ok ? runInput(contextFor(caller(channel.id, user.id)), request.input, sink(fields)) : request.reply;
      const rendered = renderReply(reply, { owner: user.id });
      if (onlyForCaller(reply)) {
        await respond({ response_type: 'ephemeral', ...rendered });
        return;
      }
      try {
        await client.chat.postMessage({ channel: channel.id, thread_ts: message.thread_ts ?? message.ts, unfurl_links: false, unfurl_media: false, ...rendered });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === null || !NOT_IN_CHANNEL_ERRORS.has(code)) throw error;
        // A shortcut works in any conversation the user can see, the bot's or not: the answer
        // still reaches the one who asked, with how to get it in the thread next time.
        log.info('slack: not in the channel of a source shortcut; answering the caller only', { ...fields, error: code });
        await respond({ response_type: 'ephemeral', ...withNote(rendered, notInChannelNote()) });
      }
    } catch (error) {
      log.error('slack: source shortcut failed', error, fields);
      await respond({ response_type: 'ephemeral', ...internalError() }).catch((e: unknown) => log.error('slack: could not tell the user the source shortcut failed', e, fields));
    }
  });

  /** Events another replica claimed and did not answer, run again through Bolt here (authorized as any request), past the claim. */
  const answerOrphanedEvents = async (): Promise<number> => {
    const orphans = await runtime.state.orphanedWork('slack:event', 20);
    for (const orphan of orphans) {
      const body = parseJsonOrNull(orphan.payload);
      if (eventIdOf(body) === orphan.id && typeof body === 'object' && body !== null) {
        log.warn('slack: answering an event another replica took and did not answer', { eventId: orphan.id });
        await app.processEvent({ body, ack: () => Promise.resolve(), customProperties: { [REPLAYED]: true } });
      } else {
        log.warn('slack: dropped pending event work that is not ours', { id: orphan.id });
      }
      await runtime.state.finishWork('slack:event', orphan.id);
    }
    return orphans.length;
  };

  return {
    answerOrphans: async () => {
      const events = await answerOrphanedEvents();
      const orphans = await runtime.state.orphanedWork('slack:command', 20);
      for (const orphan of orphans) {
        const parsed = slashWorkSchema.safeParse(parseJsonOrNull(orphan.payload));
        if (parsed.success) {
          log.warn('slack: answering a /cable another replica acknowledged and did not answer', { channel: parsed.data.channel_id, user: parsed.data.user_id });
          const w = parsed.data;
          // No installation any more: the response_url needs no token; only a settings change would be refused (no permission check).
          const client = options.clientFor === undefined ? app.client : await options.clientFor({ teamId: w.team_id, enterpriseId: w.enterprise_id, isEnterpriseInstall: w.is_enterprise_install === 'true' }).catch(() => app.client);
          await answerSlash(w, client, true, orphan);
        } else {
          log.warn('slack: dropped pending /cable work that is not ours', { id: orphan.id });
          await runtime.state.finishWork('slack:command', orphan.id);
        }
      }
      return events + orphans.length;
    },
  };
}

/** Where automatic answers are remembered: the channel and the thread they appear in. */
function conversation(channel: string, threadTs: string): string {
  return `${channel}/${threadTs}`;
}

/** Whether the `/cable` text asks for the `settings` command (read by the grammar, not here). */
function namesSettings(text: string): boolean {
  const parsed = parseCommandText(text);
  return parsed.ok && parsed.inputs.some((i) => i.command === 'settings');
}

/**
 * Who may change a channel's settings on Slack: workspace admins and owners (`users.info`),
 * the channel's creator (`conversations.info`), and anyone in a direct message. Slack has no
 * per-channel "manage" permission a bot can read; these are the people a workspace already
 * trusts with the channel. A failed lookup means no.
 */
async function canManageChannel(client: App['client'], userId: string, channelId: string, runtime: PlatformRuntime, fields: LogFields): Promise<boolean> {
  try {
    const user = userInfoSchema.parse(await client.users.info({ user: userId })).user;
    if (user.is_admin === true || user.is_owner === true || user.is_primary_owner === true) return true;
  } catch (error) {
    runtime.log.warn('slack: users.info failed; treating the user as no admin', { ...fields, error: String(error) });
  }
  try {
    const channel = conversationInfoSchema.parse(await client.conversations.info({ channel: channelId })).channel;
    return channel.is_im === true || channel.creator === userId;
  } catch (error) {
    runtime.log.warn('slack: conversations.info failed; treating the user as unable to manage the channel', { ...fields, error: String(error) });
    return false;
  }
}

/** What someone who did not ask is told when clicking a paging button. */
export function notYoursText(action: PageAction): string {
  const what = action.target === 'card' ? action.id : `${action.id} ¶${action.target}`;
  return escapeText(notYourPagesText(`/cable ${what}`));
}

/** The message for an unexpected failure: the `internal` wording, never a stack. */
function internalError(): SlackMessage {
  const text = escapeText(errorText({ kind: 'error', code: 'internal', detail: 'cable' }));
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${text}` } }] };
}
