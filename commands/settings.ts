/**
 * `settings`: show or change a channel's settings — today whether automatic detection
 * (hashtags, links, `ID¶N` in messages) answers there. Changing needs the right to manage the
 * channel; the choice is kept in the settings database and honoured at once.
 */
import type { Command } from '../src/core/command.ts';
import { settingsOptionsSchema } from '../src/core/input.ts';

export const settings = {
  name: 'settings',
  description: 'Turn automatic answers to hashtags and links on or off in this channel',
  usage: ['settings', 'settings auto-detect on', 'settings auto-detect off'],
  examples: ['settings auto-detect off'],
  options: settingsOptionsSchema,
  run(ctx, options) {
    const { caller, settings: store } = ctx;
    if (caller === undefined || store === undefined) return { kind: 'error', code: 'settings-unavailable', detail: 'settings' };
    let changed = false;
    if (options.autoDetect !== null) {
      if (!caller.canManageChannel) return { kind: 'error', code: 'not-allowed', detail: 'settings' };
      changed = store.autoDetect(caller.platform, caller.channelId) !== options.autoDetect;
      store.setAutoDetect(caller.platform, caller.channelId, options.autoDetect, caller.userId);
    }
    const parent = caller.parentChannelId ?? null;
    return {
      kind: 'settings',
      platform: caller.platform,
      channelId: caller.channelId,
      autoDetect: store.autoDetect(caller.platform, caller.channelId),
      offInParent: parent !== null && !store.autoDetect(caller.platform, parent) ? parent : null,
      changed,
      globallyEnabled: ctx.autoDetectEnabled ?? true,
    };
  },
} satisfies Command<'settings'>;
