/**
 * Discord under load: MESSAGE_CREATE events with hashtags dispatched through the fake gateway
 * to the real discord.js client, in batches; every answer is a REST POST replying to its
 * message (`message_reference`), counted per message. Faults are injected at the fake: 429s
 * (with `retry_after`) and 500s on some POSTs, and a gateway disconnect midway (the fake
 * replays what the session missed when it resumes, as Discord does).
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { FakeDiscord, FakeDiscordRequest } from '../../test/fakes/discord.ts';
import { summarize } from '../stats.ts';
import { pause, settle, type FaultPlan, type RunFigures } from './slack.ts';
import { expectedAnswers, type ChatMessage } from './workload.ts';

/** Options of {@link runDiscordLoad}. */
export interface DiscordLoadOptions {
  fake: FakeDiscord;
  messages: readonly ChatMessage[];
  /** Messages dispatched before waiting for their answers. */
  batch: number;
  faults: FaultPlan;
  /** Closes the gateway (resumable, 4000) before this message index; -1 for never. */
  disconnectAt: number;
  answerTimeoutMs: number;
}

const Reference = z.looseObject({ message_reference: z.looseObject({ message_id: z.string() }) });

/** The message a POST replies to, if it is one. */
export function repliesTo(r: FakeDiscordRequest): string | null {
  if (r.method !== 'POST' || !/^\/channels\/\d+\/messages$/.test(r.path)) return null;
  const body = Reference.safeParse(r.body);
  return body.success ? body.data.message_reference.message_id : null;
}

/** The conversations messages are spread over: two channels and a thread. */
export function conversationsOf(fake: FakeDiscord): string[] {
  return [fake.ids.textChannelId, fake.ids.threadParentChannelId, fake.ids.threadId];
}

export async function runDiscordLoad(o: DiscordLoadOptions): Promise<RunFigures> {
  const started = performance.now();
  const channels = conversationsOf(o.fake);
  const expected = expectedAnswers(o.messages);
  const isPost = (r: FakeDiscordRequest): boolean => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
  let posts = 0;
  // One interception each, counting POSTs itself: the 429s and 500s land on every n-th answer.
  if (o.faults.every429 > 0) {
    let n = 0;
    o.fake.intercept((r) => isPost(r) && ++n % o.faults.every429 === 0, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: o.faults.retryAfter, global: false },
      headers: { 'retry-after': String(o.faults.retryAfter), 'x-ratelimit-scope': 'user' },
    });
  }
  if (o.faults.every500 > 0) o.fake.intercept((r) => isPost(r) && ++posts % o.faults.every500 === 0, { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
  const before = o.fake.requests.length;
  const latencies: number[] = [];
  const ids: string[] = [];
  let disconnects = 0;
  for (let start = 0; start < o.messages.length; start += o.batch) {
    const waits: Promise<void>[] = [];
    for (let i = start; i < Math.min(o.messages.length, start + o.batch); i++) {
      if (i === o.disconnectAt) {
        o.fake.closeGateway(4000);
        disconnects += 1;
      }
      const m = o.messages[i];
      if (m === undefined) continue;
      const t0 = performance.now();
      const sent = o.fake.sendMessage({ content: m.content, channelId: channels[m.conversation % channels.length] ?? o.fake.ids.textChannelId });
      ids.push(sent.id);
      if (expected[i] === true) {
        waits.push(
          o.fake
            .waitForRequest((r) => r.status === 200 && repliesTo(r) === sent.id, o.answerTimeoutMs)
            .then(() => {
              latencies.push(performance.now() - t0);
            })
            .catch(() => undefined),
        );
      }
    }
    await Promise.all(waits);
    await pause(0);
  }
  await settle(() => o.fake.requests.length, 1_500, 10_000);
  const seconds = (performance.now() - started) / 1000;
  const sent = ids.map((id, i) => ({ id, content: o.messages[i]?.content ?? id, expected: expected[i] === true }));
  const figures = tallyReplies(o.fake.requests.slice(before), sent, { concurrency: o.batch, seconds, latencies });
  return { ...figures, faults: { ...figures.faults, gatewayDisconnects: disconnects } };
}

/** One message sent in a Discord run: its id, its text, and whether the bot should answer it. */
export interface SentMessage {
  id: string;
  content: string;
  expected: boolean;
}

/**
 * A Discord run's figures from the requests the fake recorded while it ran: the answers to each
 * message (a 200 replying to it), what was lost, doubled or unexpected, and the 429s and 500s
 * with how many of them were sent again.
 */
export function tallyReplies(
  requests: readonly FakeDiscordRequest[],
  sent: readonly SentMessage[],
  run: { concurrency: number; seconds: number; latencies: readonly number[] },
): RunFigures {
  const perMessage = new Map<string, number>();
  const failed: { status: number; message: string }[] = [];
  for (const r of requests) {
    const ref = repliesTo(r);
    if (ref === null) continue;
    if (r.status === 200) perMessage.set(ref, (perMessage.get(ref) ?? 0) + 1);
    else failed.push({ status: r.status, message: ref });
  }
  let delivered = 0;
  let duplicates = 0;
  let unexpected = 0;
  const lostSamples: string[] = [];
  for (const s of sent) {
    const n = perMessage.get(s.id) ?? 0;
    if (s.expected) {
      if (n >= 1) delivered += 1;
      else if (lostSamples.length < 10) lostSamples.push(s.content);
      duplicates += Math.max(0, n - 1);
    } else unexpected += n;
  }
  const expected = sent.filter((s) => s.expected).length;
  return {
    requests: sent.length,
    concurrency: run.concurrency,
    seconds: run.seconds,
    acked: sent.length,
    ackMs: summarize([]),
    ackOver3s: 0,
    expected,
    delivered,
    duplicates,
    lost: expected - delivered,
    unexpected,
    answerMs: summarize([...run.latencies]),
    faults: {
      injected429: failed.filter((f) => f.status === 429).length,
      injected500: failed.filter((f) => f.status === 500).length,
      other: failed.filter((f) => f.status !== 429 && f.status !== 500).length,
      resent: failed.filter((f) => (perMessage.get(f.message) ?? 0) > 0).length,
    },
    lostSamples,
  };
}
