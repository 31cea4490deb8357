import {
  AccessRejectedError,
  AuthInvalidError,
  NotFoundError,
  RateLimitedError,
  ScopeMissingError,
  TedeeError,
} from './errors.js';
import type { TedeeErrorDetails } from './errors.js';

/** What an endpoint's errors mean depends on the endpoint: 409 is a busy device for PINs, a stale revision for PATCH. */
export type ErrorContext = 'default' | 'pin' | 'revision' | 'access';

export interface StatusContext {
  status: number;
  endpoint: string;
  scope: string;
  keyPrefix: string;
  errorContext: ErrorContext;
  /** What a 404 is about, e.g. "Lock 12". */
  resource: string;
  serverMessages: string[];
  retryAfterMs: number;
  /** The unwrapped `result` of the error answer, which for access calls holds the validation error. */
  result?: unknown;
}

function validationError(result: unknown): { code: number; message: string } | undefined {
  const error = (result as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'number') {
    return { code: error.code, message: typeof error.message === 'string' ? error.message : '' };
  }
  return undefined;
}

function serverSays(messages: string[]): string {
  return messages.length > 0 ? ` The cloud says: ${messages.join('; ')}` : '';
}

/** Turns a non-2xx HTTP answer into the error class with the stable code for it. */
export function errorForStatus(context: StatusContext): TedeeError {
  const { status, errorContext, serverMessages } = context;
  const details: TedeeErrorDetails = { status, endpoint: context.endpoint, serverMessages };
  const said = serverSays(serverMessages);
  const pin = errorContext === 'pin';
  const rejected = errorContext === 'access' ? validationError(context.result) : undefined;
  if (rejected) return new AccessRejectedError(rejected.code, rejected.message, details);
  switch (status) {
    case 400:
      return pin
        ? new TedeeError(
            'PIN_INVALID',
            `The PIN was refused: 5-8 digits, at least 3 different, no straight run.${said}`,
            details,
          )
        : new TedeeError(
            'BAD_REQUEST',
            `The Tedee cloud refused the request to ${context.endpoint}.${said}`,
            details,
          );
    case 401:
      return new AuthInvalidError(context.keyPrefix, details);
    case 403:
      return new ScopeMissingError(context.scope, context.keyPrefix, details);
    case 404:
      return new NotFoundError(context.resource, details);
    case 406:
      return pin
        ? new TedeeError(
            'PIN_DUPLICATE',
            `This PIN already exists on the lock; choose another code.${said}`,
            details,
          )
        : new TedeeError('BAD_REQUEST', `The Tedee cloud did not accept the request (406).${said}`, details);
    case 408:
      return new TedeeError('DEVICE_TIMEOUT', `The lock did not answer in time; try again.${said}`, details);
    case 409:
      return errorContext === 'revision'
        ? new TedeeError(
            'REVISION_CONFLICT',
            `The lock's settings changed in the meantime (revision mismatch); read the lock again and retry.${said}`,
            details,
          )
        : new TedeeError(
            'DEVICE_BUSY',
            `Another request for this device is still being processed; try again.${said}`,
            details,
          );
    case 412:
    case 422:
      return new TedeeError(
        'PIN_LIMIT',
        `No more PINs can be added to this lock; delete one first.${said}`,
        details,
      );
    case 428:
      return new TedeeError(
        'DEVICE_OFFLINE',
        `The device is disconnected, or its setup is incomplete (bridge or keypad missing).${said}`,
        details,
      );
    case 429:
      return new RateLimitedError(context.retryAfterMs, details);
    default:
      if (status >= 500) {
        return new TedeeError(
          'SERVER_ERROR',
          `The Tedee cloud failed with HTTP ${status}; try again later.${said}`,
          details,
        );
      }
      return new TedeeError(
        'INVALID_RESPONSE',
        `Unexpected HTTP ${status} from ${context.endpoint}.${said}`,
        details,
      );
  }
}
