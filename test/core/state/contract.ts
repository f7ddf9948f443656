/**
 * What every `SharedState` must do, written once and run against each implementation
 * (`embedded.test.ts`, `postgres.test.ts`). `open` makes a fresh state; `replica` another view
 * of the same state — a second replica on the same database, or for the embedded state (one
 * process is the whole bot) the same object.
 */
import { describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../src/core/rate-limit.ts';
import type { SharedState } from '../../../src/core/state/state.ts';

/** How a contract run gets its states. */
export interface ContractSubject {
  /**
   * A fresh, empty state with these limits, and a second replica of it; `stop(state)` ends a
   * replica as a kill would (it stops renewing what it holds, without finishing anything).
   */
  open(limits: RateLimits): Promise<{ state: SharedState; replica: SharedState; close(): Promise<void>; stop?: (state: SharedState) => Promise<void> }>;
  /** Whether replicas are separate processes (work can be handed over), or one process is the bot. */
  shared: boolean;
  /** How long work is held without renewal (the lease the subject opens its states with). */
  leaseMs?: number;
}

const LIMITS: RateLimits = { userPerMinute: 2, channelPerMinute: 3 };

/** Registers the contract's tests. */
export function stateContract(subject: ContractSubject): void {
  const withState = async (run: (state: SharedState, replica: SharedState, stop: (s: SharedState) => Promise<void>) => Promise<void>, limits: RateLimits = LIMITS): Promise<void> => {
    const { state, replica, close, stop } = await subject.open(limits);
    try {
      await run(state, replica, stop ?? (() => Promise.resolve()));
    } finally {
      await close();
    }
  };

  describe('settings', () => {
    it('THEN a channel answers automatically until switched off; the switch holds on every replica, per platform and channel', () =>
      withState(async (state, replica) => {
        expect(state.settings.autoDetect('slack', 'C1')).toBe(true);
        state.settings.setAutoDetect('slack', 'C1', false, 'U1');
        expect(state.settings.autoDetect('slack', 'C1')).toBe(false);
        expect(await state.settings.flush()).toBe(true);
        await expect.poll(() => replica.settings.autoDetect('slack', 'C1'), { timeout: 1_000, interval: 5 }).toBe(false);
        expect(replica.settings.autoDetect('discord', 'C1')).toBe(true);
        expect(replica.settings.autoDetect('slack', 'C2')).toBe(true);
        replica.settings.setAutoDetect('slack', 'C1', true, 'U2');
        expect(await replica.settings.flush()).toBe(true);
        await expect.poll(() => state.settings.autoDetect('slack', 'C1'), { timeout: 1_000, interval: 5 }).toBe(true);
      }));
  });

  describe('installations (Slack OAuth installs)', () => {
    const install = (team: string, token: string): Record<string, unknown> => ({ team: { id: team, name: `Team ${team}` }, bot: { token, scopes: ['commands', 'chat:write'] }, isEnterpriseInstall: false });

    it('THEN a record stored is fetched back, counted, and gone once deleted; delete says whether there was one', () =>
      withState(async (state) => {
        expect(await state.installations.fetch('slack', 'team:T1')).toBeNull();
        expect(await state.installations.count('slack')).toBe(0);
        await state.installations.store('slack', 'team:T1', install('T1', 'xoxb-1'));
        expect(await state.installations.fetch('slack', 'team:T1')).toEqual(install('T1', 'xoxb-1'));
        expect(await state.installations.count('slack')).toBe(1);
        expect(await state.installations.delete('slack', 'team:T1')).toBe(true);
        expect(await state.installations.delete('slack', 'team:T1')).toBe(false);
        expect(await state.installations.fetch('slack', 'team:T1')).toBeNull();
        expect(await state.installations.count('slack')).toBe(0);
      }));

    it('THEN platforms and keys are kept apart', () =>
      withState(async (state) => {
        await state.installations.store('slack', 'team:T1', install('T1', 'xoxb-1'));
        await state.installations.store('slack', 'enterprise:T1', install('E1', 'xoxb-e'));
        await state.installations.store('discord', 'team:T1', install('G1', 'discord-1'));
        expect(await state.installations.fetch('slack', 'team:T1')).toEqual(install('T1', 'xoxb-1'));
        expect(await state.installations.fetch('slack', 'enterprise:T1')).toEqual(install('E1', 'xoxb-e'));
        expect(await state.installations.fetch('discord', 'team:T1')).toEqual(install('G1', 'discord-1'));
        expect(await state.installations.fetch('slack', 'team:T2')).toBeNull();
        expect(await state.installations.count('slack')).toBe(2);
        expect(await state.installations.count('discord')).toBe(1);
        expect(await state.installations.delete('discord', 'team:T1')).toBe(true);
        expect(await state.installations.fetch('slack', 'team:T1')).toEqual(install('T1', 'xoxb-1'));
        expect(await state.installations.count('slack')).toBe(2);
        expect(await state.installations.count('discord')).toBe(0);
      }));

    it('THEN an install or uninstall made through one replica counts on the other at once; a new record replaces the old', () =>
      withState(async (state, replica) => {
        await state.installations.store('slack', 'team:T1', install('T1', 'xoxb-1'));
        expect(await replica.installations.fetch('slack', 'team:T1')).toEqual(install('T1', 'xoxb-1'));
        // Reinstalled (new token) through the other replica: both read the new record.
        await replica.installations.store('slack', 'team:T1', install('T1', 'xoxb-2'));
        expect(await state.installations.fetch('slack', 'team:T1')).toEqual(install('T1', 'xoxb-2'));
        expect(await replica.installations.fetch('slack', 'team:T1')).toEqual(install('T1', 'xoxb-2'));
        expect(await state.installations.count('slack')).toBe(1);
        // Uninstalled through the first: the second, which had fetched it, no longer has it.
        expect(await state.installations.delete('slack', 'team:T1')).toBe(true);
        expect(await replica.installations.fetch('slack', 'team:T1')).toBeNull();
        expect(await replica.installations.delete('slack', 'team:T1')).toBe(false);
      }));

    it('THEN any text and JSON is kept as it was: unicode, nesting, numbers, null', () =>
      withState(async (state, replica) => {
        const record = { team: { id: 'T\u00e9' }, name: 'Équipe ✓ \u{1F4DC}', nested: { a: [1, 2.5, null, true], b: {} }, token: null };
        await state.installations.store('slack', 'team:Tü \u{1F4DC}', record);
        expect(await replica.installations.fetch('slack', 'team:Tü \u{1F4DC}')).toEqual(record);
      }));
  });

  describe('claims (the repeat guard, event de-duplication)', () => {
    it('THEN a key is claimed once per window and scope, and again once the window is over', () =>
      withState(async (state, replica) => {
        expect(await state.claim('event:slack', 'Ev1', 400)).toBe(true);
        expect(await replica.claim('event:slack', 'Ev1', 400)).toBe(false);
        expect(await state.claim('event:slack', 'Ev1', 400)).toBe(false);
        expect(await state.claim('repeat:slack', 'Ev1', 400)).toBe(true);
        expect(await state.claim('event:slack', 'Ev2', 400)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await replica.claim('event:slack', 'Ev1', 400)).toBe(true);
      }));

    it('THEN any text is a key, NUL included (PostgreSQL text refuses it), and the state stays up', () =>
      withState(async (state, replica) => {
        expect(await state.claim('repeat:slack', 'C1/1.2\u0000¶5', 60_000)).toBe(true);
        expect(await replica.claim('repeat:slack', 'C1/1.2\u0000¶5', 60_000)).toBe(false);
        expect(await state.claim('repeat:slack', 'C1/1.2 ¶5 \u{1F4DC}', 60_000)).toBe(true);
        expect(state.health()?.state ?? 'up').toBe('up');
      }));

    it('THEN of many claims of one key at once, from both replicas, exactly one wins', () =>
      withState(async (state, replica) => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? state : replica).claim('event:slack', 'EvRace', 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      }));
  });

  describe('work handed over (a /cable acknowledged, not yet answered)', () => {
    it('THEN work held by a live replica, or finished, is never handed out', () =>
      withState(async (state, replica) => {
        await state.beginWork('slack:command', 'T1', '{"text":"06MOSCOW754"}');
        await state.beginWork('slack:command', 'T2', '{"text":"search embassy"}');
        await state.finishWork('slack:command', 'T2');
        await new Promise((resolve) => setTimeout(resolve, 2 * (subject.leaseMs ?? 0)));
        expect(await replica.orphanedWork('slack:command', 10)).toEqual([]);
        await state.finishWork('slack:command', 'T1');
        expect(await replica.orphanedWork('slack:command', 10)).toEqual([]);
      }));

    if (subject.shared) {
      it('THEN work of a replica that stops is handed to another once its lease lapses, once, with its payload', () =>
        withState(async (state, replica, stop) => {
          await state.beginWork('slack:command', 'T3', '{"text":"06MOSCOW754 ¶2"}');
          await state.beginWork('slack:command', 'T4', '{"text":"reasons 1.4(b)"}');
          await state.finishWork('slack:command', 'T4');
          await stop(state);
          expect(await replica.orphanedWork('slack:command', 10)).toEqual([]);
          await new Promise((resolve) => setTimeout(resolve, (subject.leaseMs ?? 0) + 200));
          const [first, second] = await Promise.all([replica.orphanedWork('slack:command', 10), replica.orphanedWork('slack:command', 10)]);
          expect([...(first ?? []), ...(second ?? [])]).toEqual([{ id: 'T3', payload: '{"text":"06MOSCOW754 ¶2"}' }]);
          // Now the replica's own: held while it lives.
          await new Promise((resolve) => setTimeout(resolve, (subject.leaseMs ?? 0) + 200));
          expect(await replica.orphanedWork('slack:command', 10)).toEqual([]);
        }));
    } else {
      it('THEN nothing is ever handed out: one process is the whole bot', () =>
        withState(async (state) => {
          await state.beginWork('slack:command', 'T5', '{}');
          expect(await state.orphanedWork('slack:command', 10)).toEqual([]);
        }));
    }
  });

  describe('rate limits', () => {
    it('THEN a user and a channel are limited per minute across replicas, a refusal is not counted and says how long to wait', () =>
      withState(async (state, replica) => {
        expect(await state.admitCommand('slack', 'U1', 'C1')).toEqual({ allowed: true });
        expect(await replica.admitCommand('slack', 'U1', 'C1')).toEqual({ allowed: true });
        const refused = await state.admitCommand('slack', 'U1', 'C1');
        expect(refused).toMatchObject({ allowed: false, scope: 'user' });
        if (refused.allowed) throw new Error('admitted');
        expect(refused.retryAfterS).toBeGreaterThanOrEqual(59);
        expect(refused.retryAfterS).toBeLessThanOrEqual(60);
        // The channel has 2 of 3: one more user gets the third, the next is refused for the channel.
        expect(await replica.admitCommand('slack', 'U2', 'C1')).toEqual({ allowed: true });
        expect(await state.admitCommand('slack', 'U3', 'C1')).toMatchObject({ allowed: false, scope: 'channel' });
        // Other platforms and channels count apart.
        expect(await state.admitCommand('discord', 'U1', 'C1')).toEqual({ allowed: true });
        expect(await state.admitCommand('slack', 'U3', 'C2')).toEqual({ allowed: true });
      }));

    it('THEN commands arriving at once on both replicas are admitted up to the limit, no more', () =>
      withState(
        async (state, replica) => {
          const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? state : replica).admitCommand('slack', 'U9', `C${i % 4}`)));
          expect(results.filter((r) => r.allowed)).toHaveLength(5);
        },
        { userPerMinute: 5, channelPerMinute: 100 },
      ));

    it('THEN without limits everything is admitted', () =>
      withState(
        async (state) => {
          for (let i = 0; i < 50; i++) expect(await state.admitCommand('slack', 'U1', 'C1')).toEqual({ allowed: true });
        },
        { userPerMinute: Number.POSITIVE_INFINITY, channelPerMinute: Number.POSITIVE_INFINITY },
      ));
  });
}
