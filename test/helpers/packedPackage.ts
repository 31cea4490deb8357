/**
 * This package as a user installs it: `npm pack` of the checkout, then `npm install` of the tarball into a
 * fresh folder (the approach of the Homebridge install test).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PACKAGE_NAME = 'homebridge-tedee-hub';

export interface InstalledPackage {
  /** The folder whose node_modules holds the installed package and its dependencies. */
  dir: string;
  /** The files the tarball holds, as `npm pack` lists them. */
  files: string[];
  remove(): void;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * `npm pack` of this checkout (needs dist/: npx tsc -p tsconfig.build.json), then `npm install` of the
 * tarball into a fresh folder. `--prefer-offline` takes the dependencies from the npm cache that `npm ci`
 * filled, as the Homebridge install test does, so it works without a network where CI has run `npm ci`.
 */
export function packAndInstall(): InstalledPackage {
  if (!existsSync('dist/node-red/account.js'))
    throw new Error('dist/ is missing: build first (npx tsc -p tsconfig.build.json)');
  const packs = mkdtempSync(join(tmpdir(), 'nr-pack-'));
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', packs], process.cwd())) as {
    filename: string;
    files: { path: string }[];
  }[];
  const dir = mkdtempSync(join(tmpdir(), 'nr-install-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'node-red-user', private: true }));
  npm(
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-save', join(packs, packed!.filename)],
    dir,
  );
  return {
    dir,
    files: packed!.files.map((file) => file.path),
    remove: () => {
      rmSync(packs, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
