/**
 * hostKeyService, the one way hosts (the daemon, the Node-RED account node) run the key service: the store
 * opened at once, the service started once the hub has read its locks (also when the first discovery failed and
 * a later one works), a store problem reported, and a stop before the start that leaves nothing open.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostKeyService } from '../../src/core/keys/service/host.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';

// 50x: the hub's retries after a failed discovery take a fraction of a second.
const env = useEmulator({ locks: 2, speed: 50 });
const folders: string[] = [];

beforeEach(async () => {
  await env.control.reset();
});

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function dataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keys-host-'));
  folders.push(folder);
  return folder;
}

const QUIET = { reconcileAtStart: false, reconcileIntervalMs: 0 };

describe('hostKeyService', () => {
  it('starts the service once the hub is ready, and stops it', async () => {
    const { hub } = startHub(env);
    const host = hostKeyService(hub, { dataDir: dataDir(), options: QUIET });
    const running = await host.started;
    expect(running?.keyCount).toBe(0);
    expect(running!.api.list()).toEqual([]);
    expect(host.problem()).toBeUndefined();
    await host.stop();
    expect(() => running!.api.list()).toThrow();
  });

  it('waits through a failed first discovery and starts when the hub recovers', async () => {
    await env.control.setFaults([{ method: 'GET', path: '^/my/lock$', status: 503 }]);
    const { hub } = startHub(env, { unavailableAfterFailures: 2 });
    const host = hostKeyService(hub, { dataDir: dataDir(), options: QUIET });
    await expect(hub.ready()).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    await env.control.clearFaults();
    const running = await host.started;
    expect(running).toBeDefined();
    expect(host.problem()).toBeUndefined();
    await host.stop();
  });

  it('reports a store that cannot open, and runs no service', async () => {
    const { hub } = startHub(env);
    const notAFolder = join(dataDir(), 'file');
    writeFileSync(notAFolder, 'not a folder');
    const host = hostKeyService(hub, { dataDir: notAFolder, options: QUIET });
    expect(await host.started).toBeUndefined();
    expect(host.problem()).toMatch(/\S/);
    await host.stop();
  });

  it('stops before the hub is ready: no service, the store closed, onStopped called', async () => {
    await env.control.setFaults([{ method: 'GET', path: '^/my/lock$', status: 503 }]);
    const { hub } = startHub(env);
    let stoppedCalls = 0;
    const host = hostKeyService(hub, {
      dataDir: dataDir(),
      options: QUIET,
      onStopped: () => void (stoppedCalls += 1),
    });
    await host.stop();
    expect(await host.started).toBeUndefined();
    expect(host.problem()).toBeUndefined();
    expect(stoppedCalls).toBe(1);
  });
});
