/**
 * `cablebot register-commands [--guild ID]`: puts the slash commands (commands.ts, from the
 * core list) and the message commands ("Find cable source") on Discord with one bulk PUT — globally (all servers; Discord may take a while
 * to show changes) or in one server (at once; for trying a new version).
 */
import { ApplicationCommandType, REST, Routes } from 'discord.js';
import { z } from 'zod';
import { parseConfig } from '../../src/core/config.ts';
import { registrationJson } from './commands.ts';

/** Where registration went and what Discord answered. */
export interface Registered {
  scope: 'global' | { guild: string };
  /** Names of the commands Discord now has, with their IDs and whether each is a message command. */
  commands: { name: string; id: string; message: boolean }[];
}

const registeredSchema = z.array(z.looseObject({ id: z.string(), name: z.string(), type: z.number().optional() }));

/** Registers the command list for `applicationId`, globally or in `guildId`. */
export async function registerCommands(discord: { token: string; applicationId: string; apiUrl: string | null }, guildId: string | null): Promise<Registered> {
  const rest = new REST(discord.apiUrl !== null ? { api: discord.apiUrl } : {}).setToken(discord.token);
  const route = guildId === null ? Routes.applicationCommands(discord.applicationId) : Routes.applicationGuildCommands(discord.applicationId, guildId);
  const answer: unknown = await rest.put(route, { body: registrationJson() });
  // Discord echoes each command with its type (1 slash, 3 message); a missing type means slash.
  const commands = registeredSchema.parse(answer).map((c) => ({ name: c.name, id: c.id, message: c.type === ApplicationCommandType.Message }));
  return { scope: guildId === null ? 'global' : { guild: guildId }, commands };
}

/** The streams and environment of the CLI verb. */
export interface RegisterIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const SNOWFLAKE = /^\d{15,21}$/;

/** The `register-commands` verb; returns the exit code. */
export async function registerCommandsCli(args: readonly string[], io: RegisterIo): Promise<number> {
  let guild: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const value = a === '--guild' ? args[++i] : a.startsWith('--guild=') ? a.slice(8) : undefined;
    if (value === undefined || !SNOWFLAKE.test(value)) {
      io.stderr.write(`cablebot register-commands: ${a === '--guild' || a.startsWith('--guild=') ? '--guild takes a server ID (digits)' : `unknown argument "${a}"`}\n`);
      return 2;
    }
    guild = value;
  }
  const config = parseConfig(io.env);
  if (config.discord === null) {
    io.stderr.write('cablebot register-commands: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (from the Discord developer portal)\n');
    return 2;
  }
  try {
    const done = await registerCommands(config.discord, guild);
    const where = done.scope === 'global' ? 'globally (servers may take up to an hour to show changes)' : `in server ${done.scope.guild}`;
    // Slash commands are named with their `/`; message commands as the menu shows them, quoted.
    const names = done.commands.map((c) => (c.message ? `"${c.name}"` : `/${c.name}`));
    io.stdout.write(`Registered ${names.join(', ')} ${where}.\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`cablebot register-commands: Discord refused the commands: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
