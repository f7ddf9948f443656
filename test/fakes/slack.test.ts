/**
 * Proof that the Slack fake is a real test harness: the REAL @slack/bolt 5 App, with its
 * default HTTP receiver and in Socket Mode, takes signed deliveries from the fake and calls
 * the fake Web API and response_url, which record the exact arguments.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, LogLevel, webApi, type Installation, type InstallationQuery, type InstallationStore, type Logger } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import { interactiveForm, signedPost, startFakeSlack, type FakeSlack, type FakeSlackWorkspace } from './slack.ts';
import { closeServer, listenOnLoopback } from './support.ts';

const BOT_TOKEN = 'xoxb-1111-2222-fakebottoken';
const APP_TOKEN = 'xapp-1-A07CBLBOT1-3333-fakeapptoken';
const SIGNING_SECRET = 'fake-signing-secret-8f14e45fceea167a';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps Bolt's output for assertions instead of printing it. */
function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...msg: unknown[]): void => {
      lines.push(`${level} ${msg.map(String).join(' ')}`);
    };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

async function fakeSlack(): Promise<FakeSlack> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  cleanups.push(() => fake.close());
  return fake;
}

/** A Bolt App with the default HTTP receiver, started on an ephemeral loopback port. */
async function httpApp(fake: FakeSlack): Promise<{ app: App; eventsUrl: string; logger: ReturnType<typeof recordingLogger> }> {
  const logger = recordingLogger();
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logger,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  // HTTPReceiver#start accepts net.ListenOptions and resolves with the http.Server.
  const server: Server = await app.start({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.stop());
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { app, eventsUrl: `http://127.0.0.1:${address.port}/slack/events`, logger };
}

describe('fake Slack with the real Bolt', () => {
  it('GIVEN a Bolt App on the HTTP receiver WHEN a signed message event arrives THEN the listener gets it AND say() is recorded as chat.postMessage with the exact args and the bot token', async () => {
    const fake = await fakeSlack();
    const { app, eventsUrl } = await httpApp(fake);
    const seen: string[] = [];
    app.message(async ({ message, say }) => {
      if (message.subtype === undefined) seen.push(message.text ?? '');
      await say({ text: 'Cable 06MOSCOW754', unfurl_links: false });
    });

    const auth = await fake.waitForCall('auth.test');
    expect(auth.token).toBe(BOT_TOKEN);

    const event = fake.messageEvent({ text: 'see #cablegate #06MOSCOW754' });
    const delivered = await signedPost(eventsUrl, fake.eventCallback(event), { signingSecret: SIGNING_SECRET });
    expect(delivered.status).toBe(200);

    const post = await fake.waitForCall('chat.postMessage');
    expect(seen).toEqual(['see #cablegate #06MOSCOW754']);
    expect(post.token).toBe(BOT_TOKEN);
    expect(post.encoding).toBe('form');
    // web-api adds the team_id Bolt learnt from the event; form encoding makes `false` a string.
    expect(post.args).toEqual({ channel: fake.ids.channelId, text: 'Cable 06MOSCOW754', unfurl_links: 'false', team_id: fake.ids.teamId });
    expect(post.response).toMatchObject({ ok: true, channel: fake.ids.channelId });
  });

  it('GIVEN a Bolt App WHEN a signed /cable slash command arrives THEN ack() answers 200 AND respond() and client.chat.postMessage with blocks are recorded exactly', async () => {
    const fake = await fakeSlack();
    const { app, eventsUrl } = await httpApp(fake);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*06MOSCOW754* ¶5' } }];
    app.command('/cable', async ({ command, ack, respond, client }) => {
      await ack();
      await respond({ response_type: 'ephemeral', text: `Looking up ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: '06MOSCOW754 ¶5', blocks });
    });

    const command = fake.slashCommand({ text: '06MOSCOW754 ¶5' });
    const delivered = await signedPost(eventsUrl, command, { signingSecret: SIGNING_SECRET, form: true });
    expect(delivered.status).toBe(200);

    const posted = await fake.waitForResponsePost();
    expect(posted.url).toBe(command['response_url']);
    expect(posted.body).toEqual({ response_type: 'ephemeral', text: 'Looking up 06MOSCOW754 ¶5' });
    const post = await fake.waitForCall('chat.postMessage');
    // `blocks` travels JSON-stringified inside the form body; the fake parses it back.
    expect(post.args).toEqual({ channel: fake.ids.channelId, text: '06MOSCOW754 ¶5', blocks, team_id: fake.ids.teamId });
  });

  it('GIVEN a Bolt App with a message shortcut WHEN a signed message_action (form-encoded payload=) arrives over HTTP and over Socket Mode THEN app.shortcut gets the message AND respond() reaches its response_url', async () => {
    const fake = await fakeSlack();
    const seen: { text: unknown; threadTs: unknown; user: string }[] = [];
    const listen = (app: App): void => {
      app.shortcut({ callback_id: 'find_cable_source', type: 'message_action' }, async ({ ack, shortcut, respond }) => {
        await ack();
        seen.push({ text: shortcut.message.text, threadTs: shortcut.message['thread_ts'], user: shortcut.user.id });
        await respond({ response_type: 'ephemeral', text: 'Looking for the source' });
      });
    };
    const { app, eventsUrl } = await httpApp(fake);
    listen(app);
    const overHttp = fake.messageAction({ callbackId: 'find_cable_source', text: 'Larijani had said &lt;that&gt;', threadTs: '1700000000.000100' });
    const delivered = await signedPost(eventsUrl, interactiveForm(overHttp), { signingSecret: SIGNING_SECRET, form: true });
    expect(delivered.status).toBe(200);
    expect((await fake.waitForResponsePost((p) => p.url === overHttp['response_url'])).body).toEqual({ response_type: 'ephemeral', text: 'Looking for the source' });

    const socketApp = new App({ token: BOT_TOKEN, appToken: APP_TOKEN, socketMode: true, logger: recordingLogger(), clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } });
    listen(socketApp);
    await socketApp.start();
    cleanups.push(() => socketApp.stop());
    await fake.socket.waitForConnection();
    const overSocket = fake.messageAction({ callbackId: 'find_cable_source' });
    const envelope = fake.socket.send('interactive', overSocket);
    expect(await fake.socket.waitForAck(envelope)).toMatchObject({ envelopeId: envelope });
    await fake.waitForResponsePost((p) => p.url === overSocket['response_url']);
    expect(seen).toEqual([
      { text: 'Larijani had said &lt;that&gt;', threadTs: '1700000000.000100', user: fake.ids.userId },
      { text: '', threadTs: undefined, user: fake.ids.userId },
    ]);
    expect(overSocket).toMatchObject({ type: 'message_action', callback_id: 'find_cable_source', message: { text: '', files: [{ name: 'cable.pdf' }] } });
  });

  it('GIVEN a Bolt App WHEN a request has a bad signature or a 6-minute-old timestamp THEN the receiver answers 401 and the listener never runs', async () => {
    const fake = await fakeSlack();
    const { app, eventsUrl, logger } = await httpApp(fake);
    let runs = 0;
    app.message(async () => {
      runs += 1;
    });
    app.command('/cable', async ({ ack }) => {
      runs += 1;
      await ack();
    });

    const body = fake.eventCallback(fake.messageEvent({ text: '06MOSCOW754' }));
    const forged = await signedPost(eventsUrl, body, { signingSecret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await signedPost(eventsUrl, fake.slashCommand({ text: '06MOSCOW754' }), {
      signingSecret: SIGNING_SECRET,
      form: true,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(runs).toBe(0);
    expect(logger.lines.filter((l) => l.includes('Failed to parse and verify'))).toHaveLength(2);
    expect(fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);

    const verification = fake.urlVerification('challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    const answered = await signedPost(eventsUrl, verification, { signingSecret: SIGNING_SECRET });
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  });

  it('GIVEN a Bolt App WHEN a signed link_shared event arrives THEN chat.unfurl is recorded with the unfurl_id and the parsed unfurls', async () => {
    const fake = await fakeSlack();
    const { app, eventsUrl } = await httpApp(fake);
    app.event('link_shared', async ({ event, client }) => {
      const unfurls = Object.fromEntries(event.links.map((link) => [link.url, { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Cable at ${link.url}` } }] }]));
      await client.chat.unfurl({ unfurl_id: event.unfurl_id ?? '', source: event.source === 'composer' ? 'composer' : 'conversations_history', unfurls });
    });

    const link = 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5';
    const event = fake.linkSharedEvent({ urls: [link] });
    expect((await signedPost(eventsUrl, fake.eventCallback(event), { signingSecret: SIGNING_SECRET })).status).toBe(200);

    const unfurl = await fake.waitForCall('chat.unfurl');
    expect(unfurl.args).toMatchObject({
      unfurl_id: event['unfurl_id'],
      source: 'conversations_history',
      unfurls: { [link]: { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Cable at ${link}` } }] } },
    });
    expect(unfurl.response).toEqual({ ok: true });
  });

  it('GIVEN the fake Web API WHEN a client breaks Slack rules THEN it gets the errors Slack gives (invalid_blocks, no_text, not_allowed_token_type, used response_url)', async () => {
    const fake = await fakeSlack();
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: recordingLogger() });
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };

    await expect(client.chat.postMessage({ channel: fake.ids.channelId, text: 'x', blocks: Array.from({ length: 51 }, () => section) })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    await expect(
      client.chat.postMessage({ channel: fake.ids.channelId, text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks', errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] } });
    await expect(client.apiCall('chat.postMessage', { channel: fake.ids.channelId })).rejects.toMatchObject({ data: { error: 'no_text' } });
    await expect(client.apps.connections.open({})).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });

    const responseUrl = fake.responseUrl('once-too-often');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('GIVEN the fake Web API WHEN a client posts, updates and deletes a message and looks up a channel and a user THEN each answer has the fields Slack gives', async () => {
    const fake = await fakeSlack();
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: recordingLogger() });

    const posted = await client.chat.postMessage({ channel: fake.ids.channelId, text: 'first' });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({ text: 'first', user: fake.ids.botUserId, bot_id: fake.ids.botId });
    const updated = await client.chat.update({ channel: fake.ids.channelId, ts: posted.ts ?? '', text: 'second' });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'second' });
    await expect(client.chat.delete({ channel: fake.ids.channelId, ts: posted.ts ?? '' })).resolves.toMatchObject({ ok: true });
    await expect(client.chat.update({ channel: fake.ids.channelId, ts: posted.ts ?? '', text: 'third' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    await expect(client.chat.postEphemeral({ channel: fake.ids.channelId, user: fake.ids.userId, text: 'only you' })).resolves.toMatchObject({ ok: true });

    const info = await client.conversations.info({ channel: fake.ids.channelId });
    expect(info.channel).toMatchObject({ id: fake.ids.channelId, name: 'general', is_member: true, is_im: false });
    const who = await client.users.info({ user: fake.ids.userId });
    expect(who.user).toMatchObject({ id: fake.ids.userId, is_bot: false });
    await expect(client.users.info({ user: 'U0NOBODY00' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    expect(fake.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.delete',
      'chat.update',
      'chat.postEphemeral',
      'conversations.info',
      'users.info',
      'users.info',
    ]);
  });

  it('GIVEN a Bolt App in Socket Mode WHEN the fake pushes a message event and a slash command THEN both are acked by envelope_id AND say()/respond() are recorded', async () => {
    const fake = await fakeSlack();
    const app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      logger: recordingLogger(),
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.message(async ({ say }) => {
      await say('Cable 06MOSCOW754');
    });
    app.command('/cable', async ({ command, ack, respond }) => {
      await ack();
      await respond({ text: `Looking up ${command.text}` });
    });
    await app.start();
    cleanups.push(() => app.stop());

    const open = await fake.waitForCall('apps.connections.open');
    expect(open.token).toBe(APP_TOKEN);
    await fake.socket.waitForConnection();
    expect(fake.socket.connections).toBe(1);

    const eventEnvelope = fake.socket.sendEvent(fake.eventCallback(fake.messageEvent({ text: '06MOSCOW754' })));
    expect(await fake.socket.waitForAck(eventEnvelope)).toEqual({ envelopeId: eventEnvelope, payload: {}, connection: 1 });
    const post = await fake.waitForCall('chat.postMessage');
    expect(post.args).toEqual({ channel: fake.ids.channelId, text: 'Cable 06MOSCOW754', team_id: fake.ids.teamId });

    const command = fake.slashCommand({ text: '06MOSCOW754' });
    const commandEnvelope = fake.socket.sendSlashCommand(command);
    expect(await fake.socket.waitForAck(commandEnvelope)).toMatchObject({ envelopeId: commandEnvelope });
    const posted = await fake.waitForResponsePost((p) => p.url === command['response_url']);
    expect(posted.body).toEqual({ text: 'Looking up 06MOSCOW754' });
  });
});

/* ------------------------------------------------------------------------------------------ */
/* OAuth: the real @slack/oauth InstallProvider (what Bolt's OAuth receiver runs) against the   */
/* fake's authorize page and oauth.v2.access.                                                   */

const CLIENT_ID = '4410123456789.7071234567890';
const CLIENT_SECRET = 'fake-client-secret-c4ca4238a0b92382';
const STATE_SECRET = 'fake-state-secret-eccbc87e4b5ce2fe';
const SCOPES = ['app_mentions:read', 'channels:history', 'chat:write', 'commands'];

async function oauthFake(): Promise<FakeSlack> {
  const fake = await startFakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  cleanups.push(() => fake.close());
  return fake;
}

/** The key a bot's store uses: the org for an org-wide install, else the team. */
function installKey(isEnterpriseInstall: boolean | undefined, enterpriseId: string | undefined, teamId: string | undefined): string {
  return isEnterpriseInstall === true ? `org:${enterpriseId ?? ''}` : `team:${teamId ?? ''}`;
}

/** A Map-backed InstallationStore, as small as the interface allows. */
function mapInstallationStore(): InstallationStore & { readonly installs: Map<string, Installation> } {
  const installs = new Map<string, Installation>();
  const keyOfQuery = (query: InstallationQuery<boolean>): string => installKey(query.isEnterpriseInstall, query.enterpriseId, query.teamId);
  return {
    installs,
    storeInstallation: async (installation) => {
      installs.set(installKey(installation.isEnterpriseInstall, installation.enterprise?.id, installation.team?.id), installation);
    },
    fetchInstallation: async (query) => {
      const found = installs.get(keyOfQuery(query));
      if (found === undefined) throw new Error(`no installation for ${keyOfQuery(query)}`);
      return found;
    },
    deleteInstallation: async (query) => {
      installs.delete(keyOfQuery(query));
    },
  };
}

/** What the bot's OAuth callback ended with. */
type InstallOutcome = { readonly installation: Installation } | { readonly error: string };

/**
 * The bot's install side, served over loopback HTTP as Bolt's receiver serves it:
 * `/slack/install` (handleInstallPath: the "Add to Slack" page and the state cookie) and
 * `/slack/oauth_redirect` (handleCallback). `install` plays the browser.
 */
async function installSite(fake: FakeSlack, credentials: { readonly clientId?: string; readonly clientSecret?: string } = {}) {
  const store = mapInstallationStore();
  const outcomes: InstallOutcome[] = [];
  const logger = recordingLogger();
  const provider = new InstallProvider({
    clientId: credentials.clientId ?? CLIENT_ID,
    clientSecret: credentials.clientSecret ?? CLIENT_SECRET,
    stateSecret: STATE_SECRET,
    installationStore: store,
    logger,
    // InstallProvider hands its own logger to the WebClient it makes.
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    authorizationUrl: fake.oauth.authorizeUrl,
  });
  let base = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', base).pathname;
    const handled =
      path === '/slack/install'
        ? provider.handleInstallPath(req, res, undefined, { scopes: SCOPES, redirectUri: `${base}/slack/oauth_redirect` })
        : path === '/slack/oauth_redirect'
          ? provider.handleCallback(req, res, {
              success: (installation, _options, _req, response) => {
                outcomes.push({ installation });
                response.writeHead(200).end('installed');
              },
              failure: (error, _options, _req, response) => {
                outcomes.push({ error: error.message });
                response.writeHead(500).end(error.message);
              },
            })
          : Promise.resolve(void res.writeHead(404).end());
    handled.catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  cleanups.push(() => closeServer(server));

  /** The browser: opens the install page, clicks the link on it, approves in Slack, follows the redirect with the cookie. */
  const install = async (workspace: FakeSlackWorkspace, options: { readonly deny?: boolean } = {}) => {
    const page = await fetch(`${base}/slack/install`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const link = /<a href="([^"]+)"/.exec(await page.text())?.[1];
    if (link === undefined) throw new Error('no Add to Slack link on the install page');
    const redirect = await fake.oauth.approve(link, workspace, options);
    const callback = await fetch(redirect, { headers: { cookie } });
    return { status: callback.status, text: await callback.text(), redirect, cookie, link };
  };
  return { provider, store, outcomes, install, base };
}

function webClient(fake: FakeSlack, token?: string): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: recordingLogger() });
}

describe('fake Slack OAuth with the real InstallProvider', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('GIVEN two workspaces WHEN each installs through the install page THEN the store holds an installation per workspace with its own token and ids AND each token acts as its own bot', async () => {
    const fake = await oauthFake();
    const site = await installSite(fake);
    const first = fake.oauth.addWorkspace();
    const second = fake.oauth.addWorkspace({ teamName: 'Cable Desk', enterpriseId: 'E0CABLEORG', enterpriseName: 'Cable Org' });
    expect(first.botToken).toBeNull();

    const installed = await site.install(first);
    expect(installed.link.startsWith(`${fake.oauth.authorizeUrl}?`)).toBe(true);
    expect(new URL(installed.link).searchParams.get('scope')).toBe(SCOPES.join(','));
    expect(installed.redirect).toMatch(/\/slack\/oauth_redirect\?code=[^&]+&state=/);
    expect(installed.status).toBe(200);
    expect((await site.install(second)).status).toBe(200);

    expect(site.outcomes).toHaveLength(2);
    const stored = site.store.installs.get(installKey(false, undefined, first.teamId ?? ''));
    expect(stored).toMatchObject({
      team: { id: first.teamId, name: first.teamName },
      isEnterpriseInstall: false,
      appId: fake.ids.appId,
      tokenType: 'bot',
      authVersion: 'v2',
      user: { id: first.installerUserId },
      bot: { token: first.botToken, id: first.botId, userId: first.botUserId, scopes: SCOPES },
    });
    expect(stored?.enterprise).toBeUndefined();
    expect(site.store.installs.get(installKey(false, 'E0CABLEORG', second.teamId ?? ''))).toMatchObject({
      team: { id: second.teamId, name: 'Cable Desk' },
      enterprise: { id: 'E0CABLEORG', name: 'Cable Org' },
      bot: { token: second.botToken, userId: second.botUserId },
    });
    expect(new Set([first.teamId, second.teamId, first.botUserId, second.botUserId, first.botToken, second.botToken]).size).toBe(6);
    expect(fake.oauth.exchanges).toEqual([
      { grantType: 'authorization_code', workspace: first, error: null },
      { grantType: 'authorization_code', workspace: second, error: null },
    ]);

    // Bolt's authorize() finds each workspace's token from what a payload carries.
    await expect(site.provider.authorize({ teamId: second.teamId ?? '', enterpriseId: 'E0CABLEORG', isEnterpriseInstall: false })).resolves.toMatchObject({
      botToken: second.botToken,
      botUserId: second.botUserId,
    });
    const secondBot = webClient(fake, second.botToken ?? '');
    await expect(secondBot.auth.test()).resolves.toMatchObject({ team_id: second.teamId, user_id: second.botUserId, bot_id: second.botId, enterprise_id: 'E0CABLEORG', url: 'https://cable-desk.slack.com/' });
    const posted = await secondBot.chat.postMessage({ channel: second.channelId, text: '06MOSCOW754' });
    expect(posted.message).toMatchObject({ user: second.botUserId, bot_id: second.botId, team: second.teamId });

    // Installing again replaces the workspace's token; the old one is revoked.
    const oldToken = first.botToken ?? '';
    expect((await site.install(first)).status).toBe(200);
    expect(first.botToken).not.toBe(oldToken);
    expect(site.store.installs.get(installKey(false, undefined, first.teamId ?? ''))?.bot?.token).toBe(first.botToken);
    await expect(webClient(fake, oldToken).auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
    await expect(webClient(fake, first.botToken ?? '').auth.test()).resolves.toMatchObject({ team_id: first.teamId });
  });

  it('GIVEN token rotation WHEN authorize() meets a token that expires within 2 hours THEN it refreshes through the fake AND the old refresh token stops working AND an expired token gets token_expired', async () => {
    const fake = await oauthFake();
    const site = await installSite(fake);
    const workspace = fake.oauth.addWorkspace({ tokenExpiresInS: 3600 });
    await site.install(workspace);
    const key = installKey(false, undefined, workspace.teamId ?? '');
    const installed = site.store.installs.get(key)?.bot;
    expect(installed?.refreshToken).toMatch(/^xoxe-1-/);
    expect(installed?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3590);
    const firstToken = installed?.token ?? '';
    const firstRefresh = installed?.refreshToken ?? '';

    const authorized = await site.provider.authorize({ teamId: workspace.teamId ?? '', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(authorized.botToken).toBe(workspace.botToken);
    expect(authorized.botToken).not.toBe(firstToken);
    expect(site.store.installs.get(key)?.bot).toMatchObject({ token: workspace.botToken, refreshToken: authorized.botRefreshToken });
    expect(fake.oauth.exchanges.map((e) => [e.grantType, e.error])).toEqual([
      ['authorization_code', null],
      ['refresh_token', null],
    ]);
    // The previous access token lives until its own expiry; the previous refresh token is spent.
    await expect(webClient(fake, firstToken).auth.test()).resolves.toMatchObject({ ok: true });
    const noToken = webClient(fake);
    await expect(noToken.oauth.v2.access({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: firstRefresh })).rejects.toMatchObject({
      data: { error: 'invalid_refresh_token' },
    });

    // Slack also takes the client credentials as HTTP Basic auth.
    const basic = await fetch(`${fake.apiUrl}oauth.v2.access`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: authorized.botRefreshToken ?? '' }).toString(),
    });
    const refreshed: unknown = await basic.json();
    expect(refreshed).toMatchObject({ ok: true, token_type: 'bot', expires_in: 3600, team: { id: workspace.teamId }, enterprise: null, is_enterprise_install: false, bot_user_id: workspace.botUserId, app_id: fake.ids.appId });
    expect(refreshed).toMatchObject({ access_token: workspace.botToken });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3601 * 1000);
    expect(workspace.botToken).toBeNull();
    await expect(webClient(fake, firstToken).auth.test()).rejects.toMatchObject({ data: { error: 'token_expired' } });
  });

  it('GIVEN installed workspaces WHEN one uninstalls and another has its tokens revoked THEN the fake hands back the event bodies Slack sends AND those tokens get token_revoked', async () => {
    const fake = await oauthFake();
    const site = await installSite(fake);
    const leaving = fake.oauth.addWorkspace();
    const revoked = fake.oauth.addWorkspace({ tokenExpiresInS: 3600 });
    await site.install(leaving);
    await site.install(revoked);
    const leavingToken = leaving.botToken ?? '';
    const revokedToken = revoked.botToken ?? '';
    const revokedRefresh = site.store.installs.get(installKey(false, undefined, revoked.teamId ?? ''))?.bot?.refreshToken ?? '';

    const uninstalled = fake.oauth.uninstall(leaving);
    expect(uninstalled).toMatchObject({
      type: 'event_callback',
      team_id: leaving.teamId,
      api_app_id: fake.ids.appId,
      event: { type: 'app_uninstalled' },
      authorizations: [{ enterprise_id: null, team_id: leaving.teamId, user_id: leaving.botUserId, is_bot: true, is_enterprise_install: false }],
    });
    expect(leaving.botToken).toBeNull();
    await expect(webClient(fake, leavingToken).chat.postMessage({ channel: leaving.channelId, text: 'x' })).rejects.toMatchObject({ data: { error: 'token_revoked' } });

    expect(fake.oauth.revokeTokens(revoked)).toMatchObject({ type: 'event_callback', team_id: revoked.teamId, event: { type: 'tokens_revoked', tokens: { oauth: [], bot: [revoked.botUserId] } } });
    await expect(webClient(fake, revokedToken).auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
    await expect(webClient(fake).oauth.v2.access({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: revokedRefresh })).rejects.toMatchObject({
      data: { error: 'invalid_refresh_token' },
    });

    // Coming back is a new install with a new token.
    expect((await site.install(leaving)).status).toBe(200);
    await expect(webClient(fake, leaving.botToken ?? '').auth.test()).resolves.toMatchObject({ team_id: leaving.teamId });
  });

  it('GIVEN an Enterprise Grid org WHEN it installs org-wide THEN the installation is an enterprise install with enterpriseUrl and no team AND payloads carry a workspace of the org', async () => {
    const fake = await oauthFake();
    const site = await installSite(fake);
    const org = fake.oauth.addWorkspace({ orgWide: true, enterpriseName: 'Cable Org' });
    expect(org).toMatchObject({ teamId: null, teamName: null, orgWide: true, enterpriseName: 'Cable Org' });
    expect(org.enterpriseId).toMatch(/^E[A-Z0-9]{8,}$/);
    expect(org.payloadTeamId).toMatch(/^T[A-Z0-9]{8,}$/);
    expect((await site.install(org)).status).toBe(200);

    const installation = site.store.installs.get(installKey(true, org.enterpriseId ?? '', undefined));
    expect(installation).toMatchObject({
      isEnterpriseInstall: true,
      enterprise: { id: org.enterpriseId, name: 'Cable Org' },
      enterpriseUrl: 'https://cable-org.enterprise.slack.com/',
      bot: { token: org.botToken, userId: org.botUserId, id: org.botId },
    });
    expect(installation?.team).toBeUndefined();
    await expect(webClient(fake, org.botToken ?? '').auth.test()).resolves.toMatchObject({ team_id: null, enterprise_id: org.enterpriseId, is_enterprise_install: true, user_id: org.botUserId });

    const body = fake.eventCallback(fake.messageEvent({ text: '06MOSCOW754', workspace: org }), org);
    expect(body).toMatchObject({
      team_id: org.payloadTeamId,
      enterprise_id: org.enterpriseId,
      authorizations: [{ enterprise_id: org.enterpriseId, team_id: null, user_id: org.botUserId, is_bot: true, is_enterprise_install: true }],
      event: { user: org.installerUserId, channel: org.channelId, team: org.payloadTeamId },
    });
    expect(fake.slashCommand({ text: 'x', workspace: org })).toMatchObject({ team_id: org.payloadTeamId, enterprise_id: org.enterpriseId, is_enterprise_install: 'true', user_id: org.installerUserId, channel_id: org.channelId });
    await expect(site.provider.authorize({ teamId: org.payloadTeamId, enterpriseId: org.enterpriseId ?? '', isEnterpriseInstall: true })).resolves.toMatchObject({ botToken: org.botToken, teamId: org.payloadTeamId });
  });

  it('GIVEN the install flow WHEN the code is bogus or used twice, the secret or client id is wrong, the redirect_uri differs, or the user cancels THEN each fails as on Slack and nothing is stored', async () => {
    const fake = await oauthFake();
    const site = await installSite(fake);
    const workspace = fake.oauth.addWorkspace();

    const cancelled = await site.install(workspace, { deny: true });
    expect(new URL(cancelled.redirect).searchParams.get('error')).toBe('access_denied');
    expect(new URL(cancelled.redirect).searchParams.get('state')).not.toBeNull();
    expect(cancelled.status).toBe(500);
    expect(site.outcomes).toEqual([{ error: 'User cancelled the OAuth installation flow!' }]);

    const installed = await site.install(workspace);
    expect(installed.status).toBe(200);
    site.store.installs.clear();
    // The browser goes back to the same redirect: the code was spent.
    const replayed = await fetch(installed.redirect, { headers: { cookie: installed.cookie } });
    expect(replayed.status).toBe(500);
    const bogus = new URL(installed.redirect);
    bogus.searchParams.set('code', '1234.5678.bogus');
    expect((await fetch(bogus, { headers: { cookie: installed.cookie } })).status).toBe(500);
    expect(site.outcomes.slice(2)).toEqual([{ error: 'An API error occurred: invalid_code' }, { error: 'An API error occurred: invalid_code' }]);
    expect(site.store.installs.size).toBe(0);

    const wrongSecret = await installSite(fake, { clientSecret: 'not-the-secret' });
    expect((await wrongSecret.install(workspace)).status).toBe(500);
    expect(wrongSecret.outcomes).toEqual([{ error: 'An API error occurred: bad_client_secret' }]);
    expect(wrongSecret.store.installs.size).toBe(0);

    const wrongClient = await installSite(fake, { clientId: '1111.2222' });
    await expect(wrongClient.install(workspace)).rejects.toThrow(/answered 400: .*invalid_client_id/);

    // A code exchanged with another redirect_uri than the authorize page got.
    const page = await fetch(`${site.base}/slack/install`);
    const link = /<a href="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const code = new URL(await fake.oauth.approve(link, workspace)).searchParams.get('code') ?? '';
    const noToken = webClient(fake);
    await expect(noToken.oauth.v2.access({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code, redirect_uri: 'https://evil.example/cb' })).rejects.toMatchObject({ data: { error: 'bad_redirect_uri' } });
    await expect(noToken.oauth.v2.access({ client_id: 'nobody', client_secret: CLIENT_SECRET, code })).rejects.toMatchObject({ data: { error: 'invalid_client_id' } });

    expect(fake.oauth.exchanges.map((e) => [e.grantType, e.workspace === null ? null : e.workspace.teamId, e.error])).toEqual([
      ['authorization_code', workspace.teamId, null],
      ['authorization_code', workspace.teamId, 'invalid_code'],
      ['authorization_code', null, 'invalid_code'],
      ['authorization_code', workspace.teamId, 'bad_client_secret'],
      ['authorization_code', workspace.teamId, 'bad_redirect_uri'],
      ['authorization_code', workspace.teamId, 'invalid_client_id'],
    ]);
  });

  it('GIVEN a Bolt App authorizing through the InstallProvider WHEN payloads from two installed workspaces arrive THEN each listener answers with that workspace token', async () => {
    const fake = await oauthFake();
    const site = await installSite(fake);
    const first = fake.oauth.addWorkspace();
    const org = fake.oauth.addWorkspace({ orgWide: true });
    await site.install(first);
    await site.install(org);

    const app = new App({ signingSecret: SIGNING_SECRET, authorize: site.provider.authorize, logger: recordingLogger(), clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } });
    app.message(async ({ say }) => {
      await say('Cable 06MOSCOW754');
    });
    app.command('/cable', async ({ ack, client, command }) => {
      await ack();
      await client.chat.postMessage({ channel: command.channel_id, text: `Looking up ${command.text}` });
    });
    app.action('more', async ({ ack, client, body }) => {
      await ack();
      await client.chat.postMessage({ channel: body.channel?.id ?? '', text: 'more' });
    });
    const server: Server = await app.start({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.stop());
    const address: AddressInfo | string | null = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const eventsUrl = `http://127.0.0.1:${address.port}/slack/events`;

    const fromOrg = fake.eventCallback(fake.messageEvent({ text: '06MOSCOW754', workspace: org }), org);
    expect((await signedPost(eventsUrl, fromOrg, { signingSecret: SIGNING_SECRET })).status).toBe(200);
    const orgPost = await fake.waitForCall('chat.postMessage', (c) => c.args['channel'] === org.channelId);
    expect(orgPost.token).toBe(org.botToken);

    expect((await signedPost(eventsUrl, fake.slashCommand({ text: '06MOSCOW754', workspace: first }), { signingSecret: SIGNING_SECRET, form: true })).status).toBe(200);
    const firstPost = await fake.waitForCall('chat.postMessage', (c) => c.args['text'] === 'Looking up 06MOSCOW754');
    expect(firstPost.token).toBe(first.botToken);
    expect(firstPost.args['channel']).toBe(first.channelId);

    const click = fake.blockActions({ actionId: 'more', workspace: org });
    expect(click).toMatchObject({ team: { id: org.payloadTeamId }, enterprise: { id: org.enterpriseId }, is_enterprise_install: true, user: { id: org.installerUserId } });
    expect((await signedPost(eventsUrl, interactiveForm(click), { signingSecret: SIGNING_SECRET, form: true })).status).toBe(200);
    expect((await fake.waitForCall('chat.postMessage', (c) => c.args['text'] === 'more')).token).toBe(org.botToken);
    expect(fake.messageAction({ callbackId: 'x', workspace: first })).toMatchObject({ team: { id: first.teamId }, enterprise: null, is_enterprise_install: false, user: { id: first.installerUserId } });
  });
});
