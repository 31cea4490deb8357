import { describe, expect, it } from 'vitest';
import { mapBattery, mapDoor, mapInfo, mapLockState, mapStatus } from '../../../src/core/cloud/mapping.js';

describe('the state table of DESIGN.md', () => {
  it.each([
    [6, 0, 'locked'],
    [2, 0, 'unlocked'],
    [5, 0, 'locking'],
    [4, 0, 'unlocking'],
    [8, 0, 'opening'],
    [7, 0, 'open'],
    [3, 0, 'semi_locked'],
    [3, 1, 'jammed'],
    [3, 2, 'jammed'],
    [0, 0, 'unknown'],
    [1, 0, 'unknown'],
    [9, 0, 'unknown'],
    [18, 0, 'unknown'],
    [255, 0, 'unknown'],
    [42, 0, 'unknown'],
    [undefined, 0, 'unknown'],
  ])('state %s with stateChangeResult %i is %s', (state, result, expected) => {
    expect(mapLockState(state, result)).toBe(expected);
  });

  it('never maps uncalibrated, calibrating, unknown, updating or 255 to unlocked', () => {
    for (const state of [0, 1, 9, 18, 255]) expect(mapLockState(state)).not.toBe('unlocked');
  });

  it('battery 255, null or out of range is unknown, not 255 %', () => {
    expect(mapBattery(255)).toBeNull();
    expect(mapBattery(null)).toBeNull();
    expect(mapBattery(-1)).toBeNull();
    expect(mapBattery(87)).toBe(87);
    expect(mapBattery(0)).toBe(0);
  });

  it('door 2 is open, 3 closed, 0, 1 and 4 unknown', () => {
    expect([0, 1, 2, 3, 4].map(mapDoor)).toEqual([null, null, 'open', 'closed', null]);
  });
});

describe('mapStatus', () => {
  const device = {
    state: 6,
    doorState: 3,
    isCharging: true,
    batteryLevel: 50,
    stateChangeResult: 0,
    lastStateChangedDate: '2026-11-22T10:00:00Z',
  };

  it('maps a connected lock', () => {
    expect(mapStatus({ isConnected: true, deviceState: device })).toEqual({
      state: 'locked',
      connected: true,
      battery: 50,
      charging: true,
      door: 'closed',
      jammed: false,
      lastChanged: '2026-11-22T10:00:00Z',
    });
  });

  it('reads lockProperties from older API versions', () => {
    expect(mapStatus({ isConnected: true, lockProperties: device }).state).toBe('locked');
  });

  it('keeps the last known values of a disconnected lock and marks it not connected', () => {
    const previous = mapStatus({ isConnected: true, deviceState: device });
    expect(mapStatus({ isConnected: false, deviceState: null }, previous)).toEqual({
      ...previous,
      connected: false,
    });
    expect(mapStatus({ isConnected: null, deviceState: null })).toMatchObject({
      state: 'unknown',
      connected: false,
      battery: null,
    });
  });
});

describe('mapInfo', () => {
  it('describes a lock, its equipment and settings', () => {
    const info = mapInfo({
      id: 1,
      serialNumber: '111111-11111',
      name: 'Room 6',
      type: 4,
      revision: 3,
      isConnected: true,
      connectedToId: 2,
      accessLevel: 1,
      accessDetails: { remoteAccessDisabled: false },
      softwareVersions: [{ softwareType: 0, version: '2.1', updateAvailable: false }],
      accessories: [{ id: 5, deviceType: 10 }],
      deviceSettings: {
        pullSpringEnabled: true,
        pullSpringDuration: 4,
        autoPullSpringEnabled: false,
      } as never,
      deviceState: {
        ...{
          state: 6,
          doorState: 0,
          isCharging: false,
          batteryLevel: 5,
          stateChangeResult: 0,
          lastStateChangedDate: null,
        },
      },
    });
    expect(info).toMatchObject({
      model: 'Lock GO',
      role: 'admin',
      firmware: '2.1',
      hasKeypad: true,
      hasDoorSensor: false,
      pullSpringEnabled: true,
      revision: 3,
    });
  });

  it('refuses a lock without a serial number, naming the field', () => {
    expect(() =>
      mapInfo({
        id: 1,
        serialNumber: '',
        name: 'x',
        type: 2,
        revision: 1,
        isConnected: true,
        connectedToId: null,
        accessLevel: 2,
      }),
    ).toThrow(/invalid serialNumber/);
  });
});
