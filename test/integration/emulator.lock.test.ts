/**
 * The emulated lock acting by itself, on a manual clock: auto-lock, locking after the door closed,
 * postponed button lock, settings reaching the lock (deviceRevision) and a charging battery.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { ManualClock } from '../helpers/manualClock.js';

const clock = new ManualClock();
// Every lock and bridge timer runs on this clock: the test moves time, nothing sleeps.
const env = useEmulator({ locks: 2, clock, deviceLatencyMs: 2000 });

const SECOND = 1000;
/** Long enough for any motor movement (1-3 s) to end. */
const MOVEMENT = 3 * SECOND;

beforeEach(async () => {
  await env.control.reset();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.url}/api/v37${path}`, {
    method,
    headers: {
      Authorization: `PersonalKey ${env.key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await response.json()) as { result: T; statusCode: number };
  expect(envelope.statusCode, `${method} ${path}`).toBeLessThan(300);
  return envelope.result;
}

interface LockView {
  revision: number;
  deviceRevision: number;
  targetDeviceRevision: number;
  deviceState: { state: number; batteryLevel: number; isCharging: boolean } | null;
}

const readLock = (id: number) => api<LockView>('GET', `/my/lock/${id}`);

/** Changes device settings through the public API, as the hub or the Tedee app would. */
async function changeSettings(id: number, deviceSettings: Record<string, unknown>) {
  const { revision } = await readLock(id);
  return api<{ revision: number; targetDeviceRevision: number }>('PATCH', '/my/lock', {
    id,
    revision,
    deviceSettings,
  });
}

async function events(id: number): Promise<number[]> {
  const list = await api<{ event: number }[]>('GET', `/my/deviceactivity?deviceId=${id}`);
  return list.map((item) => item.event);
}

const stateOf = async (id: number) => (await readLock(id)).deviceState!.state;

describe('settings reach the lock', () => {
  it('deviceRevision catches up with targetDeviceRevision after the device latency', async () => {
    const before = await readLock(101);
    const saved = await changeSettings(101, { autoLockDelay: 20 });
    expect(saved.targetDeviceRevision).toBe(before.targetDeviceRevision + 1);
    expect((await readLock(101)).deviceRevision).toBe(before.deviceRevision);
    clock.advance(2 * SECOND);
    const after = await readLock(101);
    expect(after.deviceRevision).toBe(after.targetDeviceRevision);
  });

  it('an offline lock catches up only when it is reachable again', async () => {
    await env.control.patchLock(101, { connected: false });
    await changeSettings(101, { autoLockDelay: 20 });
    clock.advance(60 * SECOND);
    const offline = await readLock(101);
    expect(offline.deviceRevision).toBeLessThan(offline.targetDeviceRevision);
    await env.control.patchLock(101, { connected: true });
    clock.advance(2 * SECOND);
    const back = await readLock(101);
    expect(back.deviceRevision).toBe(back.targetDeviceRevision);
  });
});

describe('auto-lock', () => {
  it('locks autoLockDelay seconds after the lock was unlocked, with event LockedAuto (36)', async () => {
    await changeSettings(101, { autoLockEnabled: true, autoLockDelay: 30 });
    clock.advance(2 * SECOND);
    await env.control.physical(101, 'unlock');
    clock.advance(29 * SECOND);
    expect(await stateOf(101)).toBe(2);
    clock.advance(SECOND + MOVEMENT);
    expect(await stateOf(101)).toBe(6);
    expect((await events(101))[0]).toBe(36);
  });

  it('also after a remote unlock, and not while auto-lock is off', async () => {
    await env.control.physical(101, 'unlock');
    clock.advance(10 * 60 * SECOND);
    expect(await stateOf(101)).toBe(2);
    await env.control.physical(101, 'lock');
    await changeSettings(101, { autoLockEnabled: true, autoLockDelay: 10 });
    clock.advance(2 * SECOND);
    await api('POST', '/my/lock/101/operation/unlock?mode=3');
    clock.advance(MOVEMENT);
    expect(await stateOf(101)).toBe(2);
    clock.advance(10 * SECOND + MOVEMENT);
    expect(await stateOf(101)).toBe(6);
    expect((await events(101)).slice(0, 2)).toEqual([36, 33]);
  });

  it('follows a state set through the control API', async () => {
    await changeSettings(101, { autoLockEnabled: true, autoLockDelay: 10 });
    clock.advance(2 * SECOND);
    await env.control.patchLock(101, { state: 2 });
    clock.advance(10 * SECOND + MOVEMENT);
    expect(await stateOf(101)).toBe(6);
  });

  it('does not throw the bolt into an open door: it waits until the door is closed', async () => {
    await changeSettings(101, { autoLockEnabled: true, autoLockDelay: 10 });
    clock.advance(2 * SECOND);
    await env.control.physical(101, 'unlock');
    await env.control.physical(101, 'door-open');
    clock.advance(60 * SECOND);
    expect(await stateOf(101)).toBe(2);
    await env.control.physical(101, 'door-close');
    clock.advance(10 * SECOND + MOVEMENT);
    expect(await stateOf(101)).toBe(6);
  });

  it('with autoLockAfterDoorClosedEnabled locks as soon as the door is closed', async () => {
    await changeSettings(101, { autoLockAfterDoorClosedEnabled: true });
    clock.advance(2 * SECOND);
    await env.control.physical(101, 'unlock');
    await env.control.physical(101, 'door-open');
    clock.advance(60 * SECOND);
    expect(await stateOf(101)).toBe(2);
    await env.control.physical(101, 'door-close');
    clock.advance(MOVEMENT);
    expect(await stateOf(101)).toBe(6);
    expect(await events(101)).toContain(36);
  });

  it('an auto-lock that jams stops semi-locked with PartiallyOpenAuto (49)', async () => {
    await changeSettings(101, { autoLockEnabled: true, autoLockDelay: 5 });
    clock.advance(2 * SECOND);
    await env.control.physical(101, 'unlock');
    await env.control.patchLock(101, { jamNext: true });
    clock.advance(5 * SECOND + 2 * MOVEMENT);
    expect(await stateOf(101)).toBe(3);
    expect((await events(101))[0]).toBe(49);
  });
});

describe('postponed lock', () => {
  it('postpones a button lock by postponedLockDelay, with event PostponedLock (56)', async () => {
    await changeSettings(101, { postponedLockEnabled: true, postponedLockDelay: 15 });
    clock.advance(2 * SECOND);
    await env.control.physical(101, 'unlock');
    await env.control.physical(101, 'lock', true);
    clock.advance(14 * SECOND);
    expect(await stateOf(101)).toBe(2);
    clock.advance(SECOND + MOVEMENT);
    expect(await stateOf(101)).toBe(6);
    expect((await events(101))[0]).toBe(56);
  });

  it('locks at once by button without it, and not at all with buttonLockEnabled off', async () => {
    await env.control.physical(101, 'unlock');
    await env.control.physical(101, 'lock', true);
    expect(await stateOf(101)).toBe(6);
    await changeSettings(101, { buttonLockEnabled: false });
    clock.advance(2 * SECOND);
    await env.control.physical(101, 'unlock');
    await env.control.physical(101, 'lock', true);
    clock.advance(60 * SECOND);
    expect(await stateOf(101)).toBe(2);
  });
});

describe('battery', () => {
  it('rises while charging and stops charging when full, with events 46 and 50', async () => {
    await env.control.patchLock(101, { batteryLevel: 50, isCharging: true });
    clock.advance(10 * 60 * SECOND);
    const later = (await readLock(101)).deviceState!;
    expect(later.batteryLevel).toBeGreaterThan(50);
    expect(later.isCharging).toBe(true);
    clock.advance(24 * 60 * 60 * SECOND);
    expect((await readLock(101)).deviceState).toMatchObject({ batteryLevel: 100, isCharging: false });
    expect((await events(101)).slice(0, 2)).toEqual([50, 46]);
  });

  it('stays put when not charging', async () => {
    const before = (await readLock(102)).deviceState!.batteryLevel;
    clock.advance(60 * 60 * SECOND);
    expect((await readLock(102)).deviceState!.batteryLevel).toBe(before);
  });
});
