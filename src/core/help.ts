/** The `help` reply, built from the command list so it cannot drift from what is registered. */
import type { CorpusReader } from '../corpus/store.ts';
import type { CommandTable } from './command.ts';
import type { ErrorReply, HelpReply } from './reply.ts';

/** What the message scanner reacts to without a command, for help. */
export const AUTOMATIC_FORMS = [
  '#06MOSCOW754 and #06MOSCOW754¶5 (hashtags)',
  '06MOSCOW754 ¶5 (an ID with a paragraph)',
  'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5 and its mirrors, PlusD and cablegatesearch links',
  'a known reference ID in a sentence',
];

/** Help for every command, or for `topic` (a command name, with or without `/`). */
export function helpReply(corpus: CorpusReader, table: CommandTable, topic: string | null): HelpReply | ErrorReply {
  const commands = Object.values(table);
  const wanted = topic?.replace(/^\//, '').toLowerCase() ?? null;
  const chosen = wanted === null ? commands : commands.filter((c) => c.name === wanted);
  if (chosen.length === 0) return { kind: 'error', code: 'unknown-topic', detail: (topic ?? '').slice(0, 60) };
  return {
    kind: 'help',
    topic: wanted,
    commands: chosen.map((c) => ({ name: c.name, description: c.description, usage: c.usage, examples: c.examples })),
    automatic: AUTOMATIC_FORMS,
    corpusSize: corpus.count(),
  };
}
