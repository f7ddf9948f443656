/**
 * A Bolt receiver for Socket Mode over {@link RefreshingSocketModeClient}: Bolt's own
 * `SocketModeReceiver` builds its `SocketModeClient` itself, so the refresh-safe client needs
 * a receiver of its own. It does what Bolt's does for each envelope (an `ack` that acts once,
 * `app.processEvent`, Bolt's default error handler), without the OAuth/custom-route HTTP
 * server, which this adapter does not use in Socket Mode.
 */
import { defaultProcessEventErrorHandler, type App, type Logger, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { RefreshingSocketModeClient, type RefreshingSocketModeOptions, type SocketEnvelope, type SocketState } from './socket-client.ts';

/** Options of {@link RefreshingSocketModeReceiver}. */
export interface RefreshingSocketModeReceiverOptions {
  readonly appToken: string;
  readonly logger: Logger;
  /** Web API options for `apps.connections.open` (the adapter's `SLACK_API_URL`, retries). */
  readonly clientOptions: RefreshingSocketModeOptions['clientOptions'];
}

/** Bolt's `Receiver` for one Socket Mode connection that Slack can refresh without loss. */
export class RefreshingSocketModeReceiver implements Receiver {
  private readonly client: RefreshingSocketModeClient;
  private readonly logger: Logger;
  private app: App | null = null;

  constructor({ appToken, logger, clientOptions }: RefreshingSocketModeReceiverOptions) {
    this.logger = logger;
    this.client = new RefreshingSocketModeClient({ appToken, logger, clientOptions, onEnvelope: (envelope) => this.dispatch(envelope) });
  }

  init(app: App): void {
    this.app = app;
  }

  /** Resolves once connected. */
  start(): Promise<void> {
    return this.client.start();
  }

  /** Resolves once every connection is closed (about a second at most). */
  stop(): Promise<void> {
    return this.client.disconnect();
  }

  /** The connection's state, for `/healthz`. */
  state(): SocketState {
    return this.client.state();
  }

  private async dispatch(envelope: SocketEnvelope): Promise<void> {
    const app = this.app;
    if (app === null) {
      this.logger.error('Socket Mode: an envelope arrived before the app was initialised; not acknowledged');
      return;
    }
    let acked = false;
    const event: ReceiverEvent = {
      body: envelope.body,
      retryNum: envelope.retryNum,
      retryReason: envelope.retryReason,
      customProperties: {},
      ack: async (response?: unknown) => {
        if (acked) {
          this.logger.warn('ack() has already been called. Additional calls will be ignored.');
          return;
        }
        acked = true;
        await envelope.ack(response);
      },
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      const shouldAck = await defaultProcessEventErrorHandler({ error: error instanceof Error ? error : new Error(String(error)), logger: this.logger, event });
      if (shouldAck) await event.ack();
    }
  }
}
