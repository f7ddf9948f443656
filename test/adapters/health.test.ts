/**
 * `/healthz` on a server of its own (a process without Slack's HTTP receiver: Discord alone, or
 * Slack in Socket Mode), over the real fixture store and the real embedded state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from '../../adapters/health-server.ts';
import type { ConnectionState } from '../../adapters/platform.ts';
import { SqliteSettings } from '../../src/core/settings.ts';
import { EmbeddedState } from '../../src/core/state/embedded.ts';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';

let bot: FixtureBot;
let state: EmbeddedState;
let server: HealthServer;
let discord: ConnectionState = 'starting';
let shards: Record<string, ConnectionState> = {};

beforeAll(async () => {
  bot = await openFixtureBot();
  state = new EmbeddedState({ settings: new SqliteSettings(':memory:') });
  server = await startHealthServer({ corpus: bot.ctx.corpus, state, platforms: () => ({ discord }), shards: () => ({ discord: shards }) }, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close();
  await state.close();
  bot.close();
});

const get = async (path = '/healthz', method = 'GET'): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type') === 'application/json' && text !== '' ? JSON.parse(text) : text };
};

describe('GIVEN the health server of a Discord-only process', () => {
  it('THEN it is 503 until a platform is up, ok when every shard is, degraded (200) while one reconnects, 503 when none answers', async () => {
    expect(await get()).toEqual({ status: 503, body: { status: 'unavailable', corpus: 'ok', cables: bot.ctx.corpus.count(), discord: 'starting', discordShards: {} } });
    discord = 'up';
    shards = { '2': 'up', '3': 'up' };
    expect(await get()).toEqual({ status: 200, body: { status: 'ok', corpus: 'ok', cables: bot.ctx.corpus.count(), discord: 'up', discordShards: shards } });
    // The adapter reports the worst of its shards; the process still answers on the others.
    discord = 'reconnecting';
    shards = { '2': 'up', '3': 'reconnecting' };
    expect(await get()).toMatchObject({ status: 200, body: { status: 'degraded', discord: 'reconnecting', discordShards: { '2': 'up', '3': 'reconnecting' } } });
    shards = { '2': 'reconnecting', '3': 'reconnecting' };
    expect(await get()).toMatchObject({ status: 503, body: { status: 'unavailable' } });
  });

  it('THEN anything but GET or HEAD /healthz is a 404', async () => {
    discord = 'up';
    shards = { '2': 'up' };
    expect((await get('/')).status).toBe(404);
    expect((await get('/slack/events', 'POST')).status).toBe(404);
    expect((await get('/healthz', 'POST')).status).toBe(404);
    expect((await get('/healthz', 'HEAD')).status).toBe(200);
  });
});
