/**
 * Start-up recovery: every journal entry still `intended` is a cloud write whose outcome was never recorded
 * (the process died between sending it and hearing back). Each is settled against the cloud: a create is
 * looked for (by the PIN's alias, the invitee's email) and adopted when found; a delete or update is sent
 * again (both are idempotent). Then every key still `pending` is finished (its remaining doors written) or,
 * past its deadline, rolled back: no PIN, access or link stays in the cloud that the store does not know,
 * and no key is `active` that is not.
 */
import type { JournalEntry } from '../storeTypes.js';
import type { Key } from '../model.js';
import type { ServiceDeps } from './deps.js';
import { deleteObject, findExisting, updateObject } from './objects.js';
import { currentWindow } from './write.js';

async function settleEntry(deps: ServiceDeps, key: Key, entry: JournalEntry): Promise<void> {
  const object = key.objects.find(
    (o) =>
      o.kind === entry.kind &&
      o.person === entry.person &&
      (entry.kind === 'smartkey' || o.lockId === entry.lockId),
  );
  if (!object) {
    deps.store.finishJournal(entry.id, 'undone');
    return;
  }
  if (entry.action === 'create') {
    const id = entry.cloudId ?? (await findExisting(deps, key, object));
    if (id === undefined) {
      if (object.status !== 'removed' && object.status !== 'failed') object.status = 'setting';
      deps.store.finishJournal(entry.id, 'undone');
      return;
    }
    object.cloudId = id;
    // The create landed; whether the key keeps it is decided below, with the rest of the key.
    if (object.status === 'setting' || object.status === 'waiting') object.status = 'set';
    else if (object.status === 'removed' || object.status === 'failed') {
      await deleteObject(deps, key, object);
      object.status = object.status === 'failed' ? 'failed' : 'removed';
    }
    deps.store.finishJournal(entry.id, 'done');
    return;
  }
  if (entry.action === 'delete') {
    object.cloudId ??= entry.cloudId;
    await deleteObject(deps, key, object, entry);
    object.status = 'removed';
    deps.store.finishJournal(entry.id, 'done');
    return;
  }
  if (object.cloudId !== undefined) await updateObject(deps, key, object, currentWindow(deps, key));
  deps.store.finishJournal(entry.id, 'done');
}

/** Settles every unfinished journal entry (or only those of one key); returns the ids of the keys they touched. */
export async function settleJournal(deps: ServiceDeps, onlyKey?: string): Promise<Set<string>> {
  const touched = new Set<string>();
  for (const entry of deps.store.listUnfinishedJournal()) {
    if (onlyKey !== undefined && entry.keyId !== onlyKey) continue;
    const key = deps.store.getKey(entry.keyId);
    if (!key) {
      deps.store.finishJournal(entry.id, 'undone');
      continue;
    }
    try {
      await settleEntry(deps, key, entry);
      deps.store.saveKey(key);
      touched.add(key.id);
    } catch (error) {
      deps.context.logger.warn(
        `Recovery of key ${key.id}: a ${entry.action} on door ${entry.lockId ?? '-'} could not be settled yet: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return touched;
}
