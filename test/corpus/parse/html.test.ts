/**
 * WikiLeaks cable viewer pages (PARSER-NOTES §7): the metadata table, the two `<pre>` blocks,
 * entities and the viewer's markup inside them, misprinted IDs.
 */
import { describe, expect, it } from 'vitest';
import { decodeEntities, isCablePage, parseCablePage, preToText, readPage } from '../../../src/corpus/parse/html.ts';
import { fixtureText, page, pageParts, para } from './fixtures.ts';

describe('GIVEN the metadata table of a page', () => {
  it('THEN ID, Created, Released, Classification and Origin are read from it (02BOGOTA3281)', () => {
    expect(page('02BOGOTA3281')).toMatchObject({
      format: 'html',
      id: '02BOGOTA3281',
      canonicalId: '02BOGOTA3281',
      created: '2002-04-11 20:08',
      released: '2011-04-06 00:12',
      classification: 'SECRET',
      origin: 'Embassy Bogota',
    });
  });

  it('THEN the classification is the link text, not its scrambled title attribute', () => {
    expect(fixtureText('pages/02BOGOTA3281.html')).toContain("<a href='/classification/3_0.html' title='confidential'>SECRET</a>");
    expect(page('02BOGOTA3281').classification).toBe('SECRET');
    expect(fixtureText('pages/06MEXICO1311.html')).toMatch(/title='confidential\/\/noforn'>UNCLASSIFIED\/\/FOR OFFICIAL USE ONLY</);
    expect(page('06MEXICO1311').classification).toBe('UNCLASSIFIED//FOR OFFICIAL USE ONLY');
    expect(page('06REYKJAVIK88').classification).toBe('UNCLASSIFIED');
  });
});

describe('GIVEN the two <pre> blocks', () => {
  it('THEN the first is the routing header, with `&#x000A;` turned into newlines, and gives the TID (06BOGOTA2291)', () => {
    const c = page('06BOGOTA2291');
    expect(c.header?.split('\n').slice(0, 7)).toEqual([
      'VZCZCXYZ0029',
      'PP RUEHWEB',
      '',
      'DE RUEHBO #2291/01 0731502',
      'ZNY CCCCC ZZH',
      'P 141502Z MAR 06',
      'FM AMEMBASSY BOGOTA',
    ]);
    expect(c.tid).toBe('VZCZCXYZ0029');
  });

  it('THEN the last is the body: it starts at the opening line and the viewer\'s anchors and tag links are gone', () => {
    const c = page('06BOGOTA2291');
    expect(c.body.split('\n')[0]).toBe('C O N F I D E N T I A L BOGOTA 002291');
    expect(c.body).not.toMatch(/<a |href=|&#x000A;/);
    expect(c.body).toContain('TAGS: KJUS PGOV PREL PTER CO');
  });

  it('THEN the anchors are reported as written, letters and years included (02BOGOTA3281, 06MEXICO1311)', () => {
    expect(pageParts('02BOGOTA3281').anchors).toEqual(['1', '2', '3', '4', '5', '6', '2000', '7']);
    expect(pageParts('06MEXICO1311').anchors).toEqual(['B', '1', '2', '3', '4', '5']);
  });

  it('THEN `<<Israel>>` in the text, which looks like markup, is kept as cable text (08STATE43817)', () => {
    expect(para(page('08STATE43817'), 2).text).toMatch(/^On September 6, 2007, <<Israel>> destroyed a nuclear reactor/);
  });
});

describe('GIVEN entities and markup inside a <pre>', () => {
  it('THEN decodeEntities decodes hex, decimal and the named ones, and refuses impossible code points', () => {
    expect(decodeEntities('A&#x000A;B&#182;&amp;&lt;&gt;&quot;&apos;')).toBe('A\nB¶&<>"\'');
    expect(decodeEntities('&#xD800;')).toBe('\ufffd');
  });

  it('THEN preToText keeps the viewer\'s ¶ only when asked', () => {
    const pre = "<a id='par1' href='#par1'>¶</a>1. (C) Text&#x000A;<a id='parB' href='#parB'>¶</a>B. MOSCOW 1";
    expect(preToText(pre)).toBe('1. (C) Text\nB. MOSCOW 1');
    expect(preToText(pre, true)).toBe('¶1. (C) Text\n¶B. MOSCOW 1');
  });
});

describe('GIVEN a misprinted published ID (PARSER-NOTES §2)', () => {
  it('THEN 08ECTION01OF02MANAMA492 keeps its ID, names 08MANAMA492 as canonical, and carries its own TID', () => {
    const c = page('08ECTION01OF02MANAMA492');
    expect(c.id).toBe('08ECTION01OF02MANAMA492');
    expect(c.canonicalId).toBe('08MANAMA492');
    // cablemap's test_issue12: the twin 08MANAMA492 has TID VZCZCXRO5008, this copy VZCZCXRO4772.
    expect(c.tid).toBe('VZCZCXRO4772');
    expect(c.created).toBe('2008-07-24 06:06');
  });

  it('THEN a correctly published ID is its own canonical ID', () => {
    expect(page('06BOGOTA2291').canonicalId).toBe('06BOGOTA2291');
  });
});

describe('GIVEN a page that is not a whole cable page', () => {
  const html = fixtureText('pages/06BOGOTA2291.html');

  it('THEN without the cable table it is not recognised, and parseCablePage says no-body', () => {
    const noTable = html.replace("<table class='cable'>", '<table>');
    expect(isCablePage(noTable)).toBe(false);
    expect(parseCablePage(noTable)).toEqual({ ok: false, error: { code: 'no-body' } });
  });

  it('THEN with an empty ID cell it is no-id', () => {
    const noId = html.replace("<a href='/cable/2006/03/06BOGOTA2291.html'>06BOGOTA2291</a>", '');
    expect(noId).not.toBe(html);
    expect(readPage(noId)).toEqual({ ok: false, code: 'no-id' });
  });
});
