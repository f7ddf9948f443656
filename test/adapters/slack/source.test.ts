/**
 * Quote → source on Slack end to end: the "Find cable source" message shortcut and
 * `/cable source …`, through the real Bolt 5 app in HTTP mode and in Socket Mode, against the
 * loopback fake Slack, over the real fixture store. Asserts the exact bodies Slack receives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_SHORTCUT, unescapeSlackText } from '../../../adapters/slack/handlers.ts';
import { notInChannelNote, renderReply, withNote, type SlackMessage } from '../../../adapters/slack/render.ts';
import { errorText } from '../../../adapters/words.ts';
import { runInput } from '../../../src/core/answer.ts';
import type { Reply } from '../../../src/core/reply.ts';
import type { CorpusReader } from '../../../src/corpus/store.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import type { FakeSlackCall } from '../../fakes/slack.ts';
import { settle, startSlackBot, type Mode, type SlackBot, type SlackBotOptions } from './harness.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const running: SlackBot[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.close();
});
async function start(mode: Mode, options: SlackBotOptions = {}): Promise<SlackBot> {
  const b = await startSlackBot(bot, mode, options);
  running.push(b);
  return b;
}

const USER = 'U02ANALYST';
/** Words of 06MOSCOW754 ¶5, as a reader would quote them. */
const QUOTE = 'Larijani had said Ivanov and Russia were tougher on that issue than even UK Foreign Secretary Jack Straw';
/** The same with one word changed. */
const MISQUOTE = 'Larijani had said Ivanov and Russia were softer on that issue than even UK Foreign Secretary Jack Straw';
/** Words no cable of the fixture store has. */
const NOWHERE = 'the quick brown fox jumps over the lazy dog once again';
/** ¶5 of the seed on the viewer. */
const PAR5 = 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5';
/** A message as Slack sends its text: commentary around the quote, a user's literal `<!channel>` and `&` as entities, a real mention. */
const MESSAGE = `As the embassy put it, “${QUOTE}” &lt;!channel&gt; &amp; <@U123> — worth a read`;

const source = (text: string): Reply => runInput(bot.ctx, { command: 'source', options: { text } });
const posts = (b: SlackBot): FakeSlackCall[] => b.fake.calls.filter((c) => c.method === 'chat.postMessage');
/** The blocks as they arrive at Slack (JSON round trip). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Every string of a message body: `text` and every `text` inside the blocks. */
function texts(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(body);
  return out;
}

/**
 * Nothing but the renderer's own markup: once the viewer links and the quote marks at line
 * starts are taken out, no `<` or `>` is left, and every `&` starts an entity.
 */
function expectOnlyOwnMarkup(body: unknown): void {
  for (const t of texts(body)) {
    const rest = t.replace(/<https:\/\/wikileaks\.org\/[^<>|]+\|[^<>]+>/g, '').replace(/^>/gm, '');
    expect(rest).not.toMatch(/[<>]/);
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

describe.each<Mode>(['http', 'socket'])('GIVEN the adapter in %s mode', (mode) => {
  it('WHEN "Find cable source" is used on a message quoting 06MOSCOW754 ¶5 THEN it is acknowledged at once AND the answer is posted in the message’s thread: ¶5 linked, the quote in bold, nothing of the message’s markup', async () => {
    const b = await start(mode);
    const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: MESSAGE });
    const started = Date.now();
    await b.action(shortcut);
    expect(Date.now() - started).toBeLessThan(3000);
    const post = await b.fake.waitForCall('chat.postMessage');
    const expected = renderReply(source(unescapeSlackText(MESSAGE)), { owner: USER });
    expect(post.args).toEqual({ channel: b.fake.ids.channelId, thread_ts: shortcut['message_ts'], unfurl_links: 'false', unfurl_media: 'false', ...wire(expected), team_id: b.fake.ids.teamId });
    expect(post.args).toMatchObject({
      text: '06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line). Exact quote: the same words as the cable.',
      blocks: [
        { type: 'section', text: { text: `*<${PAR5}|06MOSCOW754 ¶5>* — Cable from Embassy Moscow, 2006-01-25 (no subject line)` } },
        { type: 'context', elements: [{ text: 'SECRET · Embassy Moscow · 2006-01-25 17:40' }] },
        { type: 'section', text: { text: expect.stringContaining(`"For us it's obvious." *${QUOTE}*, who had said (according to Larijani)`) } },
        { type: 'section', text: { text: 'Exact quote: the same words as the cable.' } },
        { type: 'actions', elements: [{ text: { text: '¶5 on WikiLeaks' }, url: PAR5 }] },
      ],
    });
    expectOnlyOwnMarkup(post.args);
    expect(JSON.stringify(post.args)).not.toMatch(/<!channel>|<@U123>/);
    // Nothing went to the caller alone.
    expect(b.fake.responsePosts).toEqual([]);

    // A reply inside a thread is answered in that thread, not a new one under the reply.
    const inThread = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: QUOTE, threadTs: '1700000000.000100' });
    await b.action(inThread);
    const reply = await b.fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === '1700000000.000100');
    expect(reply.args).toMatchObject({ channel: b.fake.ids.channelId, ...wire(renderReply(source(QUOTE), { owner: USER })) });
    expect(posts(b)).toHaveLength(2);
  });

  it('WHEN the shortcut is used on a message no cable passage matches THEN the not-found sentence goes only to the caller (ephemeral, response_url) AND nothing is posted', async () => {
    const b = await start(mode);
    const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: NOWHERE });
    await b.action(shortcut);
    const told = await b.fake.waitForResponsePost((p) => p.url === shortcut['response_url']);
    expect(told.body).toEqual(wire({ response_type: 'ephemeral', ...renderReply(source(NOWHERE), { owner: USER }) }));
    expect(told.body).toMatchObject({ text: expect.stringMatching(/^No cable passage matches that quote: not found in the 30 cables of this store\./) });
    await settle();
    expect(b.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('WHEN the shortcut is used on a message of files only (no text) THEN the caller alone is told there is nothing to look for', async () => {
    const b = await start(mode);
    const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT });
    await b.action(shortcut);
    const told = await b.fake.waitForResponsePost((p) => p.url === shortcut['response_url']);
    const sentence = errorText({ kind: 'error', code: 'source-no-text', detail: '' });
    expect(told.body).toEqual({ response_type: 'ephemeral', text: sentence, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${sentence}` } }] });
    await settle();
    expect(posts(b)).toEqual([]);
  });

  it('WHEN the bot is not in the channel (not_in_channel, channel_not_found) THEN the caller alone gets the answer, with a note that inviting the bot lets it answer in the thread', async () => {
    const b = await start(mode);
    for (const error of ['not_in_channel', 'channel_not_found']) {
      b.fake.setMethodReply('chat.postMessage', { ok: false, error });
      const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: QUOTE, channelId: 'C09NOTHERE' });
      await b.action(shortcut);
      const told = await b.fake.waitForResponsePost((p) => p.url === shortcut['response_url']);
      const answer: SlackMessage = withNote(renderReply(source(QUOTE), { owner: USER }), notInChannelNote());
      expect(told.body).toEqual(wire({ response_type: 'ephemeral', ...answer }));
      expect(JSON.stringify(told.body)).toContain(PAR5);
      expect(answer.blocks.at(-1)).toEqual({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Only you can see this: I am not in this channel, so I could not answer in the thread. Invite me to the channel (/invite) and I will answer there.' }],
      });
    }
    expect(posts(b).map((c) => c.response['error'])).toEqual(['not_in_channel', 'channel_not_found']);
    expect(b.log.lines.filter((l) => l.message === 'slack: not in the channel of a source shortcut; answering the caller only').map((l) => l.fields?.['error'])).toEqual(['not_in_channel', 'channel_not_found']);
    expect(b.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('WHEN /cable source has a misquote THEN the answer is posted in_channel with the verdict and the difference; with -p, or when nothing matches, or too short, only the caller sees it', async () => {
    const b = await start(mode);
    const misquote = b.fake.slashCommand({ text: `source ${MISQUOTE}` });
    await b.command(misquote);
    const posted = await b.fake.waitForResponsePost((p) => p.url === misquote['response_url']);
    expect(posted.body).toEqual(wire({ response_type: 'in_channel', ...renderReply(source(MISQUOTE), { owner: USER }) }));
    expect(posted.body).toMatchObject({
      blocks: [
        { type: 'section', text: { text: expect.stringContaining(`<${PAR5}|06MOSCOW754 ¶5>`) } },
        { type: 'context' },
        { type: 'section', text: { text: expect.stringContaining(`*${QUOTE}*`) } },
        { type: 'section', text: { text: 'Close quote: one or two words differ from the cable.\n• the cable says “tougher”, the quote says “softer”' } },
        { type: 'actions' },
      ],
    });

    const only = b.fake.slashCommand({ text: `-p source ${MISQUOTE}` });
    await b.command(only);
    expect((await b.fake.waitForResponsePost((p) => p.url === only['response_url'])).body).toEqual(wire({ response_type: 'ephemeral', ...renderReply(source(MISQUOTE), { owner: USER }) }));
    const nowhere = b.fake.slashCommand({ text: `source ${NOWHERE}` });
    await b.command(nowhere);
    expect((await b.fake.waitForResponsePost((p) => p.url === nowhere['response_url'])).body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^No cable passage matches/) });
    const short = b.fake.slashCommand({ text: 'source Larijani had said' });
    await b.command(short);
    expect((await b.fake.waitForResponsePost((p) => p.url === short['response_url'])).body).toMatchObject({
      response_type: 'ephemeral',
      text: '“Larijani had said” is too short to tell one cable from another: paste at least 4 words of the passage.',
    });
  });
});

describe('GIVEN the adapter in HTTP mode', () => {
  it('WHEN the shortcut is used past the rate limit that /cable counts toward THEN the caller alone is told to slow down, and nothing is posted', async () => {
    const b = await start('http', { rateLimits: { userPerMinute: 1, channelPerMinute: 30 } });
    const command = b.fake.slashCommand({ text: '06MOSCOW754' });
    await b.command(command);
    expect((await b.fake.waitForResponsePost((p) => p.url === command['response_url'])).body).toMatchObject({ response_type: 'in_channel' });
    const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: QUOTE });
    await b.action(shortcut);
    const told = await b.fake.waitForResponsePost((p) => p.url === shortcut['response_url']);
    expect(told.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Slow down a little: .* Try again in (59|60) s\.$/) });
    expect(b.log.lines.filter((l) => l.message === 'slack: source shortcut rate-limited')).toMatchObject([{ level: 'info', fields: { scope: 'user', user: USER } }]);
    await settle();
    expect(posts(b)).toEqual([]);
  });

  it('WHEN posting in the thread fails for another reason (is_archived) THEN the caller is told it failed, in the internal wording, and the failure is logged with its context', async () => {
    const b = await start('http');
    b.fake.setMethodReply('chat.postMessage', { ok: false, error: 'is_archived' });
    const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: QUOTE });
    await b.action(shortcut);
    const told = await b.fake.waitForResponsePost((p) => p.url === shortcut['response_url']);
    expect(told.body).toEqual({
      response_type: 'ephemeral',
      text: 'Something went wrong answering that; the operator has been told.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: Something went wrong answering that; the operator has been told.' } }],
    });
    expect(b.log.lines.filter((l) => l.level === 'error')).toMatchObject([
      { message: 'slack: source shortcut failed', fields: { channel: b.fake.ids.channelId, user: USER, ts: shortcut['message_ts'], shortcut: SOURCE_SHORTCUT } },
    ]);
  });
});

describe('GIVEN a store that fails while looking for the source', () => {
  it('THEN the shortcut gets the internal wording only to the caller, never a stack, and the failure is logged with the message it was used on', async () => {
    const real = bot.ctx.corpus;
    const failing: CorpusReader = {
      getCable: (id) => real.getCable(id),
      peekCable: (id) => real.peekCable(id),
      has: (id) => real.has(id),
      idsForCanonical: (id) => real.idsForCanonical(id),
      cites: (id) => real.cites(id),
      citedBy: (id) => real.citedBy(id),
      count: () => real.count(),
      search: (q, o) => real.search(q, o),
      sourceCandidates: () => {
        throw new Error('disk I/O error at page 9');
      },
    };
    const b = await start('http', { corpus: failing });
    const shortcut = b.fake.messageAction({ callbackId: SOURCE_SHORTCUT, text: QUOTE });
    await b.action(shortcut);
    const told = await b.fake.waitForResponsePost((p) => p.url === shortcut['response_url']);
    expect(told.body).toMatchObject({ response_type: 'ephemeral', text: 'Something went wrong answering that; the operator has been told.' });
    expect(JSON.stringify(told.body)).not.toContain('disk I/O');
    expect(b.log.lines.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'slack: a command failed',
        error: new Error('disk I/O error at page 9'),
        fields: { channel: b.fake.ids.channelId, user: USER, ts: shortcut['message_ts'], shortcut: SOURCE_SHORTCUT, command: 'source' },
      },
    ]);
    await settle();
    expect(posts(b)).toEqual([]);
  });
});
