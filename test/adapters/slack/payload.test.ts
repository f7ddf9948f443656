/**
 * `cablebot lookup … --format slack` (DESIGN.md "Contracts"): prints the exact Block Kit the
 * adapter sends — one `{ text, blocks }` message per reply — run in-process over the fixture store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from '../../../adapters/slack/index.ts';
import { renderReply } from '../../../adapters/slack/render.ts';
import { answerLine, runInput } from '../../../src/core/answer.ts';
import { openFixtureBot, type FixtureBot } from '../../core/bot-fixture.ts';
import { runCli } from '../../cli/run-cli.ts';

let bot: FixtureBot;
beforeAll(async () => {
  bot = await openFixtureBot();
});
afterAll(() => bot.close());

const lookup = (words: string[]) => runCli(['lookup', '--format', 'slack', ...words], { env: { CABLEBOT_DB: bot.dbPath } });


describe('GIVEN cablebot lookup --format slack', () => {
  it('THEN it prints the exact messages the adapter would send, without paging buttons (there is nobody to own them)', async () => {
    const { code, out, err } = await lookup(['06MOSCOW754', '¶5']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const printed: unknown = JSON.parse(out);
    expect(printed).toEqual(slackAdapter.payload(answerLine(bot.ctx, '06MOSCOW754 ¶5')));
    expect(printed).toEqual([JSON.parse(JSON.stringify(renderReply(runInput(bot.ctx, { command: 'cable', options: { ref: '06MOSCOW754', paragraphs: [{ from: 5, to: 5 }], source: 'command' } }), { owner: null })))]);
    expect(out).not.toContain('cable_page_');
  });

  it('THEN an ID not in the release prints its not-found message and exits 1', async () => {
    const { code, out } = await lookup(['06ZZZZZZ754']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual([{ text: 'No cable 06ZZZZZZ754 in the release.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: expect.stringMatching(/^No cable 06ZZZZZZ754 in the release\./) } }] }]);
  });
});
