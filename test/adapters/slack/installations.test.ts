/**
 * Bolt's InstallationStore over the shared state's installations (the real embedded one, SQLite
 * in memory), and the install pages' wording: keys as Bolt's queries ask, records read back as
 * Bolt stored them, unreadable ones refused rather than answered with, nothing unescaped on a page.
 */
import type { Installation } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeHtml, failedPage, failureOf, installPage, installedPage } from '../../../adapters/slack/install-pages.ts';
import { installationKey, installationStore, NoInstallationError } from '../../../adapters/slack/installations.ts';
import { authorizationUrl } from '../../../adapters/slack/oauth.ts';
import { memoryLogger } from '../../../src/core/log.ts';
import { SqliteInstallations } from '../../../src/core/state/sqlite-installations.ts';

const open: SqliteInstallations[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
const fresh = (): SqliteInstallations => {
  const s = new SqliteInstallations(':memory:');
  open.push(s);
  return s;
};

const TEAM_INSTALL: Installation = {
  team: { id: 'T0READERS1', name: 'Cable Readers' },
  enterprise: undefined,
  user: { id: 'U0INSTALL1', token: undefined, scopes: undefined },
  bot: { token: 'xoxb-readers-1', refreshToken: 'xoxe-1-readers', expiresAt: 1_900_000_000, scopes: ['commands', 'chat:write'], id: 'B0READERS1', userId: 'U0BOTREAD1' },
  tokenType: 'bot',
  isEnterpriseInstall: false,
  appId: 'A07CBLBOT1',
  authVersion: 'v2',
};
const ORG_INSTALL: Installation = {
  team: undefined,
  enterprise: { id: 'E0NEWSROOM', name: 'Global Newsroom' },
  user: { id: 'U0ORGADMIN', token: undefined, scopes: undefined },
  bot: { token: 'xoxb-org-1', scopes: ['commands'], id: 'B0ORGBOT01', userId: 'U0ORGBOT01' },
  enterpriseUrl: 'https://global-newsroom.enterprise.slack.com/',
  isEnterpriseInstall: true,
  appId: 'A07CBLBOT1',
  authVersion: 'v2',
};

describe('GIVEN installations kept through Bolt’s InstallationStore', () => {
  it('THEN a workspace is keyed by its team (also inside an org), an org-wide install by its org', () => {
    expect(installationKey({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).toBe('team:T1');
    expect(installationKey({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: false })).toBe('team:T1');
    expect(installationKey({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: true })).toBe('enterprise:E1');
    expect(() => installationKey({ teamId: undefined, enterpriseId: undefined, isEnterpriseInstall: false })).toThrow(/without a team or an org/);
  });

  it('THEN what Bolt stores is what it fetches, for a workspace and for an org-wide install (any workspace of the org)', async () => {
    const store = installationStore(fresh(), memoryLogger());
    await store.storeInstallation(TEAM_INSTALL);
    await store.storeInstallation(ORG_INSTALL);
    expect(await store.fetchInstallation({ teamId: 'T0READERS1', enterpriseId: undefined, isEnterpriseInstall: false })).toEqual(JSON.parse(JSON.stringify(TEAM_INSTALL)));
    expect(await store.fetchInstallation({ teamId: 'T0ANYTEAM1', enterpriseId: 'E0NEWSROOM', isEnterpriseInstall: true })).toEqual(JSON.parse(JSON.stringify(ORG_INSTALL)));
    await expect(store.fetchInstallation({ teamId: 'T0STRANGER', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(NoInstallationError);
  });

  it('THEN a deleted installation, and a stored record without a bot token, are not answered with', async () => {
    const installations = fresh();
    const log = memoryLogger();
    const store = installationStore(installations, log);
    await store.storeInstallation(TEAM_INSTALL);
    await store.deleteInstallation?.({ teamId: 'T0READERS1', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(store.fetchInstallation({ teamId: 'T0READERS1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no Slack installation for team:T0READERS1$/);
    await installations.store('slack', 'team:T0BROKEN01', { team: { id: 'T0BROKEN01' }, user: { id: 'U1' }, bot: { token: '' } });
    await expect(store.fetchInstallation({ teamId: 'T0BROKEN01', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/unreadable/);
    expect(JSON.stringify(log.lines)).not.toMatch(/xoxb-/);
  });
});

describe('GIVEN the install pages', () => {
  it('THEN values are escaped, and the authorize page sits beside a moved Web API', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(installPage('https://slack.com/oauth/v2/authorize?a=1&b="2"')).toContain('href="https://slack.com/oauth/v2/authorize?a=1&amp;b=&quot;2&quot;"');
    expect(installedPage({ ...TEAM_INSTALL, team: { id: 'T0READERS1', name: '<script>alert(1)</script>' } })).not.toContain('<script>');
    expect(authorizationUrl(null)).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorizationUrl('http://127.0.0.1:9999/api/')).toBe('http://127.0.0.1:9999/oauth/v2/authorize');
    expect(authorizationUrl('http://127.0.0.1:9999/api')).toBe('http://127.0.0.1:9999/oauth/v2/authorize');
  });

  it('THEN each failure says why and what to do, with a status to match', () => {
    expect(failureOf('slack_oauth_installer_authorization_error', null)).toMatchObject({ status: 200, reason: expect.stringMatching(/^The install was cancelled/) });
    expect(failureOf('slack_oauth_invalid_state', null)).toMatchObject({ status: 400, reason: expect.stringMatching(/another browser/) });
    expect(failureOf('slack_oauth_missing_state', null).status).toBe(400);
    expect(failureOf('slack_oauth_missing_code', null)).toMatchObject({ status: 400, reason: expect.stringMatching(/authorization code/) });
    expect(failureOf('slack_webapi_platform_error', 'invalid_code')).toMatchObject({ status: 502, reason: expect.stringMatching(/\(invalid_code\)/) });
    expect(failureOf('slack_oauth_unknown_error', null).status).toBe(500);
    expect(failedPage('a <b>reason</b>', '/slack/install')).toContain('a &lt;b&gt;reason&lt;/b&gt;');
  });
});
