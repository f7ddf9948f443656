/**
 * Slack under load, driven from outside the bot as Slack would: signed `/cable` posts to the
 * bot's HTTP receiver, `concurrency` at a time, each with its own `response_url` at the fake;
 * and message events whose answers go through the Web API (`chat.postMessage`). Faults are
 * injected at the fake (429 with `Retry-After`, 500) and counted with what they cost.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { signedPost, type FakeSlack } from '../../test/fakes/slack.ts';
import { round, summarize } from '../stats.ts';
import type { SlashInput } from './workload.ts';

/** Latency figures in ms. */
export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** What one load run measured. */
export interface RunFigures {
  requests: number;
  concurrency: number;
  seconds: number;
  /** Acknowledgements (HTTP 200 from the receiver) and their latency. */
  acked: number;
  ackMs: Latency;
  ackOver3s: number;
  /** Answers: expected, delivered once, more than once, never, and delivered where none was expected. */
  expected: number;
  delivered: number;
  duplicates: number;
  lost: number;
  unexpected: number;
  /** Request (or dispatch) to the delivered answer. */
  answerMs: Latency;
  /** Failures injected at the fake, and how many of them were followed by a successful re-send. */
  faults: { injected429: number; injected500: number; other: number; resent: number; gatewayDisconnects?: number };
  /** Requests that got no answer, for the report (at most 10). */
  lostSamples: string[];
  /** `/cable` requests answered more than once: their index in the run and when each answer arrived (`performance.now()`). */
  duplicateSamples?: { index: number; at: number[] }[];
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) await task(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Fault schedule: a 429 before every `every429`-th request, a 500 before every `every500`-th (0: none). */
export interface FaultPlan {
  every429: number;
  every500: number;
  /** Seconds sent as `Retry-After` with a 429. */
  retryAfter: number;
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `count()` has not changed for `quietMs` (bounded by `maxMs`): late duplicates have then had their chance. */
export async function settle(count: () => number, quietMs: number, maxMs: number): Promise<void> {
  const end = performance.now() + maxMs;
  let last = count();
  let since = performance.now();
  while (performance.now() < end) {
    await pause(100);
    const now = count();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}

/** Delivers one slash command to the bot; resolves with whether it was acknowledged. */
export type Deliver = (fields: Readonly<Record<string, string>>, index: number) => Promise<boolean>;

/** HTTP mode: a signed post to the bot's receiver, acknowledged by its HTTP 200. */
export function httpDelivery(eventsUrl: string, signingSecret: string): Deliver {
  return async (fields) => (await signedPost(eventsUrl, fields, { signingSecret, form: true })).status === 200;
}

/** What the Socket Mode delivery saw. */
export interface SocketStats {
  /** Connection refreshes asked for (`disconnect`). */
  drops: number;
  /** For each: ms from Slack's `disconnect` to the client's next connection being up (`hello`). */
  reconnectMs: number[];
  /**
   * For each: ms, from the `disconnect` until the old connection closed, with fewer connections
   * open than before it — time when one app of the bot had none. 0 when the next connection
   * opened before the old one closed.
   */
  gapMs: number[];
  /** For each: acknowledgements that arrived on the old connection after the `disconnect`. */
  ackedOnOld: number[];
  /** Envelopes not acknowledged within 3 s (then re-sent once, as Slack retries them). */
  ackTimeouts: number;
}

/**
 * Socket Mode: the slash command as an envelope over the fake's WebSocket, acknowledged by the
 * client's ack. Before request `dropAt`, Slack's `disconnect` is sent on one connection; like
 * Slack, the fake then sends envelopes only over the bot's other live connections, keeps the
 * old one open a while for its acks, and requests do not wait for the refresh (with a single
 * connection and a gap they fail until it is back, and count as not acknowledged). An envelope
 * not acknowledged in 3 s is sent again once the refresh is over, as a user would type it again.
 */
export function socketDelivery(fake: FakeSlack, dropAt: number): { deliver: Deliver; stats: SocketStats } {
  const stats: SocketStats = { drops: 0, reconnectMs: [], gapMs: [], ackedOnOld: [], ackTimeouts: 0 };
  let reconnected: Promise<void> = Promise.resolve();
  const drop = async (): Promise<void> => {
    const before = fake.socket.log.length;
    const connections = fake.socket.connections;
    const acksBefore = fake.socket.acks.length;
    const t0 = performance.now();
    stats.drops += 1;
    const old = fake.socket.disconnect('refresh_requested');
    const oldClosed = (): boolean => (fake.socket.log.find((c) => c.id === old)?.closedAt ?? null) !== null;
    const end = t0 + 30_000;
    while (performance.now() < end && !(fake.socket.log.length > before && oldClosed())) await pause(20);
    const next = fake.socket.log[before];
    stats.reconnectMs.push(next !== undefined ? next.openedAt - t0 : Number.NaN);
    stats.gapMs.push(fake.socket.msBelow(connections, t0));
    stats.ackedOnOld.push(fake.socket.acks.slice(acksBefore).filter((a) => a.connection === old).length);
  };
  const deliver: Deliver = async (fields, index) => {
    if (index === dropAt) reconnected = drop();
    try {
      await fake.socket.waitForAck(fake.socket.sendSlashCommand(fields), 3_000);
      return true;
    } catch {
      stats.ackTimeouts += 1;
      await reconnected;
      await fake.socket.waitForAck(fake.socket.sendSlashCommand(fields), 3_000).catch(() => undefined);
      return false;
    }
  };
  return { deliver, stats };
}

/** Options of {@link runSlashLoad}. */
export interface SlashLoadOptions {
  fake: FakeSlack;
  deliver: Deliver;
  inputs: readonly SlashInput[];
  concurrency: number;
  faults: FaultPlan;
  /** How long an answer may take (retries included) before it counts as lost. */
  answerTimeoutMs: number;
}

/** `/cable` (over HTTP or Socket Mode): every request acknowledged, and answered exactly once at its `response_url`. */
export async function runSlashLoad(o: SlashLoadOptions): Promise<RunFigures> {
  const started = performance.now();
  const acks: number[] = [];
  const answers: number[] = [];
  const lostSamples: string[] = [];
  let acked = 0;
  const ids = o.inputs.map((_input, i) => `load-${String(i)}-${Math.random().toString(36).slice(2, 8)}`);
  const waiting: Promise<void>[] = [];
  await pool(o.inputs, o.concurrency, async (input, i) => {
    const id = ids[i] ?? '';
    if (o.faults.every429 > 0 && i % o.faults.every429 === Math.floor(o.faults.every429 / 2)) o.fake.failNextResponsePosts({ status: 429, retryAfter: o.faults.retryAfter });
    if (o.faults.every500 > 0 && i % o.faults.every500 === Math.floor(o.faults.every500 / 3)) o.fake.failNextResponsePosts({ status: 500 });
    const t0 = performance.now();
    waiting.push(
      o.fake
        .waitForResponsePost((p) => p.id === id && p.status === 200, o.answerTimeoutMs)
        .then(() => {
          answers.push(performance.now() - t0);
        })
        .catch(() => {
          if (lostSamples.length < 10) lostSamples.push(`${input.kind}: ${input.text}`);
        }),
    );
    const ok = await o.deliver(o.fake.slashCommand({ text: input.text, responseUrl: o.fake.responseUrl(id) }), i);
    acks.push(performance.now() - t0);
    if (ok) acked += 1;
  });
  await Promise.all(waiting);
  const mine = new Set(ids);
  await settle(() => o.fake.responsePosts.length, 1_500, 10_000);
  const seconds = (performance.now() - started) / 1000;
  const posts = o.fake.responsePosts.filter((p) => mine.has(p.id));
  const perId = new Map<string, number>();
  for (const p of posts) if (p.status === 200) perId.set(p.id, (perId.get(p.id) ?? 0) + 1);
  const failed = posts.filter((p) => p.status !== 200);
  const duplicateSamples = ids.flatMap((id, index) => ((perId.get(id) ?? 0) > 1 ? [{ index, at: posts.filter((p) => p.id === id && p.status === 200).map((p) => round(p.at, 1)) }] : []));
  // A failed post is re-sent when its response_url later got its answer.
  const resent = failed.filter((p) => (perId.get(p.id) ?? 0) > 0).length;
  const delivered = [...perId.values()].filter((n) => n >= 1).length;
  return {
    requests: o.inputs.length,
    concurrency: o.concurrency,
    seconds,
    acked,
    ackMs: summarize(acks),
    ackOver3s: acks.filter((ms) => ms > 3_000).length,
    expected: o.inputs.length,
    delivered,
    duplicates: [...perId.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    lost: o.inputs.length - delivered,
    unexpected: 0,
    answerMs: summarize(answers),
    faults: { injected429: failed.filter((p) => p.status === 429).length, injected500: failed.filter((p) => p.status === 500).length, other: failed.filter((p) => p.status !== 429 && p.status !== 500).length, resent },
    lostSamples,
    duplicateSamples,
  };
}

/** One message event for automatic detection: the thread it is posted in and the cable it names. */
export interface ThreadMessage {
  thread: number;
  id: string;
  text: string;
}

/** Options of {@link runMessageLoad}. */
export interface MessageLoadOptions {
  fake: FakeSlack;
  eventsUrl: string;
  signingSecret: string;
  messages: readonly ThreadMessage[];
  concurrency: number;
  faults: FaultPlan;
  answerTimeoutMs: number;
  /** Delivers one event body and resolves with whether it was acknowledged (default: a signed post to `eventsUrl`). */
  post?: (body: Readonly<Record<string, unknown>>) => Promise<boolean>;
}

const CallText = z.looseObject({ text: z.string(), thread_ts: z.string() });

/**
 * Message events with hashtags, as thread replies in a few threads (the repeat guard's
 * conversation is the thread): each (thread, cable) answered exactly once with
 * `chat.postMessage`, whose 429s and 500s the Web API client retries.
 */
export async function runMessageLoad(o: MessageLoadOptions): Promise<RunFigures> {
  const started = performance.now();
  const threadTs = (thread: number): string => `1700000000.${String(100_000 + thread)}`;
  const acks: number[] = [];
  let acked = 0;
  const expected = new Set(o.messages.map((m) => `${threadTs(m.thread)} ${m.id}`));
  const before = o.fake.calls.length;
  await pool(o.messages, o.concurrency, async (m, i) => {
    if (o.faults.every429 > 0 && i % o.faults.every429 === Math.floor(o.faults.every429 / 2)) o.fake.failNextCalls('chat.postMessage', { status: 429, retryAfter: o.faults.retryAfter });
    if (o.faults.every500 > 0 && i % o.faults.every500 === Math.floor(o.faults.every500 / 3)) o.fake.failNextCalls('chat.postMessage', { status: 500 });
    const t0 = performance.now();
    const body = o.fake.eventCallback(o.fake.messageEvent({ text: m.text, threadTs: threadTs(m.thread) }));
    const ok = o.post !== undefined ? await o.post(body) : (await signedPost(o.eventsUrl, body, { signingSecret: o.signingSecret })).status === 200;
    acks.push(performance.now() - t0);
    if (ok) acked += 1;
  });
  const posts = (): FakeSlack['calls'] => o.fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
  const deadline = performance.now() + o.answerTimeoutMs;
  const answeredPairs = (): Set<string> => {
    const pairs = new Set<string>();
    for (const c of posts()) {
      const args = CallText.safeParse(c.args);
      if (c.status === undefined && args.success) pairs.add(`${args.data.thread_ts} ${args.data.text.split(' ')[0] ?? ''}`);
    }
    return pairs;
  };
  while (performance.now() < deadline && [...expected].some((k) => !answeredPairs().has(k))) await pause(200);
  await settle(() => o.fake.calls.length, 1_500, 10_000);
  const seconds = (performance.now() - started) / 1000;
  const perPair = new Map<string, number>();
  const failed: number[] = [];
  for (const c of posts()) {
    if (c.status !== undefined) {
      failed.push(c.status);
      continue;
    }
    const args = CallText.safeParse(c.args);
    const key = args.success ? `${args.data.thread_ts} ${args.data.text.split(' ')[0] ?? ''}` : '?';
    perPair.set(key, (perPair.get(key) ?? 0) + 1);
  }
  const delivered = [...expected].filter((k) => (perPair.get(k) ?? 0) > 0).length;
  return {
    requests: o.messages.length,
    concurrency: o.concurrency,
    seconds,
    acked,
    ackMs: summarize(acks),
    ackOver3s: acks.filter((ms) => ms > 3_000).length,
    expected: expected.size,
    delivered,
    duplicates: [...perPair.entries()].reduce((sum, [k, n]) => sum + (expected.has(k) ? Math.max(0, n - 1) : 0), 0),
    lost: expected.size - delivered,
    unexpected: [...perPair.entries()].filter(([k]) => !expected.has(k)).reduce((sum, [, n]) => sum + n, 0),
    answerMs: summarize([]),
    // @slack/web-api retries every failed call; each failure was followed by one re-send when nothing is lost.
    faults: { injected429: failed.filter((s) => s === 429).length, injected500: failed.filter((s) => s === 500).length, other: failed.filter((s) => s !== 429 && s !== 500).length, resent: delivered === expected.size ? failed.length : Number.NaN },
    lostSamples: [...expected].filter((k) => (perPair.get(k) ?? 0) === 0).slice(0, 10),
  };
}
