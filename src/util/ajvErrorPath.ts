import type { ErrorObject } from 'ajv';
import { readablePath } from './jsonPath.js';

/**
 * The readable path of the field an ajv error is about. For `required` and `additionalProperties` ajv points
 * at the parent object, so the missing or unknown property is added to name the field itself. Empty for the
 * root; the caller says what the root is called.
 */
export function ajvErrorPath(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const child =
    error.keyword === 'required'
      ? String(params.missingProperty)
      : error.keyword === 'additionalProperties'
        ? String(params.additionalProperty)
        : undefined;
  return readablePath(error.instancePath, child);
}
