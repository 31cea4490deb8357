/**
 * One audit entry per API call: time (the store's), application, the access key's prefix, operation (the
 * route's operationId), target (the path's ids, and what the call created), outcome and code. Never a secret, a body or a doorcode.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../core/apps/api.js';
import { PREFIX_LENGTH, parseKey } from '../core/apps/accessKeySecret.js';
import { bearerToken } from './auth.js';
import type { ApiError } from './errors.js';
import type { ApiRoute, Caller } from './route.js';

function outcomeOf(status: number): AuditEntry['outcome'] {
  if (status >= 500) return 'failed';
  return status >= 400 ? 'refused' : 'ok';
}

export function auditEntry(
  route: ApiRoute,
  request: FastifyRequest,
  status: number,
  caller: Caller | undefined,
  failure: ApiError | undefined,
  created?: string,
): Omit<AuditEntry, 'at'> {
  const params = (request.params ?? {}) as Record<string, string>;
  const target = [...Object.values(params), ...(created ? [created] : [])].join('/');
  // A refused key is named as a known one is: the first characters of its public part, never its secret.
  const presented = parseKey(bearerToken(request) ?? '');
  const prefix = caller?.accessKey.prefix ?? presented?.publicId.slice(0, PREFIX_LENGTH);
  return {
    ...(caller ? { application: caller.application.name } : {}),
    ...(prefix ? { keyPrefix: prefix } : {}),
    operation: route.operationId,
    ...(target ? { target } : {}),
    outcome: outcomeOf(status),
    ...(failure ? { code: failure.code } : {}),
  };
}
