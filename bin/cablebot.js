#!/usr/bin/env node
// Entry point for `npx cablebot` and `npm start`. The sources are TypeScript run through
// tsx, so a fresh clone needs nothing beyond `npm install` (no build step, no dist/).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
