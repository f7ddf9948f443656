/**
 * Discord sharded over two bot processes under load (`npm run load -- --shards N`): one fake
 * Discord holding several guilds, which routes each guild's events to shard
 * `(guild_id >> 22) % N` only; process A runs shards 0…N/2−1, process B the rest (each with
 * `DISCORD_SHARD_COUNT=N` and its `DISCORD_SHARD_IDS`, as on two machines). MESSAGE_CREATE
 * events with hashtags go to every guild in three phases:
 *
 * 1. both processes up: every expected answer posted once;
 * 2. B killed with SIGKILL (no goodbye: Discord just sees its sockets go): A's guilds are still
 *    answered; B's guilds' events have no session to go to, and Discord drops them;
 * 3. B started again (new sessions, identify turns taken from the clock): every guild answered
 *    again, once.
 *
 * "Expected" follows the repeat guard (one answer per cable per channel), which lives in each
 * process's memory: a restarted B starts with an empty one, so a cable B answered in phase 1 is
 * answered again in phase 3 — counted apart (`repeatsAfterRestart`), not as a duplicate. A
 * duplicate is one message answered twice. 429s and 500s are injected on some answers.
 */
import { performance } from 'node:perf_hooks';
import type { FakeDiscord, FakeDiscordRequest } from '../../test/fakes/discord.ts';
import { pause, settle, type FaultPlan, type RunFigures } from './slack.ts';
import { repliesTo, tallyReplies, type SentMessage } from './discord.ts';
import type { ChatMessage } from './workload.ts';

/** A bot process as the load run holds it. */
export interface ShardProcess {
  readonly readyMs: number;
  kill(): Promise<void>;
  rssMb(): Promise<number>;
  stop(): Promise<number | null>;
}

/** Options of {@link runShardedDiscordLoad}. */
export interface ShardedLoadOptions {
  fake: FakeDiscord;
  shards: number;
  /** Starts a bot process running `ids` of `shards` (resolves when it is ready). */
  start(ids: readonly number[]): Promise<ShardProcess>;
  /** One message per entry; `conversation` is the guild (index into `fake.guilds`). */
  messages: readonly ChatMessage[];
  batch: number;
  faults: FaultPlan;
  answerTimeoutMs: number;
}

/** What the sharded run measured, beyond the per-phase figures. */
export interface ShardedLoadResult {
  phases: [string, RunFigures][];
  startMs: { a: number; b: number };
  /** Kill of B until B's shards are dropped by the gateway; restart of B until ready; until B's first guild is answered again. */
  outageMs: { dropped: number; restartReady: number; firstAnswerAfterRestart: number };
  /** Events the gateway could not deliver (their shard's process was down). */
  undeliverable: number;
  repeatsAfterRestart: number;
  /** Messages answered more than once over the whole run (late re-sends included). */
  answeredTwice: number;
  identifiesRefused: number;
  rssMb: { a: number; b: number };
}

const isPost = (r: FakeDiscordRequest): boolean => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);

/** Messages with more than one successful reply among every request the fake recorded. */
function answeredTwice(fake: FakeDiscord): number {
  const counts = new Map<string, number>();
  for (const r of fake.requests) {
    const ref = r.status === 200 ? repliesTo(r) : null;
    if (ref !== null) counts.set(ref, (counts.get(ref) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n > 1).length;
}

export async function runShardedDiscordLoad(o: ShardedLoadOptions): Promise<ShardedLoadResult> {
  const { fake } = o;
  const half = Math.floor(o.shards / 2);
  const idsA = Array.from({ length: half }, (_, i) => i);
  const idsB = Array.from({ length: o.shards - half }, (_, i) => half + i);
  const shardOfGuild = (conversation: number): number => fake.shardOf(fake.guilds[conversation % fake.guilds.length]?.id ?? fake.ids.guildId, o.shards);
  const onB = (conversation: number): boolean => shardOfGuild(conversation) >= half;

  if (o.faults.every429 > 0) {
    let n = 0;
    fake.intercept((r) => isPost(r) && ++n % o.faults.every429 === 0, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: o.faults.retryAfter, global: false },
      headers: { 'retry-after': String(o.faults.retryAfter), 'x-ratelimit-scope': 'user' },
    });
  }
  if (o.faults.every500 > 0) {
    let n = 0;
    fake.intercept((r) => isPost(r) && ++n % o.faults.every500 === 0, { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
  }

  // A and B start together, as two machines would.
  const [a, firstB] = await Promise.all([o.start(idsA), o.start(idsB)]);
  let b = firstB;
  const startMs = { a: a.readyMs, b: b.readyMs };

  // The repeat guard as each process holds it: (guild, key) pairs answered since it started.
  const seen = new Set<string>();
  const thirds = [0, Math.floor(o.messages.length / 3), Math.floor((2 * o.messages.length) / 3), o.messages.length];
  const phases: [string, RunFigures][] = [];
  let undeliverable = 0;
  let repeatsAfterRestart = 0;
  const answeredOnce = new Set<string>();
  const outageMs = { dropped: 0, restartReady: 0, firstAnswerAfterRestart: 0 };
  let restartedAt = 0;

  const runPhase = async (name: string, from: number, to: number, bDown: boolean, afterRestart: boolean): Promise<void> => {
    const started = performance.now();
    const before = fake.requests.length;
    const latencies: number[] = [];
    const sent: SentMessage[] = [];
    for (let start = from; start < to; start += o.batch) {
      const waits: Promise<void>[] = [];
      for (let i = start; i < Math.min(to, start + o.batch); i++) {
        const m = o.messages[i];
        if (m === undefined) continue;
        const guild = fake.guilds[m.conversation % fake.guilds.length];
        if (guild === undefined) continue;
        const delivered = !(bDown && onB(m.conversation));
        const key = `${String(m.conversation)}\u0000${m.key}`;
        const expected = delivered && !seen.has(key);
        if (expected) seen.add(key);
        if (expected && afterRestart && onB(m.conversation) && answeredOnce.has(key)) repeatsAfterRestart += 1;
        if (expected) answeredOnce.add(key);
        if (!delivered) undeliverable += 1;
        const t0 = performance.now();
        const message = fake.sendMessage({ content: m.content, channelId: guild.textChannelId });
        sent.push({ id: message.id, expected, content: m.content });
        if (expected) {
          waits.push(
            fake
              .waitForRequest((r) => r.status === 200 && repliesTo(r) === message.id, o.answerTimeoutMs)
              .then(() => {
                latencies.push(performance.now() - t0);
                if (afterRestart && onB(m.conversation) && outageMs.firstAnswerAfterRestart === 0) outageMs.firstAnswerAfterRestart = performance.now() - restartedAt;
              })
              .catch(() => undefined),
          );
        }
      }
      await Promise.all(waits);
      await pause(0);
    }
    await settle(() => fake.requests.length, 1_500, 10_000);
    phases.push([name, tallyReplies(fake.requests.slice(before), sent, { concurrency: o.batch, seconds: (performance.now() - started) / 1000, latencies })]);
  };

  const liveB = (): boolean => idsB.some((id) => fake.liveShards().includes(id));
  try {
    await runPhase(`discord ${o.shards} shards, both up`, thirds[0] ?? 0, thirds[1] ?? 0, false, false);

    const killedAt = performance.now();
    await b.kill();
    while (liveB()) await pause(20);
    outageMs.dropped = performance.now() - killedAt;
    await runPhase(`  B killed (SIGKILL)`, thirds[1] ?? 0, thirds[2] ?? 0, true, false);

    // B's memory is gone with it: its repeat guard starts empty again.
    for (const key of [...seen]) if (onB(Number(key.split('\u0000')[0]))) seen.delete(key);
    restartedAt = performance.now();
    b = await o.start(idsB);
    outageMs.restartReady = performance.now() - restartedAt;
    await runPhase(`  B restarted`, thirds[2] ?? 0, thirds[3] ?? 0, false, true);
    return {
      phases,
      startMs,
      outageMs,
      undeliverable,
      repeatsAfterRestart,
      answeredTwice: answeredTwice(fake),
      identifiesRefused: fake.identifies.filter((i) => i.outcome !== 'ready').length,
      rssMb: { a: await a.rssMb(), b: await b.rssMb() },
    };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}
