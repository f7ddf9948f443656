/**
 * Discord events → the command core → Discord messages. Event wiring only (DESIGN.md
 * "Shape"): each handler reads what the event carries (who, where, which options), asks the
 * core, renders with render.ts and sends; the grammar reads the text, the core answers.
 *
 * Protocol facts that shape this file:
 * - An interaction must be answered within 3 s, once; further messages are follow-ups.
 * - A button click answered with `update` edits the message the button is on.
 * - A thread is a channel of its own: its ID is the conversation for the repeat guard and its
 *   own settings row; it also follows its parent channel's auto-detect switch.
 * - A message command ("Find cable source") carries the message it was used on, text included
 *   whether or not the bot has the MESSAGE_CONTENT intent (Discord exempts these targets).
 */
import { PermissionFlagsBits } from 'discord.js';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  InteractionReplyOptions,
  Message,
  MessageContextMenuCommandInteraction,
  MessageCreateOptions,
} from 'discord.js';
import type { PlatformRuntime } from '../platform.ts';
import { answerMessage, answerText, runInput, type ErrorSink } from '../../src/core/answer.ts';
import { completeIds } from '../../src/core/autocomplete.ts';
import type { Caller, CommandContext } from '../../src/core/command.ts';
import type { LogFields } from '../../src/core/log.ts';
import { decodePageAction, pageInput } from '../../src/core/paging.ts';
import type { RepeatGuard } from '../../src/core/repeat-guard.ts';
import type { Answer } from '../../src/core/reply.ts';
import { shorten } from '../../src/core/text.ts';
import { errorText, notYourPagesText, staleButtonText } from '../words.ts';
import { commandByDiscordName, messageCommandByName } from './commands.ts';
import { EPHEMERAL, md, renderAnswer, renderReply, type DiscordMessage } from './render.ts';

/** What the handlers run with. */
export interface DiscordHandlerDeps {
  runtime: PlatformRuntime;
  guard: RepeatGuard;
}

/** One autocomplete choice as Discord takes it. */
export interface Choice {
  name: string;
  value: string;
}

/** Autocomplete choice names are at most 100 characters. */
const CHOICE_NAME_MAX = 100;

/**
 * Choices for the `ref` text typed so far: IDs whose text is in this store are marked, so a
 * user sees which answer with a card and which only with a viewer link.
 */
export function autocompleteChoices(ctx: CommandContext, typed: string): Choice[] {
  return completeIds(ctx, typed).map((c) => ({ name: shorten(c.inCorpus ? `${c.text} — text here` : c.text, CHOICE_NAME_MAX), value: c.text }));
}

/** discord.js options for a rendered body (`allowed_mentions` → `allowedMentions`, etc.). */
function sendOptions(body: DiscordMessage): { content?: string; embeds: DiscordMessage['embeds']; components: DiscordMessage['components']; allowedMentions: { parse: [] } } {
  return { ...(body.content !== undefined ? { content: body.content } : {}), embeds: body.embeds, components: body.components, allowedMentions: { parse: [] } };
}

function replyOptions(body: DiscordMessage): InteractionReplyOptions {
  return { ...sendOptions(body), ...(body.flags !== undefined ? { flags: EPHEMERAL } : {}) };
}

/** The error sink of one request: the core's failures go to the log with who and where. */
function sink(deps: DiscordHandlerDeps, fields: LogFields): ErrorSink {
  return (error, input) => deps.runtime.log.error('a command failed', error, { ...fields, command: input.command });
}

/** Routes one interaction; never throws (failures are logged, the user told without a stack). */
export async function onInteraction(deps: DiscordHandlerDeps, interaction: Interaction): Promise<void> {
  const fields: LogFields = { platform: 'discord', channel: interaction.channelId, user: interaction.user.id, interaction: interaction.id };
  try {
    if (interaction.isAutocomplete()) await onAutocomplete(deps, interaction);
    else if (interaction.isChatInputCommand()) await onCommand(deps, interaction, fields);
    else if (interaction.isMessageContextMenuCommand()) await onMessageCommand(deps, interaction, fields);
    else if (interaction.isButton()) await onButton(deps, interaction, fields);
  } catch (error) {
    deps.runtime.log.error('answering an interaction failed', error, { ...fields, ...(interaction.isCommand() ? { command: interaction.commandName } : {}) });
    if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
      const body = renderReply({ kind: 'error', code: 'internal', detail: 'discord' }, { owner: null });
      await interaction.reply(replyOptions(body)).catch((e: unknown) => deps.runtime.log.error('could not tell the user about a failure', e, fields));
    }
  }
}

async function onAutocomplete(deps: DiscordHandlerDeps, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = interaction.commandName === 'cable' && focused.name === 'ref' ? autocompleteChoices(deps.runtime.ctx, String(focused.value)) : [];
  await interaction.respond(choices);
}

function callerOf(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction): Caller {
  return {
    platform: 'discord',
    channelId: interaction.channelId,
    userId: interaction.user.id,
    // The member's permissions in this channel, as Discord computed them for the interaction.
    canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
    // A thread follows its channel's switch too (autoDetectOn), so settings must know the channel.
    parentChannelId: interaction.channel?.isThread() === true ? interaction.channel.parentId : null,
  };
}

async function onCommand(deps: DiscordHandlerDeps, interaction: ChatInputCommandInteraction, fields: LogFields): Promise<void> {
  const command = commandByDiscordName(interaction.commandName);
  if (command === undefined) {
    // A command registered by an older version: say so rather than leave "the application did not respond".
    await interaction.reply(replyOptions(renderReply({ kind: 'error', code: 'unknown-topic', detail: interaction.commandName }, { owner: null })));
    return;
  }
  const text = command.discord.text({
    string: (name) => interaction.options.getString(name),
    integer: (name) => interaction.options.getInteger(name),
  });
  const caller = callerOf(interaction);
  const ctx: CommandContext = { ...deps.runtime.ctx, caller };
  if (!(await admitted(deps, interaction, caller, fields))) return;
  const answer = answerText(ctx, text, sink(deps, { ...fields, command: interaction.commandName }));
  // A settings change is confirmed once every replica can read it.
  if (answer.replies.some((r) => r.kind === 'settings' && r.changed)) await flushSettings(deps, fields);
  const bodies = renderAnswer(answer, { owner: interaction.user.id, private: interaction.options.getBoolean('private') ?? false });
  const [first, ...rest] = bodies;
  if (first === undefined) return;
  await interaction.reply(replyOptions(first));
  for (const body of rest) await interaction.followUp(replyOptions(body));
}

/**
 * Whether the rate limits let this command through; when not, the asker is told (ephemerally)
 * how long to wait and the refusal is logged. Every command, slash or message, counts alike.
 */
async function admitted(deps: DiscordHandlerDeps, interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, caller: Caller, fields: LogFields): Promise<boolean> {
  const limit = await deps.runtime.state.admitCommand('discord', caller.userId, caller.channelId);
  if (limit.allowed) return true;
  deps.runtime.log.info('rate-limited', { ...fields, command: interaction.commandName, scope: limit.scope, retryAfterS: limit.retryAfterS });
  await interaction.reply(replyOptions(renderReply({ kind: 'error', code: 'rate-limited', detail: limit.scope, retryAfterS: limit.retryAfterS }, { owner: null })));
  return false;
}

/**
 * A message command used on a message: its text becomes the command's core input (commands.ts
 * says which), answered like a slash command — visibly when found, to the asker alone when not
 * found or wrong (render.ts decides, from the reply).
 */
async function onMessageCommand(deps: DiscordHandlerDeps, interaction: MessageContextMenuCommandInteraction, fields: LogFields): Promise<void> {
  const command = messageCommandByName(interaction.commandName);
  if (command === undefined) {
    // A menu entry registered by an older version: say so rather than leave "the application did not respond".
    await interaction.reply(replyOptions(renderReply({ kind: 'error', code: 'unknown-topic', detail: interaction.commandName }, { owner: null })));
    return;
  }
  const caller = callerOf(interaction);
  // The message it was used on, so a failure in the log can be traced to the text.
  const logged: LogFields = { ...fields, message: interaction.targetId };
  if (!(await admitted(deps, interaction, caller, logged))) return;
  const input = command.input(interaction.targetMessage.content);
  if (input === null) {
    await interaction.reply(replyOptions(note(command.emptyText)));
    return;
  }
  const reply = runInput({ ...deps.runtime.ctx, caller }, input, sink(deps, { ...logged, command: interaction.commandName }));
  await interaction.reply(replyOptions(renderReply(reply, { owner: interaction.user.id })));
}

async function onButton(deps: DiscordHandlerDeps, interaction: ButtonInteraction, fields: LogFields): Promise<void> {
  const action = decodePageAction(interaction.customId);
  if (action === null) {
    await interaction.reply(replyOptions(note(staleButtonText())));
    return;
  }
  if (action.owner !== interaction.user.id) {
    const command = `/cable ref:${action.id}${action.target === 'card' ? '' : ` paragraph:${action.target}`}`;
    await interaction.reply(replyOptions(note(notYourPagesText(command))));
    return;
  }
  const ctx: CommandContext = { ...deps.runtime.ctx, caller: callerOf(interaction) };
  const reply = runInput(ctx, pageInput(action), sink(deps, { ...fields, command: 'page' }));
  const body = renderReply(reply, { owner: action.owner });
  if (reply.kind === 'error' || body.flags !== undefined) {
    await interaction.reply(replyOptions(reply.kind === 'error' ? note(errorText(reply)) : body));
    return;
  }
  // Paging edits the message in place; `content: ''` clears a note the previous page carried.
  await interaction.update({ ...sendOptions(body), content: body.content ?? '' });
}

/** Waits for a settings change to be stored; logged when it could not be yet (it holds here and is stored later). */
async function flushSettings(deps: DiscordHandlerDeps, fields: LogFields): Promise<void> {
  if (!(await deps.runtime.state.settings.flush())) deps.runtime.log.warn('a settings change is not stored in the shared state yet; it holds here and is stored when the state is back', fields);
}

function note(text: string): DiscordMessage {
  return { content: md(text), embeds: [], components: [], allowed_mentions: { parse: [] }, flags: EPHEMERAL };
}

/**
 * Whether automatic answers are on where `message` was posted: the bot-wide switch, the
 * channel's, and for a thread also its parent's (turning a channel off quiets its threads).
 */
function autoDetectOn(deps: DiscordHandlerDeps, message: Message): boolean {
  const { config } = deps.runtime;
  const { settings } = deps.runtime.state;
  if (!config.autoDetect) return false;
  if (!settings.autoDetect('discord', message.channelId)) return false;
  const parent = message.channel.isThread() ? message.channel.parentId : null;
  return parent === null || settings.autoDetect('discord', parent);
}

/**
 * A chat message: cables it mentions are answered as replies to it, in its channel or
 * thread — never for bots (the bot itself first), never with an error, never the same cable
 * twice in a conversation within the repeat window.
 */
export async function onMessage(deps: DiscordHandlerDeps, message: Message): Promise<void> {
  if (message.author.id === message.client.user.id || message.author.bot || message.webhookId !== null) return;
  if (!message.inGuild() || message.content === '') return;
  const fields: LogFields = { platform: 'discord', channel: message.channelId, user: message.author.id, message: message.id };
  try {
    if (!autoDetectOn(deps, message)) return;
    const found = answerMessage(deps.runtime.ctx, message.content, {}, sink(deps, fields));
    const answer: Answer = await deps.guard.filterAnswer(message.channelId, found);
    if (answer.replies.length === 0) return;
    for (const body of renderAnswer(answer, { owner: message.author.id, compact: true })) {
      const options: MessageCreateOptions = { ...sendOptions(body), reply: { messageReference: message.id, failIfNotExists: false } };
      await message.channel.send(options);
    }
  } catch (error) {
    // No error is ever posted for an automatic answer: the operator reads it in the log.
    deps.runtime.log.error('answering a message failed', error, fields);
  }
}
