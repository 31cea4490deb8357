/**
 * `tedee-hub run` with an `api` block: the HTTP API answers health at once, signs in an owner key made on the
 * same data folder beforehand (as `tedee-hub apps keys add` does), lists the locks and issues a key; a port in
 * use turns the API off with a clear line while the hub runs on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { openApplications } from '../../src/core/index.js';
import { KeyStore } from '../../src/core/keys/store.js';
import { apiClient } from '../helpers/apiServer.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

function run(api: Record<string, unknown>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'run-api-'));
  const store = KeyStore.open({ dataDir });
  const apps = openApplications(store);
  const app = apps.addApplication({ name: 'admin', group: 'owner' });
  const { key } = apps.addAccessKey(app.id, { name: 'main' });
  store.close();
  const config = join(dataDir, 'hub.json');
  writeFileSync(config, JSON.stringify({ personalAccessKey: env.key, apiUrl: env.url, dataDir, api }));
  const { io, out, stop } = fakeIo({ HOME: dataDir });
  const running = runCli(['run', '--config', config], io);
  cleanup.push(async () => {
    stop();
    await running;
  });
  return { key, out };
}

describe('tedee-hub run with an api block', () => {
  it('serves the API: health without a key, locks and keys with the owner key', async () => {
    const port = await freePort();
    const { key, out } = run({ port });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      () => out.some((line) => line.includes(`HTTP API on ${url}/api/v1`)),
      15_000,
      'the API line',
    );
    const anonymous = apiClient(url);
    const health = await waitFor(async () => {
      const answer = await anonymous('GET', '/api/v1/health');
      return answer.body.state === 'ok' && answer;
    }, 15_000);
    expect(health.body).toEqual({ state: 'ok' });
    // The Keys page comes with the API, from the package's own folder.
    expect(out.join('\n')).toContain(`the Keys page on ${url}/.`);
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="assets/app.js">');
    expect((await fetch(`${url}/assets/app.js`)).status).toBe(200);
    const owner = apiClient(url, key);
    expect(((await owner('GET', '/api/v1/locks')).body.locks as unknown[]).length).toBe(2);
    const locks = await env.control.locks();
    await env.control.patchLock(locks[0]!.id, { keypad: true });
    const issued = await waitFor(async () => {
      const answer = await owner('POST', '/api/v1/keys', {
        body: {
          name: 'Stay',
          persons: [{ name: 'Ann' }],
          doors: [locks[0]!.id],
          credentials: { doorcode: true },
        },
      });
      // 503 KEYS_UNAVAILABLE while the key service starts.
      return answer.status !== 503 && answer;
    }, 15_000);
    expect(issued.status).toBe(201);
    expect(out.join('\n')).not.toContain(key);
  });

  it('a port in use: the API is off with the reason, the hub runs on', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => blocker.close(resolve)));
    const { port } = blocker.address() as { port: number };
    const { out } = run({ port });
    await waitFor(() => out.some((line) => line.includes('The HTTP API is off')), 15_000, 'the API off line');
    expect(out.find((line) => line.includes('The HTTP API is off'))).toContain('EADDRINUSE');
    await waitFor(() => out.some((line) => line.includes('Tedee hub running')));
  });
});
