import { describe, expect, it } from 'vitest';
import { MAX_SKIPPED_COUNT, scanMessage } from '../../../src/core/grammar/index.ts';
import type { ScanOptions } from '../../../src/core/grammar/index.ts';
import type { CableInput, LookupSource, MessageScan, ParagraphSpan } from '../../../src/core/input.ts';
import { defaultIdIndex } from '../../../src/corpus/ids/index.ts';

// The real 251,287 IDs; the predicate the brief prescribes (what resolution would find).
const ids = defaultIdIndex();
const isKnownId = (id: string): boolean => {
  if (ids.has(id)) return true;
  const kind = ids.resolve(id).kind;
  return kind === 'exact' || kind === 'misprint' || kind === 'normalized';
};

const span = (from: number, to = from): ParagraphSpan => ({ from, to });
const lookup = (ref: string, source: LookupSource, paragraphs: ParagraphSpan[] = []): CableInput => ({ command: 'cable', options: { ref, paragraphs, source } });
const scan = (text: string, opts: Partial<ScanOptions> = {}): MessageScan => scanMessage(text, { isKnownId, ...opts });
const found = (text: string, opts: Partial<ScanOptions> = {}): CableInput[] => scan(text, opts).inputs;

describe('scanMessage: the IDs used here', () => {
  it('GIVEN the index THEN 06MOSCOW754 is published, 06MOSCOW755 and 06MOSCOW99999 are not, 06ASTANA is a published misprint', () => {
    expect(isKnownId('06MOSCOW754')).toBe(true);
    expect(isKnownId('06MOSCOW18')).toBe(true);
    expect(isKnownId('06MOSCOW755')).toBe(false);
    expect(isKnownId('06MOSCOW99999')).toBe(false);
    expect(isKnownId('06ASTANA')).toBe(true);
    expect(isKnownId('08ECTION01OF02MANAMA492')).toBe(true);
  });
});

describe('scanMessage: hashtags', () => {
  const hashtags: [string, CableInput[]][] = [
    ['#06MOSCOW754', [lookup('06MOSCOW754', 'hashtag')]],
    ['see #06MOSCOW754.', [lookup('06MOSCOW754', 'hashtag')]],
    ['#06moscow754', [lookup('06moscow754', 'hashtag')]],
    ['#06MOSCOW754¶5', [lookup('06MOSCOW754', 'hashtag', [span(5)])]],
    ['#06MOSCOW754 ¶5', [lookup('06MOSCOW754', 'hashtag', [span(5)])]],
    ['#06MOSCOW754#par5', [lookup('06MOSCOW754', 'hashtag', [span(5)])]],
    ['#06MOSCOW754¶3-5,7', [lookup('06MOSCOW754', 'hashtag', [span(3, 5), span(7)])]],
    ['#cablegate #06MOSCOW754', [lookup('06MOSCOW754', 'hashtag')]],
    ['(#06MOSCOW754)', [lookup('06MOSCOW754', 'hashtag')]],
    // ID-shaped but not published: a hashtag is a deliberate citation, so resolution decides.
    ['#06MOSCOW755', [lookup('06MOSCOW755', 'hashtag')]],
    // Not ID-shaped but known: a published misprint.
    ['#06ASTANA', [lookup('06ASTANA', 'hashtag')]],
    ['#08ECTION01OF02MANAMA492', [lookup('08ECTION01OF02MANAMA492', 'hashtag')]],
    // Emphasis around a hashtag, as Slack and Discord write italics and strike-through.
    ['_#06MOSCOW754_', [lookup('06MOSCOW754', 'hashtag')]],
    ['_#06MOSCOW754 ¶5_', [lookup('06MOSCOW754', 'hashtag', [span(5)])]],
    ['~#06MOSCOW754~', [lookup('06MOSCOW754', 'hashtag')]],
  ];
  it.each(hashtags)('GIVEN %j THEN %j', (text, inputs) => {
    expect(found(text)).toEqual(inputs);
  });

  const none = ['#cablegate', '#1', '#iran', '#2010', '#06MOSCOW', '#06MOSCOWX', 'C#06MOSCOW754', '&#06MOSCOW754', 'a_#06MOSCOW754', '#06MOSCOW754_x', '#', '##', '#¶5'];
  it.each(none)('GIVEN %j THEN no lookup', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('GIVEN a hashtag with a malformed selector THEN the cable is looked up without paragraphs', () => {
    expect(found('#06MOSCOW754¶0')).toEqual([lookup('06MOSCOW754', 'hashtag')]);
    expect(found('#06MOSCOW754¶x')).toEqual([lookup('06MOSCOW754', 'hashtag')]);
  });
});

describe('scanMessage: URLs', () => {
  const urls: [string, CableInput[]][] = [
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5', [lookup('06MOSCOW754', 'url', [span(5)])]],
    ['http://wikileaks.org/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['https://www.wikileaks.org/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['HTTPS://WikiLeaks.org/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['http://wikileaks.ch/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['http://www.wikileaks.ch/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['http://cablegate.wikileaks.org/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['http://mirror.wikileaks.info/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['http://213.251.145.96/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['https://wikileaks.org/plusd/cables/06MOSCOW754_a.html', [lookup('06MOSCOW754', 'url')]],
    ['https://search.wikileaks.org/plusd/cables/06MOSCOW754_a.html', [lookup('06MOSCOW754', 'url')]],
    ['http://cablegatesearch.net/cable.php?id=06MOSCOW754', [lookup('06MOSCOW754', 'url')]],
    ['http://www.cablegatesearch.net/cable.php?id=06MOSCOW754&version=1291757400', [lookup('06MOSCOW754', 'url')]],
    ['http://cablegatesearch.net/cable.php?version=1&id=06MOSCOW754', [lookup('06MOSCOW754', 'url')]],
    ['wikileaks.org/cable/2006/01/06MOSCOW754.html', [lookup('06MOSCOW754', 'url')]],
    ['see (https://wikileaks.org/cable/2006/01/06MOSCOW754.html).', [lookup('06MOSCOW754', 'url')]],
    ['[the cable](https://wikileaks.org/cable/2006/01/06MOSCOW754.html)', [lookup('06MOSCOW754', 'url')]],
    // The path's case is kept: URLs are case-sensitive, resolution decides.
    ['https://wikileaks.org/cable/2006/01/06moscow754.html', [lookup('06moscow754', 'url')]],
    ['https://wikileaks.org/cable/2006/01/06ASTANA.html', [lookup('06ASTANA', 'url')]],
  ];
  it.each(urls)('GIVEN %j THEN %j', (text, inputs) => {
    expect(found(text)).toEqual(inputs);
  });

  const none = [
    'https://example.com/cable/2006/01/06MOSCOW754.html',
    'https://example.com/06MOSCOW754',
    'https://wikileaks.org/06MOSCOW754',
    'https://wikileaks.org/cable/2006/01/',
    'https://wikileaks.org/cable/2006/01/06MOSCOW754.pdf',
    'http://cablegatesearch.net/search.php?q=06MOSCOW754',
    'http://cablegatesearch.net/cable.php?id=',
    '/cable/2006/01/06MOSCOW754.html',
    'https://wikileaks.org/cable/'.repeat(5),
  ];
  it.each(none)('GIVEN %j THEN no lookup (and no bare ID inside the URL)', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('GIVEN a URL with a fragment other than #parN THEN the cable without paragraphs', () => {
    expect(found('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#top')).toEqual([lookup('06MOSCOW754', 'url')]);
    expect(found('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par0')).toEqual([lookup('06MOSCOW754', 'url')]);
  });
});

describe('scanMessage: pilcrows', () => {
  const pilcrows: [string, CableInput[]][] = [
    ['06MOSCOW754¶5', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
    ['06MOSCOW754 ¶5', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
    ['06MOSCOW754 ¶ 5', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
    ['06MOSCOW754#par5', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
    ['06MOSCOW754\u00a0¶5', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
    ['06MOSCOW754 ¶¶3-5', [lookup('06MOSCOW754', 'pilcrow', [span(3, 5)])]],
    ['as 06moscow754 ¶2 says', [lookup('06moscow754', 'pilcrow', [span(2)])]],
    // Shape is enough for a pilcrow: the ¶ shows intent.
    ['06MOSCOW755¶5', [lookup('06MOSCOW755', 'pilcrow', [span(5)])]],
    ['06ASTANA ¶2', [lookup('06ASTANA', 'pilcrow', [span(2)])]],
    ['_06MOSCOW754 ¶5_', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
    ['~06MOSCOW754¶5~', [lookup('06MOSCOW754', 'pilcrow', [span(5)])]],
  ];
  it.each(pilcrows)('GIVEN %j THEN %j', (text, inputs) => {
    expect(found(text)).toEqual(inputs);
  });

  const none = ['06MOSCOW755  ¶5', 'MOSCOW754¶5', '06MOSCOWX¶5', 'x06MOSCOW755¶5', '06MOSCOW755 §5', '06MOSCOW755¶0', '06 MOSCOW 755 ¶5', 'path/06MOSCOW755¶5'];
  it.each(none)('GIVEN %j THEN no lookup', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('GIVEN a known ID with a malformed selector THEN it is still found as a bare ID', () => {
    expect(found('06MOSCOW754¶0')).toEqual([lookup('06MOSCOW754', 'bare')]);
  });
});

describe('scanMessage: bare IDs in prose', () => {
  it('GIVEN a known ID in prose THEN it is found', () => {
    expect(found('Have you read 06MOSCOW754? It is wild.')).toEqual([lookup('06MOSCOW754', 'bare')]);
  });

  it('GIVEN a known ID in lower case, or a known misprint THEN it is found as written', () => {
    expect(found('06moscow754 and 08ECTION01OF02MANAMA492 and 06ASTANA')).toEqual([
      lookup('06moscow754', 'bare'),
      lookup('08ECTION01OF02MANAMA492', 'bare'),
      lookup('06ASTANA', 'bare'),
    ]);
  });

  it('GIVEN an ID-shaped ID that is not in the release THEN it is ignored', () => {
    expect(found('I made up 06MOSCOW755 and 06MOSCOW99999')).toEqual([]);
  });

  const glued = [
    'x06MOSCOW754@example.com',
    '06MOSCOW754@example.com',
    'mail me at a@06MOSCOW754.com',
    'x06MOSCOW754',
    '06MOSCOW754x',
    'files/06MOSCOW754',
    '06MOSCOW754/files',
    '06MOSCOW754.html',
    'v1.06MOSCOW754',
    'foo_06MOSCOW754',
    'foo~06MOSCOW754',
    '06MOSCOW754_foo',
    '06MOSCOW754_a.html',
    'id=06MOSCOW754',
    '06-MOSCOW-754',
    '06 MOSCOW 754',
    'a-06MOSCOW754',
  ];
  it.each(glued)('GIVEN %j THEN no lookup (not a whole word, or not one token)', (text) => {
    expect(found(text)).toEqual([]);
  });

  // Slack and Discord emphasis around an ID: italics `_…_`, underline `__…__`, strike-through `~…~` / `~~…~~`.
  const punctuated = ['06MOSCOW754.', '06MOSCOW754,', '(06MOSCOW754)', '"06MOSCOW754"', "06MOSCOW754's", '*06MOSCOW754*', 'ref:06MOSCOW754', '06MOSCOW754-', '_06MOSCOW754_', 'see _06MOSCOW754_.', '__06MOSCOW754__', '~06MOSCOW754~', '~~06MOSCOW754~~'];
  it.each(punctuated)('GIVEN %j THEN the ID is found (punctuation is not part of it)', (text) => {
    expect(found(text)).toEqual([lookup('06MOSCOW754', 'bare')]);
  });
});

describe('scanMessage: ignored regions', () => {
  const ignored = [
    '`06MOSCOW754`',
    '``06MOSCOW754 ` #06MOSCOW755``',
    '```\n#06MOSCOW754\n```',
    'look: ```#06MOSCOW754``` ok',
    '```\n#06MOSCOW754 never closed',
    '> #06MOSCOW754',
    '   > #06MOSCOW754',
    'hi\n> #06MOSCOW754\n',
    '>>> quote\n#06MOSCOW754\nstill quoted',
    '<https://wikileaks.org/cable/2006/01/06MOSCOW754.html>',
    '<#06MOSCOW754>',
    '<@06MOSCOW754>',
  ];
  it.each(ignored)('GIVEN %j THEN no lookup', (text) => {
    expect(found(text)).toEqual([]);
  });

  const read: [string, string][] = [
    ['`code` #06MOSCOW754', 'after a code span'],
    ['```\ncode\n``` #06MOSCOW754', 'after a code block'],
    ['> quoted\n#06MOSCOW754', 'the line after a quote'],
    ['see > #06MOSCOW754', 'a > inside a line'],
    ['an unclosed ` backtick #06MOSCOW754', 'an unclosed backtick'],
    ['an unclosed `` pair #06MOSCOW754', 'an unclosed double backtick'],
    ['1 < 2 #06MOSCOW754', 'a less-than sign'],
    ['<unclosed #06MOSCOW754', 'an unclosed <'],
    ['<a\n#06MOSCOW754>', 'a < closed on another line'],
  ];
  it.each(read)('GIVEN %j THEN the hashtag is found (%s)', (text) => {
    expect(found(text)).toEqual([lookup('06MOSCOW754', 'hashtag')]);
  });

  it('GIVEN a quoted line with &gt; in ignore mode THEN it is prose (only Slack escapes >)', () => {
    expect(found('&gt; #06MOSCOW754')).toEqual([lookup('06MOSCOW754', 'hashtag')]);
  });
});

describe('scanMessage: Slack mode', () => {
  const slack = { angleBrackets: 'slack' } as const;

  it('GIVEN <url> and <url|label> THEN the URL is read as a link', () => {
    expect(found('<https://wikileaks.org/cable/2006/01/06MOSCOW754.html>', slack)).toEqual([lookup('06MOSCOW754', 'url')]);
    expect(found('<https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5|the Moscow cable>', slack)).toEqual([lookup('06MOSCOW754', 'url', [span(5)])]);
    expect(found('<http://cablegatesearch.net/cable.php?id=06MOSCOW754&amp;version=1|cable>', slack)).toEqual([lookup('06MOSCOW754', 'url')]);
  });

  it('GIVEN a label that names another cable THEN only the URL counts', () => {
    expect(found('<https://example.com/x|#06MOSCOW754>', slack)).toEqual([]);
  });

  it('GIVEN mentions, channels and specials THEN they are skipped', () => {
    expect(found('<@U06MOSCOW754> <#C123|06MOSCOW754> <!channel> <!subteam^S123|#06MOSCOW754> <mailto:06MOSCOW754@x.org|06MOSCOW754@x.org>', slack)).toEqual([]);
  });

  it('GIVEN a Slack-escaped quote line THEN it is ignored, and the next line is read', () => {
    expect(found('&gt; #06MOSCOW754\n#06MOSCOW18', slack)).toEqual([lookup('06MOSCOW18', 'hashtag')]);
  });

  it('GIVEN a link then prose THEN both are found, in order', () => {
    expect(found('<https://wikileaks.org/cable/2006/01/06MOSCOW754.html> and #06MOSCOW18', slack)).toEqual([lookup('06MOSCOW754', 'url'), lookup('06MOSCOW18', 'hashtag')]);
  });
});

describe('scanMessage: order, dedupe and cap', () => {
  it('GIVEN one of each source THEN they come in order of appearance', () => {
    expect(found('06MOSCOW18 then https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par2 then #06MOSCOW19 then 06MOSCOW96¶4', { max: 10 })).toEqual([
      lookup('06MOSCOW18', 'bare'),
      lookup('06MOSCOW754', 'url', [span(2)]),
      lookup('06MOSCOW19', 'hashtag'),
      lookup('06MOSCOW96', 'pilcrow', [span(4)]),
    ]);
  });

  it('GIVEN the same cable as hashtag, bare ID and lower case THEN it is found once, as first written', () => {
    expect(scan('#06MOSCOW754 06MOSCOW754 06moscow754 #06moscow754')).toEqual({ inputs: [lookup('06MOSCOW754', 'hashtag')], skipped: 0 });
  });

  it('GIVEN the same cable with different paragraphs THEN each selection counts', () => {
    expect(found('#06MOSCOW754 #06MOSCOW754¶2 06MOSCOW754 ¶2 06MOSCOW754¶3')).toEqual([
      lookup('06MOSCOW754', 'hashtag'),
      lookup('06MOSCOW754', 'hashtag', [span(2)]),
      lookup('06MOSCOW754', 'pilcrow', [span(3)]),
    ]);
  });

  it('GIVEN five distinct cables and the default cap of 3 THEN 3 inputs and 2 skipped', () => {
    expect(scan('#06MOSCOW1 #06MOSCOW2 #06MOSCOW3 #06MOSCOW4 #06MOSCOW5 #06MOSCOW1')).toEqual({
      inputs: [lookup('06MOSCOW1', 'hashtag'), lookup('06MOSCOW2', 'hashtag'), lookup('06MOSCOW3', 'hashtag')],
      skipped: 2,
    });
  });

  it('GIVEN max 1 THEN one input; max 0 THEN none, all counted as skipped', () => {
    expect(scan('#06MOSCOW1 #06MOSCOW2', { max: 1 })).toEqual({ inputs: [lookup('06MOSCOW1', 'hashtag')], skipped: 1 });
    expect(scan('#06MOSCOW1 #06MOSCOW2', { max: 0 })).toEqual({ inputs: [], skipped: 2 });
  });

  it(`GIVEN 1,000 distinct hashtags THEN skipped stops counting at ${MAX_SKIPPED_COUNT}`, () => {
    const text = Array.from({ length: 1000 }, (_, i) => `#06MOSCOW${i + 1}`).join(' ');
    expect(scan(text).skipped).toBe(MAX_SKIPPED_COUNT);
  });

  it('GIVEN no cable THEN nothing found and nothing skipped', () => {
    expect(scan('Just chatting about #cablegate, nothing to see.')).toEqual({ inputs: [], skipped: 0 });
  });
});

describe('scanMessage: bounded work', () => {
  it('GIVEN many distinct ID-like words THEN isKnownId is called at most maxIdChecks times', () => {
    let calls = 0;
    const counting = (id: string): boolean => {
      calls++;
      return isKnownId(id);
    };
    const text = Array.from({ length: 500 }, (_, i) => `06ABCD${i + 1}`).join(' ');
    scanMessage(text, { isKnownId: counting, maxIdChecks: 20 });
    expect(calls).toBe(20);
  });

  it('GIVEN the same word thousands of times THEN isKnownId is called once', () => {
    let calls = 0;
    scanMessage('06MOSCOW755 '.repeat(3000), {
      isKnownId: () => {
        calls++;
        return false;
      },
    });
    expect(calls).toBe(1);
  });

  it('GIVEN ordinary words, numbers, hashtags and short tokens THEN isKnownId is never asked', () => {
    let calls = 0;
    scanMessage('#cablegate #iran 10am 3rd 2nd 1080p 64bit mp3 i18n the 2006 report on Moscow, 754 pages, ¶5 and p5', {
      isKnownId: () => {
        calls++;
        return false;
      },
    });
    expect(calls).toBe(0);
  });
});
