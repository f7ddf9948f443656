#!/usr/bin/env node
// Runs a TypeScript script of the repo (corpus:build, corpus:check, bench, load, fuzz) the
// way `npm start` runs the bot: compiled into var/build/ (see compile.js).
import { importEntry } from './compile.js';

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  console.error('usage: node bin/run.js <script.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0] ?? 'node', script, ...rest];
const mod = await importEntry(script);
if (typeof mod.main === 'function') {
  process.exitCode = await mod.main(rest);
}
