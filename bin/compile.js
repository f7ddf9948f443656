// Compiles a TypeScript entry point of the repo (src/cli/main.ts, a bench script) into one
// ES module under var/build/ with esbuild, and reuses it until a source it was built from
// changes. Running the sources through tsx's loader hooks instead costs the bot about a
// second of start-up and 45 MB of memory (the hooks run in a thread of their own and keep
// a source map per module); a bundle loads in one read. Packages stay external (they are
// loaded from node_modules as usual), and each module's `import.meta.url` is replaced by
// the URL of its source file, so paths the sources compute from it (data/, var/) still
// point where they did. No step for the user: the first start builds (a few hundred ms).
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where bundles and their input lists live (git-ignored, like the default store). */
export const BUILD_DIR = join(ROOT, 'var', 'build');

/**
 * The bundle's folder for an entry point: `src/cli/main.ts` → `var/build/src_cli_main/`,
 * holding `main.mjs` and the chunks it imports when needed (each platform adapter is one,
 * so discord.js and Bolt load only when a platform is configured).
 */
export function bundleDir(entry, buildDir = BUILD_DIR) {
  return join(buildDir, relative(ROOT, resolve(entry)).replace(/[\\/]/g, '_').replace(/\.ts$/, ''));
}

/** Bumped when bundles built by an older version of this file must be rebuilt (2: import.meta.dirname, this file an input). */
const BUNDLE_FORMAT = 2;

/** True when every input recorded at the last build is unchanged (same size and mtime). */
function upToDate(manifestFile, esbuildVersion) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return false;
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.esbuild !== esbuildVersion || manifest.format !== BUNDLE_FORMAT || typeof manifest.inputs !== 'object') return false;
  for (const [file, stamp] of Object.entries(manifest.inputs)) {
    const s = statSync(join(ROOT, file), { throwIfNoEntry: false });
    if (s === undefined || !Array.isArray(stamp) || s.size !== stamp[0] || s.mtimeMs !== stamp[1]) return false;
  }
  return true;
}

/**
 * The file URL of an up-to-date bundle of `entry` (a path, relative to the repo or absolute),
 * building it first when a source changed. Throws when esbuild cannot build it.
 */
export async function compiled(entry, buildDir = BUILD_DIR) {
  // esbuild's version from its package.json: importing esbuild itself costs start-up time
  // and memory, and is only needed to build.
  const { version } = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8'));
  const dir = bundleDir(entry, buildDir);
  const out = join(dir, 'main.mjs');
  const manifestFile = join(dir, 'inputs.json');
  if (upToDate(manifestFile, version) && statSync(out, { throwIfNoEntry: false }) !== undefined) return pathToFileURL(out).href;
  const { build } = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  // Built beside, then swapped in, so a bot starting meanwhile never loads half a bundle.
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  try {
    const result = await build({
      entryPoints: { main: resolve(ROOT, entry) },
      absWorkingDir: ROOT,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: temp,
      outExtension: { '.js': '.mjs' },
      metafile: true,
      logLevel: 'silent',
      plugins: [sourceUrls],
    });
    const inputs = {};
    // This file too: a change to how bundles are built (the plugin below) must rebuild them.
    for (const file of [relative(ROOT, fileURLToPath(import.meta.url)), ...Object.keys(result.metafile.inputs)]) {
      const s = statSync(join(ROOT, file));
      inputs[file] = [s.size, s.mtimeMs];
    }
    writeFileSync(join(temp, 'inputs.json'), `${JSON.stringify({ entry: relative(ROOT, resolve(entry)), esbuild: version, format: BUNDLE_FORMAT, inputs }, null, 1)}\n`);
    // Another process (a test file, a second bot) may have built the same bundle meanwhile and
    // be loading it: an up-to-date bundle is left in place, only a stale one is replaced.
    if (!(upToDate(manifestFile, version) && statSync(out, { throwIfNoEntry: false }) !== undefined)) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(temp, dir);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return pathToFileURL(out).href;
}

/** Gives each TypeScript module its own source file's `import.meta.url`, `.dirname` and `.filename`. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8'))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path)),
      loader: 'ts',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Imports `entry` as a bundle, or through tsx when the bundle cannot be built (or
 * `CABLEBOT_TSX=1` asks for the sources as they are, e.g. to debug with their line numbers).
 */
export async function importEntry(entry) {
  if (process.env.CABLEBOT_TSX !== '1') {
    let url = null;
    try {
      url = await compiled(entry);
    } catch (error) {
      process.stderr.write(`cablebot: could not compile ${basename(entry)} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running the sources through tsx\n`);
    }
    if (url !== null) return import(url);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(resolve(ROOT, entry)).href);
}
