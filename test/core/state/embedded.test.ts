/** The state contract on the embedded state: the settings file (real SQLite) and memory. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';
import { openState } from '../../../src/core/state/open.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { stateContract } from './contract.ts';

describe('GIVEN the embedded state (no CABLEBOT_STATE_URL)', () => {
  stateContract({
    shared: false,
    open: (limits) => {
      const { dir, cleanup } = tempDir('state');
      const state = new EmbeddedState({ settings: new SqliteSettings(join(dir, 'settings.db')), rateLimits: limits });
      // One process is the whole bot: its replica is itself.
      return Promise.resolve({
        state,
        replica: state,
        close: async () => {
          await state.close();
          cleanup();
        },
      });
    },
  });

  it('THEN openState without a URL keeps settings in CABLEBOT_SETTINGS_DB, where a later process finds them, and reports no health of its own', async () => {
    const { dir, cleanup } = tempDir('state');
    try {
      const settingsPath = join(dir, 'settings.db');
      const first = await openState({ settingsPath, rateLimits: { userPerMinute: 10, channelPerMinute: 30 } });
      first.settings.setAutoDetect('discord', '123', false, 'U1');
      expect(first.health()).toBeNull();
      await first.close();
      const again = new SqliteSettings(settingsPath);
      expect(again.autoDetect('discord', '123')).toBe(false);
      again.close();
    } finally {
      cleanup();
    }
  });
});
