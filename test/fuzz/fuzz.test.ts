/**
 * The bounded slice of `npm run fuzz` that `npm test` runs: 1% of each target's 100,000
 * inputs, seeded, over the real fixture store (30 cables) with the fixture pages and CSV.
 * The 50 ms per call target is the fuzz run's to report; here only a loose sanity bound.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatText, inputRng, mangle } from '../../bench/fuzz/inputs.ts';
import { buildWorld, inputsFor, runTarget, TARGETS, type FuzzWorld } from '../../bench/fuzz/targets.ts';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';
import { FIXTURES } from '../corpus/parse/fixtures.ts';

const SEED = 20_261_128;
const SLICE = 1_000;

let bot: FixtureBot;
let world: FuzzWorld;
beforeAll(async () => {
  bot = await openFixtureBot();
  const ids = [...readdirSync(join(FIXTURES, 'pages')).map((f) => f.replace(/\.html$/, '')), '06MOSCOW754'];
  const paragraphs = ids.flatMap((id) => bot.ctx.corpus.getCable(id)?.paragraphs.map((p) => p.text) ?? []);
  world = buildWorld(bot.ctx, paragraphs.sort((a, b) => b.length - a.length).slice(0, 20));
});
afterAll(() => bot.close());

describe('GIVEN 1% of the fuzz inputs of each target (seeded)', () => {
  it('THEN the world holds real material: the 9,599-character paragraph of 08STATE43817, real replies of every kind', () => {
    expect(world.longParagraphs[0]?.length).toBe(9_599);
    expect(new Set(world.replies.map((r) => r.kind))).toEqual(new Set(['cable', 'paragraphs', 'not-in-corpus', 'not-found', 'search', 'source', 'reasons', 'help', 'error']));
  });

  for (const target of TARGETS) {
    it(`THEN ${target}: no input throws, breaks a platform limit or leaves a live mention, and no call is pathologically slow`, () => {
      const figures = runTarget(world, target, SEED, 0, inputsFor(target, SLICE));
      expect(figures.inputs).toBe(inputsFor(target, SLICE));
      expect(figures.failures).toEqual([]);
      expect(figures.maxMs).toBeLessThan(1_000);
    });
  }
});

describe('GIVEN a seed and an index', () => {
  it('THEN the input is the same every time, so one input can be replayed alone', () => {
    const ids = ['06MOSCOW754', '08STATE43817'];
    expect(chatText(inputRng(7, 'grammar', 123), ids)).toBe(chatText(inputRng(7, 'grammar', 123), ids));
    expect(chatText(inputRng(7, 'grammar', 123), ids)).not.toBe(chatText(inputRng(7, 'grammar', 124), ids));
    const page = Buffer.from('line one\nline two\nline three\n'.repeat(50));
    expect(mangle(inputRng(7, 'parse-page', 9), page).equals(mangle(inputRng(7, 'parse-page', 9), page))).toBe(true);
  });

  it('THEN a run split in two makes the same inputs as the run in one piece (inputs depend on their index alone)', () => {
    const whole = runTarget(world, 'parse-csv', SEED, 0, 40);
    const first = runTarget(world, 'parse-csv', SEED, 0, 17);
    const rest = runTarget(world, 'parse-csv', SEED, 17, 23);
    // One reader call per input plus one row parse per good record: equal only if the inputs are.
    expect(first.calls + rest.calls).toBe(whole.calls);
  });
});

describe('GIVEN npm run fuzz as it runs (the esbuild bundle of bench/fuzz/run.ts)', () => {
  it('THEN a short seeded run over the fixture store finishes, exit 0, and writes its figures', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { fileURLToPath } = await import('node:url');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'cablebot-fuzz-'));
    try {
      const run = spawnSync(process.execPath, ['bin/run.js', 'bench/fuzz/run.ts', '--seed', '7', '--count', '5', '--out', out], {
        cwd: root,
        env: { ...process.env, CABLEBOT_DB: bot.dbPath },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const figures: unknown = JSON.parse(readFileSync(join(out, 'fuzz.json'), 'utf8'));
      expect(figures).toMatchObject({ seed: 7, count: 5, targets: TARGETS.map((target) => ({ target, inputs: inputsFor(target, 5), failureCount: 0 })) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
