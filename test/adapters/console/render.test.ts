/**
 * Console text for every reply kind, from replies the real commands build over the real
 * fixture store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswerText, renderReplyText, wrap } from '../../../adapters/console/render.ts';
import { runInput } from '../../../src/core/answer.ts';
import type { CommandInput, ParagraphSpan } from '../../../src/core/input.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

/** Wide by default so sentences stay on one line; wrapping has its own tests. */
const text = (input: CommandInput, width = 200): string => renderReplyText(runInput(bot.ctx, input), { width });
const cable = (ref: string, paragraphs: ParagraphSpan[] = []): CommandInput => ({ command: 'cable', options: { ref, paragraphs, source: 'command' } });

describe('GIVEN the seed card', () => {
  it('THEN it shows the title fallback, metadata, reasons in words, summary, links and hashtags', () => {
    const out = text(cable('06MOSCOW754'), 80);
    const lines = out.split('\n');
    expect(lines[0]).toBe('06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)');
    expect(lines[1]).toBe('SECRET · Embassy Moscow · created 2006-01-25 17:40 · released 2011-08-30 01:44');
    expect(out).toContain('Classified by: Ambassador William J. Burns');
    expect(out).toContain('  1.4(b) foreign government information');
    expect(out).toContain('16 paragraphs · cites');
    expect(out).toContain('Summary: Ambassador met January 25 with Russian Security Council');
    expect(out).toContain('Viewer: https://wikileaks.org/cable/2006/01/06MOSCOW754.html');
    expect(out).toContain('PlusD:  https://wikileaks.org/plusd/cables/06MOSCOW754_a.html');
    expect(out).toContain('Paragraphs: https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par1 … #par16');
    expect(out).toContain('Share: #cablegate #06MOSCOW754');
    for (const l of lines) expect(l.length <= 80 || l.includes('https://')).toBe(true);
  });

  it('THEN a misprint and a zero-padded ID say how they were read', () => {
    expect(text(cable('08MANAMA492'))).toContain('The text here is the copy published under the misprinted ID 08ECTION01OF02MANAMA492; the correct ID is 08MANAMA492.');
    expect(text(cable('08ECTION01OF02MANAMA492'))).toContain('08ECTION01OF02MANAMA492 is a misprinted ID as WikiLeaks published it; the correct ID is 08MANAMA492.');
    expect(text(cable('06MOSCOW0754'))).toContain('Read “06MOSCOW0754” as 06MOSCOW754 (leading zeros dropped).');
    expect(text(cable('06moscow754'))).not.toContain('Read “');
  });
});

describe('GIVEN a paragraph quote of the seed', () => {
  it('THEN ¶5 shows the number, marking, full text, deep link and paging', () => {
    const out = text(cable('06MOSCOW754', [{ from: 5, to: 5 }]), 80);
    expect(out).toContain('¶5 (S) Ivanov said he had made clear that, in Moscow');
    expect(out).toContain('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5');
    expect(out).toContain('previous: 06MOSCOW754 ¶4 · next: 06MOSCOW754 ¶6');
    // The whole paragraph, wrapped: its last words are there.
    expect(out.replace(/\n/g, ' ')).toContain('his public statements, however, had made clear his support for Russia');
  });

  it('THEN a heading is printed above its paragraph and missing numbers are named', () => {
    expect(text(cable('06MOSCOW754', [{ from: 3, to: 3 }]))).toMatch(/\nMoratorium on Enrichment Activities\n¶3 \(S\)/);
    expect(text(cable('06MOSCOW754', [{ from: 16, to: 17 }]))).toContain('Not in this cable: ¶17 (it has ¶1–¶16).');
  });

  it('THEN a number the cable lacks gives the valid range', () => {
    expect(text(cable('06MOSCOW754', [{ from: 40, to: 40 }]))).toBe('06MOSCOW754 has no paragraph 40. It has ¶1–¶16 (16 numbered paragraphs).');
  });
});

describe('GIVEN the other replies', () => {
  it('THEN not-in-corpus links the viewer; not-found lists suggestions', () => {
    expect(text(cable('06MOSCOW789'))).toBe(
      '06MOSCOW789 is in the release, but its text is not among the 30 cables here.\nRead it on WikiLeaks: https://wikileaks.org/cable/2006/01/06MOSCOW789.html\nPlusD: https://wikileaks.org/plusd/cables/06MOSCOW789_a.html',
    );
    const nf = text(cable('06MOSCOW755'), 80).split('\n');
    expect(nf.slice(0, 3)).toEqual(['No cable 06MOSCOW755 in the release.', 'Did you mean:', '  06MOSCOW754  https://wikileaks.org/cable/2006/01/06MOSCOW754.html']);
    expect(nf.length).toBe(2 + 5);
    for (const l of nf) expect(l.length).toBeLessThanOrEqual(80);
    expect(text(cable('MOSCOW754'))).toBe('“MOSCOW754” is not a reference ID. Reference IDs start with the two-digit year, like 06MOSCOW754.');
  });

  it('THEN search shows numbered hits with marked matches; nothing found says so', () => {
    const out = text({ command: 'search', options: { query: 'larijani', origin: 'moscow', year: 2006 } });
    expect(out).toMatch(/^Top 1 for “larijani” \(origin:moscow year:2006\):\n\n1\. 06MOSCOW754 · Embassy Moscow · 2006-01-25\n {3}…/);
    expect(out).toContain('*Larijani*');
    expect(text({ command: 'search', options: { query: 'zzyzx', origin: null, year: null } })).toBe('No cables match “zzyzx” among 30 cables.');
  });

  it('THEN reasons and help read as text', () => {
    expect(text({ command: 'reasons', options: { text: '1.4 (B & D) 1.4(j)' } }, 80)).toBe(
      [
        'E.O. 12958, section 1.4 as amended in 2003:',
        '  1.4(b) foreign government information',
        '  1.4(d) foreign relations or foreign activities of the United States, including',
        '  confidential sources',
        '  1.4(j) is not a reason of the order (1.4 has a–h; 1.5 has a–g)',
      ].join('\n'),
    );
    expect(text({ command: 'reasons', options: { text: '06MOSCOW754' } }, 80)).toBe(
      [
        '06MOSCOW754 was classified by Ambassador William J. Burns for these reasons:',
        'E.O. 12958, section 1.4 as amended in 2003:',
        '  1.4(b) foreign government information',
        '  1.4(d) foreign relations or foreign activities of the United States, including',
        '  confidential sources',
      ].join('\n'),
    );
    // An unknown §1.5 letter still names the 1995 numbering it was written in.
    expect(text({ command: 'reasons', options: { text: '1.5 (x)' } }, 100)).toBe(
      ['E.O. 12958, section 1.5 of the original 1995 order / section 1.4 as amended in 2003:', '  1.5(x) is not a reason of the order (1.4 has a–h; 1.5 has a–g)'].join('\n'),
    );
    const help = text({ command: 'help', options: { topic: null } });
    for (const name of ['cable', 'search', 'reasons', 'settings', 'help']) expect(help).toContain(`\n${name} — `);
    expect(help).toContain('In a chat message I also pick up:');
  });

  it('THEN an answer with skipped cables says how many', () => {
    expect(renderAnswerText({ replies: [], skipped: 2 })).toBe('(2 more cables mentioned; I answer at most 3 at a time.)');
  });
});

describe('GIVEN wrap', () => {
  it('THEN it keeps the indent, never breaks a URL, and leaves short lines alone', () => {
    expect(wrap('  aaa bbb ccc ddd', 10)).toBe('  aaa bbb\n  ccc ddd');
    expect(wrap('see https://wikileaks.org/cable/2006/01/06MOSCOW754.html now', 20)).toBe('see\nhttps://wikileaks.org/cable/2006/01/06MOSCOW754.html\nnow');
    expect(wrap('short', 80)).toBe('short');
  });
});
