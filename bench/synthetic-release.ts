/**
 * A synthetic full release in the shape of the real `cables.csv` (corpus/README.md), for the
 * end-to-end benchmark (bench/run.ts). Deterministic for a seed, streamed to disk (the whole
 * file never sits in memory).
 *
 * What is real and what is made up:
 * - the reference IDs are the 251,287 real ones (data/ids), or an evenly spread subset at a
 *   scale below 1; each cable's date lies in its ID's real month (year from the ID), and the
 *   rows are in date order with a running serial, as in the real file;
 * - bodies are composed from real paragraphs, subjects, TAGS and "Classified By" lines of the
 *   bundled cables (data/corpus), re-wrapped at telegram width, numbered `N. (C) text` with
 *   markings that fit the cable's classification, under a realistic header block (opening
 *   line, SIPDIS, E.O. 12958, TAGS, SUBJECT, REF, Classified By) with page-break lines
 *   (`MOSCOW 00000754  002 OF 003`) every 54 lines, as telegrams have them;
 * - the routing header column is synthesised from the cable's own station and date;
 * - references (column and REF line) name other real IDs, earlier in the file;
 * - classifications follow the real release's counts; body lengths are log-normal (median
 *   ~4 KB, long tail) and steered so the file totals ~1.7 GB at scale 1, like the real one.
 * Not modelled: CRLF or Windows-1252 records, broken chunks (bench/csv.ts covers those).
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { readBundle } from '../src/corpus/bundle.ts';
import { formatCsvRecord } from '../src/corpus/csv-writer.ts';
import type { IdIndex } from '../src/corpus/ids/index.ts';
import { fullYear } from '../src/corpus/ids/index.ts';
import { originTable } from '../src/corpus/origins.ts';
import { normal, prng } from './stats.ts';

/**
 * Bump when the output for a given scale and seed changes, so cached files are regenerated.
 * 3: the text pool leaves out the held-out cables ({@link isHeldOut}).
 */
export const GENERATOR_VERSION = 3;

/**
 * Bundled cables whose text the synthetic release never uses: one in 40, chosen by a hash of the
 * ID. Their paragraphs are prose that is in no cable of the release, the negatives of the
 * quote → source evaluation (bench/source.ts) — a wrong source is worse than none, and that
 * can only be measured on real cable prose the store does not hold.
 */
export function isHeldOut(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % 40 === 0;
}

/** Size of the real cables.csv, which the generator aims at (scaled). */
export const FULL_RELEASE_BYTES = 1.7e9;

/** One cable of the synthetic release, before its text is composed. */
export interface PlannedCable {
  id: string;
  /** The serial column: position in the file, from 1. */
  serial: number;
  /** The date column, `M/D/YYYY H:MM`. */
  created: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Station letters of the ID (`MOSCOW`), best effort for odd IDs. */
  station: string;
  /** Serial digits of the ID (`754`). */
  number: string;
}

const ID_PARTS = /^(\d\d)([A-Z]+?)(\d+)$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The IDs, dates and order of the synthetic release: every real ID at scale 1, else the
 * `round(n × scale)` IDs evenly spread over the ID list; dates inside each ID's month; sorted
 * by date. Cheap (under a second), so it is recomputed rather than stored.
 */
export function planRelease(index: IdIndex, scale: number, seed: number): PlannedCable[] {
  const random = prng(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const chosen: { c: PlannedCable; key: number; i: number }[] = [];
  let i = 0;
  for (const id of index.ids()) {
    const keep = Math.floor((i + 1) * scale) > Math.floor(i * scale);
    i++;
    if (!keep) continue;
    const year = fullYear(Number(id.slice(0, 2)));
    const month = index.month(id) ?? 1 + pick(12);
    const day = 1 + pick(daysIn(year, month));
    const hour = pick(24);
    const minute = pick(60);
    const m = ID_PARTS.exec(id);
    const station = m?.[2] ?? /^\d\d([A-Z]+)/.exec(id)?.[1] ?? 'STATE';
    const number = m?.[3] ?? /(\d+)$/.exec(id)?.[1] ?? '1';
    const c: PlannedCable = { id, serial: 0, created: `${month}/${day}/${year} ${hour}:${String(minute).padStart(2, '0')}`, year, month, day, hour, minute, station, number };
    chosen.push({ c, key: (((year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute, i });
  }
  chosen.sort((a, b) => a.key - b.key || a.i - b.i);
  return chosen.map((x, n) => ({ ...x.c, serial: n + 1 }));
}

// --- text pool from the bundled corpus ----------------------------------------------------

interface SourceParagraph {
  heading: string | null;
  /** Wrapped lines; the first leaves room for the `NN. (C) ` prefix. */
  lines: string[];
  length: number;
}

interface SourceCable {
  subject: string | null;
  tags: string[];
  classifiedBy: string | null;
  paragraphs: SourceParagraph[];
}

const WIDTH = 69;
const PREFIX_ALLOWANCE = 8;

/** Greedy word wrap; line breaks in the text (sub-items, bullets) are kept. */
export function wrap(text: string, width = WIDTH, firstWidth = width - PREFIX_ALLOWANCE): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    let line = '';
    for (const w of words) {
      const limit = out.length === 0 ? firstWidth : width;
      if (line && line.length + 1 + w.length > limit) {
        out.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    out.push(line);
  }
  return out;
}

/** Real paragraphs, subjects, tags and classifiers of the bundled cables (less the held-out ones), pre-wrapped. */
function loadSources(): SourceCable[] {
  const sources: SourceCable[] = [];
  for (const { cable } of readBundle()) {
    if (isHeldOut(cable.id)) continue;
    const paragraphs: SourceParagraph[] = [];
    for (const p of cable.paragraphs) {
      if (p.number === null || p.text.trim().length < 30) continue;
      const lines = wrap(p.text);
      paragraphs.push({ heading: p.heading, lines, length: lines.reduce((n, l) => n + l.length + 1, 0) });
    }
    if (paragraphs.length === 0) continue;
    sources.push({ subject: cable.subject, tags: cable.tags, classifiedBy: cable.classifiedBy, paragraphs });
  }
  return sources;
}

// --- composition --------------------------------------------------------------------------

/** The real release's classification counts (they sum to 251,287). */
const CLASSIFICATIONS: readonly [string, number][] = [
  ['CONFIDENTIAL', 97_070],
  ['UNCLASSIFIED', 75_792],
  ['UNCLASSIFIED//FOR OFFICIAL USE ONLY', 58_095],
  ['SECRET', 11_322],
  ['CONFIDENTIAL//NOFORN', 4_678],
  ['SECRET//NOFORN', 4_330],
];
const CLASS_TOTAL = CLASSIFICATIONS.reduce((n, [, c]) => n + c, 0);

const OPENINGS: Readonly<Record<string, string>> = {
  CONFIDENTIAL: 'C O N F I D E N T I A L',
  'CONFIDENTIAL//NOFORN': 'C O N F I D E N T I A L',
  SECRET: 'S E C R E T',
  'SECRET//NOFORN': 'S E C R E T',
  UNCLASSIFIED: 'UNCLAS',
  'UNCLASSIFIED//FOR OFFICIAL USE ONLY': 'UNCLAS',
};
const CAVEATS: Readonly<Record<string, string>> = {
  'CONFIDENTIAL//NOFORN': 'NOFORN',
  'SECRET//NOFORN': 'NOFORN',
  'UNCLASSIFIED//FOR OFFICIAL USE ONLY': 'SENSITIVE',
};
const ZNY: Readonly<Record<string, string>> = {
  CONFIDENTIAL: 'CCCCC',
  'CONFIDENTIAL//NOFORN': 'CCCCC',
  SECRET: 'SSSSS',
  'SECRET//NOFORN': 'SSSSS',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const PRECEDENCE = ['R', 'P', 'O'];
const PRECEDENCE_WORD: Readonly<Record<string, string>> = { R: '', P: ' PRIORITY', O: ' IMMEDIATE' };
const REASONS = ['1.4 (b) and (d)', '1.4 (b), (d)', '1.4(d)', '1.4 (B) AND (D)', '1.4 (c)', '1.4 (a), (b) and (d)'];
const FALLBACK_TAGS = ['PREL', 'PGOV', 'ECON', 'PHUM', 'MARR'];

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

function pad(n: number | string, width: number): string {
  return String(n).padStart(width, '0');
}

/** The FM line of a routing header for an origin as the viewer writes it. */
function fromLine(origin: string, station: string): string {
  if (origin === 'Secretary of State') return 'SECSTATE WASHDC';
  const m = /^(Embassy|Consulate|US Mission|US Interests Section|Mission) (.+)$/.exec(origin);
  const kind = m?.[1];
  const place = (m?.[2] ?? station).toUpperCase();
  if (kind === 'Consulate') return `AMCONSUL ${place}`;
  if (kind === 'US Mission' || kind === 'Mission') return `USMISSION ${place}`;
  if (kind === 'US Interests Section') return `USINT ${place}`;
  return `AMEMBASSY ${place}`;
}

/** Options of {@link writeSyntheticRelease}. */
export interface WriteReleaseOptions {
  seed: number;
  /** Bytes to aim at (the body lengths are steered towards it). */
  targetBytes: number;
  /** Called about every 2 % of the records. */
  onProgress?: (done: number, total: number, bytes: number) => void;
}

/** What {@link writeSyntheticRelease} wrote. */
export interface WrittenRelease {
  records: number;
  bytes: number;
  /** Numbered paragraphs written, over all records. */
  paragraphs: number;
  /** Milliseconds spent loading the text pool from the bundle. */
  poolMs: number;
}

/**
 * Writes the planned cables as a `cables.csv` to `file` (via `file.tmp`, renamed at the end,
 * so an interrupted run never leaves a file that looks complete). Streams: memory holds the
 * text pool (~100 MB) and one 4 MB write buffer.
 */
export function writeSyntheticRelease(file: string, plan: readonly PlannedCable[], opts: WriteReleaseOptions): WrittenRelease {
  const t0 = performance.now();
  const sources = loadSources();
  const poolMs = performance.now() - t0;
  const origins = originTable();
  // A stream of its own, so the plan (IDs, dates) does not depend on the text and vice versa.
  const random = prng(opts.seed ^ 0x5bd1e995);
  const pick = (n: number): number => Math.floor(random() * n);
  const pickOf = <T>(xs: readonly T[], fallback: T): T => xs[pick(xs.length)] ?? fallback;
  const stations = [...origins.keys()];

  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  let pending: string[] = [];
  let pendingChars = 0;
  let bytes = 0;
  let paragraphsWritten = 0;
  // Bytes of a row beyond its paragraph budget (columns, header block, overshoot), averaged.
  let overheadAvg = 1500;
  const total = plan.length;
  const progressEvery = Math.max(1, Math.floor(total / 50));
  try {
    for (let i = 0; i < total; i++) {
      const c = plan[i];
      if (c === undefined) continue;
      // Classification by the real counts.
      let roll = random() * CLASS_TOTAL;
      let classification = 'CONFIDENTIAL';
      for (const [name, count] of CLASSIFICATIONS) {
        roll -= count;
        if (roll < 0) {
          classification = name;
          break;
        }
      }
      const classified = !classification.startsWith('UNCLASSIFIED');
      const origin = origins.get(c.station) ?? `Embassy ${titleCase(c.station)}`;

      // References: 0–4 earlier cables, mostly recent ones (a REF line answers or follows up).
      const refCount = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4][pick(20)] ?? 0;
      const refs: PlannedCable[] = [];
      for (let k = 0; k < refCount && i > 0; k++) {
        const back = 1 + Math.floor(random() * random() * Math.min(i, 20_000));
        const r = plan[i - back];
        if (r !== undefined && !refs.includes(r)) refs.push(r);
      }

      // Routing header.
      const prec = pickOf(PRECEDENCE, 'R');
      const yy = pad(c.year % 100, 2);
      const dtg = `${pad(c.day, 2)}${pad(c.hour, 2)}${pad(c.minute, 2)}Z ${MONTHS[c.month - 1] ?? 'JAN'} ${yy}`;
      const julian = Math.floor((Date.UTC(c.year, c.month - 1, c.day) - Date.UTC(c.year, 0, 0)) / 86_400_000);
      const header = [
        `VZCZCXRO${pad(pick(10_000), 4)}`,
        `${prec}${prec} RUEH${c.station.slice(0, 2)}`,
        `DE RUEH${c.station.slice(0, 2)} #${pad(c.number, 4).slice(-4)}/01 ${pad(julian, 3)}${pad(c.hour, 2)}${pad(c.minute, 2)}`,
        `ZNY ${ZNY[classification] ?? 'UUUUU'} ZZH`,
        `${prec} ${dtg}`,
        `FM ${fromLine(origin, c.station)}`,
        c.station === 'STATE' ? `TO ALL DIPLOMATIC AND CONSULAR POSTS${PRECEDENCE_WORD[prec] ?? ''}` : `TO RUEHC/SECSTATE WASHDC${PRECEDENCE_WORD[prec] ?? ''} ${pad(pick(10_000), 4)}`,
      ];
      const infos = pick(9);
      for (let k = 0; k < infos; k++) {
        const s = pickOf(stations, 'MOSCOW');
        header.push(`${k === 0 ? 'INFO ' : ''}RUEH${s.slice(0, 2)}/${fromLine(origins.get(s) ?? `Embassy ${titleCase(s)}`, s)}${PRECEDENCE_WORD[prec] ?? ''} ${pad(pick(10_000), 4)}`);
      }
      const headerText = header.join('\n');

      // Body length: log-normal around the mean that still reaches the target size.
      const remaining = Math.max(0, opts.targetBytes - bytes);
      const bodyMean = Math.max(600, remaining / (total - i) - overheadAvg);
      const sigma = 0.85;
      const bodyTarget = Math.min(150_000, Math.max(250, bodyMean * Math.exp(sigma * normal(random) - (sigma * sigma) / 2)));

      const source = pickOf(sources, undefined);
      if (source === undefined) throw new Error('synthetic release: the bundled corpus has no numbered paragraphs');
      const sectionLines: string[] = [];
      const caveat = CAVEATS[classification];
      const opening = `${OPENINGS[classification] ?? 'UNCLAS'} ${c.station} ${pad(c.number, 6)}`;
      sectionLines.push(opening, '');
      if (c.year >= 2004) sectionLines.push('SIPDIS');
      if (caveat !== undefined) sectionLines.push(caveat);
      sectionLines.push('');
      sectionLines.push(
        classified ? `E.O. 12958: DECL: ${pad(c.month, 2)}/${pad(c.day, 2)}/${c.year + 10 + pick(16)}` : 'E.O. 12958: N/A',
        `TAGS: ${(source.tags.length > 0 ? source.tags : FALLBACK_TAGS.slice(0, 1 + pick(4))).join(', ')}`,
      );
      const subject = wrap(`SUBJECT: ${source.subject ?? 'UNTITLED'}`, WIDTH, WIDTH);
      sectionLines.push(...subject, '');
      if (refs.length > 0) {
        const letters = 'ABCDEFGH';
        const named = refs.map((r, k) => `${refs.length > 1 ? `${letters.charAt(k)}. ` : ''}${pad(r.year % 100, 2)} ${r.station} ${r.number}`);
        sectionLines.push(...wrap(`REF: ${named.join(' ')}`, WIDTH, WIDTH), '');
      }
      if (classified) {
        sectionLines.push(...wrap(`Classified By: ${source.classifiedBy ?? 'Ambassador'}, for reasons ${pickOf(REASONS, '1.4 (b)')}`, WIDTH, WIDTH), '');
      }

      // Numbered paragraphs from the source cable, then from others, until the length is reached.
      const bodyLines: string[] = [];
      let size = 0;
      let n = 0;
      let from = source;
      let next = 0;
      const unmarked = classification === 'UNCLASSIFIED' && random() < 0.5;
      while (n === 0 || size < bodyTarget) {
        const p = from.paragraphs[next++];
        if (p === undefined) {
          from = pickOf(sources, source);
          next = 0;
          continue;
        }
        n++;
        let marking: string | null;
        if (classification === 'UNCLASSIFIED') marking = unmarked ? null : 'U';
        else if (classification === 'UNCLASSIFIED//FOR OFFICIAL USE ONLY') marking = 'SBU';
        else if (classification === 'CONFIDENTIAL') marking = 'C';
        else if (classification === 'CONFIDENTIAL//NOFORN') marking = 'C/NF';
        else if (classification === 'SECRET') marking = random() < 0.3 ? 'C' : 'S';
        else marking = random() < 0.3 ? 'C/NF' : 'S/NF';
        if (p.heading !== null && n > 1) bodyLines.push(p.heading, '');
        bodyLines.push(`${n}. ${marking === null ? '' : `(${marking}) `}${p.lines[0] ?? ''}`);
        for (let k = 1; k < p.lines.length; k++) bodyLines.push(p.lines[k] ?? '');
        bodyLines.push('');
        size += p.length + 8;
      }
      paragraphsWritten += n;

      // Page breaks every 54 lines, as a telegram's pages print them.
      const lines = [...sectionLines, ...bodyLines];
      const pages = Math.ceil(lines.length / 54);
      let content: string;
      if (pages <= 1) content = lines.join('\n');
      else {
        const parts: string[] = [];
        for (let pg = 0; pg < pages; pg++) {
          if (pg > 0) parts.push(`\n\n${c.station} ${pad(c.number, 8)}  ${pad(pg + 1, 3)} OF ${pad(pages, 3)}\n\n\n`);
          parts.push(lines.slice(pg * 54, (pg + 1) * 54).join('\n'));
        }
        content = parts.join('');
      }

      const row = formatCsvRecord([String(c.serial), c.created, c.id, origin, classification, refs.map((r) => r.id).join('|'), headerText, content]);
      const rowBytes = Buffer.byteLength(row);
      bytes += rowBytes;
      overheadAvg += (rowBytes - bodyTarget - overheadAvg) / Math.min(i + 1, 1000);
      pending.push(row);
      pendingChars += row.length;
      if (pendingChars >= 4 << 20) {
        writeSync(fd, pending.join(''));
        pending = [];
        pendingChars = 0;
      }
      if ((i + 1) % progressEvery === 0) opts.onProgress?.(i + 1, total, bytes);
    }
    if (pending.length > 0) writeSync(fd, pending.join(''));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return { records: total, bytes, paragraphs: paragraphsWritten, poolMs };
}
