/**
 * The commands over a real store of the real fixture pages: every reply kind, the links
 * checked against the seed, resolution of misprints and near misses, and the dispatcher's
 * handling of bad options and failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInput } from '../../src/core/answer.ts';
import type { CommandContext } from '../../src/core/command.ts';
import type { CableInput, CommandInput, ParagraphSpan } from '../../src/core/input.ts';
import type { Reply } from '../../src/core/reply.ts';
import { CARD_SUMMARY_CHARS, MAX_QUOTED_PARAGRAPHS } from '../../src/core/reply.ts';
import { SNIPPET_MARK_END, SNIPPET_MARK_START, StoreError } from '../../src/corpus/store.ts';
import { openFixtureBot, type FixtureBot } from './bot-fixture.ts';

let bot: FixtureBot;
let ctx: CommandContext;
beforeAll(async () => {
  bot = await openFixtureBot();
  ctx = bot.ctx;
});
afterAll(() => bot.close());

const cable = (ref: string, paragraphs: ParagraphSpan[] = []): CableInput => ({ command: 'cable', options: { ref, paragraphs, source: 'command' } });
const one = (n: number): ParagraphSpan => ({ from: n, to: n });

function expectKind<K extends Reply['kind']>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind, JSON.stringify(reply).slice(0, 300)).toBe(kind);
  if (reply.kind !== kind) throw new Error('unreachable');
  return reply as Extract<Reply, { kind: K }>;
}

describe('GIVEN /cable 06MOSCOW754 (the seed)', () => {
  it('THEN the card carries every field of the seed, the reasons in words and the links', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW754')), 'cable');
    expect(r.cable).toMatchObject({
      id: '06MOSCOW754',
      canonicalId: '06MOSCOW754',
      subject: null,
      created: '2006-01-25 17:40',
      classification: 'SECRET',
      origin: 'Embassy Moscow',
      hashtags: ['#cablegate', '#06MOSCOW754'],
      links: { viewer: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html', plusd: 'https://wikileaks.org/plusd/cables/06MOSCOW754_a.html' },
      resolved: { typed: '06MOSCOW754', via: 'exact', rules: [], misprintVia: null },
    });
    expect(r.released).toBe('2011-08-30 01:44');
    expect(r.classifiedBy).toBe('Ambassador William J. Burns');
    expect(r.reasons.map((x) => [x.code, x.category])).toEqual([
      ['1.4(b)', 'foreign government information'],
      ['1.4(d)', 'foreign relations or foreign activities of the United States, including confidential sources'],
    ]);
    expect(r.unknownReasons).toEqual([]);
    expect(r.paragraphCount).toBe(16);
    expect(r.paragraphs[4]).toEqual({ number: 5, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' });
    expect(r.summarySource).toBe('summary');
    expect(r.summary?.startsWith('Ambassador met January 25 with Russian Security Council Secretary Igor Ivanov')).toBe(true);
    expect(r.summary?.length).toBeLessThanOrEqual(CARD_SUMMARY_CHARS);
    expect(r.partial).toBe(false);
    expect(r.cites).toBe(bot.store.cites('06MOSCOW754').length);
    expect(r.citedBy).toBe(bot.store.citedBy('06MOSCOW754').length);
  });

  it('THEN a cable without a SUMMARY gets its first paragraph, shortened at a sentence or word end', () => {
    const r = expectKind(runInput(ctx, cable('07TBILISI1732')), 'cable');
    expect(r.summarySource).toBe('first-paragraph');
    const first = bot.store.getCable('07TBILISI1732')?.paragraphs[0]?.text.replace(/\s+/g, ' ').trim() ?? '';
    expect(first.length).toBeGreaterThan(CARD_SUMMARY_CHARS);
    expect(r.summaryShortened).toBe(true);
    expect(r.summary?.endsWith('…')).toBe(true);
    const kept = (r.summary ?? '').replace(/ ?…$/, '');
    expect(first.startsWith(kept)).toBe(true);
    expect([' ', '.'].some((c) => first.charAt(kept.length) === c || kept.endsWith(c))).toBe(true);
  });

  it('THEN 1995-order reasons of an old cable are explained as section 1.5', () => {
    const r = expectKind(runInput(ctx, cable('02BOGOTA3281')), 'cable');
    expect(r.reasons.map((x) => x.code)).toEqual(['1.5(b)', '1.5(d)']);
  });
});

describe('GIVEN paragraph selectors on the seed', () => {
  it('THEN ¶5 quotes paragraph 5 with its marking, full text, deep link and its neighbours', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW754', [one(5)])), 'paragraphs');
    expect(r.paragraphs).toHaveLength(1);
    expect(r.paragraphs[0]).toMatchObject({ number: 5, marking: 'S', heading: null, url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' });
    expect(r.paragraphs[0]?.text.startsWith('Ivanov said he had made clear that, in Moscow\'s view,')).toBe(true);
    expect(r.paragraphs[0]?.text).toContain('Jack Straw');
    expect(r).toMatchObject({ previous: 4, next: 6, first: 1, last: 16, missing: [], omitted: 0 });
  });

  it('THEN a paragraph with a heading carries it', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW754', [one(3)])), 'paragraphs');
    expect(r.paragraphs[0]?.heading).toBe('Moratorium on Enrichment Activities');
  });

  it('THEN a range and a list quote each paragraph in order, paging from the ends', () => {
    const range = expectKind(runInput(ctx, cable('06MOSCOW754', [{ from: 3, to: 5 }])), 'paragraphs');
    expect(range.paragraphs.map((p) => p.number)).toEqual([3, 4, 5]);
    expect([range.previous, range.next]).toEqual([2, 6]);
    const list = expectKind(runInput(ctx, cable('06MOSCOW754', [one(7), one(3)])), 'paragraphs');
    expect(list.paragraphs.map((p) => p.number)).toEqual([7, 3]);
  });

  it('THEN the first and last paragraphs have no previous / next', () => {
    expect(expectKind(runInput(ctx, cable('06MOSCOW754', [one(1)])), 'paragraphs').previous).toBeNull();
    expect(expectKind(runInput(ctx, cable('06MOSCOW754', [one(16)])), 'paragraphs').next).toBeNull();
  });

  it('THEN a number the cable lacks is an error naming the range it has', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW754', [one(17)])), 'error');
    expect(r).toMatchObject({ code: 'paragraph-not-found', detail: '17', cable: { id: '06MOSCOW754' }, available: { first: 1, last: 16, count: 16 } });
  });

  it('THEN a range running past the end quotes what exists and lists the rest as missing', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW754', [{ from: 15, to: 18 }])), 'paragraphs');
    expect(r.paragraphs.map((p) => p.number)).toEqual([15, 16]);
    expect(r.missing).toEqual([17, 18]);
  });

  it('THEN more than the cap quotes the first ones and counts the rest', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW754', [{ from: 1, to: 16 }])), 'paragraphs');
    expect(r.paragraphs).toHaveLength(MAX_QUOTED_PARAGRAPHS);
    expect(r.omitted).toBe(16 - MAX_QUOTED_PARAGRAPHS);
    expect(r.next).toBe(MAX_QUOTED_PARAGRAPHS + 1);
  });

  it('THEN a cable with no numbered paragraphs says so', () => {
    expect(expectKind(runInput(ctx, cable('06REYKJAVIK88', [one(1)])), 'error').code).toBe('no-paragraphs');
  });
});

describe('GIVEN IDs as people type them', () => {
  it('THEN lower case, spacing and zero padding find the seed, and the resolution says how', () => {
    for (const typed of ['06moscow754', '06 MOSCOW 754', '#06MOSCOW754', '06MOSCOW000754']) {
      const r = expectKind(runInput(ctx, cable(typed)), 'cable');
      expect(r.cable.id).toBe('06MOSCOW754');
      expect(r.cable.resolved.typed).toBe(typed);
    }
    expect(expectKind(runInput(ctx, cable('06MOSCOW000754')), 'cable').cable.resolved).toMatchObject({ via: 'normalized', rules: ['zero-padding'] });
  });

  it('THEN the correct ID of a misprinted cable finds the page published under the misprint', () => {
    const r = expectKind(runInput(ctx, cable('08MANAMA492')), 'cable');
    expect(r.cable).toMatchObject({ id: '08ECTION01OF02MANAMA492', canonicalId: '08MANAMA492' });
    expect(r.cable.links.viewer).toBe('https://wikileaks.org/cable/2008/07/08ECTION01OF02MANAMA492.html');
    expect(r.cable.links.plusd).toBe('https://wikileaks.org/plusd/cables/08MANAMA492_a.html');
    // Its REF list, as the store reads it back.
    expect(r.cites).toBe(bot.store.cites('08ECTION01OF02MANAMA492').length);
    expect(r.cites).toBe(4);
  });

  it('THEN a release ID whose text is not here answers with its viewer link', () => {
    const r = expectKind(runInput(ctx, cable('06moscow789')), 'not-in-corpus');
    expect(r.cable).toMatchObject({ id: '06MOSCOW789', canonicalId: '06MOSCOW789', hashtags: ['#cablegate', '#06MOSCOW789'] });
    expect(r.cable.links.viewer).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW789.html');
    expect(r.corpusSize).toBe(30);
  });

  it('THEN an unknown ID gets up to 5 suggestions, the stored seed among them', () => {
    const r = expectKind(runInput(ctx, cable('06MOSCOW745')), 'not-found');
    expect(r).toMatchObject({ code: 'unknown-id', normalizedId: '06MOSCOW745', typed: '06MOSCOW745' });
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
    expect(r.suggestions.find((s) => s.id === '06MOSCOW754')).toMatchObject({ inCorpus: true, viewerUrl: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html' });
  });

  it('THEN text that is no ID at all says why, by code', () => {
    expect(expectKind(runInput(ctx, cable('06MOSCOW')), 'not-found').code).toBe('no-serial');
    expect(expectKind(runInput(ctx, cable('MOSCOW754')), 'not-found').code).toBe('no-year');
  });
});

describe('GIVEN search', () => {
  const search = (query: string, origin: string | null = null, year: number | null = null): CommandInput => ({ command: 'search', options: { query, origin, year } });

  it('THEN larijani finds the seed with the match marked in its snippet and a viewer link', () => {
    const r = expectKind(runInput(ctx, search('larijani')), 'search');
    expect(r.hits[0]?.id).toBe('06MOSCOW754');
    expect(r.hits[0]?.viewerUrl).toBe('https://wikileaks.org/cable/2006/01/06MOSCOW754.html');
    expect(r.hits[0]?.snippet.some((p) => p.match && p.text.toLowerCase() === 'larijani')).toBe(true);
    expect(r.hits[0]?.snippet.every((p) => !p.text.includes(SNIPPET_MARK_START) && !p.text.includes(SNIPPET_MARK_END))).toBe(true);
  });

  it('THEN filters narrow it: origin:moscow year:2006 keeps it, year:2009 drops it', () => {
    expect(expectKind(runInput(ctx, search('larijani', 'moscow', 2006)), 'search').hits.map((h) => h.id)).toContain('06MOSCOW754');
    expect(expectKind(runInput(ctx, search('larijani', null, 2009)), 'search').hits).toEqual([]);
  });

  it('THEN at most 5 hits are shown and `more` says when there are others', () => {
    const r = expectKind(runInput(ctx, search('embassy')), 'search');
    expect(r.hits).toHaveLength(5);
    expect(r.more).toBe(true);
  });

  it('THEN text with nothing searchable is an error, not an empty result', () => {
    expect(expectKind(runInput(ctx, search('***')), 'error').code).toBe('search-nothing-searchable');
  });
});

describe('GIVEN reasons', () => {
  const reasons = (text: string): CommandInput => ({ command: 'reasons', options: { text } });

  it('THEN 1.4 (B & D) is explained in the order’s words', () => {
    const r = expectKind(runInput(ctx, reasons('1.4 (B & D)')), 'reasons');
    expect(r.order).toBe('E.O. 12958');
    expect(r.reasons.map((x) => x.code)).toEqual(['1.4(b)', '1.4(d)']);
    expect(r.cable).toBeNull();
  });

  it('THEN an ID explains that cable’s Classified By line: who classified it and the reasons', () => {
    const r = expectKind(runInput(ctx, reasons('06MOSCOW754')), 'reasons');
    expect(r.cable).toMatchObject({ id: '06MOSCOW754', classifiedBy: 'Ambassador William J. Burns' });
    expect(r.text).toBe('1.4(b) 1.4(d)');
    expect(r.reasons.map((x) => x.code)).toEqual(['1.4(b)', '1.4(d)']);
  });

  it('THEN letters the order lacks are reported, and text without reasons gives none', () => {
    const r = expectKind(runInput(ctx, reasons('1.4 (j) and 1.5(h)')), 'reasons');
    expect(r.unknown.map((u) => u.code)).toEqual(['1.4(j)', '1.5(h)']);
    const none = expectKind(runInput(ctx, reasons('because I said so')), 'reasons');
    expect([none.reasons, none.unknown]).toEqual([[], []]);
  });
});

describe('GIVEN help', () => {
  it('THEN it lists every command of the table, in order, with usage and examples', () => {
    const r = expectKind(runInput(ctx, { command: 'help', options: { topic: null } }), 'help');
    expect(r.commands.map((c) => c.name)).toEqual(['cable', 'search', 'source', 'reasons', 'settings', 'help']);
    for (const c of r.commands) expect(c.usage.length * c.examples.length).toBeGreaterThan(0);
    expect(r.corpusSize).toBe(30);
  });

  it('THEN help /search shows one command, and an unknown topic is an error', () => {
    expect(expectKind(runInput(ctx, { command: 'help', options: { topic: '/search' } }), 'help').commands.map((c) => c.name)).toEqual(['search']);
    expect(expectKind(runInput(ctx, { command: 'help', options: { topic: 'frobnicate' } }), 'error')).toMatchObject({ code: 'unknown-topic', detail: 'frobnicate' });
  });
});

describe('GIVEN the dispatcher', () => {
  it('THEN options failing the command schema are a bad-options error, never run', () => {
    const bad = { command: 'cable', options: { ref: '', paragraphs: [{ from: 5, to: 3 }], source: 'command' } } satisfies CommandInput;
    expect(expectKind(runInput(ctx, bad), 'error').code).toBe('bad-options');
  });

  it('THEN a store failure becomes store-unavailable, and the error reaches the sink', () => {
    const failing: CommandContext = {
      ...ctx,
      corpus: {
        ...ctx.corpus,
        getCable: () => {
          throw new StoreError('corrupt', '/tmp/x.db');
        },
        has: () => false,
        idsForCanonical: () => [],
        cites: () => [],
        citedBy: () => [],
        count: () => 0,
        search: () => [],
      },
    };
    const seen: unknown[] = [];
    const r = expectKind(runInput(failing, cable('06MOSCOW754'), (e) => seen.push(e)), 'error');
    expect(r.code).toBe('store-unavailable');
    expect(r.detail).toContain('/tmp/x.db');
    expect(seen).toHaveLength(1);
  });

  it('THEN any other throw is internal, with the error passed on rather than swallowed', () => {
    const broken: CommandContext = { ...ctx, corpus: { ...ctx.corpus, count: () => { throw new TypeError('boom'); }, has: () => true, getCable: () => null, idsForCanonical: () => [], cites: () => [], citedBy: () => [], search: () => [] } };
    const seen: unknown[] = [];
    expect(expectKind(runInput(broken, { command: 'help', options: { topic: null } }, (e) => seen.push(e)), 'error').code).toBe('internal');
    expect(seen[0]).toBeInstanceOf(TypeError);
  });
});
