/**
 * Opens the state a configuration asks for: PostgreSQL when `CABLEBOT_STATE_URL` is set
 * (`pg` is loaded only then), else the embedded settings file (settings and installations) and memory.
 */
import type { Config } from '../config.ts';
import { rateLimitsOf } from '../rate-limit.ts';
import { SqliteSettings } from '../settings.ts';
import { EmbeddedState } from './embedded.ts';
import { SqliteInstallations } from './sqlite-installations.ts';
import type { SharedState, StateHealth } from './state.ts';

/** What {@link openState} reports while the bot runs. */
export interface StateEvents {
  /** The shared state went down (with the reason) or came back: once per change. */
  onStateChange?: (health: StateHealth) => void;
  /** A call to the shared state failed for another reason than the connection (answered from memory), or a settings change could not be stored yet (kept, stored when the server is back). */
  onError?: (error: unknown) => void;
}

/**
 * The bot's state.
 * @throws StateUnavailableError when `CABLEBOT_STATE_URL` names a server that cannot be used now.
 */
export async function openState(config: Pick<Config, 'stateUrl' | 'settingsPath' | 'rateLimits'>, events: StateEvents = {}): Promise<SharedState> {
  const rateLimits = rateLimitsOf(config);
  if (config.stateUrl !== undefined) {
    const { PostgresState } = await import('./postgres/index.ts');
    return PostgresState.open({ url: config.stateUrl, rateLimits, ...events });
  }
  // Both on the settings file (DEFAULT_SETTINGS_FILE when no path is set), each on a connection of its own.
  const path = config.settingsPath ?? undefined;
  const settings = new SqliteSettings(path);
  try {
    return new EmbeddedState({ settings, installations: new SqliteInstallations(path), rateLimits });
  } catch (error) {
    settings.close();
    throw error;
  }
}
