/**
 * The one translation from Tedee wire objects to the domain model, with DESIGN.md's state table.
 * Never reports unknown, calibrating or updating as unlocked; battery 255 or null is unknown.
 */
import type { DeviceState, Lock as WireLock, LockSync } from '../../client/index.js';
import { AccessLevel, DeviceType, LockStateCode as S } from '../../client/index.js';
import type { AccessRole, DoorState, LockInfo, LockState, LockStatus } from '../lock.js';
import { HubError } from '../errors.js';

export function mapLockState(state: number | undefined, stateChangeResult = 0): LockState {
  switch (state) {
    case S.Locked:
      return 'locked';
    case S.Unlocked:
      return 'unlocked';
    case S.Locking:
      return 'locking';
    case S.Unlocking:
      return 'unlocking';
    case S.Pulling:
      return 'opening';
    case S.Pulled:
      return 'open';
    case S.SemiLocked:
      return stateChangeResult > 0 ? 'jammed' : 'semi_locked';
    default:
      // 0 uncalibrated, 1 calibrating, 9 unknown, 18 updating, 255 and anything new.
      return 'unknown';
  }
}

export function mapDoor(doorState: number | undefined): DoorState {
  if (doorState === 2) return 'open';
  if (doorState === 3) return 'closed';
  return null;
}

export function mapBattery(level: number | null | undefined): number | null {
  if (typeof level !== 'number' || !Number.isFinite(level) || level < 0 || level > 100) return null;
  // -0 (JSON can say "-0") passes `level < 0`; the sum makes it 0, as it reads everywhere.
  return Math.round(level) + 0;
}

function deviceStateOf(wire: {
  deviceState?: DeviceState | null;
  lockProperties?: DeviceState | null;
}): DeviceState | null {
  return wire.deviceState ?? wire.lockProperties ?? null;
}

/**
 * The status from a lock or sync object. A disconnected lock has no device state: it keeps the previous
 * values (HomeKit shows the last value) and is marked not connected.
 */
export function mapStatus(
  wire: {
    isConnected: boolean | null;
    deviceState?: DeviceState | null;
    lockProperties?: DeviceState | null;
  },
  previous?: LockStatus,
): LockStatus {
  const device = deviceStateOf(wire);
  const connected = wire.isConnected === true && device !== null;
  if (!device) {
    return {
      ...(previous ?? {
        state: 'unknown',
        battery: null,
        charging: null,
        door: null,
        jammed: false,
        lastChanged: null,
      }),
      connected: false,
    };
  }
  const state = mapLockState(device.state, device.stateChangeResult);
  return {
    state,
    connected,
    battery: mapBattery(device.batteryLevel),
    charging: typeof device.isCharging === 'boolean' ? device.isCharging : null,
    door: mapDoor(device.doorState),
    jammed: state === 'jammed',
    lastChanged: device.lastStateChangedDate ?? null,
  };
}

function mapRole(level: number): AccessRole {
  if (level === AccessLevel.Owner) return 'owner';
  if (level === AccessLevel.Admin) return 'admin';
  if (level === AccessLevel.Guest) return 'guest';
  return 'none';
}

function mapModel(type: number): string {
  if (type === DeviceType.LockPro) return 'Lock PRO';
  if (type === DeviceType.LockGo) return 'Lock GO';
  return `Tedee device type ${type}`;
}

function invalid(field: string, value: unknown): HubError {
  return new HubError(
    'INVALID_RESPONSE',
    `The Tedee cloud sent a lock with an invalid ${field} (${JSON.stringify(value)}).`,
  );
}

/** Rejects answers the hub cannot work with, naming the field, instead of failing later. */
export function checkSync(item: LockSync): LockSync {
  if (typeof item !== 'object' || item === null || !Number.isInteger(item.id))
    throw invalid('id', (item as { id?: unknown })?.id);
  return item;
}

export function mapInfo(wire: WireLock): LockInfo {
  if (!Number.isInteger(wire.id)) throw invalid('id', wire.id);
  if (typeof wire.serialNumber !== 'string' || wire.serialNumber === '')
    throw invalid('serialNumber', wire.serialNumber);
  const settings = wire.deviceSettings;
  const accessories = wire.accessories ?? [];
  const firmware = wire.softwareVersions?.find((version) => version.softwareType === 0)?.version ?? null;
  return {
    id: wire.id,
    serialNumber: wire.serialNumber,
    name: typeof wire.name === 'string' && wire.name.trim() !== '' ? wire.name : wire.serialNumber,
    model: mapModel(wire.type),
    firmware,
    timeZone: wire.timeZone ?? null,
    role: mapRole(wire.accessLevel),
    remoteAccessDisabled: wire.accessDetails?.remoteAccessDisabled === true,
    hasKeypad: accessories.some(
      (item) => item.deviceType === DeviceType.Keypad || item.deviceType === DeviceType.KeypadPro,
    ),
    hasDoorSensor:
      accessories.some((item) => item.deviceType === DeviceType.DoorSensor) ||
      [1, 2, 3, 4].includes(deviceStateOf(wire)?.doorState ?? 0),
    pullSpringEnabled: settings?.pullSpringEnabled === true,
    pullSpringDuration: settings?.pullSpringDuration ?? 0,
    autoPullSpringEnabled: settings?.autoPullSpringEnabled === true,
    revision: wire.revision ?? 0,
  };
}
