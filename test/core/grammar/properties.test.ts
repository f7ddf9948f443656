/**
 * Properties of the grammar over arbitrary text: it never throws, every ok result satisfies
 * the option schemas, scans respect their caps, and the work is bounded. Timing here is only a
 * generous sanity guard; the real figures come from bench/scan.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownIdPredicate, MAX_SKIPPED_COUNT, parseCommandText, scanMessage } from '../../../src/core/grammar/index.ts';
import {
  cableOptionsSchema,
  helpOptionsSchema,
  MAX_CABLES_PER_MESSAGE,
  MAX_PARAGRAPH_SPANS,
  reasonsOptionsSchema,
  searchOptionsSchema,
} from '../../../src/core/input.ts';
import type { CommandInput, ParagraphSpan } from '../../../src/core/input.ts';
import { defaultIdIndex } from '../../../src/corpus/ids/index.ts';

const isKnownId = knownIdPredicate(defaultIdIndex());

/** Every UTF-16 code unit, lone surrogates included (what a chat platform may hand over). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Pieces of the grammar, so random text hits its branches rather than only prose. */
const FRAGMENTS = [
  '#', '06', 'MOSCOW', 'moscow', '754', '0754', '2006', '¶', '¶¶', '#par', 'par', 'para ', 'p', '-', '–', ',', ', ', ' ', '  ', '\n', '\t',
  '`', '``', '```', '>', '>>> ', '&gt;', '<', '>', '|', '@', '.', '/', ':', '"', '_', 'x', '0', '5', '1000',
  'https://wikileaks.org/cable/2006/01/', '.html', 'http://cablegatesearch.net/cable.php?id=', '&version=1', 'https://wikileaks.org/plusd/cables/', '_a.html',
  '06MOSCOW754', '06ASTANA', '08ECTION01OF02MANAMA492', '06MOSCOW755', '/cable ', 'search ', 'reasons ', 'help ', '? ', 'origin:', 'year:', '"buenos aires"', '2010', '1850',
  '\uD83D', '\uDE00', '😀', 'é', '\u00a0', '\u2028', '\ufeff',
];
const grammarText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: codeUnit, maxLength: 200 }), grammarText);

/** Parses the options of an input with its command's schema, returning what the schema makes of them. */
function throughSchema(input: CommandInput): unknown {
  switch (input.command) {
    case 'cable':
      return cableOptionsSchema.parse(input.options);
    case 'search':
      return searchOptionsSchema.parse(input.options);
    case 'reasons':
      return reasonsOptionsSchema.parse(input.options);
    case 'help':
      return helpOptionsSchema.parse(input.options);
  }
}

describe('parseCommandText: properties', () => {
  it('GIVEN any text THEN it never throws, ok results pass the schemas unchanged, errors have a detail of at most 60 characters', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCommandText(text);
        if (!parsed.ok) {
          expect(parsed.detail.length).toBeLessThanOrEqual(60);
          return;
        }
        expect(parsed.inputs.length).toBeGreaterThan(0);
        expect(parsed.inputs.length).toBeLessThanOrEqual(MAX_CABLES_PER_MESSAGE);
        expect(parsed.skipped).toBeGreaterThanOrEqual(0);
        for (const input of parsed.inputs) expect(throughSchema(input)).toEqual(input.options);
      }),
      { numRuns: 3000 },
    );
  });

  const spanArb = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 20 })).map(([from, width]): ParagraphSpan => ({ from, to: Math.min(999, from + width) }));
  it('GIVEN any written selector of valid spans THEN parsing gives back the same spans, in order', () => {
    fc.assert(
      fc.property(
        fc.array(spanArb, { minLength: 1, maxLength: MAX_PARAGRAPH_SPANS }),
        fc.constantFrom('¶', '¶ ', '¶¶', 'para ', 'paragraphs ', 'p', '#par', ''),
        fc.constantFrom(',', ', '),
        fc.constantFrom('-', '–', ' - '),
        (spans, intro, comma, dash) => {
          const written = spans.map((s) => (s.from === s.to ? `${s.from}` : `${s.from}${dash}${s.to}`)).join(comma);
          const parsed = parseCommandText(`06MOSCOW754 ${intro}${written}`);
          expect(parsed).toEqual({ ok: true, inputs: [{ command: 'cable', options: { ref: '06MOSCOW754', paragraphs: spans, source: 'command' } }], skipped: 0 });
        },
      ),
    );
  });
});

describe('scanMessage: properties', () => {
  it('GIVEN any text, either angle-bracket mode and any cap THEN it never throws and the result is well formed', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('ignore', 'slack'), fc.integer({ min: 0, max: 5 }), (text, angleBrackets, max) => {
        const scan = scanMessage(text, { isKnownId, angleBrackets, max });
        expect(scan.inputs.length).toBeLessThanOrEqual(max);
        expect(scan.skipped).toBeGreaterThanOrEqual(0);
        expect(scan.skipped).toBeLessThanOrEqual(MAX_SKIPPED_COUNT);
        const keys = new Set<string>();
        for (const input of scan.inputs) {
          expect(cableOptionsSchema.parse(input.options)).toEqual(input.options);
          expect(input.options.source).not.toBe('command');
          keys.add(`${input.options.ref.toUpperCase()}|${JSON.stringify(input.options.paragraphs)}`);
        }
        expect(keys.size).toBe(scan.inputs.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN any text after >>> or inside an unclosed fence THEN nothing is found', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(scanMessage(`>>> ${text}`, { isKnownId }).inputs).toEqual([]);
        expect(scanMessage(`\`\`\`${text.replace(/`/g, '')}`, { isKnownId }).inputs).toEqual([]);
      }),
    );
  });

  it('GIVEN a hashtag anywhere outside marked-up text THEN it is found', () => {
    const prose = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '.', '\n', '1', 'é'), maxLength: 40 });
    fc.assert(
      fc.property(prose, prose, (before, after) => {
        const text = `${before} #06MOSCOW754 ${after}`;
        expect(scanMessage(text, { isKnownId, max: 10 }).inputs.map((i) => i.options.ref)).toContain('06MOSCOW754');
      }),
    );
  });

  it('GIVEN any text THEN isKnownId is called at most maxIdChecks times, never twice for the same text', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 10 }), (text, maxIdChecks) => {
        const asked: string[] = [];
        const counting = (id: string): boolean => {
          asked.push(id);
          return isKnownId(id);
        };
        scanMessage(text, { isKnownId: counting, maxIdChecks });
        expect(asked.length).toBeLessThanOrEqual(maxIdChecks);
        expect(new Set(asked).size).toBe(asked.length);
      }),
    );
  });
});

/** The adversarial inputs of the brief, 40,000 characters each. */
const ADVERSARIAL: readonly { name: string; text: string }[] = [
  { name: '#×40000', text: '#'.repeat(40_000) },
  { name: '06MOSCOW×5000', text: '06MOSCOW'.repeat(5_000) },
  { name: '<×40000', text: '<'.repeat(40_000) },
  { name: 'unclosed backticks', text: '`a'.repeat(20_000) },
  { name: '¶×40000', text: '¶'.repeat(40_000) },
  { name: '"06 "×13000', text: '06 '.repeat(13_334) },
  { name: 'viewer prefix×1000', text: 'https://wikileaks.org/cable/'.repeat(1_000) },
];

describe('scan and parse: bounded work on adversarial input', () => {
  // A sanity guard only (generous: a linear scan takes well under 10 ms; see bench/scan.ts).
  it.each(ADVERSARIAL)('GIVEN $name THEN both modes finish far inside 200 ms', ({ text }) => {
    for (const angleBrackets of ['ignore', 'slack'] as const) {
      const start = performance.now();
      scanMessage(text, { isKnownId, angleBrackets });
      expect(performance.now() - start).toBeLessThan(200);
    }
    const start = performance.now();
    parseCommandText(text.slice(0, 2_000));
    expect(performance.now() - start).toBeLessThan(200);
  });
});
