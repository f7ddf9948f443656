import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ID_DATA_DIR,
  ID_DATA_FILES,
  IdDataError,
  loadIdTables,
  parseAliasTable,
  parseMisprintTable,
  parseStationList,
  StationTable,
} from '../../../src/corpus/ids/tables.ts';
import { IdTable } from '../../../src/corpus/ids/id-table.ts';

describe('data/ids: the bundled tables (validated in CI, DESIGN.md)', () => {
  const tables = loadIdTables();
  const ids = IdTable.fromGzipFile(join(DEFAULT_ID_DATA_DIR, ID_DATA_FILES.ids));

  it('GIVEN cable-ids.csv.gz THEN it has the 251,287 IDs of the release, each with a month 1–12', () => {
    expect(ids.size).toBe(251_287);
    const text = gunzipSync(readFileSync(join(DEFAULT_ID_DATA_DIR, ID_DATA_FILES.ids))).toString('latin1');
    const rows = text.trimEnd().split(/\r?\n/);
    expect(rows).toHaveLength(251_287);
    expect(rows[0]).toBe('66BUENOSAIRES2481,12');
  });

  it('GIVEN the ID list THEN exactly 53 IDs lack the regular YY+STATION+SERIAL shape (PARSER-NOTES §1)', () => {
    const odd = [...ids.ids()].filter((id) => !/^\d\d[A-Z]+\d+$/.test(id));
    expect(odd).toHaveLength(53);
    expect(odd).toEqual(expect.arrayContaining(['06SECTION01O02HONGKONG2311', '90STATE255577TOSEC140323', '06ASTANA']));
  });

  it('GIVEN the station list and aliases THEN 293 stations, 150 aliases, and every alias names a listed station', () => {
    expect(tables.stations.stations.size).toBe(293);
    expect(tables.stations.aliases.size).toBe(150);
    for (const [alias, station] of tables.stations.aliases) {
      expect(tables.stations.isStation(station), `${alias} → ${station}`).toBe(true);
    }
  });

  it('GIVEN the misprint table THEN 203 rows: 80 with the twin published, 123 without', () => {
    expect(tables.misprints).toHaveLength(203);
    expect(tables.misprints.filter((m) => m.twinPublished)).toHaveLength(80);
  });

  it('GIVEN each misprint THEN the garbled ID is published, and the correct ID is published exactly when twin_published=yes', () => {
    for (const m of tables.misprints) {
      expect(ids.has(m.publishedId), m.publishedId).toBe(true);
      expect(ids.has(m.canonicalId), `${m.publishedId} → ${m.canonicalId}`).toBe(m.twinPublished);
    }
  });
});

describe('IdTable.sortedRows (the order autocomplete searches)', () => {
  it('GIVEN the 251,287 IDs THEN the rows come in the order of a plain string sort of the IDs', () => {
    const ids = IdTable.fromGzipFile(join(DEFAULT_ID_DATA_DIR, ID_DATA_FILES.ids));
    const expected = [...ids.ids()].sort();
    const rows = ids.sortedRows();
    expect(rows).toHaveLength(expected.length);
    expect(Array.from(rows, (row) => ids.idAt(row))).toEqual(expected);
  });

  it('GIVEN prefixes of one another, shared stems and a single row THEN shorter sorts first and digits before letters', () => {
    // More than the insertion-sort cut-off of one bucket, so the radix passes run too.
    const list = ['06MOSCOW754', '06MOSCOW75', '06MOSCOW7', '06MOSCOW7540', '06MOSCOWA1', '06MOSCOW1', '05MOSCOW9', '06MOS1', '06MOSCOW99'];
    for (let i = 0; i < 60; i++) list.push(`06MOSCOW7${String(i)}`, `09STATE${String(1000 - i)}`);
    const table = new IdTable(`${[...new Set(list)].map((id) => `${id},1`).join('\n')}\n`);
    expect(Array.from(table.sortedRows(), (row) => table.idAt(row))).toEqual([...new Set(list)].sort());
    expect(Array.from(new IdTable('06MOSCOW754,1\n').sortedRows())).toEqual([0]);
  });
});

describe('StationTable', () => {
  const table = new StationTable(['STATE', 'MOSCOW', 'TAIPEI', 'AITTAIPEI', 'PORTOFSPAIN'], [
    ['SECSTATE', 'STATE'],
    ['TAIPEI', 'AITTAIPEI'],
    ['PORT-OF-SPAIN', 'PORTOFSPAIN'],
  ]);

  it('GIVEN a listed station THEN it maps to itself with no rule', () => {
    expect(table.canonicalStation('MOSCOW')).toEqual({ station: 'MOSCOW', rules: [] });
    expect(table.canonicalStation('moscow')).toEqual({ station: 'MOSCOW', rules: [] });
  });

  it('GIVEN a name that is both a station and an alias THEN the alias wins (cablemap: 02TAIPEI12 → 02AITTAIPEI12)', () => {
    expect(table.canonicalStation('TAIPEI')).toEqual({ station: 'AITTAIPEI', rules: ['station-alias'] });
  });

  it('GIVEN hyphens THEN the hyphenated alias or the joined station is found', () => {
    expect(table.canonicalStation('PORT-OF-SPAIN')?.station).toBe('PORTOFSPAIN');
    expect(table.canonicalStation('MOS-COW')?.station).toBe('MOSCOW');
  });

  it('GIVEN an embassy prefix THEN it is dropped before the lookup', () => {
    expect(table.canonicalStation('AMEMBASSYMOSCOW')).toEqual({ station: 'MOSCOW', rules: ['prefix-dropped'] });
    expect(table.canonicalStation('USMISSIONSECSTATE')).toEqual({ station: 'STATE', rules: ['prefix-dropped', 'station-alias'] });
  });

  it('GIVEN a word that is no station THEN null', () => {
    expect(table.canonicalStation('PARA')).toBeNull();
    expect(table.canonicalStation('AMEMBASSY')).toBeNull();
  });
});

describe('table parsing rejects malformed data', () => {
  it('GIVEN a misprint table without its header or with a bad twin flag THEN IdDataError names the line', () => {
    expect(() => parseMisprintTable('06ASTANA,06ASTANA204,yes\n')).toThrow(IdDataError);
    expect(() => parseMisprintTable('published_id,canonical_id,twin_published\n06ASTANA,06ASTANA204,maybe\n')).toThrow(
      /misprinted-ids.csv:2/,
    );
  });

  it('GIVEN CRLF line ends (as cablemap ships them) THEN the tables parse', () => {
    expect(parseMisprintTable('published_id,canonical_id,twin_published\r\n06ASTANA,06ASTANA204,yes\r\n')).toEqual([
      { publishedId: '06ASTANA', canonicalId: '06ASTANA204', twinPublished: true },
    ]);
    expect(parseAliasTable('alias,station\r\nRIO,RIODEJANEIRO\r\n')).toEqual(new Map([['RIO', 'RIODEJANEIRO']]));
    expect(parseStationList('MOSCOW\r\nSTATE\r\n')).toEqual(['MOSCOW', 'STATE']);
  });

  it('GIVEN duplicate or malformed rows THEN IdDataError', () => {
    expect(() => parseAliasTable('alias,station\nRIO,RIODEJANEIRO\nRIO,RIODEJANEIRO\n')).toThrow(/duplicate alias RIO/);
    expect(() => parseAliasTable('alias,station\nRIO\n')).toThrow(IdDataError);
    expect(() => parseStationList('MOSCOW\nSAO PAULO\n')).toThrow(/stations.txt:2/);
  });

  it('GIVEN a bad ID list row THEN IdTable throws IdDataError with the line', () => {
    expect(() => new IdTable('06MOSCOW754,1\n06MOSCOW755,13\n')).toThrow(/cable-ids.csv.gz:2/);
    expect(() => new IdTable('06MOSCOW754,1\n06moscow755,1\n')).toThrow(IdDataError);
    expect(() => new IdTable('06MOSCOW754,1\n06MOSCOW754,2\n')).toThrow(/duplicate ID 06MOSCOW754/);
    expect(() => new IdTable('06MOSCOW754\n')).toThrow(IdDataError);
  });

  it('GIVEN a well-formed small list THEN IdTable finds every ID and only those', () => {
    const t = new IdTable('06MOSCOW754,1\r\n06ASTANA,10\r\n\r\n');
    expect(t.size).toBe(2);
    expect(t.monthAt(t.indexOf('06ASTANA'))).toBe(10);
    expect(t.indexOf('06MOSCOW75')).toBe(-1);
    expect(t.indexOf('')).toBe(-1);
    expect([...t.ids()]).toEqual(['06MOSCOW754', '06ASTANA']);
  });

  it('GIVEN IDs of regular and odd shape THEN serialStartAt finds the serial only in regular ones', () => {
    const t = new IdTable('06MOSCOW754,1\n06ASTANA,10\n06MOSCOW0754,1\n092OF5,12\n06MOSCOW12345678,1\n90STATE255577TOSEC140323,8\n');
    expect(t.serialStartAt(t.indexOf('06MOSCOW754'))).toBe(8);
    for (const odd of ['06ASTANA', '06MOSCOW0754', '092OF5', '06MOSCOW12345678', '90STATE255577TOSEC140323']) {
      expect(t.serialStartAt(t.indexOf(odd)), odd).toBe(0);
    }
  });
});
