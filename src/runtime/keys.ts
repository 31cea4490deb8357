/**
 * The key service in a long-running host (`tedee-hub run`, the demo, the Homebridge platform with an `api`
 * block): hostKeyService (core) with SMTP and webhook delivery from the configuration, and the applications of
 * the HTTP API over the same store. Without `dataDir` there is nowhere to keep keys, and no key service runs.
 */
import type { HubConfig } from '../config/index.js';
import type { ApplicationsApi, LockHub } from '../core/index.js';
import { openApplications } from '../core/index.js';
import type { KeyServiceApi } from '../core/keys/service/api.js';
import { hostKeyService } from '../core/keys/service/host.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { createDeliveryChannels } from './delivery/index.js';

export interface KeyServices {
  api: KeyServiceApi;
  stop(): Promise<void>;
}

export interface KeyServicesHandle {
  /** The running service, or undefined (no dataDir, or it could not start). */
  started: Promise<KeyServices | undefined>;
  /**
   * The applications of the HTTP API over the same store, as soon as it is open (before the hub is ready, so the
   * API can answer while the cloud is slow); undefined when there is no store.
   */
  apps: Promise<ApplicationsApi | undefined>;
  stop(): Promise<void>;
}

const OFF: KeyServicesHandle = {
  started: Promise.resolve(undefined),
  apps: Promise.resolve(undefined),
  stop: () => Promise.resolve(),
};

/**
 * Opens the store and starts the service once the hub has read the locks. Never rejects: a store or delivery
 * problem is logged and the host runs on without keys. `stop()` may come before the start finished.
 */
export function startKeyServices(hub: LockHub, config: HubConfig, logger: Logger): KeyServicesHandle {
  const { dataDir } = config;
  if (!dataDir) return OFF;
  let delivery: ReturnType<typeof createDeliveryChannels>;
  try {
    delivery = createDeliveryChannels(config);
  } catch (error) {
    logger.error(`Keys are off: ${errorMessage(error)}`);
    return OFF;
  }
  let storeOpened: (apps: ApplicationsApi | undefined) => void = () => undefined;
  const apps = new Promise<ApplicationsApi | undefined>((resolve) => (storeOpened = resolve));
  const host = hostKeyService(hub, {
    dataDir,
    channels: delivery.channels,
    template: delivery.template,
    onStopped: () => delivery.close(),
    onStoreOpened: (store) => storeOpened(openApplications(store)),
  });
  // Settles when the store could not open (or the host stopped first): no applications.
  void host.started.then(() => storeOpened(undefined));
  const started = host.started.then((running) => {
    const problem = host.problem();
    if (problem) logger.error(`Keys are off: ${problem}`);
    if (!running) return undefined;
    logger.info(`Keys: ${running.keyCount} in ${dataDir}; delivery by event${channelNames(config)}.`);
    return { api: running.api, stop: () => host.stop() };
  });
  return { started, apps, stop: () => host.stop() };
}

function channelNames(config: HubConfig): string {
  const names = [config.smtp ? 'email' : undefined, config.delivery?.webhook ? 'webhook' : undefined];
  return names
    .filter(Boolean)
    .map((name) => `, ${name}`)
    .join('');
}
