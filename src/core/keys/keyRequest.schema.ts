/**
 * The one JSON schema of a key request (and of a profile): the CLI's --request file, Node-RED's msg.payload
 * and the HTTP API's body all go through it. A TS object rather than a .json file so that it ships in dist/
 * without a loader; `JSON.stringify(KEY_REQUEST_SCHEMA)` is the published schema.
 *
 * `x-messages` (keyword -> text) says what is allowed in the words a person reads; keywords without one get
 * a generic message (validateKeyRequest.ts). Rules the schema cannot say (a known time zone, a real date,
 * `until` after `from`, the PIN rules, keycard/fingerprint) are checked after it, in requestRules.ts.
 */
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH } from '../cloud/pinRules.js';
import { WEEKDAYS } from './model.js';

const LOCAL_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$';
const HH_MM = '^([01]\\d|2[0-3]):[0-5]\\d$';
// Deliberately loose: one @, no spaces, a dot in the domain. Whether the mailbox exists only delivery can tell.
const EMAIL = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
const PHONE = '^\\+?[0-9][0-9 ()-]{4,19}$';

const definitions = {
  weekdays: {
    type: 'array',
    items: { enum: [...WEEKDAYS] },
    minItems: 1,
    uniqueItems: true,
    'x-messages': {
      minItems: 'must name at least one day, or be left out for every day',
      uniqueItems: 'must not name a day twice',
    },
  },
  hours: {
    type: 'object',
    properties: {
      from: { type: 'string', pattern: HH_MM, 'x-messages': { pattern: 'must be HH:mm (00:00 to 23:59)' } },
      to: { type: 'string', pattern: HH_MM, 'x-messages': { pattern: 'must be HH:mm (00:00 to 23:59)' } },
    },
    required: ['from', 'to'],
    additionalProperties: false,
  },
  timeZone: {
    type: 'string',
    minLength: 1,
    'x-messages': { minLength: 'must be an IANA time zone such as Europe/Warsaw' },
  },
  localDateTime: {
    type: 'string',
    pattern: LOCAL_DATE_TIME,
    'x-messages': {
      pattern:
        "must be a local date-time without offset, YYYY-MM-DDTHH:mm (e.g. 2027-01-11T15:00), in the key's time zone",
    },
  },
  doorcode: {
    type: ['boolean', 'object'],
    properties: {
      policy: { enum: ['random', 'preferred', 'strict'] },
      code: {
        type: 'string',
        pattern: `^\\d{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`,
        'x-messages': { pattern: `must be ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits` },
      },
      length: { type: 'integer', minimum: PIN_MIN_LENGTH, maximum: PIN_MAX_LENGTH },
    },
    additionalProperties: false,
  },
  credentials: {
    type: 'object',
    properties: {
      smartkey: { type: 'boolean' },
      doorcode: { $ref: '#/$defs/doorcode' },
      appkey: {
        type: ['boolean', 'object'],
        properties: { accessLevel: { enum: ['guest', 'admin'] }, remoteAccess: { type: 'boolean' } },
        additionalProperties: false,
      },
      // Accepted by the schema so that the rules after it refuse them with UNSUPPORTED_CREDENTIAL and say why.
      keycard: { type: 'boolean' },
      fingerprint: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  person: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      email: { type: 'string', pattern: EMAIL, 'x-messages': { pattern: 'must be an email address' } },
      phone: {
        type: 'string',
        pattern: PHONE,
        'x-messages': {
          pattern: 'must be a phone number: digits, spaces, ( ) and -, optionally a leading +',
        },
      },
      credentials: { $ref: '#/$defs/credentials' },
    },
    required: ['name'],
    additionalProperties: false,
  },
} as const;

export const KEY_REQUEST_SCHEMA = {
  $id: 'https://github.com/homebridge-tedee-hub/key-request.json',
  type: 'object',
  $defs: definitions,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    persons: {
      type: 'array',
      items: { $ref: '#/$defs/person' },
      minItems: 1,
      'x-messages': { minItems: 'must have at least one person' },
    },
    doors: {
      type: 'array',
      items: {
        type: ['string', 'integer'],
        minLength: 1,
        minimum: 1,
        'x-messages': {
          type: 'must be a lock id, serial number or name',
          minimum: 'must be a lock id (1 or more), serial number or name',
          minLength: 'must be a lock id, serial number or name, not empty',
        },
      },
      minItems: 1,
      uniqueItems: true,
      'x-messages': {
        minItems: 'must have at least one door',
        uniqueItems: 'must not name the same door twice',
      },
    },
    credentials: { $ref: '#/$defs/credentials' },
    from: { $ref: '#/$defs/localDateTime' },
    until: { $ref: '#/$defs/localDateTime' },
    days: { $ref: '#/$defs/weekdays' },
    hours: { $ref: '#/$defs/hours' },
    timeZone: { $ref: '#/$defs/timeZone' },
    profile: { type: 'string', minLength: 1, maxLength: 100 },
    notes: { type: 'string', maxLength: 2000 },
    requestId: {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,200}$',
      'x-messages': { pattern: 'must be 1 to 200 printable characters without spaces' },
    },
    dryRun: { type: 'boolean' },
    bestEffort: { type: 'boolean' },
  },
  required: ['name', 'persons', 'doors'],
  additionalProperties: false,
} as const;

export const PROFILE_SCHEMA = {
  $id: 'https://github.com/homebridge-tedee-hub/profile.json',
  type: 'object',
  $defs: definitions,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    accessLevel: { enum: ['guest', 'admin'], default: 'guest' },
    remoteAccess: { type: 'boolean', default: true },
    days: { $ref: '#/$defs/weekdays' },
    hours: { $ref: '#/$defs/hours' },
    timeZone: { $ref: '#/$defs/timeZone' },
  },
  required: ['name'],
  additionalProperties: false,
} as const;
