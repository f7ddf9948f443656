/**
 * The console adapter: `npm start` with no platform credentials. On a terminal, a prompt
 * with line editing and history (readline's, for the session), `help`, Ctrl-D to quit;
 * with piped stdin, one answer per non-blank input line, then exit. Each line is answered
 * as the bot would answer `/cable <line>` (or the message, when it is not a command).
 * Wiring and rendering only: the answer comes from the core.
 */
import { createInterface } from 'node:readline';
import type { CommandContext } from '../../src/core/command.ts';
import { answerLine, type ErrorSink } from '../../src/core/answer.ts';
import { renderAnswerText } from './render.ts';

/** The streams the console runs on (the CLI's `CliIo`). */
export interface ConsoleIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Lines that end an interactive session besides Ctrl-D. */
const QUIT = new Set(['quit', 'exit', ':q']);

/** Runs until stdin ends (or `quit` on a terminal). Resolves when done. */
export async function runConsole(io: ConsoleIo, ctx: CommandContext, banner: string): Promise<void> {
  const interactive = io.stdin.isTTY === true;
  const rl = createInterface({
    input: io.stdin,
    ...(interactive ? { output: io.stdout, prompt: 'cable> ', historySize: 500 } : {}),
    terminal: interactive,
  });
  const onError: ErrorSink = (error, input) => io.stderr.write(`cablebot: ${input.command} failed: ${String(error instanceof Error ? (error.stack ?? error.message) : error)}\n`);
  if (interactive) {
    io.stdout.write(`${banner}\n`);
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (interactive && QUIT.has(text.toLowerCase())) break;
    if (text !== '') {
      const answer = answerLine(ctx, text, onError);
      const width = interactive ? Math.min(io.stdout.columns ?? 80, 100) : 80;
      // A blank line after each answer: answers run to several lines.
      io.stdout.write(`${renderAnswerText(answer, { width, ansi: interactive })}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
