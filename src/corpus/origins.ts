/**
 * Origins as the viewer names them (`Embassy Moscow`, `Secretary of State`, `USUN New York`)
 * for cables whose file does not say (raw telegrams carry only `FM AMEMBASSY MOSCOW`).
 * `data/origins.csv` maps an ID's station to the origin the corpus's pages give it; it is
 * written by `npm run corpus:build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ORIGINS_FILE: string = fileURLToPath(new URL('../../data/origins.csv', import.meta.url));

let table: Map<string, string> | undefined;

/** station → origin, from `data/origins.csv` (empty when the file is absent, e.g. mid-build). */
export function originTable(): ReadonlyMap<string, string> {
  if (!table) {
    table = new Map();
    if (existsSync(ORIGINS_FILE)) {
      for (const line of readFileSync(ORIGINS_FILE, 'utf8').split('\n').slice(1)) {
        const comma = line.indexOf(',');
        if (comma > 0) table.set(line.slice(0, comma), line.slice(comma + 1).trim());
      }
    }
  }
  return table;
}

const PREFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^AMEMBASSY\s+/, 'Embassy '],
  [/^AMCONSUL\s+/, 'Consulate '],
  [/^USMISSION\s+/, 'US Mission '],
  [/^USINT\s+/, 'US Interests Section '],
];

/**
 * The origin of a cable from its ID's station and the `FM` line: the corpus's own name for the
 * station when known (`MOSCOW` → `Embassy Moscow`), else the FM line in words
 * (`AMCONSUL CIUDAD JUAREZ` → `Consulate Ciudad Juarez`, `SECSTATE WASHDC` → `Secretary of State`).
 */
export function originFor(station: string | null, from: string | null): string | null {
  const known = station ? originTable().get(station) : undefined;
  if (known) return known;
  if (!from) return null;
  const fm = from.trim().toUpperCase();
  if (/^SECSTATE\b/.test(fm)) return 'Secretary of State';
  for (const [re, word] of PREFIXES) {
    if (re.test(fm)) return word + titleCase(fm.replace(re, ''));
  }
  return titleCase(fm);
}

function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
