/**
 * `reasons`: classification reasons explained — reason notation as cables write it
 * (`1.4 (B & D)`, `1.5(c)`), or a reference ID for that cable's reasons.
 */
import type { Command } from '../src/core/command.ts';
import { reasonsOptionsSchema } from '../src/core/input.ts';
import { reasonsReply } from '../src/core/reasons-reply.ts';

export const reasons = {
  name: 'reasons',
  description: 'Explain classification reasons (E.O. 12958 §1.4 a–h) or a cable’s reasons',
  usage: ['reasons <notation>', 'reasons <ID>'],
  examples: ['reasons 1.4 (B & D)', 'reasons 1.5(c)', 'reasons 06MOSCOW754'],
  options: reasonsOptionsSchema,
  run(ctx, options) {
    return reasonsReply(ctx.corpus, ctx.ids, options.text);
  },
} satisfies Command<'reasons'>;
