/**
 * What happens to one request of the emulated Tedee API, in order: version, faults, route, key, scope,
 * rate limits, handler, envelope. Mirrors the contract of tedee-api.md section 11.
 */
import type { IncomingMessage } from 'node:http';
import type { ClientVersions } from '../apiVersions.js';
import type { DeviceLink } from '../deviceLink.js';
import type { Faults } from '../faults.js';
import type { LockRunner } from '../lockRunner.js';
import type { FixedWindowLimiter } from '../rateLimiter.js';
import type { ApiVersion } from '../serialize.js';
import type { World } from '../world.js';
import { ApiError } from './apiError.js';
import type { ApiRoute } from './context.js';
import { Query } from './query.js';
import type { Reply, Router } from './router.js';

export const SUPPORTED_VERSIONS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '37'];

export interface ApiDependencies {
  world: World;
  runner: LockRunner;
  device: DeviceLink;
  router: Router<ApiRoute>;
  faults: Faults;
  versions: ClientVersions;
  accountLimiter: FixedWindowLimiter;
  lockListLimiter: FixedWindowLimiter;
  baseUrl: () => string;
}

export interface ApiOutcome {
  reply: Reply;
  /** The route template for statistics, or the raw path when nothing matched. */
  route: string;
  /** The path below /api/{version}, ids included, for the request log. */
  path: string;
  latencyMs: number;
  drop?: 'before' | 'after';
  /** An injected answer other than the envelope (faults.ts `body`). */
  body?: 'html' | 'truncated';
}

function parseVersion(raw: string): ApiVersion {
  const name = raw.toLowerCase().replace(/^v/, '');
  if (!SUPPORTED_VERSIONS.includes(name)) {
    throw new ApiError(
      400,
      `API version v${name} is not supported. Supported: ${SUPPORTED_VERSIONS.map((v) => `v${v}`).join(', ')}.`,
    );
  }
  const minor = name.startsWith('1.') ? Number(name.slice(2)) : Infinity;
  return { name: `v${name}`, legacyLockProperties: minor <= 34 };
}

function rateLimited(retryAfterSeconds: number, message: string): ApiError {
  return new ApiError(429, message, undefined, { 'Retry-After': String(retryAfterSeconds) });
}

function checkLimits(deps: ApiDependencies, route: ApiRoute, keyId: string): void {
  // A refused request counts against neither limit, so both are checked before either counts.
  const listWait = route.lockList ? deps.lockListLimiter.peek(keyId) : undefined;
  if (listWait !== undefined) {
    throw rateLimited(
      listWait,
      'GET /my/lock is limited to 10 requests per 10 minutes with a personal access key.',
    );
  }
  const account = deps.accountLimiter.hit('account');
  if (!account.allowed)
    throw rateLimited(account.retryAfterSeconds, 'Too many requests: 700 per hour per account.');
  if (route.lockList) deps.lockListLimiter.hit(keyId);
}

/** Runs one API request (after the body was read) and says how to answer it. */
export async function handleApiRequest(
  deps: ApiDependencies,
  request: IncomingMessage,
  url: URL,
  body: unknown,
): Promise<ApiOutcome> {
  const match = /^\/api\/(v[\d.]+)(\/.*)?$/i.exec(url.pathname);
  if (!match)
    return {
      reply: errorReply(new ApiError(404, `No such resource: ${url.pathname}`)),
      route: url.pathname,
      path: url.pathname,
      latencyMs: 0,
    };
  const path = match[2] ?? '/';
  const method = request.method ?? 'GET';
  const fault = deps.faults.decide(method, path);
  const found = deps.router.match(method, path);
  const route = found?.route.path ?? path;
  const outcome = (reply: Reply): ApiOutcome => ({
    reply,
    route,
    path,
    latencyMs: fault.latencyMs,
    drop: fault.drop,
    body: fault.body,
  });
  if (fault.drop === 'before') return outcome({ status: 0 });
  // A gateway's error page: the request never reached the cloud's handlers.
  if (fault.body === 'html') return outcome({ status: fault.status ?? 502 });
  try {
    const version = parseVersion(match[1]!);
    if (fault.status !== undefined) {
      const retry: Record<string, string> =
        fault.status === 429 ? { 'Retry-After': String(fault.retryAfterSeconds ?? 60) } : {};
      throw new ApiError(fault.status, `Injected fault: HTTP ${fault.status}.`, undefined, retry);
    }
    if (!found) {
      throw deps.router.hasPath(path)
        ? new ApiError(405, `${method} is not allowed on ${path}.`)
        : new ApiError(404, `No such resource: ${path}`);
    }
    const key = deps.world.keys.authenticate(request.headers.authorization);
    deps.versions.seen(key.prefix, request.headers['user-agent'], version.name);
    if (!found.route.scopes.some((scope) => key.scopes.has(scope))) {
      throw new ApiError(403, `The personal access key lacks the required scope ${found.route.scopes[0]}.`);
    }
    checkLimits(deps, found.route, key.id);
    const context = {
      world: deps.world,
      runner: deps.runner,
      device: deps.device,
      params: found.params,
      query: new Query(url.searchParams),
      body,
      version,
      key,
      baseUrl: deps.baseUrl(),
    };
    return outcome(await found.route.handle(context));
  } catch (error) {
    return outcome(errorReply(error));
  }
}

export function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      result: error.result ?? null,
      headers: error.headers,
      errorMessage: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, result: null, errorMessage: `Emulator failure: ${message}` };
}
