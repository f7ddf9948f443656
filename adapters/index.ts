/**
 * The platform adapters `npm start` can run and `cablebot lookup --format` can render for.
 * Add an adapter here and nowhere else.
 */
import type { PlatformAdapter } from './platform.ts';
import { discordAdapter } from './discord/index.ts';
import { slackAdapter } from './slack/index.ts';

export const platformAdapters: readonly PlatformAdapter[] = [discordAdapter, slackAdapter];
