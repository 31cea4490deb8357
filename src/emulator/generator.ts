/**
 * Builds a reproducible world from a seed: N locks on bridges, some with keypads and door sensors, a few
 * known users and one organization. Lock 1 is always a fully equipped Lock PRO, so that a demo with the
 * defaults shows every feature.
 */
import type { DeviceSettings } from '../client/types.js';
import { DeviceType, LockStateCode } from '../client/types.js';
import { SeededRandom } from './random.js';
import type { BridgeRecord, LockRecord, OrganizationRecord, UserRecord } from './records.js';

export interface WorldSeed {
  owner: UserRecord;
  users: UserRecord[];
  bridges: BridgeRecord[];
  locks: LockRecord[];
  organization: OrganizationRecord;
}

const ROOMS = [
  'Front Door',
  'Back Door',
  'Garage',
  'Office',
  'Patio',
  'Basement',
  'Studio',
  'Garden Gate',
  'Storage',
];
const LOCKS_PER_BRIDGE = 4;
export const FIRST_LOCK_ID = 101;

function lockName(index: number): string {
  return index < ROOMS.length ? ROOMS[index]! : `Apartment ${index - ROOMS.length + 1}`;
}

function serial(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(6, '0')}`;
}

export function defaultDeviceSettings(
  pullSpringEnabled: boolean,
  pullSpringDuration: number,
): DeviceSettings {
  return {
    autoLockEnabled: false,
    autoLockDelay: 10,
    autoLockImplicitEnabled: false,
    autoLockImplicitDelay: 10,
    pullSpringEnabled,
    pullSpringDuration,
    autoPullSpringEnabled: false,
    postponedLockEnabled: false,
    postponedLockDelay: 10,
    buttonLockEnabled: true,
    buttonUnlockEnabled: true,
    isAsync: false,
    openDoorAlertEnabled: false,
    openDoorAlertThreshold: 300,
    autoLockAfterDoorClosedEnabled: false,
    doorStateEventLoggingEnabled: true,
  };
}

function generateLock(index: number, random: SeededRandom, bridgeId: number, created: string): LockRecord {
  const featured = index === 0;
  const isPro = featured || random.chance(0.7);
  const hasKeypad = featured || random.chance(0.4);
  const hasDoorSensor = featured || random.chance(0.3);
  const pullSpring = isPro && (featured || random.chance(0.6));
  const id = FIRST_LOCK_ID + index;
  const lock: Omit<LockRecord, 'settingsOnLock'> = {
    id,
    serialNumber: serial('20420103', index + 1),
    name: lockName(index),
    type: isPro ? DeviceType.LockPro : DeviceType.LockGo,
    created,
    revision: 1,
    deviceRevision: 1,
    targetDeviceRevision: 1,
    bridgeId,
    online: true,
    state: featured || random.chance(0.6) ? LockStateCode.Locked : LockStateCode.Unlocked,
    doorState: hasDoorSensor ? 3 : 0,
    isCharging: false,
    batteryLevel: featured ? 87 : random.int(15, 100),
    stateChangeResult: 0,
    lastStateChangedDate: created,
    timeZone: 'Europe/Warsaw',
    keypadId: hasKeypad ? 5000 + index : null,
    doorSensorId: hasDoorSensor ? 8000 + index : null,
    accessLevel: 2,
    remoteAccessDisabled: false,
    organizationId: 1,
    firmware: `2.6.${random.int(10000, 19999)}`,
    updateAvailable: random.chance(0.1),
    // Drawn in this place of the sequence, so that a seed keeps building the same world.
    deviceSettings: defaultDeviceSettings(pullSpring, featured ? 3 : random.int(2, 5)),
    userSettings: { autoUnlockEnabled: false, favorite: false },
    jamNext: false,
  };
  return { ...lock, settingsOnLock: { ...lock.deviceSettings } };
}

export function generateWorld(options: { locks: number; seed: number; now: number }): WorldSeed {
  const random = new SeededRandom(options.seed);
  const created = new Date(options.now - 30 * 24 * 3_600_000).toISOString();
  const owner: UserRecord = { id: random.uuid(), email: 'owner@example.com', name: 'Emulator Owner' };
  const users: UserRecord[] = ['alice', 'bob', 'carol'].map((name) => ({
    id: random.uuid(),
    email: `${name}@example.com`,
    name: name[0]!.toUpperCase() + name.slice(1),
  }));
  const bridgeCount = Math.max(1, Math.ceil(options.locks / LOCKS_PER_BRIDGE));
  const bridges: BridgeRecord[] = Array.from({ length: bridgeCount }, (_, index) => ({
    id: index + 1,
    serialNumber: serial('10110101', index + 1),
    name: `Bridge ${index + 1}`,
    isConnected: true,
  }));
  const locks = Array.from({ length: options.locks }, (_, index) =>
    generateLock(index, random, bridges[Math.floor(index / LOCKS_PER_BRIDGE)]!.id, created),
  );
  const organization: OrganizationRecord = {
    id: 1,
    name: 'Emulator Rentals',
    slug: 'emulator-rentals',
    groups: [{ id: random.uuid(), name: 'Cleaning staff', createdDate: created, members: [] }],
    // No random draws here: they would shift every id the seed gives after them.
    users: [{ organizationUserId: 1, email: owner.email, displayName: owner.name, role: 1 }],
    nextUserId: 2,
  };
  return { owner, users, bridges, locks, organization };
}
