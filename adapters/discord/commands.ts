/**
 * The Discord slash commands, derived from the core command list (commands/index.ts): one
 * entry per core command, in a record keyed by the core's command names, so a new core
 * command fails the typecheck here until Discord knows how to offer it. Each entry says how
 * the command is registered (options, permissions) and how its options become the text the
 * core's grammar reads (`/cable ref:06MOSCOW754 paragraph:5` → `06MOSCOW754 ¶5`): the grammar,
 * not this file, decides what the text means. The message commands (a message's "Apps" menu:
 * "Find cable source") follow, each naming the core input a message's text becomes.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type {
  APIApplicationCommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
  RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { AnyCommand, CommandName } from '../../src/core/command.ts';
import { FIRST_CABLE_YEAR, LAST_CABLE_YEAR, MAX_REASONS_TEXT, MAX_SEARCH_TEXT, type CommandInput } from '../../src/core/input.ts';
import { MAX_SOURCE_TEXT } from '../../src/core/source/find.ts';
import { shorten } from '../../src/core/text.ts';
import { MESSAGE_WITHOUT_TEXT } from '../words.ts';

/** The option values of one invocation, read by name (discord.js's resolver, or a test's record). */
export interface OptionValues {
  string(name: string): string | null;
  integer(name: string): number | null;
}

/** How one core command is offered on Discord. */
export interface DiscordCommand {
  /** The slash command's name (lower case, ≤ 32). */
  name: string;
  options: APIApplicationCommandOption[];
  /** Who sees the command by default (a server admin can widen it); null for everyone. */
  defaultMemberPermissions: bigint | null;
  /** The text for `answerText`, built from the options. */
  text(options: OptionValues): string;
}

const PRIVATE_OPTION: APIApplicationCommandOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Show the answer only to you',
  required: false,
};

/** Quotes an origin for the grammar's `origin:"…"` (a quote inside would end it early: dropped). */
function quoted(value: string): string {
  return `"${value.split('"').join('')}"`;
}

/** Slash command names: prefixed with `cable` so they sort together and clash with no other bot's `/search`. */
const DISCORD_NAMES: Readonly<Record<CommandName, string>> = {
  cable: 'cable',
  search: 'cable-search',
  source: 'cable-source',
  reasons: 'cable-reasons',
  settings: 'cable-settings',
  help: 'cable-help',
};

/** The Discord side of every core command. Adding a core command breaks this record until it is added. */
export const DISCORD_COMMANDS: Readonly<Record<CommandName, DiscordCommand>> = {
  cable: {
    name: DISCORD_NAMES.cable,
    options: [
      { type: ApplicationCommandOptionType.String, name: 'ref', description: 'Reference ID, e.g. 06MOSCOW754 (also 06MOSCOW754 ¶5)', required: true, autocomplete: true, max_length: 100 },
      { type: ApplicationCommandOptionType.String, name: 'paragraph', description: 'Paragraphs to quote: 5, 3-5 or 3,7', required: false, max_length: 40 },
      PRIVATE_OPTION,
    ],
    defaultMemberPermissions: null,
    text: (o) => {
      const paragraph = o.string('paragraph')?.trim() ?? '';
      const selector = paragraph === '' ? '' : paragraph.startsWith('¶') ? ` ${paragraph}` : ` ¶${paragraph}`;
      return `${o.string('ref') ?? ''}${selector}`;
    },
  },
  search: {
    name: DISCORD_NAMES.search,
    options: [
      { type: ApplicationCommandOptionType.String, name: 'query', description: 'Words to find in the cables', required: true, max_length: MAX_SEARCH_TEXT },
      { type: ApplicationCommandOptionType.String, name: 'origin', description: 'Only cables from this place, e.g. moscow', required: false, max_length: 60 },
      { type: ApplicationCommandOptionType.Integer, name: 'year', description: 'Only cables of this year', required: false, min_value: FIRST_CABLE_YEAR, max_value: LAST_CABLE_YEAR },
      PRIVATE_OPTION,
    ],
    defaultMemberPermissions: null,
    text: (o) => {
      const origin = o.string('origin');
      const year = o.integer('year');
      return ['search', o.string('query') ?? '', origin !== null ? `origin:${quoted(origin)}` : null, year !== null ? `year:${year}` : null].filter((x) => x !== null).join(' ');
    },
  },
  source: {
    name: DISCORD_NAMES.source,
    options: [
      // The core reads at most MAX_SOURCE_TEXT characters of quote (a Discord message's 2,000).
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'The passage to find, at least 4 words (quote marks, … and [brackets] are fine)', required: true, max_length: MAX_SOURCE_TEXT },
      PRIVATE_OPTION,
    ],
    defaultMemberPermissions: null,
    text: (o) => `source ${o.string('text') ?? ''}`,
  },
  reasons: {
    name: DISCORD_NAMES.reasons,
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'Reasons like 1.4 (B & D), or a reference ID', required: true, max_length: MAX_REASONS_TEXT },
      PRIVATE_OPTION,
    ],
    defaultMemberPermissions: null,
    text: (o) => `reasons ${o.string('text') ?? ''}`,
  },
  settings: {
    name: DISCORD_NAMES.settings,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'auto-detect',
        description: 'Answer hashtags, links and ID¶N in messages here; leave out to show the setting',
        required: false,
        choices: [
          { name: 'on', value: 'on' },
          { name: 'off', value: 'off' },
        ],
      },
    ],
    // Changing the setting needs Manage Channels (checked again per request); admins may widen who sees it.
    defaultMemberPermissions: PermissionFlagsBits.ManageChannels,
    text: (o) => {
      const value = o.string('auto-detect');
      return value === null ? 'settings' : `settings auto-detect ${value}`;
    },
  },
  help: {
    name: DISCORD_NAMES.help,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'command',
        description: 'Explain one command',
        required: false,
        choices: commands.map((c) => ({ name: DISCORD_NAMES[c.name], value: c.name })),
      },
    ],
    defaultMemberPermissions: null,
    text: (o) => {
      const topic = o.string('command');
      return topic === null ? 'help' : `help ${topic}`;
    },
  },
};

/** The Discord name of a core command (`search` → `cable-search`); unknown names as they are. */
export function discordNameOf(coreName: string): string {
  const found = commands.find((c) => c.name === coreName);
  return found === undefined ? coreName : DISCORD_NAMES[found.name];
}

/** The core command behind a Discord command name, or undefined for a name that is not ours. */
export function commandByDiscordName(name: string): { core: CommandName; discord: DiscordCommand } | undefined {
  const found = commands.find((c) => DISCORD_COMMANDS[c.name].name === name);
  return found === undefined ? undefined : { core: found.name, discord: DISCORD_COMMANDS[found.name] };
}

/**
 * The command JSON registered with Discord (PUT /applications/:id/commands), from the core
 * list in its order: descriptions are the core's (cut to Discord's 100 characters).
 */
export function commandJson(list: readonly AnyCommand[] = commands): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map((c) => {
    const d = DISCORD_COMMANDS[c.name];
    return {
      type: ApplicationCommandType.ChatInput,
      name: d.name,
      description: shorten(c.description, 100),
      options: d.options,
      // Guilds only: the bot reads channels, and settings belong to guild channels.
      contexts: [InteractionContextType.Guild],
      ...(d.defaultMemberPermissions !== null ? { default_member_permissions: d.defaultMemberPermissions.toString() } : {}),
    };
  });
}

/**
 * A message command: an entry of a message's "Apps" menu (right-click or long-press). Discord
 * hands it the message as it is; the command says which core input its text becomes.
 */
export interface DiscordMessageCommand {
  /** The menu entry (≤ 32 characters; unlike slash commands, capitals and spaces are allowed). */
  name: string;
  /**
   * The core input for the message's text, or null when it has none to read (a message of
   * attachments, embeds or stickers only): the core would reject empty options as malformed,
   * so the asker is told {@link emptyText} instead.
   */
  input(content: string): CommandInput | null;
  /** What the asker is told when the message has no text. Plain text: the renderer escapes it. */
  emptyText: string;
}

/** The message commands, in menu order. */
export const DISCORD_MESSAGE_COMMANDS: readonly DiscordMessageCommand[] = [
  {
    name: 'Find cable source',
    // The whole text goes to the core: it finds the quoted passage in a longer message itself,
    // and answers `too-long` when there is none it can read.
    input: (content) => (content.trim() === '' ? null : { command: 'source', options: { text: content } }),
    emptyText: MESSAGE_WITHOUT_TEXT,
  },
];

/** The message command of this name, or undefined for a name that is not ours. */
export function messageCommandByName(name: string): DiscordMessageCommand | undefined {
  return DISCORD_MESSAGE_COMMANDS.find((c) => c.name === name);
}

/** The message commands' JSON: no description and no options, as Discord requires of them. */
export function messageCommandJson(): RESTPostAPIContextMenuApplicationCommandsJSONBody[] {
  return DISCORD_MESSAGE_COMMANDS.map((c) => ({ type: ApplicationCommandType.Message, name: c.name, contexts: [InteractionContextType.Guild] }));
}

/**
 * Everything `register-commands` PUTs: the slash commands, then the message commands. A bulk
 * PUT replaces the application's whole list, so both kinds must go in the one request.
 */
export function registrationJson(): RESTPutAPIApplicationCommandsJSONBody {
  return [...commandJson(), ...messageCommandJson()];
}
