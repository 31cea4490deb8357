/**
 * Device access ("sharing") as Tedee validates it: the codes 1000-1010 of tedee-api.md section 6, pending
 * invitations for emails without an account, one active access per principal and device.
 */
import { AccessLevel } from '../client/types.js';
import type { Fields } from './http/body.js';
import { integer, optionalBoolean, timeWindow, windowProblem } from './http/body.js';
import type { AccessRecord, LockRecord } from './records.js';
import type { World } from './world.js';

export class AccessRejection extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const REJECTION = {
  rules: 1000,
  aboveOwnLevel: 1001,
  owner: 1002,
  userExists: 1003,
  invitedEarlier: 1004,
  notInOrganization: 1005,
  noSuchGroup: 1006,
  groupExists: 1007,
  yourself: 1008,
} as const;

/** The access fields a create or update sets. */
export type Grant = Pick<
  AccessRecord,
  | 'accessLevel'
  | 'remoteAccessDisabled'
  | 'startDate'
  | 'endDate'
  | 'dayStartTime'
  | 'dayEndTime'
  | 'weekDays'
>;

export interface PrincipalInput {
  principalType: number;
  userEmail?: unknown;
  principalId?: unknown;
}

/** The access fields of a create or update body; problems are rejection 1000. */
export function readGrant(fields: Fields, grantor: LockRecord): Grant {
  const accessLevel = integer(fields, 'accessLevel');
  if (![AccessLevel.Guest, AccessLevel.Admin, AccessLevel.Owner].includes(accessLevel as 0 | 1 | 2)) {
    throw new AccessRejection(REJECTION.rules, 'accessLevel must be 0 (Guest) or 1 (Admin).');
  }
  if (accessLevel === AccessLevel.Owner || accessLevel > grantor.accessLevel) {
    throw new AccessRejection(REJECTION.aboveOwnLevel, 'You cannot grant more than your own access level.');
  }
  const window = timeWindow(fields);
  const problem = windowProblem(window);
  if (problem) throw new AccessRejection(REJECTION.rules, problem);
  return {
    accessLevel,
    remoteAccessDisabled: optionalBoolean(fields, 'remoteAccessDisabled', false),
    ...window,
  };
}

function isActive(access: AccessRecord, now: number): boolean {
  return !access.endDate || Date.parse(access.endDate) > now;
}

function userPrincipal(world: World, list: AccessRecord[], email: unknown) {
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new AccessRejection(REJECTION.rules, 'userEmail must be an email address for a user principal.');
  }
  if (email.toLowerCase() === world.owner.email.toLowerCase()) {
    throw new AccessRejection(REJECTION.yourself, 'You cannot grant access to yourself.');
  }
  const now = world.clock.now();
  const same = list.filter(
    (access) => access.userEmail?.toLowerCase() === email.toLowerCase() && isActive(access, now),
  );
  if (same.some((access) => access.isPending))
    throw new AccessRejection(REJECTION.invitedEarlier, 'This user was invited earlier.');
  if (same.length > 0)
    throw new AccessRejection(REJECTION.userExists, 'Access for this user already exists.');
  const user = world.userByEmail(email);
  return {
    principalType: 0,
    principalId: user?.id ?? null,
    principalName: user?.name ?? null,
    userEmail: email,
    isPending: user === undefined,
  };
}

function groupPrincipal(world: World, list: AccessRecord[], lock: LockRecord, principalId: unknown) {
  if (lock.organizationId !== world.organization.id) {
    throw new AccessRejection(REJECTION.notInOrganization, 'The device is not in the organization.');
  }
  const group = world.organization.groups.find((candidate) => candidate.id === principalId);
  if (!group) throw new AccessRejection(REJECTION.noSuchGroup, 'The group does not exist.');
  if (list.some((access) => access.principalId === group.id)) {
    throw new AccessRejection(REJECTION.groupExists, 'Access for this group already exists.');
  }
  return {
    principalType: 1,
    principalId: group.id,
    principalName: group.name,
    userEmail: null,
    isPending: false,
  };
}

/**
 * Validates a principal and builds its access, or throws an AccessRejection with the Tedee code. The caller
 * stores it (once the lock took it); `pending` are accesses of the same request not stored yet.
 */
export function prepareAccess(
  world: World,
  lock: LockRecord,
  principal: PrincipalInput,
  grant: Grant,
  pending: AccessRecord[] = [],
): AccessRecord {
  const list = [...world.accessList(lock.id), ...pending];
  const who =
    principal.principalType === 0
      ? userPrincipal(world, list, principal.userEmail)
      : principal.principalType === 1
        ? groupPrincipal(world, list, lock, principal.principalId)
        : undefined;
  if (!who) throw new AccessRejection(REJECTION.rules, 'principalType must be 0 (user) or 1 (group).');
  const access: AccessRecord = {
    id: world.random.uuid(),
    deviceId: lock.id,
    organizationUserId: null,
    ...who,
    ...grant,
  };
  return access;
}

/** The owner's own entry, which every list shows first. */
export function ownerEntry(world: World, lock: LockRecord): AccessRecord {
  return {
    id: `00000000-0000-4000-8000-${String(lock.id).padStart(12, '0')}`,
    deviceId: lock.id,
    accessLevel: AccessLevel.Owner,
    principalType: 0,
    principalId: world.owner.id,
    principalName: world.owner.name,
    userEmail: world.owner.email,
    organizationUserId: null,
    isPending: false,
    remoteAccessDisabled: false,
    startDate: null,
    endDate: null,
    dayStartTime: null,
    dayEndTime: null,
    weekDays: null,
  };
}

/** A user who signs up: their pending invitations become real accesses. */
export function acceptInvitations(world: World, email: string): number {
  const user = world.userByEmail(email);
  if (!user) return 0;
  let accepted = 0;
  for (const list of world.access.values()) {
    for (const access of list) {
      if (access.isPending && access.userEmail?.toLowerCase() === email.toLowerCase()) {
        Object.assign(access, { isPending: false, principalId: user.id, principalName: user.name });
        accepted++;
      }
    }
  }
  return accepted;
}
