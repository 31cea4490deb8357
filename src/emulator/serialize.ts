/** Emulator records to the wire shapes of the Tedee API, for the API version the caller asked for. */
import type { Accessory, DeviceState, Lock, LockSync } from '../client/types.js';
import { DeviceType } from '../client/types.js';
import type { LockRecord } from './records.js';
import type { World } from './world.js';

/** What differs between the API versions the emulator accepts. */
export interface ApiVersion {
  name: string;
  /** Up to v1.34 the lock state is called `lockProperties`. */
  legacyLockProperties: boolean;
}

function deviceState(world: World, lock: LockRecord): DeviceState | null {
  if (world.isConnected(lock) !== true) return null;
  return {
    state: lock.state,
    doorState: lock.doorState,
    isCharging: lock.isCharging,
    batteryLevel: lock.batteryLevel,
    stateChangeResult: lock.stateChangeResult,
    lastStateChangedDate: lock.lastStateChangedDate,
  };
}

function stateField(version: ApiVersion, state: DeviceState | null) {
  return version.legacyLockProperties ? { lockProperties: state } : { deviceState: state };
}

function accessories(lock: LockRecord): Accessory[] {
  const list: Accessory[] = [];
  if (lock.keypadId !== null) list.push({ id: lock.keypadId, deviceType: DeviceType.Keypad });
  if (lock.doorSensorId !== null) list.push({ id: lock.doorSensorId, deviceType: DeviceType.DoorSensor });
  return list;
}

export function toLock(
  world: World,
  lock: LockRecord,
  version: ApiVersion,
  includeUserSettings = true,
): Lock {
  return {
    id: lock.id,
    serialNumber: lock.serialNumber,
    name: lock.name,
    type: lock.type,
    created: lock.created,
    revision: lock.revision,
    deviceRevision: lock.deviceRevision,
    targetDeviceRevision: lock.targetDeviceRevision,
    isConnected: world.isConnected(lock),
    connectedToId: lock.bridgeId,
    beaconMajor: lock.id % 100,
    beaconMinor: lock.id % 37,
    timeZone: lock.timeZone,
    userIdentity: world.owner.id,
    accessLevel: lock.accessLevel,
    accessDetails: lock.accessLevel === 2 ? null : { remoteAccessDisabled: lock.remoteAccessDisabled },
    organizationId: lock.organizationId,
    softwareVersions: [{ softwareType: 0, version: lock.firmware, updateAvailable: lock.updateAvailable }],
    accessories: accessories(lock),
    deviceSettings: { ...lock.deviceSettings },
    ...(includeUserSettings ? { userSettings: { ...lock.userSettings } } : {}),
    ...stateField(version, deviceState(world, lock)),
  };
}

export function toSync(world: World, lock: LockRecord, version: ApiVersion): LockSync {
  return {
    id: lock.id,
    isConnected: world.isConnected(lock),
    ...stateField(version, deviceState(world, lock)),
    revision: lock.revision,
  };
}
