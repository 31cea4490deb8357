/**
 * One cloud object of a key (a PIN, a device access, an access link): create, update, delete and find again,
 * each recorded in the journal BEFORE it is sent and finished after the answer (docs/keys.md "The key
 * service"). A create whose answer was lost (408, a timeout, a crash) may still have landed: `findExisting`
 * looks for it by the PIN's alias or the invitee's email before anything is written again.
 */
import type { UtcWindow } from '../../cloud/account.js';
import type { DoorCredential, Key } from '../model.js';
import type { JournalEntry } from '../storeTypes.js';
import { cloud, pinAlias } from './deps.js';
import type { ServiceDeps } from './deps.js';

/** The access level and remote access an app key gets: the key's profile, else a guest with remote access. */
export function appkeyGrant(deps: ServiceDeps, key: Key, person: number) {
  const own = key.persons[person]?.credentials.appkey;
  const profile = key.profile ? deps.store.getProfile(key.profile) : undefined;
  const asked = typeof own === 'object' ? own : {};
  return {
    level: asked.accessLevel ?? profile?.accessLevel ?? 'guest',
    remoteAccess: asked.remoteAccess ?? profile?.remoteAccess ?? true,
  };
}

function linkName(key: Key, object: DoorCredential): string {
  return pinAlias(key, object.person);
}

/** Sends the create; returns the cloud id (and for a link, stores its URL on the person). */
async function sendCreate(deps: ServiceDeps, key: Key, object: DoorCredential, window: UtcWindow) {
  const person = key.persons[object.person]!;
  if (object.kind === 'doorcode') {
    const code = person.doorcode!;
    return cloud(deps, (a) =>
      a.pins.create(object.lockId, { alias: pinAlias(key, object.person), code, window }),
    );
  }
  if (object.kind === 'appkey') {
    const granted = await cloud(deps, (a) =>
      a.access.grant(
        object.lockId,
        { email: person.email! },
        { ...appkeyGrant(deps, key, object.person), window },
      ),
    );
    object.pending = granted.pending;
    return granted.id;
  }
  const link = await cloud(deps, async (a) =>
    a.links.create(await a.organization.organizationId(), {
      name: linkName(key, object),
      lockIds: key.doors,
      window,
    }),
  );
  person.link = link.url;
  return link.id;
}

/** The object if the cloud has it although its create answer never came back; undefined when it does not. */
export async function findExisting(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
): Promise<string | number | undefined> {
  if (object.kind === 'doorcode') {
    const alias = pinAlias(key, object.person);
    const list = await cloud(deps, (a) => a.pins.list(object.lockId));
    return list.changed ? list.pins.find((pin) => pin.alias === alias)?.id : undefined;
  }
  if (object.kind === 'appkey') {
    const email = key.persons[object.person]?.email;
    if (!email) return undefined;
    const found = await cloud(deps, (a) => a.access.list(object.lockId, email));
    const access = found.find((item) => item.email?.toLowerCase() === email.toLowerCase());
    if (access) object.pending = access.pending;
    return access?.id;
  }
  // A link is found by its name, which carries the key's tag; its URL (not in the list) is read with it.
  const name = linkName(key, object);
  const found = await cloud(deps, async (a) => {
    const organizationId = await a.organization.organizationId();
    const link = (await a.links.list(organizationId)).find((item) => item.name === name);
    return link && (await a.links.get(organizationId, link.id));
  });
  if (found) key.persons[object.person]!.link = found.url;
  return found?.id;
}

/** Creates the object, journalled; `lookFirst` looks for an earlier create that may have landed. */
export async function createObject(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  window: UtcWindow,
  lookFirst: boolean,
): Promise<void> {
  if (lookFirst) {
    const found = await findExisting(deps, key, object);
    if (found !== undefined) {
      object.cloudId = found;
      if (object.kind === 'doorcode') await updateObject(deps, key, object, window); // same alias: make the code and window ours
      return;
    }
  }
  const entry = deps.store.recordIntent({
    keyId: key.id,
    lockId: object.lockId,
    kind: object.kind,
    person: object.person,
    action: 'create',
    detail: { alias: pinAlias(key, object.person) },
  });
  try {
    const id = await sendCreate(deps, key, object, window);
    deps.store.setJournalCloudId(entry.id, id);
    object.cloudId = id;
    deps.store.finishJournal(entry.id, 'done');
  } catch (error) {
    // Whether it landed is settled by the next attempt's look (or recovery's): the entry stays intended
    // only while that is unknown, so mark it undone here; a maybe-sent create is looked for before a retry.
    deps.store.finishJournal(entry.id, 'undone');
    throw error;
  }
}

/** Rewrites the object's code and window in place (PIN: PUT; access: PATCH; link: PATCH). */
export async function updateObject(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  window: UtcWindow,
): Promise<void> {
  const id = object.cloudId!;
  const entry = deps.store.recordIntent({
    keyId: key.id,
    lockId: object.lockId,
    kind: object.kind,
    person: object.person,
    action: 'update',
    cloudId: id,
  });
  try {
    if (object.kind === 'doorcode') {
      const code = key.persons[object.person]!.doorcode!;
      await cloud(deps, (a) =>
        a.pins.update(object.lockId, Number(id), { alias: pinAlias(key, object.person), code, window }),
      );
    } else if (object.kind === 'appkey') {
      await cloud(deps, (a) =>
        a.access.update(object.lockId, String(id), { ...appkeyGrant(deps, key, object.person), window }),
      );
    } else {
      await cloud(deps, async (a) =>
        a.links.update(await a.organization.organizationId(), String(id), { lockIds: key.doors, window }),
      );
    }
    deps.store.finishJournal(entry.id, 'done');
  } catch (error) {
    deps.store.finishJournal(entry.id, 'undone');
    throw error;
  }
}

/** Deletes the object; a delete of something already gone is success. Journalled. */
export async function deleteObject(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  unfinished?: JournalEntry,
): Promise<void> {
  const id = object.cloudId;
  if (id === undefined) return;
  // Recovery sends again the delete an unfinished entry records: under that entry, so that a failure
  // leaves one intended entry to try again, not one more each time.
  const entry =
    unfinished ??
    deps.store.recordIntent({
      keyId: key.id,
      lockId: object.lockId,
      kind: object.kind,
      person: object.person,
      action: 'delete',
      cloudId: id,
    });
  if (object.kind === 'doorcode') await cloud(deps, (a) => a.pins.remove(object.lockId, Number(id)));
  else if (object.kind === 'appkey') await cloud(deps, (a) => a.access.revoke(object.lockId, String(id)));
  else await cloud(deps, async (a) => a.links.remove(await a.organization.organizationId(), String(id)));
  deps.store.finishJournal(entry.id, 'done');
}
