/**
 * Automatic answers to chat messages, and the faults a live bot meets (rate limits, server
 * errors, gateway restarts, a refused intent), end to end: the adapter's real discord.js
 * client against the loopback fake Discord, over the real fixture store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord.js';
import { z } from 'zod';
import { renderAnswer } from '../../../adapters/discord/render.ts';
import { answerMessage } from '../../../src/core/answer.ts';
import { ConfigError } from '../../../src/core/config.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import type { FakeDiscordRequest } from '../../fakes/discord.ts';
import { callbackOf, pause, postIn, startBot, type RunningBot } from './harness.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

let running: RunningBot | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(options: Parameters<typeof startBot>[1] = {}): Promise<RunningBot> {
  running = await startBot(bot, options);
  return running;
}

const USER = '1052203478112591952';

/** The exact bodies the bot must post in answer to `content` (message `id`), as discord.js sends them. */
function expectedReplies(content: string, messageId: string): unknown[] {
  return renderAnswer(answerMessage(bot.ctx, content), { owner: USER, compact: true }).map((body) => ({
    tts: false,
    enforce_nonce: false,
    ...body,
    message_reference: { message_id: messageId, fail_if_not_exists: false },
  }));
}

const messagePosts = (b: RunningBot): FakeDiscordRequest[] => b.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

/** Waits until `n` message posts were made in `channelId`, and returns them. */
async function posts(b: RunningBot, channelId: string, n: number): Promise<FakeDiscordRequest[]> {
  await b.fake.waitForRequest((r) => postIn(channelId)(r) && b.fake.requests.filter(postIn(channelId)).length >= n);
  return b.fake.requests.filter(postIn(channelId));
}

describe('GIVEN a message in a channel', () => {
  it('THEN a hashtag and an ID¶N are answered as replies to it: a compact card and the quote, pinging nobody', async () => {
    const b = await start();
    const content = 'see #cablegate #06MOSCOW754 and 06MOSCOW754 ¶5';
    const message = b.fake.sendMessage({ content });
    const sent = await posts(b, b.fake.ids.textChannelId, 2);
    expect(sent.map((r) => r.body)).toEqual(expectedReplies(content, message.id));
    expect(sent[0]?.body).toMatchObject({
      allowed_mentions: { parse: [] },
      embeds: [{ title: '06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)', url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html', footer: { text: '#cablegate #06MOSCOW754' } }],
    });
    expect(sent[1]?.body).toMatchObject({ embeds: [{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }] });
    expect(sent.every((r) => r.status === 200)).toBe(true);
    // The bot's own answers came back over the gateway and were not answered again.
    b.fake.sendMessage({ content: 'https://wikileaks.org/cable/2008/04/08STATE43817.html#par3' });
    await posts(b, b.fake.ids.textChannelId, 3);
    expect(messagePosts(b)).toHaveLength(3);
  });

  it('THEN in a thread the answer goes to the thread, as a reply', async () => {
    const b = await start();
    const content = 'what about #06MOSCOW754?';
    const message = b.fake.sendMessage({ content, channelId: b.fake.ids.threadId });
    const [reply] = await posts(b, b.fake.ids.threadId, 1);
    expect(reply?.body).toEqual(expectedReplies(content, message.id)[0]);
  });

  it('THEN the author of the message can page the quote the bot answered with, in the thread', async () => {
    const b = await start();
    b.fake.sendMessage({ content: '06MOSCOW754 ¶5', channelId: b.fake.ids.threadId });
    const [reply] = await posts(b, b.fake.ids.threadId, 1);
    const posted = z.object({ id: z.string(), components: z.array(z.object({ components: z.array(z.object({ custom_id: z.string() })) })) }).parse(reply?.response);
    const next = posted.components[0]?.components[1]?.custom_id ?? '';
    const click = b.fake.clickButton({ customId: next, messageId: posted.id });
    expect((await b.fake.waitForRequest(callbackOf(click))).body).toMatchObject({ type: 7 });
    expect(b.fake.message(posted.id)?.embeds).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par6' }]);
  });

  it('THEN bots, itself, code, quotes, <…> and unknown IDs get no answer (a later message proves the bot listens)', async () => {
    const b = await start();
    b.fake.sendMessage({ content: '#06MOSCOW754', author: 'bot' });
    b.fake.sendMessage({ content: '#06MOSCOW754', author: 'self' });
    b.fake.sendMessage({ content: 'try `#06MOSCOW754`' });
    b.fake.sendMessage({ content: '```\n#06MOSCOW754\n```' });
    b.fake.sendMessage({ content: '> #06MOSCOW754 was great' });
    b.fake.sendMessage({ content: 'see <https://wikileaks.org/cable/2006/01/06MOSCOW754.html>' });
    b.fake.sendMessage({ content: '#06MOSCOW99999 and 06MOSCOW99999 ¶5' });
    const sentinel = b.fake.sendMessage({ content: '#08MANAMA492' });
    const [only] = await posts(b, b.fake.ids.textChannelId, 1);
    expect(only?.body).toMatchObject({ message_reference: { message_id: sentinel.id } });
    expect(messagePosts(b)).toHaveLength(1);
  });

  it('THEN the same cable is not answered twice in a channel within 10 minutes, but another paragraph and another thread are', async () => {
    const b = await start();
    b.fake.sendMessage({ content: '#06MOSCOW754' });
    b.fake.sendMessage({ content: 'again #06MOSCOW754' });
    b.fake.sendMessage({ content: '06MOSCOW754 ¶6' });
    b.fake.sendMessage({ content: '#06MOSCOW754', channelId: b.fake.ids.threadId });
    await posts(b, b.fake.ids.threadId, 1);
    await posts(b, b.fake.ids.textChannelId, 2);
    await pause(150);
    const inChannel = b.fake.requests.filter(postIn(b.fake.ids.textChannelId));
    expect(inChannel).toHaveLength(2);
    expect(inChannel[1]?.body).toMatchObject({ embeds: [{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par6' }] });
  });

  it('THEN @everyone and a role mention in the message ping nobody', async () => {
    const b = await start();
    b.fake.sendMessage({ content: '@everyone <@&123> look at #06MOSCOW754' });
    const [reply] = await posts(b, b.fake.ids.textChannelId, 1);
    expect(reply?.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it('THEN more than three cables: three answers, the last saying how many were skipped', async () => {
    const b = await start();
    b.fake.sendMessage({ content: '#06MOSCOW754 #08MANAMA492 #08STATE43817 #06MOSCOW789' });
    const sent = await posts(b, b.fake.ids.textChannelId, 3);
    expect(sent[2]?.body).toMatchObject({ content: '(1 more cable mentioned; I answer at most 3 at a time.)' });
  });
});

describe('GIVEN faults', () => {
  it('THEN a 429 with retry_after is waited out and the answer delivered, once', async () => {
    const b = await start();
    b.fake.intercept(
      postIn(b.fake.ids.textChannelId),
      {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 0.25, global: false },
        headers: { 'retry-after': '0.25', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.25', 'x-ratelimit-bucket': 'cables', 'x-ratelimit-scope': 'user' },
      },
      1,
    );
    const started = Date.now();
    b.fake.sendMessage({ content: '#06MOSCOW754' });
    const sent = await posts(b, b.fake.ids.textChannelId, 2);
    expect(sent.map((r) => r.status)).toEqual([429, 200]);
    expect(sent[1]?.body).toEqual(sent[0]?.body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(b.log.lines.some((l) => l.level === 'warn' && l.message === 'discord rate limit')).toBe(true);
  });

  it('THEN a 500 is logged with its context and the bot keeps answering', async () => {
    const b = await start();
    const first = b.fake.sendMessage({ content: '#06MOSCOW754' });
    b.fake.intercept((r) => postIn(b.fake.ids.textChannelId)(r) && String(JSON.stringify(r.body)).includes(first.id), { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
    // discord.js retries a 500 (3 times by default) before giving up.
    await b.fake.waitForRequest((r) => r.status === 500 && b.fake.requests.filter((x) => x.status === 500).length === 4, 10_000);
    const sentinel = b.fake.sendMessage({ content: '#08MANAMA492' });
    const ok = await b.fake.waitForRequest((r) => r.status === 200 && String(JSON.stringify(r.body)).includes(sentinel.id), 5_000);
    expect(ok.path).toBe(`/channels/${b.fake.ids.textChannelId}/messages`);
    const logged = b.log.lines.find((l) => l.level === 'error' && l.message === 'answering a message failed');
    expect(logged?.fields).toMatchObject({ platform: 'discord', channel: b.fake.ids.textChannelId, user: USER, message: first.id });
  });

  it('THEN an unexpected failure is logged with command, channel and user; the asker sees the internal wording, never a stack; messages stay silent', async () => {
    const failure = new Error('SQLITE_IOERR: disk I/O error');
    const b = await start({
      wrapSettings: (real) => ({
        autoDetect: () => {
          throw failure;
        },
        setAutoDetect: (...args) => real.setAutoDetect(...args),
        flush: () => real.flush(),
      }),
    });
    const interaction = b.fake.sendInteraction({ commandName: 'cable-settings', options: [] });
    const callback = await b.fake.waitForRequest(callbackOf(interaction));
    expect(callback.body).toEqual({
      type: 4,
      data: { tts: false, enforce_nonce: false, content: 'Something went wrong answering that; the operator has been told.', embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 },
    });
    expect(b.log.lines.find((l) => l.message === 'a command failed')).toMatchObject({
      level: 'error',
      error: failure,
      fields: { platform: 'discord', command: 'settings', channel: b.fake.ids.textChannelId, user: USER },
    });
    const message = b.fake.sendMessage({ content: '#06MOSCOW754' });
    // The failed settings read in the message path is logged, and nothing is posted.
    const logged = async (): Promise<void> => {
      for (let i = 0; i < 50 && !b.log.lines.some((l) => l.message === 'answering a message failed'); i++) await pause(20);
    };
    await logged();
    expect(b.log.lines.find((l) => l.message === 'answering a message failed')?.fields).toMatchObject({ message: message.id, channel: b.fake.ids.textChannelId });
    expect(messagePosts(b)).toHaveLength(0);
  });

  it('THEN a gateway close is resumed and the bot keeps answering', async () => {
    const b = await start();
    expect(b.running.state()).toBe('up');
    b.fake.closeGateway(4000);
    const resume = await b.fake.waitForGatewayPayload((p) => p.op === 6, 10_000);
    await expect.poll(() => b.running.state(), { timeout: 5_000 }).toBe('up');
    expect(resume.d).toMatchObject({ token: 'fake-bot-token.for-tests' });
    // The fake answers RESUMED; wait for the session to be live again before injecting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    b.fake.sendMessage({ content: '#06MOSCOW754' });
    await posts(b, b.fake.ids.textChannelId, 1);
    const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754' }] });
    expect((await b.fake.waitForRequest(callbackOf(interaction))).status).toBe(204);
    await b.running.stop();
    expect(b.running.state()).toBe('stopped');
  });

  it('THEN an application without the MESSAGE_CONTENT intent fails to start with what to do (close 4014)', async () => {
    const error = await startBot(bot, { fake: { disallowedIntents: GatewayIntentBits.MessageContent } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/Message Content Intent.*developer portal.*CABLEBOT_AUTO_DETECT=off/);
  });

  it('THEN with CABLEBOT_AUTO_DETECT=off the bot asks only for Guilds, starts without the intent and serves /cable', async () => {
    const b = await start({ autoDetect: false, fake: { disallowedIntents: GatewayIntentBits.MessageContent } });
    const identify = await b.fake.waitForGatewayPayload((p) => p.op === 2);
    expect(identify.d).toMatchObject({ intents: GatewayIntentBits.Guilds });
    const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754' }] });
    expect((await b.fake.waitForRequest(callbackOf(interaction))).status).toBe(204);
    // View Channels 1024 + Send Messages 2048 + Embed Links 16384 + Read Message History 65536
    // + Send Messages in Threads 2^38: the permissions the README lists.
    expect(b.running.notes[0]).toContain('https://discord.com/oauth2/authorize?client_id=1233973413254430720&scope=bot+applications.commands&permissions=274877991936');
  });
});
