/**
 * Profiles (named permission sets): add, list, show, remove, and apply, which rewrites every live key using
 * the profile with its days, hours and time zone (the profile's values win over the key's) and its access
 * level and remote access for app keys; each key all-or-nothing (updateKey), the others go on.
 */
import { toHubError } from '../../cloud/account.js';
import { KeyError } from '../errors.js';
import type { Profile } from '../model.js';
import { checkIssuerRole } from '../roles.js';
import { validateProfile, validationError } from '../validateKeyRequest.js';
import type { Issuer } from './api.js';
import type { ServiceDeps } from './deps.js';
import { profileOf } from './prepare.js';
import { updateKey } from './update.js';

export function addProfile(deps: ServiceDeps, input: unknown, by: Issuer): Profile {
  checkIssuerRole(by.role, 'manage-profiles');
  const validation = validateProfile(input);
  if (!validation.ok) throw validationError(validation, 'profile');
  deps.store.saveProfile(validation.profile);
  return validation.profile;
}

export function showProfile(deps: ServiceDeps, name: string): Profile {
  return profileOf(deps, name)!;
}

export function removeProfile(deps: ServiceDeps, name: string, by: Issuer): boolean {
  checkIssuerRole(by.role, 'manage-profiles');
  const users = deps.store.listKeys({ profile: name, status: ['pending', 'active', 'scheduled'] });
  if (users.length > 0)
    throw new KeyError(
      'KEY_STATE',
      `Profile "${name}" is used by ${users.length} key(s) (${users.map((k) => k.id).join(', ')}); change or revoke them first.`,
    );
  return deps.store.deleteProfile(name);
}

export async function applyProfile(deps: ServiceDeps, name: string, by: Issuer) {
  checkIssuerRole(by.role, 'apply-profile');
  const profile = profileOf(deps, name)!;
  const results: { keyId: string; ok: boolean; code?: string; reason?: string }[] = [];
  for (const key of deps.store.listKeys({ profile: name, status: ['active', 'scheduled'] })) {
    try {
      await updateKey(
        deps,
        key.id,
        {
          days: profile.days ?? null,
          hours: profile.hours ?? null,
          ...(profile.timeZone ? { timeZone: profile.timeZone } : {}),
        },
        by,
      );
      results.push({ keyId: key.id, ok: true });
    } catch (caught) {
      const error = toHubError(caught);
      results.push({ keyId: key.id, ok: false, code: error.code, reason: error.message });
    }
  }
  return results;
}
