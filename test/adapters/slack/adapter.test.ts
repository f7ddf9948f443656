/**
 * The Slack adapter end to end: the real Bolt 5 app, started the way `npm start` starts it,
 * in HTTP mode and in Socket Mode, against the loopback fake Slack, over the real fixture
 * store. Asserts the exact `response_url` / `chat.postMessage` / `chat.unfurl` bodies.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notYoursText } from '../../../adapters/slack/handlers.ts';
import { slackPlatform } from '../../../adapters/slack/index.ts';
import { ACTION_IDS, renderReply } from '../../../adapters/slack/render.ts';
import { runInput } from '../../../src/core/answer.ts';
import type { Config } from '../../../src/core/config.ts';
import type { CorpusReader } from '../../../src/corpus/store.ts';
import type { ParagraphSpan } from '../../../src/core/input.ts';
import { memoryLogger } from '../../../src/core/log.ts';
import { encodePageAction } from '../../../src/core/paging.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { signedPost, startFakeSlack, type FakeSlackCall, type FakeSlackResponsePost } from '../../fakes/slack.ts';
import { SIGNING_SECRET, settle, startSlackBot, type Mode, type SlackBot, type SlackBotOptions } from './harness.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';

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
const OTHER = 'U09SOMEONE';
const lookup = (ref: string, paragraphs: ParagraphSpan[] = []): Reply => runInput(bot.ctx, { command: 'cable', options: { ref, paragraphs, source: 'command' } });
const postsTo = (b: SlackBot, url: string): FakeSlackResponsePost[] => b.fake.responsePosts.filter((p) => p.url === url);
const posts = (b: SlackBot): FakeSlackCall[] => b.fake.calls.filter((c) => c.method === 'chat.postMessage');
/** The blocks as they arrive at Slack (JSON round trip). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe.each<Mode>(['http', 'socket'])('GIVEN the adapter in %s mode', (mode) => {
  it('WHEN /cable 06MOSCOW754 arrives THEN it is acknowledged at once AND the card is posted in_channel through the response_url, exactly', async () => {
    const b = await start(mode);
    const command = b.fake.slashCommand({ text: '06MOSCOW754' });
    const started = Date.now();
    await b.command(command);
    expect(Date.now() - started).toBeLessThan(3000);
    const posted = await b.fake.waitForResponsePost((p) => p.url === command['response_url']);
    expect(posted.body).toEqual(wire({ response_type: 'in_channel', ...renderReply(lookup('06MOSCOW754'), { owner: USER }) }));
    expect(posted.body).toMatchObject({
      text: '06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line) (SECRET, Embassy Moscow, 2006-01-25)',
      blocks: [
        { type: 'header', text: { text: '06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)' } },
        { type: 'section', fields: [{ text: '*Created*\n2006-01-25 17:40' }, { text: '*Released*\n2011-08-30 01:44' }, { text: '*Classification*\nSECRET' }, { text: '*Origin*\nEmbassy Moscow' }] },
        { type: 'section', text: { text: expect.stringContaining('• *1.4(b)* foreign government information') } },
        { type: 'section', text: { text: expect.stringMatching(/^\*Summary\*\nAmbassador met January 25/) } },
        { type: 'context', elements: [{ text: '#cablegate #06MOSCOW754' }, { text: '16 paragraphs · cites 0 cables · cited by 0 cables' }] },
        { type: 'actions', elements: [{ url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html' }, { url: 'https://wikileaks.org/plusd/cables/06MOSCOW754_a.html' }] },
      ],
    });
    expect(postsTo(b, command['response_url'] ?? '')).toHaveLength(1);
  });

  it('WHEN /cable 06MOSCOW754 ¶5 arrives and the asker clicks next THEN the quote is replaced by ¶6; WHEN someone else clicks THEN only they are told, and the quote stays', async () => {
    const b = await start(mode);
    const command = b.fake.slashCommand({ text: '06MOSCOW754 ¶5' });
    await b.command(command);
    const posted = await b.fake.waitForResponsePost((p) => p.url === command['response_url']);
    expect(posted.body).toEqual(wire({ response_type: 'in_channel', ...renderReply(lookup('06MOSCOW754', [{ from: 5, to: 5 }]), { owner: USER }) }));
    expect(posted.body).toMatchObject({
      blocks: [
        { type: 'header' },
        { type: 'context', elements: [{ text: 'SECRET · Embassy Moscow · 2006-01-25 17:40' }] },
        { type: 'section', text: { text: expect.stringMatching(/^\*¶5\* \(S\)\n>Ivanov said he had made clear/) } },
        { type: 'context' },
        {
          type: 'actions',
          elements: [
            { action_id: ACTION_IDS.previous, value: encodePageAction({ id: '06MOSCOW754', target: 4, owner: USER }) },
            { action_id: ACTION_IDS.next, value: encodePageAction({ id: '06MOSCOW754', target: 6, owner: USER }) },
            { action_id: ACTION_IDS.card },
            { action_id: ACTION_IDS.paragraph, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' },
          ],
        },
      ],
    });

    const next = encodePageAction({ id: '06MOSCOW754', target: 6, owner: USER });
    const byOwner = b.fake.blockActions({ actionId: ACTION_IDS.next, value: next });
    await b.action(byOwner);
    const replaced = await b.fake.waitForResponsePost((p) => p.url === byOwner['response_url']);
    expect(replaced.body).toEqual(wire({ replace_original: true, ...renderReply(lookup('06MOSCOW754', [{ from: 6, to: 6 }]), { owner: USER }) }));

    const byOther = b.fake.blockActions({ actionId: ACTION_IDS.next, value: next, userId: OTHER });
    await b.action(byOther);
    const refused = await b.fake.waitForResponsePost((p) => p.url === byOther['response_url']);
    expect(refused.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: notYoursText({ id: '06MOSCOW754', target: 6, owner: USER }) });
    expect(refused.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Only the person who asked can turn these pages. To see it yourself: /cable 06MOSCOW754 ¶6' });
    expect(postsTo(b, byOther['response_url'] === undefined ? '' : String(byOther['response_url']))).toHaveLength(1);
  });

  it('WHEN /cable -p or /cable private is used THEN only the caller sees the answer; WHEN the text is wrong THEN the error goes only to the caller', async () => {
    const b = await start(mode);
    const priv = b.fake.slashCommand({ text: '-p 06MOSCOW754 ¶5' });
    await b.command(priv);
    expect((await b.fake.waitForResponsePost((p) => p.url === priv['response_url'])).body).toEqual(
      wire({ response_type: 'ephemeral', ...renderReply(lookup('06MOSCOW754', [{ from: 5, to: 5 }]), { owner: USER }) }),
    );
    const word = b.fake.slashCommand({ text: 'private 06MOSCOW754' });
    await b.command(word);
    expect((await b.fake.waitForResponsePost((p) => p.url === word['response_url'])).body).toEqual(wire({ response_type: 'ephemeral', ...renderReply(lookup('06MOSCOW754'), { owner: USER }) }));

    const bad = b.fake.slashCommand({ text: '06MOSCOW754 ¶99' });
    await b.command(bad);
    expect((await b.fake.waitForResponsePost((p) => p.url === bad['response_url'])).body).toEqual({
      response_type: 'ephemeral',
      text: '06MOSCOW754 has no paragraph 99. It has ¶1–¶16 (16 numbered paragraphs).',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: 06MOSCOW754 has no paragraph 99. It has ¶1–¶16 (16 numbered paragraphs).' } }],
    });
    const hostile = b.fake.slashCommand({ text: '<!channel> & <@U123>' });
    await b.command(hostile);
    const escaped = await b.fake.waitForResponsePost((p) => p.url === hostile['response_url']);
    expect(escaped.body).toMatchObject({ response_type: 'ephemeral', text: '“&lt;!channel&gt;” is not a reference ID; they look like 06MOSCOW754. Type "help" for what I understand.' });
    expect(JSON.stringify(escaped.body)).not.toContain('<!channel>');
  });

  it('WHEN a channel message cites #06MOSCOW754 THEN the card is posted in the thread of that message; WHEN a thread reply cites ID¶N THEN the quote goes to that thread', async () => {
    const b = await start(mode);
    const message = b.fake.messageEvent({ text: 'see #cablegate #06MOSCOW754' });
    await b.event(b.fake.eventCallback(message));
    const card = await b.fake.waitForCall('chat.postMessage');
    expect(card.args).toEqual({
      channel: b.fake.ids.channelId,
      thread_ts: message['ts'],
      unfurl_links: 'false',
      unfurl_media: 'false',
      ...wire(renderReply(lookup('06MOSCOW754'), { owner: USER })),
      team_id: b.fake.ids.teamId,
    });

    const reply = b.fake.messageEvent({ text: 'and 06MOSCOW754 ¶5 says it', threadTs: '1700000000.000100' });
    await b.event(b.fake.eventCallback(reply));
    const quote = await b.fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === '1700000000.000100');
    expect(quote.args).toMatchObject({ channel: b.fake.ids.channelId, ...wire(renderReply(lookup('06MOSCOW754', [{ from: 5, to: 5 }]), { owner: USER })) });
  });

  it('WHEN messages come from bots, from the bot itself, in code, in quotes, as edits, or name unknown IDs THEN nothing is posted', async () => {
    const b = await start(mode);
    const ignored = [
      b.fake.messageEvent({ text: '#06MOSCOW754', from: 'bot' }),
      b.fake.messageEvent({ text: '#06MOSCOW754', from: 'self' }),
      b.fake.messageEvent({ text: 'try `#06MOSCOW754`' }),
      b.fake.messageEvent({ text: '```\n#06MOSCOW754\n```' }),
      b.fake.messageEvent({ text: '&gt; #06MOSCOW754 said so' }),
      b.fake.messageEvent({ text: '#06MOSCOW754', subtype: 'message_changed' }),
      b.fake.messageEvent({ text: '#06ZZZZZZ754 and 06ZZZZZZ754 ¶2' }),
      b.fake.messageEvent({ text: 'hi <@U07CBLBOT1> <!channel>' }),
    ];
    for (const m of ignored) await b.event(b.fake.eventCallback(m));
    const sentinel = b.fake.messageEvent({ text: '#06MOSCOW754' });
    await b.event(b.fake.eventCallback(sentinel));
    await b.fake.waitForCall('chat.postMessage');
    await settle();
    expect(posts(b).map((c) => c.args['thread_ts'])).toEqual([sentinel['ts']]);
  });

  it('WHEN the same cable is cited twice in a thread within 10 minutes THEN it is answered once; another thread still gets it', async () => {
    const b = await start(mode);
    const thread = '1700000001.000200';
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', threadTs: thread })));
    await b.fake.waitForCall('chat.postMessage');
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: 'again #06MOSCOW754 https://wikileaks.org/cable/2006/01/06MOSCOW754.html', threadTs: thread })));
    const other = b.fake.messageEvent({ text: '#06MOSCOW754' });
    await b.event(b.fake.eventCallback(other));
    await b.fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === other['ts']);
    await settle();
    expect(posts(b).map((c) => c.args['thread_ts'])).toEqual([thread, other['ts']]);
  });

  it('WHEN /cable settings auto-detect off is sent by the channel creator THEN messages and links there are no longer answered, at once; other channels still are', async () => {
    const b = await start(mode);
    const off = b.fake.slashCommand({ text: 'settings auto-detect off' });
    await b.command(off);
    expect((await b.fake.waitForResponsePost((p) => p.url === off['response_url'])).body).toEqual({
      response_type: 'ephemeral',
      text: 'Automatic answers are now off in this channel. I answer only /cable here.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Automatic answers are now off in this channel. I answer only /cable here.' } }],
    });
    expect(b.settings.autoDetect('slack', b.fake.ids.channelId)).toBe(false);
    await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754' })));
    await b.event(b.fake.eventCallback(b.fake.linkSharedEvent({ urls: ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html'] })));
    const elsewhere = b.fake.messageEvent({ text: '#06MOSCOW754', channel: 'C05ELSEWHR' });
    await b.event(b.fake.eventCallback(elsewhere));
    await b.fake.waitForCall('chat.postMessage');
    await settle();
    expect(posts(b).map((c) => c.args['channel'])).toEqual(['C05ELSEWHR']);
    expect(b.fake.calls.filter((c) => c.method === 'chat.unfurl')).toEqual([]);
  });

  it('WHEN a link_shared event names a viewer URL THEN chat.unfurl gets the card; with #par5 the quote (no paging buttons); an unknown ID is silent', async () => {
    const b = await start(mode);
    const url = 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html';
    const shared = b.fake.linkSharedEvent({ urls: [url, 'https://wikileaks.org/cable/2006/01/06ZZZZZZ754.html'] });
    await b.event(b.fake.eventCallback(shared));
    const unfurl = await b.fake.waitForCall('chat.unfurl');
    expect(unfurl.args).toEqual({
      unfurl_id: shared['unfurl_id'],
      source: 'conversations_history',
      unfurls: { [url]: { blocks: wire(renderReply(lookup('06MOSCOW754'), { owner: null }).blocks) } },
      team_id: b.fake.ids.teamId,
    });

    const par = `${url}#par5`;
    const quoted = b.fake.linkSharedEvent({ urls: [par] });
    await b.event(b.fake.eventCallback(quoted));
    const second = await b.fake.waitForCall('chat.unfurl', (c) => c.args['unfurl_id'] === quoted['unfurl_id']);
    expect(second.args['unfurls']).toEqual({ [par]: { blocks: wire(renderReply(lookup('06MOSCOW754', [{ from: 5, to: 5 }]), { owner: null }).blocks) } });
    expect(JSON.stringify(second.args['unfurls'])).not.toContain('cable_page_');

    await b.event(b.fake.eventCallback(b.fake.linkSharedEvent({ urls: ['https://wikileaks.org/cable/2006/01/06ZZZZZZ754.html'] })));
    await settle();
    expect(b.fake.calls.filter((c) => c.method === 'chat.unfurl')).toHaveLength(2);
  });

  it('WHEN link_shared names more links than three THEN links that are not cables take no place and three cables are unfurled', async () => {
    const b = await start(mode);
    const cable = (year: string, id: string): string => `https://wikileaks.org/cable/${year}/01/${id}.html`;
    const noise = ['https://wikileaks.org/', 'https://wikileaks.org/cable/2006/01/06ZZZZZZ754.html', 'https://wikileaks.org/plusd/about'];
    const cables = [cable('2006', '06MOSCOW754'), cable('2002', '02ROME1196'), cable('2006', '06BOGOTA2076'), cable('2009', '09MOSCOW1530')];
    const shared = b.fake.linkSharedEvent({ urls: [...noise, ...cables] });
    await b.event(b.fake.eventCallback(shared));
    const unfurl = await b.fake.waitForCall('chat.unfurl', (c) => c.args['unfurl_id'] === shared['unfurl_id']);
    expect(Object.keys(z.record(z.string(), z.unknown()).parse(unfurl.args['unfurls']))).toEqual(cables.slice(0, 3));
  });

  it('WHEN a message with a viewer URL also comes as link_shared THEN the cable is answered once, not as both a thread reply and an unfurl', async () => {
    const b = await start(mode);
    const url = 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html';
    const message = b.fake.messageEvent({ text: `read <${url}>` });
    await b.event(b.fake.eventCallback(message));
    await b.fake.waitForCall('chat.postMessage');
    const ts = typeof message['ts'] === 'string' ? message['ts'] : '';
    await b.event(b.fake.eventCallback(b.fake.linkSharedEvent({ urls: [url], messageTs: ts })));
    await settle();
    expect(b.fake.calls.filter((c) => c.method === 'chat.unfurl' || c.method === 'chat.postMessage').map((c) => c.method)).toEqual(['chat.postMessage']);
  });
});

describe('GIVEN the adapter in HTTP mode', () => {
  it('WHEN /cable search and /cable reasons (with the & Slack sends as &amp;) arrive THEN both are answered in_channel, in the core’s words', async () => {
    const b = await start('http');
    const search = b.fake.slashCommand({ text: 'search larijani' });
    await b.command(search);
    expect((await b.fake.waitForResponsePost((p) => p.url === search['response_url'])).body).toEqual(
      wire({ response_type: 'in_channel', ...renderReply(runInput(bot.ctx, { command: 'search', options: { query: 'larijani', origin: null, year: null } }), { owner: USER }) }),
    );
    const reasons = b.fake.slashCommand({ text: 'reasons 1.4 (B &amp; D)' });
    await b.command(reasons);
    expect((await b.fake.waitForResponsePost((p) => p.url === reasons['response_url'])).body).toMatchObject({
      response_type: 'in_channel',
      blocks: [{ type: 'section', text: { text: expect.stringContaining('• *1.4(b)* foreign government information\n• *1.4(d)*') } }],
    });
  });

  it('WHEN a request is unsigned, wrongly signed, or signed 6 minutes ago THEN it gets 401 and nothing happens (no Web API call)', async () => {
    const b = await start('http');
    await b.fake.waitForCall('auth.test');
    const body = b.fake.slashCommand({ text: '06MOSCOW754' });
    const form = new URLSearchParams(body).toString();
    const unsigned = await fetch(b.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(unsigned.status).toBe(401);
    expect((await signedPost(b.eventsUrl, body, { signingSecret: 'not-the-secret', form: true })).status).toBe(401);
    expect((await signedPost(b.eventsUrl, b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754' })), { signingSecret: 'not-the-secret' })).status).toBe(401);
    const stale = await signedPost(b.eventsUrl, body, { signingSecret: SIGNING_SECRET, form: true, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await settle();
    expect(b.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(b.fake.responsePosts).toEqual([]);
  });

  it('WHEN a signed request body is over 1 MB THEN it is refused (413) before it is read whole, and nothing happens', async () => {
    const b = await start('http');
    const big = b.fake.eventCallback(b.fake.messageEvent({ text: `#06MOSCOW754 ${'x'.repeat(1024 * 1024)}` }));
    const refused = await signedPost(b.eventsUrl, big, { signingSecret: SIGNING_SECRET });
    expect(refused.status).toBe(413);
    await settle();
    expect(posts(b)).toEqual([]);
    expect(b.log.lines.some((l) => l.level === 'warn' && l.message.includes('exceeded the maximum allowed size (limit: 1048576 bytes)'))).toBe(true);
  });

  it('WHEN chat.postMessage is rate limited (429, Retry-After: 1) THEN the answer is retried after it and delivered', async () => {
    const b = await start('http');
    b.fake.failNextCalls('chat.postMessage', { status: 429, retryAfter: 1 });
    const message = b.fake.messageEvent({ text: '#06MOSCOW754' });
    await b.event(b.fake.eventCallback(message));
    const delivered = await b.fake.waitForCall('chat.postMessage', (c) => c.status === undefined, 5_000);
    expect(delivered.args['thread_ts']).toBe(message['ts']);
    expect(posts(b).map((c) => c.status ?? 200)).toEqual([429, 200]);
  });

  it('WHEN the Web API answers 500 to every try THEN the failure is logged with context, and the next message is answered', async () => {
    const b = await start('http');
    b.fake.failNextCalls('chat.postMessage', { status: 500 }, 3);
    const first = b.fake.messageEvent({ text: '#06MOSCOW754' });
    await b.event(b.fake.eventCallback(first));
    await expect.poll(() => b.log.lines.find((l) => l.level === 'error' && l.message === 'slack: could not answer a message')).toMatchObject({ fields: { channel: b.fake.ids.channelId, ts: first['ts'] } });
    expect(posts(b).map((c) => c.status)).toEqual([500, 500, 500]);
    const second = b.fake.messageEvent({ text: '#06MOSCOW754' });
    await b.event(b.fake.eventCallback(second));
    expect((await b.fake.waitForCall('chat.postMessage', (c) => c.status === undefined)).args['thread_ts']).toBe(second['ts']);
  });

  it('WHEN someone who neither created the channel nor administers the workspace turns auto-detect off THEN it is refused, only to them', async () => {
    const b = await start('http');
    b.fake.setMethodReply('conversations.info', { ok: true, channel: { id: b.fake.ids.channelId, is_im: false, creator: 'U01FOUNDER' } });
    const off = b.fake.slashCommand({ text: 'settings auto-detect off' });
    await b.command(off);
    expect((await b.fake.waitForResponsePost((p) => p.url === off['response_url'])).body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only people who can manage this channel may change its settings.',
    });
    expect(b.settings.autoDetect('slack', b.fake.ids.channelId)).toBe(true);
    b.fake.setMethodReply('users.info', { ok: true, user: { id: USER, is_admin: true } });
    const again = b.fake.slashCommand({ text: 'settings auto-detect off' });
    await b.command(again);
    expect((await b.fake.waitForResponsePost((p) => p.url === again['response_url'])).body).toMatchObject({ text: 'Automatic answers are now off in this channel. I answer only /cable here.' });
  });
});

describe('GIVEN a store that fails while answering', () => {
  it('THEN /cable gets the internal wording only to the caller, never a stack, the failure is logged with its context, and the bot keeps answering', async () => {
    const real = bot.ctx.corpus;
    const failing: CorpusReader = {
      getCable: (id) => real.getCable(id),
      peekCable: (id) => real.peekCable(id),
      has: (id) => real.has(id),
      idsForCanonical: (id) => real.idsForCanonical(id),
      cites: (id) => real.cites(id),
      citedBy: (id) => real.citedBy(id),
      count: () => real.count(),
      search: () => {
        throw new Error('disk I/O error at page 7');
      },
      sourceCandidates: (q, n) => real.sourceCandidates(q, n),
    };
    const b = await start('http', { corpus: failing });
    const search = b.fake.slashCommand({ text: 'search larijani' });
    await b.command(search);
    const told = await b.fake.waitForResponsePost((p) => p.url === search['response_url']);
    expect(told.body).toEqual({
      response_type: 'ephemeral',
      text: 'Something went wrong answering that; the operator has been told.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: Something went wrong answering that; the operator has been told.' } }],
    });
    expect(b.log.lines.filter((l) => l.level === 'error')).toEqual([
      { level: 'error', message: 'slack: a command failed', error: new Error('disk I/O error at page 7'), fields: { channel: b.fake.ids.channelId, user: USER, text: 'search larijani', command: 'search' } },
    ]);
    const card = b.fake.slashCommand({ text: '06MOSCOW754' });
    await b.command(card);
    expect((await b.fake.waitForResponsePost((p) => p.url === card['response_url'])).body).toMatchObject({ response_type: 'in_channel' });
  });
});

describe('GIVEN a bot token Slack refuses', () => {
  it('THEN start rejects with a message naming Slack and the mode, and nothing keeps running', async () => {
    const fake = await startFakeSlack({ botToken: 'xoxb-the-right-one' });
    try {
      const log = memoryLogger();
      const config: Config = { discord: null, slack: { botToken: 'xoxb-a-wrong-one', signingSecret: 's', appToken: null, port: 0, apiUrl: fake.apiUrl }, dbPath: null, settingsPath: null, autoDetect: true };
      const settings = new SqliteSettings(':memory:');
      const adapter = slackPlatform({ retryConfig: { retries: 0 }, host: '127.0.0.1' });
      await expect(adapter.start({ ctx: { ...bot.ctx, settings }, config, state: new EmbeddedState({ settings }), log })).rejects.toThrow(/^Slack: could not start \(HTTP on port 0\): .*invalid_auth/);
      settings.close();
    } finally {
      await fake.close();
    }
  });
});

describe('GIVEN the adapter in Socket Mode', () => {
  it('WHEN Slack asks a connection to go (disconnect) THEN it reconnects and keeps answering', async () => {
    const b = await start('socket');
    expect(b.running.notes).toEqual(['Slack: Socket Mode connected (2 connections)']);
    expect(b.fake.socket.connections).toBe(2);
    expect(b.running.state()).toBe('up');
    b.fake.socket.disconnect('refresh_requested');
    // One connection is enough for Slack to deliver: the adapter stays up while the other reconnects.
    expect(b.running.state()).toBe('up');
    await expect.poll(() => b.fake.calls.filter((c) => c.method === 'apps.connections.open').length, { timeout: 10_000 }).toBe(3);
    await expect.poll(() => b.fake.socket.connections, { timeout: 10_000 }).toBe(2);
    const message = b.fake.messageEvent({ text: '#06MOSCOW754' });
    await b.event(b.fake.eventCallback(message));
    expect((await b.fake.waitForCall('chat.postMessage')).args['thread_ts']).toBe(message['ts']);
    await b.running.stop();
    expect(b.running.state()).toBe('stopped');
  });

  it('WHEN Slack refreshes a connection in the middle of a burst of /cable THEN every one is acknowledged within 3 s and answered exactly once, and no app is ever without a connection', async () => {
    const b = await start('socket');
    expect(b.fake.socket.connections).toBe(2);
    const since = performance.now();
    const sent: { envelope: string; responseUrl: string; at: number }[] = [];
    const send = (i: number): void => {
      const responseUrl = b.fake.responseUrl(`burst-${i}`);
      const envelope = b.fake.socket.sendSlashCommand(b.fake.slashCommand({ text: i % 2 === 0 ? '06MOSCOW754' : `06MOSCOW754 ¶${(i % 5) + 1}`, responseUrl }));
      sent.push({ envelope, responseUrl, at: performance.now() });
    };
    // Half the burst goes out, then Slack asks one connection to go while its share of those is
    // still being processed (nothing is acknowledged in the same turn), then the rest.
    for (let i = 0; i < 40; i++) send(i);
    const old = b.fake.socket.disconnect('refresh_requested');
    for (let i = 40; i < 80; i++) send(i);
    const health: string[] = [];
    const sampling = setInterval(() => health.push(b.running.state()), 5);
    try {
      for (const { envelope, at } of sent) {
        const ack = await b.fake.socket.waitForAck(envelope, 3_000);
        expect(ack.envelopeId).toBe(envelope);
        expect(performance.now() - at).toBeLessThan(3_000);
      }
      // Some of them were acknowledged on the connection Slack asked to go, before it closed.
      const onOld = b.fake.socket.acks.filter((a) => a.connection === old && sent.some((s) => s.envelope === a.envelopeId));
      expect(onOld.length).toBeGreaterThan(0);
      for (const { responseUrl } of sent) await b.fake.waitForResponsePost((p) => p.url === responseUrl && p.status === 200, 10_000);
      await expect.poll(() => b.fake.socket.log.find((c) => c.id === old)?.closedBy ?? null).toBe('client');
    } finally {
      clearInterval(sampling);
    }
    await settle(300);
    for (const { responseUrl } of sent) expect(postsTo(b, responseUrl)).toHaveLength(1);
    // Two apps, each with its connection: never fewer than two open, so neither app was without one.
    expect(b.fake.socket.msBelow(2, since)).toBe(0);
    expect(b.fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(3);
    expect(new Set(health)).toEqual(new Set(['up']));
    expect(b.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
