/**
 * bin/compile.js: the bundle `npm start` runs. Built from a small module graph in a temp
 * folder (an entry, a module it imports, one it imports lazily), into a temp build folder.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript without declarations (it runs before any TypeScript loader)
import { bundleDir, compiled } from '../../bin/compile.js';

const src = mkdtempSync(join(tmpdir(), 'cablebot-compile-src-'));
const build = mkdtempSync(join(tmpdir(), 'cablebot-compile-out-'));
afterAll(() => {
  rmSync(src, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
});

writeFileSync(join(src, 'entry.ts'), "import { where, whereDir } from './where.ts';\nexport const here: string = where;\nexport const hereDir: string = whereDir;\nexport const later = async (): Promise<string> => (await import('./lazy.ts')).lazy;\n");
writeFileSync(join(src, 'where.ts'), 'export const where: string = import.meta.url;\nexport const whereDir: string = import.meta.dirname;\n');
writeFileSync(join(src, 'lazy.ts'), "export const lazy: string = 'v1';\n");

async function load(url: string): Promise<{ here: string; hereDir: string; later: () => Promise<string> }> {
  // A fresh URL per import: the module cache would otherwise hand back the first bundle.
  return (await import(`${url}?t=${String(Date.now())}${String(Math.random())}`)) as { here: string; hereDir: string; later: () => Promise<string> };
}

describe('GIVEN a TypeScript entry point compiled by bin/compile.js', () => {
  const entry = join(src, 'entry.ts');

  it('THEN the bundle runs, each module keeps its own import.meta.url and .dirname, and a lazy import is a chunk of its own', async () => {
    const url = (await compiled(entry, build)) as string;
    const mod = await load(url);
    expect(mod.here).toBe(pathToFileURL(join(src, 'where.ts')).href);
    // npm run fuzz finds test/fixtures from import.meta.dirname: in the bundle it must still be the source's folder.
    expect(mod.hereDir).toBe(src);
    expect(await mod.later()).toBe('v1');
    const files = readdirSync(bundleDir(entry, build) as string).sort();
    expect(files).toContain('main.mjs');
    expect(files).toContain('inputs.json');
    expect(files.filter((f) => f.endsWith('.mjs')).length).toBeGreaterThanOrEqual(2);
  });

  it('THEN an unchanged source reuses the bundle, and a changed one (even a lazily imported one) rebuilds it', async () => {
    const url = (await compiled(entry, build)) as string;
    const main = new URL(url).pathname;
    const first = statSync(main).mtimeMs;
    await compiled(entry, build);
    expect(statSync(main).mtimeMs).toBe(first);

    writeFileSync(join(src, 'lazy.ts'), "export const lazy: string = 'v2';\n");
    // The same size as before: only the mtime tells, so make sure it moved.
    utimesSync(join(src, 'lazy.ts'), new Date(), new Date(Date.now() + 5_000));
    const rebuilt = (await compiled(entry, build)) as string;
    expect(await (await load(rebuilt)).later()).toBe('v2');
  });
});
