/**
 * Undoing a key: every cloud object written for it is deleted (journalled; a delete of something already gone
 * is success), and a create whose answer never came is looked for first. A delete that fails for a while
 * (the door offline) leaves the object `removing` and a `cleanup` timer that tries again later.
 */
import { toHubError } from '../../cloud/account.js';
import type { KeyError } from '../errors.js';
import type { Key } from '../model.js';
import { nowIso } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { deleteObject, findExisting } from './objects.js';

export const CLEANUP_TIMER = 'cleanup';

/** Deletes every object of the key; returns whether all are gone. `failure` marks the key failed. */
export async function removeAll(deps: ServiceDeps, key: Key): Promise<boolean> {
  let allGone = true;
  for (const object of key.objects) {
    if (object.status === 'removed') continue;
    try {
      // A create that failed transiently (or was interrupted) may have landed: look before calling it gone.
      if (object.cloudId === undefined && (object.status === 'waiting' || object.status === 'removing'))
        object.cloudId = await findExisting(deps, key, object);
      if (object.cloudId !== undefined) {
        object.status = 'removing';
        await deleteObject(deps, key, object);
      }
      object.status = 'removed';
      delete object.reason;
    } catch (caught) {
      const error = toHubError(caught);
      allGone = false;
      object.status = 'removing';
      object.reason = error.message;
      object.code = error.code;
    }
    deps.store.saveKey(key);
  }
  if (!allGone) {
    const due = new Date(deps.context.clock.now() + deps.options.retryBaseMs * 4).toISOString();
    deps.store.setTimer({ keyId: key.id, kind: CLEANUP_TIMER, dueAt: due });
  } else deps.store.removeTimer(key.id, CLEANUP_TIMER);
  return allGone;
}

/** Rolls the key back after `failure`: status failed, every object deleted. */
export async function rollbackKey(deps: ServiceDeps, key: Key, failure: KeyError): Promise<void> {
  key.status = 'failed';
  key.updatedAt = nowIso(deps);
  // The failed object keeps its code and reason; the others record why they went.
  for (const object of key.objects)
    if (object.status === 'set' || object.status === 'setting') object.reason = `rolled back: ${failure.code}`;
  deps.store.saveKey(key);
  deps.store.removeTimer(key.id, 'retry');
  const failedObject = key.objects.find((o) => o.status === 'failed');
  await removeAll(deps, key);
  if (failedObject) {
    // Shown per door: the one that failed keeps its reason even though nothing of it is in the cloud.
    failedObject.status = 'failed';
    failedObject.code = failure.code;
    failedObject.reason = failure.reason;
  }
  deps.store.saveKey(key);
  deps.context.logger.warn(`Key ${key.id} (${key.name}) rolled back: ${failure.message}`);
}
