import { describe, expect, it } from 'vitest';
import { parseCableUrl } from '../../../src/core/grammar/index.ts';
import type { CableUrl } from '../../../src/core/grammar/index.ts';

describe('parseCableUrl', () => {
  const cables: [string, CableUrl][] = [
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5', { id: '06MOSCOW754', paragraph: 5 }],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par05', { id: '06MOSCOW754', paragraph: 5 }],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#PAR12', { id: '06MOSCOW754', paragraph: 12 }],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#parB', { id: '06MOSCOW754', paragraph: null }],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par1000', { id: '06MOSCOW754', paragraph: null }],
    ['https://wikileaks.org/cable/2006/01/06MOSCOW754.html?x=1', { id: '06MOSCOW754', paragraph: null }],
    ['https://wikileaks.org:443/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['http://www.wikileaks.ch/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['http://cablegate.wikileaks.org/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['http://wikileaks.de/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['http://213.251.145.96/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['wikileaks.org/cable/2006/01/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['https://wikileaks.org/cable/2006/01/08ECTION01OF02MANAMA492.html', { id: '08ECTION01OF02MANAMA492', paragraph: null }],
    ['https://wikileaks.org/plusd/cables/06MOSCOW754_a.html', { id: '06MOSCOW754', paragraph: null }],
    ['https://wikileaks.org/plusd/cables/06MOSCOW754.html', { id: '06MOSCOW754', paragraph: null }],
    ['https://search.wikileaks.org/plusd/cables/06MOSCOW754_a.html', { id: '06MOSCOW754', paragraph: null }],
    ['http://cablegatesearch.net/cable.php?id=06MOSCOW754', { id: '06MOSCOW754', paragraph: null }],
    ['http://cablegatesearch.net/cable.php?id=06MOSCOW754&version=1291757400', { id: '06MOSCOW754', paragraph: null }],
    ['http://www.cablegatesearch.net/cable.php?version=2&amp;id=06MOSCOW754', { id: '06MOSCOW754', paragraph: null }],
  ];
  it.each(cables)('GIVEN %j THEN %j', (url, cable) => {
    expect(parseCableUrl(url)).toEqual(cable);
  });

  const others = [
    'https://example.com/cable/2006/01/06MOSCOW754.html',
    'https://notwikileaks.org/cable/2006/01/06MOSCOW754.html',
    'https://wikileaks.org/cable/2006/01/06MOSCOW754.htm',
    'https://wikileaks.org/cable/2006/01/06-MOSCOW-754.html',
    'https://wikileaks.org/cablegate.html',
    'https://wikileaks.org/plusd/cables/',
    'http://cablegatesearch.net/cable.php',
    'http://cablegatesearch.net/cable.php?id=06MOSCOW754<script>',
    'http://cablegatesearch.net/other.php?id=06MOSCOW754',
    `https://wikileaks.org/cable/2006/01/${'A'.repeat(3000)}.html`,
    '',
  ];
  it.each(others)('GIVEN %j THEN null', (url) => {
    expect(parseCableUrl(url)).toBeNull();
  });
});
