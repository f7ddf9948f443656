/**
 * Generators of hostile input for `npm run fuzz`. Every input is made from its own PRNG,
 * seeded by (run seed, target, index), so input N of a run can be rebuilt alone:
 * `npm run fuzz -- --seed S --only T --from N --count 1`.
 */
import { prng } from '../stats.ts';

export type Rng = () => number;

/** The PRNG of input `index` of `target` in a run seeded `seed`. */
export function inputRng(seed: number, target: string, index: number): Rng {
  // FNV-1a over the three, so neighbouring indexes give unrelated streams.
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${target}:${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return prng(h >>> 0);
}

export function int(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[int(rng, items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

/** Mentions and markup the platforms would act on, if a renderer let them through. */
export const HOSTILE = [
  '@everyone',
  '@here',
  '<@123>',
  '<@!123>',
  '<@&1>',
  '<#1>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<#C123|general>',
  '<!subteam^S123>',
  '<https://evil.example|click>',
  '[x](javascript:alert(1))',
  '[click](https://evil.example)',
  '[click](<https://evil.example>)',
  '`',
  '```',
  '**',
  '*',
  '_',
  '__',
  '~~',
  '~',
  '||',
  '|',
  '> ',
  '>>> ',
  '# ',
  '- ',
  '1. ',
  '\\',
  '&lt;!channel&gt;',
  '&amp;',
  '\u200d',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ud83d',
  '\ude00',
  '😀',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u2028',
  '\ufeff',
];

/** Pieces of the command grammar and the message scanner, so random text reaches their branches. */
const GRAMMAR = [
  '#', '06', 'MOSCOW', 'moscow', '754', '0754', '¶', '¶¶', '#par', 'par', 'para ', 'p', '-', '–', ',', ', ', ' ', '  ',
  '.', '/', ':', '"', 'x', '0', '5', '1000', '99999999',
  'https://wikileaks.org/cable/2006/01/', '.html', 'http://cablegatesearch.net/cable.php?id=', '&version=1', 'https://wikileaks.org/plusd/cables/', '_a.html',
  '/cable ', 'cable ', 'search ', 'reasons ', 'help ', 'settings ', '? ', 'origin:', 'year:', '"buenos aires"', '2010', '1850', '-p ', 'private ',
  '1.4(b)', '1.4 (B & D)', '1.5(c)', '1.4(z)', 'ref:', 'paragraph:', 'embassy', 'minister', 'the',
];

/** Random UTF-16 code units, lone surrogates and controls included. */
export function codeUnits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng() < 0.5 ? int(rng, 0x80) : int(rng, 0x10000));
  return s;
}

/**
 * Text for the grammar and the commands: grammar pieces, real IDs, hostile markup and random
 * code units; mostly chat-sized, sometimes past the command limit (2,000) and, rarely, a
 * 40,000-character Slack message.
 */
export function chatText(rng: Rng, ids: readonly string[]): string {
  const r = rng();
  const parts = r < 0.01 ? 4000 : r < 0.06 ? 400 : 1 + int(rng, 30);
  let s = '';
  for (let i = 0; i < parts; i++) {
    const k = rng();
    if (k < 0.45) s += pick(rng, GRAMMAR);
    else if (k < 0.65) s += pick(rng, ids);
    else if (k < 0.85) s += pick(rng, HOSTILE);
    else s += codeUnits(rng, 1 + int(rng, 8));
  }
  return s;
}

/** Text that FTS5 would read as syntax, and scripts and code points a paste may carry. */
const QUOTE_NOISE = ['"', '""', '*', 'NEAR(', 'NEAR(a b, 2)', ' AND ', ' OR ', ' NOT ', '-', ':', 'body:', '{body}:', '^', '(', ')', '😀', '👍🏽', 'مرحبا بالعالم', 'שלום', '\u202e', '\u0000', '…', '...', '[...]', '[the Ambassador]', '“', '”', '‘', '’', '\n', '\t'];

/**
 * A quote as people paste one: a cut of a real paragraph, sometimes perturbed (case, curly
 * quotes, ellipses, bracketed insertions, words dropped or changed), sometimes buried in noise
 * and hostile text, sometimes pasted 40,000 characters long.
 */
export function quoteText(rng: Rng, paragraphs: readonly string[]): string {
  const source = pick(rng, paragraphs);
  const words = source.split(/\s+/).filter(Boolean);
  const from = int(rng, Math.max(1, words.length));
  let quote = words.slice(from, from + 1 + int(rng, 40)).map((w) => {
    const k = rng();
    if (k < 0.05) return pick(rng, QUOTE_NOISE);
    if (k < 0.08) return pick(rng, HOSTILE);
    if (k < 0.1) return '';
    return w;
  });
  if (rng() < 0.3) quote = quote.map((w) => w.toUpperCase());
  let text = quote.join(' ');
  if (rng() < 0.3) text = `“${text}”`;
  const k = rng();
  if (k < 0.05) return text.repeat(Math.ceil(40_000 / Math.max(1, text.length))).slice(0, 40_000);
  if (k < 0.1) return hostileText(rng, 40_000, source);
  if (k < 0.25) return Array.from({ length: 1 + int(rng, 30) }, () => pick(rng, QUOTE_NOISE)).join(rng() < 0.5 ? ' ' : '');
  if (k < 0.35) return `${pick(rng, HOSTILE)} ${text} ${pick(rng, QUOTE_NOISE)}`;
  return text;
}

/** A command as a user would type it, around a real ID, with hostile text in places. */
export function commandText(rng: Rng, ids: readonly string[]): string {
  const id = pick(rng, ids);
  const hostile = (): string => (rng() < 0.5 ? ` ${pick(rng, HOSTILE)}` : '');
  switch (int(rng, 8)) {
    case 0:
      return `${id}${hostile()}`;
    case 1:
      return `${id} ¶${1 + int(rng, 30)}${rng() < 0.3 ? `-${1 + int(rng, 40)}` : ''}${hostile()}`;
    case 2:
      return `search ${pick(rng, ['embassy', 'minister', 'oil', 'the', 'moscow', '"prime minister"', 'x'])}${hostile()}${rng() < 0.3 ? ` origin:${pick(rng, ['moscow', 'bogota', 'nowhere'])}` : ''}`;
    case 3:
      return `reasons ${pick(rng, ['1.4(b)', '1.4 (B & D)', '1.5(c)', '1.4(z)', id])}${hostile()}`;
    case 4:
      return `help${rng() < 0.5 ? ` ${pick(rng, ['cable', 'search', 'nothing'])}` : ''}${hostile()}`;
    case 5:
      return `see #${id} and https://wikileaks.org/cable/2006/01/${id}.html ${id}¶${1 + int(rng, 9)}${hostile()}`;
    case 6:
      return `${id.slice(0, Math.max(1, int(rng, id.length)))}${pick(rng, HOSTILE)}${id.slice(int(rng, id.length))}`;
    default:
      return chatText(rng, ids);
  }
}

/**
 * A damaged copy of a real source: truncated at a random point, lines reordered, random
 * bytes injected or overwritten, spans deleted or repeated — one to four of these.
 */
export function mangle(rng: Rng, source: Uint8Array): Buffer {
  let b: Buffer = Buffer.from(source);
  const ops = 1 + int(rng, 4);
  for (let k = 0; k < ops; k++) {
    switch (int(rng, 6)) {
      case 0:
        b = b.subarray(0, int(rng, b.length + 1));
        break;
      case 1:
        b = reorderLines(rng, b);
        break;
      case 2: {
        const at = int(rng, b.length + 1);
        b = Buffer.concat([b.subarray(0, at), randomBytes(rng, 1 + int(rng, 64)), b.subarray(at)]);
        break;
      }
      case 3: {
        const n = 1 + int(rng, 32);
        for (let i = 0; i < n && b.length > 0; i++) b[int(rng, b.length)] = int(rng, 256);
        break;
      }
      case 4: {
        const at = int(rng, b.length + 1);
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + int(rng, 2000)))]);
        break;
      }
      default: {
        const at = int(rng, b.length + 1);
        const span = b.subarray(at, at + int(rng, 2000));
        b = Buffer.concat([b.subarray(0, at), span, span, b.subarray(at)]);
      }
    }
  }
  return b;
}

function randomBytes(rng: Rng, n: number): Buffer {
  const out = Buffer.alloc(n);
  // Half the time printable hostile text (quotes, commas and markup reach the CSV quoting), else any byte.
  if (rng() < 0.5) return Buffer.from(Array.from({ length: Math.ceil(n / 8) }, () => pick(rng, ['"', '","', '\\"', '\n', '\r\n', '¶', ...HOSTILE])).join(''), 'utf8');
  for (let i = 0; i < n; i++) out[i] = int(rng, 256);
  return out;
}

/** Lines shuffled within a random window (or swapped far apart). */
function reorderLines(rng: Rng, b: Buffer): Buffer {
  const lines = b.toString('latin1').split('\n');
  if (lines.length < 2) return b;
  const from = int(rng, lines.length);
  const to = Math.min(lines.length, from + 2 + int(rng, 40));
  for (let i = to - 1; i > from; i--) {
    const j = from + int(rng, i - from + 1);
    const a = lines[i] ?? '';
    lines[i] = lines[j] ?? '';
    lines[j] = a;
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

/** Random-length chunks, as a stream would hand them over (splitting characters and records anywhere). */
export function chunks(rng: Rng, b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < b.length; ) {
    const n = 1 + int(rng, rng() < 0.2 ? 16 : 8192);
    out.push(b.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** Hostile text of about `length` characters: prose with mentions and markup throughout. */
export function hostileText(rng: Rng, length: number, prose: string): string {
  let s = '';
  while (s.length < length) {
    const k = rng();
    // Now and then a long run of one piece of markup (`____…`, `[[[…`): quadratic escapers show there.
    if (k < 0.03) s += pick(rng, HOSTILE).repeat(50 + int(rng, 1000));
    else if (k < 0.4) s += pick(rng, HOSTILE);
    else {
      const at = int(rng, prose.length);
      s += prose.slice(at, at + 1 + int(rng, 400));
    }
    if (rng() < 0.3) s += ' ';
  }
  return s.slice(0, length);
}
