/**
 * The entry points adapters call, end to end over the real fixture store: explicit text,
 * chat messages (automatic detection: quiet on anything it cannot answer), console lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerLine, answerMessage, answerText, isKnownId } from '../../src/core/answer.ts';
import type { Answer } from '../../src/core/reply.ts';
import { openFixtureBot, type FixtureBot } from './bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

/** Each reply as `kind id [¶numbers]`, for compact expectations. */
function summary(a: Answer): string[] {
  return a.replies.map((r) => {
    if (r.kind === 'cable') return `cable ${r.cable.id}`;
    if (r.kind === 'paragraphs') return `paragraphs ${r.cable.id} ${r.paragraphs.map((p) => p.number).join(',')}`;
    if (r.kind === 'not-in-corpus') return `not-in-corpus ${r.cable.id}`;
    if (r.kind === 'not-found') return `not-found ${r.typed}`;
    if (r.kind === 'error') return `error ${r.code}`;
    return r.kind;
  });
}

describe('GIVEN explicit text (/cable …)', () => {
  it.each([
    ['/cable 06MOSCOW754 ¶5', ['paragraphs 06MOSCOW754 5']],
    ['06MOSCOW754#par5', ['paragraphs 06MOSCOW754 5']],
    ['06moscow754 para 3-5', ['paragraphs 06MOSCOW754 3,4,5']],
    ['06MOSCOW754 ¶3,7', ['paragraphs 06MOSCOW754 3,7']],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5', ['paragraphs 06MOSCOW754 5']],
    ['06MOSCOW754 08MANAMA492', ['cable 06MOSCOW754', 'cable 08ECTION01OF02MANAMA492']],
    ['search larijani origin:moscow year:2006', ['search']],
    ['reasons 1.4 (B & D)', ['reasons']],
    ['help', ['help']],
    ['06MOSCOW754 ¶0', ['error bad-paragraph']],
    ['06MOSCOW754 ¶5-3', ['error bad-range']],
    ['06MOSCOW754 please', ['error trailing-text']],
    ['/cable', ['error empty']],
    ['06MOSCOW745', ['not-found 06MOSCOW745']],
    ['06MOSCOW754 ¶17', ['error paragraph-not-found']],
  ])('GIVEN %j THEN %j', (text, expected) => {
    expect(summary(answerText(bot.ctx, text))).toEqual(expected);
  });

  it('THEN more than three cables on one line answers three and counts the rest', () => {
    const a = answerText(bot.ctx, '06MOSCOW754 02ROME1196 06BOGOTA2076 09MOSCOW1530 79TEHRAN8980');
    expect(a.replies).toHaveLength(3);
    expect(a.skipped).toBe(2);
  });
});

describe('GIVEN a chat message (automatic detection)', () => {
  it('THEN #cablegate #06MOSCOW754 answers the card once; #cablegate alone answers nothing', () => {
    expect(summary(answerMessage(bot.ctx, 'Worth reading #cablegate #06MOSCOW754'))).toEqual(['cable 06MOSCOW754']);
    expect(answerMessage(bot.ctx, 'so much #cablegate today')).toEqual({ replies: [], skipped: 0 });
  });

  it('THEN the seed link quotes ¶5 with the same deep link', () => {
    const a = answerMessage(bot.ctx, 'see https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5 for the Straw bit');
    const r = a.replies[0];
    expect(r?.kind).toBe('paragraphs');
    if (r?.kind === 'paragraphs') expect(r.paragraphs[0]?.url).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5');
  });

  it('THEN an ID¶N in prose quotes it, a known bare ID gets its card, an unknown one is ignored', () => {
    expect(summary(answerMessage(bot.ctx, 'as 06MOSCOW754 ¶5 says'))).toEqual(['paragraphs 06MOSCOW754 5']);
    expect(summary(answerMessage(bot.ctx, 'compare 02ROME1196 with this'))).toEqual(['cable 02ROME1196']);
    expect(summary(answerMessage(bot.ctx, 'my order 06ABCDEF123 arrived'))).toEqual([]);
  });

  it('THEN errors and unknown cables are never answered automatically, but "text not here" is', () => {
    expect(answerMessage(bot.ctx, '#06MOSCOW745 and #06MOSCOW754¶40').replies).toEqual([]);
    expect(summary(answerMessage(bot.ctx, 'old news: #06MOSCOW789'))).toEqual(['not-in-corpus 06MOSCOW789']);
  });

  it('THEN code, quotes and <no-preview> links are ignored, and commands in prose are not run', () => {
    for (const text of ['`#06MOSCOW754`', '```\n#06MOSCOW754\n```', '> #06MOSCOW754', '<https://wikileaks.org/cable/2006/01/06MOSCOW754.html>', 'search larijani', 'help']) {
      expect(answerMessage(bot.ctx, text).replies, text).toEqual([]);
    }
  });

  it('THEN at most three cables are answered and the rest counted', () => {
    const a = answerMessage(bot.ctx, '#06MOSCOW754 #02ROME1196 #06BOGOTA2076 #09MOSCOW1530 #06MOSCOW754');
    expect(summary(a)).toEqual(['cable 06MOSCOW754', 'cable 02ROME1196', 'cable 06BOGOTA2076']);
    expect(a.skipped).toBe(1);
  });

  it('THEN IDs that are not in the release take none of the three places and are not counted as skipped', () => {
    const made = '#06MOSCOW99991 #06MOSCOW99992 06MOSCOW99993 ¶2 https://wikileaks.org/cable/2006/01/06MOSCOW99994.html';
    const a = answerMessage(bot.ctx, `${made} #06MOSCOW754 #02ROME1196 #06BOGOTA2076 #09MOSCOW1530`);
    expect(summary(a)).toEqual(['cable 06MOSCOW754', 'cable 02ROME1196', 'cable 06BOGOTA2076']);
    expect(a.skipped).toBe(1);
    expect(answerMessage(bot.ctx, `${made} #06MOSCOW754`)).toMatchObject({ skipped: 0 });
  });

  it('THEN Slack-style <url|label> links are read in slack mode only', () => {
    const text = 'read <https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par2|this>';
    expect(answerMessage(bot.ctx, text).replies).toEqual([]);
    expect(summary(answerMessage(bot.ctx, text, { angleBrackets: 'slack' }))).toEqual(['paragraphs 06MOSCOW754 2']);
  });
});

describe('GIVEN a console line', () => {
  it('THEN a command is answered as a command, a sentence as a message, and nonsense gets the error', () => {
    expect(summary(answerLine(bot.ctx, '06MOSCOW754 ¶5'))).toEqual(['paragraphs 06MOSCOW754 5']);
    expect(summary(answerLine(bot.ctx, 'what about #06MOSCOW754 then'))).toEqual(['cable 06MOSCOW754']);
    expect(summary(answerLine(bot.ctx, 'hello there'))).toEqual(['error not-an-id']);
  });
});

describe('GIVEN isKnownId', () => {
  it('THEN release IDs in any canonical form and stored cables are known; made-up IDs are not', () => {
    for (const id of ['06MOSCOW754', '06MOSCOW0754', '08MANAMA492', '08ECTION01OF02MANAMA492', '2006MOSCOW754']) expect(isKnownId(bot.ctx, id), id).toBe(true);
    for (const id of ['06MOSCOW745', '06ABCDEF123', 'CABLEGATE']) expect(isKnownId(bot.ctx, id), id).toBe(false);
  });
});
