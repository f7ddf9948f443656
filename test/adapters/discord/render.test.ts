/**
 * Discord message bodies for every reply kind, from replies the real commands build over the
 * real fixture store, and the limits enforced whatever the content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EPHEMERAL, LIMITS, classificationColour, embedLength, fitEscaped, fitMessage, md, renderAnswer, renderReply, type DiscordMessage } from '../../../adapters/discord/render.ts';
import { discordPayload } from '../../../adapters/discord/index.ts';
import { answerText, runInput } from '../../../src/core/answer.ts';
import { decodePageAction } from '../../../src/core/paging.ts';
import type { CommandInput, ParagraphSpan } from '../../../src/core/input.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const cable = (ref: string, paragraphs: ParagraphSpan[] = []): CommandInput => ({ command: 'cable', options: { ref, paragraphs, source: 'command' } });
const reply = (input: CommandInput): Reply => runInput(bot.ctx, input);
const render = (input: CommandInput, owner: string | null = '1052203478112591952'): DiscordMessage => renderReply(reply(input), { owner });

/** Every limit Discord enforces on a message body. */
function expectWithinLimits(body: DiscordMessage): void {
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect((body.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  let total = 0;
  for (const e of body.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
    expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    total += embedLength(e);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
}

describe('GIVEN the seed card 06MOSCOW754', () => {
  it('THEN the embed has the ID and fallback title, the viewer URL, red for SECRET, the four fields, reasons in words and the hashtags', () => {
    const body = render(cable('06MOSCOW754'));
    expectWithinLimits(body);
    expect(body.flags).toBeUndefined();
    const e = body.embeds[0];
    expect(e?.title).toBe('06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)');
    expect(e?.url).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html');
    expect(e?.color).toBe(classificationColour('SECRET'));
    expect(e?.fields?.slice(0, 4)).toEqual([
      { name: 'Created', value: '2006-01-25 17:40', inline: true },
      { name: 'Released', value: '2011-08-30 01:44', inline: true },
      { name: 'Classification', value: 'SECRET', inline: true },
      { name: 'Origin', value: 'Embassy Moscow', inline: true },
    ]);
    const reasons = e?.fields?.find((f) => f.name === 'Reasons');
    expect(reasons?.value).toContain('**1.4(b)** foreign government information');
    expect(e?.fields?.find((f) => f.name === 'Classified by')?.value).toContain('Ambassador William J. Burns');
    expect(e?.description).toContain('**Summary:** Ambassador met January 25');
    expect(e?.description).toContain('[Read on WikiLeaks](https://wikileaks.org/cable/2006/01/06MOSCOW754.html) · [PlusD](https://wikileaks.org/plusd/cables/06MOSCOW754_a.html)');
    expect(e?.footer).toEqual({ text: '#cablegate #06MOSCOW754' });
    // A card offers to start reading at ¶1, for the asker only.
    expect(body.components).toEqual([{ type: 1, components: [{ type: 2, style: 2, label: 'Read ¶1 ▶', custom_id: 'cbp|06MOSCOW754|1|1052203478112591952' }] }]);
  });

  it('THEN the compact card (answering a message) keeps the head and fields and drops the reasons', () => {
    const body = renderReply(reply(cable('06MOSCOW754')), { owner: '5', compact: true });
    expectWithinLimits(body);
    const e = body.embeds[0];
    expect(e?.fields?.map((f) => f.name)).toEqual(['Created', 'Released', 'Classification', 'Origin']);
    expect((e?.description ?? '').length).toBeLessThan(700);
  });

  it('THEN a misprint says how it was read', () => {
    expect(render(cable('08ECTION01OF02MANAMA492')).embeds[0]?.description).toContain('*08ECTION01OF02MANAMA492 is a misprinted ID as WikiLeaks published it; the correct ID is 08MANAMA492.*');
  });
});

describe('GIVEN a quote', () => {
  it('THEN ¶5 shows the number linking to #par5, the marking, the text, and prev/next/card buttons owned by the asker', () => {
    const body = render(cable('06MOSCOW754', [{ from: 5, to: 5 }]));
    expectWithinLimits(body);
    const e = body.embeds[0];
    expect(e?.title).toBe('06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line)');
    expect(e?.url).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5');
    expect(e?.description).toMatch(/^\*\*\[¶5\]\(https:\/\/wikileaks\.org\/cable\/2006\/01\/06MOSCOW754\.html#par5\)\*\* \(S\) /);
    expect(e?.footer).toEqual({ text: 'SECRET · #cablegate #06MOSCOW754' });
    const buttons = body.components[0]?.components ?? [];
    expect(buttons.map((b) => ('label' in b ? b.label : null))).toEqual(['◀ ¶4', '¶6 ▶', 'Whole cable']);
    const ids = buttons.map((b) => ('custom_id' in b ? decodePageAction(b.custom_id) : null));
    expect(ids).toEqual([
      { id: '06MOSCOW754', target: 4, owner: '1052203478112591952' },
      { id: '06MOSCOW754', target: 6, owner: '1052203478112591952' },
      { id: '06MOSCOW754', target: 'card', owner: '1052203478112591952' },
    ]);
  });

  it('THEN a heading printed before the paragraph is shown in bold', () => {
    expect(render(cable('06MOSCOW754', [{ from: 3, to: 3 }])).embeds[0]?.description).toMatch(/^\*\*Moratorium on Enrichment Activities\*\*\n\*\*\[¶3\]/);
  });

  it('THEN the 9,599-character ¶4 of 08STATE43817 is cut at a word boundary and continued at ¶4 on the viewer', () => {
    const r = reply(cable('08STATE43817', [{ from: 4, to: 4 }]));
    if (r.kind !== 'paragraphs') throw new Error(r.kind);
    expect(r.paragraphs[0]?.text.length).toBe(9599);
    const body = renderReply(r, { owner: '1' });
    expectWithinLimits(body);
    const d = body.embeds[0]?.description ?? '';
    const tail = ' continued at [¶4](https://wikileaks.org/cable/2008/04/08STATE43817.html#par4)';
    expect(d.endsWith(tail)).toBe(true);
    const cut = d.slice(0, -tail.length);
    expect(cut.endsWith('…')).toBe(true);
    // The word before the cut is whole: the text up to it is a prefix of the paragraph ending at a space.
    const lastWords = cut.slice(-40, -1).trim().replace(/\\/g, '');
    const at = (r.paragraphs[0]?.text ?? '').indexOf(lastWords);
    expect(at).toBeGreaterThan(1000);
    expect(/[\s.,;:)]/.test((r.paragraphs[0]?.text ?? '').charAt(at + lastWords.length))).toBe(true);
    expect(d.length).toBeGreaterThan(3000);
  });

  it('THEN ten paragraphs with the long ones share the description and stay within every limit', () => {
    const body = render(cable('08STATE43817', [{ from: 1, to: 10 }]));
    expectWithinLimits(body);
    const d = body.embeds[0]?.description ?? '';
    expect(d).toContain('continued at [¶4]');
    expect(d).toContain('[¶1]');
  });

  it('THEN missing paragraphs are named', () => {
    expect(render(cable('06MOSCOW754', [{ from: 5, to: 5 }, { from: 40, to: 40 }])).embeds[0]?.description).toContain('Not in this cable: ¶40 (it has ¶1–¶16).');
  });

  it('THEN without an owner there are no buttons', () => {
    expect(render(cable('06MOSCOW754', [{ from: 5, to: 5 }]), null).components).toEqual([]);
  });
});

describe('GIVEN the other reply kinds', () => {
  it('THEN not-in-corpus links the viewer', () => {
    const body = render(cable('06MOSCOW789'));
    expectWithinLimits(body);
    expect(body.embeds[0]).toMatchObject({ title: '06MOSCOW789', url: expect.stringContaining('06MOSCOW789.html'), footer: { text: '#cablegate #06MOSCOW789' } });
    expect(body.embeds[0]?.description).toContain('is in the release, but its text is not among the 30 cables here.');
  });

  it('THEN not-found is ephemeral text with suggestions as unfurl-free links', () => {
    const body = render(cable('06MOSCOW99999'));
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.embeds).toEqual([]);
    expect(body.content).toContain('No cable 06MOSCOW99999 in the release.');
  });

  it('THEN search shows numbered hits with bold matches', () => {
    const body = render({ command: 'search', options: { query: 'larijani', origin: null, year: null } });
    expectWithinLimits(body);
    const e = body.embeds[0];
    expect(e?.title).toBe('Search: “larijani”');
    expect(e?.description).toContain('**1. [06MOSCOW754](https://wikileaks.org/cable/2006/01/06MOSCOW754.html)**');
    expect(e?.description).toMatch(/\*\*Larijani\*\*/i);
  });

  it('THEN a search with no hits says so', () => {
    expect(render({ command: 'search', options: { query: 'zzzxqqq', origin: null, year: null } }).embeds[0]?.description).toContain('No cables match “zzzxqqq” among 30 cables.');
  });

  it('THEN reasons are explained in the order’s words', () => {
    const body = render({ command: 'reasons', options: { text: '1.4 (B & D)' } });
    expect(body.embeds[0]?.description).toContain('**1.4(b)** foreign government information');
  });

  it('THEN help lists the Discord command names and is ephemeral', () => {
    const body = render({ command: 'help', options: { topic: null } });
    expectWithinLimits(body);
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.embeds[0]?.fields?.map((f) => f.name)).toEqual(['/cable', '/cable-search', '/cable-source', '/cable-reasons', '/cable-settings', '/cable-help', 'In chat messages I also answer']);
  });

  it('THEN settings and errors are words from words.ts; errors ephemeral', () => {
    const changed = renderReply({ kind: 'settings', platform: 'discord', channelId: '1', autoDetect: false, offInParent: null, changed: true, globallyEnabled: true }, { owner: null });
    expect(changed).toEqual({ content: 'Automatic answers are now off in this channel. I answer only /cable here.', embeds: [], components: [], allowed_mentions: { parse: [] } });
    const error = answerText(bot.ctx, '06MOSCOW754 please');
    const body = renderAnswer(error, { owner: null })[0];
    expect(body?.flags).toBe(EPHEMERAL);
    expect(body?.content).toBe('I don\'t understand “please” after the reference ID. Add a paragraph like ¶5, or nothing.');
  });

  it('THEN private makes every reply ephemeral, and the skipped note ends the last message', () => {
    const answer = answerText(bot.ctx, '06MOSCOW754 08MANAMA492 08STATE43817 06MOSCOW789');
    const bodies = renderAnswer(answer, { owner: '1', private: true });
    expect(bodies).toHaveLength(3);
    for (const b of bodies) expect(b.flags).toBe(EPHEMERAL);
    expect(bodies[2]?.content).toBe('(1 more cable mentioned; I answer at most 3 at a time.)');
  });
});

describe('GIVEN hostile or oversized content', () => {
  it('THEN markdown and mentions in user text are shown literally and ping nobody', () => {
    const body = renderAnswer(answerText(bot.ctx, '06MOSCOW754 @everyone <@&123> **x**'), { owner: null })[0];
    expect(body?.allowed_mentions).toEqual({ parse: [] });
    expect(body?.content).toContain('@everyone');
    expect(body?.content).not.toContain('**x**');
  });

  it('THEN every masked link on a line is escaped, not only the first (found by npm run fuzz)', () => {
    expect(md('[a](b) [click](https://evil.example) [x](javascript:alert(1))')).toBe('\\[a](b) \\[click](https://evil.example) \\[x](javascript:alert(1))');
    const body = renderAnswer(answerText(bot.ctx, 'search [a](b) [click](https://evil.example)'), { owner: null })[0];
    expect(JSON.stringify(body)).not.toMatch(/[^\\]\[click\]/);
  });

  it('THEN emphasis is escaped as before, URLs keep their underscores, and a long line of _ or * is escaped in linear time (found by npm run fuzz)', () => {
    expect(md('a_b *c* **d** __e__ ~~f~~ * item')).toBe('a\\_b \\*c\\* \\*\\*d\\*\\* \\_\\_e\\_\\_ \\~\\~f\\~\\~ \\* item');
    expect(md('\\_ see https://wikileaks.org/plusd/cables/06MOSCOW754_a.html')).toBe('\\\\\\_ see https://wikileaks.org/plusd/cables/06MOSCOW754_a.html');
    const started = performance.now();
    const out = md('_ x'.repeat(30_000) + '*'.repeat(30_000));
    // discord.js's own emphasis escape took seconds here (a look-behind per `_`); a loose bound, not a benchmark.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out.match(/\\_/g)).toHaveLength(30_000);
  });

  it('THEN fitMessage enforces title, description, field, 25-field, 6,000-total and content limits', () => {
    const long = 'word '.repeat(3000);
    const body = fitMessage({
      content: long,
      embeds: [{ title: long, description: long, fields: Array.from({ length: 30 }, (_, i) => ({ name: `${i}${long}`, value: long })), footer: { text: long } }],
      components: [],
      allowed_mentions: { parse: [] },
    });
    expectWithinLimits(body);
    expect(body.content?.endsWith('…')).toBe(true);
    const small = fitMessage({ embeds: [{ fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }], components: [], allowed_mentions: { parse: [] } });
    expect(small.embeds[0]?.fields).toHaveLength(25);
  });

  it('THEN fitEscaped never exceeds its budget, whatever markdown the text is made of', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '~', '`', '|', '>', '#', '-', '[', ']', '\\', ' ', 'a', '.', '\n'), maxLength: 600 }), fc.integer({ min: 0, max: 300 }), (text, max) => {
        const out = fitEscaped(text, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(0, max));
      }),
      { numRuns: 500 },
    );
  });

  it('THEN quotes of ten paragraphs of any length and markdown stay within every limit', () => {
    const template = reply(cable('06MOSCOW754', [{ from: 1, to: 10 }]));
    if (template.kind !== 'paragraphs') throw new Error(template.kind);
    const text = fc.string({ unit: fc.constantFrom('*', '_', '`', '>', '@everyone ', 'word ', 'x', '\n', '. '), maxLength: 3000 });
    fc.assert(
      fc.property(fc.array(fc.record({ text, heading: fc.option(text, { nil: null }) }), { minLength: 1, maxLength: 10 }), (paragraphs) => {
        const body = renderReply({ ...template, paragraphs: paragraphs.map((p, i) => ({ number: i + 1, marking: 'S', heading: p.heading, text: p.text, url: `https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par${i + 1}` })) }, { owner: '1' });
        expectWithinLimits(body);
      }),
      { numRuns: 100 },
    );
  });

  it('THEN payload() gives the bodies `cablebot lookup --format discord` prints', () => {
    const bodies = discordPayload(answerText(bot.ctx, '06MOSCOW754 ¶5'));
    expect(bodies).toEqual([renderReply(reply(cable('06MOSCOW754', [{ from: 5, to: 5 }])), { owner: '0' })]);
  });
});

describe('GIVEN a source reply', () => {
  const STRAW = 'Larijani had said Ivanov and Russia were tougher on that issue than even UK Foreign Secretary Jack Straw';
  const source = (text: string): Reply => reply({ command: 'source', options: { text } });
  /** The text of a real paragraph, from the store through the cable command. */
  const paragraphText = (id: string, n: number): string => {
    const quoted = reply(cable(id, [{ from: n, to: n }]));
    if (quoted.kind !== 'paragraphs') throw new Error(quoted.kind);
    return quoted.paragraphs[0]?.text ?? '';
  };

  it('THEN an exact quote of 06MOSCOW754 ¶5 is a visible embed: place and title, the #par5 link, the quote in bold in its paragraph, the verdict, the links and classification · origin · date', () => {
    const body = renderReply(source(STRAW), { owner: null });
    expectWithinLimits(body);
    expect(body.flags).toBeUndefined();
    expect(body.content).toBeUndefined();
    expect(body.embeds).toHaveLength(1);
    const e = body.embeds[0];
    expect(e?.title).toBe('06MOSCOW754 ¶5 — Cable from Embassy Moscow, 2006-01-25 (no subject line)');
    expect(e?.url).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5');
    expect(e?.color).toBe(classificationColour('SECRET'));
    expect(e?.footer).toEqual({ text: 'SECRET · Embassy Moscow · created 2006-01-25 17:40' });
    expect(e?.fields).toEqual([]);
    const lines = (e?.description ?? '').split('\n');
    // The marking, then the paragraph around the quote (600 characters, cut with …), the quote in bold.
    expect(lines[0]).toBe(
      '(S) … that, in Moscow\'s view, since the IAEA had sealed the centrifuges pursuant to the Paris agreement, breaking the seals broke the moratorium. "For us it\'s obvious." ' +
        '**Larijani had said Ivanov and Russia were tougher on that issue than even UK Foreign Secretary Jack Straw**, who had said (according to Larijani) that the centrifuges did not need to be re-sealed, ' +
        'if Iran simply refrained from introducing gas into them. Ivanov had responded that the EU-3 could define what their position was, but he had stated Russia\'s position. …',
    );
    expect(lines.slice(1)).toEqual([
      '',
      'Exact quote: the same words as the cable.',
      '',
      '[Read ¶5 on WikiLeaks](https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5) · [PlusD](https://wikileaks.org/plusd/cables/06MOSCOW754_a.html)',
    ]);
  });

  it('THEN a misquote says how it differs, side by side, at most 5 differences and "and N more"', () => {
    const close = renderReply(source(STRAW.replace('tougher', 'softer')), { owner: null });
    expect(close.embeds[0]?.description?.split('\n').slice(2, 4)).toEqual(['Close quote: one or two words differ from the cable.', '• the cable says “tougher”, the quote says “softer”']);
    const template = source(STRAW);
    if (template.kind !== 'source' || template.matches[0] === undefined) throw new Error('no match');
    const differences = Array.from({ length: 7 }, (_, i) => ({ quote: `word${i}`, cable: i % 2 === 0 ? '' : `cable${i}` }));
    const many = renderReply({ ...template, matches: [{ ...template.matches[0], verdict: 'differs', differences }] }, { owner: null });
    expect(many.embeds[0]?.description?.split('\n').slice(2, 9)).toEqual([
      'The quote differs from the cable in 7 places.',
      '• the quote adds “word0”',
      '• the cable says “cable1”, the quote says “word1”',
      '• the quote adds “word2”',
      '• the cable says “cable3”, the quote says “word3”',
      '• the quote adds “word4”',
      '• and 2 more',
    ]);
  });

  it('THEN the other candidates are one field, each linking its paragraph on the viewer with its verdict', () => {
    const template = source(STRAW);
    if (template.kind !== 'source' || template.matches[0] === undefined) throw new Error('no match');
    const best = template.matches[0];
    const other = { ...best, paragraph: 6, verdict: 'close' as const, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par6' };
    const unnumbered = { ...best, paragraph: null, verdict: 'differs' as const, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html' };
    const body = renderReply({ ...template, matches: [best, other, unnumbered] }, { owner: null });
    expectWithinLimits(body);
    expect(body.embeds[0]?.fields).toEqual([
      {
        name: 'Also about as close (2):',
        value: [
          '• [06MOSCOW754 ¶6](https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par6) — Cable from Embassy Moscow, 2006-01-25 (no subject line) · close',
          '• [06MOSCOW754 (text without numbered paragraphs)](https://wikileaks.org/cable/2006/01/06MOSCOW754.html) — Cable from Embassy Moscow, 2006-01-25 (no subject line) · differs',
        ].join('\n'),
        inline: false,
      },
    ]);
  });

  it('THEN a quote found nowhere is an ephemeral sentence saying how many cables were searched, with or without private', () => {
    const missing = source('The quick brown fox jumps over the lazy dog near the river bank');
    const expected: DiscordMessage = {
      content: "No cable passage matches that quote: not found in the 30 cables of this store. This store holds 30 of the release's 251,287 cables; importing the full release (npx cablebot import cables.csv) widens the search.",
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
      flags: EPHEMERAL,
    };
    expect(renderReply(missing, { owner: null })).toEqual(expected);
    expect(renderReply(missing, { owner: null, private: true })).toEqual(expected);
    expect(renderReply(source(STRAW), { owner: null, private: true }).flags).toBe(EPHEMERAL);
  });

  it('THEN the end of the longest real paragraph (08STATE43817 ¶4, 9,599 characters) is shown cut before, with the quote in bold to its last word, within every limit', () => {
    const text = paragraphText('08STATE43817', 4);
    expect(text.length).toBe(9599);
    const words = text.split(/\s+/);
    const tail = source(words.slice(-40).join(' '));
    const body = renderReply(tail, { owner: null });
    expectWithinLimits(body);
    expect(body.embeds[0]?.title).toBe("08STATE43817 ¶4 — syria's clandestine nuclear program");
    expect(body.embeds[0]?.url).toBe('https://wikileaks.org/cable/2008/04/08STATE43817.html#par4');
    expect(body.embeds[0]?.description).toMatch(/^\(SBU\) … .*\*\*consensus among nations that proliferation cannot be tolerated\. .* End text of background information\*\*\.\n/);
    // A 2,000-character quote of its middle: the whole span is shown, in bold.
    const middle = text.slice(3000, 5000);
    const long = renderReply(source(middle), { owner: null });
    expectWithinLimits(long);
    const bold = /\*\*(.+)\*\*/.exec(long.embeds[0]?.description ?? '')?.[1] ?? '';
    expect(bold.length).toBeGreaterThan(1900);
  });

  it('THEN a hostile 2,000-character quote (@everyone, <@&123>, markdown, masked links) pings nobody, leaves no live markup and keeps every limit', () => {
    const words = paragraphText('08STATE43817', 4).split(/\s+/);
    const hostile = words
      .slice(200, 520)
      .map((w, i) => (i % 25 === 7 ? `${w} @everyone <@&123> **bold** __u__ [click](https://evil.example) \`code\`` : w))
      .join(' ')
      .slice(0, 2000);
    expect(hostile.length).toBe(2000);
    const found = source(hostile);
    if (found.kind !== 'source') throw new Error(found.kind);
    expect(found.matches[0]?.verdict).toBe('differs');
    const body = renderReply(found, { owner: null });
    expectWithinLimits(body);
    const json = JSON.stringify(body);
    expect(json).not.toMatch(/[^\\]\[click\]/);
    expect(json).not.toContain('**bold**');
    expect(body.embeds[0]?.description).toContain('• and ');
    // Too short to look up: the quote comes back in the error sentence, as text that pings nobody.
    const short = renderReply(source('@everyone <@&123> **x**'), { owner: null });
    expect(short).toEqual({
      content: '“@everyone <@&123> \\*\\*x\\*\\*” is too short to tell one cable from another: paste at least 4 words of the passage.',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
      flags: EPHEMERAL,
    });
  });

  it('THEN source embeds of any paragraph, span, differences and candidates made of markdown stay within every limit with the span in bold', () => {
    const template = source(STRAW);
    if (template.kind !== 'source' || template.matches[0] === undefined) throw new Error('no match');
    const best = template.matches[0];
    const text = fc.string({ unit: fc.constantFrom('*', '_', '`', '>', '\\', '[', '](', '@everyone ', '<@&123> ', 'word ', 'x', '\n', '. '), maxLength: 10_000 });
    const short = fc.string({ unit: fc.constantFrom('*', '_', '\\', '[', '@everyone', ' ', 'w'), maxLength: 2000 });
    const match = fc.record({ text, a: fc.nat(), b: fc.nat(), differences: fc.array(fc.record({ quote: short, cable: short }), { maxLength: 12 }), title: short, marking: fc.option(short, { nil: null }) });
    fc.assert(
      fc.property(fc.array(match, { minLength: 1, maxLength: 3 }), (ms) => {
        const matches = ms.map((m) => {
          const start = m.text.length === 0 ? 0 : m.a % m.text.length;
          const end = start + (m.text.length === 0 ? 0 : m.b % (m.text.length - start + 1));
          return { ...best, text: m.text, span: { start, end }, differences: m.differences, marking: m.marking, verdict: 'differs' as const, cable: { ...best.cable, subject: m.title } };
        });
        const body = renderReply({ ...template, matches }, { owner: null });
        expectWithinLimits(body);
        expect(body.embeds).toHaveLength(1);
        const first = matches[0];
        if (first !== undefined && first.text.slice(first.span.start, first.span.end).trim() !== '') expect(body.embeds[0]?.description).toMatch(/\*\*[^*\s]/);
      }),
      { numRuns: 100 },
    );
  });
});
