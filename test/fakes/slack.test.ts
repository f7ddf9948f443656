/**
 * Proof that the Slack fake is a real test harness: the REAL @slack/bolt 5 App, with its
 * default HTTP receiver and in Socket Mode, takes signed deliveries from the fake and calls
 * the fake Web API and response_url, which record the exact arguments.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { App, LogLevel, webApi, type Logger } from '@slack/bolt';
import { interactiveForm, signedPost, startFakeSlack, type FakeSlack } from './slack.ts';

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
