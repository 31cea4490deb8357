/**
 * The README's install path before the package is on npm: `npm pack` of the built checkout, `npm install` of the
 * tarball into a throw-away Homebridge storage folder, and a real Homebridge 2 that loads it from there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAP_TYPE, HapClient } from '../helpers/hapClient.js';
import { startHomebridge } from '../helpers/homebridge.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 1 });

function npm(args: string[], cwd: string): string {
  // The npm that runs this test; --prefer-offline takes the dependencies from the cache `npm ci` filled.
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('install from a packed tarball', () => {
  it('packs what Homebridge needs, installs into a storage folder, and Homebridge 2 serves the locks', async () => {
    const packs = mkdtempSync(join(tmpdir(), 'hb-pack-'));
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', packs], process.cwd())) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed!.files.map((file) => file.path);
    for (const needed of ['LICENSE', 'README.md', 'config.schema.json', 'dist/index.js'])
      expect(files).toContain(needed);
    // No tests and no TypeScript sources: dist/ is the code. The Keys page ships from src/api/page/ as written
    // (plain HTML and ES modules, no build step; docs/api.md).
    const sources = files.filter((path) => path.startsWith('src/') && !path.startsWith('src/api/page/'));
    expect(files.filter((path) => path.startsWith('test/'))).toEqual([]);
    expect(sources).toEqual([]);

    const storage = mkdtempSync(join(tmpdir(), 'hb-storage-'));
    npm(
      [
        'install',
        '--prefix',
        storage,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(packs, packed!.filename),
      ],
      storage,
    );
    const homebridge = await startHomebridge({
      package: 'homebridge',
      storage,
      pluginPath: join(storage, 'node_modules'),
      platforms: [{ platform: 'TedeeHub', name: 'Tedee', personalAccessKey: env.key, apiUrl: env.url }],
    });
    try {
      await homebridge.waitForLog(/Loaded plugin: homebridge-tedee-hub@/);
      const hap = new HapClient(homebridge.port);
      const current = await hap.served(
        '20420103-000001',
        HAP_TYPE.LockMechanism,
        HAP_TYPE.LockCurrentState,
        30_000,
        'the lock served from the installed tarball',
      );
      expect((await hap.read(current)).value).toBe(1);
    } finally {
      await homebridge.stop();
    }
  }, 180_000);
});
