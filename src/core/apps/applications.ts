/**
 * ApplicationsApi over the hub's store: applications, their access keys (at most two each), authentication and
 * the audit log (issue 12; docs/api.md). Every change that reads before it writes (a unique name, the two-key
 * limit) runs in one store transaction, which another process (the CLI beside a running hub) waits for.
 */
import { randomUUID } from 'node:crypto';

import type { Clock } from '../../util/clock.js';
import { systemClock } from '../../util/clock.js';
import type { KeyStore } from '../keys/store.js';
import type { AccessKeyRow, ApplicationRow } from '../keys/storeApps.js';
import { newKeyMaterial, parseKey, secretMatches, hashSecret } from './accessKeySecret.js';
import type {
  AccessKeyInfo,
  AccessKeyState,
  AppGroup,
  Application,
  ApplicationsApi,
  AuthResult,
  CreatedAccessKey,
} from './api.js';
import { auditLog } from './audit.js';
import { AppError, invalid } from './errors.js';
import {
  validateAccessKey,
  validateAccessKeyChanges,
  validateApplication,
  validateApplicationChanges,
} from './validate.js';

/** Two keys let a client rotate without downtime (make the new one, switch, delete the old); more is sprawl. */
export const MAX_KEYS_PER_APPLICATION = 2;

/** Deactivation is checked before expiry: it is the deliberate act, and what an owner must undo first. */
export function accessKeyState(row: Pick<AccessKeyRow, 'active' | 'expiresAt'>, now: number): AccessKeyState {
  if (!row.active) return 'inactive';
  return row.expiresAt !== null && row.expiresAt <= now ? 'expired' : 'active';
}

function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null && { description: row.description }),
    group: row.group as AppGroup,
    ...(row.locks !== null && { locks: row.locks }),
    createdAt: row.createdAt,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A key as shown: everything but the secret and its hash; only 8 characters of the public part. */
function toInfo(row: AccessKeyRow, now: number): AccessKeyInfo {
  return {
    id: row.id,
    applicationId: row.applicationId,
    applicationName: row.applicationName,
    name: row.name,
    prefix: row.publicId.slice(0, 8),
    expiresAt: iso(row.expiresAt),
    state: accessKeyState(row, now),
    createdAt: row.createdAt,
    lastUsedAt: iso(row.lastUsedAt),
  };
}

/** A hash to compare against when no key matched, so an unknown key costs the same time as a wrong secret. */
const NO_KEY_HASH = hashSecret('');

export function openApplications(
  store: Pick<KeyStore, 'apps'>,
  clock: Pick<Clock, 'now'> = systemClock,
): ApplicationsApi {
  const tables = store.apps;
  const now = () => clock.now();

  function findApplication(idOrName: string): ApplicationRow {
    const row =
      typeof idOrName === 'string'
        ? (tables.applicationById(idOrName) ?? tables.applicationByName(idOrName.trim()))
        : undefined;
    if (row) return row;
    throw new AppError(
      'APP_NOT_FOUND',
      `No application ${JSON.stringify(idOrName)}: name one by its id or name (apps list shows them).`,
    );
  }

  function checkNameFree(name: string, exceptId?: string): void {
    const holder = tables.applicationByName(name);
    if (holder && holder.id !== exceptId)
      throw new AppError(
        'APP_NAME_TAKEN',
        `An application named ${JSON.stringify(holder.name)} exists already; choose another name.`,
        { field: 'name' },
      );
  }

  function findKey(app: ApplicationRow, idOrName: string): AccessKeyRow {
    const keys = tables.listAccessKeys(app.id);
    const wanted = typeof idOrName === 'string' ? idOrName.trim().toLowerCase() : '';
    const row =
      keys.find((key) => key.id === idOrName) ?? keys.find((key) => key.name.toLowerCase() === wanted);
    if (row) return row;
    throw new AppError(
      'ACCESS_KEY_NOT_FOUND',
      `Application ${app.name} has no access key ${JSON.stringify(idOrName)}; its keys are ` +
        `${keys.map((key) => key.name).join(', ') || 'none'}.`,
    );
  }

  function refused(
    code: 'AUTH_MISSING' | 'AUTH_UNKNOWN' | 'AUTH_INACTIVE' | 'AUTH_EXPIRED',
    message: string,
  ) {
    return { ok: false, code, message } as const;
  }

  return {
    addApplication(input) {
      const fields = validateApplication(input);
      return tables.transaction(() => {
        checkNameFree(fields.name);
        const row: ApplicationRow = {
          id: randomUUID(),
          name: fields.name,
          description: fields.description ?? null,
          group: fields.group,
          locks: fields.locks ?? null,
          createdAt: new Date(now()).toISOString(),
        };
        tables.insertApplication(row);
        return toApplication(row);
      });
    },

    listApplications: () => tables.listApplications().map(toApplication),

    getApplication: (idOrName) => toApplication(findApplication(idOrName)),

    updateApplication(idOrName, changes) {
      const fields = validateApplicationChanges(changes);
      return tables.transaction(() => {
        const row = { ...findApplication(idOrName) };
        if (fields.name !== undefined) {
          checkNameFree(fields.name, row.id);
          row.name = fields.name;
        }
        if (fields.group !== undefined) row.group = fields.group;
        if (fields.description !== undefined) row.description = fields.description;
        if (fields.locks !== undefined) row.locks = fields.locks;
        tables.updateApplication(row);
        return toApplication(row);
      });
    },

    removeApplication(idOrName) {
      return tables.transaction(() => ({
        removedKeys: tables.deleteApplication(findApplication(idOrName).id),
      }));
    },

    addAccessKey(application, input) {
      const fields = validateAccessKey(input);
      const at = now();
      if (fields.expiresAt !== null && Date.parse(fields.expiresAt) <= at)
        throw invalid('expiresAt', `must be in the future for a new key, got ${fields.expiresAt}`);
      return tables.transaction(() => {
        const app = findApplication(application);
        const keys = tables.listAccessKeys(app.id);
        if (keys.some((key) => key.name.toLowerCase() === fields.name.toLowerCase()))
          throw new AppError(
            'ACCESS_KEY_NAME_TAKEN',
            `Application ${app.name} has an access key named ${JSON.stringify(fields.name)} already; choose another name.`,
            { field: 'name' },
          );
        if (keys.length >= MAX_KEYS_PER_APPLICATION)
          throw new AppError(
            'ACCESS_KEY_LIMIT',
            `Application ${app.name} has ${keys.length} access keys (${keys.map((key) => key.name).join(', ')}), ` +
              `the most it may hold. Delete or rotate one first: delete the key no client uses any more, then ` +
              'create the new one.',
          );
        const material = newKeyMaterial();
        const row: AccessKeyRow = {
          id: randomUUID(),
          applicationId: app.id,
          applicationName: app.name,
          name: fields.name,
          publicId: material.publicId,
          secretHash: material.secretHash,
          active: true,
          expiresAt: fields.expiresAt === null ? null : Date.parse(fields.expiresAt),
          createdAt: new Date(at).toISOString(),
          lastUsedAt: null,
        };
        tables.insertAccessKey(row);
        return { ...toInfo(row, at), key: material.key } satisfies CreatedAccessKey;
      });
    },

    listAccessKeys(application) {
      const at = now();
      const appId = application === undefined ? undefined : findApplication(application).id;
      return tables.listAccessKeys(appId).map((row) => toInfo(row, at));
    },

    updateAccessKey(application, keyId, changes) {
      const fields = validateAccessKeyChanges(changes);
      return tables.transaction(() => {
        const row = { ...findKey(findApplication(application), keyId) };
        if (fields.active !== undefined) row.active = fields.active;
        if (fields.expiresAt !== undefined)
          row.expiresAt = fields.expiresAt === null ? null : Date.parse(fields.expiresAt);
        tables.updateAccessKey(row.id, { active: row.active, expiresAt: row.expiresAt });
        return toInfo(row, now());
      });
    },

    removeAccessKeys(application, keys) {
      if (keys !== undefined && !Array.isArray(keys))
        throw invalid('keys', 'must be a list of access key ids or names');
      return tables.transaction(() => {
        const app = findApplication(application);
        const rows =
          keys === undefined ? tables.listAccessKeys(app.id) : keys.map((key) => findKey(app, key));
        return tables.deleteAccessKeys([...new Set(rows.map((row) => row.id))]);
      });
    },

    authenticate(key): AuthResult {
      if (typeof key !== 'string' || key.trim() === '')
        return refused(
          'AUTH_MISSING',
          'No access key: send the header "Authorization: Bearer <access key>".',
        );
      const parts = parseKey(key);
      const row = parts && tables.accessKeyByPublicId(parts.publicId);
      // Compare even when nothing matched, so the answer's time does not tell whether the public part exists.
      const matches = secretMatches(parts?.secret ?? '', row?.secretHash ?? NO_KEY_HASH);
      if (!row || !matches)
        return refused('AUTH_UNKNOWN', 'The access key is not one of this hub: it was deleted, or mistyped.');
      const at = now();
      const info = toInfo(row, at);
      if (info.state === 'inactive')
        return refused(
          'AUTH_INACTIVE',
          `The access key ${info.prefix} is deactivated; an owner can reactivate it.`,
        );
      if (info.state === 'expired')
        return refused(
          'AUTH_EXPIRED',
          `The access key ${info.prefix} expired at ${info.expiresAt}; an owner can give it a later expiry.`,
        );
      tables.touchAccessKey(row.id, at);
      const application = tables.applicationById(row.applicationId)!;
      return {
        ok: true,
        application: toApplication(application),
        accessKey: { ...info, lastUsedAt: iso(at) },
      };
    },

    audit: auditLog(tables, now),
  };
}
