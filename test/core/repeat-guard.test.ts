import { describe, expect, it } from 'vitest';
import type { CableCardReply, ParagraphsReply, Reply } from '../../src/core/reply.ts';
import { REPEAT_WINDOW_MS, RepeatGuard, repeatKey } from '../../src/core/repeat-guard.ts';

const head = { id: '08ECTION01OF02MANAMA492', canonicalId: '08MANAMA492' };
const card = { kind: 'cable', cable: head } as unknown as CableCardReply;
const quote = (n: number) => ({ kind: 'paragraphs', cable: head, paragraphs: [{ number: n }] }) as unknown as ParagraphsReply;
const help: Reply = { kind: 'help', topic: null, commands: [], automatic: [], corpusSize: 1 };

describe('GIVEN the repeat guard', () => {
  it('THEN keys are the canonical ID, plus the paragraphs for a quote; other replies have none', async () => {
    expect(repeatKey(card)).toBe('08MANAMA492');
    expect(repeatKey(quote(5))).toBe('08MANAMA492¶5');
    expect(repeatKey(help)).toBeNull();
  });

  it('THEN the same card in the same conversation passes once per window; elsewhere it passes', async () => {
    let now = 1_000;
    const guard = new RepeatGuard({ now: () => now });
    expect(await guard.admit('C1', card)).toBe(true);
    expect(await guard.admit('C1', card)).toBe(false);
    expect(await guard.admit('C1/thread', card)).toBe(true);
    expect(await guard.admit('C1', quote(5))).toBe(true);
    now = 1_000 + REPEAT_WINDOW_MS - 1;
    expect(await guard.admit('C1', card)).toBe(false);
    now = 1_000 + REPEAT_WINDOW_MS + 1;
    expect(await guard.admit('C1', card)).toBe(true);
  });

  it('THEN filter keeps the first of repeats within one list and replies without a key', async () => {
    const guard = new RepeatGuard();
    expect(await guard.filter('C1', [card, help, card, help])).toEqual([card, help, help]);
  });

  it('THEN filterAnswer keeps the cap note only when none of the capped answers was a repeat', async () => {
    const guard = new RepeatGuard();
    expect(await guard.filterAnswer('C1', { replies: [card, quote(5), quote(6)], skipped: 2 })).toEqual({ replies: [card, quote(5), quote(6)], skipped: 2 });
    expect(await guard.filterAnswer('C1', { replies: [card, quote(7), quote(8)], skipped: 1 })).toEqual({ replies: [quote(7), quote(8)], skipped: 0 });
    expect(await guard.filterAnswer('C1', { replies: [card], skipped: 0 })).toEqual({ replies: [], skipped: 0 });
  });
});
