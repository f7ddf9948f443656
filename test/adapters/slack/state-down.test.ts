/**
 * The shared state's server stopped while the bot runs: the real Slack adapter (HTTP mode) on a
 * PostgreSQL state, against a real PostgreSQL of this file's own (stopping the run's shared
 * server would pull it from under the other files). While it is down, explicit commands are
 * answered, settings hold from the mirror, /healthz says `state: down` with the reason; when it
 * is back the bot reconnects by itself, writes the change made meanwhile, and nothing stored
 * before is lost.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HEALTH_PATH } from '../../../adapters/slack/index.ts';
import { PostgresState } from '../../../src/core/state/postgres/index.ts';
import type { StateHealth } from '../../../src/core/state/state.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { createDatabase, startPostgres, type OwnPostgres } from '../../support/postgres.ts';
import { settle, startSlackBot, type SlackBot } from './harness.ts';

let bot: FixtureBot;
let server: OwnPostgres;
beforeAll(async () => {
  [bot, server] = await Promise.all([openFixtureBot(), startPostgres()]);
});
afterAll(async () => {
  bot.close();
  await server.destroy();
});

const healthSchema = z.object({ status: z.string(), corpus: z.string(), slack: z.string(), state: z.string().optional(), stateReason: z.string().optional() });

async function healthz(b: SlackBot): Promise<{ code: number; body: z.infer<typeof healthSchema> }> {
  const response = await fetch(b.eventsUrl.replace('/slack/events', HEALTH_PATH));
  return { code: response.status, body: healthSchema.parse(await response.json()) };
}

const OFF_CHANNEL = 'C05QUIETCH';
const LATER_CHANNEL = 'C06LATERCH';

describe('GIVEN the Slack adapter on a PostgreSQL state', () => {
  it('WHEN the server stops and starts again THEN commands are answered throughout, healthz says down with the reason, and the bot recovers by itself with nothing lost', async () => {
    const url = await createDatabase(server, 'down');
    const changes: StateHealth[] = [];
    const state = await PostgresState.open({ url, retryMs: 200, rateLimits: { userPerMinute: 100, channelPerMinute: 100 }, onStateChange: (h) => changes.push(h) });
    const b = await startSlackBot(bot, 'http', { state });
    const direct = new pg.Client({ connectionString: url });
    try {
      state.settings.setAutoDetect('slack', OFF_CHANNEL, false, 'U1');
      expect(await state.settings.flush()).toBe(true);
      expect(await healthz(b)).toMatchObject({ code: 200, body: { status: 'ok', state: 'up' } });

      await server.stop();
      await expect.poll(async () => (await healthz(b)).body.state, { timeout: 10_000, interval: 100 }).toBe('down');
      const down = await healthz(b);
      expect(down.code).toBe(200);
      expect(down.body.status).toBe('degraded');
      expect(down.body.stateReason).toMatch(/\S/);

      // An explicit command: rate limits and the repeat guard answer from memory.
      const lookup = b.fake.slashCommand({ text: '06MOSCOW754' });
      await b.command(lookup);
      expect((await b.fake.waitForResponsePost((p) => p.url === lookup['response_url'], 5_000)).body).toMatchObject({ response_type: 'in_channel' });
      // Automatic answers go on where they are on, and stay off where the mirror says so.
      const message = b.fake.messageEvent({ text: '#06MOSCOW754' });
      await b.event(b.fake.eventCallback(message));
      await b.event(b.fake.eventCallback(b.fake.messageEvent({ text: '#06MOSCOW754', channel: OFF_CHANNEL })));
      await b.fake.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === message['ts'], 5_000);
      await settle();
      expect(b.fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args['channel'])).toEqual([b.fake.ids.channelId]);
      // A change made while down holds here at once and waits to be stored.
      state.settings.setAutoDetect('slack', LATER_CHANNEL, false, 'U1');
      expect(state.settings.autoDetect('slack', LATER_CHANNEL)).toBe(false);
      expect(await state.settings.flush(300)).toBe(false);

      await server.start();
      await expect.poll(async () => (await healthz(b)).body, { timeout: 15_000, interval: 100 }).toMatchObject({ status: 'ok', state: 'up' });
      expect((await healthz(b)).body.stateReason).toBeUndefined();
      expect(await state.settings.flush()).toBe(true);
      await direct.connect();
      const rows = await direct.query<{ channel_id: string; auto_detect: boolean }>('SELECT channel_id, auto_detect FROM channel_settings ORDER BY channel_id');
      expect(rows.rows).toEqual([
        { channel_id: OFF_CHANNEL, auto_detect: false },
        { channel_id: LATER_CHANNEL, auto_detect: false },
      ]);
      expect(changes.map((c) => c.state)).toEqual(['down', 'up']);
      // And the shared guard works again: a claim made now is seen in the database.
      const again = b.fake.slashCommand({ text: '06MOSCOW754 ¶2' });
      await b.command(again);
      await b.fake.waitForResponsePost((p) => p.url === again['response_url'], 5_000);
      expect((await direct.query('SELECT count(*)::int AS n FROM rate_windows')).rows).toEqual([{ n: 2 }]);
    } finally {
      await direct.end().catch(() => undefined);
      await b.close();
      await state.close();
    }
  });
});
