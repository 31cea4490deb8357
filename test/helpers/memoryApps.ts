/**
 * A small in-memory ApplicationsApi (src/core/apps/api.ts) for the HTTP API's tests until the real one (over
 * the key store) is merged: applications, at most two access keys each, keys `<prefix>.<secret>` checked by
 * hash, an audit list. Only what the API relies on; the rules themselves are tested with the real one.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { HubError } from '../../src/core/index.js';
import type { HubErrorCode } from '../../src/core/index.js';
import type {
  AccessKeyInfo,
  Application,
  ApplicationsApi,
  AuditEntry,
  AuthResult,
} from '../../src/core/apps/api.js';

function fail(code: string, message: string): never {
  throw new HubError(code as HubErrorCode, message);
}

interface StoredKey extends Omit<AccessKeyInfo, 'state' | 'applicationName'> {
  hash: string;
  active: boolean;
}

export function memoryApps(now: () => number = Date.now): ApplicationsApi & { entries: AuditEntry[] } {
  const applications = new Map<string, Application>();
  const keys = new Map<string, StoredKey>();
  const entries: AuditEntry[] = [];
  const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
  const iso = () => new Date(now()).toISOString();
  const find = (idOrName: string) =>
    applications.get(idOrName) ??
    [...applications.values()].find((app) => app.name === idOrName) ??
    fail('APP_NOT_FOUND', `No application "${idOrName}".`);
  const info = (key: StoredKey): AccessKeyInfo => {
    const { hash: _, active, ...rest } = key;
    const expired = key.expiresAt !== null && Date.parse(key.expiresAt) <= now();
    return {
      ...rest,
      applicationName: applications.get(key.applicationId)?.name ?? '',
      state: !active ? 'inactive' : expired ? 'expired' : 'active',
    };
  };
  const keyOf = (application: string, keyId: string) => {
    const app = find(application);
    return (
      [...keys.values()].find(
        (key) => key.applicationId === app.id && (key.id === keyId || key.name === keyId),
      ) ?? fail('ACCESS_KEY_NOT_FOUND', `No access key "${keyId}" in ${app.name}.`)
    );
  };
  const api: ApplicationsApi & { entries: AuditEntry[] } = {
    entries,
    addApplication(input) {
      const { name, description, group, locks } = input as Application;
      if ([...applications.values()].some((app) => app.name === name))
        fail('APP_NAME_TAKEN', `An application "${name}" exists.`);
      const app: Application = {
        id: randomUUID(),
        name,
        group,
        createdAt: iso(),
        ...(description ? { description } : {}),
        ...(locks ? { locks } : {}),
      };
      applications.set(app.id, app);
      return app;
    },
    listApplications: () => [...applications.values()],
    getApplication: find,
    updateApplication(idOrName, changes) {
      const app = find(idOrName);
      Object.assign(app, changes as Partial<Application>, { id: app.id });
      return app;
    },
    removeApplication(idOrName) {
      const app = find(idOrName);
      applications.delete(app.id);
      let removedKeys = 0;
      for (const [id, key] of keys) if (key.applicationId === app.id) removedKeys += Number(keys.delete(id));
      return { removedKeys };
    },
    addAccessKey(application, input) {
      const app = find(application);
      const { name, expiresAt } = input as { name: string; expiresAt?: string | null };
      const own = [...keys.values()].filter((key) => key.applicationId === app.id);
      if (own.length >= 2) fail('ACCESS_KEY_LIMIT', 'This application has two keys; delete or rotate one.');
      const prefix = randomBytes(6).toString('base64url').slice(0, 8);
      const secret = `${prefix}.${randomBytes(24).toString('base64url')}`;
      const stored: StoredKey = {
        id: randomUUID(),
        applicationId: app.id,
        name,
        prefix,
        expiresAt: expiresAt ?? null,
        createdAt: iso(),
        lastUsedAt: null,
        hash: hash(secret),
        active: true,
      };
      keys.set(stored.id, stored);
      return { ...info(stored), key: secret };
    },
    listAccessKeys: (application) =>
      [...keys.values()]
        .filter((key) => application === undefined || key.applicationId === find(application).id)
        .map(info),
    updateAccessKey(application, keyId, changes) {
      const key = keyOf(application, keyId);
      const { active, expiresAt } = changes as { active?: boolean; expiresAt?: string | null };
      if (active !== undefined) key.active = active;
      if (expiresAt !== undefined) key.expiresAt = expiresAt;
      return info(key);
    },
    removeAccessKeys(application, ids) {
      const app = find(application);
      let removed = 0;
      for (const [id, key] of keys)
        if (key.applicationId === app.id && (!ids || ids.includes(key.id) || ids.includes(key.name)))
          removed += Number(keys.delete(id));
      return removed;
    },
    authenticate(secret): AuthResult {
      if (!secret)
        return {
          ok: false,
          code: 'AUTH_MISSING',
          message: 'No access key: send Authorization: Bearer <key>.',
        };
      const key = [...keys.values()].find((stored) => stored.hash === hash(secret));
      if (!key) return { ok: false, code: 'AUTH_UNKNOWN', message: 'This access key is not known.' };
      const shown = info(key);
      if (shown.state === 'inactive')
        return { ok: false, code: 'AUTH_INACTIVE', message: 'This access key is deactivated.' };
      if (shown.state === 'expired')
        return { ok: false, code: 'AUTH_EXPIRED', message: 'This access key has expired.' };
      key.lastUsedAt = iso();
      return { ok: true, application: applications.get(key.applicationId)!, accessKey: info(key) };
    },
    audit: {
      write: (entry) => void entries.push({ ...entry, at: entry.at ?? iso() }),
      list: (filter = {}) =>
        entries
          .filter((entry) => !filter.application || entry.application === filter.application)
          .filter((entry) => !filter.since || entry.at >= filter.since)
          .slice()
          .reverse()
          .slice(0, filter.limit ?? 100),
    },
  };
  return api;
}
