/**
 * What an application may do over the API: its group's rights (core/apps/rights.ts, the table in docs/api.md),
 * and the lock rights of an application limited to some locks: it sees and operates only those, and keys only on
 * those.
 */
import type { AppRight, Application } from '../core/apps/api.js';
import { hasRight as groupHasRight } from '../core/index.js';
import type { IssuerRole, Key, Lock, LockHub } from '../core/index.js';

/** Whether the application's group gives `right` (the one table: core/apps/rights.ts). */
export function hasRight(application: Application, right: AppRight): boolean {
  return groupHasRight(application.group, right);
}

/** The key service's issuer role of an application: its group (a viewer never reaches a write). */
export function issuerRole(application: Application): IssuerRole {
  return application.group === 'viewer' ? 'housekeeping' : application.group;
}

/** Whether the application may see and operate this lock (`locks` holds ids or serial numbers). */
export function allowsLock(application: Application, lock: Pick<Lock, 'id' | 'serialNumber'>): boolean {
  if (!application.locks) return true;
  return application.locks.some((entry) => entry === String(lock.id) || entry === lock.serialNumber);
}

/** Whether every door of a key is one the application may see. */
export function allowsKey(application: Application, hub: LockHub, key: Pick<Key, 'doors'>): boolean {
  if (!application.locks) return true;
  return key.doors.every((id) => {
    const lock = hub.lock(id);
    return lock !== undefined && allowsLock(application, lock);
  });
}

/** Whether every door a request names (id, serial number or name) is one the application may use. */
export function allowsDoors(application: Application, hub: LockHub, doors: unknown): boolean {
  if (!application.locks || !Array.isArray(doors)) return true;
  return doors.every((reference) => {
    const lock =
      typeof reference === 'string' || typeof reference === 'number' ? hub.lock(reference) : undefined;
    // An unknown door is the key service's to refuse (UNKNOWN_DOOR); it grants nothing.
    return lock === undefined || allowsLock(application, lock);
  });
}
