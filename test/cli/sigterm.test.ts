/**
 * SIGTERM to the real process (what systemd, Docker and Kubernetes send to stop the bot), and its health check:
 * `node bin/cablebot.js start` as a child, on a small fixture store, talking to the loopback
 * fake Slack (HTTP mode) or fake Discord run by this test. With a reply held in flight by the
 * fake, the reply must still arrive, exactly once; then the child must close its connections
 * and databases and exit 0 by itself, not be killed by the signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DRAIN_MS } from '../../adapters/in-flight.ts';
import { SHUTDOWN_MS } from '../../src/cli/main.ts';
import { openFixtureBot, type FixtureBot } from '../core/bot-fixture.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.ts';
import { signedPost, startFakeSlack, type FakeSlack } from '../fakes/slack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'cablebot.js');
const SIGNING_SECRET = 'sigterm-secret';
const DISCORD_TOKEN = 'fake-bot-token.sigterm';
/** Start-up (the ID index, the first compile of the entry point on a fresh checkout) on a loaded machine. */
const STARTUP_MS = 30_000;

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One line of the child's pino log. */
const LogLine = z.looseObject({ level: z.number(), msg: z.string() });
type LogLine = z.infer<typeof LogLine>;

interface Bot {
  readonly child: ChildProcess;
  /** Where its settings database lives (WAL mode: `-wal`/`-shm` beside it while it is open). */
  readonly settingsDb: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Its pino log lines so far (the start-up notes are plain lines and are skipped). */
  log(): LogLine[];
  /** Resolves with the first match of `pattern` in stderr. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the child has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it has exited yet. */
  running(): boolean;
}

/** `node bin/cablebot.js start` in the repo, with only `env` configuring it (none of the caller's platform variables). */
function startBot(env: Readonly<Record<string, string>>): Bot {
  const { dir, cleanup } = tempDir('sigterm');
  const settingsDb = join(dir, 'settings.db');
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DISCORD_|SLACK_|CABLEBOT_|PORT$)/.test(key)));
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: { ...inherited, CABLEBOT_DB: bot.dbPath, CABLEBOT_SETTINGS_DB: settingsDb, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  let done = false;
  const grew: (() => void)[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const wake of grew.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      for (const wake of grew.splice(0)) wake();
      resolve({ code, signal });
    }),
  );
  cleanups.push(cleanup, async () => {
    if (done) return;
    child.kill('SIGKILL');
    await exited;
  });
  const waitForStderr = async (pattern: RegExp, timeoutMs = STARTUP_MS): Promise<RegExpExecArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = pattern.exec(err);
      if (found !== null) return found;
      if (done) throw new Error(`cablebot exited before printing ${String(pattern)}; stderr:\n${err}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; stderr:\n${err}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        grew.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const log = (): LogLine[] =>
    err.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      const parsed = LogLine.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    });
  return { child, settingsDb, stderr: () => err, log, waitForStderr, exited, running: () => !done };
}

/** A gate: `arrived` resolves when the fake holds a request, `release()` lets it through. */
function gate(): { hold: () => Promise<void>; arrived: Promise<void>; release: () => void } {
  let arrive = (): void => undefined;
  let release = (): void => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  cleanups.push(() => release());
  return {
    hold: () => {
      arrive();
      return released;
    },
    arrived,
    release,
  };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then the exit and how long it took. */
async function terminate(b: Bot): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const began = Date.now();
  b.child.kill('SIGTERM');
  const exit = await b.exited;
  return { ...exit, ms: Date.now() - began };
}

const messages = (b: Bot): string[] => b.log().map((l) => l.msg);

async function fakeSlack(): Promise<FakeSlack> {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  return fake;
}

async function startSlackBot(fake: FakeSlack): Promise<{ b: Bot; events: string }> {
  const b = startBot({ SLACK_BOT_TOKEN: 'xoxb-sigterm', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' });
  const port = (await b.waitForStderr(/listening on :(\d+)\/slack\/events/))[1] ?? '';
  return { b, events: `http://127.0.0.1:${port}/slack/events` };
}

describe('GIVEN cablebot start on Slack (HTTP mode) with a /cable answer in flight (the response_url slow to answer)', () => {
  it('WHEN it gets SIGTERM THEN the answer arrives exactly once, it logs stopping, closes its databases and exits 0 by itself', async () => {
    const fake = await fakeSlack();
    const { b, events } = await startSlackBot(fake);
    const slow = gate();
    const responseUrl = fake.responseUrl('sigterm');
    fake.delay((r) => r.path === '/response/sigterm', slow.hold, 1);
    const posted = await signedPost(events, fake.slashCommand({ text: '06MOSCOW754', responseUrl }), { signingSecret: SIGNING_SECRET, form: true });
    expect(posted.status).toBe(200);
    await slow.arrived;
    // Open: SQLite keeps a WAL file beside the settings database.
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(true);

    const stopped = terminate(b);
    await b.waitForStderr(/"msg":"slack: waiting for replies in flight"/, 5_000);
    expect(b.running()).toBe(true);
    slow.release();
    const exit = await stopped;

    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
    const answers = fake.responsePosts.filter((p) => p.id === 'sigterm');
    expect(answers.map((p) => p.status)).toEqual([200]);
    expect(answers[0]?.body).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^06MOSCOW754 — /) });
    expect(messages(b)).toEqual(expect.arrayContaining(['slack adapter started', 'stopping', 'slack: waiting for replies in flight']));
    expect(b.log().filter((l) => l.level >= 40)).toEqual([]);
    // Closed cleanly: the last connection's close checkpoints the WAL and removes it.
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(false);
  }, 60_000);

  it('WHEN the answer never finishes THEN the drain gives up after 5 s, and the process, held by that request, exits 0 at the shutdown bound', async () => {
    const fake = await fakeSlack();
    const { b, events } = await startSlackBot(fake);
    const never = gate();
    fake.delay((r) => r.path === '/response/never', never.hold, 1);
    await signedPost(events, fake.slashCommand({ text: '06MOSCOW754', responseUrl: fake.responseUrl('never') }), { signingSecret: SIGNING_SECRET, form: true });
    await never.arrived;

    const exit = await terminate(b);
    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeGreaterThanOrEqual(SHUTDOWN_MS - 100);
    expect(exit.ms).toBeLessThan(SHUTDOWN_MS + 4_000);
    expect(b.log().filter((l) => l.level >= 40)).toMatchObject([
      { level: 40, msg: 'slack: stopped with replies still in flight', replies: 1, waitedMs: DRAIN_MS },
      { level: 40, msg: 'stopped, but still held by work abandoned in flight: exiting', afterMs: SHUTDOWN_MS },
    ]);
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(false);
  }, 60_000);

  it('WHEN a second signal comes while it waits for the answer THEN it exits 1 at once, saying so', async () => {
    const fake = await fakeSlack();
    const { b, events } = await startSlackBot(fake);
    const slow = gate();
    fake.delay((r) => r.path === '/response/impatient', slow.hold, 1);
    await signedPost(events, fake.slashCommand({ text: '06MOSCOW754', responseUrl: fake.responseUrl('impatient') }), { signingSecret: SIGNING_SECRET, form: true });
    await slow.arrived;

    b.child.kill('SIGTERM');
    await b.waitForStderr(/"msg":"slack: waiting for replies in flight"/, 5_000);
    const exit = await terminate(b);
    expect(exit, b.stderr()).toMatchObject({ code: 1, signal: null });
    expect(exit.ms).toBeLessThan(2_000);
    expect(b.log().filter((l) => l.level >= 40)).toMatchObject([{ level: 40, msg: 'second signal while stopping: exiting now', signal: 'SIGTERM' }]);
  }, 60_000);
});

describe('GIVEN cablebot start on Slack with nothing in flight', () => {
  it('WHEN it gets SIGTERM THEN it exits 0 promptly, its databases closed', async () => {
    const fake = await fakeSlack();
    const { b } = await startSlackBot(fake);
    const exit = await terminate(b);
    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(2_000);
    expect(messages(b)).toContain('stopping');
    expect(messages(b)).not.toContain('slack: waiting for replies in flight');
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(false);
  }, 60_000);
});

async function startDiscordBot(): Promise<{ b: Bot; fake: FakeDiscord }> {
  const fake = await startFakeDiscord({ token: DISCORD_TOKEN });
  cleanups.push(() => fake.close());
  const b = startBot({ DISCORD_TOKEN, DISCORD_APPLICATION_ID: fake.ids.applicationId, DISCORD_API_URL: fake.apiUrl });
  await b.waitForStderr(/Discord: logged in as /);
  return { b, fake };
}

describe('GIVEN cablebot start on Discord with a /cable reply in flight (the interaction callback slow to answer)', () => {
  it('WHEN it gets SIGTERM THEN the reply is delivered exactly once and it exits 0 by itself, its gateway session closed', async () => {
    const { b, fake } = await startDiscordBot();
    const slow = gate();
    fake.delay((r) => r.path.startsWith('/interactions/'), slow.hold, 1);
    const interaction = fake.sendInteraction({ commandName: 'cable', options: [{ name: 'ref', value: '06MOSCOW754' }] });
    await slow.arrived;

    const stopped = terminate(b);
    await b.waitForStderr(/"msg":"discord: waiting for replies in flight"/, 5_000);
    expect(b.running()).toBe(true);
    slow.release();
    const exit = await stopped;

    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
    const callbacks = fake.requests.filter((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(callbacks.map((r) => r.status)).toEqual([204]);
    expect(callbacks[0]?.body).toMatchObject({ type: 4, data: { embeds: [{ title: expect.stringMatching(/^06MOSCOW754 — /) }] } });
    expect(messages(b)).toEqual(expect.arrayContaining(['discord adapter started', 'stopping', 'discord: waiting for replies in flight']));
    expect(b.log().filter((l) => l.level >= 40)).toEqual([]);
    expect(() => fake.sendMessage({ content: '06MOSCOW754' })).toThrow(/no identified gateway session/);
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(false);
  }, 60_000);

  it('WHEN SIGTERM comes while it is still logging in THEN it finishes starting, stops at once and exits 0', async () => {
    const fake = await startFakeDiscord({ token: DISCORD_TOKEN });
    cleanups.push(() => fake.close());
    const login = gate();
    fake.delay((r) => r.path === '/gateway/bot', login.hold, 1);
    const b = startBot({ DISCORD_TOKEN, DISCORD_APPLICATION_ID: fake.ids.applicationId, DISCORD_API_URL: fake.apiUrl });
    await login.arrived;
    const stopped = terminate(b);
    await pause(200);
    login.release();
    const exit = await stopped;
    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
    expect(messages(b)).toEqual(expect.arrayContaining(['discord adapter started', 'stopping']));
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(false);
  }, 60_000);

  it('WHEN nothing is in flight THEN SIGTERM makes it exit 0 promptly', async () => {
    const { b } = await startDiscordBot();
    const exit = await terminate(b);
    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(2_000);
    expect(existsSync(`${b.settingsDb}-wal`)).toBe(false);
  }, 60_000);
});

describe('GIVEN cablebot start on both platforms (Slack in HTTP mode and Discord) in one process', () => {
  const Health = z.strictObject({ status: z.string(), corpus: z.string(), cables: z.number().nullable(), slack: z.string(), discord: z.string(), discordShards: z.record(z.string(), z.string()) });
  const healthz = async (events: string): Promise<{ code: number; body: z.infer<typeof Health> }> => {
    const response = await fetch(events.replace('/slack/events', '/healthz'));
    return { code: response.status, body: Health.parse(await response.json()) };
  };

  it('WHEN GET /healthz THEN it reports Discord’s gateway too, and each of its shards: up, then down (degraded, still 200 for Slack) once Discord ends the session; SIGTERM exits 0', async () => {
    const slack = await fakeSlack();
    const discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    cleanups.push(() => discord.close());
    const b = startBot({
      SLACK_BOT_TOKEN: 'xoxb-sigterm',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: discord.ids.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    });
    const port = (await b.waitForStderr(/listening on :(\d+)\/slack\/events/))[1] ?? '';
    await b.waitForStderr(/Discord: logged in as /);
    const events = `http://127.0.0.1:${port}/slack/events`;
    expect(await healthz(events)).toEqual({ code: 200, body: { status: 'ok', corpus: 'ok', cables: bot.store.count(), slack: 'up', discord: 'up', discordShards: { '0': 'up' } } });

    // 4004 (authentication failed): discord.js does not reconnect.
    discord.closeGateway(4004);
    await expect.poll(async () => (await healthz(events)).body.discord, { timeout: 10_000 }).toBe('down');
    expect(await healthz(events)).toEqual({ code: 200, body: { status: 'degraded', corpus: 'ok', cables: bot.store.count(), slack: 'up', discord: 'down', discordShards: { '0': 'down' } } });

    const exit = await terminate(b);
    expect(exit, b.stderr()).toMatchObject({ code: 0, signal: null });
  }, 60_000);
});
