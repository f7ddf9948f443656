/**
 * `GET /healthz`, for a load balancer or a process monitor: served by Slack's HTTP receiver when
 * it runs, else (`PORT` set, no Slack HTTP mode: a Discord-only process, or Slack in Socket Mode)
 * by a small server of its own (`./health-server.ts`). The same report either way.
 *
 * 200 `{"status":"ok",…}` when the store can be read and what the endpoint serves is up, else
 * 503 with what failed (`reason`: the store's error code, e.g. `missing`, `busy`). A live store
 * is asked directly (it checks the file, never its caches); another reader gets a cheap read (a
 * count and an ID lookup). No secrets, no text.
 *
 * Every platform this process runs is listed with its connection state, and each shard of a
 * sharded one (`discordShards: {"0": "up", "1": "reconnecting"}`). A platform that is not up makes
 * the status `degraded` but keeps the code 200 while the one the endpoint serves works (Slack over
 * HTTP; for the server of its own, any platform or shard): a load balancer must not take Slack
 * away while Discord reconnects, nor a monitor restart a process whose other shards still answer. A shared state (PostgreSQL)
 * is listed as `state` (`up`/`down`, and `stateReason`): down, the bot answers from what it has
 * cached, so it too is `degraded`, 200.
 */
import type { ServerResponse } from 'node:http';
import { storeHealthOf } from '../src/corpus/live-store.ts';
import { StoreError, type CorpusReader } from '../src/corpus/store.ts';
import type { Platform } from '../src/core/settings.ts';
import type { SharedState } from '../src/core/state/state.ts';
import type { ConnectionState } from './platform.ts';

/** Where the health check answers. */
export const HEALTH_PATH = '/healthz';

/** What the report is made of. */
export interface HealthSources {
  corpus: CorpusReader;
  state: SharedState;
  /** Every platform this process runs, with its connection state. */
  platforms: () => Readonly<Partial<Record<Platform, ConnectionState>>>;
  /** The shards of the platforms that have them. */
  shards: () => Readonly<Partial<Record<Platform, Readonly<Record<string, ConnectionState>>>>>;
}

/**
 * The report and its HTTP status. `serving` is the platform whose server answers (its own state
 * given, since it knows first), or null for the server of its own.
 */
export function healthReport(sources: HealthSources, serving: { name: Platform; state: ConnectionState } | null): { code: 200 | 503; body: Record<string, unknown> } {
  const { corpus, cables, reason } = corpusHealth(sources.corpus);
  const platforms: [string, ConnectionState][] = Object.entries(sources.platforms()).filter(([name]) => name !== serving?.name);
  const all = serving === null ? platforms : [[serving.name, serving.state] as [string, ConnectionState], ...platforms];
  const shared = sources.state.health();
  const byPlatform = Object.entries(sources.shards());
  const shardStates = byPlatform.flatMap(([, byShard]) => Object.values(byShard));
  // A sharded platform reports the worst of its shards; the process still answers on any shard that is up.
  const answering = serving === null ? all.some(([, s]) => s === 'up') || shardStates.includes('up') : serving.state === 'up';
  const ok = corpus === 'ok' && answering;
  const everythingUp = all.every(([, s]) => s === 'up') && shardStates.every((s) => s === 'up') && shared?.state !== 'down';
  const status = !ok ? 'unavailable' : everythingUp ? 'ok' : 'degraded';
  const shards = byPlatform.map(([name, byShard]) => [`${name}Shards`, byShard]);
  const state = shared === null ? {} : { state: shared.state, ...(shared.reason !== null ? { stateReason: shared.reason } : {}) };
  return { code: ok ? 200 : 503, body: { status, corpus, cables, ...Object.fromEntries(all), ...Object.fromEntries(shards), ...state, ...(reason !== null ? { reason } : {}) } };
}

/** Writes {@link healthReport} as the response. */
export function sendHealth(res: ServerResponse, report: { code: number; body: Record<string, unknown> }): void {
  res.writeHead(report.code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(report.body));
}

/** The corpus part of the report. */
function corpusHealth(reader: CorpusReader): { corpus: 'ok' | 'unavailable'; cables: number | null; reason: string | null } {
  try {
    const live = storeHealthOf(reader);
    if (live === null) reader.has('00HEALTHZ0');
    else if (!live.available) return { corpus: 'unavailable', cables: null, reason: live.error.code };
    return { corpus: 'ok', cables: reader.count(), reason: null };
  } catch (error) {
    return { corpus: 'unavailable', cables: null, reason: error instanceof StoreError ? error.code : null };
  }
}
