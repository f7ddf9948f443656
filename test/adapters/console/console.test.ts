/**
 * The console on a terminal: the real readline of `runConsole` in terminal mode, fed
 * keystrokes as a terminal sends them (Enter is `\r`, ↑ is `ESC [ A`, Ctrl-D is `\x04`), over
 * the real fixture store. The piped mode is tested through the CLI (test/cli/main.test.ts).
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../../adapters/console/index.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

/** A terminal: stdin and stdout flagged as TTYs, stdout collected with ANSI codes removed. */
function terminal(columns = 80): { stdin: PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void }; stdout: PassThrough & { isTTY: boolean; columns: number }; stderr: PassThrough; text: () => string } {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (_on: boolean): void => undefined });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  // eslint-disable-next-line no-control-regex -- stripping the terminal's escape sequences is the point
  const text = (): string => Buffer.concat(chunks).toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return { stdin, stdout, stderr: new PassThrough(), text };
}

/** Types `keys` once the console has printed `waitFor` (n times). */
async function typeWhen(t: ReturnType<typeof terminal>, waitFor: string, times: number, keys: string): Promise<void> {
  await expect.poll(() => t.text().split(waitFor).length - 1, { timeout: 5_000 }).toBeGreaterThanOrEqual(times);
  t.stdin.write(keys);
}

describe('GIVEN the console on a terminal', () => {
  it('THEN it shows the banner and a prompt, answers a line, recalls it with ↑, answers help, and Ctrl-D ends it', async () => {
    const t = terminal();
    const done = runConsole(t, bot.ctx, 'cablebot: test banner');
    await typeWhen(t, 'cable> ', 1, '06MOSCOW754 ¶5\r');
    await typeWhen(t, 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5', 1, '');
    await typeWhen(t, 'cable> ', 2, '\x1b[A\r');
    await typeWhen(t, 'cable> ', 3, 'help search\r');
    await typeWhen(t, 'cable> ', 4, '\x04');
    await done;
    const out = t.text();
    expect(out.startsWith('cablebot: test banner\n')).toBe(true);
    // Answered twice: once typed, once recalled from the history with ↑.
    expect(out.split('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5').length - 1).toBe(2);
    expect(out).toContain('¶5 (S) Ivanov said he had made clear that');
    expect(out).toContain('search — ');
    // Bold on a terminal is ANSI, not asterisks; lines stay within the terminal's width.
    for (const line of out.split('\n')) expect(line.replace(/^(cable> )+/, '').length, line).toBeLessThanOrEqual(80);
  });

  it('THEN quit ends it too, and a blank line gets no answer', async () => {
    const t = terminal();
    const done = runConsole(t, bot.ctx, 'banner');
    await typeWhen(t, 'cable> ', 1, '   \r');
    await typeWhen(t, 'cable> ', 2, 'quit\r');
    await done;
    expect(t.text()).toBe('banner\ncable>    \r\ncable> quit\r\n');
  });
});
