/** The TedeeHub platform with an `api` block serves the HTTP API over its data folder, and stops it on shutdown. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApplications } from '../../src/core/index.js';
import { KeyStore } from '../../src/core/keys/store.js';
import { TedeeHubPlatform } from '../../src/homebridge/platform.js';
import { PLATFORM_NAME } from '../../src/homebridge/settings.js';
import { apiClient } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';
import { homebridgeApi, recordingLog } from '../helpers/homebridgeApi.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });

describe('the Homebridge platform with an api block', () => {
  it('answers health and the locks with a key from its data folder; shutdown closes the port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hb-api-'));
    const store = KeyStore.open({ dataDir });
    const apps = openApplications(store);
    const { key } = apps.addAccessKey(apps.addApplication({ name: 'home', group: 'viewer' }).id, {
      name: 'k',
    });
    store.close();
    const port = await freePort();
    const harness = homebridgeApi();
    harness.api.user.setStoragePath(dataDir);
    const log = recordingLog();
    new TedeeHubPlatform(
      log,
      {
        platform: PLATFORM_NAME,
        name: 'Tedee',
        personalAccessKey: env.key,
        apiUrl: env.url,
        dataDir,
        api: { port },
      },
      harness.api,
    );
    harness.api.emit('didFinishLaunching');
    const url = `http://127.0.0.1:${port}`;
    await waitFor(() => log.lines.some((line) => line.message.includes(`HTTP API on ${url}`)), 15_000);
    const locks = await waitFor(async () => {
      const answer = await apiClient(url, key)('GET', '/api/v1/locks');
      return (answer.body.locks as unknown[] | undefined)?.length === 2 && answer;
    }, 15_000);
    expect(locks.status).toBe(200);
    expect((await apiClient(url)('GET', '/api/v1/health')).status).toBe(200);
    harness.api.emit('shutdown');
    await waitFor(
      async () => {
        try {
          await fetch(`${url}/api/v1/health`);
          return false;
        } catch {
          return true;
        }
      },
      10_000,
      'the port closed',
    );
  });
});
