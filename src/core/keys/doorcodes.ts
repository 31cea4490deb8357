/**
 * Doorcode allocation: one code per person, the same on every door of the key, valid under Tedee's PIN rules
 * and free on every door. Policies (issue 10, access-model.md §2.1): `random` (default, length 6 unless set),
 * `preferred` (the given code, else one random code free on all doors, with a CODE_SUBSTITUTED warning),
 * `strict` (the given code on every door, or PIN_DUPLICATE naming the door).
 *
 * The cloud lists a lock's PINs without their values, so `existingCodes` is only what the hub knows; a
 * collision may first show as a 406 when the code is written. Then the issuance service calls
 * `substituteDoorcode` and writes the new code on every door, the ones already done too (docs/keys.md).
 */
import { randomInt } from 'node:crypto';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH, pinProblem } from '../cloud/pinRules.js';
import { DEFAULT_DOORCODE_LENGTH } from './credentials.js';
import { describeDoor, KeyError } from './errors.js';
import type { ErrorDoor } from './errors.js';
import { maskDoorcode } from './masking.js';
import type { DoorcodePolicy, DoorcodeRequest, KeyWarning } from './model.js';

/** An integer in [0, maxExclusive): crypto randomness by default, a seeded source in tests. */
export type RandomInt = (maxExclusive: number) => number;

export const cryptoRandomInt: RandomInt = (maxExclusive) => randomInt(maxExclusive);

/** A door as the allocator sees it: the codes the hub knows are on it (its own keys' PINs, what it read). */
export interface DoorCodes extends ErrorDoor {
  existingCodes?: readonly string[];
}

export interface DoorcodeAllocation {
  code: string;
  policy: DoorcodePolicy;
  /** The code that was asked for (preferred, strict). */
  requested?: string;
  /** Set when the code is not the one asked for. */
  warning?: KeyWarning;
  /** Codes found taken at write time (406) on some door: never offered again for this key. */
  refused: string[];
  /** How many substitutions after a 406 so far. */
  substitutions: number;
}

/** Tries for a free random code before giving up; with 5+ digits and a lock's few PINs, never reached in practice. */
const MAX_DRAWS = 10_000;
/** Substitutions after a 406 before the issuance gives up (each one costs a write on every door). */
export const MAX_SUBSTITUTIONS = 5;

function draw(length: number, taken: ReadonlySet<string>, random: RandomInt): string {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    let code = '';
    for (let i = 0; i < length; i++) code += String(random(10));
    if (pinProblem(code) === undefined && !taken.has(code)) return code;
  }
  throw new KeyError(
    'CODE_SPACE_EXHAUSTED',
    `No free ${length}-digit doorcode was found on the key's doors.`,
    {
      credential: 'doorcode',
    },
  );
}

function takenOn(doors: readonly DoorCodes[], extra: readonly string[] = []): Set<string> {
  return new Set([...doors.flatMap((door) => door.existingCodes ?? []), ...extra]);
}

function substitutedWarning(requested: string, door: ErrorDoor, how: string): KeyWarning {
  return {
    code: 'CODE_SUBSTITUTED',
    lockId: door.lockId,
    message: `The requested doorcode ${maskDoorcode(requested)} ${how} on ${describeDoor(door)}; a random code was issued on every door of the key instead.`,
  };
}

function duplicate(code: string, door: ErrorDoor, how: string): KeyError {
  return new KeyError(
    'PIN_DUPLICATE',
    `The doorcode ${maskDoorcode(code)} ${how} on ${describeDoor(door)}, and policy strict allows no other code.`,
    { door: { lockId: door.lockId, name: door.name }, credential: 'doorcode', reason: `the code ${how}` },
  );
}

function lengthOf(request: DoorcodeRequest): number {
  const length = request.length ?? DEFAULT_DOORCODE_LENGTH;
  if (!Number.isInteger(length) || length < PIN_MIN_LENGTH || length > PIN_MAX_LENGTH)
    throw new KeyError(
      'PIN_INVALID',
      `A doorcode length must be ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits, not ${String(length)}.`,
      { credential: 'doorcode' },
    );
  return length;
}

/**
 * The code for one person on the given doors. `request` undefined = random with the defaults; a request
 * with a code and no policy is `preferred` (as doorcodeRequestOf decides).
 */
export function allocateDoorcode(
  request: DoorcodeRequest | undefined,
  doors: readonly DoorCodes[],
  random: RandomInt = cryptoRandomInt,
): DoorcodeAllocation {
  const policy = request?.policy ?? (request?.code === undefined ? 'random' : 'preferred');
  const taken = takenOn(doors);
  if (policy === 'random')
    return { code: draw(lengthOf(request ?? {}), taken, random), policy, refused: [], substitutions: 0 };

  const requested = request?.code;
  if (requested === undefined)
    throw new KeyError('KEY_REQUEST_INVALID', `A doorcode with policy ${policy} needs a code.`, {
      credential: 'doorcode',
    });
  const problem = pinProblem(requested);
  if (problem)
    throw new KeyError('PIN_INVALID', `The doorcode ${maskDoorcode(requested)} is not valid: ${problem}.`, {
      credential: 'doorcode',
      reason: problem,
    });
  const busy = doors.find((door) => door.existingCodes?.includes(requested));
  if (busy === undefined) return { code: requested, policy, requested, refused: [], substitutions: 0 };
  if (policy === 'strict') throw duplicate(requested, busy, 'is already in use');
  return {
    code: draw(requested.length, taken, random),
    policy,
    requested,
    warning: substitutedWarning(requested, busy, 'is already in use'),
    refused: [],
    substitutions: 0,
  };
}

/**
 * After the cloud refused `previous.code` as a duplicate (406) on `door`: a new code free on every door and
 * never one refused before, for the issuance service to write on every door of the key (those already
 * written too, so the person keeps one code). strict: PIN_DUPLICATE naming the door. After
 * MAX_SUBSTITUTIONS: PIN_DUPLICATE, so a cloud that refuses every code cannot keep the issuance busy.
 */
export function substituteDoorcode(
  previous: DoorcodeAllocation,
  door: ErrorDoor,
  doors: readonly DoorCodes[],
  random: RandomInt = cryptoRandomInt,
): DoorcodeAllocation {
  const refused = [...previous.refused, previous.code];
  if (previous.policy === 'strict') throw duplicate(previous.code, door, 'already exists');
  if (previous.substitutions >= MAX_SUBSTITUTIONS)
    throw new KeyError(
      'PIN_DUPLICATE',
      `The Tedee cloud refused ${refused.length} doorcodes as duplicates, the last on ${describeDoor(door)}; giving up.`,
      {
        door: { lockId: door.lockId, name: door.name },
        credential: 'doorcode',
        reason: 'every code tried already exists',
      },
    );
  const code = draw(previous.code.length, takenOn(doors, refused), random);
  // The first time the person's own code is replaced, the key says so; later swaps only replace random codes.
  const warning =
    previous.warning ??
    (previous.requested !== undefined && previous.code === previous.requested
      ? substitutedWarning(previous.requested, door, 'already exists')
      : undefined);
  return { ...previous, code, warning, refused, substitutions: previous.substitutions + 1 };
}

/**
 * Codes for several persons of one key: each person's code is also taken for the next ones, since two
 * persons of one key share its doors.
 */
export function allocateDoorcodes(
  requests: readonly (DoorcodeRequest | undefined)[],
  doors: readonly DoorCodes[],
  random: RandomInt = cryptoRandomInt,
): DoorcodeAllocation[] {
  const allocations: DoorcodeAllocation[] = [];
  for (const request of requests) {
    const given = allocations.map((allocation) => allocation.code);
    const withGiven = doors.map((door) => ({
      ...door,
      existingCodes: [...(door.existingCodes ?? []), ...given],
    }));
    allocations.push(allocateDoorcode(request, withGiven, random));
  }
  return allocations;
}
