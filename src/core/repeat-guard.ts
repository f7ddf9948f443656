/**
 * "Do not repeat a card for the same cable in the same thread or channel within a window"
 * (DESIGN.md, automatic detection): people quote the same cable back and forth, and the bot
 * must not answer every mention. Only automatic answers go through the guard; an explicit
 * `/cable` always answers.
 */
import { LRUCache } from 'lru-cache';
import type { Answer, Reply } from './reply.ts';

/** Default window: 10 minutes. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** Options of {@link RepeatGuard}. */
export interface RepeatGuardOptions {
  windowMs?: number;
  /** How many (conversation, cable) pairs are remembered at most. */
  max?: number;
  /** Clock in milliseconds (tests); default `performance.now`. */
  now?: () => number;
}

/**
 * What a reply is "the same" as: the cable and the paragraphs shown (`06MOSCOW754`,
 * `06MOSCOW754¶5`), so quoting another paragraph of a cable just carded is still answered.
 * Null for replies that are not about one cable.
 */
export function repeatKey(reply: Reply): string | null {
  switch (reply.kind) {
    case 'cable':
      return reply.cable.canonicalId;
    case 'paragraphs':
      return `${reply.cable.canonicalId}¶${reply.paragraphs.map((p) => p.number).join(',')}`;
    case 'not-in-corpus':
      return reply.cable.canonicalId;
    default:
      return null;
  }
}

/** Remembers what was answered where, for a window. */
export class RepeatGuard {
  readonly #seen: LRUCache<string, true>;

  constructor(options: RepeatGuardOptions = {}) {
    const now = options.now;
    this.#seen = new LRUCache<string, true>({
      max: options.max ?? 50_000,
      ttl: options.windowMs ?? REPEAT_WINDOW_MS,
      // lru-cache caches "now" for ttlResolution ms of real time: off with a given clock.
      ...(now !== undefined ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  /**
   * Whether `reply` may be posted in `conversation` (a channel ID, or channel + thread):
   * true the first time in the window, and then remembered; false for a repeat. Replies
   * without a key always pass.
   */
  admit(conversation: string, reply: Reply): boolean {
    const key = repeatKey(reply);
    if (key === null) return true;
    const k = `${conversation}\u0000${key}`;
    if (this.#seen.has(k)) return false;
    this.#seen.set(k, true);
    return true;
  }

  /** The replies of a list that may be posted, remembering them. */
  filter<R extends Reply>(conversation: string, replies: readonly R[]): R[] {
    return replies.filter((r) => this.admit(conversation, r));
  }

  /**
   * An automatic answer with its repeats taken out. The note about cables skipped by the
   * per-message cap stays only when all of the capped ones are shown: "I answer at most 3"
   * under two answers (the third a repeat) reads as a mistake.
   */
  filterAnswer(conversation: string, answer: Answer): Answer {
    const replies = this.filter(conversation, answer.replies);
    return { replies, skipped: replies.length === answer.replies.length ? answer.skipped : 0 };
  }
}
