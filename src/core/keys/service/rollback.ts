/**
 * Undoing a key: every cloud object written for it is deleted (journalled; a delete of something already gone
 * is success), and a create whose answer never came is looked for first. A delete that fails for a while
 * (the door offline) leaves the object `removing` and a `cleanup` timer that tries again later.
 */
import { toHubError } from '../../cloud/account.js';
import type { KeyError } from '../errors.js';
import type { DoorCredential, Key } from '../model.js';
import { nowIso } from './deps.js';
import { emitChanged } from './events.js';
import type { ServiceDeps } from './deps.js';
import { deleteObject, findExisting } from './objects.js';

export const CLEANUP_TIMER = 'cleanup';

/** Failures after which a create may still have landed (the request left, the answer did not come). */
const MAYBE_WRITTEN = new Set(['DEVICE_TIMEOUT', 'TIMEOUT', 'NETWORK', 'SERVER_ERROR']);

function mayHaveLanded(object: DoorCredential): boolean {
  if (object.status === 'waiting' || object.status === 'removing') return true;
  return object.status === 'failed' && object.code !== undefined && MAYBE_WRITTEN.has(object.code);
}

/**
 * Deletes every object of the key; returns whether all are gone. A `failed` object keeps its status and
 * reason (it is what the user must see) once nothing of it is in the cloud.
 */
export async function removeAll(
  deps: ServiceDeps,
  key: Key,
  which: (object: DoorCredential) => boolean = () => true,
): Promise<boolean> {
  let allGone = true;
  for (const object of key.objects) {
    if (object.status === 'removed' || !which(object)) continue;
    const failed = object.status === 'failed';
    try {
      // A create that failed transiently (or was interrupted) may have landed: look before calling it gone.
      if (object.cloudId === undefined && mayHaveLanded(object))
        object.cloudId = await findExisting(deps, key, object);
      if (object.cloudId !== undefined) {
        if (!failed) object.status = 'removing';
        await deleteObject(deps, key, object);
        if (failed) delete object.cloudId;
      }
      if (!failed) {
        object.status = 'removed';
        delete object.reason;
      }
    } catch (caught) {
      const error = toHubError(caught);
      allGone = false;
      if (!failed) {
        object.status = 'removing';
        object.reason = error.message;
        object.code = error.code;
      }
    }
    deps.store.saveKey(key);
  }
  if (!allGone) {
    const due = new Date(deps.context.clock.now() + deps.options.retryBaseMs * 4).toISOString();
    deps.store.setTimer({ keyId: key.id, kind: CLEANUP_TIMER, dueAt: due });
  } else deps.store.removeTimer(key.id, CLEANUP_TIMER);
  return allGone;
}

/**
 * Saves a key that has ended (`failed`, `revoked`) before its deletes, in one transaction with a `cleanup` timer
 * due now and without its retry timer: a process killed in the middle of the deletes finishes them at start-up
 * (due timers run), instead of leaving the objects not yet deleted in the cloud under a key no one resumes.
 * removeAll drops the timer when everything is gone.
 */
export function recordEnd(deps: ServiceDeps, key: Key): void {
  deps.store.transaction(() => {
    deps.store.saveKey(key);
    deps.store.removeTimer(key.id, 'retry');
    deps.store.setTimer({ keyId: key.id, kind: CLEANUP_TIMER, dueAt: nowIso(deps) });
  });
}

/** Rolls the key back after `failure`: status failed, every object deleted. */
export async function rollbackKey(deps: ServiceDeps, key: Key, failure: KeyError): Promise<void> {
  key.status = 'failed';
  key.updatedAt = nowIso(deps);
  // The failed object keeps its code and reason; the others record why they went.
  for (const object of key.objects)
    if (object.status === 'set' || object.status === 'setting')
      object.reason = `rolled back: ${failure.code}`;
  recordEnd(deps, key);
  await removeAll(deps, key);
  deps.store.saveKey(key);
  deps.context.logger.warn(`Key ${key.id} (${key.name}) rolled back: ${failure.message}`);
  emitChanged(deps, key, 'failed');
}
