/**
 * The HTTP API on the emulator for tests: a hub and key service (keyService.ts), the applications over the same
 * key store (openApplications), the server on a free port of 127.0.0.1; closed after the test. `client(key)` calls
 * it over real HTTP.
 */
import { afterEach } from 'vitest';
import type { AppGroup, ApplicationsApi } from '../../src/core/apps/api.js';
import { openApplications } from '../../src/core/index.js';
import type { ApiServer, ApiServerOptions } from '../../src/api/index.js';
import { createApiServer } from '../../src/api/index.js';
import type { Clock } from '../../src/util/clock.js';
import { MemoryLogger } from '../../src/util/logger.js';
import type { EmulatorFixture } from './emulator.js';
import type { ServiceFixture } from './keyService.js';
import { startKeyService } from './keyService.js';

export interface ApiFixture extends ServiceFixture {
  server: ApiServer;
  url: string;
  apps: ApplicationsApi;
  apiLogger: MemoryLogger;
  /** A new application of `group` (optionally limited to `locks`) and its key. */
  keyFor(group: AppGroup, locks?: string[]): string;
  client(key?: string): ApiClient;
}

/** A JSON answer: the fields a test reads are narrowed with `as` where it reads them. */
export type ApiBody = Record<string, unknown> & { error?: { code: string; message: string; field?: string } };

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: ApiBody;
  text: string;
}

export type ApiClient = (
  method: string,
  path: string,
  options?: { body?: unknown; raw?: string; headers?: Record<string, string> },
) => Promise<ApiAnswer>;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

let applications = 0;

export function apiClient(url: string, key?: string): ApiClient {
  return async (method, path, options = {}) => {
    const hasBody = options.body !== undefined || options.raw !== undefined;
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(hasBody ? { body: options.raw ?? JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body = { text } as unknown as ApiBody;
    try {
      body = (text ? JSON.parse(text) : {}) as ApiBody;
    } catch {
      // Not JSON: the text is the body.
    }
    return { status: response.status, headers: response.headers, body, text };
  };
}

export async function startApi(
  env: EmulatorFixture,
  options: {
    clock?: Clock;
    keyService?: Parameters<typeof startKeyService>[1];
    server?: Partial<ApiServerOptions>;
  } = {},
): Promise<ApiFixture> {
  const service = await startKeyService(env, options.keyService);
  const apps = openApplications(service.store, env.emulator.clock);
  const apiLogger = new MemoryLogger();
  const server = createApiServer({
    hub: service.hub,
    keys: service.service,
    apps,
    config: { port: 0 },
    logger: apiLogger,
    clock: options.clock,
    ...options.server,
  });
  const { url } = await server.listen();
  closers.push(() => server.close());
  const keyFor = (group: AppGroup, locks?: string[]) => {
    const app = apps.addApplication({
      name: `${group}-${++applications}`,
      group,
      ...(locks ? { locks } : {}),
    });
    return apps.addAccessKey(app.id, { name: 'main' }).key;
  };
  return { ...service, server, url, apps, apiLogger, keyFor, client: (key) => apiClient(url, key) };
}
