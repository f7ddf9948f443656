/**
 * Block Kit for every reply kind, from replies the real commands build over the real fixture
 * store; Slack's limits; escaping of cable and user text.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPayload } from '../../../adapters/slack/index.ts';
import { ACTION_IDS, escapeText, fit, renderAnswer, renderReply, splitText, type SlackMessage } from '../../../adapters/slack/render.ts';
import { answerText, runInput } from '../../../src/core/answer.ts';
import type { CommandInput, ParagraphSpan } from '../../../src/core/input.ts';
import { decodePageAction, encodePageAction } from '../../../src/core/paging.ts';
import type { Reply, SourceMatchReply, SourceReply } from '../../../src/core/reply.ts';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const cable = (ref: string, paragraphs: ParagraphSpan[] = []): CommandInput => ({ command: 'cable', options: { ref, paragraphs, source: 'command' } });
const reply = (input: CommandInput): Reply => runInput(bot.ctx, input);
const first = (text: string): Reply => {
  const r = answerText(bot.ctx, text).replies[0];
  if (r === undefined) throw new Error(`no reply to ${text}`);
  return r;
};
const OWNER = 'U02ANALYST';

/** Every mrkdwn / plain_text string in a message, with where it is. */
function texts(message: SlackMessage): string[] {
  const out: string[] = [message.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(message.blocks);
  return out;
}

/** Slack's limits, checked the way Slack checks them. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const b of message.blocks) {
    if (b.type === 'section') {
      expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(10);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(10);
    if (b.type === 'actions') {
      for (const e of b.elements) if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(75);
    }
  }
}

describe('GIVEN the seed card (06MOSCOW754)', () => {
  it('THEN it is a header with ID and title, the four fields, reasons in words, the summary, a context with the hashtags and the viewer/PlusD link buttons', () => {
    const m = renderReply(reply(cable('06MOSCOW754')), { owner: OWNER });
    expect(m.text).toBe('06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line) (SECRET, Embassy Moscow, 2006-01-25)');
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)', emoji: false } });
    expect(m.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Created*\n2006-01-25 17:40' },
        { type: 'mrkdwn', text: '*Released*\n2011-08-30 01:44' },
        { type: 'mrkdwn', text: '*Classification*\nSECRET' },
        { type: 'mrkdwn', text: '*Origin*\nEmbassy Moscow' },
      ],
    });
    expect(m.blocks[2]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Classified by* Ambassador William J. Burns\n• *1.4(b)* foreign government information\n• *1.4(d)* foreign relations or foreign activities of the United States, including confidential sources',
      },
    });
    const summary = m.blocks[3];
    expect(summary?.type === 'section' && summary.text?.text.startsWith('*Summary*\nAmbassador met January 25 with Russian Security Council Secretary Igor Ivanov')).toBe(true);
    expect(m.blocks[4]).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: '#cablegate #06MOSCOW754' },
        { type: 'mrkdwn', text: '16 paragraphs · cites 0 cables · cited by 0 cables' },
      ],
    });
    expect(m.blocks[5]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: ACTION_IDS.viewer, text: { type: 'plain_text', text: 'Read on WikiLeaks' }, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html' },
        { type: 'button', action_id: ACTION_IDS.plusd, text: { type: 'plain_text', text: 'PlusD' }, url: 'https://wikileaks.org/plusd/cables/06MOSCOW754_a.html' },
      ],
    });
    expect(m.blocks).toHaveLength(6);
    expectWithinLimits(m);
  });

  it('THEN a misprinted ID says how it was read, in a context line under the header', () => {
    const m = renderReply(reply(cable('08ECTION01OF02MANAMA492')), { owner: OWNER });
    expect(m.blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '08ECTION01OF02MANAMA492 is a misprinted ID as WikiLeaks published it; the correct ID is 08MANAMA492.' }],
    });
  });
});

describe('GIVEN a quote (06MOSCOW754 ¶5)', () => {
  it('THEN it shows the marking, the text as a quote, and previous/next/card buttons whose values decode to the pages, owned by the asker', () => {
    const m = renderReply(reply(cable('06MOSCOW754', [{ from: 5, to: 5 }])), { owner: OWNER });
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line)', emoji: false } });
    expect(m.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'SECRET · Embassy Moscow · 2006-01-25 17:40' }] });
    const quote = m.blocks[2];
    expect(quote?.type).toBe('section');
    if (quote?.type !== 'section') return;
    expect(quote.text?.text.startsWith("*¶5* (S)\n>Ivanov said he had made clear that, in Moscow's view")).toBe(true);
    expect(m.blocks[3]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '#cablegate #06MOSCOW754' }] });
    expect(m.blocks[4]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: ACTION_IDS.previous, text: { type: 'plain_text', text: '← ¶4' }, value: encodePageAction({ id: '06MOSCOW754', target: 4, owner: OWNER }) },
        { type: 'button', action_id: ACTION_IDS.next, text: { type: 'plain_text', text: '¶6 →' }, value: encodePageAction({ id: '06MOSCOW754', target: 6, owner: OWNER }) },
        { type: 'button', action_id: ACTION_IDS.card, text: { type: 'plain_text', text: 'Whole cable' }, value: encodePageAction({ id: '06MOSCOW754', target: 'card', owner: OWNER }) },
        { type: 'button', action_id: ACTION_IDS.paragraph, text: { type: 'plain_text', text: '¶5 on WikiLeaks' }, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' },
      ],
    });
    expect(decodePageAction(encodePageAction({ id: '06MOSCOW754', target: 6, owner: OWNER }))).toEqual({ id: '06MOSCOW754', target: 6, owner: OWNER });
    expect(m.text.startsWith("06MOSCOW754 ¶5 (S): Ivanov said he had made clear that, in Moscow's view")).toBe(true);
    expectWithinLimits(m);
  });

  it('THEN the first paragraph has no previous button, and without an owner (unfurls, lookup) there are no paging buttons at all', () => {
    const atStart = renderReply(reply(cable('06MOSCOW754', [{ from: 1, to: 1 }])), { owner: OWNER });
    const buttons = atStart.blocks.at(-1);
    expect(buttons?.type === 'actions' && buttons.elements.map((e) => ('action_id' in e ? e.action_id : null))).toEqual([ACTION_IDS.next, ACTION_IDS.card, ACTION_IDS.paragraph]);
    const unowned = renderReply(reply(cable('06MOSCOW754', [{ from: 5, to: 5 }])), { owner: null });
    const links = unowned.blocks.at(-1);
    expect(links?.type === 'actions' && links.elements.map((e) => ('action_id' in e ? e.action_id : null))).toEqual([ACTION_IDS.paragraph]);
  });

  it('THEN the 9,599-character paragraph of 08STATE43817 is split over sections of at most 3,000 characters, every word kept, in order', () => {
    const r = reply(cable('08STATE43817', [{ from: 1, to: 7 }]));
    if (r.kind !== 'paragraphs') throw new Error(r.kind);
    const longest = r.paragraphs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    expect(longest.text.length).toBe(9599);
    const m = renderReply(r, { owner: OWNER });
    expectWithinLimits(m);
    const sections = m.blocks.filter((b) => b.type === 'section').map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    const start = sections.findIndex((s) => s.startsWith(`*¶${longest.number}*`));
    const parts = sections.slice(start, start + 4);
    expect(parts.length).toBe(4);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(3000);
    const rebuilt = parts
      .map((p, i) => (i === 0 ? p.slice(p.indexOf('\n') + 1) : p))
      .join('\n')
      .split('\n')
      .map((l) => l.replace(/^>/, ''))
      .join(' ');
    const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');
    expect(words(rebuilt)).toEqual(words(escapeText(longest.text)));
  });

  it('THEN a paragraph longer than four sections is cut with a link to the rest, and ten such paragraphs still make at most 50 blocks', () => {
    const r = reply(cable('06MOSCOW754', [{ from: 1, to: 10 }]));
    if (r.kind !== 'paragraphs') throw new Error(r.kind);
    const huge = { ...r, paragraphs: r.paragraphs.map((p) => ({ ...p, text: `${'word & more '.repeat(2_000)}end` })) };
    const m = renderReply(huge, { owner: OWNER });
    expectWithinLimits(m);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const cut = m.blocks.filter((b) => b.type === 'section' && b.text?.text.endsWith('continues on <https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par1|WikiLeaks>._'));
    expect(cut).toHaveLength(1);
  });
});

describe('GIVEN the other kinds', () => {
  it('THEN not-in-corpus says so and links the viewer and PlusD', () => {
    const m = renderReply(first('06MOSCOW789'), { owner: OWNER });
    expect(m.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `06MOSCOW789 is in the release, but its text is not among the ${bot.ctx.corpus.count()} cables here.` } });
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expectWithinLimits(m);
  });

  it('THEN not-found names the ID and links the suggestions', () => {
    const m = renderReply(first('06MOSCOW7540'), { owner: OWNER });
    const s = m.blocks[0];
    expect(s?.type === 'section' && s.text?.text.startsWith('No cable 06MOSCOW7540 in the release.')).toBe(true);
    expect(m.text).toBe('No cable 06MOSCOW7540 in the release.');
    expectWithinLimits(m);
  });

  it('THEN search lists the hits with linked IDs and bold matches', () => {
    const m = renderReply(first('search larijani'), { owner: OWNER });
    expect(m.text).toMatch(/^Top \d for “larijani”/);
    const hit = m.blocks[1];
    expect(hit?.type === 'section' && hit.text?.text).toMatch(/^1\. \*<https:\/\/wikileaks\.org\/cable\/[^|]+\|[0-9A-Z]+>\*/);
    expect(m.blocks.some((b) => b.type === 'section' && b.text?.text.includes('*Larijani*'))).toBe(true);
    expectWithinLimits(m);
  });

  it('THEN reasons are explained in words, the & of the notation escaped', () => {
    const m = renderReply(first('reasons 1.4 (B & D)'), { owner: OWNER });
    const s = m.blocks[0];
    expect(s?.type === 'section' && s.text?.text).toContain('• *1.4(b)* foreign government information');
    expect(texts(m).join('\n')).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('THEN help writes every form as /cable …', () => {
    const m = renderReply(first('help'), { owner: OWNER });
    const all = texts(m).join('\n');
    expect(all).toContain('`/cable &lt;ID&gt; ¶&lt;N&gt;`');
    expect(all).toContain('`/cable search larijani`');
    expect(all).toContain('`/cable 06MOSCOW754 ¶5`');
    expectWithinLimits(m);
  });

  it('THEN settings and errors are one section in the shared wording', () => {
    const { dir, cleanup } = tempDir('slack-render');
    const settings = new SqliteSettings(join(dir, 'settings.db'));
    try {
      const ctx = { ...bot.ctx, settings, caller: { platform: 'slack' as const, channelId: 'C1', userId: OWNER, canManageChannel: true } };
      const r = answerText(ctx, 'settings auto-detect off').replies[0];
      if (r === undefined) throw new Error('no reply');
      expect(renderReply(r, { owner: OWNER }).blocks).toEqual([
        { type: 'section', text: { type: 'mrkdwn', text: 'Automatic answers are now off in this channel. I answer only /cable here.' } },
      ]);
    } finally {
      settings.close();
      cleanup();
    }
    const e = renderReply(first('06MOSCOW754 ¶99'), { owner: OWNER });
    expect(e.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: ':warning: 06MOSCOW754 has no paragraph 99. It has ¶1–¶16 (16 numbered paragraphs).' } }]);
    expect(e.text).toBe('06MOSCOW754 has no paragraph 99. It has ¶1–¶16 (16 numbered paragraphs).');
  });
});

describe('GIVEN text that tries to become Slack markup', () => {
  const hostile = 'Read <!channel> & <@U123> <https://evil.example|wikileaks.org>';

  it('THEN cable text (subject, summary, paragraph) is escaped everywhere: no <!channel> or <@U…> can come out', () => {
    const card = reply(cable('06MOSCOW754'));
    const quoted = reply(cable('06MOSCOW754', [{ from: 5, to: 5 }]));
    if (card.kind !== 'cable' || quoted.kind !== 'paragraphs') throw new Error('kinds');
    const hostileCard: Reply = { ...card, cable: { ...card.cable, subject: hostile, origin: hostile }, summary: hostile, classifiedBy: hostile };
    const hostileQuote: Reply = { ...quoted, cable: { ...quoted.cable, subject: hostile }, paragraphs: quoted.paragraphs.map((p) => ({ ...p, heading: hostile, text: hostile })) };
    for (const r of [hostileCard, hostileQuote]) {
      const m = renderReply(r, { owner: OWNER });
      const all = texts(m);
      expect(all.some((t) => t.includes('Read &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|wikileaks.org&gt;'))).toBe(true);
      for (const t of all) {
        expect(t).not.toContain('<!channel>');
        expect(t).not.toContain('<@U123>');
        expect(t).not.toContain('<https://evil');
      }
    }
  });

  it('THEN user text quoted back in an error is escaped too', () => {
    const m = renderReply(first('<!channel> & <@U123>'), { owner: OWNER });
    expect(m.text).toBe('“&lt;!channel&gt;” is not a reference ID; they look like 06MOSCOW754. Type "help" for what I understand.');
    for (const t of texts(m)) expect(t).not.toMatch(/<[!@]/);
  });

  it('THEN fit() never splits an entity and never exceeds the limit', () => {
    for (let max = 1; max < 40; max++) {
      const out = fit('&&&& <<<< >>>> words & more words', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
    expect(splitText('a & b '.repeat(100), 50, (s) => `>${s}`).every((p) => p.length <= 50 && !/&(?!amp;|lt;|gt;)/.test(p))).toBe(true);
  });

  it('THEN text that escapes to five times its length (&&&…) splits into full sections, not one character each (found by npm run fuzz)', () => {
    const pieces = splitText('&'.repeat(10_000), 3_000, (s) => `>${s}`);
    expect(pieces.every((p) => p.length <= 3_000)).toBe(true);
    expect(pieces.join('').replace(/>/g, '')).toBe('&amp;'.repeat(10_000));
    // 50,000 escaped characters in sections of up to 3,000: about 17, where each once held one `&`.
    expect(pieces.length).toBeLessThan(25);
  });
});

describe('GIVEN an answer with more cables than the cap', () => {
  it('THEN there is one message per reply and the skipped note rides on the last; payload() is that list, without paging buttons', () => {
    const answer = { replies: [reply(cable('06MOSCOW754')), reply(cable('06MOSCOW754', [{ from: 5, to: 5 }]))], skipped: 2 };
    const messages = renderAnswer(answer, { owner: OWNER });
    expect(messages).toHaveLength(2);
    expect(messages[1]?.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '(2 more cables mentioned; I answer at most 3 at a time.)' }] });
    const payload = slackPayload(answer);
    expect(payload).toHaveLength(2);
    expect(JSON.stringify(payload)).not.toContain('cable_page_');
    expect(payload[0]).toEqual(renderReply(reply(cable('06MOSCOW754')), { owner: null }));
  });
});

describe('GIVEN a source reply (quote → source)', () => {
  const QUOTE = 'Larijani had said Ivanov and Russia were tougher on that issue than even UK Foreign Secretary Jack Straw';
  const PAR5 = 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5';
  const found = (text: string): SourceReply => {
    const r = reply({ command: 'source', options: { text } });
    if (r.kind !== 'source' || r.matches[0] === undefined) throw new Error(`no source for ${text}`);
    return r;
  };

  it('THEN an exact quote is the place linked to its paragraph with the title, classification · origin · date, the passage with the quote in bold, the verdict and a ¶ button', () => {
    const m = renderReply(found(QUOTE), { owner: OWNER });
    expect(m.text).toBe('06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line). Exact quote: the same words as the cable.');
    expect(m.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: `*<${PAR5}|06MOSCOW754 ¶5>* — Cable from Embassy Moscow, 2006-01-25 (no subject line)` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'SECRET · Embassy Moscow · 2006-01-25 17:40' }] },
      { type: 'section', text: { type: 'mrkdwn', text: expect.stringMatching(/^>\(S\) Ivanov said he had made clear that, in Moscow's view, .* "For us it's obvious\." \*Larijani had said .* Jack Straw\*, who had said \(according to Larijani\) .* …$/) } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Exact quote: the same words as the cable.' } },
      { type: 'actions', elements: [{ type: 'button', action_id: ACTION_IDS.paragraph, text: { type: 'plain_text', text: '¶5 on WikiLeaks' }, url: PAR5 }] },
    ]);
    expectWithinLimits(m);
  });

  it('THEN a misquote lists at most 5 differences and "and N more"; other candidates are linked with their verdicts; a cable without numbered paragraphs links the cable', () => {
    const r = found('Larijani said Ivanov and Moscow were much softer on this issue than even British Foreign Secretary Straw');
    const best = r.matches[0];
    if (best === undefined) throw new Error('no match');
    expect(best.differences.length).toBeGreaterThan(5);
    const verdict = renderReply(r, { owner: OWNER }).blocks[3];
    expect(verdict).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          `The quote differs from the cable in ${best.differences.length} places.`,
          '• the quote leaves out “had”',
          '• the cable says “Russia”, the quote says “Moscow”',
          '• the cable says “tougher”, the quote says “much softer”',
          '• the cable says “that”, the quote says “this”',
          '• the cable says “UK”, the quote says “British”',
          `• and ${best.differences.length - 5} more`,
        ].join('\n'),
      },
    });
    const unnumbered = { ...best, paragraph: null, url: best.cable.links.viewer, verdict: 'close' as const };
    const withOthers: SourceReply = { ...r, matches: [best, { ...best, paragraph: 7, url: `${best.cable.links.viewer ?? ''}#par7` }, unnumbered] };
    const m = renderReply(withOthers, { owner: OWNER });
    expect(m.blocks[4]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          'Also about as close (2):',
          '• <https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par7|06MOSCOW754 ¶7> — Cable from Embassy Moscow, 2006-01-25 (no subject line) · differs',
          '• <https://wikileaks.org/cable/2006/01/06MOSCOW754.html|06MOSCOW754 (text without numbered paragraphs)> — Cable from Embassy Moscow, 2006-01-25 (no subject line) · close',
        ].join('\n'),
      },
    });
    const alone = renderReply({ ...r, matches: [unnumbered] }, { owner: OWNER });
    expect(alone.blocks.at(-1)).toEqual({ type: 'actions', elements: [{ type: 'button', action_id: ACTION_IDS.viewer, text: { type: 'plain_text', text: 'Read on WikiLeaks' }, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html' }] });
    expect(alone.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*<https://wikileaks.org/cable/2006/01/06MOSCOW754.html|06MOSCOW754 (text without numbered paragraphs)>* — Cable from Embassy Moscow, 2006-01-25 (no subject line)' } });
  });

  it('THEN no match is the one not-found sentence, naming the store’s size', () => {
    const r = reply({ command: 'source', options: { text: 'the quick brown fox jumps over the lazy dog once again' } });
    expect(r).toMatchObject({ kind: 'source', matches: [] });
    const sentence = `No cable passage matches that quote: not found in the 30 cables of this store. This store holds 30 of the release's 251,287 cables; importing the full release (npx cablebot import cables.csv) widens the search.`;
    expect(renderReply(r, { owner: OWNER })).toEqual({ text: sentence, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: sentence } }] });
  });

  it('THEN a hostile quote and cable text (<!channel>, &, <@U123>, 2,000 characters) stay escaped, the match still bold, and every limit holds', () => {
    const real = found(QUOTE);
    const best = real.matches[0];
    if (best === undefined) throw new Error('no match');
    const hostile = '<!channel> & <@U123> <https://evil.example|wikileaks.org> ';
    const long = hostile.repeat(Math.ceil(2_000 / hostile.length)).slice(0, 2_000);
    const amps = '&'.repeat(2_000);
    const text = `${long}${amps}${long}`;
    const match: SourceMatchReply = {
      ...best,
      cable: { ...best.cable, subject: long, origin: hostile, classification: hostile },
      text,
      marking: hostile,
      span: { start: 1_000, end: 3_000 },
      differences: Array.from({ length: 7 }, () => ({ quote: long, cable: amps })),
    };
    const r: SourceReply = { ...real, quote: long, matches: [match, { ...match, paragraph: 6 }, { ...match, url: null }] };
    const m = renderReply(r, { owner: OWNER });
    expectWithinLimits(m);
    expect(m.text.length).toBeLessThanOrEqual(500);
    const all = texts(m);
    for (const t of all) {
      const rest = t.replace(/<https:\/\/wikileaks\.org\/[^<>|]+\|[^<>]+>/g, '').replace(/^>/gm, '');
      expect(rest).not.toMatch(/[<>]/);
      expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(all.some((t) => t.includes('&lt;!channel&gt; &amp; &lt;@U123&gt;'))).toBe(true);
    // The excerpt (2,000 characters that escape to up to 10,000) was taken smaller until it fit, the match still in bold.
    const excerpt = m.blocks[2];
    if (excerpt?.type !== 'section') throw new Error('no excerpt section');
    expect(excerpt.text?.text).toMatch(/^>\(&lt;!channel&gt;.*\*[^*]+\*/s);
    expect(excerpt.text?.text.length).toBeLessThanOrEqual(3_000);
    expect(texts(m).join('\n')).toContain('• and 2 more');
  });
});
