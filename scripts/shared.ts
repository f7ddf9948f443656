/**
 * Where the shared source material lives for the scripts that need it (`corpus:build`,
 * `corpus:check`, `bench`). A user's clone has no `../shared`; these scripts say so plainly
 * instead of failing on a missing file.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `scripts/shared.ts`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared/corpus` next to the repo, or `$CABLEBOT_SHARED/corpus` when set. */
export function sharedCorpusDir(): string {
  const base = process.env.CABLEBOT_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
  return join(base, 'corpus');
}

/** Returns the shared corpus directory, or prints why it is missing and returns null. */
export function requireSharedCorpus(script: string): string | null {
  const dir = sharedCorpusDir();
  if (existsSync(join(dir, 'wikileaks-html', 'index.tsv'))) return dir;
  process.stderr.write(
    `${script}: the shared source corpus is not here (looked for ${dir}).\n` +
      `This script rebuilds or checks data/ from the original WikiLeaks pages, which a normal clone does not have;\n` +
      `the bot itself and \`npm test\` need only data/. Set CABLEBOT_SHARED to the folder holding corpus/ to run it.\n`,
  );
  return null;
}

/**
 * Unpacks `wikileaks-cables-6072.tar.xz` once into a cache folder under the system temp dir
 * (keyed by the archive's size and mtime) and returns the folder holding `cable/YYYY/MM/*.html`.
 */
export function unpackedPages(corpusDir: string): string {
  const archive = join(corpusDir, 'wikileaks-html', 'wikileaks-cables-6072.tar.xz');
  const st = statSync(archive);
  const key = createHash('sha1').update(`${archive}:${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 12);
  const target = join(tmpdir(), `cablebot-pages-${key}`);
  if (existsSync(join(target, 'cable'))) return target;
  const partial = `${target}.part-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // xz is not in Node's zlib; tar (with xz) is on every machine this runs on.
  execFileSync('tar', ['-xJf', archive, '-C', partial], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(partial, target);
  return target;
}

/** Every `*.html` under `dir`, sorted, as paths relative to `dir`. */
export function listPages(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.html')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** One row of `wikileaks-html/index.tsv`: what the page's own table says. */
export interface IndexRow {
  id: string;
  path: string;
  created: string;
  released: string;
  classification: string;
  origin: string;
  anchors: number;
  partial: boolean;
}

/** Reads `index.tsv` (header row, tab-separated). */
export function readIndex(text: string): IndexRow[] {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.slice(1).map((line) => {
    const [id = '', path = '', created = '', released = '', classification = '', origin = '', anchors = '0', partial = ''] = line.split('\t');
    return { id, path, created, released, classification, origin, anchors: Number(anchors), partial: partial.trim() === 'true' };
  });
}
