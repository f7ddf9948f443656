/**
 * The app manifest creates an app the adapter can run with (the command it routes, the events
 * it listens to, the scopes its calls need), and the small text helpers of the slash command.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SLASH_COMMAND, SOURCE_SHORTCUT, sourceShortcutInput, splitPrivateFlag, unescapeSlackText } from '../../../adapters/slack/handlers.ts';
import { EVENTS_PATH } from '../../../adapters/slack/index.ts';
import { BOT_SCOPES, REDIRECT_PATH } from '../../../adapters/slack/oauth.ts';
import { parseCableUrl } from '../../../src/core/grammar/index.ts';

const manifestSchema = z.object({
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string(), url: z.string(), should_escape: z.boolean() })),
    unfurl_domains: z.array(z.string()).max(5),
    // Slack's manifest limits: name ≤ 24 characters, description ≤ 150.
    shortcuts: z.array(z.object({ name: z.string().max(24), type: z.enum(['message', 'global']), callback_id: z.string(), description: z.string().max(150) })),
  }),
  oauth_config: z.object({ redirect_urls: z.array(z.string()), scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
    socket_mode_enabled: z.boolean(),
    org_deploy_enabled: z.boolean(),
  }),
});

describe('GIVEN adapters/slack/manifest.json', () => {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(new URL('../../../adapters/slack/manifest.json', import.meta.url), 'utf8')));

  it('THEN it defines /cable, the events for detection and unfurls, interactivity and Socket Mode, all at Bolt’s path', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['message.channels', 'message.groups', 'message.im', 'message.mpim', 'link_shared', 'app_uninstalled', 'tokens_revoked']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    for (const url of [manifest.features.slash_commands[0]?.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
      expect(new URL(url ?? '').pathname).toBe(EVENTS_PATH);
    }
  });

  it('THEN it defines the "Find cable source" message shortcut with the callback_id the adapter listens for, delivered at the interactivity URL', () => {
    expect(manifest.features.shortcuts).toEqual([
      { name: 'Find cable source', type: 'message', callback_id: SOURCE_SHORTCUT, description: 'Find the cable and paragraph this message quotes, and whether the quote is faithful' },
    ]);
    expect(SOURCE_SHORTCUT).toBe('find_cable_source');
    // Shortcuts come through interactivity (HTTP) or as `interactive` envelopes (Socket Mode); `commands` is their scope.
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
  });

  it('THEN it asks for the scopes the adapter’s calls need', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'links:read', 'links:write', 'channels:history', 'groups:history', 'im:history', 'mpim:history', 'users:read', 'channels:read']),
    );
  });

  it('THEN an OAuth install asks for exactly its scopes, comes back to the redirect path, and may be org-wide (Enterprise Grid)', () => {
    expect([...BOT_SCOPES]).toEqual(manifest.oauth_config.scopes.bot);
    expect(manifest.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual([REDIRECT_PATH]);
    // The same host as the request URLs: CABLEBOT_PUBLIC_URL names both.
    expect(new URL(manifest.oauth_config.redirect_urls[0] ?? '').host).toBe(new URL(manifest.settings.event_subscriptions.request_url).host);
    expect(manifest.settings.org_deploy_enabled).toBe(true);
  });

  it('THEN every unfurl domain is one the core reads cable URLs of', () => {
    for (const domain of manifest.features.unfurl_domains) {
      const url = domain === 'cablegatesearch.net' ? `http://${domain}/cable.php?id=06MOSCOW754` : `https://${domain}/cable/2006/01/06MOSCOW754.html`;
      expect(parseCableUrl(url)).toEqual({ id: '06MOSCOW754', paragraph: null });
    }
  });
});

describe('GIVEN /cable text as Slack sends it', () => {
  it('THEN -p and private (any case) are split off, and only as a whole word', () => {
    expect(splitPrivateFlag(' -p 06MOSCOW754 ¶5')).toEqual({ text: '06MOSCOW754 ¶5', private: true });
    expect(splitPrivateFlag('PRIVATE search larijani')).toEqual({ text: 'search larijani', private: true });
    expect(splitPrivateFlag('-p')).toEqual({ text: '', private: true });
    expect(splitPrivateFlag('privately 06MOSCOW754')).toEqual({ text: 'privately 06MOSCOW754', private: false });
    expect(splitPrivateFlag('-parse')).toEqual({ text: '-parse', private: false });
    expect(splitPrivateFlag('06MOSCOW754 -p')).toEqual({ text: '06MOSCOW754 -p', private: false });
  });

  it('THEN the source shortcut reads a message’s text as typed (entities undone) AND a message without text is source-no-text', () => {
    expect(sourceShortcutInput('R&amp;D &lt;b&gt; “quoted”')).toEqual({ ok: true, input: { command: 'source', options: { text: 'R&D <b> “quoted”' } } });
    for (const empty of [undefined, '', '  \n ']) expect(sourceShortcutInput(empty)).toEqual({ ok: false, reply: { kind: 'error', code: 'source-no-text', detail: '' } });
  });

  it('THEN Slack’s entities are undone once (&amp;lt; stays &lt;)', () => {
    expect(unescapeSlackText('reasons 1.4 (B &amp; D)')).toBe('reasons 1.4 (B & D)');
    expect(unescapeSlackText('&lt;!channel&gt; &amp;lt;')).toBe('<!channel> &lt;');
  });
});
