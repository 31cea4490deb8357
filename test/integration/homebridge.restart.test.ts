/**
 * What the accessory cache carries across restarts of a real Homebridge (2.x and 1.11): a changed unlatch
 * option leaves exactly the services of the new mode, and cached accessories whose locks are never
 * discovered answer "No Response" instead of their cached state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UnlatchMode } from '../../src/config/index.js';
import type { ServiceView } from '../helpers/hapClient.js';
import { HAP_TYPE, HapClient } from '../helpers/hapClient.js';
import type { HomebridgePackage } from '../helpers/homebridge.js';
import { startHomebridge } from '../helpers/homebridge.js';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 1 });
const SERIAL = '20420103-000001';

beforeEach(async () => {
  await env.control.reset();
});

const platform = (extra: Record<string, unknown> = {}) => ({
  platform: 'TedeeHub',
  name: 'Tedee',
  personalAccessKey: env.key,
  apiUrl: env.url,
  pollInterval: 10,
  ...extra,
});

/** Runs Homebridge in `storage` until the lock is served, and returns its services. */
async function servicesAfterStart(
  pkg: HomebridgePackage,
  storage: string,
  unlatch: UnlatchMode,
): Promise<ServiceView[]> {
  const homebridge = await startHomebridge({
    package: pkg,
    storage,
    platforms: [platform({ locks: [{ serialNumber: SERIAL, unlatch }] })],
  });
  try {
    const hap = new HapClient(homebridge.port);
    // The lock is bound once its current state is read from the emulator (1 = SECURED).
    const current = await hap.served(
      SERIAL,
      HAP_TYPE.LockMechanism,
      HAP_TYPE.LockCurrentState,
      30_000,
      'the lock accessory',
    );
    await waitFor(async () => (await hap.read(current)).value === 1, 30_000, 'the lock state');
    return await hap.services(SERIAL);
  } finally {
    await homebridge.stop();
  }
}

const count = (services: ServiceView[], type: string) =>
  services.filter((service) => service.type === type).length;

describe.each(['homebridge', 'homebridge-1'] as HomebridgePackage[])('%s', (pkg) => {
  it('keeps exactly the services of the unlatch mode of each start', async () => {
    const storage = mkdtempSync(join(tmpdir(), 'hb-unlatch-'));
    const expected: Record<UnlatchMode, { mechanisms: number; switches: number }> = {
      latch: { mechanisms: 2, switches: 0 },
      switch: { mechanisms: 1, switches: 1 },
      none: { mechanisms: 1, switches: 0 },
      onUnlock: { mechanisms: 1, switches: 0 },
    };
    const modes: UnlatchMode[] = ['latch', 'switch', 'latch', 'none', 'switch', 'onUnlock'];
    const seen = [];
    const primaries = [];
    for (const mode of modes) {
      const services = await servicesAfterStart(pkg, storage, mode);
      seen.push({
        mode,
        mechanisms: count(services, HAP_TYPE.LockMechanism),
        switches: count(services, HAP_TYPE.Switch),
      });
      primaries.push(services.filter((service) => service.primary).map(({ type, name }) => ({ type, name })));
    }
    expect(seen).toEqual(modes.map((mode) => ({ mode, ...expected[mode] })));
    // The lock's own tile is the primary service, whatever else the accessory has.
    expect(primaries).toEqual(modes.map(() => [{ type: HAP_TYPE.LockMechanism, name: 'Front Door' }]));
  }, 240_000);

  it('shows No Response for a cached lock that is never discovered (key rejected), not the cached "Locked"', async () => {
    const storage = mkdtempSync(join(tmpdir(), 'hb-cache-'));
    await servicesAfterStart(pkg, storage, 'none');
    const homebridge = await startHomebridge({
      package: pkg,
      storage,
      platforms: [platform({ personalAccessKey: 'revoked.KeyThatTheCloudRejects' })],
    });
    try {
      await homebridge.waitForLog(/Polling stopped/);
      const hap = new HapClient(homebridge.port);
      const current = await hap.served(
        SERIAL,
        HAP_TYPE.LockMechanism,
        HAP_TYPE.LockCurrentState,
        30_000,
        'the cached accessory',
      );
      expect(await hap.read(current)).toEqual({ aid: current.aid, iid: current.iid, status: -70402 });
    } finally {
      await homebridge.stop();
    }
  }, 120_000);
});

describe('homebridge (2.x): lock names', () => {
  it('logs a lock name escaped, and a rename made while Homebridge was stopped is applied at start', async () => {
    const storage = mkdtempSync(join(tmpdir(), 'hb-rename-'));
    await env.control.patchLock(101, { name: 'Gar\u001b[31mage\nFAKE 104 line\u202e' });
    const first = await startHomebridge({ package: 'homebridge', storage, platforms: [platform()] });
    try {
      const added = await first.waitForLog(/Added /, 30_000);
      expect(added).toContain('Added Gar\\u001b[31mage\\u000aFAKE 104 line\\u202e (20420103-000001)');
      // No forged line: the text after the newline stays on the "Added" line.
      expect(
        first.logs
          .join('\n')
          .split('\n')
          .filter((line) => line.includes('FAKE 104')),
      ).toEqual([expect.stringContaining('Added Gar') as string]);
    } finally {
      await first.stop();
    }
    await env.control.patchLock(101, { name: 'Main Door' });
    const services = await servicesAfterStart('homebridge', storage, 'none');
    const names = services
      .filter((service) => service.type === HAP_TYPE.LockMechanism || service.type === HAP_TYPE.Battery)
      .map(({ name }) => name);
    expect(names).toEqual(['Main Door', 'Main Door Battery']);
  }, 180_000);
});
