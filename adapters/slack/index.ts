/**
 * The Slack adapter (issue 5): @slack/bolt 5 in Socket Mode when `SLACK_APP_TOKEN` is set (no
 * public URL needed), otherwise HTTP on `PORT` at Bolt's `/slack/events`, every request's
 * signature checked. With `SLACK_CLIENT_ID` (issue 14) it is a distributed app: HTTP, any
 * workspace installs it at `/slack/install`, each answered with its own token (oauth.ts).
 * Wiring in handlers.ts, Block Kit in render.ts, the app definition in manifest.json.
 */
import { App, HTTPReceiver, LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/log.ts';
import type { Answer } from '../../src/core/reply.ts';
import { RepeatGuard } from '../../src/core/repeat-guard.ts';
import { HEALTH_PATH, healthReport, sendHealth, type HealthSources } from '../health.ts';
import { DRAIN_MS, InFlight } from '../in-flight.ts';
import type { PlatformAdapter, PlatformRuntime, RunningAdapter } from '../platform.ts';
import { registerHandlers, type RespondRetry, type SlashWorkspace } from './handlers.ts';
import { installationStore, NoInstallationError, registerUninstallListeners } from './installations.ts';
import { INSTALL_PATH, oauthReceiverOptions } from './oauth.ts';
import { renderAnswer, type SlackMessage } from './render.ts';
import { RefreshingSocketModeReceiver } from './socket-receiver.ts';

/** Bolt's default path, where the manifest points events, commands and interactivity. */
export const EVENTS_PATH = '/slack/events';
/** Slack's requests are small (a slash command is < 2 KB); refuse bodies over 1 MB before reading them whole. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Options for tests and embedding. */
export interface SlackAdapterOptions {
  /**
   * How Web API calls are retried (HTTP errors, 429 after its `Retry-After`). Default: five
   * retries within about five minutes — an answer late is better than none; tests pass a fast one.
   */
  retryConfig?: webApi.RetryOptions;
  /** Address the HTTP receiver listens on (default: all interfaces). */
  host?: string;
  /** How posts to a `response_url` are retried (default: four retries over about 15 s); tests pass a fast one. */
  respondRetry?: RespondRetry;
  /** How long `stop()` waits for replies in flight (default {@link DRAIN_MS}). */
  drainMs?: number;
  /** How often commands orphaned by another replica are looked for (default {@link ORPHAN_SCAN_MS}). */
  orphanScanMs?: number;
}

/** How often commands orphaned by another replica are looked for. */
export const ORPHAN_SCAN_MS = 2_000;

/** How long `stop()` waits for the replies in flight before closing anyway. */
export { DRAIN_MS };

/**
 * Socket Mode connections kept open. Slack delivers an envelope to one open connection of the
 * app. A refresh (Slack's `disconnect`) leaves no gap: the next connection is opened before the
 * old one closes (socket-client.ts). A connection that drops without warning (no pong, a network
 * error) is reconnected only after upstream's delay of seconds: with two, Slack sends what is
 * typed meanwhile over the other. Slack allows 10.
 */
export const SOCKET_CONNECTIONS = 2;

/** The `chat.postMessage` arguments (less channel and thread) of an answer: one message per reply. */
export function slackPayload(answer: Answer): SlackMessage[] {
  return renderAnswer(answer, { owner: null });
}

/** The Slack adapter with `options`; {@link slackAdapter} is the one `npm start` runs. */
export function slackPlatform(options: SlackAdapterOptions = {}): PlatformAdapter {
  return {
    name: 'slack',
    enabled: (config) => config.slack !== null,
    start: (runtime) => startSlack(runtime, options),
    payload: slackPayload,
  };
}

/** The adapter `npm start` runs and `cablebot lookup --format slack` renders with. */
export const slackAdapter: PlatformAdapter = slackPlatform();

async function startSlack(runtime: PlatformRuntime, options: SlackAdapterOptions): Promise<RunningAdapter> {
  const slack = runtime.config.slack;
  if (slack === null) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const logger = boltLogger(runtime.log);
  const clientOptions = {
    ...(slack.apiUrl !== null ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
  };
  const oauth = slack.oauth ?? null;
  const token = slack.botToken ?? undefined;
  if (oauth === null && token === undefined) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET');
  const appToken = oauth === null ? slack.appToken : null;
  const socketMode = appToken !== null;
  // Bolt's own SocketModeReceiver closes a connection at once when Slack refreshes it (acks lost,
  // seconds without a connection); this one does not.
  const receivers = appToken !== null ? Array.from({ length: SOCKET_CONNECTIONS }, () => new RefreshingSocketModeReceiver({ appToken, logger, clientOptions })) : [];
  // deferInitialization: Bolt otherwise checks the token (auth.test) in the constructor and a
  // refused token surfaces later as an unhandled rejection; `init()` lets start() fail clearly.
  const apps = socketMode
    ? receivers.map((receiver) => new App({ token, receiver, logger, clientOptions, deferInitialization: true }))
    : [
        new App({
          // With OAuth, no token: Bolt answers each request with its workspace's installation.
          ...(token !== undefined ? { token } : {}),
          logger,
          clientOptions,
          deferInitialization: true,
          receiver: new HTTPReceiver({
            signingSecret: slack.signingSecret,
            endpoints: [EVENTS_PATH],
            port: slack.port,
            bodyLimit: MAX_BODY_BYTES,
            logger,
            customRoutes: [{ path: HEALTH_PATH, method: ['GET'], handler: (_req, res) => sendHealth(res, healthReport(healthSources(runtime), { name: 'slack', state: ready ? 'up' : 'starting' })) }],
            ...(oauth !== null ? oauthReceiverOptions(oauth, runtime.state.installations, runtime.log, clientOptions, slack.apiUrl) : {}),
          }),
        }),
      ];
  // Every listener run, ack to last reply (a /cable answer goes out after its ack), so stop()
  // can let the replies in flight finish before the store is closed.
  const inFlight = new InFlight('slack', runtime.log);
  const stopApp = async (): Promise<void> => {
    await stopApps();
    await inFlight.drain(options.drainMs ?? DRAIN_MS);
  };
  const guard = new RepeatGuard({ claims: runtime.state, scope: 'repeat:slack' });
  // Set once the apps are started (either mode): orphans are answered only by a running adapter.
  let started = false;
  // A command another replica left is answered with its workspace's token (settings checks call Slack).
  const installed = oauth !== null ? installationStore(runtime.state.installations, runtime.log) : null;
  const clientFor =
    installed === null
      ? undefined
      : async (workspace: SlashWorkspace): Promise<App['client']> => {
          const found = await installed.fetchInstallation({ teamId: workspace.teamId, enterpriseId: workspace.enterpriseId, isEnterpriseInstall: workspace.isEnterpriseInstall });
          return new webApi.WebClient(found.bot?.token, { ...clientOptions, logger });
        };
  const handlers = apps.map((app) => {
    app.use(({ next }) => inFlight.track(next()));
    const registered = registerHandlers(app, runtime, { guard, ...(options.respondRetry !== undefined ? { respondRetry: options.respondRetry } : {}), ...(clientFor !== undefined ? { clientFor } : {}) });
    if (oauth !== null) registerUninstallListeners(app, runtime.state.installations, runtime.log);
    app.error(async (error) => {
      // A request from a workspace without an installation (it removed the bot): nothing to answer with.
      if (wraps(error, NoInstallationError)) {
        runtime.log.warn('slack: a request from a workspace the bot is not installed in; not answered', { error: error.message.slice(0, 200) });
        return;
      }
      runtime.log.error('slack: unhandled error in a listener', error);
    });
    return registered;
  });
  // Commands another replica acknowledged and could not answer (it was killed): looked for every
  // ORPHAN_SCAN_MS, answered here. Empty unless the state is shared.
  const orphans = setInterval(() => {
    const first = handlers[0];
    if (first === undefined || !started) return;
    void inFlight.track(first.answerOrphans()).catch((error: unknown) => runtime.log.error('slack: answering orphaned commands failed', error));
  }, options.orphanScanMs ?? ORPHAN_SCAN_MS);
  orphans.unref();
  const stopApps = (): Promise<void> => {
    clearInterval(orphans);
    return Promise.all(apps.map((app) => app.stop().catch(() => undefined))).then(() => undefined);
  };
  let ready = false;
  let stopped = false;
  try {
    for (const app of apps) await app.init();
    if (socketMode) {
      const sockets = receivers.map((receiver) => () => receiver.state());
      await Promise.all(apps.map((app) => app.start()));
      started = true;
      return {
        notes: [`Slack: Socket Mode connected (${apps.length} connections)`],
        stop: () => {
          stopped = true;
          return stopApp();
        },
        // Up while any connection is: Slack delivers over whichever is open.
        state: () => (stopped ? 'stopped' : sockets.some((c) => c() === 'up') ? 'up' : sockets.some((c) => c() === 'reconnecting') ? 'reconnecting' : 'down'),
      };
    }
    const [app] = apps;
    if (app === undefined) throw new Error('no Slack app');
    const server: unknown = await app.start({ port: slack.port, ...(options.host !== undefined ? { host: options.host } : {}) });
    const port = listeningPort(server) ?? slack.port;
    ready = true;
    started = true;
    const installs = oauth !== null ? [`Slack: OAuth installs at ${oauth.publicUrl}${INSTALL_PATH} (${await installedCount(runtime)})`] : [];
    return {
      notes: [`Slack: listening on :${port}${EVENTS_PATH} (HTTP; signed requests only), health at ${HEALTH_PATH}`, ...installs],
      stop: () => {
        ready = false;
        stopped = true;
        return stopApp();
      },
      state: () => (stopped ? 'stopped' : ready ? 'up' : 'starting'),
    };
  } catch (error) {
    await stopApps();
    throw new Error(`Slack: could not start (${socketMode ? 'Socket Mode' : `HTTP on port ${slack.port}`}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** What `/healthz` reports, from what the adapter was started with. */
function healthSources(runtime: PlatformRuntime): HealthSources {
  return { corpus: runtime.ctx.corpus, state: runtime.state, platforms: () => runtime.platforms?.() ?? {}, shards: () => runtime.shards?.() ?? {} };
}

/** How many workspaces have installed the bot, in words for the start-up notes. */
async function installedCount(runtime: PlatformRuntime): Promise<string> {
  const count = await runtime.state.installations.count('slack');
  return count === null ? 'installed workspaces unknown: the state is down' : `${count} installed`;
}

/** Whether `error`, or an error it wraps (`cause`, or Bolt's and @slack/oauth's `original`), is a `kind`. */
function wraps(error: unknown, kind: abstract new (...args: never[]) => Error): boolean {
  let at: unknown = error;
  for (let depth = 0; depth < 8; depth += 1) {
    if (at instanceof kind) return true;
    if (!(at instanceof Error)) return false;
    const inner: unknown = 'original' in at ? at.original : at.cause;
    at = inner;
  }
  return false;
}

/** HTTP mode's health check (`../health.ts`), re-exported where the Slack tests have always found it. */
export { HEALTH_PATH };

/** The port an `http.Server` listens on (HTTPReceiver#start resolves with it). */
function listeningPort(server: unknown): number | null {
  if (typeof server !== 'object' || server === null || !('address' in server) || typeof server.address !== 'function') return null;
  const address: unknown = server.address();
  return typeof address === 'object' && address !== null && 'port' in address && typeof address.port === 'number' ? address.port : null;
}

/** Bolt's (and its clients') log lines into the bot's log; debug is dropped. */
function boltLogger(log: Logger): BoltLogger {
  const join = (msg: unknown[]): string => `slack: ${msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ')}`;
  let level = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...msg) => log.info(join(msg)),
    warn: (...msg) => log.warn(join(msg)),
    error: (...msg) => log.error(join(msg), msg.find((m) => m instanceof Error)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
