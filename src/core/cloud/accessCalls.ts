/**
 * Device access (app keys) of one key: a Tedee app invitation for a person's email, or a user group, on one
 * lock, with the UTC window the schedule compiler made. Needs DeviceShare.ReadWrite to write.
 */
import type { AccessDetails, AccessRestrictions, TedeeClient } from '../../client/index.js';
import { AccessLevel } from '../../client/index.js';
import { keyCall, keyDelete } from './keyErrors.js';
import type { UtcWindow } from './utcWindow.js';
import { everyWindowField } from './utcWindow.js';

export type GrantLevel = 'guest' | 'admin';

export interface AccessWrite {
  level: GrantLevel;
  /** False sets Tedee's remoteAccessDisabled: the app opens only near the lock (Bluetooth). */
  remoteAccess: boolean;
  window?: UtcWindow;
}

/** Who gets it: a person by email (an invitation when they have no Tedee account) or a user group. */
export type Grantee = { email: string } | { groupId: string };

export interface GrantedAccess {
  id: string;
  /** True until the invitee creates a Tedee account. */
  pending: boolean;
}

export interface AppAccess extends GrantedAccess {
  lockId: number;
  level: GrantLevel | 'owner' | 'none';
  email: string | null;
  groupId: string | null;
  name: string | null;
  remoteAccess: boolean;
  window: UtcWindow;
}

const PRINCIPAL_USER = 0;
const PRINCIPAL_GROUP = 1;

function restrictions(write: AccessWrite): AccessRestrictions & { accessLevel: number } {
  return {
    accessLevel: write.level === 'admin' ? AccessLevel.Admin : AccessLevel.Guest,
    remoteAccessDisabled: !write.remoteAccess,
    ...everyWindowField(write.window),
  };
}

function levelOf(value: number): AppAccess['level'] {
  if (value === AccessLevel.Owner) return 'owner';
  if (value === AccessLevel.Admin) return 'admin';
  if (value === AccessLevel.Guest) return 'guest';
  return 'none';
}

function toAppAccess(lockId: number, wire: AccessDetails): AppAccess {
  const group = wire.principalType === PRINCIPAL_GROUP;
  return {
    id: wire.id,
    lockId,
    pending: wire.isPending === true,
    level: levelOf(wire.accessLevel),
    email: wire.userEmail ?? null,
    groupId: group ? wire.principalId : null,
    name: wire.principalName ?? null,
    remoteAccess: wire.remoteAccessDisabled !== true,
    window: everyWindowField(wire),
  };
}

function whom(grantee: Grantee): string {
  return 'email' in grantee ? grantee.email : `group ${grantee.groupId}`;
}

export class AccessCalls {
  constructor(private readonly client: TedeeClient) {}

  /** Grants access; ACCESS_REJECTED (with validationCode 1000-1010) when Tedee refuses it. */
  grant(lockId: number, grantee: Grantee, write: AccessWrite): Promise<GrantedAccess> {
    return keyCall({ action: `Granting ${whom(grantee)} access to lock ${lockId}` }, async () => {
      const principal =
        'email' in grantee
          ? { principalType: PRINCIPAL_USER, userEmail: grantee.email }
          : { principalType: PRINCIPAL_GROUP, principalId: grantee.groupId };
      const created = await this.client.createAccess(lockId, { ...principal, ...restrictions(write) });
      // A new account-less invitee shows no principal yet; the list says pending for sure (reconcile).
      return { id: created.id, pending: 'email' in grantee && created.principalId === null };
    });
  }

  /** Changes level, remote access and window. */
  update(lockId: number, accessId: string, write: AccessWrite): Promise<void> {
    return keyCall({ action: `Updating access ${accessId} on lock ${lockId}` }, () =>
      this.client.updateAccess(lockId, accessId, restrictions(write)),
    );
  }

  /** Removes an access; false when it was gone already. */
  revoke(lockId: number, accessId: string): Promise<boolean> {
    return keyDelete({ action: `Removing access ${accessId} from lock ${lockId}` }, () =>
      this.client.deleteAccess(lockId, accessId),
    );
  }

  /** The lock's accesses, optionally only those of one email (Tedee's text filter, then an exact match). */
  list(lockId: number, email?: string): Promise<AppAccess[]> {
    return keyCall({ action: `Reading the accesses of lock ${lockId}` }, async () => {
      const all = await this.client.listAccess(lockId, email ? { text: email } : {});
      const mapped = all.map((wire) => toAppAccess(lockId, wire));
      return email ? mapped.filter((item) => item.email?.toLowerCase() === email.toLowerCase()) : mapped;
    });
  }
}
