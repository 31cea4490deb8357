/**
 * The OpenAPI 3.1 document, generated from the route table: the same request schemas fastify validates with,
 * each route's right (as `x-right` and in the 403 it may answer), and the errors every route shares.
 */
import { ANSWERS } from './schemas.js';
import type { ApiRoute, ResponseDoc } from './route.js';
import { paramsSchema, pathParams, ref } from './route.js';

const JSON_TYPE = 'application/json';

function content(schema: ResponseDoc['schema']): object | undefined {
  if (schema === undefined) return undefined;
  return { [JSON_TYPE]: { schema: typeof schema === 'string' ? ref(schema) : schema } };
}

function response(doc: ResponseDoc): object {
  const body = content(doc.schema);
  return { description: doc.description, ...(body ? { content: body } : {}) };
}

function shared(route: ApiRoute): Record<number, ResponseDoc> {
  const answers: Record<number, ResponseDoc> = {};
  if (route.body !== undefined || route.query !== undefined || pathParams(route.path).length > 0)
    answers[400] = { description: 'The request breaks its schema; `field` names where', schema: 'Error' };
  if (route.right === 'public') return answers;
  answers[401] = {
    description:
      'No key, or unknown, deactivated or expired (AUTH_MISSING, AUTH_UNKNOWN, AUTH_INACTIVE, AUTH_EXPIRED)',
    schema: 'Error',
  };
  answers[403] = { description: `RIGHT_MISSING: the group lacks ${route.right}`, schema: 'Error' };
  answers[429] = {
    description: 'AUTH_THROTTLED: too many failed sign-ins from this address; see Retry-After',
    schema: 'Error',
  };
  return answers;
}

function operation(route: ApiRoute): object {
  const params = paramsSchema(route.path) as { properties: Record<string, object> } | undefined;
  const parameters = [
    ...Object.entries(params?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema,
    })),
    ...Object.entries(route.query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
    })),
  ];
  const responses = Object.fromEntries(
    Object.entries({ ...shared(route), ...route.responses }).map(([status, doc]) => [status, response(doc)]),
  );
  if (route.stream)
    responses[200] = {
      description: route.responses[200]?.description ?? 'The stream',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    };
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.right === 'public' ? [] : [{ accessKey: [] }],
    'x-right': route.right,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { [JSON_TYPE]: { schema: route.bodyName ? ref(route.bodyName) : route.body } },
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(routes: ApiRoute[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  const bodies = Object.fromEntries(
    routes.filter((route) => route.body && route.bodyName).map((route) => [route.bodyName!, route.body!]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tedee hub API',
      version,
      description:
        "The hub's HTTP API: locks, keys, profiles, applications, events and audit. docs/api.md explains it.",
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { ...ANSWERS, ...bodies },
      securitySchemes: {
        accessKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An application access key: Authorization: Bearer <key>',
        },
      },
    },
  };
}
