/**
 * `source` over a real store of the fixture pages: real paragraphs of 06MOSCOW754 (mixed
 * case, the seed) and 02BOGOTA3281 (capitals, a redaction) quoted as people quote — verbatim,
 * in capitals, with curly quotes, ellipses, bracketed insertions, changed and dropped words —
 * and text that is in no cable; the JSON contract; hostile input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, runInput } from '../../../src/core/answer.ts';
import type { CommandContext } from '../../../src/core/command.ts';
import type { Reply, SourceReply } from '../../../src/core/reply.ts';
import { openFixtureBot, type FixtureBot } from '../bot-fixture.ts';

let bot: FixtureBot;
let ctx: CommandContext;
let p5: string;
beforeAll(async () => {
  bot = await openFixtureBot();
  ctx = bot.ctx;
  p5 = ctx.corpus.getCable('06MOSCOW754')?.paragraphs.find((p) => p.number === 5)?.text ?? '';
});
afterAll(() => bot.close());

function source(text: string): SourceReply {
  const reply: Reply = runInput(ctx, { command: 'source', options: { text } });
  expect(reply.kind, JSON.stringify(reply).slice(0, 300)).toBe('source');
  if (reply.kind !== 'source') throw new Error('unreachable');
  return reply;
}

const STRAW = 'Larijani had said Ivanov and Russia were tougher on that issue than even UK Foreign Secretary Jack Straw';

describe('GIVEN a verbatim quote of 06MOSCOW754 ¶5', () => {
  it('THEN the best match is 06MOSCOW754 ¶5, exact, with the span of the quote in the paragraph and the deep link', () => {
    const r = source(STRAW);
    expect(r.matches).toHaveLength(1);
    const m = r.matches[0];
    expect(m).toMatchObject({ id: '06MOSCOW754', paragraph: 5, verdict: 'exact', score: 1, differences: [], marking: 'S', url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' });
    expect(m?.text).toBe(p5);
    expect(p5.slice(m?.span.start, m?.span.end)).toBe(STRAW);
    expect(m?.cable).toMatchObject({ id: '06MOSCOW754', created: '2006-01-25 17:40', classification: 'SECRET' });
    expect(r).toMatchObject({ quote: STRAW, corpusSize: ctx.corpus.count(), releaseSize: 251_287 });
  });
});

describe('GIVEN the same passage quoted as people quote it', () => {
  const cases: [string, string][] = [
    ['capitals', STRAW.toUpperCase()],
    ['curly quotes around it', `“${STRAW}”`],
    ['straight quotes and spacing', `"  ${STRAW.replaceAll(' ', '   ')} "`],
    ['an ellipsis for skipped words', 'Larijani had said Ivanov and Russia were tougher … than even UK Foreign Secretary Jack Straw'],
    ['three dots and [...]', 'Larijani had said Ivanov ... were tougher on that issue [...] UK Foreign Secretary Jack Straw'],
    ['a bracketed insertion', '[Iranian negotiator] Larijani had said Ivanov and Russia were tougher on that issue than even [British] UK Foreign Secretary Jack Straw'],
    ['inside commentary in a chat message', `Unbelievable. As the cable puts it, “${STRAW}” — and nobody noticed?`],
  ];
  for (const [what, quote] of cases) {
    it(`THEN with ${what} it is still 06MOSCOW754 ¶5, exact`, () => {
      expect(source(quote).matches[0]).toMatchObject({ id: '06MOSCOW754', paragraph: 5, verdict: 'exact', differences: [] });
    });
  }
});

describe('GIVEN a quote with words that differ from the cable', () => {
  it('THEN one word changed is close, and the difference names both words', () => {
    const m = source(STRAW.replace('tougher', 'softer')).matches[0];
    expect(m).toMatchObject({ id: '06MOSCOW754', paragraph: 5, verdict: 'close', differences: [{ quote: 'softer', cable: 'tougher' }] });
    expect(m?.score).toBeLessThan(1);
  });
  it('THEN a word dropped is close, and says which word the quote leaves out', () => {
    expect(source(STRAW.replace(' even', '')).matches[0]).toMatchObject({ verdict: 'close', differences: [{ quote: '', cable: 'even' }] });
  });
  it('THEN three words changed differ, each shown side by side', () => {
    const m = source('Larijani had said Ivanov and China were softer on that matter than even UK Foreign Secretary Jack Straw').matches[0];
    expect(m).toMatchObject({ id: '06MOSCOW754', paragraph: 5, verdict: 'differs' });
    expect(m?.differences).toEqual([
      { quote: 'China', cable: 'Russia' },
      { quote: 'softer', cable: 'tougher' },
      { quote: 'matter', cable: 'issue' },
    ]);
  });
});

describe('GIVEN a quote of a cable in capitals with a redaction (02BOGOTA3281 ¶2)', () => {
  it('THEN mixed case matches, and a name filled in where the cable is redacted costs nothing', () => {
    const m = source('several sources, including a colmil helicopter pilot, the acting foreign minister, and a reporter for Semana, have given reports on how to arrive at FARC camps in Venezuela').matches[0];
    expect(m).toMatchObject({ id: '02BOGOTA3281', paragraph: 2, verdict: 'close', differences: [{ quote: '', cable: '(REFTEL)'.replace(/[()]/g, '') }] });
  });
});

describe('GIVEN text that is in no cable of the store', () => {
  it('THEN matches is empty', () => {
    expect(source('The quick brown fox jumps over the lazy dog while the embassy staff watched the parade').matches).toEqual([]);
    expect(source('the minister said the government would never accept a deal with the opposition parties').matches).toEqual([]);
  });
});

describe('GIVEN too little or too much text', () => {
  it('THEN under 4 words is source-too-short, no words is source-empty, and the grammar refuses an empty source', () => {
    expect(runInput(ctx, { command: 'source', options: { text: 'Jack Straw said' } })).toMatchObject({ kind: 'error', code: 'source-too-short', detail: 'Jack Straw said' });
    expect(runInput(ctx, { command: 'source', options: { text: '“…” [...] !!' } })).toMatchObject({ kind: 'error', code: 'source-empty' });
    expect(answerText(ctx, 'source   ').replies).toEqual([{ kind: 'error', code: 'source-empty', detail: '' }]);
  });
  it('THEN a 40,000-character paste is too-long, but its quoted passage is looked up when it has one', () => {
    const junk = 'blah '.repeat(8000);
    expect(runInput(ctx, { command: 'source', options: { text: junk } })).toMatchObject({ kind: 'error', code: 'too-long' });
    const half = junk.slice(0, 19_000);
    const reply = runInput(ctx, { command: 'source', options: { text: `${half} “${STRAW}” ${half}` } });
    expect(reply).toMatchObject({ kind: 'source', quote: STRAW, matches: [{ id: '06MOSCOW754', paragraph: 5 }] });
  });
  it('THEN /cable-source takes a passage of 2,000 characters after its command word', () => {
    const long = `${STRAW} ${'x'.repeat(2000 - STRAW.length - 1)}`;
    expect(long).toHaveLength(2000);
    expect(answerText(ctx, `/cable-source ${long}`).replies[0]?.kind).toBe('source');
    expect(answerText(ctx, `/cable-source ${long}x`).replies[0]).toMatchObject({ kind: 'error', code: 'too-long' });
  });
});

describe('GIVEN hostile input', () => {
  it('THEN FTS5 syntax, emoji, RTL text and NUL bytes get a clear answer, never an exception', () => {
    for (const text of [
      '" * NEAR( AND - : {body}: ^ ( ) OR NOT',
      `"${STRAW}" AND NEAR(Straw Ivanov, 2) -Russia body:Larijani`,
      '😀 👍🏽 مرحبا بالعالم שלום עולם \u202e reversed text here',
      `Larijani\u0000had said\u0000Ivanov and Russia were tougher`,
    ]) {
      const reply = runInput(ctx, { command: 'source', options: { text } });
      expect(['source', 'error'], JSON.stringify(reply).slice(0, 200)).toContain(reply.kind);
      if (reply.kind === 'error') expect(['source-too-short', 'source-empty']).toContain(reply.code);
    }
    expect(source(`"${STRAW}" AND NEAR(Straw Ivanov, 2)`).matches[0]).toMatchObject({ id: '06MOSCOW754', paragraph: 5 });
  });
});
