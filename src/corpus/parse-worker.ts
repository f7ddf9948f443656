/**
 * Worker thread for the importer: parses batches of cables.csv records (8 fields each) and
 * encodes each cable for the store (hash, paragraph offsets), so that work runs on one core
 * while the main thread reads the file and writes SQLite.
 * Messages: in `{ seq, rows: string[][] }`, out `{ seq, results: EncodedResult[] }`.
 */
import { parentPort } from 'node:worker_threads';
import { parseCsvFields } from './parse/csv-row.ts';
import { encodeResult, type EncodedResult } from './store/codec.ts';

export interface ParseRequest {
  seq: number;
  rows: string[][];
}

export interface ParseResponse {
  seq: number;
  results: EncodedResult[];
}

parentPort?.on('message', (req: ParseRequest) => {
  const response: ParseResponse = { seq: req.seq, results: req.rows.map((fields) => encodeResult(parseCsvFields(fields))) };
  parentPort?.postMessage(response);
});
