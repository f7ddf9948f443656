#!/usr/bin/env node
// Entry point for `npx cablebot` and `npm start`. The sources are TypeScript: they run as a
// bundle compiled on first use into var/build/ (see compile.js), so a fresh clone needs
// nothing beyond `npm install` (no build step to remember, no dist/ to commit).
import { importEntry } from './compile.js';

const { main } = await importEntry('src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
