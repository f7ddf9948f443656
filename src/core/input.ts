/**
 * What the query grammar produces and the commands consume: `CommandInput`s, plain data
 * that any adapter can build from what a user typed (DESIGN.md "Shape"). The zod schemas
 * here are the commands' option schemas; the grammar's output always satisfies them, and an
 * adapter that builds options itself (Discord slash-command options) is checked by them.
 */
import { z } from 'zod';

/** Highest paragraph number a selector may name: real cables stop well below 200. */
export const MAX_PARAGRAPH_NUMBER = 999;
/** How many spans one selector may list (`¶1,3,5-7` is 3 spans). */
export const MAX_PARAGRAPH_SPANS = 10;
/** Cables looked up for one message or one `/cable` line; the rest are counted as skipped. */
export const MAX_CABLES_PER_MESSAGE = 3;
/** Longest search text and longest `reasons` text accepted. */
export const MAX_SEARCH_TEXT = 200;
export const MAX_REASONS_TEXT = 500;
/** Years of the release (PARSER-NOTES §1). */
export const FIRST_CABLE_YEAR = 1966;
export const LAST_CABLE_YEAR = 2010;

/** A run of paragraph numbers: `¶5` is `{ from: 5, to: 5 }`, `¶3-5` is `{ from: 3, to: 5 }`. */
export const paragraphSpanSchema = z
  .object({
    from: z.number().int().min(1).max(MAX_PARAGRAPH_NUMBER),
    to: z.number().int().min(1).max(MAX_PARAGRAPH_NUMBER),
  })
  .refine((s) => s.from <= s.to, { message: 'a paragraph range must run upwards' });
export type ParagraphSpan = z.infer<typeof paragraphSpanSchema>;

/** Where a cable lookup came from: what the user wrote, not how it resolves. */
export const lookupSourceSchema = z.enum([
  /** `/cable …`, a console line, `cablebot lookup …`. */
  'command',
  /** `#06MOSCOW754` in a message. */
  'hashtag',
  /** A viewer, mirror, PlusD or cablegatesearch URL in a message. */
  'url',
  /** `06MOSCOW754¶5` / `06MOSCOW754 ¶5` in a message. */
  'pilcrow',
  /** A known ID in prose. */
  'bare',
]);
export type LookupSource = z.infer<typeof lookupSourceSchema>;

/** Options of the `cable` command. */
export const cableOptionsSchema = z.object({
  /**
   * The reference ID as written, hashtag and selector removed, not yet resolved
   * (`06MOSCOW754`, `06moscow0754`, `06 MOSCOW 754`, `08ECTION01OF02MANAMA492`).
   */
  ref: z.string().min(1).max(64),
  /** Paragraphs to quote, in the order written; empty for the cable card. */
  paragraphs: z.array(paragraphSpanSchema).max(MAX_PARAGRAPH_SPANS),
  source: lookupSourceSchema,
});
export type CableOptions = z.infer<typeof cableOptionsSchema>;

/** Options of the `search` command: `search larijani origin:moscow year:2006`. */
export const searchOptionsSchema = z.object({
  /** The words to find, filters removed. */
  query: z.string().trim().min(1).max(MAX_SEARCH_TEXT),
  /** `origin:moscow`, `origin:"buenos aires"`: matched by the store on the origin's words. */
  origin: z.string().trim().min(1).max(60).nullable(),
  /** `year:2006` (also `year:06`). */
  year: z.number().int().min(FIRST_CABLE_YEAR).max(LAST_CABLE_YEAR).nullable(),
});
export type SearchOptions = z.infer<typeof searchOptionsSchema>;

/** Options of the `reasons` command: the reason notation to explain (`1.4 (B & D)`) or an ID. */
export const reasonsOptionsSchema = z.object({
  text: z.string().trim().min(1).max(MAX_REASONS_TEXT),
});
export type ReasonsOptions = z.infer<typeof reasonsOptionsSchema>;

/**
 * Longest text `source` takes: a Slack message (40,000 characters), which the "Find cable
 * source" shortcut passes whole. The command reads at most 2,000 characters of quote from it.
 */
export const MAX_SOURCE_INPUT = 40_000;

/** Options of the `source` command: a quoted passage to find the cable and paragraph of. */
export const sourceOptionsSchema = z.object({
  text: z.string().trim().min(1).max(MAX_SOURCE_INPUT),
});
export type SourceOptions = z.infer<typeof sourceOptionsSchema>;

/** Options of the `help` command: an optional command name to explain. */
export const helpOptionsSchema = z.object({
  topic: z.string().trim().min(1).max(40).nullable(),
});
export type HelpOptions = z.infer<typeof helpOptionsSchema>;

/** Options of the `settings` command: `settings auto-detect on|off`, or `settings` to show them. */
export const settingsOptionsSchema = z.object({
  /** The new auto-detect value, or null to show the current settings. */
  autoDetect: z.boolean().nullable(),
});
export type SettingsOptions = z.infer<typeof settingsOptionsSchema>;

/** One thing to do, as data. `command` names an entry of `commands/index.ts`. */
export type CommandInput =
  | { command: 'cable'; options: CableOptions }
  | { command: 'search'; options: SearchOptions }
  | { command: 'source'; options: SourceOptions }
  | { command: 'reasons'; options: ReasonsOptions }
  | { command: 'help'; options: HelpOptions }
  | { command: 'settings'; options: SettingsOptions };

/** A cable lookup: the only input a message scan produces. */
export type CableInput = Extract<CommandInput, { command: 'cable' }>;

/** Why explicit text could not be read; wording lives in the renderers. */
export type GrammarErrorCode =
  /** Nothing but blanks (or only the command word). */
  | 'empty'
  /** Longer than any command could need. */
  | 'too-long'
  /** The text does not start with something shaped like a reference ID. */
  | 'not-an-id'
  /** A paragraph selector that is not a number 1–999 (`¶0`, `¶x`, `¶1234`). */
  | 'bad-paragraph'
  /** A range that runs backwards (`¶5-3`). */
  | 'bad-range'
  /** More spans than {@link MAX_PARAGRAPH_SPANS}. */
  | 'too-many-paragraphs'
  /** Text after the ID and selector that is neither (`06MOSCOW754 please`). */
  | 'trailing-text'
  /** `search` with no words left after the filters. */
  | 'search-empty'
  /** A search filter with a bad value (`year:1850`, `origin:`) or an unknown key (`color:red`). */
  | 'bad-filter'
  /** `reasons` with nothing to explain. */
  | 'reasons-empty'
  /** `source` with no quote to look for. */
  | 'source-empty'
  /** `settings` with something other than `auto-detect on|off`. */
  | 'bad-setting';

/** Result of reading explicit text (`/cable …`, a console line, `cablebot lookup …`). */
export type ParsedCommand =
  | {
      ok: true;
      /** One input, or up to {@link MAX_CABLES_PER_MESSAGE} cable inputs for `/cable A B C`. */
      inputs: CommandInput[];
      /** Cables named beyond the cap, not looked up. */
      skipped: number;
    }
  | {
      ok: false;
      code: GrammarErrorCode;
      /** The offending piece of text (at most 60 characters), for the message. */
      detail: string;
    };

/** What a scan of a chat message found. */
export interface MessageScan {
  /** Distinct lookups in order of appearance, at most {@link MAX_CABLES_PER_MESSAGE}. */
  inputs: CableInput[];
  /** Distinct further lookups found and not taken. */
  skipped: number;
}
