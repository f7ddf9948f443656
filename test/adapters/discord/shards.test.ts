/**
 * The Discord adapter sharded in one process: the real discord.js client against the fake
 * Discord holding several guilds, which routes each guild's events to its shard only. Every
 * guild is answered, once; one shard reconnecting leaves the others answering; Discord's
 * "sharding required" (4011) stops start with what to set.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/config.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import type { FakeDiscord, FakeDiscordRequest } from '../../fakes/discord.ts';
import { pause, startBot, type RunningBot } from './harness.ts';

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

/** The replies posted to message `id`. */
const repliesTo = (fake: FakeDiscord, id: string): FakeDiscordRequest[] =>
  fake.requests.filter((r) => r.method === 'POST' && r.status === 200 && /^\/channels\/\d+\/messages$/.test(r.path) && JSON.stringify(r.body).includes(`"message_id":"${id}"`));

/** Discord's routing, written out independently of the fake. */
const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

describe('GIVEN DISCORD_SHARD_COUNT=2 in one process and 4 guilds', () => {
  it('THEN both shards connect, each with its own guilds, and a hashtag in every guild is answered exactly once', async () => {
    running = await startBot(bot, { fake: { guilds: 4, maxConcurrency: 2 }, shards: { count: 2, ids: [0, 1] } });
    const { fake } = running;
    expect(running.running.notes[0]).toMatch(/shards 0, 1 of 2\./);
    expect(running.running.shards?.()).toEqual({ '0': 'up', '1': 'up' });
    expect(running.running.state()).toBe('up');
    expect(new Set(fake.guilds.map((g) => shardOf(g.id, 2)))).toEqual(new Set([0, 1]));
    const sent = fake.guilds.map((g) => fake.sendMessage({ content: 'see #cablegate #06MOSCOW754', channelId: g.textChannelId }));
    for (const m of sent) await fake.waitForRequest((r) => repliesTo(fake, m.id).includes(r), 5_000);
    await pause(300);
    for (const m of sent) expect(repliesTo(fake, m.id).map((r) => r.path)).toEqual([`/channels/${m.channel_id}/messages`]);
  });

  it('WHEN shard 1 loses its connection and cannot get back for a while THEN the shard list /healthz shows says so, shard 0’s guilds are still answered, and shard 1’s once it has resumed', async () => {
    running = await startBot(bot, { fake: { guilds: 4, replayOnResume: true, maxConcurrency: 2 }, shards: { count: 2, ids: [0, 1] } });
    const { fake } = running;
    const onShard = (shard: number): string => fake.guilds.find((g) => shardOf(g.id, 2) === shard)?.textChannelId ?? '';
    let release = (): void => undefined;
    fake.holdConnections(new Promise<void>((resolve) => (release = resolve)));
    fake.closeGateway(4000, 1);
    await expect.poll(() => running?.running.shards?.()).toEqual({ '0': 'up', '1': 'reconnecting' });
    expect(running.running.state()).toBe('reconnecting');

    const onZero = fake.sendMessage({ content: '#cablegate #06MOSCOW754', channelId: onShard(0) });
    const onOne = fake.sendMessage({ content: '#cablegate #06MOSCOW754', channelId: onShard(1) });
    await fake.waitForRequest((r) => repliesTo(fake, onZero.id).includes(r), 5_000);
    await pause(300);
    expect(repliesTo(fake, onOne.id)).toHaveLength(0);

    release();
    await fake.waitForRequest((r) => repliesTo(fake, onOne.id).includes(r), 10_000);
    await expect.poll(() => running?.running.shards?.()).toEqual({ '0': 'up', '1': 'up' });
    await pause(300);
    expect(repliesTo(fake, onZero.id)).toHaveLength(1);
    expect(repliesTo(fake, onOne.id)).toHaveLength(1);
    expect(running.log.lines.some((l) => l.message === 'discord gateway reconnecting' && l.fields?.['shard'] === 1)).toBe(true);
  }, 20_000);
});

describe('GIVEN a bot in more guilds than one shard may hold', () => {
  it('WHEN DISCORD_SHARD_COUNT=1 THEN start stops with the 4011 and what to set; with auto (the default) it runs the shards Discord recommends', async () => {
    await expect(startBot(bot, { fake: { guilds: 3, maxGuildsPerSession: 2 }, shards: { count: 1, ids: [0] } })).rejects.toThrow(ConfigError);
    await expect(startBot(bot, { fake: { guilds: 3, maxGuildsPerSession: 2 }, shards: { count: 1, ids: [0] } })).rejects.toThrow(
      /^Discord requires sharding \(gateway close 4011\).*DISCORD_SHARD_COUNT/,
    );
    running = await startBot(bot, { fake: { guilds: 3, maxGuildsPerSession: 2, recommendedShards: 2, maxConcurrency: 2 } });
    expect(running.running.shards?.()).toEqual({ '0': 'up', '1': 'up' });
    expect(running.fake.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  }, 20_000);
});
