/**
 * `npm start` with no platform credentials: a console on stdin/stdout that looks up reference
 * IDs in the store (built from the bundled corpus on first use). A prompt when stdin is a
 * terminal; one answer per input line when it is piped.
 *
 * This is the corpus layer's own console. The command core (query grammar, paragraph
 * quotes, search, reasons) and the console adapter over it come with the command-core issue
 * and replace the lookup here.
 */
import { createInterface } from 'node:readline';
import { openBotStore } from '../corpus/bundled-store.ts';
import { CachedCorpus } from '../corpus/cache.ts';
import { defaultIdIndex, type IdIndex } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import type { CliIo } from './main.ts';

/** The answer to one console line. */
export function answerLine(line: string, corpus: CorpusReader, ids: IdIndex): string {
  const text = line.trim();
  if (text === 'help' || text === '?') return 'Type a reference ID such as 06MOSCOW754 (06moscow754, 06 MOSCOW 754 and #06MOSCOW754 work too). Ctrl-D quits.';
  const r = ids.resolve(text);
  if (r.kind === 'invalid') {
    const hint = r.suggestions.length ? ` Did you mean ${r.suggestions.map((s) => s.id).join(', ')}?` : '';
    return `"${text.slice(0, 60)}" is not a reference ID (they look like 06MOSCOW754).${hint}`;
  }
  if (r.kind === 'unknown') {
    const hint = r.suggestions.length ? ` Did you mean ${r.suggestions.map((s) => s.id).join(', ')}?` : '';
    return `No cable ${r.normalizedId} in the release.${hint}`;
  }
  // The text may be stored under the other published copy (a misprinted twin) only.
  const candidates = [r.id, r.canonicalId, ...ids.publishedFor(r.canonicalId)];
  let cable = null;
  for (const id of new Set(candidates)) {
    cable = corpus.getCable(id);
    if (cable) break;
  }
  const url = ids.viewerUrl(cable?.id ?? r.id) ?? '';
  const note = cable && cable.id !== cable.canonicalId ? ` (published as ${cable.id}; correct ID ${cable.canonicalId})` : '';
  if (!cable) return `${r.id}: in the release, but its text is not in this store. ${url}`;
  const lines = [
    `${cable.id}${note} — ${cable.subject ?? '(no subject)'}`,
    `${cable.classification} · ${cable.origin} · ${cable.created} · ${cable.paragraphs.length} paragraph(s)${cable.partial ? ' · partial extract' : ''}`,
  ];
  if (cable.summary) lines.push(cable.summary.length > 400 ? `${cable.summary.slice(0, 399)}…` : cable.summary);
  lines.push(url);
  return lines.join('\n');
}

/** Runs the console until stdin ends. */
export async function runConsole(io: CliIo): Promise<number> {
  const store = await openBotStore(io.env, (b) =>
    io.stderr.write(`Built the cable store from the bundled corpus: ${b.cables} cables in ${b.seconds.toFixed(1)} s.\n`),
  );
  try {
    const corpus = new CachedCorpus(store);
    const ids = defaultIdIndex();
    const interactive = io.stdin.isTTY === true;
    const rl = createInterface({ input: io.stdin, ...(interactive ? { output: io.stdout, prompt: 'cable> ' } : {}), terminal: interactive });
    if (interactive) {
      io.stdout.write(`cablebot: ${corpus.count()} cables in ${store.path}. Type a reference ID, "help", or Ctrl-D to quit.\n`);
      rl.prompt();
    }
    for await (const line of rl) {
      if (line.trim()) io.stdout.write(`${answerLine(line, corpus, ids)}\n`);
      if (interactive) rl.prompt();
    }
    return 0;
  } finally {
    store.close();
  }
}
