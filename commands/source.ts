/**
 * `source`: the cable and paragraph a quoted passage comes from, and how faithful the quote
 * is (`source the ambassador said …`).
 */
import type { Command } from '../src/core/command.ts';
import { sourceOptionsSchema } from '../src/core/input.ts';
import { sourceReply } from '../src/core/source-reply.ts';

export const source = {
  name: 'source',
  description: 'Find the cable and paragraph a quoted passage comes from, and whether the quote is faithful',
  usage: ['source <quoted passage, at least 4 words>'],
  examples: ['source the Ambassador told Larijani that Iran must suspend enrichment', 'source “…outstanding issues […] would be resolved…”'],
  options: sourceOptionsSchema,
  run(ctx, options) {
    return sourceReply(ctx.corpus, ctx.ids, options);
  },
} satisfies Command<'source'>;
