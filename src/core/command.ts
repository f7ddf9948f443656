/**
 * What a command is (DESIGN.md: commands are data objects, checked at load time with
 * `satisfies Command`, listed in `commands/index.ts`) and what it runs with.
 */
import type { z } from 'zod';
import type { IdIndex } from '../corpus/ids/index.ts';
import type { CorpusReader } from '../corpus/store.ts';
import type { ChannelSettings, Platform } from './settings.ts';
import type { CommandInput } from './input.ts';
import type { CommandHelp, Reply } from './reply.ts';

/** Who asked, where: set by the platform adapters, absent at the console. */
export interface Caller {
  platform: Platform;
  channelId: string;
  userId: string;
  /** Whether the user may change the channel's settings (Discord: Manage Channels). */
  canManageChannel: boolean;
  /**
   * In a Discord thread, the channel it belongs to: automatic answers there need the thread's
   * switch and its channel's, so the settings command reports (and words) both.
   */
  parentChannelId?: string | null;
}

/** What every command runs with: the corpus, the ID index, and the command list (for help). */
export interface CommandContext {
  corpus: CorpusReader;
  ids: IdIndex;
  commands: CommandTable;
  /** Per-channel settings; absent where there are none (the console). */
  settings?: ChannelSettings;
  /** Who asked; absent at the console and in `cablebot lookup`. */
  caller?: Caller;
  /** `CABLEBOT_AUTO_DETECT`: false when the bot reads no messages at all (default true). */
  autoDetectEnabled?: boolean;
}

/** Names of the commands, from the grammar's inputs. */
export type CommandName = CommandInput['command'];

/** Options of the command called `N`. */
export type OptionsOf<N extends CommandName> = Extract<CommandInput, { command: N }>['options'];

/**
 * A command: its name (what Discord registers and Slack routes), help text, an options
 * schema every input is checked against before `run`, and `run`, which only reads and
 * returns data.
 */
export interface Command<N extends CommandName> extends CommandHelp {
  name: N;
  options: z.ZodType<OptionsOf<N>>;
  run(ctx: CommandContext, options: OptionsOf<N>): Reply;
}

/** Any of the commands. */
export type AnyCommand = { [N in CommandName]: Command<N> }[CommandName];

/**
 * Every command by name. A record rather than a list so that the dispatcher can index it with
 * an input's name and TypeScript knows the command and the input's options belong together.
 */
export type CommandTable = { readonly [N in CommandName]: Command<N> };
