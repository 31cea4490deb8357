/**
 * The hub's HTTP API (docs/api.md, "The HTTP API"): fastify with the route table of routes/, every request
 * validated against the schemas the OpenAPI document publishes, every call but health authenticated by an
 * application access key and written to the audit log, every error in one JSON shape.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationsApi } from '../core/apps/api.js';
import type { KeyServiceApi, LockHub } from '../core/index.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { authenticate, requireRight } from './auth.js';
import { auditEntry } from './audit.js';
import { CommandLog } from './commandLog.js';
import { ApiError, toApiError } from './errors.js';
import { EventRing } from './eventRing.js';
import { openApiDocument } from './openapi.js';
import { registerPage } from './page.js';
import type { ApiDeps, ApiRoute, Caller } from './route.js';
import { fastifyPath, paramsSchema } from './route.js';
import { applicationRoutes } from './routes/applications.js';
import { eventRoutes } from './routes/events.js';
import { keyRoutes } from './routes/keys.js';
import { lockRoutes } from './routes/locks.js';
import { meRoutes } from './routes/me.js';
import { profileRoutes } from './routes/profiles.js';
import { systemRoutes } from './routes/system.js';
import { AuthThrottle } from './throttle.js';
import { createValidatorCompiler } from './validation.js';

/** Key requests with many persons and doors stay far below this; anything larger is not a request. */
const BODY_LIMIT = 256 * 1024;

export interface ApiServerConfig {
  port: number;
  /** Default 127.0.0.1: another address only when configured. */
  host?: string;
  /** PEM files: HTTPS when given. */
  tls?: { cert: string; key: string };
  /**
   * Behind one reverse proxy: the client address is the last X-Forwarded-For entry, the one the proxy appended
   * (for the sign-in throttle).
   */
  trustProxy?: boolean;
}

export interface ApiServerOptions {
  hub: LockHub;
  /** The key service, or a promise of it while it starts (key routes answer 503 KEYS_UNAVAILABLE until then). */
  keys: KeyServiceApi | Promise<KeyServiceApi | undefined> | undefined;
  apps: ApplicationsApi;
  config: ApiServerConfig;
  logger: Logger;
  clock?: Clock;
  /** The Keys page: `GET /` and `GET /assets/*` from this folder (page.ts). */
  page?: { root: string };
  /** The document's info.version. */
  version?: string;
  /** Event streams open at once (default 100); one more answers 503 STREAMS_FULL. */
  maxEventStreams?: number;
}

export interface ApiServer {
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
  /** The route table (for tests and the document). */
  readonly routes: readonly ApiRoute[];
}

/** The key service as routes reach it: 503 KEYS_UNAVAILABLE while it starts, or for good when it cannot. */
function keySource(keys: ApiServerOptions['keys']): () => KeyServiceApi {
  let state: { service?: KeyServiceApi; off: boolean } = { off: false };
  if (keys instanceof Promise)
    keys.then(
      (service) => (state = { service, off: service === undefined }),
      () => (state = { off: true }),
    );
  else state = { service: keys, off: keys === undefined };
  return () => {
    if (state.service) return state.service;
    if (state.off)
      throw new ApiError(
        503,
        'KEYS_UNAVAILABLE',
        'Keys are off on this hub (no data folder, or the key store failed; the log says why).',
      );
    throw new ApiError(503, 'KEYS_UNAVAILABLE', 'Keys are starting; try again in a moment.', undefined, 2);
  };
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const { config, logger, hub, apps } = options;
  const clock = options.clock ?? systemClock;
  const throttle = new AuthThrottle(clock);
  const deps: ApiDeps = {
    hub,
    apps,
    keys: keySource(options.keys),
    commands: new CommandLog(),
    events: new EventRing(hub),
    logger,
    clock,
    streams: new Set(),
    maxStreams: options.maxEventStreams ?? 100,
  };
  const routes: ApiRoute[] = [];
  const document = () => openApiDocument(routes, options.version ?? '1');
  routes.push(
    ...lockRoutes,
    ...keyRoutes,
    ...profileRoutes,
    ...applicationRoutes,
    ...eventRoutes,
    ...systemRoutes(document),
    ...meRoutes,
  );
  const app = buildApp(options, deps, throttle, routes);
  let url: string | undefined;
  return {
    routes,
    async listen() {
      if (url) return { url };
      const host = config.host ?? '127.0.0.1';
      await app.listen({ port: config.port, host });
      const { port } = app.server.address() as AddressInfo;
      url = `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return { url };
    },
    async close() {
      for (const end of [...deps.streams]) end();
      deps.events.close();
      await app.close();
    },
  };
}

function buildApp(
  options: ApiServerOptions,
  deps: ApiDeps,
  throttle: AuthThrottle,
  routes: ApiRoute[],
): FastifyInstance {
  const { config, logger } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // Closing means now: event streams and keep-alive sockets too (the host is stopping).
    forceCloseConnections: true,
    // One proxy, not every hop: a proxy appends the address it saw to whatever X-Forwarded-For the client sent,
    // so only the last entry is the proxy's word. `true` would take the first, which the client writes itself,
    // and a guesser could escape the sign-in slowdown with a new one at each try (test/security/apiProxy.test.ts).
    trustProxy: config.trustProxy === true ? (_address: string, hop: number) => hop === 0 : false,
    ...(config.tls
      ? { https: { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) } }
      : {}),
  });
  // An empty body sent as JSON (`curl -X POST -H 'Content-Type: application/json' .../lock`) is no body, as for
  // routes that take none; fastify's own parser (with its __proto__ guards) reads every other.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : parseJson(request, String(body), done),
  );
  const bodyCodes = new Map<string, string>();
  for (const route of routes)
    if (route.body && route.bodyCode)
      bodyCodes.set(`${route.method} ${fastifyPath(route.path)}`, route.bodyCode);
  const compile = createValidatorCompiler();
  app.setValidatorCompiler(({ schema, httpPart, method, url }) =>
    compile({ schema, httpPart, code: httpPart === 'body' ? bodyCodes.get(`${method} ${url}`) : undefined }),
  );
  const callers = new WeakMap<FastifyRequest, Caller>();
  const failures = new WeakMap<FastifyRequest, ApiError>();
  const created = new WeakMap<FastifyRequest, string>();
  app.setErrorHandler((error, request, reply) => {
    const apiError = fromFastify(error) ?? toApiError(error);
    if (apiError.statusCode >= 500 && apiError.code === 'INTERNAL')
      logger.error(
        `API ${request.method} ${request.routeOptions.url ?? request.url} failed: ${errorMessage(error)}`,
      );
    failures.set(request, apiError);
    if (apiError.retryAfter !== undefined) reply.header('retry-after', String(apiError.retryAfter));
    return reply.code(apiError.statusCode).send(apiError.body());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        new ApiError(
          404,
          'ROUTE_NOT_FOUND',
          `No route ${request.method} ${request.url.split('?')[0]}.`,
        ).body(),
      ),
  );
  const audit = (route: ApiRoute, request: FastifyRequest, status: number) => {
    if (route.unaudited) return;
    try {
      const entry = auditEntry(
        route,
        request,
        status,
        callers.get(request),
        failures.get(request),
        created.get(request),
      );
      deps.apps.audit.write(entry);
    } catch (error) {
      logger.warn(`The audit log could not be written: ${errorMessage(error)}`);
    }
  };
  for (const route of routes) {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      schema: {
        ...(route.body ? { body: route.body } : {}),
        ...(route.query ? { querystring: route.query } : {}),
        ...(paramsSchema(route.path) ? { params: paramsSchema(route.path) } : {}),
      },
      onRequest: (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
        try {
          if (route.right !== 'public') {
            const caller = authenticate(request, deps.apps, throttle);
            callers.set(request, caller);
            requireRight(caller, route.right);
          }
          done();
        } catch (error) {
          done(error as Error);
        }
      },
      onResponse: async (request: FastifyRequest, reply: FastifyReply) =>
        audit(route, request, reply.statusCode),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        // A stream never ends in onResponse: it is audited when it opens.
        if (route.stream) audit(route, request, 200);
        const answer = await route.handler({
          request,
          reply,
          caller: callers.get(request)!,
          params: (request.params ?? {}) as Record<string, string>,
          query: (request.query ?? {}) as Record<string, unknown>,
          body: request.body,
          deps,
        });
        if (route.stream) return reply;
        if (answer?.created) created.set(request, answer.created);
        reply.code(answer?.status ?? 200);
        return answer?.status === 204 ? reply.send() : reply.send(answer?.body ?? {});
      },
    });
  }
  if (options.page) registerPage(app, options.page.root);
  return app;
}

/** Fastify's own request errors (bad JSON, too large, wrong media type) in the API's shape. */
function fromFastify(error: unknown): ApiError | undefined {
  const { code, statusCode, message } = error as { code?: unknown; statusCode?: number; message?: string };
  if (typeof code !== 'string' || !code.startsWith('FST_') || !statusCode || statusCode >= 500)
    return undefined;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new ApiError(413, 'BODY_TOO_LARGE', `The body is larger than ${BODY_LIMIT} bytes.`);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new ApiError(415, 'MEDIA_TYPE_UNSUPPORTED', 'Send the body as application/json.');
  return new ApiError(
    400,
    'BODY_INVALID',
    `The body is not valid JSON: ${message ?? 'cannot be read'}.`,
    '(body)',
  );
}
