import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CHANNEL_RATE, DEFAULT_SLACK_PORT, DEFAULT_USER_RATE, parseConfig } from '../../src/core/config.ts';

describe('GIVEN the environment', () => {
  it('THEN no credentials means no platform (the console), and blanks count as unset', () => {
    const none = { discord: null, slack: null, dbPath: null, settingsPath: null, autoDetect: true, logLevel: 'info', rateLimits: { userPerMinute: 10, channelPerMinute: 30 } };
    expect(parseConfig({})).toEqual(none);
    expect(parseConfig({ DISCORD_TOKEN: '  ', SLACK_BOT_TOKEN: '' })).toEqual(none);
  });

  it('THEN Discord needs token and application ID, and takes the test API URL', () => {
    expect(parseConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: 'http://127.0.0.1:5000/api' }).discord).toEqual({
      token: 't',
      applicationId: '123456789012345678',
      apiUrl: 'http://127.0.0.1:5000/api',
      shards: 'auto',
    });
    expect(() => parseConfig({ DISCORD_TOKEN: 't' })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => parseConfig({ DISCORD_APPLICATION_ID: '123456789012345678' })).toThrow(/DISCORD_TOKEN/);
    expect(() => parseConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'abc' })).toThrow(ConfigError);
  });

  it('THEN Slack needs the signing secret; Socket Mode with an xapp- token; HTTP on PORT or 3000', () => {
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toEqual({ botToken: 'xoxb-1', signingSecret: 's', appToken: null, port: DEFAULT_SLACK_PORT, apiUrl: null });
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1', PORT: '8080' }).slack).toMatchObject({ appToken: 'xapp-1', port: 8080 });
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => parseConfig({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xoxb-wrong' })).toThrow(/SLACK_APP_TOKEN/);
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => parseConfig({ SLACK_API_URL: 'ftp://x' })).toThrow(/SLACK_API_URL/);
  });

  describe('GIVEN the Slack OAuth variables (a distributed app)', () => {
    const OAUTH = { SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'a-state-secret-of-32-characters!', SLACK_SIGNING_SECRET: 's', CABLEBOT_PUBLIC_URL: 'https://cablebot.example.org/' };

    it('THEN all of them make an OAuth Slack over HTTP, with no bot token, the public URL without its trailing slash', () => {
      expect(parseConfig({ ...OAUTH, PORT: '8080' }).slack).toEqual({
        botToken: null,
        signingSecret: 's',
        appToken: null,
        port: 8080,
        apiUrl: null,
        oauth: { clientId: '1234.5678', clientSecret: 'client-secret', stateSecret: 'a-state-secret-of-32-characters!', publicUrl: 'https://cablebot.example.org' },
      });
      expect(parseConfig({ ...OAUTH, CABLEBOT_PUBLIC_URL: 'http://localhost:3000' }).slack?.oauth?.publicUrl).toBe('http://localhost:3000');
    });

    it('THEN a half-set trio names the missing variable and what set it', () => {
      expect(() => parseConfig({ SLACK_CLIENT_ID: '1.2' })).toThrow(new ConfigError('SLACK_CLIENT_SECRET: needed with SLACK_CLIENT_ID (Slack OAuth installs need all three)'));
      expect(() => parseConfig({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'x' })).toThrow(/^SLACK_STATE_SECRET: needed with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET/);
      expect(() => parseConfig({ SLACK_STATE_SECRET: OAUTH.SLACK_STATE_SECRET })).toThrow(/^SLACK_CLIENT_ID: needed with SLACK_STATE_SECRET/);
    });

    it('THEN it cannot be mixed with the single bot token or Socket Mode, and needs the signing secret and the public URL', () => {
      expect(() => parseConfig({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/^SLACK_BOT_TOKEN: unset it with SLACK_CLIENT_ID/);
      expect(() => parseConfig({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/^SLACK_APP_TOKEN: unset it with SLACK_CLIENT_ID/);
      expect(() => parseConfig({ ...OAUTH, SLACK_SIGNING_SECRET: '' })).toThrow(/^SLACK_SIGNING_SECRET: needed with SLACK_CLIENT_ID/);
      expect(() => parseConfig({ ...OAUTH, CABLEBOT_PUBLIC_URL: undefined })).toThrow(/^CABLEBOT_PUBLIC_URL: needed with SLACK_CLIENT_ID/);
    });

    it('THEN a short state secret and a public URL that is not an https base are refused, naming the variable', () => {
      expect(() => parseConfig({ ...OAUTH, SLACK_STATE_SECRET: 'short' })).toThrow(/^SLACK_STATE_SECRET: at least 16 characters/);
      for (const url of ['http://cablebot.example.org', 'https://cablebot.example.org/bot', 'https://cablebot.example.org/?x=1', 'cablebot.example.org', 'ftp://cablebot.example.org']) {
        expect(() => parseConfig({ ...OAUTH, CABLEBOT_PUBLIC_URL: url }), url).toThrow(/^CABLEBOT_PUBLIC_URL: the bot’s public base URL/);
      }
    });
  });

  it('THEN PORT is the health server’s where no Slack HTTP receiver takes it (Discord alone, Socket Mode), and Slack’s otherwise', () => {
    expect(parseConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', PORT: '8080' }).healthPort).toBe(8080);
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1', PORT: '8080' }).healthPort).toBe(8080);
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' })).not.toHaveProperty('healthPort');
    expect(parseConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' })).not.toHaveProperty('healthPort');
  });

  it('THEN CABLEBOT_DB names the store, CABLEBOT_SETTINGS_DB the settings, CABLEBOT_AUTO_DETECT=off stops message reading', () => {
    expect(parseConfig({ CABLEBOT_DB: '/data/cables.db' }).dbPath).toBe('/data/cables.db');
    expect(parseConfig({ CABLEBOT_SETTINGS_DB: '/data/settings.db' }).settingsPath).toBe('/data/settings.db');
    expect(parseConfig({ CABLEBOT_AUTO_DETECT: 'off' }).autoDetect).toBe(false);
    expect(parseConfig({ CABLEBOT_AUTO_DETECT: 'on' }).autoDetect).toBe(true);
    expect(() => parseConfig({ CABLEBOT_AUTO_DETECT: 'maybe' })).toThrow(/CABLEBOT_AUTO_DETECT/);
  });

  it('THEN CABLEBOT_USER_RATE and CABLEBOT_CHANNEL_RATE set the commands per minute (default 10 and 30), whole numbers from 1', () => {
    expect(parseConfig({}).rateLimits).toEqual({ userPerMinute: DEFAULT_USER_RATE, channelPerMinute: DEFAULT_CHANNEL_RATE });
    expect(parseConfig({ CABLEBOT_USER_RATE: '5', CABLEBOT_CHANNEL_RATE: ' 100 ' }).rateLimits).toEqual({ userPerMinute: 5, channelPerMinute: 100 });
    expect(parseConfig({ CABLEBOT_USER_RATE: '' }).rateLimits).toMatchObject({ userPerMinute: 10 });
    expect(() => parseConfig({ CABLEBOT_USER_RATE: '0' })).toThrow(/CABLEBOT_USER_RATE/);
    expect(() => parseConfig({ CABLEBOT_USER_RATE: '2.5' })).toThrow(/CABLEBOT_USER_RATE/);
    expect(() => parseConfig({ CABLEBOT_CHANNEL_RATE: 'lots' })).toThrow(/CABLEBOT_CHANNEL_RATE/);
  });

  it('THEN CABLEBOT_STATE_URL takes a postgres:// URL for the shared state, and a malformed one is named without repeating it (it holds a password)', () => {
    expect(parseConfig({}).stateUrl).toBeUndefined();
    expect(parseConfig({ CABLEBOT_STATE_URL: 'postgres://bot:pw@db.internal:5432/cablebot' }).stateUrl).toBe('postgres://bot:pw@db.internal:5432/cablebot');
    expect(parseConfig({ CABLEBOT_STATE_URL: 'postgresql://db/cablebot' }).stateUrl).toBe('postgresql://db/cablebot');
    for (const bad of ['mysql://bot:pw@db/cablebot', 'postgres//bot:pw@db', 'postgres://', 'db.internal:5432', 'postgres://bot:pw@db:99999/x']) {
      expect(() => parseConfig({ CABLEBOT_STATE_URL: bad })).toThrow('CABLEBOT_STATE_URL: a PostgreSQL URL (postgres://user:password@host:5432/database)');
    }
  });

  it('THEN CABLEBOT_LOG_LEVEL sets the log level (default info) and names the choices when wrong', () => {
    expect(parseConfig({}).logLevel).toBe('info');
    expect(parseConfig({ CABLEBOT_LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => parseConfig({ CABLEBOT_LOG_LEVEL: 'loud' })).toThrow(/CABLEBOT_LOG_LEVEL: one of debug, info, warn, error, silent/);
  });

  describe('WHEN the Discord shard variables are set', () => {
    const discord = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' };
    const shards = (env: Record<string, string>): unknown => parseConfig({ ...discord, ...env }).discord?.shards;

    it('THEN auto is the default; a count alone runs every shard; ids pick this process’s share (ranges and lists)', () => {
      expect(shards({})).toBe('auto');
      expect(shards({ DISCORD_SHARDS: 'auto' })).toBe('auto');
      expect(shards({ DISCORD_SHARD_COUNT: '4' })).toEqual({ count: 4, ids: [0, 1, 2, 3] });
      expect(shards({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0-1' })).toEqual({ count: 4, ids: [0, 1] });
      expect(shards({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '2-3' })).toEqual({ count: 4, ids: [2, 3] });
      expect(shards({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: ' 6, 0 ,2-3 ' })).toEqual({ count: 8, ids: [0, 2, 3, 6] });
    });

    it('THEN a shard outside the count, a malformed value or ids without a count stop start with one line naming the variable', () => {
      const line = (env: Record<string, string>): string => {
        try {
          parseConfig({ ...discord, ...env });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          return error instanceof Error ? error.message : String(error);
        }
        throw new Error('no ConfigError');
      };
      expect(line({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '2-4' })).toBe('DISCORD_SHARD_IDS: shard 4 is outside DISCORD_SHARD_COUNT=4 (ids run 0-3)');
      expect(line({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '7' })).toBe('DISCORD_SHARD_IDS: shard 7 is outside DISCORD_SHARD_COUNT=2 (ids run 0-1)');
      expect(line({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '3-1' })).toBe('DISCORD_SHARD_IDS: the range 3-1 runs backwards');
      expect(line({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0,0' })).toBe('DISCORD_SHARD_IDS: shard 0 is listed twice');
      expect(line({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: 'all' })).toBe('DISCORD_SHARD_IDS: "all" is not a shard id or a range (use 0-3 or 0,2)');
      expect(line({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0,' })).toBe('DISCORD_SHARD_IDS: "" is not a shard id or a range (use 0-3 or 0,2)');
      expect(line({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '-1' })).toMatch(/^DISCORD_SHARD_IDS: "-1" is not a shard id/);
      expect(line({ DISCORD_SHARD_IDS: '0-1' })).toBe('DISCORD_SHARD_COUNT: needed with DISCORD_SHARD_IDS (the shards of all processes together)');
      expect(line({ DISCORD_SHARD_COUNT: '0' })).toBe('DISCORD_SHARD_COUNT: at least 1');
      expect(line({ DISCORD_SHARD_COUNT: '2.5' })).toBe('DISCORD_SHARD_COUNT: a whole number of shards');
      expect(line({ DISCORD_SHARD_COUNT: 'four' })).toBe('DISCORD_SHARD_COUNT: a number of shards');
      expect(line({ DISCORD_SHARDS: '4' })).toMatch(/^DISCORD_SHARDS: auto \(the default\)/);
      expect(line({ DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '4' })).toMatch(/^DISCORD_SHARDS: auto cannot be combined with DISCORD_SHARD_COUNT/);
      expect(() => parseConfig({ DISCORD_SHARD_COUNT: '4' })).toThrow('DISCORD_TOKEN: needed with DISCORD_SHARD_COUNT');
    });
  });
});
