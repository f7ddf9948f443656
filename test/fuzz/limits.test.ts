/**
 * The platform-limit schemas and live-markup checks of the fuzz run: they accept what the
 * renderers make of real answers and reject what the platforms would refuse or act on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordPayload } from '../../adapters/discord/index.ts';
import { slackPayload } from '../../adapters/slack/index.ts';
import { discordLiveMarkup, discordMessageSchema, slackLiveMarkup, slackMessageSchema } from '../../bench/fuzz/limits.ts';
import { answerText } from '../../src/core/answer.ts';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const COMMANDS = ['06MOSCOW754', '08STATE43817 ¶4', '06MOSCOW754 ¶1-10', 'search embassy', 'reasons 06MOSCOW754', 'help', '06MOSCW754', 'not an id'];
const NO_MENTIONS = { parse: [] };

describe('GIVEN the renderers’ payloads for real answers', () => {
  it('THEN every Discord body and Slack message passes its schema and has no live markup', () => {
    for (const c of COMMANDS) {
      const answer = answerText(bot.ctx, c);
      for (const body of discordPayload(answer)) {
        expect(discordMessageSchema.safeParse(body).success, c).toBe(true);
        expect(discordLiveMarkup(body), c).toEqual([]);
      }
      for (const message of slackPayload(answer)) {
        expect(slackMessageSchema.safeParse(message).success, c).toBe(true);
        expect(slackLiveMarkup(message), c).toEqual([]);
      }
    }
  });
});

describe('GIVEN Discord bodies past a limit', () => {
  const ok = { embeds: [{ title: 't', description: 'd' }], components: [], allowed_mentions: NO_MENTIONS };

  it('THEN each limit is enforced: content, title, description, fields, 6,000 in all, 10 embeds, buttons, allowed_mentions', () => {
    expect(discordMessageSchema.safeParse(ok).success).toBe(true);
    const bad = [
      { ...ok, content: 'x'.repeat(2001) },
      { ...ok, embeds: [{ title: 'x'.repeat(257) }] },
      { ...ok, embeds: [{ description: 'x'.repeat(4097) }] },
      { ...ok, embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      { ...ok, embeds: [{ fields: [{ name: 'x'.repeat(257), value: 'v' }] }] },
      { ...ok, embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] },
      { ...ok, embeds: [{ fields: [{ name: 'n', value: '' }] }] },
      { ...ok, embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] },
      { ...ok, embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
      { ...ok, components: [{ type: 1, components: [{ type: 2, style: 2, label: 'x'.repeat(81), custom_id: 'a' }] }] },
      { ...ok, components: [{ type: 1, components: [{ type: 2, style: 2, label: 'l', custom_id: 'x'.repeat(101) }] }] },
      { embeds: ok.embeds, components: [] },
      { ...ok, allowed_mentions: { parse: ['everyone'] } },
      { embeds: [], components: [], allowed_mentions: NO_MENTIONS },
    ];
    for (const body of bad) expect(discordMessageSchema.safeParse(body).success, JSON.stringify(body).slice(0, 120)).toBe(false);
  });

  it('THEN a masked link to anywhere but wikileaks.org is live unless its [ is escaped', () => {
    expect(discordLiveMarkup({ ...ok, content: 'a [x](javascript:alert(1)) b' })).toHaveLength(1);
    expect(discordLiveMarkup({ embeds: [{ description: '\\[a](b) [click](<https://evil.example>)' }] })).toHaveLength(1);
    expect(discordLiveMarkup({ embeds: [{ fields: [{ name: 'n', value: '[click](https://evil.example)' }] }] })).toHaveLength(1);
    expect(discordLiveMarkup({ content: '\\[x](javascript:alert(1)) [¶5](https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5) [x](javascript' })).toEqual([]);
    // Footers and titles show no markdown links.
    expect(discordLiveMarkup({ embeds: [{ footer: { text: '[x](https://evil.example)' } }] })).toEqual([]);
  });
});

describe('GIVEN Slack messages past a limit', () => {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('THEN each limit is enforced: 50 blocks, section 3,000, header 150, 10 fields of 2,000, button text 75 and value 2,000, fallback text', () => {
    expect(slackMessageSchema.safeParse({ text: 't', blocks: [section('s')] }).success).toBe(true);
    const bad = [
      { text: '', blocks: [section('s')] },
      { text: 't', blocks: Array.from({ length: 51 }, () => section('s')) },
      { text: 't', blocks: [section('x'.repeat(3001))] },
      { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] },
      { text: 't', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] },
      { text: 't', blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'x'.repeat(2001) }] }] },
      { text: 't', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }] }] },
      { text: 't', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' }, value: 'x'.repeat(2001) }] }] },
    ];
    for (const m of bad) expect(slackMessageSchema.safeParse(m).success, JSON.stringify(m).slice(0, 120)).toBe(false);
  });

  it('THEN <!channel>, <!here>, <@U123>, <#C1> and foreign links are live; &lt;…&gt; and our links are not', () => {
    for (const live of ['<!channel>', '<!here>', '<@U123>', '<#C1|general>', '<https://evil.example|x>', '<javascript:alert(1)|x>']) {
      expect(slackLiveMarkup({ text: 't', blocks: [section(`a ${live} b`)] }), live).toHaveLength(1);
    }
    expect(slackLiveMarkup({ text: '&lt;!channel&gt;', blocks: [section('<https://wikileaks.org/cable/2006/01/06MOSCOW754.html|06MOSCOW754> &lt;@U123&gt;')] })).toEqual([]);
    expect(slackLiveMarkup({ text: 'ok', blocks: [{ type: 'header', text: { type: 'plain_text', text: '<!here>' } }] })).toHaveLength(1);
  });
});
