/**
 * Wire types of the Tedee cloud API (v37), with the API's own field names.
 * Source: ../shared/research/tedee-api.md sections 3-8 and the docs' samples.
 */

export * from './enums.js';

export interface DeviceState {
  state: number;
  doorState: number;
  isCharging: boolean;
  batteryLevel: number | null;
  stateChangeResult: number;
  lastStateChangedDate: string | null;
}

export interface DeviceSettings {
  autoLockEnabled: boolean;
  autoLockDelay: number;
  autoLockImplicitEnabled: boolean;
  autoLockImplicitDelay: number;
  pullSpringEnabled: boolean;
  pullSpringDuration: number;
  autoPullSpringEnabled: boolean;
  postponedLockEnabled: boolean;
  postponedLockDelay: number;
  buttonLockEnabled: boolean;
  buttonUnlockEnabled: boolean;
  isAsync: boolean;
  openDoorAlertEnabled: boolean;
  openDoorAlertThreshold: number;
  autoLockAfterDoorClosedEnabled: boolean;
  doorStateEventLoggingEnabled: boolean;
}

export interface UserSettings {
  autoUnlockEnabled?: boolean;
  autoUnlockConfirmEnabled?: boolean;
  autoUnlockRangeIn?: number;
  autoUnlockRangeOut?: number;
  autoUnlockTimeout?: number;
  favorite?: boolean;
  location?: { latitude: number; longitude: number } | null;
  [setting: string]: unknown;
}

export interface SoftwareVersion {
  softwareType: number;
  version: string;
  updateAvailable: boolean;
}

export interface Accessory {
  id: number;
  deviceType: number;
}

export interface AccessRestrictions {
  remoteAccessDisabled?: boolean;
  startDate?: string | null;
  endDate?: string | null;
  dayStartTime?: string | null;
  dayEndTime?: string | null;
  weekDays?: number | null;
}

export interface Lock {
  id: number;
  serialNumber: string;
  name: string;
  type: number;
  created?: string;
  revision: number;
  deviceRevision?: number;
  targetDeviceRevision?: number;
  /** null when the lock is not paired with a bridge. */
  isConnected: boolean | null;
  connectedToId: number | null;
  beaconMajor?: number | null;
  beaconMinor?: number | null;
  timeZone?: string;
  userIdentity?: string;
  accessLevel: number;
  accessDetails?: AccessRestrictions | null;
  organizationId?: number | null;
  softwareVersions?: SoftwareVersion[];
  accessories?: Accessory[];
  userSettings?: UserSettings;
  deviceSettings?: DeviceSettings;
  /** null when the lock is disconnected or not bridged. */
  deviceState?: DeviceState | null;
  /** The same object under its pre-v1.35 name. */
  lockProperties?: DeviceState | null;
}

export interface LockSync {
  id: number;
  isConnected: boolean | null;
  deviceState?: DeviceState | null;
  lockProperties?: DeviceState | null;
  revision: number;
}

export interface LockListQuery {
  page?: number;
  itemsPerPage?: number;
  text?: string;
  states?: number[];
  accessLevel?: number;
  includeUserSettings?: boolean;
  includeAccessories?: boolean;
}

export interface LockUpdate {
  id: number;
  revision: number;
  name?: string;
  timeZone?: string;
  deviceSettings?: Partial<DeviceSettings>;
  userSettings?: Partial<UserSettings>;
}

export interface LockUpdateResult {
  id: number;
  revision: number;
  targetDeviceRevision: number;
}

export interface Bridge {
  id: number;
  serialNumber: string;
  name: string;
  isConnected?: boolean | null;
  type?: number;
  [field: string]: unknown;
}

export interface DeviceDetails {
  bridges: Bridge[];
  locks: Lock[];
  keypads: unknown[];
  gates: unknown[];
  dryContacts: unknown[];
}

export interface OperationAccepted {
  operationId: string;
  lastStateChangedDate: string | null;
}

export interface OperationStatus {
  deviceId: number;
  operationId: string;
  status: 'PENDING' | 'COMPLETED';
  /** 0 on success, > 0 on an error. */
  result: number;
  /** OperationType */
  type: number;
}

export interface AccessDetails extends AccessRestrictions {
  id: string;
  deviceId: number;
  accessLevel: number;
  principalId: string | null;
  principalName: string | null;
  principalType: number;
  userEmail: string | null;
  organizationUserId?: number | null;
  isPending: boolean;
}

export interface AccessListQuery {
  principalId?: string;
  principalType?: number;
  text?: string;
}

export interface AccessCreate extends AccessRestrictions {
  accessLevel: number;
  principalType: number;
  userEmail?: string;
  principalId?: string;
}

export interface AccessUpdate extends AccessRestrictions {
  accessLevel: number;
}

export interface AccessValidationError {
  code: number;
  message: string;
}

export interface AccessCreated {
  id: string;
  principalType: number;
  principalId: string | null;
  userEmail: string | null;
  displayName: string | null;
  success: boolean;
  error: AccessValidationError | null;
}

export interface Principal {
  principalType: number;
  userEmail?: string;
  principalId?: string;
}

export interface AccessCopyResult {
  principals: AccessCreated[];
}

export interface PinSummary {
  id: number;
  alias: string;
}

export interface PinList {
  listVersion: number;
  pins: PinSummary[];
}

/** The answer of the PIN list: the list, or "not modified" when `listVersion` is current (HTTP 304). */
export type PinListResult = ({ notModified: false } & PinList) | { notModified: true; listVersion: number };

export interface PinTimeWindow {
  startDate?: string | null;
  endDate?: string | null;
  dayStartTime?: string | null;
  dayEndTime?: string | null;
  weekDays?: number | null;
}

export interface PinInput extends PinTimeWindow {
  alias: string;
  pin: string;
}

export interface Pin extends PinInput {
  id: number;
}

export interface Activity {
  id: number;
  deviceId: number;
  userId: number | null;
  userName?: string | null;
  username?: string | null;
  event: number;
  source: number;
  date: string;
}

export interface ActivityQuery {
  deviceId: number;
  /** At most 200 (the API's maximum and default). */
  elements?: number;
  /** Returns events older than this UTC date; omitted means "now". */
  lastElemDate?: string;
}

export interface PersonalAccessKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  validTo: string;
}

export interface PersonalAccessKeyInput {
  name: string;
  validTo: string;
  scopes: string[];
}

export interface PersonalAccessKeyCreated {
  id: string;
  /** Shown once: store it, it cannot be read again. */
  key: string;
}

export interface Organization {
  id: number;
  name: string;
  ownerName?: string;
  description?: string | null;
  slug?: string;
  bridgesCount?: number;
  locksCount?: number;
  organizationRole?: number;
  [field: string]: unknown;
}

export interface OrganizationListQuery {
  page?: number;
  itemsPerPage?: number;
  text?: string;
}

export interface RepeatEvent {
  startDate?: string | null;
  endDate?: string | null;
  dayStartTime?: string | null;
  dayEndTime?: string | null;
  weekDays?: number | null;
}

export interface AccessLinkInput {
  name: string;
  description?: string;
  deviceIds: number[];
  repeatEvent?: RepeatEvent;
}

export interface AccessLinkCreated {
  id: string;
  url: string;
}

export interface AccessLinkDevice {
  id: number;
  name: string;
  timeZone?: string;
  order?: number;
  deviceType: number;
}

export interface AccessLink {
  id: string;
  name: string;
  description?: string | null;
  repeatEvent?: RepeatEvent | null;
  devices: AccessLinkDevice[];
}

export interface AccessLinkDetails {
  accessLink: AccessLink;
  accessLinkUrl: string;
}

/** PATCH body of an access link: only the fields sent change. */
export interface AccessLinkUpdate {
  name?: string;
  description?: string;
  /** The docs spell it `devicesIds` here (create uses `deviceIds`). */
  devicesIds?: number[];
  repeatEvent?: RepeatEvent;
}

export interface OrganizationUserListQuery {
  page?: number;
  itemsPerPage?: number;
  text?: string;
  includePending?: boolean;
}

/** A member of an organization (the docs give no sample; the fields the hub reads). */
export interface OrganizationUser {
  id: number;
  email?: string | null;
  displayName?: string | null;
  [field: string]: unknown;
}

export interface OrganizationGroup {
  id: string;
  name: string;
  membersCount?: number;
  organizationId?: number;
  [field: string]: unknown;
}

/** The envelope every Tedee answer is wrapped in. */
export interface Envelope<T> {
  result?: T;
  success: boolean;
  errorMessages: string[];
  statusCode: number;
}
