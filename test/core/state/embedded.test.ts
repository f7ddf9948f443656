/** The state contract on the embedded state: the settings file (real SQLite) and memory. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteSettings } from '../../../src/core/settings.ts';
import { EmbeddedState } from '../../../src/core/state/embedded.ts';
import { SqliteInstallations } from '../../../src/core/state/sqlite-installations.ts';
import { openState } from '../../../src/core/state/open.ts';
import { tempDir } from '../../corpus/store-fixtures.ts';
import { stateContract } from './contract.ts';

describe('GIVEN the embedded state (no CABLEBOT_STATE_URL)', () => {
  stateContract({
    shared: false,
    open: (limits) => {
      const { dir, cleanup } = tempDir('state');
      const path = join(dir, 'settings.db');
      const state = new EmbeddedState({ settings: new SqliteSettings(path), installations: new SqliteInstallations(path), rateLimits: limits });
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

  it('WHEN the bot stops and starts again on the same settings file THEN the installations are there, beside the settings', async () => {
    const { dir, cleanup } = tempDir('state');
    try {
      const settingsPath = join(dir, 'settings.db');
      const first = await openState({ settingsPath, rateLimits: { userPerMinute: 10, channelPerMinute: 30 } });
      await first.installations.store('slack', 'team:T1', { team: { id: 'T1' }, bot: { token: 'xoxb-1' } });
      await first.installations.store('slack', 'enterprise:E1', { enterprise: { id: 'E1' } });
      first.settings.setAutoDetect('slack', 'C1', false, 'U1');
      await first.close();
      const again = await openState({ settingsPath, rateLimits: { userPerMinute: 10, channelPerMinute: 30 } });
      try {
        expect(await again.installations.fetch('slack', 'team:T1')).toEqual({ team: { id: 'T1' }, bot: { token: 'xoxb-1' } });
        expect(await again.installations.count('slack')).toBe(2);
        expect(again.settings.autoDetect('slack', 'C1')).toBe(false);
      } finally {
        await again.close();
      }
    } finally {
      cleanup();
    }
  });

  it('WHEN a stored record is not a JSON object (damaged, or written by hand) THEN it reads as missing, without a throw, and can be stored again', async () => {
    const { dir, cleanup } = tempDir('state');
    try {
      const path = join(dir, 'settings.db');
      const installations = new SqliteInstallations(path);
      try {
        await installations.store('slack', 'team:T1', { team: { id: 'T1' } });
        const db = new Database(path);
        try {
          const put = db.prepare(`INSERT OR REPLACE INTO installations (platform, key, record, updated_at) VALUES ('slack', ?, ?, '2026-01-01T00:00:00Z')`);
          put.run('team:T1', '{"team":{"id":"T1"');
          put.run('team:T2', '[1, 2]');
          put.run('team:T3', 'null');
          put.run('team:T4', '"xoxb"');
          db.prepare(`INSERT OR REPLACE INTO installations (platform, key, record, updated_at) VALUES ('slack', 'team:T5', ?, '2026-01-01T00:00:00Z')`).run(Buffer.from('{}'));
        } finally {
          db.close();
        }
        for (const key of ['team:T1', 'team:T2', 'team:T3', 'team:T4', 'team:T5']) expect(await installations.fetch('slack', key)).toBeNull();
        await installations.store('slack', 'team:T1', { team: { id: 'T1' }, again: true });
        expect(await installations.fetch('slack', 'team:T1')).toEqual({ team: { id: 'T1' }, again: true });
      } finally {
        installations.close();
      }
    } finally {
      cleanup();
    }
  });

  it('THEN a state built without installations (tools, tests) keeps them in memory', async () => {
    const state = new EmbeddedState({ settings: new SqliteSettings(':memory:') });
    try {
      await state.installations.store('discord', 'guild:1', { id: '1' });
      expect(await state.installations.fetch('discord', 'guild:1')).toEqual({ id: '1' });
    } finally {
      await state.close();
    }
  });
});
