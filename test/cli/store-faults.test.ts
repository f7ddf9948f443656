/**
 * `cablebot start` with a store it cannot use: one clear line naming the file, exit code 1,
 * whether the platforms are configured or not (the store opens before any connection).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli.ts';
import { tempDir } from '../corpus/store-fixtures.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('store-faults')));
afterEach(() => cleanup());

/** Slack credentials pointing nowhere: the run must stop at the store, before connecting. */
const slack = { SLACK_BOT_TOKEN: 'xoxb-never-used', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api/', PORT: '0' };

async function expectOneLine(env: NodeJS.ProcessEnv, mentions: string): Promise<string> {
  const { code, out, err } = await run(['start'], { env });
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).toMatch(/^cablebot: /);
  expect(err).toContain(mentions);
  return err;
}

describe.each([
  ['the console', {}],
  ['Slack configured', slack],
])('GIVEN cablebot start with %s', (_name, platform) => {
  it('WHEN CABLEBOT_DB names a missing file THEN one line naming it, exit 1', async () => {
    const db = join(dir, 'missing.db');
    await expectOneLine({ ...platform, CABLEBOT_DB: db }, db);
  });

  it('WHEN CABLEBOT_DB is not a SQLite database (corrupt) THEN one line naming it, exit 1', async () => {
    const db = join(dir, 'corrupt.db');
    writeFileSync(db, Buffer.alloc(64 * 1024, 0x5a));
    await expectOneLine({ ...platform, CABLEBOT_DB: db }, db);
  });

  it('WHEN CABLEBOT_DB cannot be opened as a file (a directory; chmod 000 does not stop root) THEN one line naming it, exit 1', async () => {
    const db = join(dir, 'a-directory.db');
    mkdirSync(db);
    chmodSync(db, 0o000);
    try {
      await expectOneLine({ ...platform, CABLEBOT_DB: db }, db);
    } finally {
      chmodSync(db, 0o700);
    }
  });
});
