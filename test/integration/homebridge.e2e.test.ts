/**
 * End to end: the real homebridge process (2.x, and 1.11 side by side) runs the built plugin against the
 * emulator; HomeKit is played by HTTP requests to the bridge in insecure mode.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { HAP_TYPE, HapClient } from '../helpers/hapClient.js';
import type { HomebridgePackage } from '../helpers/homebridge.js';
import { startHomebridge } from '../helpers/homebridge.js';
import { useEmulator } from '../helpers/emulator.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
const reset = async () => {
  await env.control.reset();
};

const platform = () => ({
  platform: 'TedeeHub',
  name: 'Tedee',
  personalAccessKey: env.key,
  apiUrl: env.url,
  pollInterval: 10,
});

/*
 * These three wait for a poll of the plugin (a change at the door, a rename in the app), at least 10 s of real
 * time in a Homebridge process. They run concurrently on a fresh emulator, each on its own locks: 2.x moves the
 * Front Door, 1.11 the Garage, and the services test renames the Back Door and only reads the Front Door.
 */
const SERVED: Record<HomebridgePackage, { id: number; serial: string }> = {
  homebridge: { id: 101, serial: '20420103-000001' },
  'homebridge-1': { id: 103, serial: '20420103-000003' },
};

describe.concurrent.each(['homebridge', 'homebridge-1'] as HomebridgePackage[])('%s', (pkg) => {
  it('serves the locks; a HomeKit write moves the lock and the characteristic follows; a change at the door shows up', async () => {
    const lock = SERVED[pkg];
    const homebridge = await startHomebridge({ package: pkg, platforms: [platform()] });
    try {
      // Every lock is served (by serial: the services test may rename the Back Door meanwhile).
      const SERIALS = ['20420103-000001', '20420103-000002', '20420103-000003'];
      await waitFor(
        () =>
          SERIALS.every((serial) =>
            homebridge.logs.some((line) => /Added /.test(line) && line.includes(`(${serial})`)),
          ),
        30_000,
        'every lock added',
      );
      const hap = new HapClient(homebridge.port);
      const current = await waitFor(
        () => hap.find(lock.serial, HAP_TYPE.LockMechanism, HAP_TYPE.LockCurrentState),
        20_000,
      );
      const target = (await hap.find(lock.serial, HAP_TYPE.LockMechanism, HAP_TYPE.LockTargetState))!;
      expect((await hap.read(current)).value).toBe(1);
      expect(await hap.find(lock.serial, HAP_TYPE.Battery, HAP_TYPE.BatteryLevel)).toBeDefined();

      expect(await hap.write(target, 0)).toBe(204);
      await waitFor(
        async () => (await env.control.lock(lock.id)).state === 2,
        10_000,
        'the emulated lock to unlock',
      );
      await waitFor(async () => (await hap.read(current)).value === 0, 10_000, 'LockCurrentState UNSECURED');
      expect((await hap.read(target)).value).toBe(0);

      await env.control.physical(lock.id, 'lock');
      await waitFor(
        async () => (await hap.read(current)).value === 1,
        15_000,
        'the change at the door to reach HAP',
      );
      expect((await hap.read(target)).value).toBe(1);
      expect(homebridge.logs.join('\n')).not.toContain(env.key.split('.')[1]);
    } finally {
      // 0: Homebridge exited by itself once teardown was done; the plugin left no socket or timer behind.
      expect(await homebridge.stop()).toBe(0);
    }
  }, 90_000);
});

describe.concurrent('homebridge services', () => {
  it('no unlatch where allowOpen is false; a rename in the Tedee app renames the services', async () => {
    const homebridge = await startHomebridge({
      package: 'homebridge',
      platforms: [
        {
          ...platform(),
          locks: [
            { serialNumber: '20420103-000001', unlatch: 'switch', allowOpen: false },
            { serialNumber: '20420103-000002', unlatch: 'switch' },
          ],
        },
      ],
    });
    try {
      const hap = new HapClient(homebridge.port);
      const types = async (serial: string) => (await hap.services(serial)).map((service) => service.type);
      await waitFor(
        async () => (await types('20420103-000002').catch((): string[] => [])).includes(HAP_TYPE.Switch),
        30_000,
        'the Unlatch switch of Back Door',
      );
      expect(await types('20420103-000001')).not.toContain(HAP_TYPE.Switch);
      await homebridge.waitForLog(/Front Door: unlatch "switch" is not shown: allowOpen is false/);

      await env.control.patchLock(102, { name: 'Side Door' });
      const names = async () => (await hap.services('20420103-000002')).map((service) => service.name);
      await waitFor(async () => (await names()).includes('Side Door'), 45_000, 'the rename');
      expect(await names()).toEqual(expect.arrayContaining(['Side Door', 'Side Door Battery', 'Unlatch']));
    } finally {
      await homebridge.stop();
    }
  }, 90_000);
});

// Beside them too: most of its time is Homebridge's own stop of a child bridge (the IPC channel keeps both processes
// up until the child's 5 s exit fallback). It only reads the Back Door, which the services test renames.
describe.concurrent('as a child bridge', () => {
  it('serves the locks on the child bridge port', async () => {
    const childPort = await freePort();
    const homebridge = await startHomebridge({
      package: 'homebridge',
      platforms: [{ ...platform(), _bridge: { username: '0E:12:34:56:78:9A', port: childPort } }],
    });
    try {
      const child = new HapClient(childPort);
      const current = await child.served(
        '20420103-000002',
        HAP_TYPE.LockMechanism,
        HAP_TYPE.LockCurrentState,
        30_000,
      );
      expect((await child.read(current)).value).toBe(1);
      const main = new HapClient(homebridge.port);
      expect(
        await main.find('20420103-000002', HAP_TYPE.LockMechanism, HAP_TYPE.LockCurrentState),
      ).toBeUndefined();
    } finally {
      await homebridge.stop();
    }
  }, 90_000);
});

describe.each(['homebridge', 'homebridge-1'] as HomebridgePackage[])('%s log', (pkg) => {
  beforeEach(reset);

  it('one info line for a confirmed command from HomeKit, one warning for a failed one', async () => {
    const homebridge = await startHomebridge({ package: pkg, platforms: [platform()] });
    try {
      const hap = new HapClient(homebridge.port);
      const target = await hap.served(
        '20420103-000002',
        HAP_TYPE.LockMechanism,
        HAP_TYPE.LockTargetState,
        20_000,
      );
      expect(await hap.write(target, 0)).toBe(204);
      await homebridge.waitForLog(/Back Door unlocked from HomeKit/);
      await env.control.addFault({ method: 'POST', path: 'operation/lock', status: 409 });
      expect(await hap.write(target, 1)).toBe(204);
      await homebridge.waitForLog(/Locking Back Door failed/);
      await waitFor(async () => (await hap.read(target)).value === 0, 10_000, 'the target back to UNSECURED');
      const about = (pattern: RegExp) => homebridge.logs.filter((line) => pattern.test(line));
      expect(about(/Back Door unlocked from HomeKit/)).toHaveLength(1);
      expect(about(/Locking (lock 102|Back Door)/)).toHaveLength(1);
    } finally {
      await homebridge.stop();
    }
  }, 90_000);
});

describe('homebridge configuration', () => {
  beforeEach(reset);

  it('HOOBS plugin_map, an unknown key and a bad lock block do not idle the platform', async () => {
    const homebridge = await startHomebridge({
      package: 'homebridge',
      platforms: [
        {
          ...platform(),
          plugin_map: { plugin_name: 'homebridge-tedee-hub' },
          colour: 'blue',
          locks: [{ serialNumber: '20420103-000001', unlatch: 'Latch' }],
        },
      ],
    });
    try {
      const hap = new HapClient(homebridge.port);
      await hap.served(
        '20420103-000001',
        HAP_TYPE.LockMechanism,
        HAP_TYPE.LockCurrentState,
        30_000,
        'Front Door served',
      );
      await homebridge.waitForLog(/Configuration: colour: is not a known option/);
      await homebridge.waitForLog(/Configuration: locks\[0\]\.unlatch: must be one of/);
      expect(homebridge.logs.join('\n')).not.toMatch(/plugin_map|Invalid configuration|stays idle/);
    } finally {
      await homebridge.stop();
    }
  }, 90_000);
});
