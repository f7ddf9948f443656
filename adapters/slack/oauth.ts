/**
 * Slack OAuth installs (issue 14): with `SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET` and
 * `SLACK_STATE_SECRET`, Bolt's HTTP receiver serves `GET /slack/install` and
 * `GET /slack/oauth_redirect`, exchanges the code with `oauth.v2.access`, and stores each
 * workspace's installation in the shared state (`./installations.ts`); every request is then
 * answered with its own workspace's token, refreshed by Bolt when token rotation is on.
 *
 * - The OAuth `state` is signed with the state secret (Bolt's `ClearStateStore`) and bound to
 *   the browser by a cookie: any replica can finish an install another began.
 * - `SLACK_API_URL` reaches every call, `oauth.v2.access` and `auth.test` of the install
 *   included, and the authorize page is looked for beside it (`…/oauth/v2/authorize`), so a
 *   test runs the whole flow against a fake Slack.
 */
import type { HTTPReceiverOptions, webApi } from '@slack/bolt';
import type { SlackOAuth } from '../../src/core/config.ts';
import type { Logger } from '../../src/core/log.ts';
import type { Installations } from '../../src/core/state/state.ts';
import { slackErrorCode } from './handlers.ts';
import { failedPage, failureOf, installPage, installedPage, PAGE_HEADERS, sendPage } from './install-pages.ts';
import { installationStore } from './installations.ts';

/** Where the install starts. */
export const INSTALL_PATH = '/slack/install';
/** Where Slack sends the browser back; the manifest's redirect URL is the public URL with it. */
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes an install asks for: the manifest's (a test keeps the two equal). */
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'links:read',
  'links:write',
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  'users:read',
  'channels:read',
  'groups:read',
  'im:read',
  'mpim:read',
];

/** Slack's authorize page; beside the Web API base when that is moved (`SLACK_API_URL`, a fake Slack in tests). */
export function authorizationUrl(apiUrl: string | null): string {
  return apiUrl === null ? 'https://slack.com/oauth/v2/authorize' : new URL('../oauth/v2/authorize', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).toString();
}

/** The HTTP receiver's options for OAuth installs. */
export function oauthReceiverOptions(
  oauth: SlackOAuth,
  installations: Installations,
  log: Logger,
  clientOptions: { slackApiUrl?: string; retryConfig?: webApi.RetryOptions },
  apiUrl: string | null,
): Pick<HTTPReceiverOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'redirectUri' | 'scopes' | 'installationStore' | 'installerOptions'> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    redirectUri: `${oauth.publicUrl}${REDIRECT_PATH}`,
    scopes: [...BOT_SCOPES],
    installationStore: installationStore(installations, log),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // A page first (what the bot does), not a bare redirect to Slack.
      directInstall: false,
      stateVerification: true,
      renderHtmlForInstallPath: installPage,
      // The page carries a fresh state bound to its cookie: never cached, never framed.
      installPathOptions: {
        beforeRedirection: (_req, res) => {
          for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
          return Promise.resolve(true);
        },
      },
      clientOptions,
      authorizationUrl: authorizationUrl(apiUrl),
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          log.info('slack: installed', { team: installation.team?.id ?? null, enterprise: installation.enterprise?.id ?? null, orgWide: installation.isEnterpriseInstall === true });
          sendPage(res, 200, installedPage(installation));
        },
        failure: (error, _options, _req, res) => {
          const slackError = slackErrorCode(error);
          const { status, reason } = failureOf(error.code, slackError);
          log.warn('slack: an install did not complete', { code: error.code, ...(slackError !== null ? { slackError } : {}), error: error.message.slice(0, 200) });
          sendPage(res, status, failedPage(reason, INSTALL_PATH));
        },
      },
    },
  };
}
