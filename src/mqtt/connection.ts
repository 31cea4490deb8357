/**
 * The mirror's one MQTT connection (mqtt.js): last will, reconnects with exponential backoff, and publishing
 * only while connected, so that what changed during an outage is sent once as the latest state, never replayed.
 */
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import type {
  IClientOptions,
  IClientPublishOptions,
  IClientSubscribeOptions,
  IPublishPacket,
  MqttClient,
} from 'mqtt';
import { backoffDelay } from '../util/backoff.js';
import { EpisodeLog } from '../util/episodes.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export interface ConnectionSettings {
  url: string;
  username?: string;
  password?: string;
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  clientId: string;
  protocolVersion: 4 | 5;
  will: { topic: string; payload: string };
}

export interface ConnectionHandlers {
  onConnect(): void;
  onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void;
}

const MAX_BACKOFF_MS = 60_000;
/**
 * The largest packet the hub accepts from the broker: it subscribes only to commands (at most 1 KiB) and small
 * status topics. On MQTT 5 the broker must not send anything larger (it drops it instead), so a huge message
 * is never held in the hub's memory.
 */
export const MAX_INCOMING_PACKET_BYTES = 16 * 1024;

function readTlsFile(path: string | undefined, field: string): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(
      `mqtt.tls.${field}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
      {
        cause: error,
      },
    );
  }
}

/** A hint for errors whose fix users would not guess from mqtt.js's message. */
function hint(error: Error & { code?: unknown }, protocolVersion: number): string {
  if (protocolVersion === 5 && /protocol version/i.test(error.message))
    return ' (the broker does not speak MQTT 5: set mqtt.protocolVersion to 4)';
  if (error.code === 4 || error.code === 5 || error.code === 134 || error.code === 135)
    return ' (check mqtt.username and mqtt.password)';
  return '';
}

export class MqttConnection {
  private client: MqttClient | undefined;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly episodes: EpisodeLog;

  // The settings hold the broker password: a #private field, so no inspection or serialisation shows it.
  readonly #settings: ConnectionSettings;

  constructor(
    settings: ConnectionSettings,
    private readonly handlers: ConnectionHandlers,
    private readonly logger: Logger,
  ) {
    this.#settings = settings;
    this.episodes = new EpisodeLog(logger, () => Date.now());
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Connects in the background; throws only for settings that can never work (an unreadable TLS file). */
  start(): void {
    const settings = this.#settings;
    const options: IClientOptions = {
      clientId: settings.clientId,
      username: settings.username,
      password: settings.password,
      protocolVersion: settings.protocolVersion,
      ...(settings.protocolVersion === 5
        ? { properties: { maximumPacketSize: MAX_INCOMING_PACKET_BYTES } }
        : {}),
      clean: true,
      // Reconnects are scheduled here, with backoff; mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      queueQoSZero: false,
      resubscribe: false,
      will: { topic: settings.will.topic, payload: Buffer.from(settings.will.payload), qos: 1, retain: true },
      ca: readTlsFile(settings.tls?.ca, 'ca'),
      cert: readTlsFile(settings.tls?.cert, 'cert'),
      key: readTlsFile(settings.tls?.key, 'key'),
      rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true,
    };
    const client = mqtt.connect(settings.url, options);
    this.client = client;
    client.on('connect', () => {
      this.attempts = 0;
      this.episodes.recover(
        'broker',
        (failures) => `MQTT broker reachable again after ${failures} failed attempts.`,
      );
      this.logger.info(`Connected to the MQTT broker at ${settings.url} as ${settings.clientId}.`);
      this.guard('connect', () => this.handlers.onConnect());
    });
    client.on('message', (topic, payload, packet) =>
      this.guard('message', () => this.handlers.onMessage(topic, payload, packet)),
    );
    client.on('error', (error) => {
      this.episodes.fail(
        'broker',
        `MQTT broker ${settings.url}: ${error.message}${hint(error, settings.protocolVersion)}; retrying with backoff.`,
      );
    });
    client.on('close', () => this.scheduleReconnect());
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.episodes.fail('broker', `Lost the MQTT broker ${this.#settings.url}; reconnecting with backoff.`);
    const delay = backoffDelay(this.attempts++, { baseMs: 1000, maxMs: MAX_BACKOFF_MS });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.client?.reconnect();
    }, delay);
  }

  /** Handlers run inside the mqtt.js event loop: their errors are logged, never thrown into it. */
  private guard(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.logger.error(`MQTT ${what} handling failed: ${errorMessage(error)}`);
    }
  }

  /** Publishes while connected; returns false (and sends nothing) otherwise. Failures are logged, not thrown. */
  publish(topic: string, payload: string, options: IClientPublishOptions): boolean {
    const client = this.client;
    if (!client?.connected) return false;
    client.publish(topic, payload, options, (error) => {
      if (error) this.logger.warn(`MQTT publish to ${topic} failed: ${error.message}`);
    });
    return true;
  }

  subscribe(topics: string[], options: Partial<IClientSubscribeOptions> = {}): void {
    this.client?.subscribe(topics, { qos: 1, ...options }, (error) => {
      if (error) this.logger.error(`MQTT subscribe to ${topics.join(', ')} failed: ${error.message}`);
    });
  }

  unsubscribe(topics: string[]): void {
    if (!this.client?.connected) return;
    this.client.unsubscribe(topics, (error) => {
      if (error) this.logger.debug(`MQTT unsubscribe from ${topics.join(', ')} failed: ${error.message}`);
    });
  }

  /** Publishes the final messages (while connected) and disconnects, within `timeoutMs`. */
  async stop(final: { topic: string; payload: string }[], timeoutMs = 3000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    if (!client) return;
    const work = (async () => {
      if (client.connected) {
        for (const message of final)
          await client.publishAsync(message.topic, message.payload, { qos: 1, retain: true });
      }
      await client.endAsync();
    })();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([
      work.catch((error: unknown) => this.logger.warn(`MQTT shutdown: ${errorMessage(error)}`)),
      timeout,
    ]);
    if (!client.disconnected) client.end(true);
  }
}
