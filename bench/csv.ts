/**
 * Benchmark of the `cables.csv` reader (src/corpus/csv-reader.ts), the first stage of
 * `cablebot import`. The import must reach 20 MB/s end to end on 2 cores, so the reader alone
 * should stay far above that.
 *
 * Writes a synthetic file in the shape of the real one (built from real cable paragraphs, about
 * 6.8 KB per record like the real 1.7 GB / 251,287 rows, quotes escaped, some CRLF records, a few
 * Windows-1252 records) to a temp file with csv-writer, then reads it back through
 * `readCsvRecords` and reports throughput and peak memory.
 *
 * Run alone: `node --expose-gc bin/run.js bench/csv.ts [megabytes]`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readCsvRecords } from '../src/corpus/csv-reader.ts';
import { formatCsvRecord } from '../src/corpus/csv-writer.ts';
import { prng } from './stats.ts';

/** Options of {@link benchCsv}. */
export interface BenchCsvOptions {
  /** Size of the synthetic file. Default 200 MB (the real file is about 1,700). */
  megabytes?: number;
  /** Directory for the temp file; default the OS temp dir. */
  dir?: string;
  /** Keep the generated file (its path is printed by `main`). */
  keep?: boolean;
  /** Read chunk sizes to measure, in bytes. Default 64 KiB (the `fs` default) and 1 MiB. */
  chunkSizes?: readonly number[];
  /** Passes per chunk size; the best is reported (the first pass also warms up the JIT). Default 2. */
  passes?: number;
  /** Write ASCII-only text, like most real telegrams; default false (¶ — ’ in most records, the slow decoding path). */
  ascii?: boolean;
}

/**
 * Generates a synthetic `cables.csv` and measures the reader on it. Returns plain numbers:
 * `fileMB`, `records`, `badRecords`, `rawReadMBps` (fs stream alone), `readerMBps_<chunk>` (wall
 * clock) and `readerMBpsCpu_<chunk>` (per CPU-second) per chunk size, `rssBeforeReadMB`,
 * `peakRssMB` (sampled while reading) and `maxRssMB` (process peak, generation included).
 */
export async function benchCsv(opts: BenchCsvOptions = {}): Promise<Record<string, number>> {
  const megabytes = opts.megabytes ?? 200;
  const dir = await mkdtemp(join(opts.dir ?? tmpdir(), 'cablebot-csv-bench-'));
  const file = join(dir, 'cables.csv');
  const result: Record<string, number> = {};
  try {
    const written = await writeSyntheticCsv(file, megabytes * 1e6, { ascii: opts.ascii ?? false });
    const size = (await stat(file)).size;
    result.fileMB = round(size / 1e6);
    result.records = written.records;

    // Baseline: how fast the bytes arrive at all (page cache warm after writing).
    let t = performance.now();
    let rawBytes = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      if (chunk instanceof Buffer) rawBytes += chunk.length;
    }
    result.rawReadMBps = round(rawBytes / 1e6 / ((performance.now() - t) / 1000));

    gc();
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    for (const chunkSize of opts.chunkSizes ?? [64 * 1024, 1 << 20]) {
      const label = chunkSize >= 1 << 20 ? `${chunkSize >> 20}MiB` : `${chunkSize >> 10}KiB`;
      for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
        let good = 0;
        let bad = 0;
        const cpu = process.cpuUsage();
        t = performance.now();
        for await (const rec of readCsvRecords(createReadStream(file, { highWaterMark: chunkSize }))) {
          if (rec.ok) good++;
          else bad++;
          if (((good + bad) & 1023) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
        }
        const seconds = (performance.now() - t) / 1000;
        const used = process.cpuUsage(cpu);
        const wall = round(size / 1e6 / seconds);
        // Per CPU-second (user + system, all threads): steadier than wall time on a shared machine.
        const perCpu = round(size / 1e6 / ((used.user + used.system) / 1e6));
        result[`readerMBps_${label}`] = Math.max(result[`readerMBps_${label}`] ?? 0, wall);
        result[`readerMBpsCpu_${label}`] = Math.max(result[`readerMBpsCpu_${label}`] ?? 0, perCpu);
        result.records = good;
        result.badRecords = bad;
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
      }
    }
    result.rssBeforeReadMB = round(rssBefore / 1e6);
    result.peakRssMB = round(peakRss / 1e6);
    result.maxRssMB = round((process.resourceUsage().maxRSS * 1024) / 1e6);
    return result;
  } finally {
    if (!opts.keep) await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark from the command line: `bench/csv.ts [megabytes] [--ascii]`. */
export async function main(args: readonly string[]): Promise<number> {
  const mb = Number(args.find((a) => !a.startsWith('--')) ?? 200);
  const result = await benchCsv({ megabytes: Number.isFinite(mb) && mb > 0 ? mb : 200, ascii: args.includes('--ascii') });
  console.log(JSON.stringify(result, null, 2));
  return 0;
}

/** Calls `global.gc` when node runs with `--expose-gc`, so RSS is measured from a clean heap. */
function gc(): void {
  const collect: unknown = Reflect.get(globalThis, 'gc');
  if (typeof collect === 'function') collect();
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// --- synthetic data ------------------------------------------------------------------------

/** Real cable paragraphs (66BUENOSAIRES2481, 06MOSCOW754, 06BOGOTA2076), reused to build bodies. */
const PARAGRAPHS = [
  `1.  PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM
NEW ARGENTINE LEGISLATION UNILATERALLY CHANGING SEAS JURIS-
DICTION NOW UNDER ADVANCED REVIEW.  REPORTEDLY LAW WOULD
ESTABLISH SIX MILE TERRITORIAL SEA, PLUS ANOTHER SIX MILES
OF EXCLUSIVE FISHING JURISDICTION, PLUS ANOTHER EXTENDED ZONE
OF "PREFERENTIAL JURISDICTION" FOR FISHING PURPOSES.  DRAFT-
LAW UNDER CONSIDERATION IN ARGENTINE SENATE BEFORE JUNE 28
COUP WOULD HAVE DEFINED ZONE OF PREFERENTIAL JURISDICTION
AS "EPICONTINENTAL SEA OUT TO 200 METER ISOBAR".  IN SOUTHERN
ARGENTINA THIS ZONE SEVERAL HUNDRED MILES WIDE AND BLANKETS
FALKLAND ISLANDS.
`,
  `2.  NAVATT STATES ARGENTINE NAVY THINKING OF PREFERENTIAL
JURISDICTION OUT TO 200 MILES (AS IN PERU, ECUADOR, CHILE)
RATHER THAN EPICONTINENTAL SEA.  200 MILE LIMIT DOES NOT
RPT NOT REACH FALKLANDS.  ARGENTINE NAVY OFF TOLD NAVATT
"200 MILE LIMIT SOON WILL BE STANDARD THROUGH HEMISPHERE".
`,
  `1. (S)  SUMMARY.  Ambassador met January 25 with Russian
Security Council Secretary Igor Ivanov, who provided a
read-out of his January 24 meeting with Iranian Supreme
National Security Council Secretary Ali Larijani.  Ivanov
said "nothing extraordinary" came out of the discussion with
Larijani, who had put forward no new positions but probed for
signs of evolution in Russia's position.  END SUMMARY.
`,
  `5. (S)  Ivanov said he had made clear that, in Moscow's view,
since the IAEA had sealed the centrifuges pursuant to the
Paris agreement, breaking the seals broke the moratorium.
"For us it's obvious."  Larijani had said Ivanov and Russia
were tougher on that issue than even UK Foreign Secretary
Jack Straw, who had said (according to Larijani) that the
centrifuges did not need to be re-sealed.
`,
  `¶2.  (S) During a March 1-4 visit to Cucuta, Norte de
Santander Department, poloff met with Army (COLMIL), National
Police (CNP), Administrative Security Directorate (DAS), and
local government officials to discuss border issues.  Mejia
stated that military commanders in Bogota had repeatedly
instructed COLMIL forces along the border against
"hot pursuit" — the Kremlin’s view was not discussed.
`,
];

const HEADER = `VZCZCXYZ0000
OO RUEHWEB

DE RUEHBO #2076/01 0671600
ZNY SSSSS ZZH
O 081600Z MAR 06
FM AMEMBASSY BOGOTA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 2888
INFO RUEHBR/AMEMBASSY BRASILIA 6605
RUEHCV/AMEMBASSY CARACAS 7292
RUEAIIA/CIA WASHDC
RHEHNSC/NSC WASHDC`;

const ORIGINS = ['Embassy Buenos Aires', 'Embassy Moscow', 'Embassy Bogota', 'Secretary of State', 'Embassy Tehran'];
const STATIONS = ['BUENOSAIRES', 'MOSCOW', 'BOGOTA', 'STATE', 'TEHRAN'];
const CLASSIFICATIONS = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'SECRET//NOFORN', 'UNCLASSIFIED//FOR OFFICIAL USE ONLY'];

/** Options of {@link writeSyntheticCsv}. */
export interface SyntheticCsvOptions {
  /** PRNG seed; the same seed writes the same file. Default 1. */
  seed?: number;
  /** Replace ¶ — ’ by ASCII. Default false. */
  ascii?: boolean;
}

/**
 * Writes about `bytes` bytes of synthetic `cables.csv` to `file` (streamed; memory stays small).
 * Every 50th record uses CRLF line breaks and every 1000th is Windows-1252 encoded.
 */
export async function writeSyntheticCsv(file: string, bytes: number, opts: SyntheticCsvOptions = {}): Promise<{ records: number; bytes: number }> {
  const rnd = prng(opts.seed ?? 1);
  const paragraphs = opts.ascii ? PARAGRAPHS.map((p) => p.replace(/¶/g, '').replace(/—/g, '--').replace(/’/g, "'")) : PARAGRAPHS;
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[Math.floor(rnd() * xs.length)];
    if (x === undefined) throw new RangeError('empty list');
    return x;
  };
  const out = createWriteStream(file);
  let written = 0;
  let records = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  while (written < bytes) {
    records++;
    const s = Math.floor(rnd() * STATIONS.length);
    const year = 1966 + Math.floor(rnd() * 45);
    const yy = String(year % 100).padStart(2, '0');
    const station = STATIONS[s] ?? 'STATE';
    const refs = Array.from({ length: Math.floor(rnd() * 4) }, () => `${yy}${pick(STATIONS)}${Math.floor(rnd() * 9999)}`);
    // Bodies of 1–14 KB, mean about 6.8 KB as in the real file.
    const target = 1000 + Math.floor(rnd() * 13000);
    let content = `${pick(CLASSIFICATIONS)} ${station} ${records}\n\nE.O. 12958: DECL: 09/20/2014\nTAGS: PREL MARR\n`;
    while (content.length < target) content += pick(paragraphs) + '\n';
    let row = formatCsvRecord(
      [
        String(records),
        `${1 + Math.floor(rnd() * 12)}/${1 + Math.floor(rnd() * 28)}/${year} ${Math.floor(rnd() * 24)}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`,
        `${yy}${station}${records}`,
        ORIGINS[s] ?? 'Secretary of State',
        pick(CLASSIFICATIONS),
        refs.join('|'),
        HEADER,
        content,
    ]);
    // Some exports were made on Windows: CRLF inside the fields and after the row.
    if (records % 50 === 0) row = row.replace(/\n/g, '\r\n');
    // Windows-1252 has ¶ (0xB6) and ’ (0x92) but not every character; — becomes 0x97.
    const buf = records % 1000 === 0 ? Buffer.from(row.replace(/’/g, '\x92').replace(/—/g, '\x97'), 'latin1') : Buffer.from(row, 'utf8');
    pending.push(buf);
    pendingBytes += buf.length;
    written += buf.length;
    if (pendingBytes >= 1 << 20) {
      if (!out.write(Buffer.concat(pending, pendingBytes))) await once(out, 'drain');
      pending = [];
      pendingBytes = 0;
    }
  }
  out.end(Buffer.concat(pending, pendingBytes));
  await once(out, 'finish');
  return { records, bytes: written };
}
