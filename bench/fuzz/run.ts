/**
 * `npm run fuzz`: hostile input into the grammar, the commands, the cable parsers and the
 * renderers (issue 6, "Hostile input"), 100,000 seeded inputs per target, on the bundled store.
 *
 *   npm run fuzz -- [--seed N] [--count N] [--from N] [--only grammar,answer,source,parse-page,parse-csv,render] [--out bench/out]
 *
 * Replay one input: `npm run fuzz -- --seed S --only T --from I --count 1`. Prints, per target,
 * inputs, calls, the slowest call (and which input), calls over 50 ms and failures; writes the
 * figures to `<out>/fuzz.json`. Exit code 1 when any input failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBot } from '../../src/bot/open.ts';
import { streamBundle } from '../../src/corpus/bundle.ts';
import { buildWorld, inputsFor, runTarget, SLOW_MS, TARGETS, type Target, type TargetFigures } from './targets.ts';

interface Args {
  seed: number;
  count: number;
  from: number;
  only: Target[];
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { seed: Date.now() % 1_000_000, count: 100_000, from: 0, only: [...TARGETS], out: 'bench/out' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--count') args.count = Number(value);
    else if (flag === '--from') args.from = Number(value);
    else if (flag === '--out') args.out = value;
    else if (flag === '--only') args.only = value.split(',').map((t) => toTarget(t));
    else throw new Error(`unknown argument ${flag ?? ''}`);
    i++;
  }
  for (const [k, v] of [['--seed', args.seed], ['--count', args.count], ['--from', args.from]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${k} must be a non-negative integer`);
  }
  return args;
}

function toTarget(name: string): Target {
  const target = TARGETS.find((t) => t === name);
  if (target === undefined) throw new Error(`unknown target ${name} (one of ${TARGETS.join(', ')})`);
  return target;
}

/** The `n` longest paragraphs of the bundled corpus (08STATE43817 has one of 9,599 characters). */
async function longestParagraphs(n: number): Promise<string[]> {
  let top: string[] = [];
  for await (const { cable } of streamBundle()) {
    for (const p of cable.paragraphs) {
      if (top.length < n || p.text.length > (top[top.length - 1]?.length ?? 0)) {
        top.push(p.text);
        top.sort((a, b) => b.length - a.length);
        top = top.slice(0, n);
      }
    }
  }
  return top;
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  console.log(`fuzz: seed ${args.seed}, inputs ${args.from}–${args.from + args.count - 1} per target (replay one: npm run fuzz -- --seed ${args.seed} --only <target> --from <index> --count 1)`);
  // CABLEBOT_DB as the bot reads it (default: the bundled store).
  const bot = await openBot(process.env);
  try {
    const long = await longestParagraphs(20);
    console.log(`longest real paragraphs: ${long.slice(0, 5).map((p) => p.length.toLocaleString('en-US')).join(', ')} … characters`);
    const world = buildWorld(bot.ctx, long);
    console.log(`world: ${world.ids.length} real IDs, ${world.pages.length} pages, ${world.csv.length} CSV files, ${world.replies.length} real replies`);
    const figures: TargetFigures[] = [];
    for (const target of args.only) {
      const f = runTarget(world, target, args.seed, args.from, inputsFor(target, args.count));
      figures.push(f);
      console.log(
        `${target.padEnd(10)} ${f.inputs.toLocaleString('en-US').padStart(8)} inputs ${f.calls.toLocaleString('en-US').padStart(9)} calls  max ${f.maxMs.toFixed(1).padStart(6)} ms` +
          `${f.maxAt !== null ? ` (#${f.maxAt.index} ${f.maxAt.call})` : ''}  >${SLOW_MS} ms: ${f.slowCount} (${f.slowTwiceCount} again when repeated)  failures: ${f.failureCount}  (${(f.wallMs / 1000).toFixed(1)} s)`,
      );
      for (const s of f.slow) console.log(`    slow  #${s.index} ${s.call} ${s.ms} ms (repeated: ${s.again} ms)`);
      for (const x of f.failures) console.log(`    FAIL  #${x.index} ${x.message}`);
    }
    mkdirSync(args.out, { recursive: true });
    const file = join(args.out, 'fuzz.json');
    writeFileSync(file, `${JSON.stringify({ seed: args.seed, from: args.from, count: args.count, slowMs: SLOW_MS, targets: figures }, null, 2)}\n`);
    console.log(`figures written to ${file}`);
    return figures.some((f) => f.failureCount > 0) ? 1 : 0;
  } finally {
    bot.close();
  }
}
