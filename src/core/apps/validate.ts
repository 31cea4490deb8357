/**
 * Input checks for applications and access keys: what the CLI and the HTTP API pass in is `unknown`, and each
 * problem is an APP_INVALID that names the field and says what is allowed. The first problem is reported.
 */
import { APP_GROUPS } from './api.js';
import type { AppGroup } from './api.js';
import { invalid } from './errors.js';

/** An application's or access key's name; the API's JSON schema publishes the same pattern. */
export const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u;
export const NAME_RULE = '1 to 64 letters, digits, spaces and . _ @ -, starting with a letter or digit';
const MAX_DESCRIPTION = 500;
const MAX_LOCKS = 100;
const LOCK_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._@#-]{0,63}$/u;
/** A date-time with its offset: a time without a zone would mean a different moment on each machine. */
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface ApplicationInput {
  name: string;
  description?: string;
  group: AppGroup;
  locks?: string[];
}

/** Changes to an application: `null` clears the description or the lock limit. */
export interface ApplicationChanges {
  name?: string;
  description?: string | null;
  group?: AppGroup;
  locks?: string[] | null;
}

export interface AccessKeyInput {
  name: string;
  expiresAt: string | null;
}

export interface AccessKeyChanges {
  active?: boolean;
  expiresAt?: string | null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function record(
  input: unknown,
  what: string,
  allowed: readonly string[],
  refused: Record<string, string> = {},
) {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalid(what, `must be an object with ${allowed.join(', ')}, got ${describe(input)}`);
  for (const field of Object.keys(input)) {
    if (field in refused) throw invalid(field, refused[field]!);
    if (!allowed.includes(field))
      throw invalid(field, `is not a field of ${what}; the fields are ${allowed.join(', ')}`);
  }
  return input as Record<string, unknown>;
}

export function checkName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value.trim()))
    throw invalid(field, `must be ${NAME_RULE}, got ${describe(value)}`);
  return value.trim();
}

function checkGroup(value: unknown): AppGroup {
  if (typeof value !== 'string' || !(APP_GROUPS as readonly string[]).includes(value))
    throw invalid('group', `must be one of ${APP_GROUPS.join(', ')}, got ${describe(value)}`);
  return value as AppGroup;
}

function checkDescription(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length > MAX_DESCRIPTION ||
    /\p{Cc}/u.test(value.replace(/[\n\t]/g, ''))
  )
    throw invalid(
      'description',
      `must be text of at most ${MAX_DESCRIPTION} characters, got ${describe(value)}`,
    );
  return value;
}

function checkLocks(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LOCKS)
    throw invalid(
      'locks',
      `must be a list of 1 to ${MAX_LOCKS} lock ids or serial numbers (leave it out for every lock), got ${describe(value)}`,
    );
  value.forEach((lock: unknown, index) => {
    const text = typeof lock === 'number' && Number.isSafeInteger(lock) ? String(lock) : lock;
    if (typeof text !== 'string' || !LOCK_PATTERN.test(text))
      throw invalid(`locks[${index}]`, `must be a lock id or serial number, got ${describe(lock)}`);
  });
  return [...new Set(value.map(String))];
}

/** An ISO date-time with a zone (`field` names it in the error), as the UTC ISO string. */
export function checkTime(value: unknown, field: string, orElse = ''): string {
  const ms = typeof value === 'string' && ISO_PATTERN.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw invalid(
      field,
      `must be an ISO date-time with its zone (2027-01-31T12:00:00Z)${orElse}, got ${describe(value)}`,
    );
  return new Date(ms).toISOString();
}

/** An expiry: a date-time, or null for none. */
export function checkExpiry(value: unknown, field = 'expiresAt'): string | null {
  return value === null ? null : checkTime(value, field, ' or null for none');
}

export function validateApplication(input: unknown): ApplicationInput {
  const fields = record(input, 'application', ['name', 'description', 'group', 'locks']);
  if (fields.name === undefined) throw invalid('name', `is required (${NAME_RULE})`);
  if (fields.group === undefined) throw invalid('group', `is required: one of ${APP_GROUPS.join(', ')}`);
  return {
    name: checkName(fields.name),
    group: checkGroup(fields.group),
    ...(fields.description !== undefined && { description: checkDescription(fields.description) }),
    ...(fields.locks !== undefined && { locks: checkLocks(fields.locks) }),
  };
}

export function validateApplicationChanges(changes: unknown): ApplicationChanges {
  const fields = record(changes, 'the changes', ['name', 'description', 'group', 'locks'], {
    id: 'an application keeps its id; it cannot be changed',
  });
  return {
    ...(fields.name !== undefined && { name: checkName(fields.name) }),
    ...(fields.group !== undefined && { group: checkGroup(fields.group) }),
    ...(fields.description !== undefined && {
      description: fields.description === null ? null : checkDescription(fields.description),
    }),
    ...(fields.locks !== undefined && { locks: fields.locks === null ? null : checkLocks(fields.locks) }),
  };
}

export function validateAccessKey(input: unknown): AccessKeyInput {
  const fields = record(input, 'access key', ['name', 'expiresAt']);
  if (fields.name === undefined) throw invalid('name', `is required (${NAME_RULE})`);
  return {
    name: checkName(fields.name),
    expiresAt: fields.expiresAt === undefined ? null : checkExpiry(fields.expiresAt),
  };
}

export function validateAccessKeyChanges(changes: unknown): AccessKeyChanges {
  const moving =
    'a key belongs to its application for good: delete it and create one in the other application';
  const fields = record(changes, 'the changes', ['active', 'expiresAt'], {
    applicationId: moving,
    application: moving,
    applicationName: moving,
  });
  if (fields.active !== undefined && typeof fields.active !== 'boolean')
    throw invalid('active', `must be true or false, got ${describe(fields.active)}`);
  return {
    ...(fields.active !== undefined && { active: fields.active }),
    ...(fields.expiresAt !== undefined && { expiresAt: checkExpiry(fields.expiresAt) }),
  };
}
