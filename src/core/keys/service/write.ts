/**
 * One pass over a key's objects that are not written yet: each is created (journalled), a 406 on a doorcode
 * swaps the person's code on every door (policy allowing), a transient failure leaves the door `waiting`
 * with the reason, and a permanent one rolls the whole key back (or, with bestEffort, fails that door only).
 */
import { isTransient, toHubError } from '../../cloud/account.js';
import type { HubError } from '../../errors.js';
import { substituteDoorcode } from '../doorcodes.js';
import type { DoorcodeAllocation } from '../doorcodes.js';
import { describeDoor, KeyError } from '../errors.js';
import type { DoorCredential, Key } from '../model.js';
import { compileSchedule, tedeeFields } from '../schedule/index.js';
import type { UtcWindow } from '../../cloud/account.js';
import { doorcodeRequestOf } from '../credentials.js';
import { maskDoorcodesIn } from '../masking.js';
import { createObject, updateObject } from './objects.js';
import { rollbackKey } from './rollback.js';
import { nowIso } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { otherCodesOn } from './codes.js';

/** The UTC fields to write for the key's schedule, compiled at `at` (default now). */
export function currentWindow(deps: ServiceDeps, key: Key, at = deps.context.clock.now()): UtcWindow {
  return tedeeFields(compileSchedule(key.schedule, new Date(at)));
}

function allocationOf(key: Key, person: number): DoorcodeAllocation {
  const p = key.persons[person]!;
  const asked = doorcodeRequestOf(p.credentials);
  const substituted = key.warnings.find((w) => w.code === 'CODE_SUBSTITUTED');
  return {
    code: p.doorcode!,
    policy: asked?.policy ?? 'random',
    requested: asked?.code,
    warning: substituted,
    refused: [],
    substitutions: 0,
  };
}

/** The error a key fails with: the door, the credential and the cloud's reason. */
export function doorFailure(deps: ServiceDeps, key: Key, object: DoorCredential, error: HubError): KeyError {
  if (error instanceof KeyError && error.door) return error;
  const door = { lockId: object.lockId, name: deps.hub.lock(object.lockId)?.name };
  const codes = key.persons.map((p) => p.doorcode ?? '').filter(Boolean);
  const reason = maskDoorcodesIn(error.message, codes);
  return new KeyError(
    error.code,
    `${describeDoor(door)}: the ${object.kind} for ${key.persons[object.person]?.name ?? 'a person'} failed (${error.code}): ${reason}`,
    { door, credential: object.kind, reason, scope: error.scope, status: error.status },
  );
}

/** After a 406: a new code for the person on every door, rewriting the doors already written. */
async function substitute(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  window: UtcWindow,
  allocations: Map<number, DoorcodeAllocation>,
): Promise<void> {
  const previous = allocations.get(object.person) ?? allocationOf(key, object.person);
  const door = { lockId: object.lockId, name: deps.hub.lock(object.lockId)?.name };
  const doors = key.doors.map((lockId) => ({ lockId, existingCodes: otherCodesOn(deps, key, lockId) }));
  const next = substituteDoorcode(previous, door, doors);
  allocations.set(object.person, next);
  key.persons[object.person]!.doorcode = next.code;
  if (next.warning && !key.warnings.some((w) => w.code === 'CODE_SUBSTITUTED'))
    key.warnings.push(next.warning);
  for (const done of key.objects) {
    if (done.person !== object.person || done.kind !== 'doorcode' || done.status !== 'set') continue;
    await updateObject(deps, key, done, window);
  }
}

export interface PassResult {
  waiting: boolean;
  /** The instant the pass's window was compiled for: its DST timer is due at that compile's validUntil. */
  compiledAt: number;
}

/** Writes every object still `setting` or `waiting`. Throws the door's KeyError after a rollback. */
export async function writePass(deps: ServiceDeps, key: Key): Promise<PassResult> {
  const compiledAt = deps.context.clock.now();
  const window = currentWindow(deps, key, compiledAt);
  const allocations = new Map<number, DoorcodeAllocation>();
  for (const object of key.objects) {
    if (object.status !== 'setting' && object.status !== 'waiting') continue;
    for (;;) {
      try {
        if (object.cloudId === undefined)
          await createObject(deps, key, object, window, object.status === 'waiting');
        object.status = 'set';
        delete object.reason;
        delete object.code;
        break;
      } catch (caught) {
        const error = toHubError(caught);
        if (error.code === 'PIN_DUPLICATE' && object.kind === 'doorcode') {
          try {
            await substitute(deps, key, object, window, allocations);
            continue;
          } catch (refused) {
            await fail(deps, key, object, toHubError(refused));
            break;
          }
        }
        if (isTransient(error)) {
          object.status = 'waiting';
          object.code = error.code;
          object.reason = doorFailure(deps, key, object, error).reason;
          break;
        }
        await fail(deps, key, object, error);
        break;
      }
    }
    key.updatedAt = nowIso(deps);
    deps.store.saveKey(key);
  }
  return { waiting: key.objects.some((object) => object.status === 'waiting'), compiledAt };
}

/** A permanent failure: with bestEffort the door fails alone; otherwise everything written goes. */
async function fail(deps: ServiceDeps, key: Key, object: DoorCredential, error: HubError): Promise<void> {
  const failure = doorFailure(deps, key, object, error);
  object.status = 'failed';
  object.code = failure.code;
  object.reason = failure.reason;
  if (key.bestEffort) return;
  await rollbackKey(deps, key, failure);
  throw failure;
}
