/**
 * Revoke, resend and replace-code: the changes to an issued key that are not a rewrite of its fields.
 */
import { toHubError } from '../../cloud/account.js';
import { substituteDoorcode, allocateDoorcode } from '../doorcodes.js';
import { KeyError } from '../errors.js';
import { maskDoorcode } from '../masking.js';
import type { DoorcodeRequest, Key } from '../model.js';
import { checkIssuerRole } from '../roles.js';
import type { Issuer } from './api.js';
import { otherCodesOn } from './codes.js';
import { deliverKey } from './deliver.js';
import { loadKey, nowIso } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { DST_TIMER, emitChanged } from './finish.js';
import { createObject, deleteObject, updateObject } from './objects.js';
import { recordEnd, removeAll } from './rollback.js';
import { currentWindow, doorFailure } from './write.js';

export function personIndex(key: Key, person: number | string): number {
  const index =
    typeof person === 'number'
      ? person
      : key.persons.findIndex((p) => p.name === person || p.email === person);
  if (index < 0 || index >= key.persons.length)
    throw new KeyError('KEY_REQUEST_INVALID', `person: key ${key.id} has no person "${String(person)}".`);
  return index;
}

function mustBeLive(key: Key, what: string): void {
  if (key.status === 'revoked' || key.status === 'failed')
    throw new KeyError('KEY_STATE', `Key ${key.id} is ${key.status}; it cannot ${what}.`);
}

/** Deletes every cloud object; `revoked` even when a door is offline (its delete is retried by a timer). */
export async function revokeKey(deps: ServiceDeps, id: string, by: Issuer): Promise<Key> {
  checkIssuerRole(by.role, 'revoke');
  const key = loadKey(deps, id);
  if (key.status === 'revoked') return key;
  key.status = 'revoked';
  deps.store.removeTimer(key.id, DST_TIMER);
  recordEnd(deps, key);
  await removeAll(deps, key);
  key.updatedAt = nowIso(deps);
  deps.store.saveKey(key);
  emitChanged(deps, key, 'revoked');
  return key;
}

/** Delivers again; an app key's invitation is re-created (Tedee sends the invitation on creation). */
export async function resendKey(
  deps: ServiceDeps,
  id: string,
  person: number | string | undefined,
  by: Issuer,
): Promise<{ key: Key; deliveries: Promise<void>[] }> {
  checkIssuerRole(by.role, 'resend');
  const key = loadKey(deps, id);
  mustBeLive(key, 'be resent');
  const only = person === undefined ? undefined : personIndex(key, person);
  const window = currentWindow(deps, key);
  for (const object of key.objects) {
    if (object.kind !== 'appkey' || object.status !== 'set') continue;
    if (only !== undefined && object.person !== only) continue;
    if (!object.pending) continue; // an accepted invitation has nothing to re-send
    await deleteObject(deps, key, object);
    object.cloudId = undefined;
    try {
      await createObject(deps, key, object, window, false);
    } catch (caught) {
      object.status = 'waiting';
      object.reason = doorFailure(deps, key, object, toHubError(caught)).reason;
      deps.store.saveKey(key);
      throw doorFailure(deps, key, object, toHubError(caught));
    }
  }
  key.updatedAt = nowIso(deps);
  deps.store.saveKey(key);
  return { key, deliveries: deliverKey(deps, key, only) };
}

/**
 * A new doorcode for one person on every door (PINs updated in place, so a failure on door N leaves the
 * old code nowhere and the new one on the doors before: those are set back to the old code).
 */
export async function replaceCode(
  deps: ServiceDeps,
  id: string,
  person: number | string,
  request: DoorcodeRequest,
  by: Issuer,
): Promise<{ key: Key; deliveries: Promise<void>[] }> {
  checkIssuerRole(by.role, 'replace-code');
  const key = loadKey(deps, id);
  mustBeLive(key, 'get a new doorcode');
  const index = personIndex(key, person);
  const owner = key.persons[index]!;
  if (owner.doorcode === undefined)
    throw new KeyError('KEY_REQUEST_INVALID', `person: ${owner.name} has no doorcode on key ${key.id}.`);
  const old = owner.doorcode;
  const doors = key.doors.map((lockId) => ({
    lockId,
    existingCodes: [...otherCodesOn(deps, key, lockId), old],
  }));
  let allocation = allocateDoorcode({ length: old.length, ...request }, doors);
  const window = currentWindow(deps, key);
  const mine = key.objects.filter((o) => o.person === index && o.kind === 'doorcode' && o.status === 'set');
  const done: typeof mine = [];
  try {
    for (let i = 0; i < mine.length;) {
      owner.doorcode = allocation.code;
      try {
        await updateObject(deps, key, mine[i]!, window);
        done.push(mine[i]!);
        i++;
      } catch (caught) {
        const error = toHubError(caught);
        if (error.code !== 'PIN_DUPLICATE') throw doorFailure(deps, key, mine[i]!, error);
        allocation = substituteDoorcode(allocation, { lockId: mine[i]!.lockId }, doors);
        done.length = 0;
        i = 0;
      }
    }
  } catch (failure) {
    owner.doorcode = old;
    for (const object of done) await updateObject(deps, key, object, window).catch(() => undefined);
    throw failure;
  }
  if (allocation.warning) key.warnings.push(allocation.warning);
  key.warnings = key.warnings.filter((w) => w.code !== 'CODE_SUBSTITUTED' || allocation.warning === w);
  key.updatedAt = nowIso(deps);
  deps.store.saveKey(key);
  emitChanged(deps, key, 'updated');
  deps.context.logger.info(`Key ${key.id}: ${owner.name}'s doorcode ${maskDoorcode(old)} replaced.`);
  return { key, deliveries: deliverKey(deps, key, index) };
}
