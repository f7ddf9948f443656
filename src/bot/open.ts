/**
 * Opening the bot's world: the store (built from the bundled corpus on first use, or
 * `CABLEBOT_DB`; followed while running, see `../corpus/live-store.ts`), the cache in front of it, the ID index and the command table — the
 * `CommandContext` every adapter runs commands with.
 */
import { commandTable } from '../../commands/index.ts';
import { ensureBundledStore, storePath, type BundleBuild } from '../corpus/bundled-store.ts';
import { defaultIdIndex } from '../corpus/ids/index.ts';
import { LiveCorpus, LiveStore, type StoreHealth } from '../corpus/live-store.ts';
import { sortedIds } from '../core/autocomplete.ts';
import type { CommandContext } from '../core/command.ts';

/** An open bot context; `close()` closes the store. */
export interface OpenBot {
  ctx: CommandContext;
  /** The store, followed while the bot runs: removed, locked or replaced, it reports why and recovers (`../corpus/live-store.ts`). */
  store: LiveStore;
  /** Whether the store can be read now, checked on the file (not from the caches). */
  health(): StoreHealth;
  close(): void;
}

/** What {@link openBot} reports while starting. */
export interface OpenBotEvents {
  /** The default store was (re)built from the bundled corpus. */
  onBuild?: (build: BundleBuild) => void;
  /** The warm-up read failed: the bot still starts; commands will report the store error. */
  onWarmUpError?: (error: unknown) => void;
  /** While running, the store became unavailable (and why), or available again: once per change, for the log. */
  onStoreState?: (health: StoreHealth) => void;
}

/**
 * Opens the store named by `env` (as `openBotStore` does, building the default one from the
 * bundle first) and builds the command context, which reads through the cache and a
 * {@link LiveStore}.
 * @throws StoreError when the store cannot be used at start-up (`cablebot start` exits 1).
 */
export async function openBot(env: NodeJS.ProcessEnv, events: OpenBotEvents = {}): Promise<OpenBot> {
  const { path, fromBundle } = storePath(env);
  if (fromBundle) {
    const build = await ensureBundledStore(path);
    if (build.built) events.onBuild?.(build);
  }
  const store = LiveStore.open(path, events.onStoreState !== undefined ? { onStateChange: events.onStoreState } : {});
  const ids = defaultIdIndex();
  const ctx: CommandContext = { corpus: new LiveCorpus(store), ids, commands: commandTable };
  warmUp(ctx, events.onWarmUpError);
  return { ctx, store, health: () => store.health(), close: () => store.close() };
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
