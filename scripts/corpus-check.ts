/**
 * `npm run corpus:check`: parses all 6,072 WikiLeaks pages of the shared corpus and prints
 * how well the parsers do against the pages' own facts:
 *   - pages parsed without error (must be all);
 *   - metadata equal to the page's own table, as read off into index.tsv (must be all);
 *   - the share of pages whose detected paragraph numbers equal the page's numeric `parN`
 *     anchors (years and sequence-breaking wrapped lines left out), computed from the HTML and
 *     from the same page reduced to plain text, which is how cables.csv arrives;
 *   - the kinds of disagreement that remain, with counts and examples.
 * Details go to `bench/out/corpus-check.json`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCablePage, preToText, readPage } from '../src/corpus/parse/html.ts';
import { assembleCable } from '../src/corpus/parse/assemble.ts';
import { parseBody, type ParsedBody, type StartForm } from '../src/corpus/parse/body.ts';
import { expectedParagraphNumbers } from '../src/corpus/parse/anchors.ts';
import { REPO_ROOT, listPages, readIndex, requireSharedCorpus, unpackedPages, type IndexRow } from './shared.ts';

interface Disagreement {
  id: string;
  kind: string;
  expected: number[];
  html: number[];
  text: number[];
}

/** Names the kind of a paragraph-number disagreement (the closing note lists them). */
export function classify(expected: readonly number[], got: readonly number[], rawAnchors: readonly string[]): string {
  if (expected.length === 0 && got.length > 0) return 'no anchors on the page, numbers found in the text (numbers glued inline)';
  if (expected.length > 0 && got.length === 0) return 'anchors on the page, no numbers found';
  const missing = expected.filter((n) => !got.includes(n));
  const extra = got.filter((n) => !expected.includes(n));
  if (missing.length === 0 && extra.length === 0) return 'same numbers, different count or order (repeats)';
  if (missing.length === 0) return 'extra numbers found that the viewer did not anchor (e.g. `12,` or inline)';
  if (extra.length === 0) {
    const years = rawAnchors.some((a) => /^\d+$/.test(a) && Number(a) >= 1900);
    return years ? 'fewer numbers than anchors (page has year anchors)' : 'fewer numbers than anchors';
  }
  return 'numbers differ both ways';
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function numbered(b: ParsedBody): { number: number; form: StartForm }[] {
  const nums = b.paragraphs.flatMap((p) => (p.number === null ? [] : [p.number]));
  return nums.map((number, i) => ({ number, form: b.forms[i] ?? 'spaced' }));
}

export async function main(): Promise<number> {
  const corpus = requireSharedCorpus('corpus:check');
  if (!corpus) return 2;
  const started = Date.now();
  const pagesDir = unpackedPages(corpus);
  const index = new Map<string, IndexRow>(readIndex(readFileSync(join(corpus, 'wikileaks-html', 'index.tsv'), 'utf8')).map((r) => [r.path, r]));
  const pages = listPages(pagesDir);

  let parsed = 0;
  let metaEqual = 0;
  const fromHtml = { strict: 0, like: 0 };
  const fromText = { strict: 0, like: 0 };
  const unanchoredForms = new Map<string, number>();
  const errors: string[] = [];
  const metaDiffs: string[] = [];
  const disagreements: Disagreement[] = [];
  const kinds = new Map<string, { count: number; examples: string[] }>();

  for (const rel of pages) {
    const html = readFileSync(join(pagesDir, rel), 'utf8');
    const result = parseCablePage(html);
    const row = index.get(rel);
    if (!result.ok) {
      errors.push(`${rel}: ${result.error.code}${result.error.detail ? ` (${result.error.detail})` : ''}`);
      continue;
    }
    parsed++;
    const c = result.cable;
    if (row) {
      const diffs = (
        [
          ['id', c.id, row.id],
          ['created', c.created, row.created],
          ['released', c.released ?? '', row.released],
          ['classification', c.classification, row.classification],
          ['origin', c.origin, row.origin],
          ['partial', String(c.partial), String(row.partial)],
        ] as const
      ).filter(([, a, b]) => a !== b);
      if (diffs.length === 0) metaEqual++;
      else metaDiffs.push(`${rel}: ${diffs.map(([k, a, b]) => `${k} ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`).join(', ')}`);
    } else {
      metaDiffs.push(`${rel}: not in index.tsv`);
    }

    // The same page as plain text: tags stripped, anchors gone (how cables.csv carries it).
    const read = readPage(html);
    if (!read.ok) continue;
    const expected = expectedParagraphNumbers(read.page.anchors, read.page.body);
    const bodyPre = [...html.slice(html.search(/<table class=['"]cable['"]>/)).matchAll(/<pre>([\s\S]*?)<\/pre>/g)].pop()?.[1] ?? '';
    const ctx = { id: c.id, year: Number(c.created.slice(0, 4)) };
    const htmlBody = parseBody(read.page.body, ctx);
    const textBody = parseBody(preToText(bodyPre, false), ctx);
    const asText = assembleCable(
      { id: c.id, created: c.created, released: c.released, classification: c.classification, origin: c.origin, header: c.header },
      '',
      'csv',
      textBody,
    );
    if (!asText.ok) errors.push(`${rel}: as text: ${asText.error.code}`);
    const all = (b: ParsedBody): number[] => numbered(b).map((x) => x.number);
    // Like for like: only numbers written the way the viewer anchored them (`N.` then a blank).
    const spaced = (b: ParsedBody): number[] => numbered(b).filter((x) => x.form === 'spaced').map((x) => x.number);
    for (const [b, counters] of [[htmlBody, fromHtml], [textBody, fromText]] as const) {
      if (same(expected, all(b))) counters.strict++;
      if (same(expected, spaced(b))) counters.like++;
    }
    for (const form of new Set(textBody.forms)) if (form !== 'spaced') unanchoredForms.set(form, (unanchoredForms.get(form) ?? 0) + 1);
    if (!same(expected, spaced(textBody))) {
      const kind = classify(expected, spaced(textBody), read.page.anchors);
      disagreements.push({ id: c.id, kind, expected, html: spaced(htmlBody), text: spaced(textBody) });
      const k = kinds.get(kind) ?? { count: 0, examples: [] };
      k.count++;
      if (k.examples.length < 6) k.examples.push(c.id);
      kinds.set(kind, k);
    }
  }

  const total = pages.length;
  const pct = (n: number): string => `${((100 * n) / total).toFixed(2)}%`;
  const lines = [
    `pages                       ${total}`,
    `parsed without error        ${parsed} / ${total}`,
    `metadata equal to the table ${metaEqual} / ${total}`,
    `paragraph numbers = anchors, like for like (numbers written \`N. \`, the only form the viewer anchored):`,
    `  from HTML ${fromHtml.like} / ${total} (${pct(fromHtml.like)})`,
    `  from text ${fromText.like} / ${total} (${pct(fromText.like)})   target ≥ 97%`,
    `paragraph numbers = anchors, every number found (also \`1.(C)\`, \`12,\` and inline numbers the viewer did not anchor):`,
    `  from HTML ${fromHtml.strict} / ${total} (${pct(fromHtml.strict)})`,
    `  from text ${fromText.strict} / ${total} (${pct(fromText.strict)})`,
    `pages with paragraph numbers the viewer did not anchor, by how they are written:`,
    ...[...unanchoredForms.entries()].map(([f, n]) => `  ${String(n).padStart(5)}  ${f}`),
    `disagreements like for like (text), by kind:`,
    ...[...kinds.entries()].sort((a, b) => b[1].count - a[1].count).map(([k, v]) => `  ${String(v.count).padStart(5)}  ${k}  e.g. ${v.examples.join(', ')}`),
    `time ${((Date.now() - started) / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const e of errors.slice(0, 20)) process.stdout.write(`error: ${e}\n`);
  for (const d of metaDiffs.slice(0, 20)) process.stdout.write(`metadata: ${d}\n`);

  const outDir = join(REPO_ROOT, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'corpus-check.json'),
    `${JSON.stringify({ total, parsed, metaEqual, fromHtml, fromText, unanchoredForms: Object.fromEntries(unanchoredForms), kinds: Object.fromEntries(kinds), errors, metaDiffs, disagreements }, null, 1)}\n`,
  );
  return parsed === total && metaEqual === total ? 0 : 1;
}
