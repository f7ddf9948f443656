/**
 * Slack OAuth installs end to end: the real Bolt HTTP receiver with its real @slack/oauth
 * InstallProvider, started as `npm start` starts it with `SLACK_CLIENT_ID` & co., against the
 * fake Slack's authorize page and `oauth.v2.access`. A browser is played by `fetch`: the
 * install page, its state cookie, Slack's redirect back. Installations are kept in the real
 * embedded state (SQLite); the replicas test runs the same flow over PostgreSQL.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformRuntime, RunningAdapter } from '../../../adapters/platform.ts';
import { slackPlatform } from '../../../adapters/slack/index.ts';
import { BOT_SCOPES } from '../../../adapters/slack/oauth.ts';
import type { Config } from '../../../src/core/config.ts';
import { memoryLogger } from '../../../src/core/log.ts';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';
import { PostgresState } from '../../../src/core/state/postgres/index.ts';
import type { SharedState } from '../../../src/core/state/state.ts';
import { SqliteInstallations } from '../../../src/core/state/sqlite-installations.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { createDatabase, startPostgres } from '../../support/postgres.ts';
import { signedPost, startFakeSlack, type FakeSlack, type FakeSlackWorkspace } from '../../fakes/slack.ts';
import { SIGNING_SECRET, TEST_RETRIES, settle } from './harness.ts';

const CLIENT_ID = '4000000001.7000000001';
const CLIENT_SECRET = 'fake-client-secret-0f9e8d7c';
const STATE_SECRET = 'fake-state-secret-of-some-length';
const PUBLIC_URL = 'https://cablebot.test';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

/** A running OAuth bot and a browser for it. */
interface OAuthBot {
  fake: FakeSlack;
  state: SharedState;
  log: ReturnType<typeof memoryLogger>;
  running: RunningAdapter;
  /** `http://127.0.0.1:P` */
  base: string;
  /** Installs the app into `workspace` as a browser would; resolves with the last page. */
  install(workspace: FakeSlackWorkspace, options?: { deny?: boolean; cookie?: 'keep' | 'drop' }): Promise<Page>;
  event(body: Readonly<Record<string, unknown>>): Promise<void>;
  command(fields: Readonly<Record<string, string>>): Promise<void>;
  close(): Promise<void>;
}

interface Page {
  status: number;
  html: string;
  /** The request that gave it (the redirect back, with code and state), and the state cookie the browser held. */
  url: string;
  cookie: string;
}

const running: OAuthBot[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.close();
});

/** The bot on `shared` (default: the embedded state over a fresh settings file). */
async function startOAuthBot(shared?: SharedState): Promise<OAuthBot> {
  const fake = await startFakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  const { dir, cleanup } = tempDir('slack-oauth');
  const settingsFile = join(dir, 'settings.db');
  const state = shared ?? new EmbeddedState({ settings: new SqliteSettings(settingsFile), installations: new SqliteInstallations(settingsFile) });
  const log = memoryLogger();
  const config: Config = {
    discord: null,
    slack: { botToken: null, signingSecret: SIGNING_SECRET, appToken: null, port: 0, apiUrl: fake.apiUrl, oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET, publicUrl: PUBLIC_URL } },
    dbPath: null,
    settingsPath: null,
    autoDetect: true,
  };
  const runtime: PlatformRuntime = { ctx: { ...bot.ctx, settings: state.settings, autoDetectEnabled: true }, config, state, log };
  const runningAdapter = await slackPlatform({ retryConfig: TEST_RETRIES, host: '127.0.0.1', respondRetry: { retries: 0, delayMs: 1 } }).start(runtime);
  const port = /listening on :(\d+)\/slack\/events/.exec(runningAdapter.notes.join('\n'))?.[1];
  if (port === undefined) throw new Error(`no port in ${runningAdapter.notes.join(' | ')}`);
  const base = `http://127.0.0.1:${port}`;
  const post = async (body: Readonly<Record<string, unknown>>, form: boolean): Promise<void> => {
    const result = await signedPost(`${base}/slack/events`, body, { signingSecret: SIGNING_SECRET, form });
    expect(result.status).toBe(200);
  };
  const b: OAuthBot = {
    fake,
    state,
    log,
    running: runningAdapter,
    base,
    install: async (workspace, options = {}) => {
      const start = await fetch(`${base}/slack/install`);
      expect(start.status).toBe(200);
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const href = addToSlackHref(await start.text());
      const back = new URL(await fake.oauth.approve(href, workspace, options.deny === true ? { deny: true } : {}));
      // The browser is sent to the public URL; the test reaches the same receiver over loopback.
      expect(back.origin).toBe(PUBLIC_URL);
      const url = `${base}${back.pathname}${back.search}`;
      const page = await fetch(url, { headers: options.cookie === 'drop' ? {} : { cookie } });
      return { status: page.status, html: await page.text(), url, cookie };
    },
    event: (body) => post(body, false),
    command: (fields) => post(fields, true),
    close: async () => {
      await runningAdapter.stop();
      await fake.close();
      await state.close();
      cleanup();
    },
  };
  running.push(b);
  return b;
}

/** The href of the install page's "Add to Slack" button, its HTML entities undone. */
function addToSlackHref(html: string): string {
  const href = /<a class="button" href="([^"]+)">Add to Slack<\/a>/.exec(html)?.[1];
  if (href === undefined) throw new Error(`no Add to Slack button in ${html.slice(0, 300)}`);
  return href.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** chat.postMessage calls answered in `channel`, with the token each used. */
const postsIn = (b: OAuthBot, channel: string): { token: string | undefined; ok: unknown }[] =>
  b.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args['channel'] === channel).map((c) => ({ token: c.token, ok: c.response['ok'] }));

describe('GIVEN the bot as a distributed Slack app (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)', () => {
  it('THEN /slack/install is a page saying what the bot does, with an Add to Slack button to Slack’s authorize page carrying its scopes, redirect URL and a state bound to the browser', async () => {
    const b = await startOAuthBot();
    expect(b.running.notes).toContain(`Slack: OAuth installs at ${PUBLIC_URL}/slack/install (0 installed)`);
    const page = await fetch(`${b.base}/slack/install`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // A fresh state per page: never cached, never framed.
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=[^;]+; Secure; HttpOnly; Path=\/; Max-Age=\d+$/);
    const html = await page.text();
    expect(html).toContain('/cable 06MOSCOW754');
    expect(html).toContain('never mentions a channel or a person');
    const href = new URL(addToSlackHref(html));
    expect(`${href.origin}${href.pathname}`).toBe(b.fake.oauth.authorizeUrl);
    expect(href.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(href.searchParams.get('scope')).toBe(BOT_SCOPES.join(','));
    expect(href.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
    expect(href.searchParams.get('state')).toBe(/^slack-app-oauth-state=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1]);
  });

  it('WHEN two workspaces install it THEN each gets a page saying so, AND each one’s messages are answered with its own token, AND a workspace that did not install it is not answered', async () => {
    const b = await startOAuthBot();
    const readers = b.fake.oauth.addWorkspace({ teamName: 'Cable Readers' });
    const desk = b.fake.oauth.addWorkspace({ teamName: 'Foreign Desk' });
    const stranger = b.fake.oauth.addWorkspace({ teamName: 'Never Installed' });
    for (const w of [readers, desk]) {
      const page = await b.install(w);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`cablebot is installed in ${w.teamName ?? ''}`);
      expect(page.html).toContain(`https://app.slack.com/client/${w.teamId ?? ''}`);
      expect(page.html).not.toContain(w.botToken ?? 'no token');
    }
    expect(readers.botToken).not.toBe(desk.botToken);
    expect(await b.state.installations.count('slack')).toBe(2);

    for (const w of [readers, desk, stranger]) await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: w.channelId, workspace: w }), w));
    await expect.poll(() => postsIn(b, readers.channelId)).toEqual([{ token: readers.botToken, ok: true }]);
    await expect.poll(() => postsIn(b, desk.channelId)).toEqual([{ token: desk.botToken, ok: true }]);
    await settle();
    expect(postsIn(b, stranger.channelId)).toEqual([]);
    expect(b.log.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toContain('slack: a request from a workspace the bot is not installed in; not answered');
    expect(b.log.lines.filter((l) => l.level === 'error')).toEqual([]);
    // No log line holds a token.
    expect(JSON.stringify(b.log.lines)).not.toMatch(/xox[bpe]-/);
  });

  it('WHEN a workspace uninstalls the app (app_uninstalled) THEN its installation is deleted and it is no longer answered, AND the other workspace still is', async () => {
    const b = await startOAuthBot();
    const readers = b.fake.oauth.addWorkspace({ teamName: 'Cable Readers' });
    const desk = b.fake.oauth.addWorkspace({ teamName: 'Foreign Desk' });
    await b.install(readers);
    await b.install(desk);
    await b.event(b.fake.oauth.uninstall(readers));
    await expect.poll(() => b.state.installations.fetch('slack', `team:${readers.teamId ?? ''}`)).toBeNull();
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: readers.channelId, workspace: readers }), readers));
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: desk.channelId, workspace: desk }), desk));
    await expect.poll(() => postsIn(b, desk.channelId)).toHaveLength(1);
    await settle();
    expect(postsIn(b, readers.channelId)).toEqual([]);
    expect(b.log.lines.map((l) => l.message)).toContain('slack: installation deleted: the app was uninstalled');
  });

  it('WHEN a workspace revokes the bot token (tokens_revoked) THEN its installation is deleted; a revocation of user tokens only keeps it', async () => {
    const b = await startOAuthBot();
    const readers = b.fake.oauth.addWorkspace({ teamName: 'Cable Readers' });
    await b.install(readers);
    const userOnly = b.fake.eventCallback({ type: 'tokens_revoked', tokens: { oauth: ['U0SOMEUSER'], bot: [] }, event_ts: '1700000000.000001' }, readers);
    await b.event(userOnly);
    await settle();
    expect(await b.state.installations.count('slack')).toBe(1);
    await b.event(b.fake.oauth.revokeTokens(readers));
    await expect.poll(() => b.state.installations.count('slack')).toBe(0);
  });

  it('WHEN token rotation is on THEN an expiring token is refreshed through oauth.v2.access before it answers, and the new token is stored and used', async () => {
    const b = await startOAuthBot();
    const rotating = b.fake.oauth.addWorkspace({ teamName: 'Rotating', tokenExpiresInS: 3600 });
    await b.install(rotating);
    const first = rotating.botToken;
    // Bolt refreshes a token that expires within two hours: this one does.
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: rotating.channelId, workspace: rotating }), rotating));
    await expect.poll(() => postsIn(b, rotating.channelId)).toHaveLength(1);
    expect(b.fake.oauth.exchanges.map((e) => [e.grantType, e.error])).toEqual([
      ['authorization_code', null],
      ['refresh_token', null],
    ]);
    expect(rotating.botToken).not.toBe(first);
    expect(postsIn(b, rotating.channelId)).toEqual([{ token: rotating.botToken, ok: true }]);
    const stored = await b.state.installations.fetch('slack', `team:${rotating.teamId ?? ''}`);
    expect(stored).toMatchObject({ bot: { token: rotating.botToken } });
  });

  it('WHEN an Enterprise Grid org installs it org-wide THEN one installation answers the org’s workspaces with the org’s token', async () => {
    const b = await startOAuthBot();
    const org = b.fake.oauth.addWorkspace({ enterpriseName: 'Global Newsroom', orgWide: true });
    const page = await b.install(org);
    expect(page.status).toBe(200);
    expect(page.html).toContain('cablebot is installed in Global Newsroom');
    expect(page.html).toContain('installed for your whole organization');
    expect(await b.state.installations.fetch('slack', `enterprise:${org.enterpriseId ?? ''}`)).toMatchObject({ isEnterpriseInstall: true, enterprise: { id: org.enterpriseId } });
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: org.channelId, workspace: org }), org));
    await expect.poll(() => postsIn(b, org.channelId)).toEqual([{ token: org.botToken, ok: true }]);
    const command = b.fake.slashCommand({ text: '06MOSCOW754', workspace: org });
    await b.command(command);
    expect((await b.fake.waitForResponsePost((p) => p.url === command['response_url'])).body).toMatchObject({ response_type: 'in_channel' });
  });

  it('WHEN the install is cancelled, the state cookie is missing, or Slack refuses the code THEN a page says why and what to do, and nothing is stored', async () => {
    const b = await startOAuthBot();
    const w = b.fake.oauth.addWorkspace({ teamName: 'Undecided' });
    const denied = await b.install(w, { deny: true });
    expect(denied.status).toBe(200);
    expect(denied.html).toContain('The install was cancelled in Slack, so nothing was installed.');
    const noCookie = await b.install(w, { cookie: 'drop' });
    expect(noCookie.status).toBe(400);
    expect(noCookie.html).toContain('opened in another browser');
    const ok = await b.install(w);
    expect(ok.status).toBe(200);
    await b.event(b.fake.oauth.uninstall(w));
    await expect.poll(() => b.state.installations.count('slack')).toBe(0);
    // The same redirect replayed with its cookie: the state still checks out, but Slack refuses the used code.
    const again = await fetch(ok.url, { headers: { cookie: ok.cookie } });
    expect(again.status).toBe(502);
    expect(await again.text()).toContain('Slack refused to complete the install (invalid_code)');
    expect(await b.state.installations.count('slack')).toBe(0);
    for (const p of [denied, noCookie]) expect(p.html).toContain('href="/slack/install"');
    expect(b.log.lines.filter((l) => l.message === 'slack: an install did not complete').map((l) => l.fields?.['code'])).toEqual([
      'slack_oauth_installer_authorization_error',
      'slack_oauth_invalid_state',
      'slack_webapi_platform_error',
    ]);
  });
});

describe('GIVEN OAuth installs kept in PostgreSQL', () => {
  it('WHEN the server stops THEN installed workspaces are still answered with their own tokens (from memory), an install made meanwhile works at once, and is in the database once the server is back', async () => {
    const server = await startPostgres();
    try {
      const url = await createDatabase(server, 'oauth_down');
      const state = await PostgresState.open({ url, retryMs: 200 });
      const b = await startOAuthBot(state);
      const readers = b.fake.oauth.addWorkspace({ teamName: 'Cable Readers' });
      const late = b.fake.oauth.addWorkspace({ teamName: 'Installed While Down' });
      await b.install(readers);
      await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: readers.channelId, workspace: readers }), readers));
      await expect.poll(() => postsIn(b, readers.channelId)).toHaveLength(1);

      await server.stop();
      await expect.poll(() => state.health().state, { timeout: 10_000, interval: 50 }).toBe('down');
      await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: readers.channelId, workspace: readers, ts: '1700000500.000100' }), readers));
      await expect.poll(() => postsIn(b, readers.channelId), { timeout: 5_000 }).toEqual([
        { token: readers.botToken, ok: true },
        { token: readers.botToken, ok: true },
      ]);
      expect((await b.install(late)).status).toBe(200);
      await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: late.channelId, workspace: late }), late));
      await expect.poll(() => postsIn(b, late.channelId), { timeout: 5_000 }).toEqual([{ token: late.botToken, ok: true }]);

      await server.start();
      await expect.poll(() => state.health().state, { timeout: 15_000, interval: 50 }).toBe('up');
      const direct = new pg.Client({ connectionString: url });
      await direct.connect();
      try {
        await expect
          .poll(async () => (await direct.query<{ key: string }>("SELECT key FROM installations WHERE platform = 'slack' ORDER BY key")).rows.map((r) => r.key), { timeout: 5_000 })
          .toEqual([`team:${readers.teamId ?? ''}`, `team:${late.teamId ?? ''}`].sort());
      } finally {
        await direct.end();
      }
    } finally {
      for (const b of running.splice(0)) await b.close();
      await server.destroy();
    }
  }, 60_000);
});
