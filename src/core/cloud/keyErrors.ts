/**
 * The errors of the key calls (PINs, device access, access links), as HubErrors a key service can act on:
 * a stable code, the scope a 403 lacks, the validation code of a refused access, and whether trying again
 * later can help (isTransient). Decisions: docs/keys.md, "Cloud calls".
 */
import { HubError } from '../errors.js';
import { toHubError } from './translate.js';

/** What Tedee's access validation codes mean (tedee-api.md §6, datastructures/validation-error.rst). */
export const ACCESS_VALIDATION_REASONS: Readonly<Record<number, string>> = {
  1000: 'the access rules were not met',
  1001: 'it grants a level above your own on this lock',
  1002: 'the person is the owner of this lock',
  1003: 'this person already has access to this lock',
  1004: 'this person was invited earlier',
  1005: 'the lock is not in the organization',
  1006: 'the user group does not exist',
  1007: 'this user group already has access to this lock',
  1008: 'you cannot grant access to yourself',
  1009: 'a group access already exists',
  1010: 'a user access already exists',
};

/** Codes that say the same request may succeed later: the lock or the cloud was not ready, not the request wrong. */
const TRANSIENT_CODES = new Set<string>([
  'LOCK_OFFLINE',
  'DEVICE_OFFLINE',
  'DEVICE_TIMEOUT',
  'DEVICE_BUSY',
  'SERVER_ERROR',
  'NETWORK',
  'TIMEOUT',
  'RATE_LIMITED',
  'BUDGET_EXHAUSTED',
]);

/**
 * True when the same call may succeed later (408, 409, 428, 5xx, no answer, rate limit or budget): the key
 * service keeps the door `waiting` and retries. False for everything else (400, 403, 404, 406, 412, an
 * access validation code, a malformed answer): it rolls back. Anything that is not a HubError is permanent.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof HubError)) return false;
  return TRANSIENT_CODES.has(error.code);
}

/** How a doorcode is shown anywhere but a delivery: all but the last two digits hidden (`••••56`). */
export function maskDoorcode(code: string): string {
  return `${'•'.repeat(Math.max(code.length - 2, 2))}${code.slice(-2)}`;
}

function copy(error: HubError, code: HubError['code'], message: string): HubError {
  return new HubError(code, message, {
    retryAfterMs: error.retryAfterMs,
    scope: error.scope,
    sent: error.sent,
    status: error.status,
    validationCode: error.validationCode,
  });
}

/** Removes a doorcode from a text the cloud wrote (it may echo the PIN in its messages). */
function withoutCode(text: string, code: string | undefined): string {
  return code && code.length > 0 ? text.split(code).join(maskDoorcode(code)) : text;
}

export interface KeyCallContext {
  /** What was being done, for the message: "Creating a PIN on lock 12". */
  action: string;
  /** A doorcode the call carries: never in a message, whatever the cloud answers. */
  code?: string;
}

/**
 * One translation for every key call. 428 becomes LOCK_OFFLINE (the hub's code for a lock it cannot reach);
 * ACCESS_REJECTED gets the meaning of its validation code; every message starts with what was being done.
 */
export function keyError(error: unknown, context: KeyCallContext): HubError {
  const hub = toHubError(error);
  let code = hub.code;
  let message = hub.message;
  if (code === 'DEVICE_OFFLINE') {
    code = 'LOCK_OFFLINE';
    message = `The lock is offline or its setup is incomplete (bridge or keypad missing); try again when it is back.`;
  } else if (code === 'ACCESS_REJECTED' && hub.validationCode !== undefined) {
    const reason = ACCESS_VALIDATION_REASONS[hub.validationCode] ?? 'Tedee gave an unknown validation code';
    message = `The Tedee cloud refused the access (${hub.validationCode}): ${reason}.`;
  }
  return copy(hub, code, withoutCode(`${context.action}: ${message}`, context.code));
}

/** Runs a key call; whatever it throws comes out through keyError. */
export async function keyCall<T>(context: KeyCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw keyError(error, context);
  }
}

/** Runs a delete; NOT_FOUND means it is gone already, which is what a delete (or a rollback) wants. */
export async function keyDelete(context: KeyCallContext, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    const hub = keyError(error, context);
    if (hub.code === 'NOT_FOUND') return false;
    throw hub;
  }
}
