/**
 * The fake Discord shards as Discord does, proven with the real discord.js 14 (and a raw
 * WebSocket where discord.js would never send what is checked): a guild's events go to shard
 * `(guild_id >> 22) % count` only; a shard outside its count is closed with 4010; a session
 * holding more guilds than allowed with 4011; and identifies faster than `max_concurrency`
 * per 5 s get INVALID_SESSION.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits, GatewayOpcodes, type Message } from 'discord.js';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { startFakeDiscord, type FakeDiscord } from './discord.ts';

const TOKEN = 'fake-bot-token.for-tests';
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeDiscord(options: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ token: TOKEN, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

/** A discord.js client running `shards` of the bot, logged in and past `clientReady`. */
async function shardedClient(fake: FakeDiscord, shards: { shards: number[] | 'auto'; shardCount?: number }): Promise<Client<true>> {
  const client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl }, ...shards });
  cleanups.push(() => client.destroy());
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  return ready;
}

/** Discord's routing, written out here independently of the fake: the snowflake's timestamp bits modulo the count. */
const expectedShard = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

const Payload = z.looseObject({ op: z.number(), d: z.unknown() });

/** A raw gateway connection: HELLO, then one IDENTIFY for `shard`; resolves with what the fake answered first. */
async function rawIdentify(fake: FakeDiscord, shard: [number, number]): Promise<{ op: number } | { close: number }> {
  const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  cleanups.push(async () => socket.close());
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', (code) => resolve({ close: code }));
    socket.on('message', (data) => {
      const payload = Payload.parse(JSON.parse(String(data)));
      if (payload.op === Number(GatewayOpcodes.Hello)) {
        socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: TOKEN, intents: 1, properties: {}, shard } }));
      } else {
        resolve({ op: payload.op });
      }
    });
  });
}

describe('GIVEN a fake Discord with 6 guilds', () => {
  it('WHEN two clients run shard 0 and shard 1 of 2 THEN each holds exactly the guilds of its shard AND a message in any guild reaches only the client of its shard', async () => {
    const fake = await fakeDiscord({ guilds: 6 });
    expect(new Set(fake.guilds.map((g) => expectedShard(g.id, 2)))).toEqual(new Set([0, 1]));
    const clients = [await shardedClient(fake, { shards: [0], shardCount: 2 }), await shardedClient(fake, { shards: [1], shardCount: 2 })];
    clients.forEach((client, shard) => {
      const mine = fake.guilds.filter((g) => expectedShard(g.id, 2) === shard).map((g) => g.id);
      expect([...client.guilds.cache.keys()].sort()).toEqual(mine.sort());
    });
    const received: { shard: number; message: Message }[] = [];
    clients.forEach((client, shard) => client.on(Events.MessageCreate, (message) => received.push({ shard, message })));
    for (const guild of fake.guilds) fake.sendMessage({ content: `hello ${guild.id}`, channelId: guild.textChannelId });
    await expect.poll(() => received.length).toBe(fake.guilds.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(fake.guilds.length);
    for (const { shard, message } of received) {
      expect(message.guildId).not.toBeNull();
      expect(shard).toBe(expectedShard(message.guildId ?? '', 2));
      expect(message.content).toBe(`hello ${message.guildId ?? ''}`);
    }
    expect(fake.liveShards()).toEqual([0, 1]);
  });

  it('WHEN an unsharded client logs in while one session may hold only 4 guilds THEN the fake closes it with 4011 (sharding required); with shards: auto it follows /gateway/bot and connects', async () => {
    const fake = await fakeDiscord({ guilds: 6, maxGuildsPerSession: 4, recommendedShards: 2, maxConcurrency: 2 });
    const client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl }, shards: [0], shardCount: 1 });
    cleanups.push(() => client.destroy());
    const closed = new Promise<number>((resolve) => client.once(Events.ShardDisconnect, (event) => resolve(event.code)));
    void client.login(TOKEN).catch(() => undefined);
    expect(await closed).toBe(4011);
    expect(fake.identifies).toEqual([{ shard: [0, 1], at: expect.any(Number), outcome: 'sharding-required' }]);
    const auto = await shardedClient(fake, { shards: 'auto' });
    expect(auto.ws.shards.size).toBe(2);
    expect(auto.guilds.cache.size).toBe(6);
    expect(fake.liveShards()).toEqual([0, 1]);
  });

  it('WHEN an IDENTIFY names a shard outside its count THEN the fake closes with 4010', async () => {
    const fake = await fakeDiscord({ guilds: 2 });
    expect(await rawIdentify(fake, [2, 2])).toEqual({ close: 4010 });
    expect(fake.identifies.map((i) => i.outcome)).toEqual(['invalid-shard']);
  });
});

describe('GIVEN a fake Discord with max_concurrency 2', () => {
  it('WHEN two identifies of one bucket come within 5 s THEN the second gets INVALID_SESSION; another bucket is let in at once', async () => {
    const fake = await fakeDiscord({ guilds: 4, maxConcurrency: 2 });
    expect(await rawIdentify(fake, [0, 4])).toEqual({ op: Number(GatewayOpcodes.Dispatch) });
    expect(await rawIdentify(fake, [1, 4])).toEqual({ op: Number(GatewayOpcodes.Dispatch) });
    expect(await rawIdentify(fake, [2, 4])).toEqual({ op: Number(GatewayOpcodes.InvalidSession) });
    expect(fake.identifies.map((i) => `${i.shard[0]} ${i.outcome}`)).toEqual(['0 ready', '1 ready', '2 rate-limited']);
  });

  it('WHEN discord.js runs 4 shards THEN it identifies two at a time, 5 s apart, and the fake refuses none', async () => {
    const fake = await fakeDiscord({ guilds: 8, maxConcurrency: 2, recommendedShards: 4 });
    const client = await shardedClient(fake, { shards: 'auto' });
    expect(client.guilds.cache.size).toBe(8);
    const at = new Map(fake.identifies.map((i) => [i.shard[0], i.at]));
    expect(fake.identifies.every((i) => i.outcome === 'ready')).toBe(true);
    expect([...at.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Shard 2 shares shard 0's bucket, shard 3 shard 1's.
    expect((at.get(2) ?? 0) - (at.get(0) ?? 0)).toBeGreaterThanOrEqual(5_000);
    expect((at.get(3) ?? 0) - (at.get(1) ?? 0)).toBeGreaterThanOrEqual(5_000);
  }, 20_000);
});
