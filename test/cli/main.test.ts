/**
 * The command line, run in-process with real files and a real store (DESIGN.md "Contracts":
 * `parse` prints JSON Lines, errors go to stderr with a non-zero exit; `import` summarises).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { main, progressLine } from '../../src/cli/main.ts';
import { runCli as run } from './run-cli.ts';
import { FIXTURES } from '../corpus/parse/fixtures.ts';
import { tempDir } from '../corpus/store-fixtures.ts';
import { signedPost, startFakeSlack } from '../fakes/slack.ts';
import { freePort } from '../support/postgres.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('cli')));
afterEach(() => cleanup());


const page = (id: string): string => join(FIXTURES, 'pages', `${id}.html`);
const SEED = join(FIXTURES, 'seed', '06MOSCOW754.txt');

describe('GIVEN cablebot parse with a page and the seed text', () => {
  it('THEN it prints one JSON object per cable with the contract fields, and exits 0', async () => {
    const { code, out, err } = await run(['parse', page('06MOSCOW3335'), SEED]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['06MOSCOW3335', '06MOSCOW754']);
    const seed = lines[1] ?? {};
    expect(seed).toMatchObject({
      id: '06MOSCOW754',
      canonicalId: '06MOSCOW754',
      created: '2006-01-25 17:40',
      released: '2011-08-30 01:44',
      classification: 'SECRET',
      origin: 'Embassy Moscow',
      classifiedBy: 'Ambassador William J. Burns',
      reasons: ['1.4(b)', '1.4(d)'],
      partial: false,
    });
    for (const key of ['subject', 'tags', 'references', 'summary', 'paragraphs']) expect(seed).toHaveProperty(key);
    const paragraphs = seed.paragraphs as { number: number; marking: string | null; text: string }[];
    expect(paragraphs).toHaveLength(16);
    expect(paragraphs[0]).toMatchObject({ number: 1, marking: 'S' });
    expect(paragraphs[14]).toMatchObject({ number: 15, marking: 'U' });
  });
});

describe('GIVEN cablebot parse with files it cannot parse among good ones', () => {
  it('THEN each bad file or record gets a line on stderr naming it and why, good cables still print, and the exit is 1', async () => {
    const binary = join(dir, 'photo.jpg');
    copyFileSync(join(FIXTURES, 'csv', 'random.bin'), binary);
    const chunk = join(dir, 'chunk.csv');
    copyFileSync(join(FIXTURES, 'csv', 'bad-quote-middle.csv'), chunk);
    const { code, out, err } = await run(['parse', binary, page('02ROME1196'), join(dir, 'missing.html'), chunk]);
    expect(code).toBe(1);
    expect(out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toContain('02ROME1196');
    expect(err).toContain(`${binary}: binary data, not cable text`);
    expect(err).toContain(`${join(dir, 'missing.html')}: no such file or folder`);
    expect(err).toMatch(new RegExp(`${chunk.replace(/[.]/g, '\\.')} record 2 \\(line \\d+\\): a quote in the wrong place`));
  });

  it('THEN no arguments is a usage error', async () => {
    expect(await run(['parse'])).toMatchObject({ code: 2, err: expect.stringContaining('name at least one file') });
  });
});

describe('GIVEN cablebot import --db', () => {
  it('THEN it reports imported/updated/rejected, lists each rejected record, and re-import is idempotent', async () => {
    const db = join(dir, 'cables.db');
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'not a cable\n');
    const first = await run(['import', page('06MOSCOW3335'), SEED, bad, '--db', db]);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/^imported 2, updated 0, unchanged 0, rejected 1 — 3 records from 3 file\(s\)/);
    expect(first.err).toContain(`rejected: ${bad}: not a format cablebot reads`);
    const again = await run(['import', page('06MOSCOW3335'), SEED, `--db=${db}`]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^imported 0, updated 0, unchanged 2, rejected 0/);
  });

  it('THEN --db without a path is a usage error', async () => {
    expect(await run(['import', SEED, '--db'])).toMatchObject({ code: 2, err: expect.stringContaining('--db needs a path') });
  });

  it('THEN the progress line gives records, MB, MB/s and an ETA', () => {
    expect(progressLine({ records: 12345, bytes: 200e6, totalBytes: 1700e6, elapsedMs: 10_000 })).toBe(
      '12,345 records  200.0 of 1700.0 MB  20.0 MB/s  ETA 1:15',
    );
    // A pipe (`import -`) has no known size.
    expect(progressLine({ records: 10, bytes: 5e6, totalBytes: 0, elapsedMs: 1_000 })).toBe('10 records  5.0 MB  5.0 MB/s  ETA --:--');
  });
});

describe('GIVEN cablebot start with a configured store and piped input', () => {
  it('THEN it answers each line once: a card, a paragraph quote, suggestions, a misprinted twin', async () => {
    const db = join(dir, 'cables.db');
    await run(['import', SEED, page('08ECTION01OF02MANAMA492'), '--db', db]);
    const { code, out, err } = await run(['start'], { env: { CABLEBOT_DB: db }, stdin: '06moscow754\n\n/cable 06MOSCOW754 ¶5\n06MOSCOW745\n08MANAMA492\n' });
    expect(err).toBe('');
    expect(code).toBe(0);
    const answers = out.split('\n');
    expect(answers[0]).toBe('06MOSCOW754 — Cable from Embassy Moscow, 2006-01-25 (no subject line)');
    expect(out).toContain('Viewer: https://wikileaks.org/cable/2006/01/06MOSCOW754.html');
    expect(out).toContain('¶5 (S) Ivanov said he had made clear that, in Moscow');
    expect(out).toContain('https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5');
    expect(out).toContain('No cable 06MOSCOW745 in the release.\nDid you mean:\n  06MOSCOW754');
    expect(out).toContain('08ECTION01OF02MANAMA492 — BAHRAIN SEEKS');
    // Piped output is wrapped at 80 columns.
    expect(out.replace(/\n/g, ' ')).toContain('The text here is the copy published under the misprinted ID 08ECTION01OF02MANAMA492; the correct ID is 08MANAMA492.');
    // One answer per non-blank line, no prompt or banner when piped.
    expect(out).not.toContain('cable>');
    expect(out.match(/^06MOSCOW754 — /gm)).toHaveLength(2);
  });

  it('THEN a half-set platform names the missing variable, exit 2, before anything starts', async () => {
    const half = await run(['start'], { env: { DISCORD_TOKEN: 't' } });
    expect(half.code).toBe(2);
    expect(half.err).toBe('cablebot: DISCORD_APPLICATION_ID: needed with DISCORD_TOKEN (the application that owns the /cable command)\n');
  });

  it('THEN a shard id outside DISCORD_SHARD_COUNT, or DISCORD_SHARD_IDS without it, stops start with one line naming the variable, exit 2', async () => {
    const discord = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' };
    const outside = await run(['start'], { env: { ...discord, DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '2-4' } });
    expect([outside.code, outside.err]).toEqual([2, 'cablebot: DISCORD_SHARD_IDS: shard 4 is outside DISCORD_SHARD_COUNT=4 (ids run 0-3)\n']);
    const alone = await run(['start'], { env: { ...discord, DISCORD_SHARD_IDS: '0,2' } });
    expect([alone.code, alone.err]).toEqual([2, 'cablebot: DISCORD_SHARD_COUNT: needed with DISCORD_SHARD_IDS (the shards of all processes together)\n']);
  });

  it('THEN half-set Slack OAuth variables, or OAuth with a bot token too, stop start with one line naming the variable, exit 2, without repeating a secret', async () => {
    const half = await run(['start'], { env: { SLACK_CLIENT_ID: '4000000001.7000000001', SLACK_CLIENT_SECRET: 'cl1ent-s3cret' } });
    expect([half.code, half.err]).toEqual([2, 'cablebot: SLACK_STATE_SECRET: needed with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Slack OAuth installs need all three)\n']);
    const oauth = { SLACK_CLIENT_ID: '4000000001.7000000001', SLACK_CLIENT_SECRET: 'cl1ent-s3cret', SLACK_STATE_SECRET: 'st4te-s3cret-long-enough', SLACK_SIGNING_SECRET: 's' };
    const mixed = await run(['start'], { env: { ...oauth, CABLEBOT_PUBLIC_URL: 'https://cablebot.example.org', SLACK_BOT_TOKEN: 'xoxb-1' } });
    expect([mixed.code, mixed.err]).toEqual([2, 'cablebot: SLACK_BOT_TOKEN: unset it with SLACK_CLIENT_ID (OAuth installs give each workspace its own token)\n']);
    const noUrl = await run(['start'], { env: oauth });
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toMatch(/^cablebot: CABLEBOT_PUBLIC_URL: needed with SLACK_CLIENT_ID/);
    for (const r of [half, mixed, noUrl]) expect(r.err).not.toMatch(/s3cret/);
  });

  it('THEN a malformed CABLEBOT_STATE_URL names the variable, exit 2, without repeating the URL (it holds a password)', async () => {
    const bad = await run(['start'], { env: { CABLEBOT_STATE_URL: 'postgres//bot:s3cret@db/cablebot' } });
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('cablebot: CABLEBOT_STATE_URL: a PostgreSQL URL (postgres://user:password@host:5432/database)\n');
  });

  it('THEN a CABLEBOT_STATE_URL whose server cannot be reached gives one line naming the variable and why, exit 1', async () => {
    const db = join(dir, 'state-url.db');
    await run(['import', SEED, '--db', db]);
    const port = await freePort();
    const env = { CABLEBOT_DB: db, CABLEBOT_STATE_URL: `postgres://bot:s3cret@127.0.0.1:${port}/cablebot`, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '0' };
    const { code, err } = await run(['start'], { env });
    expect(code).toBe(1);
    expect(err).toMatch(/^cablebot: CABLEBOT_STATE_URL: cannot use the PostgreSQL server \(.*ECONNREFUSED.*\)\n$/);
    expect(err).not.toContain('s3cret');
  });

  it('THEN a configured store that does not exist gives one line naming the file, exit 1', async () => {
    const db = join(dir, 'nope.db');
    const { code, err } = await run(['start'], { env: { CABLEBOT_DB: db } });
    expect(code).toBe(1);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain(db);
  });
});

describe('GIVEN cablebot start with Slack credentials (HTTP mode, against the fake Slack)', () => {
  it('THEN it runs the Slack adapter instead of the console, answers a signed /cable, and stops cleanly on the signal', async () => {
    const db = join(dir, 'cables.db');
    await run(['import', SEED, '--db', db]);
    const fake = await startFakeSlack();
    try {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (d: Buffer) => (err += d.toString()));
      const stdin = new PassThrough();
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const env = { SLACK_BOT_TOKEN: 'xoxb-cli-test', SLACK_SIGNING_SECRET: 'cli-secret', SLACK_API_URL: fake.apiUrl, PORT: '0', CABLEBOT_DB: db, CABLEBOT_SETTINGS_DB: join(dir, 'settings.db') };
      const exit = main(['start'], { stdout, stderr, stdin, env }, () => stopped);
      let port: string | undefined;
      for (let i = 0; i < 200 && port === undefined; i++) {
        port = /listening on :(\d+)\/slack\/events/.exec(err)?.[1];
        if (port === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(port, err).toBeDefined();
      const responseUrl = fake.responseUrl('cli');
      const posted = await signedPost(`http://127.0.0.1:${port}/slack/events`, fake.slashCommand({ text: '06MOSCOW754 ¶5', responseUrl }), { signingSecret: 'cli-secret', form: true });
      expect(posted.status).toBe(200);
      const answer = await fake.waitForResponsePost((p) => p.id === 'cli');
      expect(JSON.stringify(answer.body)).toContain('#par5');
      stop();
      expect(await exit).toBe(0);
      expect(err).toContain('slack adapter started');
    } finally {
      await fake.close();
    }
  });
});

describe('GIVEN cablebot lookup', () => {
  let db: string;
  beforeEach(async () => {
    db = join(dir, 'cables.db');
    await run(['import', SEED, '--db', db]);
  });

  it('THEN text format prints what the console would, exit 0', async () => {
    const { code, out } = await run(['lookup', '06MOSCOW754', '¶5'], { env: { CABLEBOT_DB: db } });
    expect(code).toBe(0);
    expect(out).toContain('¶5 (S) Ivanov said');
    expect(out).toContain('#par5');
  });

  it('THEN json format prints the Answer with its Reply, as data', async () => {
    const { code, out } = await run(['lookup', '--format', 'json', '06MOSCOW754#par5'], { env: { CABLEBOT_DB: db } });
    expect(code).toBe(0);
    const answer = z
      .object({ skipped: z.number(), replies: z.array(z.object({ kind: z.string(), paragraphs: z.array(z.object({ number: z.number(), marking: z.string(), url: z.string() })) })) })
      .parse(JSON.parse(out));
    expect(answer.replies[0]?.kind).toBe('paragraphs');
    expect(answer.replies[0]?.paragraphs[0]).toMatchObject({ number: 5, marking: 'S', url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' });
  });

  it('THEN source prints the cable and paragraph of a quote as JSON, exit 0; a quote found nowhere exits 1', async () => {
    const quote = 'source “Larijani had said Ivanov and Russia were TOUGHER on that issue than … Jack Straw”';
    const { code, out } = await run(['lookup', '--format', 'json', quote], { env: { CABLEBOT_DB: db } });
    expect(code).toBe(0);
    const answer = z
      .object({ replies: z.array(z.object({ kind: z.literal('source'), matches: z.array(z.object({ id: z.string(), paragraph: z.number().nullable(), verdict: z.string(), url: z.string() })) })) })
      .parse(JSON.parse(out));
    expect(answer.replies[0]?.matches[0]).toEqual({ id: '06MOSCOW754', paragraph: 5, verdict: 'exact', url: 'https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5' });
    const none = await run(['lookup', 'source the quick brown fox jumps over the lazy dog'], { env: { CABLEBOT_DB: db } });
    expect(none.code).toBe(1);
    expect(none.out).toContain('not found in the 1 cable of this store');
  });

  it('THEN an answer that finds nothing exits 1; bad usage exits 2 with a reason', async () => {
    expect((await run(['lookup', '06MOSCOW745'], { env: { CABLEBOT_DB: db } })).code).toBe(1);
    const noText = await run(['lookup'], { env: { CABLEBOT_DB: db } });
    expect([noText.code, noText.err]).toEqual([2, 'cablebot lookup: give the text to answer, e.g. cablebot lookup 06MOSCOW754 ¶5\n']);
    const badFormat = await run(['lookup', '--format', 'xml', '06MOSCOW754'], { env: { CABLEBOT_DB: db } });
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain('--format takes text, json, discord, slack');
  });
});

describe('GIVEN an unknown command', () => {
  it('THEN it says so with the usage, exit 2', async () => {
    const { code, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('unknown command "frobnicate"');
    expect(err).toContain('import <file|dir...>');
  });
});

describe('GIVEN the installed entry point bin/cablebot.js', () => {
  it('THEN `cablebot parse` runs (compiled into var/build) and exits non-zero for a missing file', async () => {
    const bin = new URL('../../bin/cablebot.js', import.meta.url).pathname;
    const ok = await promisify(execFile)(process.execPath, [bin, 'parse', SEED]);
    expect((JSON.parse(ok.stdout) as { id: string }).id).toBe('06MOSCOW754');
    const failed = await promisify(execFile)(process.execPath, [bin, 'parse', join(dir, 'x.html')]).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file or folder') });
  });
});
