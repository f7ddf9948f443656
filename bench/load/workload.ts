/**
 * What the load sends, drawn (seeded, reproducible) from the store the bot answers from, so
 * every lookup names a cable that is there and every quote a paragraph it has.
 */
import Database from 'better-sqlite3';
import { z } from 'zod';
import { prng } from '../stats.ts';

/** A cable of the store with one of its numbered paragraphs, a word of its subject and a passage of that paragraph. */
export interface SampleCable {
  id: string;
  paragraph: number | null;
  word: string | null;
  /** 15 words of the paragraph, for `source`; null when it has fewer. */
  passage: string | null;
}

const PkRow = z.object({ pk: z.number().nullable() });
const CableRow = z.object({ id: z.string(), canonical_id: z.string(), subject: z.string().nullable() });
const ParagraphRow = z.object({ number: z.number() });
const PassageRow = z.object({ body_start: z.number().nullable(), body_end: z.number().nullable(), text: z.string().nullable(), body: z.string() });
const PASSAGE_WORDS = 15;

/**
 * `count` distinct cables picked at random rowids (no full scan: the full store's table is
 * gigabytes), keeping those whose published ID is canonical, so the ID in a message is the
 * key the repeat guard remembers.
 */
export function sampleCables(dbPath: string, count: number, seed: number): SampleCable[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const maxPk = PkRow.parse(db.prepare('SELECT max(pk) AS pk FROM cables').get()).pk ?? 0;
    const byPk = db.prepare('SELECT id, canonical_id, subject FROM cables WHERE pk >= ? ORDER BY pk LIMIT 1');
    const paragraphs = db.prepare('SELECT number FROM paragraphs WHERE cable = (SELECT pk FROM cables WHERE id = ?) AND number IS NOT NULL');
    const paragraphText = db.prepare(
      'SELECT p.body_start, p.body_end, p.text, c.body FROM paragraphs p JOIN cables c ON c.pk = p.cable WHERE c.id = ? AND p.number = ? LIMIT 1',
    );
    const passageOf = (id: string, n: number | null): string | null => {
      if (n === null) return null;
      const row = PassageRow.safeParse(paragraphText.get(id, n));
      if (!row.success) return null;
      const { body_start: start, body_end: end, text, body } = row.data;
      const words = (text ?? body.slice(start ?? 0, end ?? 0)).split(/\s+/).filter(Boolean);
      if (words.length < PASSAGE_WORDS) return null;
      const from = Math.floor(random() * (words.length - PASSAGE_WORDS + 1));
      return words.slice(from, from + PASSAGE_WORDS).join(' ');
    };
    const random = prng(seed);
    const picked = new Map<string, SampleCable>();
    for (let tries = 0; picked.size < count && tries < count * 20; tries++) {
      const row = CableRow.safeParse(byPk.get(1 + Math.floor(random() * maxPk)));
      if (!row.success || row.data.id !== row.data.canonical_id || picked.has(row.data.id)) continue;
      const numbers = z.array(ParagraphRow).parse(paragraphs.all(row.data.id)).map((p) => p.number);
      const words = (row.data.subject ?? '').split(/[^A-Za-z]+/).filter((w) => w.length >= 5);
      const paragraph = numbers.length > 0 ? (numbers[Math.floor(random() * numbers.length)] ?? null) : null;
      picked.set(row.data.id, {
        id: row.data.id,
        paragraph,
        word: words.length > 0 ? (words[Math.floor(random() * words.length)] ?? null) : null,
        passage: passageOf(row.data.id, paragraph),
      });
    }
    if (picked.size === 0) throw new Error(`no cables to sample in ${dbPath}`);
    return [...picked.values()];
  } finally {
    db.close();
  }
}

/** One `/cable` text and what kind of request it is. */
export interface SlashInput {
  kind: 'lookup' | 'quote' | 'search' | 'source';
  text: string;
}

/** `n` `/cable` texts: 35 % lookups, 25 % paragraph quotes, 25 % searches, 15 % quote → source. */
export function slashInputs(cables: readonly SampleCable[], n: number, seed: number): SlashInput[] {
  const random = prng(seed);
  const pick = (): SampleCable => cables[Math.floor(random() * cables.length)] ?? { id: '06MOSCOW754', paragraph: 5, word: 'embassy', passage: null };
  return Array.from({ length: n }, (): SlashInput => {
    const r = random();
    const cable = pick();
    if (r >= 0.85 && cable.passage !== null) return { kind: 'source', text: `source ${cable.passage}` };
    if (r < 0.35 || (r < 0.6 && cable.paragraph === null) || (r >= 0.6 && cable.word === null)) return { kind: 'lookup', text: cable.id };
    if (r < 0.6) return { kind: 'quote', text: `${cable.id} ¶${String(cable.paragraph)}` };
    return { kind: 'search', text: `search ${cable.word ?? 'embassy'}` };
  });
}

/** One chat message for automatic detection, where it goes, and the repeat key of its answer. */
export interface ChatMessage {
  conversation: number;
  content: string;
  /** What the repeat guard remembers for its answer: the cable, or cable¶n. */
  key: string;
}

/**
 * `n` messages with one cable each (a hashtag, `#cablegate #ID`, or `ID ¶n`) over
 * `conversations` channels/threads, drawn from a pool of `distinct` cables so that many are
 * repeats in the same conversation.
 */
export function chatMessages(cables: readonly SampleCable[], n: number, conversations: number, distinct: number, seed: number): ChatMessage[] {
  const random = prng(seed);
  const pool = cables.slice(0, Math.max(1, distinct));
  return Array.from({ length: n }, (): ChatMessage => {
    const cable = pool[Math.floor(random() * pool.length)] ?? { id: '06MOSCOW754', paragraph: 5, word: null };
    const conversation = Math.floor(random() * conversations);
    const r = random();
    if (r < 0.2 && cable.paragraph !== null) return { conversation, content: `as ${cable.id} ¶${String(cable.paragraph)} says`, key: `${cable.id}¶${String(cable.paragraph)}` };
    if (r < 0.6) return { conversation, content: `#cablegate #${cable.id}`, key: cable.id };
    return { conversation, content: `have you read #${cable.id}?`, key: cable.id };
  });
}

/** How many answers `messages` should get: one per (conversation, key) first seen, the rest held back by the repeat window. */
export function expectedAnswers(messages: readonly ChatMessage[]): boolean[] {
  const seen = new Set<string>();
  return messages.map((m) => {
    const k = `${String(m.conversation)}\u0000${m.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
