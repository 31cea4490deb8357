/**
 * Composition of the parts a configuration asks for: the hub, the key service (with a data folder), the HTTP
 * API (an `api` block), and, when there is an `mqtt` block, the embedded broker and the mirror. Used by `tedee-hub run`, the demo and the Homebridge platform, so that
 * front ends never import each other.
 */
import type { HubConfig } from '../config/index.js';
import type { HubPorts, LockHub } from '../core/index.js';
import { createHub } from '../core/index.js';
import type { EmbeddedBroker } from '../mqtt/index.js';
import { MqttMirror, Topics, matchesFilter, startEmbeddedBroker } from '../mqtt/index.js';
import type { Logger } from '../util/logger.js';
import type { ApiServices } from './api.js';
import { startApi } from './api.js';
import type { KeyServices, KeyServicesHandle } from './keys.js';
import { startKeyServices } from './keys.js';
import { VERSION } from './version.js';

export interface MqttServices {
  mirror: MqttMirror;
  broker?: EmbeddedBroker;
  stop(): Promise<void>;
}

/** Starts the embedded broker (if configured) and the mirror for an existing hub. */
export async function startMqtt(
  hub: LockHub,
  config: NonNullable<HubConfig['mqtt']>,
  logger: Logger,
): Promise<MqttServices> {
  const commandTopics = new Topics(config.baseTopic).commands;
  const broker = config.embedded
    ? await startEmbeddedBroker({
        ...config.embedded,
        username: config.username,
        password: config.password,
        isCommandTopic: (topic) => matchesFilter(commandTopics, topic),
        logger,
      })
    : undefined;
  if (broker) logger.info(`Embedded MQTT broker listening on ${broker.url}.`);
  // With an embedded broker and no url, the mirror talks to the embedded one, which speaks MQTT 3.1.1 only.
  const url = config.url ?? broker?.url;
  const mirror = new MqttMirror(hub, config.url ? config : { ...config, protocolVersion: 4 }, logger, {
    url,
    version: VERSION,
    // The embedded broker knows who published a command and whether with retain, when the mirror runs on it.
    ...(broker && !config.url ? { broker } : {}),
  });
  mirror.start();
  return {
    mirror,
    broker,
    stop: async () => {
      await mirror.stop();
      await broker?.close();
    },
  };
}

export interface Services {
  hub: LockHub;
  mqtt?: MqttServices;
  /** The key service, once the hub has read the locks (undefined without dataDir or when it cannot start). */
  keys: Promise<KeyServices | undefined>;
  /** The HTTP API when the configuration has an `api` block (undefined when off or it could not start). */
  api: Promise<ApiServices | undefined>;
  /** The API's applications on the key store, once it is open (the demo makes its owner key with it). */
  apps: KeyServicesHandle['apps'];
  stop(): Promise<void>;
}

/** The hub and, when configured, MQTT; the hub starts polling at once. */
export async function startServices(
  config: HubConfig,
  ports: HubPorts & { logger: Logger },
): Promise<Services> {
  const hub = createHub(config, ports);
  const mqtt = config.mqtt ? await startMqtt(hub, config.mqtt, ports.logger) : undefined;
  hub.start();
  const keys = startKeyServices(hub, config, ports.logger);
  const api = startApi(hub, config, keys, ports.logger);
  return {
    hub,
    mqtt,
    keys: keys.started,
    api,
    apps: keys.apps,
    stop: async () => {
      await (await api)?.stop();
      await keys.stop();
      await mqtt?.stop();
      await hub.stop();
    },
  };
}
