/**
 * The key domain (DESIGN.md "Keys: issuance and scheduling", issue 10): what a key is, who holds it, on which
 * doors, with which credentials, when, and how far its cloud objects are written. Every part of src/core/keys
 * (request validation, schedule compiler, store, issuance, delivery) and every front end speaks these types.
 */

/** Who issues: the hospitality roles (access-model.md §4). Owner, General Manager and Team may create keys. */
export type IssuerRole = 'owner' | 'general-manager' | 'team' | 'installer' | 'housekeeping';

export const ISSUER_ROLES: readonly IssuerRole[] = [
  'owner',
  'general-manager',
  'team',
  'installer',
  'housekeeping',
];

/** The roles that may create, update and revoke keys. */
export const ROLES_THAT_ISSUE: ReadonlySet<IssuerRole> = new Set(['owner', 'general-manager', 'team']);

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Daily hours in local time, "HH:mm" (24 h). `to` may be earlier than `from`: a window across midnight. */
export interface DailyHours {
  from: string;
  to: string;
}

/**
 * When a key opens, in local time of `timeZone` (IANA). `from`/`until` are local date-times without offset
 * ("2027-01-11T15:00"); absent = no bound. No days and no hours = at any time within the period.
 */
export interface LocalSchedule {
  timeZone: string;
  from?: string;
  until?: string;
  days?: Weekday[];
  hours?: DailyHours;
}

export type DoorcodePolicy = 'random' | 'preferred' | 'strict';

export interface DoorcodeRequest {
  policy?: DoorcodePolicy;
  /** The wanted code (preferred, strict). */
  code?: string;
  /** Length of a random code, 5-8 (default 6). */
  length?: number;
}

export type CredentialKind = 'smartkey' | 'doorcode' | 'appkey' | 'keycard' | 'fingerprint';

/** The credentials a person gets; `true` = with defaults. keycard and fingerprint are refused (UNSUPPORTED_CREDENTIAL). */
export interface CredentialsRequest {
  smartkey?: boolean;
  doorcode?: boolean | DoorcodeRequest;
  appkey?: boolean | { accessLevel?: 'guest' | 'admin'; remoteAccess?: boolean };
  keycard?: boolean;
  fingerprint?: boolean;
}

export interface PersonRequest {
  name: string;
  email?: string;
  phone?: string;
  /** Replaces the key's credentials for this person. */
  credentials?: CredentialsRequest;
}

/** The one JSON shape every front end sends (CLI --request FILE, Node-RED msg.payload, the HTTP API body). */
export interface KeyRequest {
  name: string;
  persons: PersonRequest[];
  /** Locks by id, serial number or name. */
  doors: (string | number)[];
  credentials?: CredentialsRequest;
  from?: string;
  until?: string;
  days?: Weekday[];
  hours?: DailyHours;
  timeZone?: string;
  profile?: string;
  notes?: string;
  /** Idempotency: the same request id twice makes one key. */
  requestId?: string;
  dryRun?: boolean;
  /** Keep what succeeded and report per door, instead of all-or-nothing. */
  bestEffort?: boolean;
}

/** A reusable permission set (the SmartAccess app's profiles). */
export interface Profile {
  name: string;
  accessLevel: 'guest' | 'admin';
  remoteAccess: boolean;
  days?: Weekday[];
  hours?: DailyHours;
  timeZone?: string;
}

export type KeyStatus = 'pending' | 'active' | 'scheduled' | 'expired' | 'revoked' | 'failed';

/** How far one credential's cloud object on one door is written. */
export type DoorCredentialStatus = 'setting' | 'set' | 'removing' | 'removed' | 'waiting' | 'failed';

export type KeyWarningCode =
  'CODE_SUBSTITUTED' | 'DST_RECOMPILE' | 'WINDOW_INEXACT' | 'DOOR_OFFLINE' | 'DELIVERY_FAILED' | 'DRIFT';

export interface KeyWarning {
  code: KeyWarningCode;
  message: string;
  /** The door it concerns, when one. */
  lockId?: number;
  /** When it applies (e.g. the daylight-saving change), ISO. */
  at?: string;
}

/** One cloud object of one credential on one door (a PIN, a device access) or for the key (an access link). */
export interface DoorCredential {
  lockId: number;
  kind: 'doorcode' | 'appkey' | 'smartkey';
  /** Index into Key.persons. */
  person: number;
  status: DoorCredentialStatus;
  /** The cloud object's id (PIN id, access UUID, link id) once written. */
  cloudId?: string | number;
  /** Why it waits or failed, in the cloud's words. */
  reason?: string;
  /** The stable code of the failure (PIN_DUPLICATE, SCOPE_MISSING, ...). */
  code?: string;
  /** For appkey: the invitee has no Tedee account yet. */
  pending?: boolean;
}

export interface Person {
  name: string;
  email?: string;
  phone?: string;
  /** The doorcode, when the person has one. Masked (••••56) everywhere but a delivery or --reveal. */
  doorcode?: string;
  /** The magic link URL, when the person has a smart key. */
  link?: string;
  credentials: CredentialsRequest;
}

export interface Key {
  id: string;
  name: string;
  persons: Person[];
  /** Lock ids, resolved from the request's references. */
  doors: number[];
  schedule: LocalSchedule;
  profile?: string;
  notes?: string;
  requestId?: string;
  createdBy: { issuer: string; role: IssuerRole };
  createdAt: string;
  updatedAt: string;
  status: KeyStatus;
  bestEffort: boolean;
  /** Per door and credential. */
  objects: DoorCredential[];
  warnings: KeyWarning[];
}
