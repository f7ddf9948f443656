/**
 * Slack OAuth installs kept in the shared state (`SharedState.installations`): Bolt's
 * `InstallationStore` over it, and the listeners that forget a workspace when it removes the
 * bot (`app_uninstalled`) or its token (`tokens_revoked`). One record per workspace, or per
 * Enterprise Grid org for an org-wide install, keyed as Bolt's queries ask for it.
 *
 * The records hold tokens: what is logged is the workspace, never the record.
 */
import type { App, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/core/log.ts';
import type { InstallationRecord, Installations } from '../../src/core/state/state.ts';

/** Who an installation or a query is for. */
interface Installed {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
}

/**
 * The key of an install: an org-wide install answers for every workspace of its org
 * (`enterprise:E…`), any other for its workspace (`team:T…`, also inside an org).
 * @throws Error when the query names neither (Bolt always names one).
 */
export function installationKey(who: Installed): string {
  if (who.isEnterpriseInstall && who.enterpriseId !== undefined) return `enterprise:${who.enterpriseId}`;
  if (who.teamId !== undefined) return `team:${who.teamId}`;
  throw new Error('a Slack installation query without a team or an org');
}

const idName = z.object({ id: z.string().min(1), name: z.string().optional() });
/** What a stored record must hold to be answered with; the rest of Bolt's `Installation` passes through. */
const recordSchema = z.looseObject({
  team: idName.nullish(),
  enterprise: idName.nullish(),
  user: z.looseObject({ id: z.string(), token: z.string().optional(), scopes: z.array(z.string()).optional() }),
  bot: z
    .looseObject({
      token: z.string().min(1),
      userId: z.string().min(1),
      id: z.string().min(1),
      scopes: z.array(z.string()),
      refreshToken: z.string().optional(),
      expiresAt: z.number().optional(),
    })
    .optional(),
  isEnterpriseInstall: z.boolean().optional(),
  appId: z.string().optional(),
  enterpriseUrl: z.string().optional(),
  tokenType: z.literal('bot').optional(),
  authVersion: z.enum(['v1', 'v2']).optional(),
  metadata: z.string().optional(),
});

/** A record read back: what Bolt stored, checked (a record without a bot token cannot answer anything). */
function toInstallation(record: InstallationRecord): Installation | null {
  const parsed = recordSchema.safeParse(record);
  if (!parsed.success || parsed.data.bot === undefined) return null;
  const r = parsed.data;
  const { team, enterprise, bot, user } = r;
  return {
    team: team ?? undefined,
    enterprise: enterprise ?? undefined,
    user: { id: user.id, token: user.token, scopes: user.scopes },
    bot,
    isEnterpriseInstall: r.isEnterpriseInstall ?? false,
    ...(r.appId !== undefined ? { appId: r.appId } : {}),
    ...(r.enterpriseUrl !== undefined ? { enterpriseUrl: r.enterpriseUrl } : {}),
    ...(r.tokenType !== undefined ? { tokenType: r.tokenType } : {}),
    ...(r.metadata !== undefined ? { metadata: r.metadata } : {}),
    authVersion: 'v2',
  };
}

/** An installation as JSON (Bolt's object has `undefined` members, which JSON drops). */
function toRecord(installation: Installation): InstallationRecord {
  const json: unknown = JSON.parse(JSON.stringify(installation));
  return z.record(z.string(), z.unknown()).parse(json);
}

/** Whom an installation is for, as a query would name it. */
function whoOf(installation: Installation): Installed {
  return { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall === true };
}

/** What is logged of a workspace. */
function fieldsOf(who: Installed): Record<string, string | boolean> {
  return { ...(who.teamId !== undefined ? { team: who.teamId } : {}), ...(who.enterpriseId !== undefined ? { enterprise: who.enterpriseId } : {}), orgWide: who.isEnterpriseInstall };
}

/**
 * Bolt's `InstallationStore` over the shared state: stored at the end of an install (and again
 * when a rotating token is refreshed), fetched for every request to answer it with its own
 * workspace's token. A fetch that finds nothing throws, as Bolt expects: the request is then
 * not answered (a workspace that removed the bot).
 */
export function installationStore(installations: Installations, log: Logger): InstallationStore {
  return {
    storeInstallation: async (installation) => {
      const who = whoOf(installation);
      await installations.store('slack', installationKey(who), toRecord(installation));
      log.info('slack: installation stored', fieldsOf(who));
    },
    fetchInstallation: async (query) => {
      const key = installationKey(queryWho(query));
      const record = await installations.fetch('slack', key);
      const installation = record === null ? null : toInstallation(record);
      if (installation === null) throw new NoInstallationError(`no Slack installation for ${key}${record !== null ? ' (the stored record is unreadable)' : ''}`);
      return installation;
    },
    deleteInstallation: async (query) => {
      await forget(installations, queryWho(query), log, 'deleted');
    },
  };
}

function queryWho(query: InstallationQuery<boolean>): Installed {
  return { teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: query.isEnterpriseInstall };
}

/** A request from a workspace the bot is not installed in (any more). */
export class NoInstallationError extends Error {
  override name = 'NoInstallationError';
}

async function forget(installations: Installations, who: Installed, log: Logger, why: string): Promise<void> {
  const existed = await installations.delete('slack', installationKey(who));
  log.info(`slack: installation ${existed ? why : `${why}, none was stored`}`, fieldsOf(who));
}

/**
 * Forgets a workspace's installation when it removes the bot (`app_uninstalled`) or revokes the
 * bot's token (`tokens_revoked` with bot user ids; revoked user tokens are not ours: the bot asks
 * for none). Bolt delivers both without authorizing them: the token is already gone.
 */
export function registerUninstallListeners(app: App, installations: Installations, log: Logger): void {
  app.event('app_uninstalled', async ({ context }) => {
    await forget(installations, contextWho(context), log, 'deleted: the app was uninstalled');
  });
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await forget(installations, contextWho(context), log, 'deleted: its bot token was revoked');
  });
}

function contextWho(context: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): Installed {
  return { teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall === true };
}
