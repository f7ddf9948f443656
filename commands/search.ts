/**
 * `search`: full-text search over subject and body, top results with snippets, filtered by
 * origin or year (`search larijani origin:moscow year:2006`).
 */
import type { Command } from '../src/core/command.ts';
import { searchOptionsSchema } from '../src/core/input.ts';
import { searchReply } from '../src/core/search.ts';

export const search = {
  name: 'search',
  description: 'Search the cables’ text; filter with origin:<place> and year:<YYYY>',
  usage: ['search <words> [origin:<place>] [year:<YYYY>]'],
  examples: ['search larijani', 'search larijani origin:moscow year:2006', 'search "nuclear fuel" origin:"buenos aires"'],
  options: searchOptionsSchema,
  run(ctx, options) {
    return searchReply(ctx.corpus, ctx.ids, options);
  },
} satisfies Command<'search'>;
