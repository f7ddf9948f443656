/**
 * Per-channel settings: the `settings` command over a real SQLite settings file, who may
 * change them, and that a change is read back at once (also by a second connection, as a
 * restarted bot would).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerText } from '../../src/core/answer.ts';
import type { Caller, CommandContext } from '../../src/core/command.ts';
import type { Reply } from '../../src/core/reply.ts';
import { SqliteSettings } from '../../src/core/settings.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { openFixtureBot, type FixtureBot } from './bot-fixture.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

let dir: string;
let cleanup: () => void;
let settings: SqliteSettings;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('settings'));
  settings = new SqliteSettings(join(dir, 'settings.db'));
});
afterEach(() => {
  settings.close();
  cleanup();
});

const admin: Caller = { platform: 'discord', channelId: 'C1', userId: 'U1', canManageChannel: true };
const member: Caller = { ...admin, userId: 'U2', canManageChannel: false };
const ctxFor = (caller: Caller | undefined): CommandContext => ({ ...bot.ctx, settings, ...(caller ? { caller } : {}) });
const ask = (caller: Caller | undefined, text: string): Reply | undefined => answerText(ctxFor(caller), text).replies[0];

describe('GIVEN a channel nobody configured', () => {
  it('THEN auto-detect is on, and `settings` shows it', () => {
    expect(settings.autoDetect('discord', 'C1')).toBe(true);
    expect(ask(admin, 'settings')).toEqual({ kind: 'settings', platform: 'discord', channelId: 'C1', autoDetect: true, offInParent: null, changed: false, globallyEnabled: true });
  });
});

describe('GIVEN settings auto-detect off by someone who manages the channel', () => {
  it('THEN it is off for that channel only, on that platform only, and survives a new connection', () => {
    expect(ask(admin, '/cable settings auto-detect off')).toMatchObject({ kind: 'settings', autoDetect: false, changed: true });
    expect(settings.autoDetect('discord', 'C1')).toBe(false);
    expect(settings.autoDetect('discord', 'C2')).toBe(true);
    expect(settings.autoDetect('slack', 'C1')).toBe(true);
    const again = new SqliteSettings(settings.path);
    expect(again.autoDetect('discord', 'C1')).toBe(false);
    again.close();
    expect(ask(admin, 'settings auto-detect off')).toMatchObject({ autoDetect: false, changed: false });
    expect(ask(admin, '/cable-settings auto-detect on')).toMatchObject({ autoDetect: true, changed: true });
  });
});

describe('GIVEN a Discord thread whose channel has auto-detect off', () => {
  const inThread: Caller = { ...admin, channelId: 'T1', parentChannelId: 'C1' };
  it('THEN settings in the thread says it is quiet because of its channel, also after turning the thread on', () => {
    ask(admin, 'settings auto-detect off');
    expect(ask(inThread, 'settings')).toMatchObject({ kind: 'settings', channelId: 'T1', autoDetect: true, offInParent: 'C1', changed: false });
    expect(ask(inThread, 'settings auto-detect off')).toMatchObject({ autoDetect: false, offInParent: 'C1', changed: true });
    expect(ask(inThread, 'settings auto-detect on')).toMatchObject({ autoDetect: true, offInParent: 'C1', changed: true });
    ask(admin, 'settings auto-detect on');
    expect(ask(inThread, 'settings')).toMatchObject({ autoDetect: true, offInParent: null });
  });
});

describe('GIVEN someone who may not manage the channel, or no channel at all', () => {
  it('THEN changing is refused and nothing changes; reading is allowed', () => {
    expect(ask(member, 'settings auto-detect off')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(settings.autoDetect('discord', 'C1')).toBe(true);
    expect(ask(member, 'settings')).toMatchObject({ kind: 'settings', autoDetect: true });
    expect(ask(undefined, 'settings auto-detect off')).toMatchObject({ kind: 'error', code: 'settings-unavailable' });
  });
});

describe('GIVEN settings text the grammar does not know', () => {
  it.each(['settings colour blue', 'settings auto-detect maybe', 'settings auto-detect on now'])('GIVEN %j THEN bad-setting', (text) => {
    expect(ask(admin, text)).toMatchObject({ kind: 'error', code: 'bad-setting' });
  });
});
