/**
 * The lock model every front end uses. One mapping from Tedee states (core/cloud/mapping.ts) produces it;
 * front ends only translate it further (HomeKit, MQTT, Node-RED) and never look at Tedee numbers.
 */

export type LockState =
  'locked' | 'unlocked' | 'locking' | 'unlocking' | 'opening' | 'open' | 'semi_locked' | 'jammed' | 'unknown';

/** open/closed from a paired door sensor; null when there is no sensor or it cannot tell. */
export type DoorState = 'open' | 'closed' | null;

export type AccessRole = 'owner' | 'admin' | 'guest' | 'none';

export type LockAction = 'lock' | 'unlock' | 'open';

/** What changes with every poll. */
export interface LockStatus {
  state: LockState;
  /** Reachable through its bridge (Tedee isConnected). */
  connected: boolean;
  /** 0-100, or null when unknown (Tedee reports 255 or nothing). */
  battery: number | null;
  charging: boolean | null;
  door: DoorState;
  jammed: boolean;
  /** ISO date of the last state change the lock reported. */
  lastChanged: string | null;
}

/** What changes rarely: identity, equipment, settings. */
export interface LockInfo {
  id: number;
  /** The stable identifier: Tedee's id changes when a lock is re-added to an account. */
  serialNumber: string;
  name: string;
  model: string;
  firmware: string | null;
  timeZone: string | null;
  role: AccessRole;
  remoteAccessDisabled: boolean;
  hasKeypad: boolean;
  hasDoorSensor: boolean;
  pullSpringEnabled: boolean;
  pullSpringDuration: number;
  autoPullSpringEnabled: boolean;
  /** Tedee's configuration revision; a change means settings or name changed. */
  revision: number;
}

export interface Lock extends LockInfo {
  status: LockStatus;
  /** False when the lock is offline or the cloud has failed for a sustained time. */
  available: boolean;
}

export function sameStatus(a: LockStatus, b: LockStatus): boolean {
  return (
    a.state === b.state &&
    a.connected === b.connected &&
    a.battery === b.battery &&
    a.charging === b.charging &&
    a.door === b.door &&
    a.jammed === b.jammed
  );
}

/** The fields of LockInfo that front ends show, for detecting a rename or a new capability. */
export function sameInfo(a: LockInfo, b: LockInfo): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Finds a lock by id, serial number or (case-insensitive) name, as users type it. */
export function findLock<T extends LockInfo>(locks: Iterable<T>, reference: string | number): T | undefined {
  const all = [...locks];
  const text = String(reference).trim();
  return (
    all.find((lock) => String(lock.id) === text) ??
    all.find((lock) => lock.serialNumber === text) ??
    all.find((lock) => lock.name.toLowerCase() === text.toLowerCase())
  );
}
