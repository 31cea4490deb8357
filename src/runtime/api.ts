/**
 * The HTTP API in a long-running host (`tedee-hub run`, the Homebridge platform) when the configuration has an
 * `api` block: the applications and keys from the data folder's store (runtime/keys.ts), listening as soon as the
 * store is open, so that health answers while the cloud is slow; key routes answer 503 until the key service runs.
 * Never rejects: a port in use or an unreadable TLS file is logged and the host runs on without the API.
 */
import type { HubConfig } from '../config/index.js';
import type { LockHub } from '../core/index.js';
import type { ApiServer } from '../api/index.js';
import { createApiServer } from '../api/index.js';
import { KEYS_PAGE_ROOT } from '../api/pageRoot.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { KeyServicesHandle } from './keys.js';
import { VERSION } from './version.js';

export interface ApiServices {
  url: string;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startApi(
  hub: LockHub,
  config: HubConfig,
  keys: KeyServicesHandle,
  logger: Logger,
  options: { page?: { root: string } } = {},
): Promise<ApiServices | undefined> {
  const api = config.api;
  if (!api) return undefined;
  const apps = await keys.apps;
  if (!apps) {
    logger.error(
      'The HTTP API is off: its applications and keys live in the data folder (dataDir), which is not usable.',
    );
    return undefined;
  }
  if (!LOOPBACK.has(api.host) && !api.tls && !api.trustProxy)
    logger.warn(
      `The HTTP API listens on ${api.host} without TLS: access keys cross the network in clear. ` +
        'Give api.tls files, or put it behind a TLS reverse proxy (docs/api.md).',
    );
  let server: ApiServer | undefined;
  try {
    server = createApiServer({
      hub,
      keys: keys.started.then((running) => running?.api),
      apps,
      config: api,
      logger,
      version: VERSION,
      // The Keys page comes with the API (docs/api.md, "The Keys page"); a host may serve another folder.
      page: options.page ?? { root: KEYS_PAGE_ROOT },
    });
    const { url } = await server.listen();
    logger.info(
      `HTTP API on ${url}/api/v1 (its OpenAPI document at ${url}/api/v1/openapi.json); the Keys page on ${url}/.`,
    );
    const running = server;
    return { url, stop: () => running.close() };
  } catch (error) {
    await server?.close().catch(() => undefined);
    logger.error(`The HTTP API is off: ${errorMessage(error)}`);
    return undefined;
  }
}
