/** Health (unauthenticated: the state only), the OpenAPI document, and the audit log for owners. */
import type { ApiRoute } from '../route.js';
import { listOf } from '../route.js';

export function systemRoutes(document: () => object): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/health',
      operationId: 'health',
      summary: "The hub's state (starting, ok, degraded, failed) and nothing else; no key needed",
      tag: 'system',
      right: 'public',
      unaudited: true,
      responses: { 200: { description: 'The state', schema: 'Health' } },
      handler: ({ deps }) => ({ body: { state: deps.hub.health.state } }),
    },
    {
      method: 'GET',
      path: '/api/v1/openapi.json',
      operationId: 'openapi',
      summary: 'This document',
      tag: 'system',
      right: 'public',
      unaudited: true,
      responses: { 200: { description: 'The OpenAPI 3.1 document' } },
      handler: () => ({ body: document() }),
    },
    {
      method: 'GET',
      path: '/api/v1/audit',
      operationId: 'listAudit',
      summary:
        'The audit log, oldest first (the latest `limit`): time, application, key prefix, operation, target, outcome',
      tag: 'system',
      right: 'audit.read',
      query: {
        type: 'object',
        properties: {
          since: { type: 'string', minLength: 1, description: 'ISO time' },
          application: { type: 'string', minLength: 1 },
          limit: { type: 'integer', minimum: 1, maximum: 10000 },
        },
        additionalProperties: false,
      },
      responses: { 200: { description: 'The entries', schema: listOf('entries', 'AuditEntry') } },
      handler: ({ deps, query }) => ({ body: { entries: deps.apps.audit.list(query) } }),
    },
  ];
}
