/**
 * The changes of a key update (KeyUpdate), checked as the key request they are part of: the same fields, the
 * same rules, so every front end (Node-RED's msg.payload, the HTTP API's PATCH body) refuses the same things
 * with the same field names. `null` clears an optional field; `id` is ignored (callers name the key apart).
 */
import type { KeyErrorCode } from './errors.js';
import type { KeyUpdate } from './service/api.js';
import { validateKeyRequest } from './validateKeyRequest.js';

/** The fields `update` takes: those of a key request that a key keeps. */
export const KEY_UPDATE_FIELDS = [
  'name',
  'doors',
  'from',
  'until',
  'days',
  'hours',
  'timeZone',
  'profile',
  'notes',
  'persons',
] as const;

export type KeyUpdateValidation =
  { ok: true; update: KeyUpdate } | { ok: false; code: KeyErrorCode; errors: string[] };

/** Errors are "field: problem", fields relative to the update (e.g. "persons[0].email: …", "(update): …"). */
export function validateKeyUpdate(input: unknown): KeyUpdateValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refused('(update): must be an object of changes');
  const fields = input as Record<string, unknown>;
  const unknown = Object.keys(fields).filter(
    (field) => field !== 'id' && !(KEY_UPDATE_FIELDS as readonly string[]).includes(field),
  );
  if (unknown.length > 0)
    return refused(`${unknown[0]}: not a field of an update; use ${KEY_UPDATE_FIELDS.join(', ')}`);
  const changes = Object.fromEntries(
    KEY_UPDATE_FIELDS.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]]),
  );
  if (Object.keys(changes).length === 0)
    return refused(`(update): no change; name at least one of ${KEY_UPDATE_FIELDS.join(', ')}`);
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== null));
  // A whole request around the changes, so each changed field meets the request's own rules.
  const probe = {
    name: 'update',
    persons: [{ name: 'person' }],
    doors: [1],
    ...(changes.persons ? {} : { credentials: { smartkey: true } }),
    ...given,
  };
  const checked = validateKeyRequest(probe);
  if (!checked.ok)
    return {
      ok: false,
      code: checked.code,
      errors: checked.errors.map((error) => error.replace(/^\(request\)/, '(update)')),
    };
  return { ok: true, update: changes };
}

function refused(error: string): KeyUpdateValidation {
  return { ok: false, code: 'KEY_REQUEST_INVALID', errors: [error] };
}
