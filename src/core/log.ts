/**
 * The log the adapters write to: one line per event, with context fields, so an operator can
 * tell which request failed and why. The core never writes to a transport; whoever starts the
 * bot passes a `Logger` in.
 */
import { pino, type Level } from 'pino';

/** Context of a log line: IDs, the command, the platform. Values are printed as JSON. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Where adapters report what happened. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** An unexpected failure: logged with the error's stack, never shown to users. */
  error(message: string, error: unknown, fields?: LogFields): void;
}

/** A logger writing `time level message {fields}` lines (and stacks) to `stream`. */
export function streamLogger(stream: NodeJS.WritableStream, now: () => Date = () => new Date()): Logger {
  const line = (level: string, message: string, fields?: LogFields, error?: unknown): void => {
    const extra = fields !== undefined && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    const stack = error === undefined ? '' : `\n${error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)}`;
    stream.write(`${now().toISOString()} ${level} ${message}${extra}${stack}\n`);
  };
  return {
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, e, f) => line('error', m, f, e),
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; fields: LogFields | undefined; error: unknown }[] } {
  const lines: { level: string; message: string; fields: LogFields | undefined; error: unknown }[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ level: 'info', message, fields, error: undefined }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields, error: undefined }),
    error: (message, error, fields) => lines.push({ level: 'error', message, fields, error }),
  };
}

/** Log levels `CABLEBOT_LOG_LEVEL` takes, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The logger `cablebot start` uses: pino's structured JSON, one object per line on `stream`
 * (`{"level":30,"time":…,"msg":"…",…fields}`; errors under `err` with their stack), below
 * `level` dropped. What goes in `fields` is the callers' business: IDs, command names and
 * timings, never message text at info level.
 */
export function pinoLogger(stream: NodeJS.WritableStream, level: LogLevel = 'info'): Logger {
  const log = pino({ level, base: { name: 'cablebot' } }, stream);
  const at = (lvl: Level, message: string, fields?: LogFields, error?: unknown): void => {
    const extra: Record<string, unknown> = { ...fields };
    if (error !== undefined) extra.err = error instanceof Error ? error : new Error(String(error));
    log[lvl](extra, message);
  };
  return {
    info: (m, f) => at('info', m, f),
    warn: (m, f) => at('warn', m, f),
    error: (m, e, f) => at('error', m, f, e),
  };
}
