import type { Envelope } from './types.js';

export interface Unwrapped {
  result: unknown;
  messages: string[];
  /** A body that is not in Tedee's envelope (a bare list or object); the whole body is the result. */
  bare: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Takes the payload out of Tedee's `{result, success, errorMessages, statusCode}` envelope. Reads the
 * documented slips: PascalCase error envelopes, and answers with no envelope at all (access create/copy),
 * which it marks `bare`: only endpoints that declare `bareAnswer` accept those (transport.ts).
 */
export function unwrapEnvelope(body: unknown): Unwrapped {
  if (body === undefined || body === null || body === '')
    return { result: undefined, messages: [], bare: false };
  if (!isRecord(body)) return { result: body, messages: [], bare: true };
  const camel = body as Partial<Envelope<unknown>> & Record<string, unknown>;
  // An access-create answer without envelope has `success` too; only an envelope has these. The docs'
  // single-lock sample shows `result` alone: still an envelope.
  if ('errorMessages' in camel || 'statusCode' in camel || 'result' in camel) {
    return { result: camel.result, messages: stringList(camel.errorMessages), bare: false };
  }
  if ('ErrorMessages' in body || 'StatusCode' in body) {
    return { result: body.Result, messages: stringList(body.ErrorMessages), bare: false };
  }
  return { result: body, messages: [], bare: true };
}
