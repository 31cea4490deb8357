/**
 * One table of routes serves both fastify (registration, request validation) and the OpenAPI document: each
 * route names its right, its request schemas and its answers, so the document cannot drift from the server.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessKeyInfo, AppRight, Application, ApplicationsApi } from '../core/apps/api.js';
import type { KeyServiceApi, LockHub } from '../core/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { CommandLog } from './commandLog.js';
import type { EventRing } from './eventRing.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Caller {
  application: Application;
  accessKey: AccessKeyInfo;
}

export interface ApiDeps {
  hub: LockHub;
  apps: ApplicationsApi;
  /** The key service; undefined while it starts or when it could not (KEYS_UNAVAILABLE). */
  keys(): KeyServiceApi;
  commands: CommandLog;
  events: EventRing;
  logger: Logger;
  clock: Clock;
  /** Ends each open event stream (on close). */
  streams: Set<() => void>;
  /** At most this many event streams at once: each holds a socket and a listener (default 100). */
  maxStreams: number;
}

export interface RouteContext {
  request: FastifyRequest;
  reply: FastifyReply;
  /** Who calls; routes without a right (health, the document) have none. */
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  deps: ApiDeps;
}

export interface Answer {
  status?: number;
  body?: unknown;
  /** What the call created (a key's id), for the audit log when the path names nothing. */
  created?: string;
}

export interface ResponseDoc {
  description: string;
  /** A JSON schema, or the name of a component schema. */
  schema?: object | string;
}

export interface ApiRoute {
  method: Method;
  /** OpenAPI style: `/api/v1/keys/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** The right the caller's group needs; `public` routes take no key (health, the OpenAPI document). */
  right: AppRight | 'public';
  /** The request body's JSON schema; a component name is used in the document when `bodyName` is set. */
  body?: object;
  bodyName?: string;
  /** The code of a body that breaks the schema (default REQUEST_INVALID). */
  bodyCode?: string;
  query?: { type: 'object'; properties: Record<string, object>; additionalProperties?: boolean };
  responses: Record<number, ResponseDoc>;
  /** Server-Sent Events: the handler writes the stream itself. */
  stream?: boolean;
  /** Not written to the audit log (health: unauthenticated and polled). */
  unaudited?: boolean;
  handler(context: RouteContext): Promise<Answer | undefined> | Answer | undefined;
}

/** `/api/v1/keys/{id}` -> `/api/v1/keys/:id` for fastify. */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

/** The schema of a route's path parameters: each a non-empty string. */
export function paramsSchema(path: string): object | undefined {
  const names = pathParams(path);
  if (names.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(
      names.map((name) => [name, { type: 'string', minLength: 1, maxLength: 200 }]),
    ),
    required: names,
  };
}

/** A query flag: `?reveal=true`. */
export const FLAG = { type: 'boolean' } as const;

/** A reference to a component schema of the OpenAPI document (schemas.ts ANSWERS). */
export function ref(name: string): object {
  return { $ref: `#/components/schemas/${name}` };
}

/** An answer `{ <field>: [<component>...] }`. */
export function listOf(field: string, component: string): object {
  return { type: 'object', properties: { [field]: { type: 'array', items: ref(component) } } };
}
