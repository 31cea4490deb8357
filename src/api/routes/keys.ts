/**
 * Keys: every operation of the key service, for the calling application's issuer role (its group), within its
 * lock rights. Doorcodes and magic links are masked unless `?reveal=true` by a group with keys.reveal.
 */
import type { Issuer, Key, KeyFilter } from '../../core/index.js';
import { KeyError, validateKeyUpdate } from '../../core/index.js';
import { ApiError } from '../errors.js';
import { allowsDoors, allowsKey, hasRight, issuerRole } from '../rights.js';
import type { ApiRoute, RouteContext } from '../route.js';
import { FLAG, listOf } from '../route.js';
import { KEY_REQUEST_SCHEMA, KEY_UPDATE, RECONCILE, REPLACE_CODE, RESEND } from '../schemas.js';
import { shownKey } from '../shown.js';

const REVEAL = { reveal: { ...FLAG, description: 'Doorcodes and links in clear (needs keys.reveal)' } };
const NOT_FOUND = { description: 'No such key for this application', schema: 'Error' };

function issuer({ caller }: RouteContext): Issuer {
  return { issuer: `app:${caller.application.name}`, role: issuerRole(caller.application) };
}

/** Whether to reveal: only when asked, and only for a group with keys.reveal (a 403 names it otherwise). */
function reveal({ query, caller }: RouteContext): boolean {
  if (query.reveal !== true) return false;
  if (!hasRight(caller.application, 'keys.reveal'))
    throw new ApiError(
      403,
      'RIGHT_MISSING',
      `This application's group (${caller.application.group}) lacks the right keys.reveal.`,
    );
  return true;
}

/** A key the caller may see (every door within its lock rights); another is as unknown as a missing one. */
function visibleKey(context: RouteContext, options: { reveal?: boolean } = {}): Key {
  const { deps, caller, params } = context;
  const key = deps.keys().show(params.id!, options);
  if (!allowsKey(caller.application, deps.hub, key))
    throw new ApiError(404, 'KEY_NOT_FOUND', `No key ${params.id} is known to this application.`);
  return key;
}

function checkDoors(context: RouteContext, doors: unknown): void {
  if (!allowsDoors(context.caller.application, context.deps.hub, doors))
    throw new ApiError(400, 'UNKNOWN_DOOR', 'doors: names a lock this application may not use.', 'doors');
}

/** 202 while a door is still `waiting` (the key service retries it), else 200/201. */
function keyAnswer(key: Key, reveal: boolean, done = 200): { status: number; body: Key } {
  const waiting = key.objects.some((object) => object.status === 'waiting');
  return { status: waiting ? 202 : done, body: shownKey(key, reveal) };
}

const keyById = (suffix: string) => `/api/v1/keys/{id}${suffix}`;

/** DELETE .../keys/:id and POST .../revoke are one action under two names: the same right, answer and handler. */
const REVOKE = {
  right: 'keys.write',
  responses: { 200: { description: 'The revoked key', schema: 'Key' }, 404: NOT_FOUND },
  handler: async (context: RouteContext) =>
    keyAnswer(await context.deps.keys().revoke(visibleKey(context).id, issuer(context)), false),
} as const;

export const keyRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/keys',
    operationId: 'listKeys',
    summary: 'Keys, filtered by status, door, person, text or profile',
    tag: 'keys',
    right: 'keys.read',
    query: {
      type: 'object',
      properties: {
        status: { enum: ['pending', 'active', 'scheduled', 'expired', 'revoked', 'failed'] },
        door: { type: 'string', minLength: 1 },
        person: { type: 'string', minLength: 1 },
        text: { type: 'string', minLength: 1 },
        profile: { type: 'string', minLength: 1 },
        ...REVEAL,
      },
      additionalProperties: false,
    },
    responses: { 200: { description: 'The keys', schema: listOf('keys', 'Key') } },
    handler: (context) => {
      const { deps, caller, query } = context;
      const clear = reveal(context);
      const { reveal: _, ...filter } = query;
      const keys = deps
        .keys()
        .list(filter as KeyFilter)
        .filter((key) => allowsKey(caller.application, deps.hub, key))
        .map((key) => shownKey(clear ? deps.keys().show(key.id, { reveal: true }) : key, clear));
      return { body: { keys } };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/keys',
    operationId: 'issueKey',
    summary:
      'Issues a key (the key service request); all-or-nothing unless bestEffort; idempotent by requestId',
    tag: 'keys',
    right: 'keys.write',
    body: KEY_REQUEST_SCHEMA,
    bodyName: 'KeyRequest',
    bodyCode: 'KEY_REQUEST_INVALID',
    query: {
      type: 'object',
      properties: { dryRun: { ...FLAG, description: 'Same as the request field' }, ...REVEAL },
      additionalProperties: false,
    },
    responses: {
      200: { description: 'Dry run: what would be written, per door', schema: 'IssuePlan' },
      201: { description: 'Issued', schema: 'Key' },
      202: {
        description: 'Issued while some doors are `waiting` (offline): the hub retries them',
        schema: 'Key',
      },
      409: {
        description: 'Refused by a door (PIN_DUPLICATE, ...): nothing was left written',
        schema: 'Error',
      },
    },
    handler: async (context) => {
      const { deps, query } = context;
      const request = { ...(context.body as Record<string, unknown>) };
      if (query.dryRun === true) request.dryRun = true;
      checkDoors(context, request.doors);
      const clear = reveal(context);
      const result = await deps.keys().issue(request, issuer(context), { reveal: clear });
      if ('dryRun' in result) return { status: 200, body: { ...result, key: shownKey(result.key, clear) } };
      return { ...keyAnswer(result, clear, 201), created: result.id };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/keys/reconcile',
    operationId: 'reconcileKeys',
    summary: 'Compares the keys with the cloud; repairs drift when `repair` is set',
    tag: 'keys',
    right: 'keys.write',
    body: RECONCILE,
    responses: {
      200: {
        description: 'What differed',
        schema: { type: 'object', properties: { drift: { type: 'array', items: { type: 'object' } } } },
      },
    },
    handler: async (context) => {
      const { deps, caller } = context;
      const options = (context.body ?? {}) as { repair?: boolean; keyId?: string };
      const drift = await deps.keys().reconcile(options);
      const visible = drift.filter((entry) =>
        allowsKey(caller.application, deps.hub, { doors: [entry.lockId] }),
      );
      return { body: { drift: visible } };
    },
  },
  {
    method: 'GET',
    path: keyById(''),
    operationId: 'getKey',
    summary: 'One key',
    tag: 'keys',
    right: 'keys.read',
    query: { type: 'object', properties: REVEAL, additionalProperties: false },
    responses: { 200: { description: 'The key', schema: 'Key' }, 404: NOT_FOUND },
    handler: (context) => {
      const clear = reveal(context);
      return { body: shownKey(visibleKey(context, { reveal: clear }), clear) };
    },
  },
  {
    method: 'PATCH',
    path: keyById(''),
    operationId: 'updateKey',
    summary: 'Changes a key (doors, period, schedule, persons, ...); absent fields stay, null clears',
    tag: 'keys',
    right: 'keys.write',
    body: KEY_UPDATE,
    bodyName: 'KeyUpdate',
    bodyCode: 'KEY_REQUEST_INVALID',
    responses: {
      200: { description: 'The key as changed', schema: 'Key' },
      202: { description: 'Changed; some doors `waiting`', schema: 'Key' },
      404: NOT_FOUND,
    },
    handler: async (context) => {
      const key = visibleKey(context);
      // The rules past the schema (a real time zone, until after from, the PIN rules), as every front end checks them.
      const checked = validateKeyUpdate(context.body);
      if (!checked.ok)
        throw new KeyError(checked.code, `The key update is not valid: ${checked.errors.join('; ')}`, {
          problems: checked.errors,
        });
      const changes = checked.update;
      if (changes.doors) checkDoors(context, changes.doors);
      return keyAnswer(await context.deps.keys().update(key.id, changes, issuer(context)), false);
    },
  },
  {
    method: 'DELETE',
    path: keyById(''),
    operationId: 'deleteKey',
    summary: 'Revokes a key (as POST .../revoke): its cloud objects are deleted, the record stays `revoked`',
    tag: 'keys',
    ...REVOKE,
  },
  {
    method: 'POST',
    path: keyById('/revoke'),
    operationId: 'revokeKey',
    summary: 'Revokes a key: every cloud object deleted, status `revoked`',
    tag: 'keys',
    ...REVOKE,
  },
  {
    method: 'POST',
    path: keyById('/resend'),
    operationId: 'resendKey',
    summary: "Delivers a person's credentials again (every person when none is named)",
    tag: 'keys',
    right: 'keys.write',
    body: RESEND,
    responses: { 200: { description: 'The key', schema: 'Key' }, 404: NOT_FOUND },
    handler: async (context) => {
      const { person } = (context.body ?? {}) as { person?: number | string };
      return keyAnswer(
        await context.deps.keys().resend(visibleKey(context).id, person, issuer(context)),
        false,
      );
    },
  },
  {
    method: 'POST',
    path: keyById('/replace-code'),
    operationId: 'replaceKeyCode',
    summary: 'A new doorcode for one person (policy random, preferred or strict); the old one is removed',
    tag: 'keys',
    right: 'keys.write',
    body: REPLACE_CODE,
    bodyCode: 'KEY_REQUEST_INVALID',
    query: { type: 'object', properties: REVEAL, additionalProperties: false },
    responses: {
      200: { description: 'The key with its new code (masked unless revealed)', schema: 'Key' },
      404: NOT_FOUND,
    },
    handler: async (context) => {
      const clear = reveal(context);
      const { person, doorcode } = context.body as { person: number | string; doorcode?: object };
      const key = await context.deps
        .keys()
        .replaceCode(visibleKey(context).id, person, doorcode ?? {}, issuer(context));
      return keyAnswer(clear ? context.deps.keys().show(key.id, { reveal: true }) : key, clear);
    },
  },
];
