/**
 * Raw telegrams: routing header then body, as Latin-1 exports (CRLF, `¶` = 0xB6) or UTF-8 with
 * LF. Built here from a real page — its first `<pre>` (routing header) and its body — and read
 * back through the file reader, which must recognise the format and the encoding by itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile, type SourcedResult } from '../../../src/corpus/parse/file.ts';
import { isTelegram, parseTelegram } from '../../../src/corpus/parse/telegram.ts';
import { decodeCableBytes } from '../../../src/corpus/parse/text.ts';
import type { ParsedCable } from '../../../src/corpus/types.ts';
import { page, pageParts, paragraphsOf } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'cablebot-telegram-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Routing header, a blank line, then the body with the viewer's ¶ marks, as one text. */
function telegramText(id: string): string {
  const p = pageParts(id);
  return `${p.header}\n\n${p.body}`;
}

/** Latin-1 bytes with CRLF line ends; refuses text Latin-1 cannot hold (it would be garbled silently). */
function latin1Crlf(text: string): Buffer {
  const wide = [...text].filter((ch) => (ch.codePointAt(0) ?? 0) > 0xff);
  if (wide.length > 0) throw new Error(`not Latin-1: ${wide.slice(0, 5).join(' ')}`);
  return Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');
}

async function parseOne(name: string, bytes: Uint8Array): Promise<ParsedCable> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const results: SourcedResult[] = [];
  for await (const r of parseFile(path)) results.push(r);
  expect(results).toHaveLength(1);
  const r = results[0];
  if (!r?.ok) throw new Error(`expected a cable, got ${JSON.stringify(r)}`);
  expect(r.source.file).toBe(path);
  return r.cable;
}

/** What a telegram must share with the page it was built from: everything the body and routing header say. */
function bodyFacts(c: ParsedCable): unknown {
  return {
    subject: c.subject,
    tags: c.tags,
    references: c.references,
    classifiedBy: c.classifiedBy,
    reasons: c.reasons,
    declassify: c.declassify,
    summary: c.summary,
    tid: c.tid,
    paragraphs: paragraphsOf(c),
  };
}

describe('GIVEN 06BOGOTA2291 as a Latin-1 telegram with CRLF line ends and ¶ as byte 0xB6', () => {
  const bytes = latin1Crlf(telegramText('06BOGOTA2291'));

  it('THEN the bytes really are that export: 0xB6 pilcrows, CRLF, no UTF-8 sequences', () => {
    expect(bytes.includes(0xb6)).toBe(true);
    expect(bytes.includes(Buffer.from('¶', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
  });

  it('THEN decodeCableBytes falls back from UTF-8 and turns 0xB6 into ¶', () => {
    const text = decodeCableBytes(bytes);
    expect(text).toContain('\r\n¶1. (C) On March 8, Peace Commissioner');
    expect(isTelegram(text)).toBe(true);
  });

  it('THEN parseFile reads it as a telegram with ID, date, classification and origin from the header and opening line', async () => {
    const c = await parseOne('06BOGOTA2291.txt', bytes);
    expect(c).toMatchObject({
      format: 'telegram',
      id: '06BOGOTA2291',
      canonicalId: '06BOGOTA2291',
      // The DTG `P 141502Z MAR 06`; the viewer's Created (15:03) is its database time, not in the telegram.
      created: '2006-03-14 15:02',
      released: null,
      classification: 'CONFIDENTIAL',
      origin: 'Embassy Bogota',
      partial: false,
    });
    expect(c.header?.split('\n')[0]).toBe('VZCZCXYZ0029');
  });

  it('THEN everything the body says equals the parse of the page itself', async () => {
    const c = await parseOne('06BOGOTA2291-again.txt', bytes);
    expect(bodyFacts(c)).toEqual(bodyFacts(page('06BOGOTA2291')));
    expect(c.paragraphs.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 6, 7]);
  });
});

describe('GIVEN the same telegram in UTF-8 with LF line ends', () => {
  it('THEN it parses to the same cable as the Latin-1 export', async () => {
    const text = telegramText('06BOGOTA2291');
    const utf8 = await parseOne('06BOGOTA2291-utf8.txt', Buffer.from(text, 'utf8'));
    const latin1 = await parseOne('06BOGOTA2291-latin1.txt', latin1Crlf(text));
    expect({ ...utf8, header: null }).toEqual({ ...latin1, header: null });
    expect(utf8.header).toBe(latin1.header);
  });
});

describe('GIVEN a SECRET telegram whose paragraphs are marked NOFORN (08BUCHAREST608)', () => {
  it('THEN the classification is SECRET//NOFORN, as the viewer writes it, and the body agrees with the page', async () => {
    const c = await parseOne('08BUCHAREST608.txt', latin1Crlf(telegramText('08BUCHAREST608')));
    expect(c).toMatchObject({ id: '08BUCHAREST608', created: '2008-07-31 12:03', classification: 'SECRET//NOFORN', origin: 'Embassy Bucharest' });
    expect(page('08BUCHAREST608').classification).toBe('SECRET//NOFORN');
    expect(bodyFacts(c)).toEqual(bodyFacts(page('08BUCHAREST608')));
  });
});

describe('GIVEN telegram text that lacks what names the cable', () => {
  it('THEN a text with no opening line is no-body', () => {
    const header = pageParts('06BOGOTA2291').header;
    expect(parseTelegram(`${header}\n\nThe text of a telegram without its classification line.`)).toEqual({ ok: false, error: { code: 'no-body' } });
  });

  it('THEN a routing header without a date-time group is no-created', () => {
    const text = telegramText('06BOGOTA2291').replace('P 141502Z MAR 06', 'P');
    expect(parseTelegram(text)).toEqual({ ok: false, error: { code: 'no-created' } });
  });
});
