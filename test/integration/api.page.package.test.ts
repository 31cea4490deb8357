/**
 * The Keys page ships as written (no build step): `npm pack` holds index.html and every asset, and the page's
 * folder is found from the built package (dist/api/pageRoot.js, needs `npx tsc -p tsconfig.build.json`) as
 * from the TypeScript sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEYS_PAGE_ROOT } from '../../src/api/pageRoot.js';

const PAGE = resolve('src/api/page');

describe('the Keys page in the package', () => {
  it('npm pack holds index.html and every file of assets/', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { files: { path: string }[] }[];
    const files = packed!.files.map((file) => file.path);
    const assets = readdirSync(join(PAGE, 'assets')).map((name) => `src/api/page/assets/${name}`);
    expect(assets).toContain('src/api/page/assets/app.js');
    expect(files).toEqual(expect.arrayContaining(['src/api/page/index.html', ...assets]));
    // Only the page of src/ ships: the TypeScript sources are dist/'s.
    expect(files.filter((file) => file.startsWith('src/') && !file.startsWith('src/api/page/'))).toEqual([]);
  });

  it('finds the page folder from the sources and from dist/', async () => {
    expect(resolve(KEYS_PAGE_ROOT)).toBe(PAGE);
    const built = resolve('dist/api/pageRoot.js');
    expect(existsSync(built), 'build first: npx tsc -p tsconfig.build.json').toBe(true);
    const { KEYS_PAGE_ROOT: fromDist } = (await import(pathToFileURL(built).href)) as {
      KEYS_PAGE_ROOT: string;
    };
    expect(resolve(fromDist)).toBe(PAGE);
    expect(existsSync(join(fromDist, 'index.html'))).toBe(true);
  });
});
