/**
 * The platforms' limits as zod schemas, written from their docs (DESIGN.md "Platform rules";
 * discord.com/developers/docs/resources/message and /resources/channel#embed-limits,
 * api.slack.com/reference/block-kit) — not from the renderers' own constants, so a renderer
 * whose constant is wrong fails here. Plus the checks for live markup: what a payload must
 * never contain whatever the cable or the user wrote. Used by `npm run fuzz` and the tests.
 */
import { z } from 'zod';

/* ------------------------------------------------------------------------------------------ */
/* Discord                                                                                    */

const discordEmbed = z.object({
  title: z.string().min(1).max(256).optional(),
  description: z.string().min(1).max(4096).optional(),
  url: z.url().optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  fields: z
    .array(z.object({ name: z.string().min(1).max(256), value: z.string().min(1).max(1024), inline: z.boolean().optional() }))
    .max(25)
    .optional(),
  footer: z.object({ text: z.string().min(1).max(2048) }).optional(),
  author: z.object({ name: z.string().min(1).max(256) }).optional(),
});

const discordButton = z.object({
  type: z.literal(2),
  style: z.number().int().min(1).max(6),
  label: z.string().min(1).max(80).optional(),
  custom_id: z.string().min(1).max(100).optional(),
  url: z.url().max(512).optional(),
});

/** A message body as Discord's REST API accepts it, with `allowed_mentions: { parse: [] }` required. */
export const discordMessageSchema = z
  .object({
    content: z.string().min(1).max(2000).optional(),
    embeds: z.array(discordEmbed).max(10),
    components: z.array(z.object({ type: z.literal(1), components: z.array(discordButton).min(1).max(5) })).max(5),
    allowed_mentions: z.object({ parse: z.array(z.never()).length(0) }),
    flags: z.number().int().optional(),
  })
  .refine((m) => m.content !== undefined || m.embeds.length > 0, 'a message needs content or an embed')
  .refine((m) => m.embeds.reduce((n, e) => n + embedChars(e), 0) <= 6000, 'more than 6,000 characters across embeds');

function embedChars(e: z.infer<typeof discordEmbed>): number {
  let n = (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** URLs a Discord body may link to: only the ones the core builds (viewer, PlusD, `#parN`). */
const OUR_LINK = /^<?https:\/\/wikileaks\.org\//;

/** Discord's masked link (its simple-markdown `link` rule), tried at an unescaped `[`. */
const MASKED_LINK = /\[((?:\[[^\]]*\]|[^[\]]|\](?=[^[]*\]))*)\]\(\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['"]([\s\S]*?)['"])?\s*\)/y;

/** Where Discord renders markdown links: the content, embed descriptions and field values. */
const MARKDOWN_PATH = /^(content|embeds\.\d+\.description|embeds\.\d+\.fields\.\d+\.value)$/;

/**
 * Live markup in a Discord body: a masked link (`[label](url)`) that is not escaped and does
 * not point at wikileaks.org (`[x](javascript:…)`, `[click](https://evil.example)` from
 * input). Mentions need no check here beyond `allowed_mentions: { parse: [] }` (the schema):
 * the renderer does not claim to escape `@everyone`, and with `parse: []` nothing pings.
 */
export function discordLiveMarkup(body: unknown): string[] {
  const problems: string[] = [];
  for (const [path, text] of strings(body)) {
    if (!MARKDOWN_PATH.test(path)) continue;
    for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) {
      if (escaped(text, i)) continue;
      MASKED_LINK.lastIndex = i;
      const m = MASKED_LINK.exec(text);
      if (m !== null && !OUR_LINK.test(m[2] ?? '')) problems.push(`${path}: live link ${JSON.stringify(m[0].slice(0, 80))}`);
    }
  }
  return problems;
}

/** Whether the character at `i` is escaped by an odd run of backslashes before it. */
function escaped(text: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && text.charAt(i - n - 1) === '\\') n++;
  return n % 2 === 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Slack                                                                                      */

const plainText = (max: number) => z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwn = (max: number) => z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max) });

const slackButton = z.object({
  type: z.literal('button'),
  action_id: z.string().min(1).max(255),
  text: plainText(75),
  value: z.string().max(2000).optional(),
  url: z.url().max(3000).optional(),
  style: z.enum(['primary', 'danger']).optional(),
});

const slackBlock = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('section'), text: mrkdwn(3000).optional(), fields: z.array(mrkdwn(2000)).min(1).max(10).optional() })
    .refine((b) => b.text !== undefined || b.fields !== undefined, 'a section needs text or fields'),
  z.object({ type: z.literal('header'), text: plainText(150) }),
  z.object({ type: z.literal('context'), elements: z.array(z.union([mrkdwn(3000), plainText(3000)])).min(1).max(10) }),
  z.object({ type: z.literal('actions'), elements: z.array(slackButton).min(1).max(25) }),
  z.object({ type: z.literal('divider') }),
]);

/** A `chat.postMessage` body (less channel): ≤ 50 blocks and a non-empty fallback `text`. */
export const slackMessageSchema = z.object({
  text: z.string().min(1).max(40_000),
  blocks: z.array(slackBlock).max(50),
});

/** What a `<` may open in Slack text: only a link to a URL the core built. */
const SLACK_OUR_LINK = /^<https:\/\/wikileaks\.org\/[^<>|\s]*\|[^<>]*>/;

/**
 * Live markup in a Slack message: any `<…>` control sequence — `<!channel>`, `<!here>`,
 * `<@U123>`, `<#C1>`, `<https://evil.example|x>` — other than the renderer's own links to
 * wikileaks.org. Text from input must reach Slack only as `&lt;…&gt;`.
 */
export function slackLiveMarkup(message: unknown): string[] {
  const problems: string[] = [];
  for (const [path, text] of strings(message)) {
    if (!/(^|\.)text$/.test(path)) continue;
    for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
      const rest = text.slice(i);
      if (/^<[!@#]/.test(rest)) problems.push(`${path}: live mention ${JSON.stringify(rest.slice(0, 40))}`);
      else if (!SLACK_OUR_LINK.test(rest)) problems.push(`${path}: live link ${JSON.stringify(rest.slice(0, 60))}`);
    }
  }
  return problems;
}

/* ------------------------------------------------------------------------------------------ */

/** Every string in a JSON-like value, with its path (`blocks.3.text.text`). */
export function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, path === '' ? String(i) : `${path}.${i}`);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path === '' ? k : `${path}.${k}`);
}

/** The first problems of a zod result, one line each. */
export function issues(result: { success: boolean; error?: z.ZodError | undefined }): string[] {
  return result.success || result.error === undefined ? [] : result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
}
