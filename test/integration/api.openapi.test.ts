/**
 * The OpenAPI 3.1 document at /api/v1/openapi.json: valid against the official schema (checked with
 * @seriousme/openapi-schema-validator), and exactly the routes the server answers, each with its right and the
 * very request schemas fastify validates with.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { KEY_REQUEST_SCHEMA } from '../../src/core/keys/keyRequest.schema.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';

const env = useEmulator({ locks: 1 });

interface Operation {
  operationId: string;
  'x-right': string;
  security: unknown[];
  requestBody?: { content: { 'application/json': { schema: { $ref?: string } } } };
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** The routes the issue names, as public interface. */
const NAMED = [
  'GET /api/v1/locks',
  'GET /api/v1/locks/{id}',
  'POST /api/v1/locks/{id}/lock',
  'POST /api/v1/locks/{id}/unlock',
  'POST /api/v1/locks/{id}/open',
  'GET /api/v1/keys',
  'POST /api/v1/keys',
  'GET /api/v1/keys/{id}',
  'PATCH /api/v1/keys/{id}',
  'DELETE /api/v1/keys/{id}',
  'POST /api/v1/keys/{id}/revoke',
  'POST /api/v1/keys/{id}/resend',
  'POST /api/v1/keys/{id}/replace-code',
  'GET /api/v1/profiles',
  'POST /api/v1/profiles',
  'GET /api/v1/applications',
  'POST /api/v1/applications',
  'GET /api/v1/applications/{id}',
  'PATCH /api/v1/applications/{id}',
  'DELETE /api/v1/applications/{id}',
  'GET /api/v1/applications/{id}/access-keys',
  'POST /api/v1/applications/{id}/access-keys',
  'PATCH /api/v1/applications/{id}/access-keys/{keyId}',
  'DELETE /api/v1/applications/{id}/access-keys/{keyId}',
  'GET /api/v1/events',
  'GET /api/v1/audit',
  'GET /api/v1/health',
];

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const fx = await startApi(env);
    const answer = await fx.client()('GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(answer.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists exactly the registered routes, with their rights and request schemas', async () => {
    const fx = await startApi(env);
    const document = (await fx.client()('GET', '/api/v1/openapi.json')).body as unknown as Document;
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const registered = fx.server.routes.map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual([...registered].sort());
    for (const named of NAMED) expect(registered).toContain(named);
    const issue = document.paths['/api/v1/keys']!.post!;
    expect(issue['x-right']).toBe('keys.write');
    expect(issue.requestBody?.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/KeyRequest',
    );
    expect(document.components.schemas.KeyRequest).toEqual(JSON.parse(JSON.stringify(KEY_REQUEST_SCHEMA)));
    expect(Object.keys(issue.responses)).toEqual(
      expect.arrayContaining(['201', '202', '400', '401', '403', '429']),
    );
    expect(document.paths['/api/v1/health']!.get!.security).toEqual([]);
    // Every route answers over HTTP as documented: no documented route is a 404 ROUTE_NOT_FOUND.
    for (const route of fx.server.routes.filter((entry) => !entry.stream)) {
      const answer = await fx.client()(route.method, route.path.replace(/\{\w+\}/g, 'x'));
      expect(answer.body.error?.code, `${route.method} ${route.path}`).not.toBe('ROUTE_NOT_FOUND');
    }
  });
});
