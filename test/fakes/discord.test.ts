/**
 * Proof that the Discord fake is a real test harness: the REAL discord.js 14 logs in against
 * it over loopback, receives injected gateway events and sends REST calls the fake records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationCommandType, Client, DiscordAPIError, Events, GatewayIntentBits, MessageType, type Message, type Interaction } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from './discord.ts';

const TOKEN = 'fake-bot-token.for-tests';
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Clients first (they would reconnect to a closed fake), then the fakes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeDiscord(options: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ token: TOKEN, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

/** A discord.js client logged in against the fake and past `clientReady`. */
async function readyClient(fake: FakeDiscord, intents: GatewayIntentBits[] = INTENTS): Promise<Client<true>> {
  const client = new Client({ intents, rest: { api: fake.apiUrl } });
  cleanups.push(() => client.destroy());
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  return ready;
}

/** Resolves with the first value `subscribe` delivers, or rejects after 2 s; always unsubscribes. */
function within2s<V>(what: string, subscribe: (deliver: (value: V) => void) => () => void): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    const unsubscribe = subscribe((value) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${what} within 2 s`));
    }, 2_000);
  });
}

const nextMessage = (client: Client): Promise<Message> =>
  within2s('messageCreate', (deliver) => {
    client.on(Events.MessageCreate, deliver);
    return () => client.off(Events.MessageCreate, deliver);
  });

const nextInteraction = (client: Client): Promise<Interaction> =>
  within2s('interactionCreate', (deliver) => {
    client.on(Events.InteractionCreate, deliver);
    return () => client.off(Events.InteractionCreate, deliver);
  });

describe('fake Discord with the real discord.js', () => {
  it('GIVEN a client with the Guilds, GuildMessages and MessageContent intents WHEN it logs in THEN it is ready with the fake guild, channels and thread cached', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);

    expect(client.user.id).toBe(fake.ids.botUserId);
    expect(client.application.id).toBe(fake.ids.applicationId);
    const guild = client.guilds.cache.get(fake.ids.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.ids.textChannelId)?.isTextBased()).toBe(true);
    expect(guild?.channels.cache.get(fake.ids.threadId)?.isThread()).toBe(true);
    expect(guild?.members.me?.permissions.has('SendMessages')).toBe(true);

    const gateway = await fake.waitForRequest((r) => r.path === '/gateway/bot');
    expect(gateway.authorization).toBe(`Bot ${TOKEN}`);
    const identify = await fake.waitForGatewayPayload((p) => p.op === 2);
    expect(identify.d).toMatchObject({ token: TOKEN, intents: (1 << 0) | (1 << 9) | (1 << 15) });
  });

  it('GIVEN a wrong token WHEN the client logs in THEN login fails as discord.js fails on a real 401', async () => {
    const fake = await fakeDiscord();
    const client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });
    cleanups.push(() => client.destroy());
    await expect(client.login('not-the-token')).rejects.toThrow(/token/i);
  });

  it('GIVEN a ready client WHEN a user message is injected THEN messageCreate carries it AND channel.send is recorded with the exact body AND the bot sees its own message echoed', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);

    const received = nextMessage(client);
    const injected = fake.sendMessage({ content: 'see #cablegate #06MOSCOW754 ¶5' });
    const message = await received;
    expect(message.id).toBe(injected.id);
    expect(message.content).toBe('see #cablegate #06MOSCOW754 ¶5');
    expect(message.channelId).toBe(fake.ids.textChannelId);
    expect(message.author.id).toBe(fake.ids.userId);
    expect(message.author.bot).toBe(false);
    expect(message.inGuild()).toBe(true);

    const echoed = nextMessage(client);
    if (!message.channel.isSendable()) throw new Error('channel is not sendable');
    const sent = await message.channel.send({ content: 'Cable 06MOSCOW754', allowedMentions: { parse: [] } });
    const request = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${fake.ids.textChannelId}/messages`);
    // The exact JSON discord.js 14 sends (it adds `tts` and `enforce_nonce` itself).
    expect(request.body).toEqual({ content: 'Cable 06MOSCOW754', tts: false, enforce_nonce: false, allowed_mentions: { parse: [] } });
    expect(request.authorization).toBe(`Bot ${TOKEN}`);
    expect(sent.author.id).toBe(fake.ids.botUserId);
    const own = await echoed;
    expect(own.id).toBe(sent.id);
    expect(own.author.id).toBe(client.user.id);
  });

  it('GIVEN a client without the MessageContent intent WHEN a message is injected THEN its content is blank unless it mentions the bot, as Discord does', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);

    const plain = nextMessage(client);
    fake.sendMessage({ content: '06MOSCOW754' });
    expect((await plain).content).toBe('');

    const mention = nextMessage(client);
    fake.sendMessage({ content: `<@${fake.ids.botUserId}> 06MOSCOW754`, mentions: ['self'] });
    expect((await mention).content).toBe(`<@${fake.ids.botUserId}> 06MOSCOW754`);
  });

  it('GIVEN a ready client WHEN a /cable command is injected THEN interactionCreate carries its options AND reply() is recorded as the callback POST without Authorization', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);

    const received = nextInteraction(client);
    const injected = fake.sendInteraction({ commandName: 'cable', options: [{ name: 'id', value: '06MOSCOW754' }, { name: 'paragraph', value: 5 }] });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('not a chat input command');
    expect(interaction.commandName).toBe('cable');
    expect(interaction.options.getString('id')).toBe('06MOSCOW754');
    expect(interaction.options.getInteger('paragraph')).toBe(5);
    expect(interaction.channelId).toBe(fake.ids.textChannelId);
    expect(interaction.user.id).toBe(fake.ids.userId);

    await interaction.reply({ content: 'Cable 06MOSCOW754 ¶5', allowedMentions: { parse: [] } });
    const callback = await fake.waitForRequest((r) => r.path === `/interactions/${injected.id}/${injected.token}/callback`);
    expect(callback.method).toBe('POST');
    expect(callback.authorization).toBeUndefined();
    expect(callback.body).toEqual({
      type: 4,
      data: { content: 'Cable 06MOSCOW754 ¶5', tts: false, enforce_nonce: false, allowed_mentions: { parse: [] } },
    });
    expect(callback.status).toBe(204);

    // A second initial response is refused, as by Discord (40060).
    await expect(interaction.reply({ content: 'again' })).rejects.toThrow(); // discord.js refuses locally (replied=true)
    const raw = await fetch(`${fake.apiUrl}/v10/interactions/${injected.id}/${injected.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
  });

  it('GIVEN a deferred /cable command WHEN the bot edits the reply and follows up THEN the PATCH @original and the followup POST are recorded', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);

    const received = nextInteraction(client);
    const injected = fake.sendInteraction({ commandName: 'cable', options: [{ name: 'id', value: '06MOSCOW754' }] });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('not a chat input command');

    await interaction.deferReply();
    const edited = await interaction.editReply({ content: 'Cable 06MOSCOW754', allowedMentions: { parse: [] } });
    await interaction.followUp({ content: 'More at the viewer', allowedMentions: { parse: [] } });

    const defer = await fake.waitForRequest((r) => r.path === `/interactions/${injected.id}/${injected.token}/callback`);
    expect(defer.body).toEqual({ type: 5, data: { flags: 0 } });
    const patch = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.ids.applicationId}/${injected.token}/messages/@original`);
    expect(patch.body).toMatchObject({ content: 'Cable 06MOSCOW754', allowed_mentions: { parse: [] } });
    expect(edited.content).toBe('Cable 06MOSCOW754');
    const followup = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.ids.applicationId}/${injected.token}`);
    expect(followup.query).toMatchObject({ wait: 'true' });
    expect(followup.body).toMatchObject({ content: 'More at the viewer', allowed_mentions: { parse: [] } });
  });

  it('GIVEN an injected autocomplete WHEN the bot responds with choices THEN the type-8 callback is recorded with them', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);

    const received = nextInteraction(client);
    const injected = fake.sendInteraction({ commandName: 'cable', options: [{ name: 'id', value: '06MOS' }], focused: 'id' });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error('not an autocomplete interaction');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'id', value: '06MOS' });

    await interaction.respond([
      { name: '06MOSCOW754', value: '06MOSCOW754' },
      { name: '06MOSCOW755', value: '06MOSCOW755' },
    ]);
    const callback = await fake.waitForRequest((r) => r.path === `/interactions/${injected.id}/${injected.token}/callback`);
    expect(callback.body).toEqual({
      type: 8,
      data: { choices: [{ name: '06MOSCOW754', value: '06MOSCOW754' }, { name: '06MOSCOW755', value: '06MOSCOW755' }] },
    });
  });

  it('GIVEN a ready client WHEN it registers commands, starts a thread and posts an oversized embed THEN the fake echoes ids, creates the thread and refuses the embed with 50035', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);

    const commands = await client.application.commands.set([{ name: 'cable', description: 'Look up a cable' }]);
    const put = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${fake.ids.applicationId}/commands`);
    expect(put.body).toMatchObject([{ name: 'cable', description: 'Look up a cable' }]);
    expect(commands.first()?.id).toMatch(/^\d{17,20}$/);

    const received = nextMessage(client);
    fake.sendMessage({ content: '06MOSCOW754', channelId: fake.ids.threadParentChannelId });
    const message = await received;
    const thread = await message.startThread({ name: '06MOSCOW754' });
    expect(thread.id).toBe(message.id);
    expect(thread.parentId).toBe(fake.ids.threadParentChannelId);
    await thread.send({ content: 'in the thread', allowedMentions: { parse: [] } });
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${thread.id}/messages`);

    const channel = client.channels.cache.get(fake.ids.textChannelId);
    if (!channel?.isSendable()) throw new Error('channel is not sendable');
    const error = await channel.send({ embeds: [{ description: 'x'.repeat(4097) }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50035, status: 400 });

    await expect(client.rest.get('/no/such/route')).rejects.toMatchObject({ status: 404 });
    expect(fake.requests.some((r) => r.path === '/no/such/route' && r.status === 404)).toBe(true);
  });

  it('GIVEN a client without the MessageContent intent WHEN a message command is used on a message THEN interactionCreate is a message context-menu command whose targetMessage carries the text AND the reply is a type-23 message', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);

    const blank = nextMessage(client);
    const target = fake.sendMessage({ content: 'Larijani had said Ivanov and Russia were tougher' });
    expect((await blank).content).toBe('');

    const received = nextInteraction(client);
    const injected = fake.sendMessageCommand({ commandName: 'Find cable source', messageId: target.id });
    expect(injected.payload).toMatchObject({ type: 2, data: { name: 'Find cable source', type: 3, target_id: target.id, resolved: { messages: { [target.id]: { id: target.id, content: target.content } } } } });
    const interaction = await received;
    if (!interaction.isMessageContextMenuCommand()) throw new Error('not a message context-menu command');
    expect(interaction.commandName).toBe('Find cable source');
    expect(interaction.commandType).toBe(ApplicationCommandType.Message);
    expect(interaction.targetId).toBe(target.id);
    // Discord exempts a context-menu command's target from the MESSAGE_CONTENT intent.
    expect(interaction.targetMessage.content).toBe('Larijani had said Ivanov and Russia were tougher');
    expect(interaction.targetMessage.author.id).toBe(fake.ids.userId);

    await interaction.reply({ content: 'From 06MOSCOW754 ¶5', allowedMentions: { parse: [] } });
    const callback = await fake.waitForRequest((r) => r.path === `/interactions/${injected.id}/${injected.token}/callback`);
    expect(callback.status).toBe(204);
    expect(fake.originalMessage(injected)).toMatchObject({ type: MessageType.ContextMenuCommand, content: 'From 06MOSCOW754 ¶5', interaction_metadata: { target_message_id: target.id } });
    expect(() => fake.sendMessageCommand({ commandName: 'Find cable source', messageId: '1' })).toThrow('fake Discord: no message 1');
  });

  it('GIVEN a bulk PUT of commands WHEN a message command has a description or options, or a slash command a capitalised name or no description THEN Discord refuses it with 50035 naming each field', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);
    const route = `/applications/${fake.ids.applicationId}/commands` as const;
    const refused = await client.rest
      .put(route, {
        body: [
          { type: 1, name: 'Cable', description: 'Look up a cable' },
          { type: 1, name: 'cable-search' },
          { type: 3, name: 'Find cable source', description: 'Find where a quote comes from' },
          { type: 3, name: 'Quote', options: [{ type: 3, name: 'text', description: 'Text' }] },
        ],
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ code: 50035, status: 400 });
    const request = fake.requests.find((r) => r.method === 'PUT' && r.path === route);
    expect(request?.response).toMatchObject({
      code: 50035,
      errors: {
        0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } },
        1: { description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } },
        2: { description: { _errors: [{ code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION' }] } },
        3: { options: { _errors: [{ code: 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS' }] } },
      },
    });
    const accepted = await client.rest.put(route, { body: [{ type: 1, name: 'cable-source', description: 'Find a quote' }, { type: 3, name: 'Find cable source' }] });
    expect(accepted).toMatchObject([{ type: 1, name: 'cable-source' }, { type: 3, name: 'Find cable source', id: expect.stringMatching(/^\d+$/) }]);
  });

  it('GIVEN an interaction left unanswered past the ack window WHEN the bot replies THEN Discord has forgotten it (10062)', async () => {
    const fake = await fakeDiscord({ interactionAckTimeoutMs: 100 });
    const client = await readyClient(fake);

    const received = nextInteraction(client);
    fake.sendInteraction({ commandName: 'cable', options: [{ name: 'id', value: '06MOSCOW754' }] });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('not a chat input command');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(interaction.reply({ content: 'too late' })).rejects.toMatchObject({ code: 10062, status: 404 });
  });

  it('GIVEN an interception for message posts WHEN the bot sends THEN the canned error reaches discord.js and the request is still recorded', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake);
    fake.intercept((r) => r.method === 'POST' && r.path.endsWith('/messages'), { status: 403, body: { message: 'Missing Permissions', code: 50013 } }, 1);

    const channel = client.channels.cache.get(fake.ids.textChannelId);
    if (!channel?.isSendable()) throw new Error('channel is not sendable');
    await expect(channel.send({ content: 'denied' })).rejects.toMatchObject({ code: 50013, status: 403 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', status: 403, body: { content: 'denied' } });
    await expect(channel.send({ content: 'allowed' })).resolves.toMatchObject({ content: 'allowed' });
  });
});
