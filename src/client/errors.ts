/**
 * Errors of the Tedee client. Each has a stable `code` that callers switch on, and a message a user can act
 * on. None of them ever holds the Personal Access Key; messages show its prefix at most.
 */
import { maskPrefix } from '../util/secrets.js';

export type TedeeErrorCode =
  | 'AUTH_INVALID'
  | 'SCOPE_MISSING'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'PIN_INVALID'
  | 'PIN_DUPLICATE'
  | 'PIN_LIMIT'
  | 'DEVICE_TIMEOUT'
  | 'DEVICE_BUSY'
  | 'DEVICE_OFFLINE'
  | 'REVISION_CONFLICT'
  | 'ACCESS_REJECTED'
  | 'RATE_LIMITED'
  | 'BUDGET_EXHAUSTED'
  | 'SERVER_ERROR'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'INVALID_RESPONSE';

export interface TedeeErrorDetails {
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** The endpoint, as "METHOD /path/template". */
  endpoint?: string;
  /** The cloud's own messages, when it sent any. */
  serverMessages?: string[];
  cause?: unknown;
  /** False when the request surely never reached the cloud (refused connection, DNS); default true. */
  sent?: boolean;
}

export class TedeeError extends Error {
  readonly status?: number;
  readonly endpoint?: string;
  readonly serverMessages: string[];
  /**
   * Whether the request may have reached the cloud. False only when it surely did not (the connection was
   * refused, the name did not resolve): a command that failed so did not happen. True otherwise, also when
   * no answer came: then whether a command took effect cannot be known.
   */
  readonly sent: boolean;

  constructor(
    readonly code: TedeeErrorCode,
    message: string,
    details: TedeeErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.serverMessages = details.serverMessages ?? [];
    this.sent = details.sent ?? true;
  }

  /** True when the same request may succeed if sent again later. */
  get transient(): boolean {
    return [
      'RATE_LIMITED',
      'BUDGET_EXHAUSTED',
      'SERVER_ERROR',
      'NETWORK',
      'TIMEOUT',
      'DEVICE_BUSY',
      'DEVICE_TIMEOUT',
    ].includes(this.code);
  }
}

export const PORTAL_KEYS_URL = 'https://portal.tedee.com/personal-access-keys';

/** 401: the key is expired, revoked (deleted) or unknown. */
export class AuthInvalidError extends TedeeError {
  constructor(
    readonly keyPrefix: string,
    details: TedeeErrorDetails = {},
  ) {
    super(
      'AUTH_INVALID',
      `The Tedee cloud rejected the Personal Access Key ${maskPrefix(keyPrefix)} (expired, revoked or unknown). ` +
        `Create a new key in the Tedee Portal (${PORTAL_KEYS_URL}) and put it in the configuration.`,
      details,
    );
  }
}

/** 403: the key is valid but lacks the scope the endpoint needs (or the user lacks access to the device). */
export class ScopeMissingError extends TedeeError {
  constructor(
    readonly scope: string,
    readonly keyPrefix: string,
    details: TedeeErrorDetails = {},
  ) {
    super(
      'SCOPE_MISSING',
      `The Personal Access Key ${maskPrefix(keyPrefix)} is not allowed to call ${details.endpoint ?? 'this endpoint'}: ` +
        `it needs the scope ${scope} (or your account lacks access to this device). ` +
        `Edit the key's scopes in the Tedee Portal (${PORTAL_KEYS_URL}).`,
      details,
    );
  }
}

export class NotFoundError extends TedeeError {
  constructor(what: string, details: TedeeErrorDetails = {}) {
    super('NOT_FOUND', `${what} was not found in the Tedee cloud.`, details);
  }
}

/** 429 from the cloud, or a client-side block while an earlier 429's Retry-After runs. */
export class RateLimitedError extends TedeeError {
  constructor(
    readonly retryAfterMs: number,
    details: TedeeErrorDetails = {},
  ) {
    super(
      'RATE_LIMITED',
      `The Tedee cloud rate limit was reached; requests are paused for ${Math.ceil(retryAfterMs / 1000)} s.`,
      details,
    );
  }
}

/** The client's own request budget refused the call, so that the cloud never answers 429. */
export class BudgetExhaustedError extends TedeeError {
  constructor(
    readonly retryAfterMs: number,
    reason: string,
    details: TedeeErrorDetails = {},
  ) {
    super(
      'BUDGET_EXHAUSTED',
      `${reason}; the next request is possible in ${Math.ceil(retryAfterMs / 1000)} s.`,
      details,
    );
  }
}

/** The access create or copy answer carried a validation code 1000-1010. */
export class AccessRejectedError extends TedeeError {
  constructor(
    readonly validationCode: number,
    message: string,
    details: TedeeErrorDetails = {},
  ) {
    super('ACCESS_REJECTED', `The Tedee cloud refused the access (${validationCode}): ${message}`, details);
  }
}
