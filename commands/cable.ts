/**
 * `cable`: a reference ID, optionally with paragraphs, answered with the summary card or the
 * quoted paragraphs (`/cable 06MOSCOW754`, `/cable 06MOSCOW754 ¶5`, `¶3-5`, `¶3,7`).
 */
import { cableReply } from '../src/core/cable-replies.ts';
import type { Command } from '../src/core/command.ts';
import { cableOptionsSchema } from '../src/core/input.ts';
import { resolveCable } from '../src/core/resolve.ts';

export const cable = {
  name: 'cable',
  description: 'Look up a cable by reference ID, or quote its paragraphs',
  usage: ['cable <ID>', 'cable <ID> ¶<N>', 'cable <ID> ¶<N>-<M>', 'cable <ID> ¶<N>,<M>'],
  examples: ['06MOSCOW754', '06MOSCOW754 ¶5', '06MOSCOW754 ¶3-5', '06moscow754 p2'],
  options: cableOptionsSchema,
  run(ctx, options) {
    const resolution = resolveCable(ctx.corpus, ctx.ids, options.ref);
    return cableReply(ctx.corpus, ctx.ids, options.ref, resolution, options.paragraphs);
  },
} satisfies Command<'cable'>;
