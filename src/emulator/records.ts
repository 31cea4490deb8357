import type { DeviceSettings, UserSettings } from '../client/types.js';

/** A lock as the emulator keeps it; serialize.ts turns it into the wire shapes. */
export interface LockRecord {
  id: number;
  serialNumber: string;
  name: string;
  /** DeviceType: 2 Lock PRO, 4 Lock GO. */
  type: number;
  created: string;
  revision: number;
  deviceRevision: number;
  targetDeviceRevision: number;
  /** null: not paired with a bridge (isConnected null). */
  bridgeId: number | null;
  /** The lock's own radio link to its bridge. */
  online: boolean;
  state: number;
  doorState: number;
  isCharging: boolean;
  batteryLevel: number;
  stateChangeResult: number;
  lastStateChangedDate: string;
  timeZone: string;
  keypadId: number | null;
  doorSensorId: number | null;
  /** The account's access level on this lock (2 owner, 1 admin, 0 guest). */
  accessLevel: number;
  /** For a guest: whether remote operation is off. */
  remoteAccessDisabled: boolean;
  organizationId: number | null;
  firmware: string;
  updateAvailable: boolean;
  /** The settings saved in the cloud, as the API shows them. */
  deviceSettings: DeviceSettings;
  /** The settings the lock itself has and acts on: the cloud's, once they reached the lock (deviceRevision). */
  settingsOnLock: DeviceSettings;
  userSettings: UserSettings;
  /** The next lock or unlock movement jams (set by the control API). */
  jamNext: boolean;
}

export interface BridgeRecord {
  id: number;
  serialNumber: string;
  name: string;
  isConnected: boolean;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
}

export interface OperationRecord {
  operationId: string;
  deviceId: number;
  type: number;
  status: 'PENDING' | 'COMPLETED';
  result: number;
}

export interface ActivityRecord {
  id: number;
  deviceId: number;
  userId: number | null;
  userName: string | null;
  event: number;
  source: number;
  date: string;
}

export interface PinRecord {
  id: number;
  alias: string;
  pin: string;
  startDate: string | null;
  endDate: string | null;
  dayStartTime: string | null;
  dayEndTime: string | null;
  weekDays: number | null;
}

export interface AccessRecord {
  id: string;
  deviceId: number;
  accessLevel: number;
  principalType: number;
  principalId: string | null;
  principalName: string | null;
  userEmail: string | null;
  organizationUserId: number | null;
  isPending: boolean;
  remoteAccessDisabled: boolean;
  startDate: string | null;
  endDate: string | null;
  dayStartTime: string | null;
  dayEndTime: string | null;
  weekDays: number | null;
}

export interface GroupRecord {
  id: string;
  name: string;
  createdDate: string;
  /** organizationUserId of each member. */
  members: number[];
}

/** Organization roles of organizationusers/create.rst; the account owner is shown as 1 (Admin) too. */
export type OrganizationRole = 1 | 2;

export interface OrganizationUserRecord {
  organizationUserId: number;
  email: string;
  displayName: string;
  role: OrganizationRole;
}

export interface OrganizationRecord {
  id: number;
  name: string;
  slug: string;
  groups: GroupRecord[];
  users: OrganizationUserRecord[];
  nextUserId: number;
}

export interface AccessLinkRecord {
  id: string;
  organizationId: number;
  name: string;
  description: string | null;
  deviceIds: number[];
  repeatEvent: RepeatEventRecord | null;
  url: string;
}

/** An access link's schedule (datastructures/repeat-event.rst): the same UTC fields as a PIN's window. */
export interface RepeatEventRecord {
  startDate: string | null;
  endDate: string | null;
  dayStartTime: string | null;
  dayEndTime: string | null;
  weekDays: number | null;
}
