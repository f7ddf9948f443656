/**
 * The command JSON derived from the core list (and the "Find cable source" message command),
 * `cablebot register-commands [--guild ID]` PUTting it through the real discord.js REST client
 * to the fake, and `cablebot lookup --format discord` printing the exact payload.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { DISCORD_COMMANDS, commandJson, messageCommandJson, registrationJson } from '../../../adapters/discord/commands.ts';
import { discordPayload } from '../../../adapters/discord/index.ts';
import { answerLine } from '../../../src/core/answer.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { TOKEN } from './harness.ts';
import { runCli } from '../../cli/run-cli.ts';

const run = (argv: string[], env: NodeJS.ProcessEnv) => runCli(argv, { env });

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});


describe('GIVEN the core command list', () => {
  it('THEN every core command has a Discord command, registered in the same order with its description', () => {
    const json = commandJson();
    expect(json.map((c) => c.name)).toEqual(commands.map((c) => DISCORD_COMMANDS[c.name].name));
    expect(json.map((c) => c.name)).toEqual(['cable', 'cable-search', 'cable-source', 'cable-reasons', 'cable-settings', 'cable-help']);
    for (const [i, c] of json.entries()) {
      expect(c.description).toBe(commands[i]?.description);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const o of c.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
    expect(json[0]?.options).toMatchObject([
      { name: 'ref', type: 3, required: true, autocomplete: true },
      { name: 'paragraph', type: 3, required: false },
      { name: 'private', type: 5, required: false },
    ]);
    expect(json[4]).toMatchObject({ default_member_permissions: '16', options: [{ name: 'auto-detect', choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }] }] });
  });

  it('THEN each command builds the text the core grammar reads', () => {
    const values = (v: Record<string, string | number>): { string: (n: string) => string | null; integer: (n: string) => number | null } => ({
      string: (n) => (typeof v[n] === 'string' ? String(v[n]) : null),
      integer: (n) => (typeof v[n] === 'number' ? Number(v[n]) : null),
    });
    expect(DISCORD_COMMANDS.cable.text(values({ ref: '06MOSCOW754', paragraph: '3-5' }))).toBe('06MOSCOW754 ¶3-5');
    expect(DISCORD_COMMANDS.cable.text(values({ ref: '06MOSCOW754', paragraph: '¶5' }))).toBe('06MOSCOW754 ¶5');
    expect(DISCORD_COMMANDS.search.text(values({ query: 'larijani', origin: 'buenos "aires', year: 2006 }))).toBe('search larijani origin:"buenos aires" year:2006');
    expect(DISCORD_COMMANDS.source.text(values({ text: 'Larijani had said Ivanov and Russia were tougher' }))).toBe('source Larijani had said Ivanov and Russia were tougher');
    expect(DISCORD_COMMANDS.reasons.text(values({ text: '1.4 (b)' }))).toBe('reasons 1.4 (b)');
    expect(DISCORD_COMMANDS.settings.text(values({}))).toBe('settings');
    expect(DISCORD_COMMANDS.settings.text(values({ 'auto-detect': 'off' }))).toBe('settings auto-detect off');
    expect(DISCORD_COMMANDS.help.text(values({ command: 'search' }))).toBe('help search');
  });
});

describe('GIVEN the source command on Discord', () => {
  it('THEN /cable-source takes a required text of at most 2,000 characters and private, and "Find cable source" is a guild message command with no description', () => {
    const source = commandJson().find((c) => c.name === 'cable-source');
    expect(source).toEqual({
      type: 1,
      name: 'cable-source',
      description: 'Find the cable and paragraph a quoted passage comes from, and whether the quote is faithful',
      options: [
        { type: 3, name: 'text', description: 'The passage to find, at least 4 words (quote marks, … and [brackets] are fine)', required: true, max_length: 2000 },
        { type: 5, name: 'private', description: 'Show the answer only to you', required: false },
      ],
      contexts: [0],
    });
    expect(messageCommandJson()).toEqual([{ type: 3, name: 'Find cable source', contexts: [0] }]);
    expect(registrationJson()).toEqual([...commandJson(), ...messageCommandJson()]);
  });
});

describe('GIVEN npx cablebot register-commands', () => {
  it('THEN it PUTs the command JSON globally, or to one guild with --guild', async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: fake.ids.applicationId, DISCORD_API_URL: fake.apiUrl };

    const global = await run(['register-commands'], env);
    expect(global.err).toBe('');
    expect(global.code).toBe(0);
    const put = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${fake?.ids.applicationId}/commands`);
    // One bulk PUT replaces the whole list: the slash commands and the message command together.
    expect(put.body).toEqual(registrationJson());
    expect(put.body).toContainEqual({ type: 3, name: 'Find cable source', contexts: [0] });
    expect(put.body).toContainEqual(expect.objectContaining({ type: 1, name: 'cable-source', options: expect.arrayContaining([{ type: 3, name: 'text', description: expect.any(String), required: true, max_length: 2000 }]) }));
    expect(put.status).toBe(200);
    expect(put.authorization).toBe(`Bot ${TOKEN}`);
    expect(global.out).toBe('Registered /cable, /cable-search, /cable-source, /cable-reasons, /cable-settings, /cable-help, "Find cable source" globally (servers may take up to an hour to show changes).\n');

    const guild = await run(['register-commands', '--guild', fake.ids.guildId], env);
    expect(guild.code).toBe(0);
    const guildPut = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${fake?.ids.applicationId}/guilds/${fake?.ids.guildId}/commands`);
    expect(guildPut.body).toEqual(registrationJson());
    expect(guild.out).toContain(`in server ${fake.ids.guildId}`);
  });

  it('THEN a bad --guild or missing credentials are refused with a clear line', async () => {
    expect(await run(['register-commands', '--guild', 'general'], {})).toMatchObject({ code: 2, err: 'cablebot register-commands: --guild takes a server ID (digits)\n' });
    expect(await run(['register-commands'], {})).toMatchObject({ code: 2, err: expect.stringContaining('set DISCORD_TOKEN and DISCORD_APPLICATION_ID') });
  });

  it('THEN a refusal by Discord (unknown guild) exits 1 naming it', async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: fake.ids.applicationId, DISCORD_API_URL: fake.apiUrl };
    const result = await run(['register-commands', '--guild', '123456789012345678'], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Discord refused the commands');
  });
});

describe('GIVEN npx cablebot lookup --format discord', () => {
  it('THEN it prints the exact message bodies the adapter sends', async () => {
    const result = await run(['lookup', '06MOSCOW754', '¶5', '--format', 'discord'], { CABLEBOT_DB: bot.dbPath });
    expect(result.code).toBe(0);
    const printed: unknown = JSON.parse(result.out);
    expect(printed).toEqual(discordPayload(answerLine(bot.ctx, '06MOSCOW754 ¶5')));
    expect(printed).toMatchObject([{ allowed_mentions: { parse: [] }, embeds: [{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' }] }]);
  });
});
