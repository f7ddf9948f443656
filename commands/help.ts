/** `help`: what the bot understands, from the command list itself. */
import type { Command } from '../src/core/command.ts';
import { helpReply } from '../src/core/help.ts';
import { helpOptionsSchema } from '../src/core/input.ts';

export const help = {
  name: 'help',
  description: 'What cablebot understands',
  usage: ['help', 'help <command>'],
  examples: ['help', 'help search'],
  options: helpOptionsSchema,
  run(ctx, options) {
    return helpReply(ctx.corpus, ctx.commands, options.topic);
  },
} satisfies Command<'help'>;
