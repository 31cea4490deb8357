/**
 * Changing an issued key: name, notes, schedule, profile, doors (added doors are written, removed ones
 * deleted) and persons (a person kept by name keeps their code and objects; a new person gets new ones).
 * All-or-nothing: when a write fails, what this update created is deleted and the windows are set back, and
 * the key is as before. An update does not wait for an offline door: it fails with the door's reason.
 */
import { toHubError } from '../../cloud/account.js';
import { credentialsFor } from '../credentials.js';
import { KeyError } from '../errors.js';
import type { DoorCredential, Key, KeyRequest } from '../model.js';
import { checkIssuerRole } from '../roles.js';
import type { Issuer, KeyUpdate } from './api.js';
import { deliverKey } from './deliver.js';
import { loadKey, nowIso } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { armRecompile, emitChanged } from './finish.js';
import { createObject, deleteObject } from './objects.js';
import {
  checkCapabilities,
  compileForDoors,
  kindsOf,
  objectsOf,
  personsOf,
  profileOf,
  resolveDoors,
  throwScheduleRefusal,
} from './prepare.js';
import { rewriteWindows } from './recompile.js';
import { statusAfterWrites } from './status.js';
import { currentWindow, doorFailure } from './write.js';

function nextSchedule(key: Key, changes: KeyUpdate, profileZone?: string) {
  const pick = <T>(value: T | null | undefined, old: T | undefined) =>
    value === null ? undefined : (value ?? old);
  const schedule = {
    timeZone: changes.timeZone ?? profileZone ?? key.schedule.timeZone,
    from: pick(changes.from, key.schedule.from),
    until: pick(changes.until, key.schedule.until),
    days: pick(changes.days, key.schedule.days),
    hours: pick(changes.hours, key.schedule.hours),
  };
  return Object.fromEntries(
    Object.entries(schedule).filter(([, v]) => v !== undefined),
  ) as unknown as Key['schedule'];
}

/** The changed key document, with the objects it should have; `added` are to create, `removed` to delete. */
function plan(deps: ServiceDeps, key: Key, changes: KeyUpdate) {
  const next: Key = structuredClone(key);
  if (changes.name !== undefined) next.name = changes.name;
  if (changes.notes !== undefined) next.notes = changes.notes ?? undefined;
  if (changes.profile !== undefined) next.profile = changes.profile ?? undefined;
  const profile = profileOf(deps, next.profile);
  const doors = changes.doors ? resolveDoors(deps, changes.doors) : resolveDoors(deps, key.doors);
  next.doors = doors.map((lock) => lock.id);
  next.schedule = nextSchedule(key, changes, changes.profile ? profile?.timeZone : undefined);
  if (changes.persons) {
    const request = { name: next.name, persons: changes.persons, doors: next.doors } as KeyRequest;
    const fresh = personsOf(deps, request, doors, key.id).persons;
    next.persons = fresh.map((person, index) => {
      const kept = key.persons.find((old) => old.name === person.name && old.email === person.email);
      const credentials = credentialsFor(request, index);
      // A kept person keeps their code and link; one who newly asks for a doorcode gets the fresh one.
      return kept
        ? {
            ...kept,
            credentials,
            ...(kept.doorcode ? {} : person.doorcode ? { doorcode: person.doorcode } : {}),
          }
        : person;
    });
  }
  const wanted = objectsOf(next.persons, next.doors);
  const sameAs = (a: DoorCredential, b: DoorCredential, oldPersons: Key['persons']) =>
    a.kind === b.kind &&
    (a.kind === 'smartkey' || a.lockId === b.lockId) &&
    oldPersons[b.person]?.name === next.persons[a.person]?.name;
  const live = key.objects.filter((o) => o.status === 'set');
  const objects = wanted.map((want) => {
    const have = live.find((old) => sameAs(want, old, key.persons));
    return have ? { ...have, person: want.person, lockId: want.lockId } : want;
  });
  // PIN ids are per lock: an object is the same only with the same lock, kind and id.
  const removed = live.filter(
    (old) =>
      !objects.some((o) => o.cloudId === old.cloudId && o.lockId === old.lockId && o.kind === old.kind),
  );
  next.objects = objects;
  return { next, doors, removed, kinds: new Set(next.persons.flatMap((p) => kindsOf(p.credentials))) };
}

export async function updateKey(deps: ServiceDeps, id: string, changes: KeyUpdate, by: Issuer) {
  checkIssuerRole(by.role, 'update');
  const key = loadKey(deps, id);
  if (key.status === 'revoked' || key.status === 'failed' || key.status === 'pending')
    throw new KeyError('KEY_STATE', `Key ${key.id} is ${key.status}; it cannot be changed now.`);
  const { next, doors, removed, kinds } = plan(deps, key, changes);
  throwScheduleRefusal(compileForDoors(deps, next.schedule, doors));
  await checkCapabilities(deps, doors, kinds);
  const created: DoorCredential[] = [];
  const compiledAt = deps.context.clock.now();
  try {
    for (const object of next.objects.filter((o) => o.cloudId === undefined)) {
      await createObject(deps, next, object, currentWindow(deps, next, compiledAt), false).catch(
        (caught: unknown) => {
          throw doorFailure(deps, next, object, toHubError(caught));
        },
      );
      object.status = 'set';
      created.push(object);
    }
    await rewriteWindows(deps, next, compiledAt);
  } catch (failure) {
    for (const object of created) await deleteObject(deps, next, object).catch(() => undefined);
    await rewriteWindows(deps, key).catch(() => undefined);
    throw failure instanceof KeyError ? failure : toHubError(failure);
  }
  for (const object of removed) {
    await deleteObject(deps, key, object).catch((error: unknown) =>
      deps.context.logger.warn(`Key ${key.id}: removing door ${object.lockId} failed: ${String(error)}`),
    );
  }
  next.status = statusAfterWrites(next, deps.context.clock.now());
  armRecompile(deps, next, compiledAt);
  next.updatedAt = nowIso(deps);
  deps.store.saveKey(next);
  emitChanged(deps, next, 'updated');
  const newPersons = next.persons.map((_, i) => i).filter((i) => created.some((o) => o.person === i));
  const deliveries = newPersons.flatMap((i) => deliverKey(deps, next, i));
  return { key: next, deliveries };
}
