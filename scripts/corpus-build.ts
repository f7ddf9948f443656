/**
 * `npm run corpus:build`: rebuilds everything in `data/` from `../shared/corpus`:
 *   - `data/ids/` — the 251,287 reference IDs, misprint and alias tables (build-ids.ts);
 *   - `data/origins.csv` — each station's origin as the pages name it (`MOSCOW` → `Embassy
 *     Moscow`), for raw telegrams that only say `FM AMEMBASSY MOSCOW`;
 *   - `data/corpus/cables.jsonl.gz` — the seed and all 6,072 WikiLeaks pages, parsed.
 * The output depends only on the sources and the parsers, so running it twice gives the same
 * bytes. A page that does not parse stops the build with its name: nothing is dropped.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIdData } from './build-ids.ts';
import { REPO_ROOT, listPages, readIndex, requireSharedCorpus, unpackedPages } from './shared.ts';
import { BUNDLE_FILE, encodeBundle, type BundledCable } from '../src/corpus/bundle.ts';
import { ORIGINS_FILE } from '../src/corpus/origins.ts';
import { parseCablePage, readPage } from '../src/corpus/parse/html.ts';
import { parsePageText } from '../src/corpus/parse/page-text.ts';
import { expectedParagraphNumbers } from '../src/corpus/parse/anchors.ts';
import { parseId } from '../src/corpus/ids/parse.ts';
import type { ParseResult } from '../src/corpus/types.ts';

/** Why a source file could not become a bundle entry. */
export class BuildError extends Error {}

function unwrap(result: ParseResult, source: string): BundledCable['cable'] {
  if (!result.ok) throw new BuildError(`${source}: ${result.error.code}${result.error.detail ? ` (${result.error.detail})` : ''}`);
  return result.cable;
}

/** The bundle entry for one WikiLeaks page: the parsed cable and the page's paragraph anchors. */
export function entryFromPage(html: string, source = 'page'): BundledCable {
  const cable = unwrap(parseCablePage(html), source);
  const read = readPage(html);
  return { cable, anchors: read.ok ? expectedParagraphNumbers(read.page.anchors, read.page.body) : null };
}

/** The bundle entry for a page's text copy (the seed): no anchors survive in text. */
export function entryFromPageText(text: string, source = 'page text'): BundledCable {
  return { cable: unwrap(parsePageText(text), source), anchors: null };
}

/**
 * `station,origin` lines: for each station of the index's IDs, the origin most of its pages give
 * (ties to the alphabetically first), sorted by station.
 */
export function originsCsv(indexTsv: string): string {
  const counts = new Map<string, Map<string, number>>();
  for (const row of readIndex(indexTsv)) {
    const parsed = parseId(row.id);
    if (!parsed.ok || !row.origin) continue;
    const byOrigin = counts.get(parsed.station) ?? new Map<string, number>();
    byOrigin.set(row.origin, (byOrigin.get(row.origin) ?? 0) + 1);
    counts.set(parsed.station, byOrigin);
  }
  const lines = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([station, byOrigin]) => {
      const [best] = [...byOrigin.entries()].sort(([oa, na], [ob, nb]) => nb - na || (oa < ob ? -1 : 1));
      // The reader splits at the first comma: stations have none, origins may
      // (`American Institute Taiwan, Taipei`); a newline would break the format.
      const origin = best?.[0] ?? '';
      if (/[\r\n]/.test(origin) || station.includes(',')) throw new BuildError(`cannot write origin of ${station}: ${origin}`);
      return `${station},${origin}`;
    });
  return `station,origin\n${lines.join('\n')}\n`;
}

export async function main(): Promise<number> {
  const corpus = requireSharedCorpus('corpus:build');
  if (!corpus) return 2;
  const started = Date.now();

  buildIdData(corpus, join(REPO_ROOT, 'data', 'ids'));
  const indexTsv = readFileSync(join(corpus, 'wikileaks-html', 'index.tsv'), 'utf8');
  writeFileSync(ORIGINS_FILE, originsCsv(indexTsv));

  const pagesDir = unpackedPages(corpus);
  const entries = new Map<string, BundledCable>();
  const failures: string[] = [];
  for (const rel of listPages(pagesDir)) {
    try {
      const entry = entryFromPage(readFileSync(join(pagesDir, rel), 'utf8'), rel);
      if (entries.has(entry.cable.id)) failures.push(`${rel}: second page for ${entry.cable.id}`);
      entries.set(entry.cable.id, entry);
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      failures.push(err.message);
    }
  }
  const seedPath = join(corpus, 'seed', '06MOSCOW754.txt');
  try {
    const seed = entryFromPageText(readFileSync(seedPath, 'utf8'), seedPath);
    // A page of the same cable is richer (anchors, exact HTML); the seed fills a gap only.
    if (!entries.has(seed.cable.id)) entries.set(seed.cable.id, seed);
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    failures.push(err.message);
  }
  if (failures.length > 0) {
    process.stderr.write(`corpus:build: ${failures.length} source file(s) did not parse; data/corpus not written:\n${failures.map((f) => `  ${f}\n`).join('')}`);
    return 1;
  }

  mkdirSync(join(REPO_ROOT, 'data', 'corpus'), { recursive: true });
  writeFileSync(BUNDLE_FILE, encodeBundle([...entries.values()]));
  const size = statSync(BUNDLE_FILE).size;
  process.stdout.write(
    `corpus:build: ${entries.size} cables → data/corpus/cables.jsonl.gz (${(size / 1e6).toFixed(1)} MB), ` +
      `data/origins.csv, data/ids/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}
