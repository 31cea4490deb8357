/**
 * Applications and their access keys (issue 12): who may call the hub's HTTP API, with which rights. The
 * store keeps a hash of each key's secret, never the secret; the full key is shown once, at creation.
 * Implemented over the hub's one SQLite store (only the store module imports node:sqlite); used by the
 * `tedee-hub apps` CLI and by src/api/.
 */

/** The hospitality roles used for issuing keys, plus `viewer` (read only). docs/api.md has the rights table. */
export type AppGroup = 'owner' | 'general-manager' | 'team' | 'installer' | 'housekeeping' | 'viewer';

export const APP_GROUPS: readonly AppGroup[] = [
  'owner',
  'general-manager',
  'team',
  'installer',
  'housekeeping',
  'viewer',
];

/** What a group may do; a route names the right it needs, and a 403 names the right that is missing. */
export type AppRight =
  | 'locks.read'
  | 'locks.operate'
  | 'keys.read'
  | 'keys.write'
  | 'keys.reveal'
  | 'profiles.read'
  | 'profiles.write'
  | 'events.read'
  | 'applications.manage'
  | 'audit.read';

export interface Application {
  id: string;
  name: string;
  description?: string;
  group: AppGroup;
  /** Limits the application to these locks (ids or serial numbers); absent = every lock. */
  locks?: string[];
  createdAt: string;
}

export type AccessKeyState = 'active' | 'inactive' | 'expired';

/** An access key as shown after creation: never the secret, only the first 8 characters of its public part. */
export interface AccessKeyInfo {
  id: string;
  applicationId: string;
  applicationName: string;
  name: string;
  prefix: string;
  expiresAt: string | null;
  state: AccessKeyState;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The answer to creating a key: the only time `key` (the full secret) is ever returned. */
export interface CreatedAccessKey extends AccessKeyInfo {
  key: string;
}

export type AuthFailureCode = 'AUTH_MISSING' | 'AUTH_UNKNOWN' | 'AUTH_INACTIVE' | 'AUTH_EXPIRED';

export type AuthResult =
  | { ok: true; application: Application; accessKey: AccessKeyInfo }
  | { ok: false; code: AuthFailureCode; message: string };

export interface AuditEntry {
  at: string;
  application?: string;
  keyPrefix?: string;
  operation: string;
  target?: string;
  outcome: 'ok' | 'refused' | 'failed';
  code?: string;
}

export interface AuditFilter {
  since?: string;
  application?: string;
  limit?: number;
}

/**
 * Every method that changes something throws an AppError (a HubError) with a stable code on bad input or
 * a broken rule: APP_INVALID (names the field), APP_NAME_TAKEN, APP_NOT_FOUND, ACCESS_KEY_LIMIT,
 * ACCESS_KEY_NAME_TAKEN, ACCESS_KEY_NOT_FOUND.
 */
export interface ApplicationsApi {
  addApplication(input: unknown): Application;
  listApplications(): Application[];
  /** By id or name. */
  getApplication(idOrName: string): Application;
  /** name, description, group, locks; never the id. */
  updateApplication(idOrName: string, changes: unknown): Application;
  /** Deletes the application and every one of its keys. */
  removeApplication(idOrName: string): { removedKeys: number };
  /** At most two keys per application: a third is refused (ACCESS_KEY_LIMIT). */
  addAccessKey(application: string, input: unknown): CreatedAccessKey;
  listAccessKeys(application?: string): AccessKeyInfo[];
  /** `{active?: boolean, expiresAt?: ISO | null}`; a key never moves to another application. */
  updateAccessKey(application: string, keyId: string, changes: unknown): AccessKeyInfo;
  /** Deletes the given keys (by id or name), or every key of the application when `keys` is absent. */
  removeAccessKeys(application: string, keys?: string[]): number;
  /** Checks `Authorization: Bearer <key>`'s key (constant-time) and records its last use. */
  authenticate(key: string | undefined): AuthResult;
  audit: {
    write(entry: Omit<AuditEntry, 'at'> & { at?: string }): void;
    list(filter?: AuditFilter): AuditEntry[];
  };
}
