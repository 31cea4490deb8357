/**
 * Validates a key request or a profile: the schema (keyRequest.schema.ts) with ajv, then the rules it cannot
 * say (requestRules.ts). Every problem is "path: what is allowed", the path as a person reads it
 * (`persons[0].email`), the same way the configuration is checked (src/config/schema.ts).
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvErrorPath } from '../../util/ajvErrorPath.js';
import { describeJsonValue } from '../../util/jsonPath.js';
import { KeyError } from './errors.js';
import type { KeyErrorCode } from './errors.js';
import { KEY_REQUEST_SCHEMA, PROFILE_SCHEMA } from './keyRequest.schema.js';
import type { KeyRequest, Profile } from './model.js';
import { hoursProblems, keyRequestRuleProblems, timeZoneProblems } from './requestRules.js';
import type { Problem } from './requestRules.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; code: KeyErrorCode; errors: string[] };

export type KeyRequestValidation =
  { ok: true; request: KeyRequest } | { ok: false; code: KeyErrorCode; errors: string[] };

export type ProfileValidation =
  { ok: true; profile: Profile } | { ok: false; code: KeyErrorCode; errors: string[] };

const validators = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    const ajv = new Ajv({
      allErrors: true,
      useDefaults: true,
      strict: true,
      allowUnionTypes: true,
      verbose: true,
    });
    ajv.addKeyword({ keyword: 'x-messages' });
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function defaultMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const allowed = Object.keys((parent?.properties as object | undefined) ?? {});
      return `is not a known field (allowed: ${allowed.join(', ')})`;
    }
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      return `must be ${types.map(article).join(' or ')}, not ${describeJsonValue(error.data)}`;
    }
    case 'minLength':
      return params.limit === 1
        ? 'must not be empty'
        : `must have at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must have at most ${String(params.limit)} characters`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function toProblem(error: ErrorObject, root: string): Problem {
  const messages = error.parentSchema?.['x-messages'] as Record<string, string> | undefined;
  return {
    path: ajvErrorPath(error) || root,
    message: messages?.[error.keyword] ?? defaultMessage(error),
    code: 'KEY_REQUEST_INVALID',
  };
}

/**
 * The code of a refused request: UNSUPPORTED_CREDENTIAL when it asks for a keycard or fingerprint (the one
 * thing no rewording of the request fixes but dropping that credential), PIN_INVALID when a given code
 * breaks the PIN rules and nothing else is wrong, otherwise KEY_REQUEST_INVALID.
 */
function codeOf(problems: Problem[]): KeyErrorCode {
  if (problems.some((problem) => problem.code === 'UNSUPPORTED_CREDENTIAL')) return 'UNSUPPORTED_CREDENTIAL';
  if (problems.every((problem) => problem.code === 'PIN_INVALID')) return 'PIN_INVALID';
  return 'KEY_REQUEST_INVALID';
}

const NOT_PLAIN = Symbol('not plain data');
const NOT_PLAIN_MESSAGE = 'must be plain JSON data (objects, lists, text, numbers, true/false, null)';

/** A copy to validate (ajv fills in defaults, the caller's value stays as it was), or NOT_PLAIN for a function. */
function plainCopy(input: unknown): unknown {
  try {
    return structuredClone(input);
  } catch {
    // A Node-RED msg.payload or an API caller may hand over anything; a function cannot be a key request.
    return NOT_PLAIN;
  }
}

function check<T>(
  schema: object,
  input: unknown,
  rules: (input: Record<string, unknown>) => Problem[],
  invalidCode: KeyErrorCode,
  root: string,
): Validation<T> {
  const value = plainCopy(input);
  if (value === NOT_PLAIN) return { ok: false, code: invalidCode, errors: [`${root}: ${NOT_PLAIN_MESSAGE}`] };
  const validate = validatorFor(schema);
  const schemaProblems = validate(value)
    ? []
    : (validate.errors ?? []).map((error) => toProblem(error, root));
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const problems = [...schemaProblems, ...(isObject ? rules(value as Record<string, unknown>) : [])];
  if (problems.length === 0) return { ok: true, value: value as T };
  const errors = [...new Set(problems.map((problem) => `${problem.path}: ${problem.message}`))];
  const code = codeOf(problems);
  return { ok: false, code: code === 'KEY_REQUEST_INVALID' ? invalidCode : code, errors };
}

/** Checks a key request from any front end; the request comes back as given (a copy), never changed. */
export function validateKeyRequest(input: unknown): KeyRequestValidation {
  const result = check<KeyRequest>(
    KEY_REQUEST_SCHEMA,
    input,
    keyRequestRuleProblems,
    'KEY_REQUEST_INVALID',
    '(request)',
  );
  return result.ok ? { ok: true, request: result.value } : result;
}

/** Checks a profile; accessLevel (guest) and remoteAccess (true) are filled in when left out. */
export function validateProfile(input: unknown): ProfileValidation {
  const result = check<Profile>(
    PROFILE_SCHEMA,
    input,
    (profile) => [...timeZoneProblems(profile), ...hoursProblems(profile.hours, 'hours')],
    'PROFILE_INVALID',
    '(profile)',
  );
  return result.ok ? { ok: true, profile: result.value } : result;
}

/** A refused validation as the error a service throws: its code, and every problem in the message. */
export function validationError(
  result: { code: KeyErrorCode; errors: string[] },
  what = 'key request',
): KeyError {
  return new KeyError(result.code, `The ${what} is not valid: ${result.errors.join('; ')}`, {
    problems: result.errors,
  });
}
