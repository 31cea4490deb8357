/**
 * The key service in a long-running host (`tedee-hub run`, later Node-RED and the HTTP API): the store in the
 * hub's data folder, SMTP and webhook delivery from the configuration, and the service's timers (daylight-saving
 * rewrites, retries of waiting doors, reconcile) running for as long as the host does. Without `dataDir` there is
 * nowhere to keep keys, and no key service runs.
 */
import type { HubConfig } from '../config/index.js';
import type { LockHub } from '../core/index.js';
import { createKeyService } from '../core/index.js';
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
  const started = (async () => {
    const { dataDir } = config;
    if (!dataDir) return undefined;
    try {
      running = await open(hub, { ...config, dataDir }, logger, () => stopped);
    } catch (error) {
      logger.error(`Keys are off: ${errorMessage(error)}`);
    }
    return running;
  })();
  return {
    started,
    stop: async () => {
      stopped = true;
      await running?.stop();
    },
  };
}

export interface KeyServicesHandle {
  /** The running service, or undefined (no dataDir, or it could not start). */
  started: Promise<KeyServices | undefined>;
  stop(): Promise<void>;
}

async function open(
  hub: LockHub,
  config: HubConfig & { dataDir: string },
  logger: Logger,
  isStopped: () => boolean,
): Promise<KeyServices | undefined> {
  const unsupported = unsupportedNode(process.versions.node);
  if (unsupported) throw new Error(`the key store needs node:sqlite. ${unsupported}`);
  // Loaded only here: the store's node:sqlite is not needed by a host without a data folder.
  const { KeyStore } = await import('../core/keys/store.js');
  const delivery = createDeliveryChannels(config);
  const store = KeyStore.open({ dataDir: config.dataDir });
  const service = createKeyService({
    context: hub.context,
    store,
    hub,
    channels: delivery.channels,
    options: { template: delivery.template },
  });
  const stop = async () => {
    await service.stop();
    delivery.close();
    store.close();
  };
  try {
    await hub.ready();
    if (!isStopped()) await service.start();
  } catch (error) {
    await stop();
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
