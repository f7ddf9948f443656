/**
 * Operations on the Discord adapter: the rate limit on slash commands, end to end through
 * the real discord.js client and the loopback fake Discord.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EPHEMERAL } from '../../../adapters/discord/render.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { callbackOf, startBot, type RunningBot } from './harness.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

let running: RunningBot | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const callbackSchema = z.object({ type: z.literal(4), data: z.looseObject({ content: z.string().optional(), flags: z.number().optional(), embeds: z.array(z.looseObject({ title: z.string().optional() })).optional() }) });

describe('GIVEN the Discord adapter with the default limits (10 commands per user per minute)', () => {
  it('WHEN one user sends /cable 11 times in a minute THEN the first 10 get the card AND the 11th only a private slow-down with the wait', async () => {
    running = await startBot(bot, { rateLimits: { userPerMinute: 10, channelPerMinute: 30 } });
    const b = running;
    const bodies: z.infer<typeof callbackSchema>[] = [];
    for (let i = 0; i < 11; i++) {
      const interaction = b.fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754' }] });
      const request = await b.fake.waitForRequest(callbackOf(interaction));
      expect(request.status).toBe(204);
      bodies.push(callbackSchema.parse(request.body));
    }
    for (const body of bodies.slice(0, 10)) {
      expect(body.data.embeds?.[0]?.title).toMatch(/^06MOSCOW754 — /);
      expect(body.data.flags ?? 0).toBe(0);
    }
    const last = bodies[10];
    expect(last?.data.flags).toBe(EPHEMERAL);
    expect(last?.data.content).toMatch(/Slow down a little: .* Try again in (59|60) s\./);
    expect(last?.data.embeds ?? []).toEqual([]);
    expect(b.log.lines.filter((l) => l.message === 'rate-limited')).toMatchObject([{ level: 'info', fields: { command: 'cable', scope: 'user' } }]);
  }, 30_000);
});
