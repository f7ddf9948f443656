/**
 * One bot's 4 Discord shards split over 2 real processes (`node bin/cablebot.js start`, as on
 * two machines: `DISCORD_SHARD_COUNT=4`, `DISCORD_SHARD_IDS` 0-1 and 2-3), against one fake
 * Discord with 8 guilds that routes each guild's events to shard `(guild_id >> 22) % 4` and
 * enforces `max_concurrency` 2. Every guild is answered once; which process answers which
 * guilds shows when one is killed: the other's guilds still are, its own are not, until it
 * is started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordRequest } from '../fakes/discord.ts';
import { startFakeSlack } from '../fakes/slack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'cablebot.js');
const DISCORD_TOKEN = 'fake-bot-token.shards';
/** Start-up on a loaded machine, plus up to one identify cycle (2 turns of 6 s) for the shards' slot. */
const STARTUP_MS = 45_000;

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Proc {
  readonly child: ChildProcess;
  stderr(): string;
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  readonly exited: Promise<unknown>;
}

/** `cablebot start` with only `env` configuring it; SIGKILLed at the end if still running. */
function startProcess(env: Readonly<Record<string, string>>): Proc {
  const { dir, cleanup } = tempDir('shards');
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DISCORD_|SLACK_|CABLEBOT_|PORT$)/.test(key)));
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: { ...inherited, CABLEBOT_DB: bot.dbPath, CABLEBOT_SETTINGS_DB: join(dir, 'settings.db'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  let done = false;
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      done = true;
      resolve();
    }),
  );
  cleanups.push(cleanup, async () => {
    if (!done) child.kill('SIGKILL');
    await exited;
  });
  return {
    child,
    stderr: () => err,
    exited,
    waitForStderr: async (pattern) => {
      const deadline = Date.now() + STARTUP_MS;
      for (;;) {
        const found = pattern.exec(err);
        if (found !== null) return found;
        if (done) throw new Error(`cablebot exited before printing ${String(pattern)}; stderr:\n${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; stderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Discord's routing, written out independently of the fake. */
const shardOf = (guildId: string): number => Number((BigInt(guildId) >> 22n) % 4n);

/** The successful replies to message `id`. */
const repliesTo = (fake: FakeDiscord, id: string): FakeDiscordRequest[] =>
  fake.requests.filter((r) => r.method === 'POST' && r.status === 200 && /^\/channels\/\d+\/messages$/.test(r.path) && JSON.stringify(r.body).includes(`"message_id":"${id}"`));

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const Health = z.looseObject({ status: z.string(), discord: z.string(), discordShards: z.record(z.string(), z.string()) });

describe('GIVEN DISCORD_SHARD_COUNT=4 split over two cablebot processes (0-1 and 2-3) and 8 guilds', () => {
  it('THEN every guild’s message is answered exactly once; killed, a process’s guilds go unanswered while the other’s are answered; restarted, they are answered again, none twice', async () => {
    const discord = await startFakeDiscord({ token: DISCORD_TOKEN, guilds: 8, maxConcurrency: 2 });
    cleanups.push(() => discord.close());
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    expect(new Set(discord.guilds.map((g) => shardOf(g.id)))).toEqual(new Set([0, 1, 2, 3]));
    const common = { DISCORD_TOKEN, DISCORD_APPLICATION_ID: discord.ids.applicationId, DISCORD_API_URL: discord.apiUrl, DISCORD_SHARD_COUNT: '4' };
    // The first process also serves Slack over HTTP, for its /healthz.
    const first = startProcess({ ...common, DISCORD_SHARD_IDS: '0-1', SLACK_BOT_TOKEN: 'xoxb-shards', SLACK_SIGNING_SECRET: 'shards-secret', SLACK_API_URL: slack.apiUrl, PORT: '0' });
    // The second runs Discord alone: PORT gives it a health server of its own.
    const startSecond = (): Proc => startProcess({ ...common, DISCORD_SHARD_IDS: '2-3', PORT: '0' });
    let second = startSecond();
    await first.waitForStderr(/Discord: logged in as .*, shards 0, 1 of 4\./);
    await second.waitForStderr(/Discord: logged in as .*, shards 2, 3 of 4\./);
    expect(discord.liveShards()).toEqual([0, 1, 2, 3]);
    expect(discord.identifies.filter((i) => i.outcome !== 'ready'), 'identifies refused by max_concurrency').toEqual([]);

    const port = (await first.waitForStderr(/listening on :(\d+)\/slack\/events/))[1] ?? '';
    const health = Health.parse(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json());
    expect(health).toMatchObject({ status: 'ok', discord: 'up', discordShards: { '0': 'up', '1': 'up' } });
    expect(Object.keys(health.discordShards)).toEqual(['0', '1']);
    const ownPort = (await second.waitForStderr(/Health: listening on :(\d+)\/healthz/))[1] ?? '';
    const own = await fetch(`http://127.0.0.1:${ownPort}/healthz`);
    expect(own.status).toBe(200);
    const ownHealth = Health.parse(await own.json());
    expect(ownHealth).toMatchObject({ status: 'ok', corpus: 'ok', discord: 'up', discordShards: { '2': 'up', '3': 'up' } });
    expect(ownHealth).not.toHaveProperty('slack');
    expect((await fetch(`http://127.0.0.1:${ownPort}/slack/events`, { method: 'POST' })).status).toBe(404);

    /** Sends one hashtag message to every guild and returns them with the guild's shard. */
    const round = (content: string): { shard: number; id: string }[] =>
      discord.guilds.map((g) => ({ shard: shardOf(g.id), id: discord.sendMessage({ content, channelId: g.textChannelId }).id }));
    const answered = async (sent: { id: string }[]): Promise<void> => {
      for (const m of sent) await discord.waitForRequest((r) => repliesTo(discord, m.id).includes(r), 10_000);
    };

    const both = round('#cablegate #06MOSCOW754');
    await answered(both);

    // The second process dies without a word (SIGKILL): Discord just sees its sockets go.
    second.child.kill('SIGKILL');
    await second.exited;
    await expect.poll(() => discord.liveShards(), { timeout: 10_000 }).toEqual([0, 1]);
    const whileDown = round('#cablegate #08STATE43817');
    await answered(whileDown.filter((m) => m.shard < 2));
    await pause(500);
    for (const m of whileDown) expect(repliesTo(discord, m.id), `shard ${m.shard}`).toHaveLength(m.shard < 2 ? 1 : 0);

    second = startSecond();
    await second.waitForStderr(/shards 2, 3 of 4\./);
    await expect.poll(() => discord.liveShards(), { timeout: 10_000 }).toEqual([0, 1, 2, 3]);
    const again = round('06MOSCOW754 ¶2');
    await answered(again);
    await pause(500);
    for (const m of [...both, ...again]) expect(repliesTo(discord, m.id), `shard ${m.shard}`).toHaveLength(1);
    expect(discord.identifies.filter((i) => i.outcome !== 'ready'), 'identifies refused by max_concurrency').toEqual([]);
  }, 120_000);
});
