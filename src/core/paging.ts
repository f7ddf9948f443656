/**
 * Paging buttons on quotes (previous ¶ / next ¶ / whole card): what a button carries, as a
 * short string both platforms can hold (Discord `custom_id` ≤ 100 characters, Slack action
 * `value` ≤ 2,000), and the command input it stands for. Only the person who asked may page;
 * the button says who that is.
 */
import { z } from 'zod';
import type { CableInput } from './input.ts';
import { MAX_PARAGRAPH_NUMBER } from './input.ts';

/** Prefix of every paging action string (`cbp|06MOSCOW754|6|123456789012345678`). */
export const PAGE_ACTION_PREFIX = 'cbp';

/** What a paging button does. */
export interface PageAction {
  /** The published ID of the cable shown. */
  id: string;
  /** The paragraph to show, or the whole card. */
  target: number | 'card';
  /** The user who asked: the only one whose clicks page. */
  owner: string;
}

const actionSchema = z.object({
  id: z.string().regex(/^[0-9A-Z]{3,64}$/),
  target: z.union([z.literal('card'), z.coerce.number().int().min(1).max(MAX_PARAGRAPH_NUMBER)]),
  owner: z.string().regex(/^[0-9A-Za-z]{1,32}$/),
});

/** The string a button carries. */
export function encodePageAction(action: PageAction): string {
  const parsed = actionSchema.parse(action);
  return [PAGE_ACTION_PREFIX, parsed.id, String(parsed.target), parsed.owner].join('|');
}

/** The action a button string stands for, or null for anything else (not ours, tampered with). */
export function decodePageAction(value: string): PageAction | null {
  if (value.length > 120) return null;
  const [prefix, id, target, owner, ...rest] = value.split('|');
  if (prefix !== PAGE_ACTION_PREFIX || rest.length > 0) return null;
  const parsed = actionSchema.safeParse({ id, target, owner });
  return parsed.success ? parsed.data : null;
}

/** The lookup a paging action asks for. */
export function pageInput(action: PageAction): CableInput {
  return {
    command: 'cable',
    options: { ref: action.id, paragraphs: action.target === 'card' ? [] : [{ from: action.target, to: action.target }], source: 'command' },
  };
}
