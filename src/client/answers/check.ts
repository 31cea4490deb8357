/**
 * Checks the `result` of a 2xx answer against a JSON schema and says, in one line, what is wrong with it:
 * "result[0].id must be a number, not a string". A malformed answer becomes INVALID_RESPONSE at the client's
 * edge, so that no "Cannot read properties of undefined" ever reaches a user from deeper code.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, SchemaObject } from 'ajv';
import { describeJsonValue, readablePath } from '../../util/jsonPath.js';

/** What is wrong with a result, or undefined when it has the expected shape. */
export type AnswerCheck = (result: unknown) => string | undefined;

// One validator per schema, compiled once when the endpoint modules load; first problem only.
const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((name) => TYPE_WORDS[String(name)] ?? String(name)).join(' or ');
}

function describeProblem(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  const path = pathOf(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return `${pathOf(error.instancePath, String(params.missingProperty))} is missing`;
    case 'type':
      return `${path} must be ${typeWords(params.type)}, not ${describeJsonValue(value)}`;
    case 'enum':
      return `${path} must be one of ${(params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(', ')}, not ${JSON.stringify(value)}`;
    case 'multipleOf':
      return `${path} must be a whole number, not ${JSON.stringify(value)}`;
    case 'minLength':
      return `${path} must not be empty`;
    default:
      return `${path} ${error.message ?? 'is not valid'}`;
  }
}

/** The value at a JSON pointer below `root`, for the "not a string" part of a message. */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

export function answerCheck(schema: SchemaObject): AnswerCheck {
  const validate = ajv.compile(schema);
  return (result) => {
    if (result === undefined) return 'result is missing';
    if (validate(result)) return undefined;
    const error = validate.errors?.[0];
    return error ? describeProblem(error, valueAt(result, error.instancePath)) : 'result is not valid';
  };
}

function pathOf(pointer: string, child?: string): string {
  return readablePath(pointer, child, 'result');
}
