import type { AnswerCheck } from './answers/check.js';
import type { ErrorContext } from './statusErrors.js';
import type { Scope } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * When a failed request may be sent again:
 * - `idempotent`: reads; retried on network errors, timeouts and 5xx.
 * - `unsent-only`: writes; retried only when the request provably never reached the server.
 * - `never`: pull spring; one physical action must never become two.
 */
export type RetryPolicy = 'idempotent' | 'unsent-only' | 'never';

export interface EndpointSpec {
  method: HttpMethod;
  /** Path below /api/{version}, with {name} placeholders. */
  path: string;
  /** The scope a SCOPE_MISSING error names. */
  scope: Scope;
  retry: RetryPolicy;
  /** Lock operations and their follow-up may spend the budget's command reserve. */
  command?: boolean;
  errorContext?: ErrorContext;
  /** What a 404 is about, e.g. "The lock". */
  resource?: string;
  /** GET /my/lock, which Tedee limits separately for PAKs. */
  lockList?: boolean;
  /** The endpoint answers 304 when the caller's version is current. */
  notModified?: boolean;
  /**
   * The endpoint may answer without Tedee's envelope (the docs' samples for access create and copy-to show
   * a bare object). Every other 2xx answer must be an envelope (tedee-api.md §2): a bare `[]` to the lock
   * list is a proxy's or a gateway's answer, not "no locks".
   */
  bareAnswer?: boolean;
  /** Checks the `result` of a 2xx answer; a problem becomes INVALID_RESPONSE naming it. */
  answer?: AnswerCheck;
}

export function endpoint(spec: Omit<EndpointSpec, 'retry'> & { retry?: RetryPolicy }): EndpointSpec {
  return { ...spec, retry: spec.retry ?? (spec.method === 'GET' ? 'idempotent' : 'unsent-only') };
}

/** A family of endpoints under one path prefix whose errors read the same way (PINs, accesses, links). */
export function endpointGroup(prefix: string, shared: Pick<EndpointSpec, 'errorContext' | 'resource'>) {
  return (method: HttpMethod, path: string, scope: Scope) =>
    endpoint({ method, path: `${prefix}${path}`, scope, ...shared });
}

export function describe(spec: EndpointSpec): string {
  return `${spec.method} ${spec.path}`;
}
