/**
 * The commands, in the order help lists them. Discord registration, Slack routing and the
 * console's help all come from this list; add a command here and nowhere else.
 */
import type { AnyCommand, CommandTable } from '../src/core/command.ts';
import { cable } from './cable.ts';
import { help } from './help.ts';
import { reasons } from './reasons.ts';
import { search } from './search.ts';
import { source } from './source.ts';
import { settings } from './settings.ts';

/** The commands by name, in help order. */
export const commandTable: CommandTable = { cable, search, source, reasons, settings, help };

/** The commands as a list, in help order. */
export const commands: readonly AnyCommand[] = Object.values(commandTable);
