/**
 * The store the bot answers from. With `CABLEBOT_DB` unset it is `var/cablebot.db` in the
 * repository, created from the bundled corpus (`data/corpus/cables.jsonl.gz`) on first use and
 * rebuilt when the bundle changes (e.g. after a `git pull`), so a fresh clone needs no step
 * beyond `npm install`. With `CABLEBOT_DB` set, that file is the user's own (typically a
 * full-release import) and is opened as is: a missing file is an error naming the fix, never
 * silently replaced by the 6,073-cable bundle.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, bundleFingerprint, streamBundle } from './bundle.ts';
import type { ParsedCable } from './types.ts';
import { openReadonlyStore, openWritableStore, type CableStore } from './store.ts';

/** Where the auto-built store lives when `CABLEBOT_DB` is not set. */
export const DEFAULT_DB_FILE: string = fileURLToPath(new URL('../../var/cablebot.db', import.meta.url));

/** `source` recorded in a store built from the bundle: `bundle:<fingerprint>`. */
const BUNDLE_SOURCE_PREFIX = 'bundle:';

/** The store path: `CABLEBOT_DB` when set (and not empty), else the default. */
export function storePath(env: NodeJS.ProcessEnv = process.env): { path: string; fromBundle: boolean } {
  const configured = env.CABLEBOT_DB?.trim();
  return configured ? { path: configured, fromBundle: false } : { path: DEFAULT_DB_FILE, fromBundle: true };
}

export interface BundleBuild {
  /** True when the store was (re)built by this call. */
  built: boolean;
  cables: number;
  seconds: number;
}

/**
 * Makes sure `path` holds a store built from the current bundle: builds it when missing, or
 * when it was built from a different bundle. A store that was not built from a bundle (an
 * import) is left alone. The build goes to a temporary file that is renamed into place, so a
 * concurrent reader never sees half a store and an interrupted build leaves nothing behind.
 */
export async function ensureBundledStore(path: string, bundleFile: string = BUNDLE_FILE): Promise<BundleBuild> {
  const source = `${BUNDLE_SOURCE_PREFIX}${bundleFingerprint(bundleFile)}`;
  if (existsSync(path)) {
    const store = openReadonlyStore(path);
    try {
      const info = store.buildInfo();
      if (info.source === source || !info.source?.startsWith(BUNDLE_SOURCE_PREFIX)) return { built: false, cables: store.count(), seconds: 0 };
    } finally {
      store.close();
    }
  }
  const started = performance.now();
  const temp = `${path}.building-${process.pid}`;
  rmSync(temp, { force: true });
  const store = openWritableStore(temp);
  let cables: number;
  try {
    let batch: ParsedCable[] = [];
    const flush = (): void => {
      const summary = store.upsertMany(batch);
      batch = [];
      // The bundle is validated by the test suite; a refusal here is a bug, not bad input.
      if (summary.rejected.length > 0) {
        throw new Error(`the bundled corpus has cables the store refuses: ${summary.rejected.map((r) => `${r.id} (${r.detail})`).join(', ')}`);
      }
    };
    for await (const entry of streamBundle(bundleFile)) {
      batch.push(entry.cable);
      if (batch.length >= 500) flush();
    }
    flush();
    cables = store.recordBuild({ source }).cables ?? 0;
    store.optimize();
    store.close();
    renameSync(temp, path);
  } catch (err) {
    store.close();
    rmSync(temp, { force: true });
    throw err;
  }
  return { built: true, cables, seconds: (performance.now() - started) / 1000 };
}

/**
 * Opens the bot's store read-only, first building it from the bundle when it is the default
 * one. `onBuild` hears about a (re)build so the caller can report how long it took.
 * @throws StoreError for a configured store that is missing, old or corrupt.
 */
export async function openBotStore(env: NodeJS.ProcessEnv = process.env, onBuild?: (build: BundleBuild) => void): Promise<CableStore> {
  const { path, fromBundle } = storePath(env);
  if (fromBundle) {
    const build = await ensureBundledStore(path);
    if (build.built) onBuild?.(build);
  }
  return openReadonlyStore(path);
}
