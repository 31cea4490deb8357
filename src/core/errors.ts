/**
 * Errors of the hub: `Error` subclasses with a stable string code and a message a user can act on. Cloud
 * errors keep the client's code (AUTH_INVALID, SCOPE_MISSING, RATE_LIMITED, ...).
 */
import type { CloudErrorCode } from './cloud/codes.js';
import type { AppErrorCode } from './apps/errors.js';
import type { KeyErrorCode } from './keys/errors.js';

/** The hub's own codes, besides the cloud's (docs/hub.md lists what each means). */
export type HubOwnErrorCode =
  | 'UNKNOWN_LOCK'
  | 'LOCK_OFFLINE'
  | 'ACTION_DISABLED'
  | 'PULL_SPRING_DISABLED'
  | 'HUB_STOPPED'
  | 'CONFIG_INVALID'
  | 'INTERNAL'
  // Command outcomes (CommandResult.code).
  | 'COMMAND_TIMEOUT'
  | 'COMMAND_EXPIRED'
  | 'STATE_UNCONFIRMED'
  | 'STATE_MISMATCH'
  | 'LOCK_JAMMED'
  | 'LOCK_ERROR'
  | 'OPEN_NOT_PULLED'
  // Key issuance checks before any cloud call (core/hub/capabilities.ts canIssue).
  | 'ACCESS_LEVEL_TOO_LOW'
  | 'NO_KEYPAD'
  | 'NO_ORGANIZATION';

/**
 * The client's codes for cloud errors, the hub's own, the key domain's (src/core/keys/errors.ts) and the
 * applications' (src/core/apps/errors.ts).
 */
export type HubErrorCode = CloudErrorCode | HubOwnErrorCode | KeyErrorCode | AppErrorCode;

export interface HubErrorDetails {
  /** For RATE_LIMITED and BUDGET_EXHAUSTED: when trying again makes sense. */
  retryAfterMs?: number;
  /** For SCOPE_MISSING: the scope the key lacks. */
  scope?: string;
  /** False only when the request surely never reached the cloud; see TedeeError.sent. */
  sent?: boolean;
  /** The HTTP status, when the cloud answered. */
  status?: number;
  /** For ACCESS_REJECTED: Tedee's validation code, 1000-1010 (core/cloud/keyErrors.ts says what each means). */
  validationCode?: number;
}

export class HubError extends Error {
  readonly retryAfterMs?: number;
  readonly scope?: string;
  /** Whether the request may have reached the cloud: false only when it surely did not. */
  readonly sent: boolean;
  readonly status?: number;
  readonly validationCode?: number;

  constructor(
    readonly code: HubErrorCode,
    message: string,
    details: HubErrorDetails = {},
  ) {
    super(message);
    this.name = 'HubError';
    this.retryAfterMs = details.retryAfterMs;
    this.scope = details.scope;
    this.sent = details.sent ?? true;
    this.status = details.status;
    this.validationCode = details.validationCode;
  }
}
