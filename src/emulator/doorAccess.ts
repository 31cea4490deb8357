/**
 * Access proven at the door: a PIN typed on the keypad, an access link opened, the Tedee app used by an invited
 * user. Each checks its credential's time window with accessWindow.ts at the emulated time, moves the lock and
 * writes the activity event, or refuses with a stable reason (and logs the refusal where a lock would).
 */
import { windowAt } from './accessWindow.js';
import type { AccessWindow } from './accessWindow.js';
import { EVENT } from './lockMachine.js';
import type { LockRunner } from './lockRunner.js';
import type { AccessLinkRecord, AccessRecord, LockRecord } from './records.js';
import type { World } from './world.js';

/** Event types of enums/event-type.rst that the emulator writes here. */
export const ACCESS_EVENT = {
  UnlockByPin: 61,
  IncorrectPin: 62,
  LockedByKeypadWithPin: 65,
  UnauthorizedPin: 75,
  LockedByAccessLink: 226,
  UnlockedByAccessLink: 228,
} as const;

export type DoorReason =
  | 'OPENED'
  | 'LOCKED'
  | 'NO_KEYPAD'
  | 'WRONG_PIN'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'OUTSIDE_WEEKDAYS'
  | 'OUTSIDE_HOURS'
  | 'NO_ACCESS'
  | 'PENDING_INVITATION'
  | 'REMOTE_ACCESS_DISABLED'
  | 'LOCK_OFFLINE'
  | 'NOT_ON_LINK';

export interface DoorAnswer {
  opened: boolean;
  reason: DoorReason;
  lockId: number;
  state: number;
}

function answer(lock: LockRecord, opened: boolean, reason: DoorReason): DoorAnswer {
  return { opened, reason, lockId: lock.id, state: lock.state };
}

/** The keypad works over Bluetooth with the lock: no bridge or cloud is needed at the door. */
export function typePin(world: World, runner: LockRunner, lock: LockRecord, typed: string): DoorAnswer {
  if (lock.keypadId === null) return answer(lock, false, 'NO_KEYPAD');
  const pin = [...world.livePins(lock.id).pins.values()].find((candidate) => candidate.pin === typed);
  if (!pin) {
    world.addActivityBy(lock.id, ACCESS_EVENT.IncorrectPin, { userId: null, userName: null, source: 0 });
    return answer(lock, false, 'WRONG_PIN');
  }
  const author = { userId: null, userName: pin.alias, source: 0 };
  const verdict = windowAt(pin, world.clock.now());
  if (!verdict.open) {
    world.addActivityBy(lock.id, ACCESS_EVENT.UnauthorizedPin, author);
    return answer(lock, false, verdict.reason);
  }
  runner.moveBy(lock, 'unlock', ACCESS_EVENT.UnlockByPin, author);
  return answer(lock, true, 'OPENED');
}

/** The link's repeatEvent as a window; a link without one grants at any time. */
function linkWindow(link: AccessLinkRecord): AccessWindow {
  return link.repeatEvent ?? {};
}

export function linkVerdict(world: World, link: AccessLinkRecord) {
  return windowAt(linkWindow(link), world.clock.now());
}

/** An access link opens a door through the cloud and the bridge: the lock must be connected. */
export function openByLink(
  world: World,
  runner: LockRunner,
  link: AccessLinkRecord,
  lock: LockRecord,
): DoorAnswer {
  if (!link.deviceIds.includes(lock.id)) return answer(lock, false, 'NOT_ON_LINK');
  const verdict = linkVerdict(world, link);
  if (!verdict.open) return answer(lock, false, verdict.reason);
  if (world.isConnected(lock) !== true) return answer(lock, false, 'LOCK_OFFLINE');
  runner.moveBy(lock, 'unlock', ACCESS_EVENT.UnlockedByAccessLink, {
    userId: null,
    userName: link.name,
    source: 1,
  });
  return answer(lock, true, 'OPENED');
}

/** The user's own accesses to the lock, and those of the organization user groups they belong to. */
function accessesOf(world: World, email: string, lock: LockRecord): AccessRecord[] {
  const same = (other: string | null | undefined) => other?.toLowerCase() === email.toLowerCase();
  const member = world.organization.users.find((user) => same(user.email));
  const groups = member
    ? world.organization.groups
        .filter((group) => group.members.includes(member.organizationUserId))
        .map((group) => group.id)
    : [];
  return world
    .accessList(lock.id)
    .filter(
      (access) =>
        (access.principalType === 0 && same(access.userEmail)) ||
        (access.principalType === 1 && access.principalId !== null && groups.includes(access.principalId)),
    );
}

/**
 * A user with device access (their own or a group's) operates the lock from the Tedee app, remotely, through
 * the cloud and the bridge. Decided: the operation is remote, so remoteAccessDisabled refuses it; someone
 * without a Tedee account (a pending invitee) cannot use the app at all. With several accesses, any one that
 * holds now lets them in.
 */
export function operateByApp(
  world: World,
  runner: LockRunner,
  email: string,
  lock: LockRecord,
  action: 'lock' | 'unlock',
): DoorAnswer {
  const accesses = accessesOf(world, email, lock);
  if (accesses.length === 0) return answer(lock, false, 'NO_ACCESS');
  const user = world.userByEmail(email);
  const usable = accesses.filter((access) => !access.isPending);
  if (!user || usable.length === 0) return answer(lock, false, 'PENDING_INVITATION');
  const now = world.clock.now();
  const inWindow = usable.filter((access) => windowAt(access, now).open);
  if (inWindow.length === 0) {
    const closed = windowAt(usable[0]!, now);
    if (!closed.open) return answer(lock, false, closed.reason);
  }
  if (inWindow.every((access) => access.remoteAccessDisabled))
    return answer(lock, false, 'REMOTE_ACCESS_DISABLED');
  if (world.isConnected(lock) !== true) return answer(lock, false, 'LOCK_OFFLINE');
  const event = action === 'lock' ? EVENT.LockedRemote : EVENT.UnlockedRemote;
  runner.moveBy(lock, action, event, { userId: null, userName: user.name, source: 1 });
  return answer(lock, true, action === 'lock' ? 'LOCKED' : 'OPENED');
}
