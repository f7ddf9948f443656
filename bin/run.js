#!/usr/bin/env node
// Runs a TypeScript script of the repo (corpus:build, corpus:check, bench) through tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  console.error('usage: node bin/run.js <script.ts> [args...]');
  process.exit(2);
}
register();
process.argv = [process.argv[0] ?? 'node', script, ...rest];
const mod = await import(pathToFileURL(resolve(script)).href);
if (typeof mod.main === 'function') {
  process.exitCode = await mod.main(rest);
}
