/**
 * What each application group may do over the API (docs/api.md has the table), and the lock rights of an
 * application limited to some locks: it sees and operates only those, and keys only on those.
 */
import type { AppGroup, AppRight, Application } from '../core/apps/api.js';
import type { IssuerRole, Key, Lock, LockHub } from '../core/index.js';

const READ: AppRight[] = ['locks.read', 'keys.read', 'profiles.read', 'events.read'];
const OPERATE: AppRight[] = [...READ, 'locks.operate'];
const ISSUE: AppRight[] = [...OPERATE, 'keys.write', 'profiles.write'];

export const GROUP_RIGHTS: Record<AppGroup, readonly AppRight[]> = {
  owner: [...ISSUE, 'keys.reveal', 'applications.manage', 'audit.read'],
  'general-manager': [...ISSUE, 'keys.reveal'],
  team: ISSUE,
  installer: OPERATE,
  housekeeping: OPERATE,
  viewer: READ,
};

export function hasRight(application: Application, right: AppRight): boolean {
  return GROUP_RIGHTS[application.group]?.includes(right) ?? false;
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
