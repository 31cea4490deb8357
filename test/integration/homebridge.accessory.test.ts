/**
 * The lock accessory with real HAP objects and a real hub on the emulator (sharing its clock): the mapping
 * as HomeKit reads it, onGet from memory, onSet returning at once, each unlatch option, lock-only mode.
 */
import type { Characteristic, PlatformAccessory, Service } from 'homebridge';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LockHub } from '../../src/core/index.js';
import type { UnlatchMode } from '../../src/config/index.js';
import { LockAccessory } from '../../src/homebridge/lockAccessory.js';
import { HAP_STATUS } from '../../src/homebridge/hapMapping.js';
import { useEmulator } from '../helpers/emulator.js';
import { homebridgeApi, recordingLog } from '../helpers/homebridgeApi.js';
import { startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3, speed: 20 });
const { api } = homebridgeApi();
const { Service: S, Characteristic: C } = api.hap;

beforeEach(async () => {
  await env.control.reset();
});

interface Setup {
  hub: LockHub;
  accessory: PlatformAccessory;
  handler: LockAccessory;
  log: ReturnType<typeof recordingLog>;
  mechanism: Service;
}

async function setup(
  lockId: number,
  options: {
    unlatch?: UnlatchMode;
    settings?: Parameters<typeof startHub>[1];
    accessory?: PlatformAccessory;
  } = {},
): Promise<Setup> {
  const { hub } = startHub(env, options.settings);
  await hub.ready();
  const lock = hub.lock(lockId)!;
  const accessory =
    options.accessory ?? new api.platformAccessory(lock.name, api.hap.uuid.generate(lock.serialNumber), 6);
  const log = recordingLog();
  const handler = new LockAccessory(accessory, lock, {
    hap: api.hap,
    hub,
    log,
    lowBatteryThreshold: 20,
    unlatch: options.unlatch ?? 'none',
  });
  for (const event of ['stateChanged', 'availabilityChanged', 'lockUpdated'] as const) {
    hub.on(event, ({ lock: changed }) => {
      if (changed.id === lockId) handler.update(changed);
    });
  }
  hub.on('commandFinished', (result) => handler.commandFinished(result));
  return { hub, accessory, handler, log, mechanism: accessory.getService(S.LockMechanism)! };
}

const read = (characteristic: Characteristic) => characteristic.handleGetRequest();

describe('services', () => {
  it('has LockMechanism, Battery, AccessoryInformation and a ContactSensor for a paired door sensor', async () => {
    const { accessory } = await setup(101);
    const info = accessory.getService(S.AccessoryInformation)!;
    expect(info.getCharacteristic(C.Manufacturer).value).toBe('Tedee');
    expect(info.getCharacteristic(C.Model).value).toBe('Lock PRO');
    expect(info.getCharacteristic(C.SerialNumber).value).toBe('20420103-000001');
    expect(info.getCharacteristic(C.FirmwareRevision).value).toMatch(/^2\.6\.\d+$/);
    expect(accessory.getService(S.Battery)).toBeDefined();
    expect(accessory.getServiceById(S.ContactSensor, 'door')).toBeDefined();
    expect(
      await read(accessory.getServiceById(S.ContactSensor, 'door')!.getCharacteristic(C.ContactSensorState)),
    ).toBe(C.ContactSensorState.CONTACT_DETECTED);
  });

  it('has no ContactSensor without a door sensor, and drops it when the sensor is unpaired', async () => {
    const { accessory, hub } = await setup(101);
    await env.control.patchLock(101, { doorSensor: false });
    await waitFor(() => !hub.lock(101)?.hasDoorSensor);
    expect(accessory.getServiceById(S.ContactSensor, 'door')).toBeUndefined();
  });

  it('drops a cached door sensor service when the lock has no sensor any more', async () => {
    const cached = new api.platformAccessory('Back Door', api.hap.uuid.generate('door-cache'), 6);
    cached.addService(S.ContactSensor, 'Back Door Door', 'door');
    const { accessory } = await setup(102, { accessory: cached });
    expect(accessory.getServiceById(S.ContactSensor, 'door')).toBeUndefined();
  });

  it('keeps the last battery level when the battery becomes unknown, and a tile name given in Home', async () => {
    const { accessory, hub } = await setup(101, { unlatch: 'switch' });
    const level = accessory.getService(S.Battery)!.getCharacteristic(C.BatteryLevel);
    await env.control.patchLock(101, { batteryLevel: 255 });
    await waitFor(() => hub.lock(101)?.status.battery === null);
    expect(await read(level)).toBe(87);
    expect(await read(accessory.getService(S.Battery)!.getCharacteristic(C.StatusLowBattery))).toBe(0);
    const unlatch = accessory.getServiceById(S.Switch, 'unlatch')!;
    unlatch.getCharacteristic(C.ConfiguredName).updateValue('Open Door');
    await setup(101, { unlatch: 'switch', accessory });
    expect(unlatch.getCharacteristic(C.ConfiguredName).value).toBe('Open Door');
  });

  it('reports battery level, low battery under the threshold and charging', async () => {
    const { accessory, hub } = await setup(101);
    const battery = accessory.getService(S.Battery)!;
    expect(await read(battery.getCharacteristic(C.BatteryLevel))).toBe(87);
    expect(await read(battery.getCharacteristic(C.StatusLowBattery))).toBe(0);
    await env.control.patchLock(101, { batteryLevel: 12, isCharging: true });
    await waitFor(() => hub.lock(101)?.status.battery === 12);
    expect(await read(battery.getCharacteristic(C.StatusLowBattery))).toBe(1);
    expect(await read(battery.getCharacteristic(C.ChargingState))).toBe(C.ChargingState.CHARGING);
  });
});

describe('LockMechanism', () => {
  it('answers onGet from memory without a cloud request', async () => {
    const { mechanism } = await setup(101);
    const before = (await env.control.stats()).total;
    for (let i = 0; i < 20; i++) {
      expect(await read(mechanism.getCharacteristic(C.LockCurrentState))).toBe(C.LockCurrentState.SECURED);
      expect(await read(mechanism.getCharacteristic(C.LockTargetState))).toBe(C.LockTargetState.SECURED);
    }
    expect((await env.control.stats()).total - before).toBeLessThan(3);
  });

  it('onSet returns at once; current follows when the hub confirms; target stays put', async () => {
    const { mechanism, hub } = await setup(101);
    const started = performance.now();
    await mechanism.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.UNSECURED);
    expect(performance.now() - started).toBeLessThan(50);
    expect(mechanism.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.UNSECURED);
    expect(mechanism.getCharacteristic(C.LockCurrentState).value).toBe(C.LockCurrentState.SECURED);
    await waitFor(
      () => mechanism.getCharacteristic(C.LockCurrentState).value === C.LockCurrentState.UNSECURED,
    );
    expect(hub.lock(101)?.status.state).toBe('unlocked');
    expect(mechanism.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.UNSECURED);
  });

  it('a target set elsewhere (by hand) follows the current state', async () => {
    const { mechanism } = await setup(102);
    await env.control.physical(102, 'unlock');
    await waitFor(
      () => mechanism.getCharacteristic(C.LockCurrentState).value === C.LockCurrentState.UNSECURED,
    );
    expect(mechanism.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.UNSECURED);
  });

  it('a failed command sets the target back and logs the reason', async () => {
    await env.control.patchLock(102, { state: 2, jamNext: true });
    const { mechanism, log } = await setup(102);
    await mechanism.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.SECURED);
    await waitFor(() =>
      log.lines.some((line) => /^Locking Back Door failed\b.*: the lock jammed/.test(line.message)),
    );
    expect(mechanism.getCharacteristic(C.LockCurrentState).value).toBe(C.LockCurrentState.JAMMED);
    expect(mechanism.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.UNSECURED);
  });

  it('shows JAMMED and UNKNOWN, never UNSECURED for an updating lock', async () => {
    const { mechanism, hub } = await setup(103);
    await env.control.patchLock(103, { state: 18 });
    await waitFor(() => hub.lock(103)?.status.state === 'unknown');
    expect(await read(mechanism.getCharacteristic(C.LockCurrentState))).toBe(C.LockCurrentState.UNKNOWN);
  });

  it('answers No Response only while the lock is unavailable', async () => {
    const { mechanism, hub } = await setup(103);
    await env.control.patchLock(103, { connected: false });
    await waitFor(() => hub.lock(103)?.available === false);
    await expect(read(mechanism.getCharacteristic(C.LockCurrentState))).rejects.toBe(
      HAP_STATUS.SERVICE_COMMUNICATION_FAILURE,
    );
    await expect(mechanism.getCharacteristic(C.LockTargetState).handleSetRequest(0)).rejects.toBe(
      HAP_STATUS.SERVICE_COMMUNICATION_FAILURE,
    );
    await env.control.patchLock(103, { connected: true });
    await waitFor(() => hub.lock(103)?.available === true);
    expect(await read(mechanism.getCharacteristic(C.LockCurrentState))).toBe(C.LockCurrentState.SECURED);
  });

  it('restores the target of a cached accessory and re-syncs it to the current state', async () => {
    const cached = new api.platformAccessory('Front Door', api.hap.uuid.generate('cached'), 6);
    cached
      .addService(S.LockMechanism, 'Front Door')
      .getCharacteristic(C.LockTargetState)
      .updateValue(C.LockTargetState.UNSECURED);
    const { mechanism } = await setup(101, { accessory: cached });
    expect(mechanism).toBe(cached.getService(S.LockMechanism));
    expect(mechanism.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.SECURED);
    expect(cached.services.filter((service) => service.UUID === S.LockMechanism.UUID)).toHaveLength(1);
  });
});

describe('names and log lines', () => {
  it('logs one info line for a confirmed command from HomeKit, and nothing else', async () => {
    const { mechanism, log } = await setup(101);
    await mechanism.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.UNSECURED);
    await waitFor(() => log.lines.length > 0);
    await waitFor(
      () => mechanism.getCharacteristic(C.LockCurrentState).value === C.LockCurrentState.UNSECURED,
    );
    expect(log.lines).toEqual([{ level: 'info', message: 'Front Door unlocked from HomeKit' }]);
  });

  it('a rename in the Tedee app renames the services too (a name given in Home stays)', async () => {
    const { accessory, hub } = await setup(101, { unlatch: 'switch' });
    const door = accessory.getServiceById(S.ContactSensor, 'door')!;
    const unlatch = accessory.getServiceById(S.Switch, 'unlatch')!;
    unlatch.getCharacteristic(C.ConfiguredName).updateValue('Buzzer');
    await env.control.patchLock(101, { name: 'Main Door' });
    await hub.ready();
    await waitFor(() => accessory.displayName === 'Main Door', 15_000, 'the rename');
    expect(accessory.getService(S.LockMechanism)!.getCharacteristic(C.Name).value).toBe('Main Door');
    expect(accessory.getService(S.Battery)!.getCharacteristic(C.Name).value).toBe('Main Door Battery');
    expect(door.getCharacteristic(C.Name).value).toBe('Main Door Door');
    expect(door.getCharacteristic(C.ConfiguredName).value).toBe('Main Door Door');
    expect(unlatch.getCharacteristic(C.ConfiguredName).value).toBe('Buzzer');
  });

  it('a rename made while Homebridge was stopped renames the cached services at start (a name given in Home stays)', async () => {
    const first = await setup(101, { unlatch: 'switch' });
    first.accessory
      .getServiceById(S.Switch, 'unlatch')!
      .getCharacteristic(C.ConfiguredName)
      .updateValue('Buzzer');
    await first.hub.stop();
    await env.control.patchLock(101, { name: 'Main Door' });
    // A new start on the cached accessory: the hub already knows the new name.
    const { accessory } = await setup(101, { unlatch: 'switch', accessory: first.accessory });
    const door = accessory.getServiceById(S.ContactSensor, 'door')!;
    expect(accessory.displayName).toBe('Main Door');
    expect(accessory.getService(S.LockMechanism)!.getCharacteristic(C.Name).value).toBe('Main Door');
    expect(accessory.getService(S.Battery)!.getCharacteristic(C.Name).value).toBe('Main Door Battery');
    expect(accessory.getService(S.Battery)!.displayName).toBe('Main Door Battery');
    expect(door.getCharacteristic(C.Name).value).toBe('Main Door Door');
    expect(door.getCharacteristic(C.ConfiguredName).value).toBe('Main Door Door');
    expect(accessory.getServiceById(S.Switch, 'unlatch')!.getCharacteristic(C.ConfiguredName).value).toBe(
      'Buzzer',
    );
  });
});

describe('lock-only', () => {
  it('locks, but refuses unlock with a log line and a HAP error, without calling the cloud', async () => {
    const { mechanism, log } = await setup(103, {
      settings: { locks: [{ name: 'Garage', allowUnlock: false }] },
    });
    const before = (await env.control.stats()).byRoute['POST /my/lock/{id}/operation/unlock']?.count ?? 0;
    await expect(
      mechanism.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.UNSECURED),
    ).rejects.toBe(HAP_STATUS.NOT_ALLOWED_IN_CURRENT_STATE);
    expect(log.lines.find((line) => line.level === 'warn')?.message).toMatch(
      /Unlocking Garage refused: .*allowUnlock: false/,
    );
    expect(mechanism.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.SECURED);
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/unlock']?.count ?? 0).toBe(
      before,
    );
  });
});

describe('unlatch', () => {
  it('switch: a momentary switch pulls once and resets', async () => {
    await env.control.patchLock(101, { state: 2 });
    const { accessory } = await setup(101, { unlatch: 'switch' });
    const on = accessory.getServiceById(S.Switch, 'unlatch')!.getCharacteristic(C.On);
    expect(await read(on)).toBe(false);
    for (let i = 0; i < 5; i++) await on.handleSetRequest(true);
    expect(on.value).toBe(true);
    await waitFor(() => on.value === false, 10_000);
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/pull']?.count).toBe(1);
  });

  it('latch: a second lock tile named Latch pulls and returns to secured', async () => {
    await env.control.patchLock(101, { state: 2 });
    const { accessory } = await setup(101, { unlatch: 'latch' });
    const latch = accessory.getServiceById(S.LockMechanism, 'latch')!;
    expect(latch.getCharacteristic(C.ConfiguredName).value).toBe('Latch');
    expect(await read(latch.getCharacteristic(C.LockCurrentState))).toBe(C.LockCurrentState.SECURED);
    await latch.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.UNSECURED);
    await latch.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.UNSECURED);
    expect(latch.getCharacteristic(C.LockTargetState).value).toBe(C.LockTargetState.UNSECURED);
    await waitFor(
      () => latch.getCharacteristic(C.LockTargetState).value === C.LockTargetState.SECURED,
      10_000,
    );
    await waitFor(
      () => latch.getCharacteristic(C.LockCurrentState).value === C.LockCurrentState.SECURED,
      10_000,
    );
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/pull']?.count).toBe(1);
  });

  it('onUnlock: every unlock from Home also pulls the spring', async () => {
    const { mechanism } = await setup(101, { unlatch: 'onUnlock' });
    await mechanism.getCharacteristic(C.LockTargetState).handleSetRequest(C.LockTargetState.UNSECURED);
    await waitFor(
      async () => (await env.control.stats()).byRoute['POST /my/lock/{id}/operation/pull']?.count === 1,
      10_000,
    );
    await waitFor(
      () => mechanism.getCharacteristic(C.LockCurrentState).value === C.LockCurrentState.UNSECURED,
    );
  });

  it('latch: the tile never shows "Locking…" (target secured while current unsecured) around a pull', async () => {
    await env.control.patchLock(101, { state: 2, pullSpringDuration: 2 });
    const { accessory } = await setup(101, { unlatch: 'latch' });
    const latch = accessory.getServiceById(S.LockMechanism, 'latch')!;
    const target = latch.getCharacteristic(C.LockTargetState);
    const current = latch.getCharacteristic(C.LockCurrentState);
    // What Home sees once a round of updates has settled.
    const seen: string[] = [];
    const record = () =>
      queueMicrotask(() =>
        seen.push(`target ${JSON.stringify(target.value)} current ${JSON.stringify(current.value)}`),
      );
    target.on('change', record);
    current.on('change', record);
    await target.handleSetRequest(C.LockTargetState.UNSECURED);
    await waitFor(() => seen.includes('target 0 current 0'), 10_000, 'the pull');
    await waitFor(() => seen.at(-1) === 'target 1 current 1', 10_000, 'the latch back');
    expect(seen).not.toContain('target 1 current 0');
  });

  it('switch and latch are not shown when allowOpen is false, saying so once', async () => {
    for (const unlatch of ['switch', 'latch'] as const) {
      const { accessory, log } = await setup(101, {
        unlatch,
        settings: { locks: [{ name: 'Front Door', allowOpen: false }] },
      });
      expect(accessory.getServiceById(S.Switch, 'unlatch')).toBeUndefined();
      expect(accessory.getServiceById(S.LockMechanism, 'latch')).toBeUndefined();
      expect(log.lines).toEqual([
        {
          level: 'warn',
          message: `Front Door: unlatch "${unlatch}" is not shown: allowOpen is false for this lock.`,
        },
      ]);
    }
  });

  it('is not shown when the lock has no pull spring, saying so', async () => {
    await env.control.patchLock(102, { pullSpringEnabled: false });
    const { accessory, log } = await setup(102, { unlatch: 'latch' });
    expect(accessory.getServiceById(S.LockMechanism, 'latch')).toBeUndefined();
    expect(log.lines.some((line) => line.message.includes('needs pull spring enabled'))).toBe(true);
  });

  it('a changed option removes the earlier service from the cached accessory', async () => {
    await env.control.patchLock(101, { state: 2 });
    const first = await setup(101, { unlatch: 'latch' });
    expect(first.accessory.getServiceById(S.LockMechanism, 'latch')).toBeDefined();
    const second = await setup(101, { unlatch: 'none', accessory: first.accessory });
    expect(second.accessory.getServiceById(S.LockMechanism, 'latch')).toBeUndefined();
  });
});
