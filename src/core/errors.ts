/**
 * Errors of the hub: `Error` subclasses with a stable string code and a message a user can act on. Cloud
 * errors keep the client's code (AUTH_INVALID, SCOPE_MISSING, RATE_LIMITED, ...).
 */
import type { CloudErrorCode } from './cloud/codes.js';

/** The client's codes for cloud errors, and the hub's own. */
export type HubErrorCode =
  | CloudErrorCode
  | 'UNKNOWN_LOCK'
  | 'LOCK_OFFLINE'
  | 'ACTION_DISABLED'
  | 'PULL_SPRING_DISABLED'
  | 'HUB_STOPPED'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export class HubError extends Error {
  /** For RATE_LIMITED and BUDGET_EXHAUSTED: when trying again makes sense. */
  readonly retryAfterMs?: number;
  /** For SCOPE_MISSING: the scope the key lacks. */
  readonly scope?: string;

  constructor(
    readonly code: HubErrorCode,
    message: string,
    details: { retryAfterMs?: number; scope?: string } = {},
  ) {
    super(message);
    this.name = 'HubError';
    this.retryAfterMs = details.retryAfterMs;
    this.scope = details.scope;
  }
}
