/**
 * "Do not repeat a card for the same cable in the same thread or channel within a window"
 * (DESIGN.md, automatic detection): people quote the same cable back and forth, and the bot
 * must not answer every mention. Only automatic answers go through the guard; an explicit
 * `/cable` always answers.
 */
import type { Answer, Reply } from './reply.ts';
import { MemoryClaims } from './state/memory-claims.ts';
import type { ClaimScope, Claims } from './state/state.ts';

/** Default window: 10 minutes. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** Options of {@link RepeatGuard}. */
export interface RepeatGuardOptions {
  windowMs?: number;
  /**
   * Where "answered here" is remembered: the bot's shared state (so replicas hold back each
   * other's repeats), or by default this process's memory.
   */
  claims?: Claims;
  /** The claim scope: one per platform, so their conversations never mix. Default `repeat:slack`. */
  scope?: Extract<ClaimScope, `repeat:${string}`>;
  /** Clock in milliseconds of the default memory (tests); default `performance.now`. */
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
  readonly #claims: Claims;
  readonly #scope: Extract<ClaimScope, `repeat:${string}`>;
  readonly #windowMs: number;

  constructor(options: RepeatGuardOptions = {}) {
    this.#claims = options.claims ?? new MemoryClaims(options.now !== undefined ? { now: options.now } : {});
    this.#scope = options.scope ?? 'repeat:slack';
    this.#windowMs = options.windowMs ?? REPEAT_WINDOW_MS;
  }

  /**
   * Whether `reply` may be posted in `conversation` (a channel ID, or channel + thread):
   * true the first time in the window, and then remembered; false for a repeat. Replies
   * without a key always pass.
   */
  async admit(conversation: string, reply: Reply): Promise<boolean> {
    const key = repeatKey(reply);
    if (key === null) return true;
    // A space: in no conversation ID or key, and storable anywhere (PostgreSQL text refuses NUL).
    return this.#claims.claim(this.#scope, `${conversation} ${key}`, this.#windowMs);
  }

  /** The replies of a list that may be posted, remembering them (in order: a list's own repeats count). */
  async filter<R extends Reply>(conversation: string, replies: readonly R[]): Promise<R[]> {
    const kept: R[] = [];
    for (const reply of replies) if (await this.admit(conversation, reply)) kept.push(reply);
    return kept;
  }

  /**
   * An automatic answer with its repeats taken out. The note about cables skipped by the
   * per-message cap stays only when all of the capped ones are shown: "I answer at most 3"
   * under two answers (the third a repeat) reads as a mistake.
   */
  async filterAnswer(conversation: string, answer: Answer): Promise<Answer> {
    const replies = await this.filter(conversation, answer.replies);
    return { replies, skipped: replies.length === answer.replies.length ? answer.skipped : 0 };
  }
}
