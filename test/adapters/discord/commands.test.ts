/**
 * Slash commands, autocomplete, paging buttons and settings, end to end: the real discord.js
 * client started by the adapter, the loopback fake Discord, the real fixture store. Every
 * test asserts the exact REST body the bot sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermissionFlagsBits, type APIUser } from 'discord.js';
import { z } from 'zod';
import { EPHEMERAL, renderAnswer, renderReply, type DiscordMessage } from '../../../adapters/discord/render.ts';
import { answerText } from '../../../src/core/answer.ts';
import type { Caller } from '../../../src/core/command.ts';
import { decodePageAction } from '../../../src/core/paging.ts';
import type { FakeCommandOption, FakeInteraction } from '../../fakes/discord.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { callbackOf, postIn, startBot, type RunningBot } from './harness.ts';

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
const caller = (channelId: string): Caller => ({ platform: 'discord', channelId, userId: USER, canManageChannel: false });

/** What discord.js adds to every message body it sends. */
const sent = (body: DiscordMessage): Record<string, unknown> => ({ tts: false, enforce_nonce: false, ...body });

const callbackSchema = z.object({ type: z.number(), data: z.looseObject({}) });
const choicesSchema = z.object({ type: z.literal(8), data: z.object({ choices: z.array(z.object({ name: z.string(), value: z.string() })) }) });
const buttonsSchema = z.array(z.object({ components: z.array(z.object({ custom_id: z.string(), label: z.string() })) }));

async function command(b: RunningBot, commandName: string, options: FakeCommandOption[], extra: { memberPermissions?: bigint; channelId?: string } = {}): Promise<{ interaction: FakeInteraction; body: unknown }> {
  const interaction = b.fake.sendInteraction({ commandName, options, ...extra });
  const request = await b.fake.waitForRequest(callbackOf(interaction));
  expect(request.status).toBe(204);
  return { interaction, body: request.body };
}

describe('GIVEN /cable', () => {
  it('THEN ref:06MOSCOW754 is answered with the card embed: ID and title, viewer URL, red, the four fields, reasons in words, hashtags', async () => {
    const b = await start();
    const { body } = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }]);
    const expected = renderReply(answerText({ ...bot.ctx, caller: caller(b.fake.ids.textChannelId) }, '06MOSCOW754').replies[0] ?? { kind: 'error', code: 'internal', detail: '' }, { owner: USER });
    expect(body).toEqual({ type: 4, data: sent(expected) });
    const data = callbackSchema.parse(body).data;
    expect(data).toMatchObject({
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: '06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)',
          url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html',
          color: 0xc0392b,
          fields: expect.arrayContaining([
            { name: 'Created', value: '2006-01-25 17:40', inline: true },
            { name: 'Released', value: '2011-08-30 01:44', inline: true },
            { name: 'Classification', value: 'SECRET', inline: true },
            { name: 'Origin', value: 'Embassy Moscow', inline: true },
            expect.objectContaining({ name: 'Reasons', value: expect.stringContaining('foreign government information') }),
          ]),
          footer: { text: '#cablegate #06MOSCOW754' },
        },
      ],
    });
    expect(data).not.toHaveProperty('flags');
  });

  it('THEN paragraph:5 quotes ¶5 with marking, link to #par5 and prev/next/card buttons whose custom_ids name the asker', async () => {
    const b = await start();
    const { body } = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'paragraph', value: '5' }]);
    const expected = renderAnswer(answerText(bot.ctx, '06MOSCOW754 ¶5'), { owner: USER })[0];
    if (expected === undefined) throw new Error('no reply');
    expect(body).toEqual({ type: 4, data: sent(expected) });
    const data = callbackSchema.parse(body).data;
    expect(data['embeds']).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5', description: expect.stringMatching(/^\*\*\[¶5\]\(https:\/\/wikileaks\.org\/cable\/2006\/01\/06MOSCOW754\.html#par5\)\*\* \(S\) Ivanov said/) }]);
    const buttons = buttonsSchema.parse(data['components'])[0]?.components ?? [];
    expect(buttons.map((x) => [x.label, decodePageAction(x.custom_id)])).toEqual([
      ['◀ ¶4', { id: '06MOSCOW754', target: 4, owner: USER }],
      ['¶6 ▶', { id: '06MOSCOW754', target: 6, owner: USER }],
      ['Whole cable', { id: '06MOSCOW754', target: 'card', owner: USER }],
    ]);
  });

  it('THEN ref "06MOSCOW754 ¶5" typed in one option gives the same quote', async () => {
    const b = await start();
    const one = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754 ¶5' }]);
    const two = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'paragraph', value: '5' }]);
    expect(one.body).toEqual(two.body);
  });

  it('THEN private:true makes the answer ephemeral (flags 64)', async () => {
    const b = await start();
    const { body } = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'private', value: true }]);
    expect(callbackSchema.parse(body).data['flags']).toBe(EPHEMERAL);
  });

  it('THEN an explicit error is an ephemeral message saying what was wrong and what to try', async () => {
    const b = await start();
    const bad = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'paragraph', value: 'x' }]);
    expect(bad.body).toEqual({
      type: 4,
      data: { tts: false, enforce_nonce: false, content: '“¶x” is not a paragraph number: use ¶5, ¶3-5 or ¶3,7 (numbers 1–999).', embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 },
    });
    const missing = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'paragraph', value: '40' }]);
    expect(callbackSchema.parse(missing.body).data).toMatchObject({ content: '06MOSCOW754 has no paragraph 40. It has ¶1–¶16 (16 numbered paragraphs).', flags: 64 });
    const unknown = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW99999' }]);
    expect(callbackSchema.parse(unknown.body).data).toMatchObject({ content: expect.stringContaining('No cable 06MOSCOW99999 in the release.'), flags: 64 });
  });

  it('THEN text with @everyone and <@&123> pings nobody: allowed_mentions parse []', async () => {
    const b = await start();
    const { body } = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754 @everyone <@&123>' }]);
    expect(callbackSchema.parse(body).data).toMatchObject({ content: expect.stringContaining('@everyone'), allowed_mentions: { parse: [] } });
  });

  it('THEN the 9,599-character ¶4 of 08STATE43817 is accepted by Discord (every limit kept), cut with "continued at ¶4"', async () => {
    const b = await start();
    const { body } = await command(b, 'cable', [{ name: 'ref', value: '08STATE43817' }, { name: 'paragraph', value: '1-10' }]);
    expect(callbackSchema.parse(body).data['embeds']).toMatchObject([{ description: expect.stringContaining(' continued at [¶4](https://wikileaks.org/cable/2008/04/08STATE43817.html#par4)') }]);
  });

  it('THEN three cables are one reply and two follow-ups, with the skipped note last', async () => {
    const b = await start();
    const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754 08MANAMA492 08STATE43817 06MOSCOW789' }] });
    await b.fake.waitForRequest(callbackOf(interaction));
    const followups = async (): Promise<unknown[]> => {
      await b.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${b.fake.ids.applicationId}/${interaction.token}` && b.fake.requests.filter((x) => x.path === r.path).length === 2);
      return b.fake.requests.filter((r) => r.path === `/webhooks/${b.fake.ids.applicationId}/${interaction.token}`).map((r) => r.body);
    };
    const bodies = await followups();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toMatchObject({ content: '(1 more cable mentioned; I answer at most 3 at a time.)', allowed_mentions: { parse: [] } });
  });
});

describe('GIVEN the other slash commands', () => {
  it('THEN /cable-search, /cable-reasons and /cable-help build the core text from their options', async () => {
    const b = await start();
    const search = await command(b, 'cable-search', [{ name: 'query', value: 'larijani' }, { name: 'origin', value: 'moscow' }, { name: 'year', value: 2006 }]);
    const expectedSearch = renderAnswer(answerText(bot.ctx, 'search larijani origin:"moscow" year:2006'), { owner: USER })[0];
    if (expectedSearch === undefined) throw new Error('no reply');
    expect(search.body).toEqual({ type: 4, data: sent(expectedSearch) });
    const reasons = await command(b, 'cable-reasons', [{ name: 'text', value: '1.4 (B & D)' }]);
    expect(callbackSchema.parse(reasons.body).data['embeds']).toMatchObject([{ description: expect.stringContaining('**1.4(d)** foreign relations') }]);
    const help = await command(b, 'cable-help', []);
    expect(callbackSchema.parse(help.body).data).toMatchObject({ flags: 64, embeds: [{ title: 'cablebot' }] });
  });
});

describe('GIVEN autocomplete on ref', () => {
  it('THEN at most 25 choices are answered, prefix first, those in the corpus marked', async () => {
    const b = await start();
    const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW75' }], focused: 'ref' });
    const request = await b.fake.waitForRequest(callbackOf(interaction));
    expect(request.status).toBe(204);
    const { data } = choicesSchema.parse(request.body);
    expect(data.choices.length).toBeGreaterThan(0);
    expect(data.choices.length).toBeLessThanOrEqual(25);
    // 06MOSCOW754 is the only release ID starting 06MOSCOW75: it comes first, marked; near misses follow.
    expect(data.choices[0]).toEqual({ name: '06MOSCOW754 — text here', value: '06MOSCOW754' });
    expect(data.choices).toContainEqual({ name: '06MOSCOW857', value: '06MOSCOW857' });

    const wide = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'paragraph', value: '5' }, { name: 'ref', value: '08STATE' }], focused: 'ref' });
    const many = choicesSchema.parse((await b.fake.waitForRequest(callbackOf(wide))).body).data.choices;
    expect(many).toHaveLength(25);
    for (const c of many) expect(c.value.startsWith('08STATE')).toBe(true);
  });

  it('THEN a paragraph typed after the unfinished ID stays in the value the user picks', async () => {
    const b = await start();
    const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06moscow75 ¶5' }], focused: 'ref' });
    const { data } = choicesSchema.parse((await b.fake.waitForRequest(callbackOf(interaction))).body);
    expect(data.choices[0]).toEqual({ name: '06MOSCOW754 ¶5 — text here', value: '06MOSCOW754 ¶5' });
    for (const c of data.choices) expect(c.value.endsWith(' ¶5')).toBe(true);
  });
});

describe('GIVEN paging buttons on a quote', () => {
  const other: APIUser = { id: '1052203478112599999', username: 'reader', discriminator: '0', global_name: 'reader', avatar: null };

  it('THEN the asker’s click edits the message to the next paragraph; someone else gets an ephemeral note', async () => {
    const b = await start();
    const { interaction, body } = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'paragraph', value: '5' }]);
    const original = b.fake.originalMessage(interaction);
    if (original === undefined) throw new Error('no original message');
    const next = buttonsSchema.parse(callbackSchema.parse(body).data['components'])[0]?.components[1]?.custom_id ?? '';

    const click = b.fake.clickButton({ customId: next, messageId: original.id });
    const update = await b.fake.waitForRequest(callbackOf(click));
    const expected = renderAnswer(answerText(bot.ctx, '06MOSCOW754 ¶6'), { owner: USER })[0];
    if (expected === undefined) throw new Error('no reply');
    expect(update.body).toEqual({ type: 7, data: { ...sent(expected), content: '' } });
    expect(b.fake.message(original.id)?.embeds).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par6' }]);

    const foreign = b.fake.clickButton({ customId: next, messageId: original.id, user: other });
    const refused = await b.fake.waitForRequest(callbackOf(foreign));
    expect(refused.body).toEqual({ type: 4, data: { tts: false, enforce_nonce: false, content: 'Only the person who asked can turn these pages. To see it yourself: /cable ref:06MOSCOW754 paragraph:6', embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 } });
    expect(b.fake.message(original.id)?.embeds).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par6' }]);

    // The ◀ button of the ¶6 page goes back to ¶5, in place.
    const paged = b.fake.message(original.id);
    const previous = buttonsSchema.parse(paged?.components)[0]?.components[0]?.custom_id ?? '';
    const back = b.fake.clickButton({ customId: previous, messageId: original.id });
    expect((await b.fake.waitForRequest(callbackOf(back))).body).toMatchObject({ type: 7, data: { embeds: [{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }] } });
    expect(b.fake.message(original.id)?.embeds).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }]);

    const card = b.fake.clickButton({ customId: `cbp|06MOSCOW754|card|${USER}`, messageId: original.id });
    await b.fake.waitForRequest(callbackOf(card));
    expect(b.fake.message(original.id)?.embeds).toMatchObject([{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html', footer: { text: '#cablegate #06MOSCOW754' } }]);
  });

  it('THEN a button that is not ours gets an ephemeral note, never a silent failure', async () => {
    const b = await start();
    const { interaction } = await command(b, 'cable', [{ name: 'ref', value: '06MOSCOW754' }, { name: 'paragraph', value: '5' }]);
    const original = b.fake.originalMessage(interaction);
    if (original === undefined) throw new Error('no original message');
    const click = b.fake.clickButton({ customId: 'something-else', messageId: original.id });
    expect((await b.fake.waitForRequest(callbackOf(click))).body).toMatchObject({ type: 4, data: { flags: 64, content: 'That button no longer works; ask again with the cable command.' } });
  });
});

describe('GIVEN /cable-settings', () => {
  it('THEN a member without Manage Channels is refused; with it, auto-detect:off is stored and honoured at once, in the channel and its threads', async () => {
    const b = await start();
    const { textChannelId, threadParentChannelId, threadId } = b.fake.ids;
    const refused = await command(b, 'cable-settings', [{ name: 'auto-detect', value: 'off' }]);
    expect(callbackSchema.parse(refused.body).data).toMatchObject({ content: 'Only people who can manage this channel may change its settings.', flags: 64 });
    expect(b.settings.autoDetect('discord', textChannelId)).toBe(true);

    const manage = PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
    const changed = await command(b, 'cable-settings', [{ name: 'auto-detect', value: 'off' }], { memberPermissions: manage });
    expect(changed.body).toEqual({
      type: 4,
      data: { tts: false, enforce_nonce: false, content: 'Automatic answers are now off in this channel. I answer only /cable here.', embeds: [], components: [], allowed_mentions: { parse: [] } },
    });
    const parent = await command(b, 'cable-settings', [{ name: 'auto-detect', value: 'off' }], { memberPermissions: manage, channelId: threadParentChannelId });
    expect(callbackSchema.parse(parent.body).data).toMatchObject({ content: expect.stringContaining('now off') });

    // Silent in the switched-off channel and in a thread of the other one; a sentinel proves the bot is listening.
    b.fake.sendMessage({ content: '#06MOSCOW754' });
    b.fake.sendMessage({ content: '#06MOSCOW754', channelId: threadId });
    // The thread's own switch is on, but its channel's is off: it says why it is quiet, not "on".
    const shown = await command(b, 'cable-settings', [], { channelId: threadId });
    expect(callbackSchema.parse(shown.body).data).toMatchObject({
      content: 'Automatic answers are on for this thread, but its channel has them off, so I answer only /cable here. Turn them on in the channel to have them here.',
      flags: 64,
    });
    await command(b, 'cable-settings', [{ name: 'auto-detect', value: 'on' }], { memberPermissions: manage });
    b.fake.sendMessage({ content: '#08MANAMA492' });
    const answered = await b.fake.waitForRequest(postIn(textChannelId));
    expect(answered.body).toMatchObject({ embeds: [{ title: expect.stringContaining('08ECTION01OF02MANAMA492') }] });
    expect(b.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))).toHaveLength(1);
  });
});
