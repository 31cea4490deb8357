/**
 * Fastify validates every request against the route's JSON schemas (the same ones the OpenAPI document
 * publishes) with these ajv instances: bodies strictly (no type coercion, unknown fields refused, not
 * removed), query strings and path parameters with coercion ("true" -> true). A problem becomes one ApiError
 * naming the field, in the words of the schema's `x-messages` where it has them (as the key service does).
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvErrorPath } from '../util/ajvErrorPath.js';
import { describeJsonValue } from '../util/jsonPath.js';
import { ApiError } from './errors.js';

export type HttpPart = 'body' | 'querystring' | 'params' | 'headers';

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    coerceTypes: coerce,
    removeAdditional: false,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    verbose: true,
  });
  // OpenAPI annotations and the key schema's messages: no validation meaning.
  for (const keyword of ['x-messages', 'example']) ajv.addKeyword({ keyword });
  return ajv;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const custom = (error.parentSchema?.['x-messages'] as Record<string, string> | undefined)?.[error.keyword];
  if (custom) return custom;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return `is not a known field (allowed: ${allowed.join(', ')})`;
    }
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'type':
      return `must be ${([] as string[]).concat(params.type as string).join(' or ')}, not ${describeJsonValue(error.data)}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function fieldOf(error: ErrorObject, part: HttpPart): string {
  return ajvErrorPath(error) || (part === 'body' ? '(body)' : `(${part})`);
}

/** Drops the summaries of anyOf/oneOf (the inner errors name the field better). */
function meaningful(errors: ErrorObject[]): ErrorObject[] {
  const inner = errors.filter((error) => !['anyOf', 'oneOf', 'if'].includes(error.keyword));
  return inner.length > 0 ? inner : errors;
}

/** The error of a request that breaks its schema: every problem in the message, the first one's field. */
export function validationError(errors: ErrorObject[], part: HttpPart, code: string): ApiError {
  const problems = meaningful(errors).map((error) => ({
    field: fieldOf(error, part),
    message: messageOf(error),
  }));
  const unique = [...new Set(problems.map((problem) => `${problem.field}: ${problem.message}`))];
  const where = part === 'body' ? 'request body' : part === 'querystring' ? 'query string' : 'path';
  return new ApiError(400, code, `The ${where} is not valid: ${unique.join('; ')}`, problems[0]?.field);
}

/**
 * A fastify validatorCompiler. One compiled function per schema object (a schema with an $id, such as the key
 * request, can be added to an ajv instance only once). `code` is the code of a refused body, so that a bad key
 * request answers KEY_REQUEST_INVALID as it does in the CLI and Node-RED.
 */
export function createValidatorCompiler() {
  const strict = newAjv(false);
  const coercing = newAjv(true);
  const compiled = new WeakMap<object, ValidateFunction>();
  return ({ schema, httpPart, code }: { schema: object; httpPart?: string; code?: string }) => {
    const part = (httpPart ?? 'body') as HttpPart;
    const ajv = part === 'body' ? strict : coercing;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    const check = validate;
    return (data: unknown) =>
      check(data)
        ? { value: data }
        : { error: validationError(check.errors ?? [], part, code ?? 'REQUEST_INVALID') };
  };
}
