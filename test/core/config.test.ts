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
});
