/**
 * The shapes of the answers the hub relies on (tedee-api.md sections 3-6 and the docs' samples). They check
 * what the hub reads and the types the wire types promise; fields they do not name may be anything, so the
 * cloud can add fields without breaking the hub. Decisions: docs/client.md ("Malformed answers").
 */
import type { SchemaObject } from 'ajv';
import { answerCheck } from './check.js';

const wholeNumber = { type: 'number', multipleOf: 1 };
const number = { type: 'number' };
const text = { type: 'string' };
const flag = { type: 'boolean' };
const orNull = (type: string) => ({ type: [type, 'null'] });

const deviceState: SchemaObject = {
  type: ['object', 'null'],
  required: ['state'],
  properties: {
    state: number,
    doorState: number,
    isCharging: flag,
    batteryLevel: orNull('number'),
    stateChangeResult: number,
    lastStateChangedDate: orNull('string'),
  },
};

const lockSync: SchemaObject = {
  type: 'object',
  required: ['id', 'revision'],
  properties: {
    id: wholeNumber,
    revision: number,
    isConnected: orNull('boolean'),
    deviceState,
    lockProperties: deviceState,
  },
};

const lock: SchemaObject = {
  type: 'object',
  required: ['id', 'serialNumber'],
  properties: {
    id: wholeNumber,
    serialNumber: { type: 'string', minLength: 1 },
    name: orNull('string'),
    type: number,
    revision: number,
    isConnected: orNull('boolean'),
    accessLevel: number,
    timeZone: orNull('string'),
    accessDetails: orNull('object'),
    deviceSettings: orNull('object'),
    accessories: {
      type: 'array',
      items: { type: 'object', required: ['deviceType'], properties: { deviceType: number } },
    },
    softwareVersions: {
      type: 'array',
      items: { type: 'object', properties: { softwareType: number, version: orNull('string') } },
    },
    deviceState,
    lockProperties: deviceState,
  },
};

export const checkLockList = answerCheck({ type: 'array', items: lock });
export const checkLock = answerCheck(lock);
export const checkLockSyncList = answerCheck({ type: 'array', items: lockSync });
export const checkLockSync = answerCheck(lockSync);

/** The answer to lock, unlock and pull. */
export const checkOperationAccepted = answerCheck({
  type: 'object',
  required: ['operationId'],
  properties: { operationId: { type: 'string', minLength: 1 }, lastStateChangedDate: orNull('string') },
});

export const checkOperationStatus = answerCheck({
  type: 'object',
  required: ['status'],
  properties: {
    operationId: text,
    deviceId: number,
    status: { enum: ['PENDING', 'COMPLETED'] },
    result: number,
    type: number,
  },
  // A completed operation must say how it ended.
  if: { properties: { status: { const: 'COMPLETED' } } },
  then: { required: ['result'] },
});

/** The key list, which the hub reads for the scopes of its own key. */
export const checkPersonalAccessKeyList = answerCheck({
  type: 'array',
  items: {
    type: 'object',
    required: ['prefix', 'scopes'],
    properties: { prefix: text, scopes: { type: 'array', items: text } },
  },
});

const uuidText = { type: 'string', minLength: 1 };

/** One PIN with its code. A problem is named by its field only, never with the value (docs/keys.md). */
export const checkPin = answerCheck({
  type: 'object',
  required: ['id', 'pin'],
  properties: { id: wholeNumber, alias: orNull('string'), pin: text },
});

export const checkPinList = answerCheck({
  type: 'object',
  required: ['listVersion', 'pins'],
  properties: {
    listVersion: number,
    pins: {
      type: 'array',
      items: { type: 'object', required: ['id'], properties: { id: wholeNumber, alias: orNull('string') } },
    },
  },
});

export const checkCreatedPin = answerCheck({
  type: 'object',
  required: ['id'],
  properties: { id: wholeNumber },
});

export const checkAccessList = answerCheck({
  type: 'array',
  items: {
    type: 'object',
    required: ['id'],
    properties: { id: uuidText, accessLevel: number, isPending: flag, userEmail: orNull('string') },
  },
});

export const checkAccessCreated = answerCheck({
  type: 'object',
  properties: { id: orNull('string'), success: flag, error: orNull('object') },
  // A refused grant carries its validation error instead of an id.
  if: { properties: { success: { const: false } }, required: ['success'] },
  then: { required: ['error'] },
  else: { required: ['id'] },
});

export const checkOrganizationList = answerCheck({
  type: 'object',
  required: ['organizations'],
  properties: {
    organizations: {
      type: 'array',
      items: { type: 'object', required: ['id'], properties: { id: wholeNumber, name: orNull('string') } },
    },
  },
});

export const checkAccessLinkCreated = answerCheck({
  type: 'object',
  required: ['id', 'url'],
  properties: { id: uuidText, url: uuidText },
});

export const checkAccessLinkDetails = answerCheck({
  type: 'object',
  required: ['accessLink'],
  properties: {
    accessLink: { type: 'object', required: ['id'], properties: { id: uuidText } },
    accessLinkUrl: orNull('string'),
  },
});

/** A paged list answer, `{items: [...]}`. */
export const checkItems = answerCheck({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { type: 'object' } } },
});
