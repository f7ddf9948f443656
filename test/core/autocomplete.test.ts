import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeIds, MAX_CHOICES } from '../../src/core/autocomplete.ts';
import { openFixtureBot, type FixtureBot } from './bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

describe('GIVEN text typed into /cable ref', () => {
  it('THEN a prefix lists release IDs starting with it, in order, at most 25, marked when stored', () => {
    const choices = completeIds(bot.ctx, '06MOSCOW7');
    const release = [...bot.ctx.ids.ids()].filter((id) => id.startsWith('06MOSCOW7'));
    expect(choices.length).toBe(Math.min(MAX_CHOICES, release.length));
    expect(choices.every((c) => c.id.startsWith('06MOSCOW7'))).toBe(true);
    expect(completeIds(bot.ctx, '06MOSCOW')).toHaveLength(MAX_CHOICES);
    // Numeric order: the 3-digit serials before the 4-digit ones.
    expect(choices.slice(0, 3)).toEqual([
      { id: '06MOSCOW754', inCorpus: true, text: '06MOSCOW754' },
      { id: '06MOSCOW789', inCorpus: false, text: '06MOSCOW789' },
      { id: '06MOSCOW797', inCorpus: false, text: '06MOSCOW797' },
    ]);
    expect(choices[3]?.id).toBe('06MOSCOW7047');
    expect(choices.filter((c) => c.inCorpus).map((c) => c.id)).toEqual(['06MOSCOW754']);
  });

  it('THEN a whole ID in another form comes first as the ID it resolves to', () => {
    expect(completeIds(bot.ctx, '06moscow0754')[0]).toEqual({ id: '06MOSCOW754', inCorpus: true, text: '06MOSCOW754' });
    expect(completeIds(bot.ctx, '08MANAMA492')[0]?.id).toBe('08MANAMA492');
    expect(completeIds(bot.ctx, '#06MOSCOW754 ¶5')[0]).toEqual({ id: '06MOSCOW754', inCorpus: true, text: '06MOSCOW754 ¶5' });
    expect(completeIds(bot.ctx, '06MOSCOW754   para 5')[0]?.text).toBe('06MOSCOW754 para 5');
    // A tail that would push the value past Discord's 100 characters is dropped, not cut.
    expect(completeIds(bot.ctx, `06MOSCOW754 ${'x'.repeat(95)}`)[0]?.text).toBe('06MOSCOW754');
  });

  it('THEN a near miss gets suggestions after the prefix matches', () => {
    expect(completeIds(bot.ctx, '06MOSCOW745').map((c) => c.id)).toContain('06MOSCOW754');
  });

  it('THEN empty text or text that cannot start an ID gives no choices', () => {
    for (const t of ['', '   ', '¶5', '<@U1>']) expect(completeIds(bot.ctx, t), t).toEqual([]);
  });
});
