/**
 * Worker thread for the importer: parses batches of cables.csv records (8 fields each) so
 * parsing runs on one core while the main thread reads the file and writes SQLite.
 * Messages: in `{ seq, rows: string[][] }`, out `{ seq, results: ParseResult[] }`.
 */
import { parentPort } from 'node:worker_threads';
import { parseCsvFields } from './parse/csv-row.ts';
import type { ParseResult } from './types.ts';

export interface ParseRequest {
  seq: number;
  rows: string[][];
}

export interface ParseResponse {
  seq: number;
  results: ParseResult[];
}

parentPort?.on('message', (req: ParseRequest) => {
  const response: ParseResponse = { seq: req.seq, results: req.rows.map((fields) => parseCsvFields(fields)) };
  parentPort?.postMessage(response);
});
