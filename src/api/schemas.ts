/**
 * The JSON schemas of the API's requests and answers. Request schemas are what fastify validates bodies with
 * (validation.ts) and what the OpenAPI document publishes; the key request and the profile are the key
 * service's own (core/keys/keyRequest.schema.ts), so every front end accepts exactly the same JSON.
 */
import { APP_GROUPS } from '../core/apps/api.js';
import { NAME_PATTERN, NAME_RULE } from '../core/apps/validate.js';
import { KEY_REQUEST_SCHEMA, PROFILE_SCHEMA } from '../core/keys/keyRequest.schema.js';

export { KEY_REQUEST_SCHEMA, PROFILE_SCHEMA };

const ISO_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';
const isoTime = {
  type: 'string',
  pattern: ISO_TIME,
  'x-messages': { pattern: 'must be an ISO 8601 time with its offset, e.g. 2027-01-31T12:00:00Z' },
} as const;
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
/** Application and access key names: the store's own rule, published so clients can check before sending. */
const appName = {
  type: 'string',
  pattern: NAME_PATTERN.source,
  'x-messages': { pattern: `must be ${NAME_RULE}` },
} as const;
/** A lock by id or serial number; an id may come as a number, as `doors` in a key request names it. */
const lockList = {
  type: 'array',
  items: { type: ['integer', 'string'], minimum: 1, minLength: 1, maxLength: 100 },
  uniqueItems: true,
  'x-messages': { uniqueItems: 'must not name the same lock twice' },
} as const;
const person = {
  type: ['integer', 'string'],
  minimum: 0,
  minLength: 1,
  'x-messages': { type: "must be the person's index (0, 1, ...) or name" },
} as const;
const { $defs } = KEY_REQUEST_SCHEMA;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

export const APPLICATION_INPUT = {
  type: 'object',
  properties: {
    name: appName,
    description: { type: 'string', maxLength: 500 },
    group: { enum: [...APP_GROUPS] },
    locks: lockList,
  },
  required: ['name', 'group'],
  additionalProperties: false,
} as const;

export const APPLICATION_CHANGES = {
  type: 'object',
  properties: APPLICATION_INPUT.properties,
  minProperties: 1,
  additionalProperties: false,
  'x-messages': { minProperties: 'must change at least one of name, description, group, locks' },
} as const;

export const ACCESS_KEY_INPUT = {
  type: 'object',
  properties: { name: appName, expiresAt: nullable(isoTime) },
  required: ['name'],
  additionalProperties: false,
} as const;

export const ACCESS_KEY_CHANGES = {
  type: 'object',
  properties: { active: { type: 'boolean' }, expiresAt: nullable(isoTime) },
  minProperties: 1,
  additionalProperties: false,
  'x-messages': { minProperties: 'must change active, expiresAt or both' },
} as const;

/** The key service's KeyUpdate: absent fields stay, null clears. */
export const KEY_UPDATE = {
  $id: 'https://github.com/homebridge-tedee-hub/key-update.json',
  type: 'object',
  $defs,
  properties: {
    name,
    doors: KEY_REQUEST_SCHEMA.properties.doors,
    from: nullable({ $ref: '#/$defs/localDateTime' }),
    until: nullable({ $ref: '#/$defs/localDateTime' }),
    days: nullable({ $ref: '#/$defs/weekdays' }),
    hours: nullable({ $ref: '#/$defs/hours' }),
    timeZone: { $ref: '#/$defs/timeZone' },
    profile: nullable(name),
    notes: nullable({ type: 'string', maxLength: 2000 }),
    persons: KEY_REQUEST_SCHEMA.properties.persons,
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

/** A new code for one person: the policy and code of a doorcode request; absent = a random code. */
export const REPLACE_CODE = {
  type: 'object',
  properties: {
    person,
    doorcode: { type: 'object', properties: $defs.doorcode.properties, additionalProperties: false },
  },
  required: ['person'],
  additionalProperties: false,
} as const;

export const RESEND = {
  type: 'object',
  properties: { person },
  additionalProperties: false,
} as const;

export const RECONCILE = {
  type: 'object',
  properties: { repair: { type: 'boolean' }, keyId: { type: 'string', minLength: 1 } },
  additionalProperties: false,
} as const;

/** Answers: documentation only (fastify serialises with JSON.stringify, never drops a field). */
export const ANSWERS: Record<string, object> = {
  Error: {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: {
            type: 'string',
            description: 'Stable code: AUTH_EXPIRED, RIGHT_MISSING, KEY_NOT_FOUND, ...',
          },
          message: { type: 'string' },
          field: { type: 'string', description: 'For validation errors: the field, as persons[0].email' },
        },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  },
  Lock: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      serialNumber: { type: 'string' },
      name: { type: 'string' },
      available: { type: 'boolean' },
      status: {
        type: 'object',
        properties: {
          state: { type: 'string' },
          connected: { type: 'boolean' },
          battery: { type: ['integer', 'null'] },
          door: { type: ['string', 'null'] },
          jammed: { type: 'boolean' },
        },
      },
    },
  },
  Command: {
    type: 'object',
    properties: {
      command: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          lockId: { type: 'integer' },
          action: { enum: ['lock', 'unlock', 'open'] },
          requestedAt: { type: 'string' },
        },
      },
      status: { enum: ['pending', 'finished'] },
      outcome: { enum: ['confirmed', 'failed', 'timeout', 'unknown'] },
      code: { type: 'string' },
      reason: { type: 'string' },
      state: { type: 'string' },
    },
  },
  Key: {
    type: 'object',
    description: 'A key; doorcodes (••••56) and magic links masked unless ?reveal=true with keys.reveal.',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      status: { enum: ['pending', 'active', 'scheduled', 'expired', 'revoked', 'failed'] },
      doors: { type: 'array', items: { type: 'integer' } },
      persons: { type: 'array', items: { type: 'object' } },
      objects: { type: 'array', items: { type: 'object' } },
    },
  },
  IssuePlan: {
    type: 'object',
    properties: { dryRun: { const: true }, key: { type: 'object' }, doors: { type: 'array' } },
  },
  Application: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      description: { type: 'string' },
      group: { enum: [...APP_GROUPS] },
      locks: { type: 'array', items: { type: 'string' } },
      createdAt: { type: 'string' },
    },
  },
  AccessKey: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      applicationId: { type: 'string' },
      applicationName: { type: 'string' },
      name: { type: 'string' },
      prefix: { type: 'string', description: 'The first 8 characters of the public part' },
      expiresAt: { type: ['string', 'null'] },
      state: { enum: ['active', 'inactive', 'expired'] },
      createdAt: { type: 'string' },
      lastUsedAt: { type: ['string', 'null'] },
      key: { type: 'string', description: 'The full key: only in the answer that created it' },
    },
  },
  AuditEntry: {
    type: 'object',
    properties: {
      at: { type: 'string' },
      application: { type: 'string' },
      keyPrefix: { type: 'string' },
      operation: { type: 'string' },
      target: { type: 'string' },
      outcome: { enum: ['ok', 'refused', 'failed'] },
      code: { type: 'string' },
    },
  },
  Health: {
    type: 'object',
    properties: { state: { enum: ['starting', 'ok', 'degraded', 'failed'] } },
  },
};
