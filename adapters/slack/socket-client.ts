/**
 * Socket Mode that survives Slack's connection refresh without a gap and without losing an
 * acknowledgement.
 *
 * Slack refreshes each Socket Mode connection now and then: it sends `{type: 'disconnect'}`
 * on it, stops sending envelopes over it, and keeps it open a while so the app can open its
 * next connection first. @slack/socket-mode 3.1.0 instead closes that socket at once: the
 * acknowledgements of envelopes received on it just before (a `/cable` being acked) fail with
 * "no active connection", and it waits 5 s (`clientPingTimeout` × failures) before it opens
 * the next connection — 10–28 of 1,000 `/cable` unacknowledged in 3 s under load (issue 14).
 *
 * Here each connection is one upstream `SocketModeClient` ({@link Connection}) that does not
 * close on `disconnect`; {@link RefreshingSocketModeClient} then opens the next connection at
 * once, lets the envelopes received on the old one be acknowledged there (each ack goes back
 * on the connection its envelope came on), and only then closes the old one.
 *
 * Mirrors @slack/socket-mode 3.2.0 (2026-11-10; the registry here serves 3.1.0). On upgrading,
 * delete what is marked "mirrors 3.2.0" below and check the rest against its changelog:
 * - 7bd6b38, "Fix a 5 to 12 second gap without a connection each time [Slack refreshes]": the
 *   next connection is opened at once on `disconnect`, not after the reconnect delay
 *   ({@link RefreshingSocketModeClient.refresh}); and `disconnect()` while a connection is
 *   still being opened no longer leaves it open afterwards ({@link closeOpenedLate}).
 * - 1d3a1af (#2752), "Fix disconnect() taking 5 seconds or more": Slack does not close the
 *   TCP connection after the close handshake, so closing waited for the pong watchdog; the
 *   close handshake now times out after 1 s ({@link CLOSE_HANDSHAKE_TIMEOUT_MS}).
 * Acknowledging on the old connection before closing it is not in 3.2.0's notes: keep that.
 */
import { SocketModeClient, type Logger, type SocketModeOptions } from '@slack/socket-mode';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';

/** How long closing a connection may wait for the peer's close frame (mirrors 3.2.0, 1d3a1af). */
export const CLOSE_HANDSHAKE_TIMEOUT_MS = 1_000;

/**
 * Longest wait for the acknowledgements of envelopes received on a connection Slack asked to
 * go, before it is closed anyway: Slack's own deadline for an acknowledgement.
 */
export const RETIRE_DRAIN_MS = 3_000;

/** One envelope (event, slash command, interaction) as {@link RefreshingSocketModeClient} hands it on. */
export interface SocketEnvelope {
  /** The envelope's `payload`: what Slack would POST in HTTP mode. */
  readonly body: Record<string, unknown>;
  readonly retryNum: number | undefined;
  readonly retryReason: string | undefined;
  /** Acknowledges the envelope (with a response payload, or none) on the connection it came on. */
  ack(response?: unknown): Promise<void>;
}

/** Options of {@link RefreshingSocketModeClient}: upstream's, and who gets the envelopes. */
export interface RefreshingSocketModeOptions extends SocketModeOptions {
  readonly logger: Logger;
  /** Called for every envelope; the envelope counts as in flight until it is acked or this settles. */
  readonly onEnvelope: (envelope: SocketEnvelope) => Promise<void>;
}

/** A connection's state, as `/healthz` reports it. */
export type SocketState = 'starting' | 'up' | 'reconnecting' | 'stopped';

// What upstream's client emits as `slack_event` (untyped there).
const SlackEventArgs = z.object({
  ack: z.custom<(response?: unknown) => Promise<void>>((value) => typeof value === 'function'),
  body: z.record(z.string(), z.unknown()),
  retry_num: z.number().optional(),
  retry_reason: z.string().optional(),
});

const DisconnectMessage = z.object({ type: z.literal('disconnect'), reason: z.string().optional() });

/** The `reason` of Slack's `{type: 'disconnect'}` message, or null for any other message. */
export function disconnectReason(data: string | ArrayBuffer): string | null {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  // Every envelope passes here: parse only what can be a disconnect message.
  if (!text.includes('"disconnect"')) return null;
  try {
    const message = DisconnectMessage.safeParse(JSON.parse(text));
    return message.success ? (message.data.reason ?? 'unknown') : null;
  } catch {
    return null;
  }
}

/**
 * One Socket Mode connection: upstream's client, except that Slack's `disconnect` message does
 * not close the socket — it emits `refresh_requested` and leaves the closing to its owner, so
 * acknowledgements can still be sent on it. `too_many_websockets` is left to upstream (close,
 * then reconnect later): opening another connection first is what Slack refuses then.
 */
class Connection extends SocketModeClient {
  /** Between `hello` and the socket's close. */
  open = false;
  /** Set once this connection is being closed by its owner. */
  closing: Promise<void> | null = null;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  protected override async onWebSocketMessage(data: string | ArrayBuffer, isBinary: boolean): Promise<void> {
    const reason = isBinary ? null : disconnectReason(data);
    if (reason !== null && reason !== 'too_many_websockets') {
      this.emit('refresh_requested', reason);
      return;
    }
    await super.onWebSocketMessage(data, isBinary);
  }

  /** Counts an envelope in flight; the returned function (idempotent) ends it. */
  track(): () => void {
    this.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /** Resolves when no envelope received here is waiting for its ack, or after `maxMs`. */
  idle(maxMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/**
 * A Socket Mode client that keeps one connection to Slack and, when Slack refreshes it, opens
 * the next before the old one closes (see the file comment). Other drops (no pong, a network
 * error) are reconnected by upstream's own logic.
 */
export class RefreshingSocketModeClient {
  private current: Connection;
  /** Connections Slack asked to go, still open for their acknowledgements. */
  private readonly retiring = new Set<Connection>();
  private stopping = false;
  private everUp = false;

  constructor(private readonly options: RefreshingSocketModeOptions) {
    this.current = this.connection();
  }

  /** Opens the connection; resolves once Slack said `hello`. */
  async start(): Promise<void> {
    this.stopping = false;
    const first = this.current;
    await first.start();
    if (this.stopping) await closeOpenedLate(first);
  }

  /** Closes every connection, each within about {@link CLOSE_HANDSHAKE_TIMEOUT_MS}. */
  async disconnect(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.current, ...this.retiring].map(closeQuickly));
  }

  /** `up` while the connection Slack delivers to is open. */
  state(): SocketState {
    if (this.stopping) return 'stopped';
    if (this.current.open) return 'up';
    return this.everUp ? 'reconnecting' : 'starting';
  }

  private connection(): Connection {
    const { onEnvelope: _onEnvelope, ...upstream } = this.options;
    const connection = new Connection(upstream);
    connection.on('connected', () => {
      connection.open = true;
      this.everUp = true;
    });
    connection.on('close', () => {
      connection.open = false;
      // Slack closed a retiring connection before it was drained: close it for good, so
      // upstream does not schedule a reconnect of it (the next connection is already there).
      if (this.retiring.has(connection) && connection.closing === null) void closeQuickly(connection);
    });
    connection.on('slack_event', (args: unknown) => this.dispatch(connection, args));
    connection.on('refresh_requested', (reason: string) => {
      this.refresh(connection, reason).catch((error: unknown) => this.options.logger.error(`Socket Mode: refreshing a connection failed: ${String(error)}`));
    });
    return connection;
  }

  private dispatch(connection: Connection, args: unknown): void {
    const parsed = SlackEventArgs.safeParse(args);
    if (!parsed.success) {
      this.options.logger.warn(`Socket Mode: an envelope without body or ack was ignored (${parsed.error.message})`);
      return;
    }
    const { ack, body, retry_num: retryNum, retry_reason: retryReason } = parsed.data;
    const settle = connection.track();
    const envelope: SocketEnvelope = {
      body,
      retryNum,
      retryReason,
      ack: async (response) => {
        try {
          await ack(response);
        } finally {
          settle();
        }
      },
    };
    this.options
      .onEnvelope(envelope)
      .catch((error: unknown) => this.options.logger.error(`Socket Mode: an envelope's handler failed: ${String(error)}`))
      .finally(settle);
  }

  /**
   * Slack asked `old` to go: open the next connection now (mirrors 3.2.0, 7bd6b38: no reconnect
   * delay), let what arrived on `old` be acknowledged there, then close it.
   */
  private async refresh(old: Connection, reason: string): Promise<void> {
    if (this.stopping || old !== this.current) return;
    const asked = performance.now();
    this.retiring.add(old);
    const next = this.connection();
    this.current = next;
    try {
      await next.start();
      this.options.logger.info(`Socket Mode: Slack refreshed a connection (${reason}); the next one was up ${Math.round(performance.now() - asked)} ms later, before the old one closed`);
    } catch (error) {
      // Upstream gives up only on errors it cannot recover from (a revoked token); the old
      // connection still takes acks until Slack closes it.
      this.options.logger.error(`Socket Mode: could not open the next connection: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.stopping) await closeOpenedLate(next);
    await old.idle(RETIRE_DRAIN_MS);
    await closeQuickly(old);
    this.retiring.delete(old);
  }
}

/**
 * Closes a connection that `disconnect()` found still opening (fetching its URL): upstream 3.1.0
 * opens it anyway once the URL comes. Mirrors 3.2.0 (7bd6b38: "disconnect() called before
 * start() finishes connecting no longer leaves a connection opening afterwards").
 */
function closeOpenedLate(connection: Connection): Promise<void> {
  connection.closing = null;
  return closeQuickly(connection);
}

/**
 * Closes a connection without waiting on a peer that never completes the close handshake
 * (mirrors 3.2.0, 1d3a1af): upstream's `disconnect()` sends the close frame; if the socket is
 * not closed within {@link CLOSE_HANDSHAKE_TIMEOUT_MS}, its `SlackWebSocket.disconnect()` —
 * called while the socket is CLOSING — destroys it, and upstream reports it disconnected.
 */
function closeQuickly(connection: Connection): Promise<void> {
  // Deferred a microtask: upstream's disconnect() can emit `close` synchronously, whose listener
  // must already see this connection as closing.
  connection.closing ??= Promise.resolve().then(async () => {
    const closed = connection.disconnect();
    const timer = setTimeout(() => connection.websocket?.disconnect(), CLOSE_HANDSHAKE_TIMEOUT_MS);
    try {
      await closed;
    } finally {
      clearTimeout(timer);
    }
  });
  return connection.closing;
}
