/**
 * What a `tedee-key` node is asked to do: the action (msg.action, else the node's setting) and its arguments
 * from msg.payload, checked here so a bad message gets an error naming the field before any cloud call
 * (docs/node-red.md "tedee-key"). The key request of `issue` is checked by the key service's own validator.
 */
import type { DoorcodeRequest, KeyFilter, KeyUpdate } from '../core/index.js';
import { validateKeyRequest, validateKeyUpdate } from '../core/index.js';
import { NodeInputError, shownValue } from './inputError.js';
import type { NodeMessage } from './red.js';

export const KEY_ACTIONS = ['issue', 'update', 'replace-code', 'resend', 'revoke', 'show', 'list'] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

export type KeyCommand =
  | { action: 'issue'; request: Record<string, unknown> }
  | { action: 'update'; id: string; changes: KeyUpdate }
  | { action: 'replace-code'; id: string; person: number | string; doorcode: DoorcodeRequest }
  | { action: 'resend'; id: string; person?: number | string }
  | { action: 'revoke' | 'show'; id: string }
  | { action: 'list'; filter: KeyFilter };

type Loose = Record<string, unknown>;

const FILTER_FIELDS = ['status', 'door', 'person', 'text', 'profile'] as const;

export function readAction(msg: NodeMessage, configured: string | undefined): KeyAction {
  const raw = msg.action ?? (configured || undefined);
  const action = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if ((KEY_ACTIONS as readonly unknown[]).includes(action)) return action as KeyAction;
  const field = msg.action === undefined ? 'action' : 'msg.action';
  throw new NodeInputError(
    'INVALID_ACTION',
    `${field}: ${raw === undefined ? 'missing' : `${shownValue(raw)} is not an action`}; use one of ${KEY_ACTIONS.join(', ')}`,
  );
}

/**
 * The command of a message. `defaults` (the node's editor fields, the profile's name) fill what an issue's
 * msg.payload leaves out: a shallow merge, msg.payload wins field by field.
 */
export function readCommand(action: KeyAction, payload: unknown, defaults: Loose): KeyCommand {
  switch (action) {
    case 'issue':
      return {
        action,
        request: requestOf({ ...defaults, ...objectPayload(payload, 'the key request', true) }),
      };
    case 'update':
      return { action, id: keyId(payload), changes: updateOf(objectPayload(payload, '{id, ...changes}')) };
    case 'replace-code': {
      const input = idPayload(payload);
      return {
        action,
        id: keyId(payload),
        person: personOf(input.person) ?? 0,
        doorcode: doorcodeOf(input.doorcode),
      };
    }
    case 'resend':
      return { action, id: keyId(payload), person: personOf(idPayload(payload).person) };
    case 'revoke':
    case 'show':
      return { action, id: keyId(payload) };
    case 'list':
      return { action, filter: filterOf(payload) };
  }
}

function objectPayload(payload: unknown, what: string, emptyAllowed = false): Loose {
  if (emptyAllowed && (payload === undefined || payload === null || payload === '')) return {};
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) return payload as Loose;
  throw new NodeInputError('KEY_REQUEST_INVALID', `msg.payload: must be an object (${what})`);
}

/** `{id, ...}`, or the key id alone as text. */
function idPayload(payload: unknown): Loose {
  return typeof payload === 'string' ? { id: payload } : objectPayload(payload, '{"id": ...}');
}

function keyId(payload: unknown): string {
  const id = idPayload(payload).id;
  if (typeof id === 'string' && id.trim()) return id.trim();
  throw new NodeInputError(
    'KEY_REQUEST_INVALID',
    `msg.payload.id: ${id === undefined ? 'missing' : 'must be text'}; the id of the key (k_…)`,
  );
}

function personOf(value: unknown): number | string | undefined {
  if (value === undefined) return undefined;
  if ((typeof value === 'number' && Number.isInteger(value) && value >= 0) || typeof value === 'string')
    return value;
  throw new NodeInputError(
    'KEY_REQUEST_INVALID',
    'msg.payload.person: must be the person’s index (0, 1, …) or name',
  );
}

/** A doorcode request, checked by the key request's validator (policy, code, length and the PIN rules). */
function doorcodeOf(value: unknown): DoorcodeRequest {
  if (value === undefined) return { policy: 'random' };
  const checked = validateKeyRequest({
    name: 'replace-code',
    persons: [{ name: 'person' }],
    doors: [1],
    credentials: { doorcode: value },
  });
  if (checked.ok) return value as DoorcodeRequest;
  throw new NodeInputError(
    checked.code,
    renamed(checked.errors, 'credentials.doorcode', 'msg.payload.doorcode'),
  );
}

/** The key request, checked here too so that a problem is named as the field of msg.payload. */
function requestOf(request: Loose): Loose {
  const checked = validateKeyRequest(request);
  if (!checked.ok) throw new NodeInputError(checked.code, renamed(checked.errors, '', 'msg.payload'));
  return request;
}

/** The changes of an update, checked by the core's update validator (the HTTP API's PATCH uses the same). */
function updateOf(input: Loose): KeyUpdate {
  const checked = validateKeyUpdate(input);
  if (!checked.ok) throw new NodeInputError(checked.code, renamed(checked.errors, '', 'msg.payload'));
  return checked.update;
}

function filterOf(payload: unknown): KeyFilter {
  if (payload === undefined || payload === null || payload === '' || typeof payload !== 'object') return {};
  const input = objectPayload(payload, 'a filter');
  const filter = Object.fromEntries(
    FILTER_FIELDS.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]),
  );
  for (const [field, value] of Object.entries(filter))
    if (typeof value !== 'string' && !(field === 'door' && typeof value === 'number'))
      throw new NodeInputError('KEY_REQUEST_INVALID', `msg.payload.${field}: must be text`);
  return filter;
}

/** "The key request is not valid" problems ("persons[0].email: …") named as the message's fields. */
function renamed(errors: string[], from: string, to: string): string {
  return errors
    .map((error) => {
      const path = error.replace(/^\((request|update)\)/, '');
      const field = from && path.startsWith(from) ? path.slice(from.length) : path;
      return `${to}${/^[.:[]/.test(field) ? '' : '.'}${field}`;
    })
    .join('; ');
}
