/**
 * The key service in a long-running host (`tedee-hub run`, later Node-RED and the HTTP API): the store in the
 * hub's data folder, SMTP and webhook delivery from the configuration, and the service's timers (daylight-saving
 * rewrites, retries of waiting doors, reconcile) running for as long as the host does; the applications of the
 * HTTP API over the same store. Without `dataDir` there is nowhere to keep keys, and no key service runs.
 */
import type { HubConfig } from '../config/index.js';
import type { ApplicationsApi, LockHub } from '../core/index.js';
import { createKeyService, openApplications } from '../core/index.js';
import type { KeyServiceApi } from '../core/keys/service/api.js';
import { errorMessage } from '../util/errors.js';
import { unsupportedNode } from '../util/nodeVersion.js';
import type { Logger } from '../util/logger.js';
import { createDeliveryChannels } from './delivery/index.js';

export interface KeyServices {
  api: KeyServiceApi;
  stop(): Promise<void>;
}

/**
 * Opens the store and starts the service once the hub has read the locks. Never rejects: a store or delivery
 * problem is logged and the host runs on without keys. `stop()` may come before the start finished.
 */
export function startKeyServices(hub: LockHub, config: HubConfig, logger: Logger): KeyServicesHandle {
  let stopped = false;
  let running: KeyServices | undefined;
  let closeStore: (() => void) | undefined;
  let storeOpened: (apps: ApplicationsApi | undefined) => void = () => undefined;
  const apps = new Promise<ApplicationsApi | undefined>((resolve) => (storeOpened = resolve));
  const opened = (applications: ApplicationsApi, close: () => void) => {
    closeStore = close;
    storeOpened(applications);
  };
  const started = (async () => {
    const { dataDir } = config;
    if (!dataDir) return undefined;
    try {
      running = await open(hub, { ...config, dataDir }, logger, () => stopped, opened);
    } catch (error) {
      logger.error(`Keys are off: ${errorMessage(error)}`);
    }
    return running;
  })();
  // Settles once the store is open (or could not be): undefined when there is no store.
  void started.then(() => storeOpened(undefined));
  return {
    started,
    apps,
    stop: async () => {
      stopped = true;
      await running?.stop();
      closeStore?.();
    },
  };
}

export interface KeyServicesHandle {
  /** The running service, or undefined (no dataDir, or it could not start). */
  started: Promise<KeyServices | undefined>;
  /**
   * The applications of the HTTP API, over the same store, as soon as it is open (before the hub is ready, so the
   * API can answer while the cloud is slow); undefined without a store.
   */
  apps: Promise<ApplicationsApi | undefined>;
  stop(): Promise<void>;
}

async function open(
  hub: LockHub,
  config: HubConfig & { dataDir: string },
  logger: Logger,
  isStopped: () => boolean,
  opened: (apps: ApplicationsApi, closeStore: () => void) => void,
): Promise<KeyServices | undefined> {
  const unsupported = unsupportedNode(process.versions.node);
  if (unsupported) throw new Error(`the key store needs node:sqlite. ${unsupported}`);
  // Loaded only here: the store's node:sqlite is not needed by a host without a data folder.
  const { KeyStore } = await import('../core/keys/store.js');
  const delivery = createDeliveryChannels(config);
  const store = KeyStore.open({ dataDir: config.dataDir });
  let storeClosed = false;
  const closeStore = () => {
    if (!storeClosed) store.close();
    storeClosed = true;
  };
  opened(openApplications(store), closeStore);
  const service = createKeyService({
    context: hub.context,
    store,
    hub,
    channels: delivery.channels,
    options: { template: delivery.template },
  });
  const stopService = async () => {
    await service.stop();
    delivery.close();
  };
  const stop = async () => {
    await stopService();
    closeStore();
  };
  try {
    await hub.ready();
    if (!isStopped()) await service.start();
  } catch (error) {
    // The store stays open for the applications (the HTTP API still signs callers in); stop() closes it.
    await stopService();
    throw error;
  }
  if (isStopped()) {
    await stop();
    return undefined;
  }
  logger.info(
    `Keys: ${service.list().length} in ${config.dataDir}; delivery by event${channelNames(config)}.`,
  );
  return { api: service, stop };
}

function channelNames(config: HubConfig): string {
  const names = [config.smtp ? 'email' : undefined, config.delivery?.webhook ? 'webhook' : undefined];
  return names
    .filter(Boolean)
    .map((name) => `, ${name}`)
    .join('');
}
