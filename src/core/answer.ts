/**
 * The one entry point adapters call: text in, `Answer` out. Explicit text (`/cable …`, a
 * console line, `cablebot lookup`) answers everything, errors included; a chat message
 * (automatic detection) answers only what it found, and never with an error (DESIGN.md
 * "Platform rules": never post an error for an automatic detection).
 */
import { compactTyped } from '../corpus/ids/index.ts';
import { StoreError, describeStoreError } from '../corpus/store.ts';
import type { Command, CommandContext, CommandName, OptionsOf } from './command.ts';
import { knownIdPredicate, MAX_SKIPPED_COUNT, parseCommandText, scanMessage, type ScanOptions } from './grammar/index.ts';
import { MAX_CABLES_PER_MESSAGE, type CommandInput, type ParsedCommand } from './input.ts';
import type { Answer, Reply } from './reply.ts';

/** Called with what went wrong inside a command (a bug or an unreadable store), for the log. */
export type ErrorSink = (error: unknown, input: CommandInput) => void;

/** Replies a message answer keeps: what was found, never errors or "no such cable". */
const AUTOMATIC_KINDS: ReadonlySet<Reply['kind']> = new Set(['cable', 'paragraphs', 'not-in-corpus']);

/**
 * Runs one input: finds its command in `ctx.commands` (by name, from the list — no switch
 * to drift), checks the options against the command's schema, runs it. A thrown error
 * becomes an error reply (`store-unavailable` naming the file, or `internal`) and goes to
 * `onError` (a search index still being built is `index-pending`, and no failure: not passed on); it never
 * escapes to the adapter.
 */
export function runInput(ctx: CommandContext, input: CommandInput, onError: ErrorSink = defaultSink): Reply {
  try {
    return runChecked(ctx, input);
  } catch (error) {
    // A search index still being built is no failure (the bot's start-up says so once).
    if (!(error instanceof StoreError && error.code === 'index-pending')) onError(error, input);
    if (error instanceof StoreError) return storeErrorReply(error);
    return { kind: 'error', code: 'internal', detail: input.command };
  }
}

/** The input of command `N`. */
type InputOf<N extends CommandName> = { [K in CommandName]: { command: K; options: OptionsOf<K> } }[N];

/** Parses `options` with the command's own schema, then runs it. */
function runChecked<N extends CommandName>(ctx: CommandContext, input: InputOf<N>): Reply {
  const command: Command<N> = ctx.commands[input.command];
  const parsed = command.options.safeParse(input.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'error', code: 'bad-options', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 200) };
  }
  return command.run(ctx, parsed.data);
}

/** Answers explicit text: every input it names, or the grammar's error. */
export function answerText(ctx: CommandContext, text: string, onError?: ErrorSink): Answer {
  return answerParsed(ctx, parseCommandText(text), onError);
}

function answerParsed(ctx: CommandContext, parsed: ParsedCommand, onError?: ErrorSink): Answer {
  if (!parsed.ok) return { replies: [{ kind: 'error', code: parsed.code, detail: parsed.detail }], skipped: 0 };
  return { replies: parsed.inputs.map((input) => runInput(ctx, input, onError)), skipped: parsed.skipped };
}

/**
 * Answers a chat message: the cables of the release it mentions (hashtags, viewer links,
 * `ID¶N`, known IDs in prose), at most three; `skipped` counts the further ones. IDs that are
 * not in the release are dropped silently and take no place.
 */
export function answerMessage(ctx: CommandContext, text: string, options: Partial<Omit<ScanOptions, 'isKnownId'>> = {}, onError?: ErrorSink): Answer {
  const scanned = scanAndRun(ctx, text, options, onError);
  return { replies: scanned.replies.filter((r) => AUTOMATIC_KINDS.has(r.kind)), skipped: scanned.skipped };
}

/**
 * Answers a line typed at the console or given to `cablebot lookup`: read as a command
 * first; when it is not one (`see #06MOSCOW754`, a pasted viewer URL in a sentence), as a
 * chat message would be; and when that finds nothing either, the command's error — unless
 * the store could not be read to find it, which is what the line is then told.
 */
export function answerLine(ctx: CommandContext, text: string, onError?: ErrorSink): Answer {
  const parsed = parseCommandText(text);
  if (!parsed.ok && (parsed.code === 'not-an-id' || parsed.code === 'trailing-text')) {
    const scanned = scanAndRun(ctx, text, {}, onError);
    const replies = scanned.replies.filter((r) => AUTOMATIC_KINDS.has(r.kind));
    if (replies.length > 0) return { replies, skipped: scanned.skipped };
    const unavailable = scanned.replies.find((r) => r.kind === 'error' && r.code === 'store-unavailable');
    if (unavailable !== undefined) return { replies: [unavailable], skipped: scanned.skipped };
    if (scanned.storeError !== null) return { replies: [storeErrorReply(scanned.storeError)], skipped: scanned.skipped };
  }
  return answerParsed(ctx, parsed, onError);
}

/**
 * Scans a message and runs every lookup it finds, errors included. A store that cannot say
 * whether a bare ID is one of its cables (it is gone or locked) leaves the release's IDs to
 * decide: detection must not fail a message (DESIGN.md), and the lookups that do need the
 * store report the error themselves; the first such error is returned for `answerLine`.
 */
function scanAndRun(
  ctx: CommandContext,
  text: string,
  options: Partial<Omit<ScanOptions, 'isKnownId'>>,
  onError: ErrorSink | undefined,
): { replies: Reply[]; skipped: number; storeError: StoreError | null } {
  let storeError: StoreError | null = null;
  const known = (id: string): boolean => {
    try {
      return isKnownId(ctx, id);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      storeError ??= error;
      return false;
    }
  };
  // The cap counts cables of the release only: an ID-shaped `#06MOSCOW99999` is answered with
  // silence, so it must not take one of the three places (or be counted as skipped). The
  // scanner finds up to cap + MAX_SKIPPED_COUNT candidates; each is checked with the cheap
  // predicate (no suggestions) before any is run.
  const cap = options.max ?? MAX_CABLES_PER_MESSAGE;
  const scan = scanMessage(text, { ...options, isKnownId: known, max: cap + MAX_SKIPPED_COUNT });
  const mentioned = scan.inputs.filter((input) => known(compactTyped(input.options.ref).text));
  const shown = mentioned.slice(0, cap);
  return { replies: shown.map((input) => runInput(ctx, input, onError)), skipped: mentioned.length - shown.length, storeError };
}


/** The reply to a command the store could not answer: its search index still being built, or the store unavailable. */
function storeErrorReply(error: StoreError): Reply {
  return { kind: 'error', code: error.code === 'index-pending' ? 'index-pending' : 'store-unavailable', detail: describeStoreError(error).slice(0, 200) };
}

/** The index's known-ID test, built once per index (it skips the suggestions `resolve` computes). */
const knownPredicates = new WeakMap<CommandContext['ids'], (id: string) => boolean>();

/** Whether `id` (upper case, no spaces) is an ID of the release or a cable in the store. */
export function isKnownId(ctx: CommandContext, id: string): boolean {
  let known = knownPredicates.get(ctx.ids);
  if (known === undefined) {
    known = knownIdPredicate(ctx.ids);
    knownPredicates.set(ctx.ids, known);
  }
  return known(id) || ctx.corpus.has(id);
}

function defaultSink(error: unknown, input: CommandInput): void {
  console.error(`cablebot: ${input.command} failed:`, error);
}
