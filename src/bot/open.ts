/**
 * Opening the bot's world: the store (built from the bundled corpus on first use, or
 * `CABLEBOT_DB`), the cache in front of it, the ID index and the command table — the
 * `CommandContext` every adapter runs commands with.
 */
import { commandTable } from '../../commands/index.ts';
import { openBotStore, type BundleBuild } from '../corpus/bundled-store.ts';
import { CachedCorpus } from '../corpus/cache.ts';
import { defaultIdIndex } from '../corpus/ids/index.ts';
import type { CableStore } from '../corpus/store.ts';
import { sortedIds } from '../core/autocomplete.ts';
import type { CommandContext } from '../core/command.ts';

/** An open bot context; `close()` closes the store. */
export interface OpenBot {
  ctx: CommandContext;
  store: CableStore;
  close(): void;
}

/** What {@link openBot} reports while starting. */
export interface OpenBotEvents {
  /** The default store was (re)built from the bundled corpus. */
  onBuild?: (build: BundleBuild) => void;
  /** The warm-up read failed: the bot still starts; commands will report the store error. */
  onWarmUpError?: (error: unknown) => void;
}

/** Opens the store named by `env` and builds the command context. */
export async function openBot(env: NodeJS.ProcessEnv, events: OpenBotEvents = {}): Promise<OpenBot> {
  const store = await openBotStore(env, events.onBuild);
  const ids = defaultIdIndex();
  const ctx: CommandContext = { corpus: new CachedCorpus(store), ids, commands: commandTable };
  warmUp(ctx, events.onWarmUpError);
  return { ctx, store, close: () => store.close() };
}

/**
 * Pays the first-lookup costs at startup instead of on a user's first request: the ID
 * index's lazy tables, the sorted IDs of autocomplete, the store's prepared statements and the pages of its indexes. A read
 * error here (a damaged row) must not stop the bot: it is reported, and the commands that
 * touch that row answer with the store error.
 */
function warmUp(ctx: CommandContext, onError?: (error: unknown) => void): void {
  try {
    ctx.ids.warmUp();
    sortedIds(ctx.ids);
    ctx.corpus.count();
    ctx.corpus.has('06MOSCOW754');
    ctx.corpus.search('embassy', { limit: 1 });
  } catch (error) {
    onError?.(error);
  }
}
