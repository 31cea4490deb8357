/**
 * The proof behind docs/module-format.md: the built ESM package loads in Homebridge 2.x and 1.11, and a
 * node laid out like ours loads and runs in Node-RED 5 and 4.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { HomebridgePackage } from '../helpers/homebridge.js';
import { startHomebridge } from '../helpers/homebridge.js';

const run = promisify(execFile);

describe.each(['homebridge', 'homebridge-1'] as HomebridgePackage[])('%s', (pkg) => {
  it('loads the plugin and initialises the TedeeHub platform', async () => {
    const homebridge = await startHomebridge({
      package: pkg,
      platforms: [
        {
          platform: 'TedeeHub',
          name: 'Tedee',
          personalAccessKey: 'abc.defghijk',
          apiUrl: 'http://127.0.0.1:1',
        },
      ],
    });
    try {
      await homebridge.waitForLog(/Loaded plugin: homebridge-tedee-hub@/);
      await homebridge.waitForLog(/\[Tedee\] Initializing TedeeHub platform/);
      expect(homebridge.logs.join('\n')).not.toMatch(
        /ERR_REQUIRE_ESM|SyntaxError|Cannot use import statement|The requested module/,
      );
    } finally {
      await homebridge.stop();
    }
  });
});

describe.each(['node-red', 'node-red-4'])('%s', (pkg) => {
  it('loads an ESM node that imports dist/ and runs it in a flow', async () => {
    const { stdout } = await run(process.execPath, ['test/fixtures/node-red-probe.mjs', pkg], {
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      nodeRed: string;
      registered: string[];
      error: unknown;
      ran: boolean;
    };
    expect(result.nodeRed).toMatch(pkg === 'node-red' ? /^5\./ : /^4\./);
    expect(result).toMatchObject({ registered: ['tedee-hub-probe'], error: null, ran: true });
  });
});
