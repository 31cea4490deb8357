/**
 * Everything an issuance decides before the first cloud call: the request is valid, the doors exist, the
 * PAK may issue each credential on each door (scope, access level, keypad), the schedule compiles for every
 * door, and each person's doorcode is allocated. Nothing here writes to the cloud.
 */
import type { Lock } from '../../lock.js';
import { credentialsFor, doorcodeRequestOf } from '../credentials.js';
import { allocateDoorcodes } from '../doorcodes.js';
import { describeDoor, KeyError } from '../errors.js';
import type {
  CredentialsRequest,
  DoorCredential,
  Key,
  KeyRequest,
  LocalSchedule,
  Profile,
} from '../model.js';
import { describeSchedule } from '../schedule/index.js';
import type { ScheduleDryRun } from '../schedule/index.js';
import type { Issuer } from './api.js';
import { otherCodesOn } from './codes.js';
import { cloud } from './deps.js';
import type { ServiceDeps } from './deps.js';

export type IssuedKind = DoorCredential['kind'];
const KINDS: IssuedKind[] = ['doorcode', 'appkey', 'smartkey'];

export function kindsOf(credentials: CredentialsRequest): IssuedKind[] {
  return KINDS.filter((kind) => credentials[kind] !== undefined && credentials[kind] !== false);
}

export function profileOf(deps: ServiceDeps, name: string | undefined): Profile | undefined {
  if (name === undefined) return undefined;
  const profile = deps.store.getProfile(name);
  if (!profile) throw new KeyError('PROFILE_NOT_FOUND', `profile: there is no profile named "${name}".`);
  return profile;
}

/** Locks by id, serial or name; UNKNOWN_DOOR names the reference. Duplicates count once. */
export function resolveDoors(deps: ServiceDeps, references: readonly (string | number)[]): Lock[] {
  const found = new Map<number, Lock>();
  references.forEach((reference, index) => {
    const lock = deps.hub.lock(reference);
    if (!lock)
      throw new KeyError(
        'UNKNOWN_DOOR',
        `doors[${index}]: no lock "${String(reference)}" on this account (by id, serial number or name).`,
      );
    found.set(lock.id, lock);
  });
  return [...found.values()];
}

/** The key's schedule: the request's fields, else the profile's; the zone defaults to the first door's. */
export function scheduleOf(
  fields: Pick<KeyRequest, 'from' | 'until' | 'days' | 'hours' | 'timeZone'>,
  profile: Profile | undefined,
  doors: readonly Lock[],
): LocalSchedule {
  const timeZone = fields.timeZone ?? profile?.timeZone ?? doors[0]?.timeZone ?? undefined;
  if (!timeZone)
    throw new KeyError(
      'KEY_REQUEST_INVALID',
      `timeZone: ${describeDoor({ lockId: doors[0]!.id, name: doors[0]!.name })} has no time zone; give one.`,
    );
  const days = fields.days ?? profile?.days;
  const hours = fields.hours ?? profile?.hours;
  return {
    timeZone,
    ...(fields.from ? { from: fields.from } : {}),
    ...(fields.until ? { until: fields.until } : {}),
    ...(days ? { days } : {}),
    ...(hours ? { hours } : {}),
  };
}

/** Per door, what the schedule compiles to now, or why the door refuses. */
export function compileForDoors(
  deps: ServiceDeps,
  schedule: LocalSchedule,
  doors: readonly Lock[],
): ScheduleDryRun[] {
  const at = new Date(deps.context.clock.now());
  return doors.map((lock) => describeSchedule({ lockId: lock.id, name: lock.name }, schedule, at));
}

export function throwScheduleRefusal(plans: readonly ScheduleDryRun[]): void {
  const refused = plans.find((plan) => !plan.ok);
  if (refused && !refused.ok)
    throw new KeyError(
      refused.code as 'SCHEDULE_INVALID',
      `${describeDoor(refused.door)}: ${refused.field}: ${refused.reason}`,
      { door: refused.door, reason: refused.reason },
    );
}

/** The PAK may issue each credential on each door: SCOPE_MISSING, ACCESS_LEVEL_TOO_LOW, NO_KEYPAD, NO_ORGANIZATION. */
export async function checkCapabilities(
  deps: ServiceDeps,
  doors: readonly Lock[],
  kinds: ReadonlySet<IssuedKind>,
): Promise<void> {
  for (const lock of doors)
    for (const kind of kinds) {
      const check = deps.context.capabilities.canIssue(lock, kind);
      if (!check.ok) {
        const door = { lockId: lock.id, name: lock.name };
        throw new KeyError(check.error.code, check.error.message, {
          door,
          credential: kind,
          reason: check.error.message,
          scope: check.error.scope,
          sent: false,
        });
      }
    }
  if (kinds.has('smartkey')) await cloud(deps, (account) => account.organization.organizationId());
}

/** Persons with their credentials decided and doorcodes allocated (free on every door of the key). */
export function personsOf(deps: ServiceDeps, request: KeyRequest, doors: readonly Lock[], keyId: string) {
  const credentials = request.persons.map((_, index) => credentialsFor(request, index));
  const asked = credentials.map((c) => doorcodeRequestOf(c));
  const wanting = asked.map((a, i) => [a, i] as const).filter(([a]) => a !== undefined);
  const doorCodes = doors.map((lock) => ({
    lockId: lock.id,
    name: lock.name,
    existingCodes: otherCodesOn(deps, { id: keyId }, lock.id),
  }));
  const allocations = allocateDoorcodes(
    wanting.map(([a]) => a),
    doorCodes,
  );
  const codes = new Map(wanting.map(([, index], n) => [index, allocations[n]!]));
  const persons: Key['persons'] = request.persons.map((person, index) => ({
    name: person.name,
    ...(person.email ? { email: person.email } : {}),
    ...(person.phone ? { phone: person.phone } : {}),
    ...(codes.get(index) ? { doorcode: codes.get(index)!.code } : {}),
    credentials: credentials[index]!,
  }));
  const warnings = allocations.flatMap((a) => (a.warning ? [a.warning] : []));
  return { persons, warnings };
}

/** The objects to write: per person, a PIN and an app access per door, and one access link for all doors. */
export function objectsOf(persons: Key['persons'], doors: readonly number[]): DoorCredential[] {
  const objects: DoorCredential[] = [];
  persons.forEach((person, index) => {
    for (const kind of kindsOf(person.credentials)) {
      if (kind === 'smartkey') objects.push({ lockId: doors[0]!, kind, person: index, status: 'setting' });
      else for (const lockId of doors) objects.push({ lockId, kind, person: index, status: 'setting' });
    }
  });
  return objects;
}

export function issuerOf(by: Issuer): Key['createdBy'] {
  return { issuer: by.issuer, role: by.role };
}
