/**
 * Issuing a key: validate, role, doors, checks, schedule, doorcodes, then the journalled writes
 * (docs/keys.md "The key service"). Idempotent by requestId; a dry run returns the plan and writes nothing.
 */
import { maskKeyDoorcodes } from '../masking.js';
import type { Key, KeyWarning } from '../model.js';
import { checkIssuerRole } from '../roles.js';
import { StoreError } from '../storeErrors.js';
import { validateKeyRequest, validationError } from '../validateKeyRequest.js';
import type { DoorPlan, IssuePlan, Issuer, ShowOptions } from './api.js';
import { newKeyId, nowIso, whileBusy } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { deadlineOf, emitChanged, scheduleRetry, settle } from './finish.js';
import {
  checkCapabilities,
  compileForDoors,
  issuerOf,
  kindsOf,
  objectsOf,
  personsOf,
  profileOf,
  resolveDoors,
  scheduleOf,
  throwScheduleRefusal,
} from './prepare.js';
import { writePass } from './write.js';

export interface IssueResult {
  key: Key;
  /** Deliveries still running on their channels (tests and the CLI may wait for them). */
  deliveries: Promise<void>[];
}

export async function issueKey(
  deps: ServiceDeps,
  input: unknown,
  by: Issuer,
  options: ShowOptions = {},
): Promise<{ result: Key | IssuePlan; deliveries: Promise<void>[] }> {
  checkIssuerRole(by.role, 'create');
  const validation = validateKeyRequest(input);
  if (!validation.ok) throw validationError(validation);
  const request = validation.request;
  if (request.requestId !== undefined && !request.dryRun) {
    const existing = deps.store.findByRequestId(request.requestId);
    if (existing) return { result: maskKeyDoorcodes(existing, options), deliveries: [] };
  }
  const profile = profileOf(deps, request.profile);
  const doors = resolveDoors(deps, request.doors);
  const schedule = scheduleOf(request, profile, doors);
  const plans = compileForDoors(deps, schedule, doors);
  const id = newKeyId();
  const { persons, warnings } = personsOf(deps, request, doors, id);
  const kinds = new Set(persons.flatMap((person) => kindsOf(person.credentials)));
  const now = nowIso(deps);
  const key: Key = {
    id,
    name: request.name,
    persons,
    doors: doors.map((lock) => lock.id),
    schedule,
    ...(request.profile ? { profile: request.profile } : {}),
    ...(request.notes ? { notes: request.notes } : {}),
    ...(request.requestId ? { requestId: request.requestId } : {}),
    createdBy: issuerOf(by),
    createdAt: now,
    updatedAt: now,
    status: 'pending',
    bestEffort: request.bestEffort ?? false,
    objects: objectsOf(
      persons,
      doors.map((lock) => lock.id),
    ),
    warnings,
  };
  if (request.dryRun) return { result: await dryRun(deps, key, plans, kinds), deliveries: [] };
  throwScheduleRefusal(plans);
  await checkCapabilities(deps, doors, kinds);
  try {
    deps.store.saveKey(key);
  } catch (error) {
    // The same request issued twice at once: the other one saved first, and it is the key.
    const existing = request.requestId ? deps.store.findByRequestId(request.requestId) : undefined;
    if (error instanceof StoreError && error.code === 'STORE_CONFLICT' && existing)
      return { result: maskKeyDoorcodes(existing, options), deliveries: [] };
    throw error;
  }
  const outcome = await whileBusy(deps, key.id, () => runWrites(deps, key, deadlineOf(deps, key), 0)).catch(
    (error: unknown) => {
      throw error instanceof StoreError ? storeFailedWhileWriting(key, error) : error;
    },
  );
  return { result: maskKeyDoorcodes(key, options), deliveries: outcome };
}

/** The key whose writes a store failure interrupted, on the error the caller gets (the service resumes it). */
export interface InterruptedIssue {
  keyId: string;
}

/**
 * The store failed (full, locked) after the key was saved and some of its writes may be in the cloud: the
 * writes stop (what is not journalled cannot be sent), and the key is left `pending`, as after a crash. The
 * caller learns that, with the key's id, from the store's own code and message.
 */
function storeFailedWhileWriting(key: Key, error: StoreError): StoreError & InterruptedIssue {
  const message =
    `${error.message} Key ${key.id} (${key.name}) was saved as pending before its cloud writes stopped: what ` +
    'was written is finished (or rolled back past its deadline) when the store can be written again; show the ' +
    'key, or issue again with the same requestId, to see how it ends.';
  return Object.assign(new StoreError(error.code, message, { cause: error }), { keyId: key.id });
}

/**
 * A write pass and what follows: waiting doors → pending with a retry timer (or the deadline's rollback);
 * else settled. Throws the door's KeyError after a rollback.
 */
export async function runWrites(
  deps: ServiceDeps,
  key: Key,
  deadline: number,
  attempt: number,
): Promise<Promise<void>[]> {
  const pass = await writePass(deps, key);
  // After retries the doors were written over several passes, the first soon after the key was created: the
  // DST timer comes from that instant, so a change passed while a door waited rewrites the early doors too.
  if (!pass.waiting)
    return attempt === 0
      ? settle(deps, key, 'issued', pass.compiledAt)
      : settle(deps, key, 'recovered', Date.parse(key.createdAt));
  key.status = 'pending';
  key.warnings = [...key.warnings.filter((w) => w.code !== 'DOOR_OFFLINE'), ...offlineWarnings(key)];
  deps.store.saveKey(key);
  scheduleRetry(deps, key, deadline, attempt);
  emitChanged(deps, key, 'pending');
  return [];
}

/** DOOR_OFFLINE per door waiting because the lock (or its bridge or keypad) cannot be reached. */
function offlineWarnings(key: Key): KeyWarning[] {
  const offline = new Set(
    key.objects.filter((o) => o.status === 'waiting' && o.code === 'LOCK_OFFLINE').map((o) => o.lockId),
  );
  return [...offline].map((lockId) => ({
    code: 'DOOR_OFFLINE' as const,
    lockId,
    message: `Door ${lockId} is offline; its credentials are written when it is back, until the key's deadline.`,
  }));
}

async function dryRun(
  deps: ServiceDeps,
  key: Key,
  plans: ReturnType<typeof compileForDoors>,
  kinds: Set<ReturnType<typeof kindsOf>[number]>,
): Promise<IssuePlan> {
  const doors: DoorPlan[] = [];
  for (const plan of plans) {
    const lock = deps.hub.lock(plan.door.lockId)!;
    const entry: DoorPlan = { lockId: lock.id, lockName: lock.name, ok: plan.ok, writes: [] };
    if (!plan.ok) Object.assign(entry, { code: plan.code, reason: `${plan.field}: ${plan.reason}` });
    else {
      try {
        await checkCapabilities(deps, [lock], kinds);
      } catch (error) {
        const refusal = error as { code: string; message: string };
        Object.assign(entry, { ok: false, code: refusal.code, reason: refusal.message });
      }
      if (entry.ok)
        for (const object of key.objects.filter((o) => o.lockId === lock.id))
          entry.writes.push({
            kind: object.kind,
            person: key.persons[object.person]!.name,
            local: plan.line,
            utc: { ...plan.utc },
          });
    }
    doors.push(entry);
  }
  return { dryRun: true, key: maskKeyDoorcodes(key), doors };
}
