/**
 * Every error the HTTP API answers has one shape, `{"error": {"code", "message", "field"?}}`, with the hub's
 * stable codes (HubError, KeyError, the applications' AppError) and the API's own (auth, rights, requests).
 * Anything else becomes INTERNAL with a message that leaks nothing.
 */
import { HubError } from '../core/index.js';

/** The API's own codes, besides the hub's. */
export type ApiOwnCode =
  | 'AUTH_MISSING'
  | 'AUTH_UNKNOWN'
  | 'AUTH_INACTIVE'
  | 'AUTH_EXPIRED'
  | 'AUTH_THROTTLED'
  | 'RIGHT_MISSING'
  | 'REQUEST_INVALID'
  | 'BODY_INVALID'
  | 'BODY_TOO_LARGE'
  | 'MEDIA_TYPE_UNSUPPORTED'
  | 'ROUTE_NOT_FOUND'
  | 'COMMAND_NOT_FOUND'
  | 'KEYS_UNAVAILABLE'
  | 'STREAMS_FULL'
  | 'INTERNAL';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds, for 429 and 503: sent as Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

/** The HTTP status of a hub code; a code not listed is a refusal of the request as it stands (409). */
const STATUS_OF: Record<string, number> = {
  // Not found.
  NOT_FOUND: 404,
  UNKNOWN_LOCK: 404,
  KEY_NOT_FOUND: 404,
  PROFILE_NOT_FOUND: 404,
  APP_NOT_FOUND: 404,
  ACCESS_KEY_NOT_FOUND: 404,
  // The request itself is wrong.
  BAD_REQUEST: 400,
  CONFIG_INVALID: 400,
  KEY_REQUEST_INVALID: 400,
  PROFILE_INVALID: 400,
  PIN_INVALID: 400,
  UNSUPPORTED_CREDENTIAL: 400,
  UNKNOWN_DOOR: 400,
  SCHEDULE_INVALID: 400,
  SCHEDULE_INEXPRESSIBLE: 400,
  APP_INVALID: 400,
  // The hub's rules or the lock's settings forbid it, whoever asks.
  ACTION_DISABLED: 403,
  PULL_SPRING_DISABLED: 403,
  ROLE_FORBIDDEN: 403,
  ACCESS_LEVEL_TOO_LOW: 403,
  // Try again later.
  LOCK_OFFLINE: 503,
  DEVICE_OFFLINE: 503,
  DEVICE_BUSY: 503,
  DEVICE_TIMEOUT: 503,
  HUB_STOPPED: 503,
  RATE_LIMITED: 503,
  BUDGET_EXHAUSTED: 503,
  NETWORK: 503,
  TIMEOUT: 503,
  // The cloud refused the hub's own key or answered nonsense.
  AUTH_INVALID: 502,
  SCOPE_MISSING: 502,
  SERVER_ERROR: 502,
  INVALID_RESPONSE: 502,
};

/** The first field a hub validation message names: "persons[0].email: must be ..." gives persons[0].email. */
function fieldOf(problem: string | undefined): string | undefined {
  const match = problem === undefined ? null : /^([^\s:]+): /.exec(problem);
  return match && !match[1]!.startsWith('(') ? match[1] : undefined;
}

/** Any thrown value as an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HubError) {
    const { problems, field } = error as HubError & { problems?: string[]; field?: unknown };
    const retryAfter = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
    // An AppError (a HubError too) names its field itself; a key validation error in its first problem, a
    // single refusal ("person: key k_… has no person …") at the start of its message.
    return new ApiError(
      STATUS_OF[error.code] ?? 409,
      error.code,
      error.message,
      typeof field === 'string' ? field : fieldOf(problems?.[0] ?? error.message),
      retryAfter,
    );
  }
  // The applications' errors keep their code even from another copy of core/ (their messages leak nothing).
  const coded = error as { code?: unknown; message?: unknown; field?: unknown };
  if (
    typeof coded?.code === 'string' &&
    /^(APP|ACCESS_KEY)_[A-Z_]+$/.test(coded.code) &&
    typeof coded.message === 'string'
  ) {
    const field = typeof coded.field === 'string' ? coded.field : fieldOf(coded.message);
    return new ApiError(STATUS_OF[coded.code] ?? 409, coded.code, coded.message, field);
  }
  return new ApiError(500, 'INTERNAL', 'The hub failed to answer this request; its log says why.');
}
