import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_TEXT, parseCommandText } from '../../../src/core/grammar/index.ts';
import { MAX_CABLES_PER_MESSAGE } from '../../../src/core/input.ts';
import type { CommandInput, GrammarErrorCode, ParagraphSpan, ParsedCommand } from '../../../src/core/input.ts';

const span = (from: number, to = from): ParagraphSpan => ({ from, to });
const cable = (ref: string, paragraphs: ParagraphSpan[] = []): CommandInput => ({ command: 'cable', options: { ref, paragraphs, source: 'command' } });

function inputsOf(text: string): CommandInput[] {
  const parsed = parseCommandText(text);
  if (!parsed.ok) throw new Error(`expected ok for ${JSON.stringify(text)}, got ${parsed.code} (${parsed.detail})`);
  return parsed.inputs;
}

function errorOf(text: string): Extract<ParsedCommand, { ok: false }> {
  const parsed = parseCommandText(text);
  if (parsed.ok) throw new Error(`expected an error for ${JSON.stringify(text)}, got ${JSON.stringify(parsed.inputs)}`);
  return parsed;
}

describe('parseCommandText: command words and verbs', () => {
  const lookups = ['06MOSCOW754', '/cable 06MOSCOW754', 'cable 06MOSCOW754', '/CABLE 06MOSCOW754', '  /cable   06MOSCOW754  '];
  it.each(lookups)('GIVEN %j THEN it is a cable lookup of 06MOSCOW754', (text) => {
    expect(parseCommandText(text)).toEqual({ ok: true, inputs: [cable('06MOSCOW754')], skipped: 0 });
  });

  const searches = ['/cable search larijani', 'search larijani', '/search larijani', 'SEARCH larijani', '/Search   larijani '];
  it.each(searches)('GIVEN %j THEN it is a search for larijani', (text) => {
    expect(inputsOf(text)).toEqual([{ command: 'search', options: { query: 'larijani', origin: null, year: null } }]);
  });

  const helps: [string, string | null][] = [
    ['help', null],
    ['/help', null],
    ['?', null],
    ['/cable help', null],
    ['/cable ?', null],
    ['help cable', 'cable'],
    ['/help search', 'search'],
    ['help /search', 'search'],
    ['? reasons', 'reasons'],
    ['help search filters please', 'search'],
  ];
  it.each(helps)('GIVEN %j THEN it is help with topic %j', (text, topic) => {
    expect(inputsOf(text)).toEqual([{ command: 'help', options: { topic } }]);
  });

  it('GIVEN a help topic longer than 40 characters THEN it is cut to 40', () => {
    const [input] = inputsOf(`help ${'x'.repeat(100)}`);
    expect(input).toEqual({ command: 'help', options: { topic: 'x'.repeat(40) } });
  });

  it('GIVEN /search search larijani THEN the second "search" is a search word, not a verb', () => {
    expect(inputsOf('/search search larijani')).toEqual([{ command: 'search', options: { query: 'search larijani', origin: null, year: null } }]);
  });

  it('GIVEN reasons with text THEN the text is kept as written, trimmed', () => {
    expect(inputsOf('reasons   1.4 (B & D)  ')).toEqual([{ command: 'reasons', options: { text: '1.4 (B & D)' } }]);
    expect(inputsOf('/reasons 06MOSCOW754')).toEqual([{ command: 'reasons', options: { text: '06MOSCOW754' } }]);
    expect(inputsOf('/cable reasons 1.4(d)')).toEqual([{ command: 'reasons', options: { text: '1.4(d)' } }]);
  });

  const empties: [string, GrammarErrorCode][] = [
    ['', 'empty'],
    ['   \n\t', 'empty'],
    ['/cable', 'empty'],
    ['/cable  ', 'empty'],
    ['cable', 'empty'],
    ['/cable , ,', 'empty'],
    ['reasons', 'reasons-empty'],
    ['/reasons   ', 'reasons-empty'],
    ['search', 'search-empty'],
    ['/search', 'search-empty'],
    ['search year:2006', 'search-empty'],
  ];
  it.each(empties)('GIVEN %j THEN the error is %s', (text, code) => {
    expect(errorOf(text).code).toBe(code);
  });

  it('GIVEN text over 2,000 characters THEN too-long, with a detail of at most 60 characters', () => {
    const error = errorOf(`06MOSCOW754 ${'x'.repeat(MAX_COMMAND_TEXT)}`);
    expect(error.code).toBe('too-long');
    expect(error.detail.length).toBeLessThanOrEqual(60);
  });

  it('GIVEN reasons text over 500 characters THEN too-long', () => {
    expect(errorOf(`reasons ${'1.4(b) '.repeat(80)}`).code).toBe('too-long');
  });
});

describe('parseCommandText: reference IDs as written', () => {
  const forms: [string, string][] = [
    ['06MOSCOW754', '06MOSCOW754'],
    ['06moscow754', '06moscow754'],
    ['#06MOSCOW754', '06MOSCOW754'],
    ['06 MOSCOW 754', '06 MOSCOW 754'],
    ['06-MOSCOW-754', '06-MOSCOW-754'],
    ['06MOSCOW0754', '06MOSCOW0754'],
    ['06MOSCOW000754', '06MOSCOW000754'],
    ['2006MOSCOW754', '2006MOSCOW754'],
    ['06SECSTATE123', '06SECSTATE123'],
    ['07USUN2', '07USUN2'],
    ['08ECTION01OF02MANAMA492', '08ECTION01OF02MANAMA492'],
    ['09SECTION01OF03SANJOSE525', '09SECTION01OF03SANJOSE525'],
    ['06ASTANA', '06ASTANA'],
    ['06MOSCOW 754', '06MOSCOW 754'],
    ['06 MOSCOW754', '06 MOSCOW754'],
    ['06 BUENOS AIRES 123', '06 BUENOS AIRES 123'],
    ['06 PORT-OF-SPAIN 12', '06 PORT-OF-SPAIN 12'],
    ['2006 MOSCOW 754', '2006 MOSCOW 754'],
    ['06 ASTANA', '06 ASTANA'],
    ['06\u00a0MOSCOW\u00a0754', '06\u00a0MOSCOW\u00a0754'],
    ['MOSCOW754', 'MOSCOW754'],
  ];
  it.each(forms)('GIVEN %j THEN ref is %j (resolution normalises it later)', (text, ref) => {
    expect(inputsOf(text)).toEqual([cable(ref)]);
  });

  const notIds = ['please', 'hello', '754', '1.4(b)', '¶5', '#par5', 'p5', 'para5', '#cablegate', 'https://example.com/06MOSCOW754', `${'06MOSCOW754'.repeat(7)}`];
  it.each(notIds)('GIVEN %j THEN not-an-id', (text) => {
    expect(errorOf(text).code).toBe('not-an-id');
  });

  it('GIVEN a not-an-id word THEN the detail is that word', () => {
    expect(errorOf('please look up 06MOSCOW754')).toEqual({ ok: false, code: 'not-an-id', detail: 'please' });
  });

  it('GIVEN a spaced ID with a serial THEN a following number is the paragraph, not more serial', () => {
    expect(inputsOf('06 MOSCOW 754 5')).toEqual([cable('06 MOSCOW 754', [span(5)])]);
    expect(inputsOf('06MOSCOW 754 5')).toEqual([cable('06MOSCOW 754', [span(5)])]);
  });

  it('GIVEN a spaced ID without serial followed by a word THEN the ID keeps one station word and the rest is trailing text', () => {
    expect(errorOf('06 MOSCOW please')).toEqual({ ok: false, code: 'trailing-text', detail: 'please' });
  });

  it('GIVEN 06ASTANA (a published ID with no serial) and a word selector THEN the selector is not read as station words', () => {
    expect(inputsOf('06ASTANA para 5')).toEqual([cable('06ASTANA', [span(5)])]);
    expect(inputsOf('06ASTANA ¶5')).toEqual([cable('06ASTANA', [span(5)])]);
  });

  it('GIVEN a cable URL THEN its ID and #par fragment are the lookup', () => {
    expect(inputsOf('/cable https://wikileaks.org/cable/2006/01/06MOSCOW754.html#par5')).toEqual([cable('06MOSCOW754', [span(5)])]);
    expect(inputsOf('https://wikileaks.org/plusd/cables/06MOSCOW754_a.html ¶2-3')).toEqual([cable('06MOSCOW754', [span(2, 3)])]);
  });
});

describe('parseCommandText: paragraph selectors', () => {
  const selectors: [string, ParagraphSpan[]][] = [
    ['06MOSCOW754 5', [span(5)]],
    ['06MOSCOW754 ¶5', [span(5)]],
    ['06MOSCOW754 ¶ 5', [span(5)]],
    ['06MOSCOW754¶5', [span(5)]],
    ['06MOSCOW754 p5', [span(5)]],
    ['06MOSCOW754 p 5', [span(5)]],
    ['06MOSCOW754 par5', [span(5)]],
    ['06MOSCOW754 para 5', [span(5)]],
    ['06MOSCOW754 Para. 5', [span(5)]],
    ['06MOSCOW754 paragraph 5', [span(5)]],
    ['06MOSCOW754 PARAGRAPH 5', [span(5)]],
    ['06MOSCOW754 paras 3-5', [span(3, 5)]],
    ['06MOSCOW754 paragraphs 3-5', [span(3, 5)]],
    ['06MOSCOW754 #par5', [span(5)]],
    ['06MOSCOW754#par5', [span(5)]],
    ['06MOSCOW754 ¶3-5', [span(3, 5)]],
    ['06MOSCOW754 ¶3–5', [span(3, 5)]],
    ['06MOSCOW754 ¶3—5', [span(3, 5)]],
    ['06MOSCOW754 ¶3 - 5', [span(3, 5)]],
    ['06MOSCOW754 ¶3,7', [span(3), span(7)]],
    ['06MOSCOW754 ¶3, 7', [span(3), span(7)]],
    ['06MOSCOW754 ¶1,3-5', [span(1), span(3, 5)]],
    ['06MOSCOW754 ¶¶3-5', [span(3, 5)]],
    ['06MOSCOW754 ¶7,3', [span(7), span(3)]],
    ['06MOSCOW754 ¶05', [span(5)]],
    ['06MOSCOW754 ¶999', [span(999)]],
    ['06MOSCOW754 3-5', [span(3, 5)]],
    ['06MOSCOW754 ¶5,', [span(5)]],
    ['#06MOSCOW754 ¶5', [span(5)]],
    ['06 MOSCOW 754 ¶5', [span(5)]],
    ['06 MOSCOW 754¶5', [span(5)]],
  ];
  it.each(selectors)('GIVEN %j THEN the paragraphs are %j, in the order written', (text, paragraphs) => {
    const [input] = inputsOf(text);
    expect(input?.command === 'cable' ? input.options.paragraphs : null).toEqual(paragraphs);
  });

  const bad: [string, GrammarErrorCode, string][] = [
    ['06MOSCOW754 ¶0', 'bad-paragraph', '¶0'],
    ['06MOSCOW754 ¶x', 'bad-paragraph', '¶x'],
    ['06MOSCOW754 ¶1000', 'bad-paragraph', '¶1000'],
    ['06MOSCOW754 ¶', 'bad-paragraph', '¶'],
    ['06MOSCOW754¶5x', 'bad-paragraph', '¶5x'],
    ['06MOSCOW754 ¶3-1000', 'bad-paragraph', '¶3-1000'],
    ['06MOSCOW754 ¶5-3', 'bad-range', '5-3'],
    ['06MOSCOW754 ¶1,2,3,4,5,6,7,8,9,10,11', 'too-many-paragraphs', '¶1,2,3,4,5,6,7,8,9,10,11'],
    ['06MOSCOW754 §5', 'trailing-text', '§5'],
    ['06MOSCOW754 please', 'trailing-text', 'please'],
    ['06MOSCOW754 ¶5 please', 'trailing-text', 'please'],
    ['06MOSCOW754.', 'trailing-text', '.'],
    ['06MOSCOW754 5 6', 'trailing-text', '6'],
    ['06MOSCOW754 ¶2 ¶3', 'trailing-text', '¶3'],
    ['06MOSCOW754 para x', 'trailing-text', 'para x'],
  ];
  it.each(bad)('GIVEN %j THEN the error is %s with detail %j', (text, code, detail) => {
    expect(errorOf(text)).toEqual({ ok: false, code, detail });
  });

  it('GIVEN ten spans THEN they are all read (the limit is ten)', () => {
    const [input] = inputsOf('06MOSCOW754 ¶1,2,3,4,5,6,7,8,9,10');
    expect(input?.command === 'cable' ? input.options.paragraphs.length : 0).toBe(10);
  });

  it('GIVEN long trailing text THEN the detail is cut to 60 characters', () => {
    expect(errorOf(`06MOSCOW754 ${'blah '.repeat(40)}`).detail.length).toBeLessThanOrEqual(60);
  });
});

describe('parseCommandText: several IDs in one line', () => {
  it('GIVEN two IDs and a selector on the second THEN two lookups, the selector on the second only', () => {
    expect(inputsOf('06MOSCOW754 06MOSCOW755 ¶2')).toEqual([cable('06MOSCOW754'), cable('06MOSCOW755', [span(2)])]);
  });

  it('GIVEN IDs separated by commas THEN each is a lookup', () => {
    expect(inputsOf('06MOSCOW754,06MOSCOW755, #06MOSCOW756')).toEqual([cable('06MOSCOW754'), cable('06MOSCOW755'), cable('06MOSCOW756')]);
  });

  it('GIVEN a selector list followed by a comma and another ID THEN the year of the next ID is not read as a paragraph', () => {
    expect(inputsOf('06MOSCOW754 ¶2, 06 MOSCOW 755')).toEqual([cable('06MOSCOW754', [span(2)]), cable('06 MOSCOW 755')]);
    expect(inputsOf('06MOSCOW754 ¶2,06MOSCOW755 ¶3')).toEqual([cable('06MOSCOW754', [span(2)]), cable('06MOSCOW755', [span(3)])]);
    expect(inputsOf('06MOSCOW754 5, 06MOSCOW755')).toEqual([cable('06MOSCOW754', [span(5)]), cable('06MOSCOW755')]);
  });

  it(`GIVEN more than ${MAX_CABLES_PER_MESSAGE} distinct IDs THEN the first ${MAX_CABLES_PER_MESSAGE} are inputs and the rest are counted as skipped`, () => {
    expect(parseCommandText('06MOSCOW1 06MOSCOW2 06MOSCOW3 06MOSCOW4 06MOSCOW5')).toEqual({
      ok: true,
      inputs: [cable('06MOSCOW1'), cable('06MOSCOW2'), cable('06MOSCOW3')],
      skipped: 2,
    });
  });

  it('GIVEN the same ID twice (any case or spacing) with the same paragraphs THEN it is looked up once', () => {
    expect(parseCommandText('06MOSCOW754 06moscow754 06 MOSCOW 754 06MOSCOW754 ¶2 06MOSCOW754¶2')).toEqual({
      ok: true,
      inputs: [cable('06MOSCOW754'), cable('06MOSCOW754', [span(2)])],
      skipped: 0,
    });
  });

  it('GIVEN duplicates beyond the cap THEN they are not counted as skipped', () => {
    expect(parseCommandText('06MOSCOW1 06MOSCOW2 06MOSCOW3 06MOSCOW1 06MOSCOW4 06MOSCOW4')).toMatchObject({ ok: true, skipped: 1 });
  });

  it('GIVEN a second item that is not an ID THEN trailing-text with the rest of the text', () => {
    expect(errorOf('06MOSCOW754 06MOSCOW755 thanks!')).toEqual({ ok: false, code: 'trailing-text', detail: 'thanks!' });
  });
});

describe('parseCommandText: search filters', () => {
  const searches: [string, { query: string; origin: string | null; year: number | null }][] = [
    ['search larijani origin:moscow', { query: 'larijani', origin: 'moscow', year: null }],
    ['search origin:moscow larijani', { query: 'larijani', origin: 'moscow', year: null }],
    ['search larijani ORIGIN:Moscow Year:2006', { query: 'larijani', origin: 'Moscow', year: 2006 }],
    ['search tango origin:"buenos aires"', { query: 'tango', origin: 'buenos aires', year: null }],
    ['search tango origin:“buenos aires”', { query: 'tango', origin: 'buenos aires', year: null }],
    ['search oil year:06', { query: 'oil', year: 2006, origin: null }],
    ['search oil year:66', { query: 'oil', year: 1966, origin: null }],
    ['search oil year:10', { query: 'oil', year: 2010, origin: null }],
    ['search oil year:1966', { query: 'oil', year: 1966, origin: null }],
    ['search "human rights"  abuses', { query: '"human rights" abuses', origin: null, year: null }],
    ['search "1.4(b)"', { query: '"1.4(b)"', origin: null, year: null }],
    ['search https://wikileaks.org/cable/x', { query: 'https://wikileaks.org/cable/x', origin: null, year: null }],
    ['search meeting at 10:30', { query: 'meeting at 10:30', origin: null, year: null }],
    ['search Note: the minister', { query: 'Note: the minister', origin: null, year: null }],
    ['search 1.4(b): reasons', { query: '1.4(b): reasons', origin: null, year: null }],
  ];
  it.each(searches)('GIVEN %j THEN the search options are %j', (text, options) => {
    expect(inputsOf(text)).toEqual([{ command: 'search', options }]);
  });

  const bad: [string, GrammarErrorCode, string][] = [
    ['search oil year:1850', 'bad-filter', 'year:1850'],
    ['search oil year:2011', 'bad-filter', 'year:2011'],
    ['search oil year:20', 'bad-filter', 'year:20'],
    ['search oil year:abc', 'bad-filter', 'year:abc'],
    ['search oil year:', 'bad-filter', 'year:'],
    ['search oil origin:', 'bad-filter', 'origin:'],
    ['search oil origin:""', 'bad-filter', 'origin:""'],
    ['search oil color:red', 'bad-filter', 'color:red'],
    ['search origin:moscow', 'search-empty', ''],
    ['search   ', 'search-empty', ''],
  ];
  it.each(bad)('GIVEN %j THEN the error is %s with detail %j', (text, code, detail) => {
    expect(errorOf(text)).toEqual({ ok: false, code, detail });
  });

  it('GIVEN search words over 200 characters THEN too-long', () => {
    expect(errorOf(`search ${'word '.repeat(50)}`).code).toBe('too-long');
  });

  it('GIVEN an origin over 60 characters THEN bad-filter', () => {
    expect(errorOf(`search oil origin:"${'a'.repeat(61)}"`).code).toBe('bad-filter');
  });
});
