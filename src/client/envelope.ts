import type { Envelope } from './types.js';

export interface Unwrapped {
  result: unknown;
  messages: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Takes the payload out of Tedee's `{result, success, errorMessages, statusCode}` envelope. Tolerates the
 * documented slips: PascalCase error envelopes and answers with no envelope at all (access create/copy).
 */
export function unwrapEnvelope(body: unknown): Unwrapped {
  if (body === undefined || body === null || body === '') return { result: undefined, messages: [] };
  if (!isRecord(body)) return { result: body, messages: [] };
  const camel = body as Partial<Envelope<unknown>> & Record<string, unknown>;
  // An access-create answer without envelope has `success` too; only an envelope has these.
  if ('errorMessages' in camel || 'statusCode' in camel || ('success' in camel && 'result' in camel)) {
    return { result: camel.result, messages: stringList(camel.errorMessages) };
  }
  if ('ErrorMessages' in body || 'StatusCode' in body) {
    return { result: body.Result, messages: stringList(body.ErrorMessages) };
  }
  return { result: body, messages: [] };
}
