/**
 * The three web pages of a Slack OAuth install: `/slack/install` (what the bot does, and the
 * "Add to Slack" button), and what `/slack/oauth_redirect` shows after it — that it worked,
 * where to try it, or why not and what to do. Plain HTML, no scripts, every inserted value
 * escaped; no page ever shows a token or an error's stack.
 */
import type { Installation } from '@slack/bolt';
import type { ServerResponse } from 'node:http';

/** The HTML text of `value` (for text and attribute values). */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>
body { max-width: 36rem; margin: 3rem auto; padding: 0 1rem; font: 16px/1.5 system-ui, sans-serif; color: #1d1c1d; }
code { background: #f4f4f4; padding: 0 .25em; border-radius: 3px; }
.button { display: inline-block; margin: 1rem 0; padding: .6rem 1.2rem; background: #4a154b; color: #fff; border-radius: 4px; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** `/slack/install`: what cablebot does and the button to Slack's authorize page (`url`, which carries the signed state). */
export function installPage(url: string): string {
  return page(
    'Add cablebot to Slack',
    `<h1>cablebot</h1>
<p>Looks up US diplomatic cables of the 2010–2011 WikiLeaks release in your Slack workspace.</p>
<ul>
<li><code>/cable 06MOSCOW754</code> answers with the cable’s card; <code>/cable 06MOSCOW754 ¶5</code> quotes a paragraph.</li>
<li><code>/cable search larijani</code> searches the cables; <code>/cable source &lt;quote&gt;</code> finds the cable and paragraph a quote comes from.</li>
<li>In channels it is invited to, it answers <code>#06MOSCOW754</code> and WikiLeaks cable links in the message’s thread, and unfurls cable links.
<code>/cable settings auto-detect off</code> turns that off in a channel.</li>
</ul>
<p>It reads messages only to find cable references, keeps none of them, and never mentions a channel or a person.</p>
<p><a class="button" href="${escapeHtml(url)}">Add to Slack</a></p>
`,
  );
}

/** Where the browser lands after an install: the workspace in Slack. */
function openInSlack(installation: Installation): string {
  if (installation.team !== undefined) return `https://app.slack.com/client/${encodeURIComponent(installation.team.id)}`;
  return installation.enterpriseUrl ?? 'https://app.slack.com/';
}

/** `/slack/oauth_redirect` after a good install (200). */
export function installedPage(installation: Installation): string {
  const where = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
  const orgWide = installation.isEnterpriseInstall === true;
  return page(
    'cablebot is installed',
    `<h1>cablebot is installed in ${escapeHtml(where)}</h1>
<p>${orgWide ? 'It is installed for your whole organization; your admins choose the workspaces it is added to.' : 'Try it in any channel:'} type <code>/cable 06MOSCOW754</code>.</p>
<p>For automatic answers to <code>#06MOSCOW754</code> and cable links, invite it to a channel: <code>/invite @cablebot</code>.</p>
<p><a class="button" href="${escapeHtml(openInSlack(installation))}">Open Slack</a></p>
`,
  );
}

/** Why an install did not work, in words, with what to do; and the HTTP status. */
export function failureOf(code: string, slackError: string | null): { status: number; reason: string } {
  switch (code) {
    case 'slack_oauth_installer_authorization_error':
      return { status: 200, reason: 'The install was cancelled in Slack, so nothing was installed. You can start again whenever you like.' };
    case 'slack_oauth_missing_state':
    case 'slack_oauth_invalid_state':
      return { status: 400, reason: 'This install link has expired, was already used, or was opened in another browser. Start again from the install page, in the same browser.' };
    case 'slack_oauth_missing_code':
      return { status: 400, reason: 'Slack did not send the install’s authorization code. Start again from the install page.' };
    default:
      return slackError !== null
        ? { status: 502, reason: `Slack refused to complete the install (${slackError}). Start again from the install page; if it keeps failing, tell whoever runs this bot.` }
        : { status: 500, reason: 'The install could not be completed here. Start again from the install page; if it keeps failing, tell whoever runs this bot.' };
  }
}

/** `/slack/oauth_redirect` after a failed install. */
export function failedPage(reason: string, installPath: string): string {
  return page(
    'cablebot was not installed',
    `<h1>cablebot was not installed</h1>
<p>${escapeHtml(reason)}</p>
<p><a class="button" href="${escapeHtml(installPath)}">Back to the install page</a></p>
`,
  );
}

/** Headers of every page: not cached (each install page holds a fresh state), not framed, no scripts. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'referrer-policy': 'no-referrer',
};

/** Writes a page. */
export function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS });
  res.end(html);
}
