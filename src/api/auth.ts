/**
 * `Authorization: Bearer <access key>` for every route but the public ones: 401 saying which of missing,
 * unknown, deactivated or expired (the applications' AuthResult), 403 naming the right the group lacks, 429
 * while the address is locked out for guessing (throttle.ts). The bodies say nothing more than that.
 */
import type { FastifyRequest } from 'fastify';
import type { AppRight, ApplicationsApi } from '../core/apps/api.js';
import { ApiError } from './errors.js';
import { hasRight } from './rights.js';
import type { Caller } from './route.js';
import type { AuthThrottle } from './throttle.js';

/** The token of `Authorization: Bearer <token>`; undefined when absent or of another scheme. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** The caller of a request with a good key; throws the 429 or 401 otherwise. */
export function authenticate(request: FastifyRequest, apps: ApplicationsApi, throttle: AuthThrottle): Caller {
  const address = request.ip;
  const wait = throttle.waitFor(address);
  if (wait > 0) {
    throw new ApiError(
      429,
      'AUTH_THROTTLED',
      'Too many failed sign-ins from this address; try again later.',
      undefined,
      Math.ceil(wait / 1000),
    );
  }
  const token = bearerToken(request);
  const result = apps.authenticate(token);
  if (!result.ok) {
    // A request without a key guesses nothing (a browser before sign-in); a wrong key does.
    if (token !== undefined) throttle.failed(address);
    throw new ApiError(401, result.code, result.message);
  }
  throttle.succeeded(address);
  return { application: result.application, accessKey: result.accessKey };
}

/** Throws the 403 naming `right` when the caller's group lacks it. */
export function requireRight({ application }: Caller, right: AppRight): void {
  if (!hasRight(application, right)) {
    throw new ApiError(
      403,
      'RIGHT_MISSING',
      `This application's group (${application.group}) lacks the right ${right}.`,
    );
  }
}
