/**
 * Quote → source on Discord, end to end: the "Find cable source" message command and
 * `/cable-source`, through the real discord.js client started by the adapter, the loopback
 * fake Discord and the real fixture store. Tests assert the exact REST bodies the bot sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EPHEMERAL, renderReply, type DiscordMessage } from '../../../adapters/discord/render.ts';
import { runInput } from '../../../src/core/answer.ts';
import type { CorpusReader } from '../../../src/corpus/store.ts';
import type { FakeCommandOption, FakeDiscordRequest, FakeInteraction } from '../../fakes/discord.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { callbackOf, pause, startBot, type RunningBot } from './harness.ts';

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

async function start(options: Parameters<typeof startBot>[1] = {}, using: FixtureBot = bot): Promise<RunningBot> {
  running = await startBot(using, options);
  return running;
}

const USER = '1052203478112591952';
const MENU = 'Find cable source';
/** A sentence of 06MOSCOW754 ¶5, as published. */
const STRAW = 'Larijani had said Ivanov and Russia were tougher on that issue than even UK Foreign Secretary Jack Straw';

/** What discord.js adds to every message body it sends. */
const sent = (body: DiscordMessage): Record<string, unknown> => ({ tts: false, enforce_nonce: false, ...body });

const callbackSchema = z.object({ type: z.literal(4), data: z.looseObject({ content: z.string().optional(), flags: z.number().optional(), embeds: z.array(z.looseObject({})) }) });

/** The body the bot answers with for the source of `text`, rendered from the core's reply. */
function expectedFor(text: string): DiscordMessage {
  return renderReply(runInput(bot.ctx, { command: 'source', options: { text } }), { owner: USER });
}

/** Posts `content` in #general, then uses the message command on it; resolves with the callback. */
async function menuOn(b: RunningBot, content: string, extra: { attachments?: unknown[] } = {}): Promise<{ interaction: FakeInteraction; request: FakeDiscordRequest }> {
  const target = b.fake.sendMessage({ content, ...(extra.attachments !== undefined ? { attachments: extra.attachments } : {}) });
  const interaction = b.fake.sendMessageCommand({ commandName: MENU, messageId: target.id });
  const request = await b.fake.waitForRequest(callbackOf(interaction));
  expect(request.status).toBe(204);
  return { interaction, request };
}

async function slash(b: RunningBot, options: FakeCommandOption[]): Promise<unknown> {
  const interaction = b.fake.sendInteraction({ commandName: 'cable-source', options });
  const request = await b.fake.waitForRequest(callbackOf(interaction));
  expect(request.status).toBe(204);
  return request.body;
}

describe('GIVEN the "Find cable source" message command', () => {
  it('THEN on a message quoting 06MOSCOW754 ¶5 it answers in the channel, visibly, with the ¶5 embed: place, #par5 link, the quote in bold', async () => {
    const b = await start();
    const { interaction, request } = await menuOn(b, `Apparently “${STRAW}” — is that real?`);
    expect(request.body).toEqual({ type: 4, data: sent(expectedFor(`Apparently “${STRAW}” — is that real?`)) });
    const data = callbackSchema.parse(request.body).data;
    expect(data['flags']).toBeUndefined();
    expect(data).toMatchObject({
      allowed_mentions: { parse: [] },
      components: [],
      embeds: [
        {
          title: '06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line)',
          url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5',
          color: 0xc0392b,
          description: expect.stringContaining(`**${STRAW}**`),
          footer: { text: 'SECRET · Embassy Moscow · created 2006-01-25 17:40' },
        },
      ],
    });
    expect(data.embeds[0]?.['description']).toContain('\n\nExact quote: the same words as the cable.\n\n[Read ¶5 on WikiLeaks](https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5) · [PlusD](https://wikileaks.org/plusd/cables/06MOSCOW754_a.html)');
    // The answer is a message in the channel everyone sees: a context-menu command reply (type 23).
    expect(b.fake.originalMessage(interaction)).toMatchObject({ type: 23, channel_id: b.fake.ids.textChannelId, flags: 0, interaction_metadata: { target_message_id: expect.any(String) } });
  });

  it('THEN a message quoting nothing in the store gets the not-found sentence, ephemeral, to the caller only', async () => {
    const b = await start();
    const { request } = await menuOn(b, 'The quick brown fox jumps over the lazy dog near the river bank');
    expect(request.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        content: "No cable passage matches that quote: not found in the 30 cables of this store. This store holds 30 of the release's 251,287 cables; importing the full release (npx cablebot import cables.csv) widens the search.",
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] },
        flags: EPHEMERAL,
      },
    });
  });

  it('THEN a message with no text (an attachment only) gets an ephemeral answer saying it has no text', async () => {
    const b = await start();
    const attachment = { id: '1240000000000000001', filename: 'cable.png', size: 10, url: 'https://cdn.discordapp.com/a/cable.png', proxy_url: 'https://media.discordapp.net/a/cable.png' };
    const { request } = await menuOn(b, '', { attachments: [attachment] });
    expect(request.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        content: 'That message has no text to find the source of: I read only what a message says, not its attachments or embeds.',
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] },
        flags: EPHEMERAL,
      },
    });
  });

  it('THEN a message over the limits (4,000 characters, no quoted passage) gets the core’s too-long error, ephemeral; a short one the too-short error', async () => {
    const b = await start();
    const long = await menuOn(b, 'word and more words '.repeat(200));
    expect(callbackSchema.parse(long.request.body).data).toMatchObject({ content: 'That is too long for a command: at most 2,000 characters (for source, paste just the passage).', embeds: [], flags: EPHEMERAL });
    const short = await menuOn(b, '@everyone <@&123> lol');
    expect(callbackSchema.parse(short.request.body).data).toMatchObject({
      content: '“@everyone <@&123> lol” is too short to tell one cable from another: paste at least 4 words of the passage.',
      allowed_mentions: { parse: [] },
      flags: EPHEMERAL,
    });
  });

  it('THEN it reads the message even when the bot runs without the MESSAGE_CONTENT intent (auto-detect off)', async () => {
    const b = await start({ autoDetect: false });
    const { request } = await menuOn(b, STRAW);
    expect(callbackSchema.parse(request.body).data.embeds).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }]);
  });

  it('THEN it counts against the same rate limit as slash commands: past it, a private slow-down, logged', async () => {
    const b = await start({ rateLimits: { userPerMinute: 1, channelPerMinute: 30 } });
    await slash(b, [{ name: 'text', value: STRAW }]);
    const { request } = await menuOn(b, STRAW);
    expect(callbackSchema.parse(request.body).data).toMatchObject({ content: expect.stringMatching(/^Slow down a little: .* Try again in (59|60) s\.$/), embeds: [], flags: EPHEMERAL });
    expect(b.log.lines.filter((l) => l.message === 'rate-limited')).toMatchObject([{ level: 'info', fields: { command: MENU, scope: 'user', platform: 'discord' } }]);
  });

  it('THEN a failure inside the core is logged with the command, channel, user and message; the caller sees the internal wording, ephemeral', async () => {
    const failure = new Error('SQLITE_IOERR: disk I/O error');
    const real = bot.ctx.corpus;
    // The store fails only where the source search reads it; every other read is the real one.
    const corpus: CorpusReader = new Proxy(real, {
      get: (target, key) => {
        if (key === 'sourceCandidates') {
          return () => {
            throw failure;
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const b = await start({}, { ...bot, ctx: { ...bot.ctx, corpus } });
    const { interaction, request } = await menuOn(b, STRAW);
    expect(callbackSchema.parse(request.body).data).toMatchObject({ content: 'Something went wrong answering that; the operator has been told.', embeds: [], flags: EPHEMERAL });
    const logged = b.log.lines.find((l) => l.message === 'a command failed');
    expect(logged).toMatchObject({ level: 'error', error: failure, fields: { platform: 'discord', command: 'source', channel: b.fake.ids.textChannelId, user: USER, interaction: interaction.id } });
    expect(logged?.fields?.['message']).toMatch(/^\d+$/);
  });

  it('THEN an unknown menu entry (registered by an older version) gets an ephemeral note, never silence', async () => {
    const b = await start();
    const target = b.fake.sendMessage({ content: STRAW });
    const interaction = b.fake.sendMessageCommand({ commandName: 'Quote this cable', messageId: target.id });
    const request = await b.fake.waitForRequest(callbackOf(interaction));
    expect(callbackSchema.parse(request.body).data).toMatchObject({ content: 'No command “Quote this cable”. Type "help" for the list.', flags: EPHEMERAL });
    await pause(50);
    expect(b.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))).toHaveLength(0);
  });
});

describe('GIVEN /cable-source', () => {
  it('THEN text: with a misquote answers visibly with the ¶5 embed and the difference side by side', async () => {
    const b = await start();
    const misquote = STRAW.replace('tougher', 'softer');
    const body = await slash(b, [{ name: 'text', value: misquote }]);
    expect(body).toEqual({ type: 4, data: sent(expectedFor(misquote)) });
    const data = callbackSchema.parse(body).data;
    expect(data['flags']).toBeUndefined();
    expect(data.embeds).toMatchObject([{ title: '06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line)', url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }]);
    expect(data.embeds[0]?.['description']).toContain('\n\nClose quote: one or two words differ from the cable.\n• the cable says “tougher”, the quote says “softer”\n\n');
  });

  it('THEN private:true is ephemeral; not found and errors are ephemeral without it', async () => {
    const b = await start();
    const hidden = await slash(b, [{ name: 'text', value: STRAW }, { name: 'private', value: true }]);
    expect(callbackSchema.parse(hidden).data).toMatchObject({ flags: EPHEMERAL, embeds: [{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }] });
    const missing = await slash(b, [{ name: 'text', value: 'The quick brown fox jumps over the lazy dog near the river bank' }]);
    expect(callbackSchema.parse(missing).data).toMatchObject({ content: expect.stringMatching(/^No cable passage matches that quote/), embeds: [], flags: EPHEMERAL });
    const short = await slash(b, [{ name: 'text', value: 'Larijani said so' }]);
    expect(callbackSchema.parse(short).data).toMatchObject({ content: '“Larijani said so” is too short to tell one cable from another: paste at least 4 words of the passage.', flags: EPHEMERAL });
  });
});
