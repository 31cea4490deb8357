/**
 * The MQTT mirror: every lock's state retained under `<base>/<lock>`, availability, the hub's online state
 * (with whether the Tedee cloud answers) and last will, Home Assistant discovery, and commands through the
 * CommandGate. On every (re)connect it subscribes and republishes the latest state of every lock.
 */
import { hostname } from 'node:os';
import type { IPublishPacket } from 'mqtt';
import { type MqttConfig, ownTopicFilters } from '../config/index.js';
import type { ActivityEvent, Lock, LockHub } from '../core/index.js';
import type { Logger } from '../util/logger.js';
import { CLOUD_STATUS_EVENTS, cloudStatus } from './cloudStatus.js';
import { CodeLockout } from './codeLockout.js';
import { CommandGate } from './commandGate.js';
import type { CommandOutcome, ResultTarget } from './commandResult.js';
import { operableActions } from './commandRules.js';
import { MqttConnection } from './connection.js';
import { JsonFile } from './dataFile.js';
import type { DiscoveryContext } from './discovery.js';
import { discoveryTopics, hubDiscovery, lockDiscovery } from './discovery.js';
import type { BrokerObserver, EmbeddedBroker } from './embeddedBroker.js';
import { activityPayload, statePayload } from './payload.js';
import { SlugBook } from './slugBook.js';
import { Topics, slugify } from './topics.js';

export interface MirrorOptions {
  /** The broker to use; defaults to config.url. */
  url?: string;
  version: string;
  /** The embedded broker the mirror runs on: it says who published a command, and reports refused ones. */
  broker?: Pick<EmbeddedBroker, 'publisherOf' | 'observe'>;
}

const OFFLINE = JSON.stringify({ state: 'offline' });

export function defaultClientId(baseTopic: string): string {
  return `tedee-hub_${slugify(hostname())}_${slugify(baseTopic)}`.slice(0, 64);
}

export class MqttMirror {
  private readonly topics: Topics;
  private readonly connection: MqttConnection;
  private readonly gate: CommandGate;
  private readonly discovery: DiscoveryContext;
  private readonly unsubscribe: (() => void)[] = [];
  // The configuration holds the broker password and the command code: kept out of inspection.
  readonly #config: MqttConfig;
  /** serial number -> slug, kept with the hub's data. */
  private readonly slugs: SlugBook;
  /** Retained topics to empty that could not be emptied while the broker was away (renames, removals). */
  private readonly pendingClears = new Set<string>();
  private publishedBridgeState: string | undefined;

  constructor(
    private readonly hub: LockHub,
    config: MqttConfig,
    logger: Logger,
    private readonly options: MirrorOptions,
  ) {
    this.#config = config;
    this.topics = new Topics(config.baseTopic);
    const url = options.url ?? config.url;
    if (!url) throw new Error('mqtt.url is required (or mqtt.embedded)');
    this.connection = new MqttConnection(
      {
        url,
        username: config.username,
        password: config.password,
        tls: config.tls,
        clientId: config.clientId ?? defaultClientId(config.baseTopic),
        protocolVersion: config.protocolVersion,
        will: { topic: this.topics.bridgeState, payload: OFFLINE },
      },
      {
        onConnect: () => this.connected(),
        onMessage: (topic, payload, packet) => this.received(topic, payload, packet),
      },
      logger,
    );
    this.discovery = {
      prefix: config.discovery.prefix,
      base: config.baseTopic,
      topics: this.topics,
      hubId: `tedee_hub_${slugify(config.baseTopic)}`,
      version: options.version,
      activity: config.activity.enabled,
      codeRequired: config.commands.code !== undefined,
      codeDigitsOnly: config.commands.code !== undefined && /^\d+$/.test(config.commands.code),
    };
    const { dataDir } = hub.settings;
    this.slugs = new SlugBook(JsonFile.in(dataDir, config.baseTopic, 'slugs', logger));
    this.gate = new CommandGate({
      hub,
      commands: config.commands,
      responseTopics: config.commands.responseTopics ?? [this.topics.responses],
      ownTopics: ownTopicFilters(config.baseTopic, config.discovery.prefix),
      lockout: new CodeLockout(JsonFile.in(dataDir, config.baseTopic, 'lockouts', logger), () => Date.now()),
      lockForSlug: (slug) => this.lockForSlug(slug),
      isStarting: (slug) => !hub.isReady && this.slugs.serialOf(slug) !== undefined,
      publishResult: (target, outcome) => this.publishResult(target, outcome),
      clearRetained: (topic) => this.clear(topic),
      logger,
    });
  }

  start(): void {
    const { hub } = this;
    this.unsubscribe.push(
      hub.on('ready', () => this.discovered()),
      hub.on('lockAdded', () => void this.relabel()),
      hub.on('lockUpdated', ({ lock }) => {
        if (!this.relabel().has(lock.serialNumber)) this.publishLock(lock);
      }),
      hub.on('lockRemoved', ({ lock }) => this.removeLock(lock)),
      hub.on('stateChanged', ({ lock }) => this.publishState(lock)),
      hub.on('availabilityChanged', ({ lock }) => this.publishAvailability(lock)),
      ...CLOUD_STATUS_EVENTS.map((event) => hub.on(event, () => this.publishBridgeState())),
    );
    const { activity } = this.#config;
    if (activity.enabled) {
      this.unsubscribe.push(
        hub.watchActivity({ interval: activity.interval }, (event) => this.publishActivity(event)),
      );
    }
    this.options.broker?.observe(this.brokerObserver());
    if (hub.isReady) this.relabel();
    this.connection.start();
  }

  /** Says offline (the bridge state, retained) and disconnects. */
  async stop(): Promise<void> {
    this.unsubscribe.splice(0).forEach((off) => off());
    await this.connection.stop([{ topic: this.topics.bridgeState, payload: OFFLINE }]);
  }

  get isConnected(): boolean {
    return this.connection.connected;
  }

  /** The topic level of a lock, once the mirror knows it. */
  slugOf(serialNumber: string): string | undefined {
    return this.slugs.get(serialNumber);
  }

  private brokerObserver(): BrokerObserver {
    return {
      oversize: ({ topic, bytes }) => {
        const slug = topic === undefined ? undefined : this.topics.slugOfCommand(topic);
        if (slug !== undefined) this.gate.refuseOversize(slug, bytes);
      },
      retainedCommand: (topic) => {
        const slug = this.topics.slugOfCommand(topic);
        const lock = slug === undefined ? undefined : this.lockForSlug(slug);
        if (slug !== undefined && lock) this.gate.refuseRetained(topic, lock.name, { slug });
      },
    };
  }

  private connected(): void {
    // MQTT 5: retain-as-published, so a retained command is seen as one even when it arrives live; no-local,
    // so the hub does not receive its own clears.
    const v5 = this.#config.protocolVersion === 5;
    this.connection.subscribe([this.topics.commands], v5 ? { rap: true, nl: true } : {});
    this.connection.subscribe([`${this.#config.discovery.prefix}/status`]);
    if (!this.hub.isReady) {
      // Until the locks are read, no lock is available: overwrite what the previous run left retained.
      this.connection.subscribe([this.topics.availabilities]);
      for (const slug of this.slugs.all()) this.publishOffline(slug);
    }
    for (const topic of [...this.pendingClears]) this.clear(topic);
    this.publishAll();
  }

  private discovered(): void {
    this.connection.unsubscribe([this.topics.availabilities]);
    this.relabel();
    this.publishAll();
  }

  /** Empties a retained topic now, or as soon as the broker is back. */
  private clear(topic: string): void {
    if (this.connection.publish(topic, '', { qos: 1, retain: true })) this.pendingClears.delete(topic);
    else this.pendingClears.add(topic);
  }

  private publishOffline(slug: string): void {
    this.connection.publish(this.topics.availability(slug), 'offline', { qos: 1, retain: true });
  }

  private publishBridgeState(force = false): void {
    const payload = JSON.stringify({ state: 'online', cloud: cloudStatus(this.hub) });
    if (!force && payload === this.publishedBridgeState) return;
    if (this.connection.publish(this.topics.bridgeState, payload, { qos: 1, retain: true }))
      this.publishedBridgeState = payload;
  }

  private publishAll(): void {
    this.publishBridgeState(true);
    if (this.#config.discovery.enabled) {
      const hubDevice = hubDiscovery(this.discovery);
      this.publishConfig(hubDevice.topic, hubDevice.payload);
    }
    if (!this.hub.isReady) return;
    for (const lock of this.hub.locks()) this.publishLock(lock);
  }

  private publishLock(lock: Lock): void {
    this.publishState(lock);
    this.publishAvailability(lock);
    const slug = this.slugs.get(lock.serialNumber);
    if (!slug) return;
    const { prefix, enabled } = this.#config.discovery;
    // Discovery off: an empty config for every topic, so nothing an earlier run published keeps an entity alive.
    const messages = enabled
      ? lockDiscovery(
          lock,
          slug,
          this.discovery,
          operableActions(this.#config.commands, this.hub.settings, lock),
        )
      : [];
    for (const topic of discoveryTopics(lock.serialNumber, prefix, this.#config.baseTopic)) {
      this.publishConfig(topic, messages.find((message) => message.topic === topic)?.payload);
    }
  }

  private publishState(lock: Lock): void {
    const slug = this.slugs.get(lock.serialNumber);
    if (!slug || !this.hub.isReady) return;
    this.pendingClears.delete(this.topics.state(slug));
    this.connection.publish(this.topics.state(slug), JSON.stringify(statePayload(lock)), {
      qos: 1,
      retain: this.#config.retain,
    });
  }

  private publishAvailability(lock: Lock): void {
    const slug = this.slugs.get(lock.serialNumber);
    if (!slug || !this.hub.isReady) return;
    this.pendingClears.delete(this.topics.availability(slug));
    this.connection.publish(this.topics.availability(slug), lock.available ? 'online' : 'offline', {
      qos: 1,
      retain: true,
    });
  }

  /** An empty retained payload deletes a discovery config. */
  private publishConfig(topic: string, payload: Record<string, unknown> | undefined): void {
    this.connection.publish(topic, payload ? JSON.stringify(payload) : '', { qos: 1, retain: true });
  }

  /** Not retained: an entry happens once. While the broker is away it is dropped (docs/mqtt.md). */
  private publishActivity(event: ActivityEvent): void {
    const slug = this.slugs.get(event.serialNumber);
    if (!slug) return;
    this.connection.publish(this.topics.activity(slug), JSON.stringify(activityPayload(event)), {
      qos: 1,
      retain: false,
    });
  }

  private publishResult(target: ResultTarget, outcome: CommandOutcome): void {
    const body = JSON.stringify(outcome);
    this.connection.publish(this.topics.result(target.slug), body, { qos: 1, retain: false });
    if (target.responseTopic) {
      const properties = target.correlationData ? { correlationData: target.correlationData } : {};
      this.connection.publish(target.responseTopic, body, { qos: 1, retain: false, properties });
    }
  }

  /**
   * Recomputes every lock's slug once the locks are known; a slug no longer used (a rename, a lock gone, also
   * while the hub was not running) has its retained topics emptied. Returns the serial numbers that moved.
   */
  private relabel(): Set<string> {
    if (!this.hub.isReady) return new Set();
    const locks = this.hub.locks();
    const { dropped, moved } = this.slugs.update(locks);
    for (const { serialNumber, slug } of dropped) {
      this.clearTopics(slug);
      if (!locks.some((lock) => lock.serialNumber === serialNumber)) this.clearDiscovery(serialNumber);
    }
    for (const lock of locks.filter((candidate) => moved.has(candidate.serialNumber))) this.publishLock(lock);
    return moved;
  }

  private clearTopics(slug: string): void {
    this.clear(this.topics.state(slug));
    this.clear(this.topics.availability(slug));
  }

  private clearDiscovery(serialNumber: string): void {
    for (const topic of discoveryTopics(serialNumber, this.#config.discovery.prefix, this.#config.baseTopic))
      this.clear(topic);
  }

  private removeLock(lock: Lock): void {
    this.clearDiscovery(lock.serialNumber);
    this.relabel();
  }

  private lockForSlug(slug: string): Lock | undefined {
    const serial = this.slugs.serialOf(slug);
    return serial === undefined ? undefined : this.hub.locks().find((lock) => lock.serialNumber === serial);
  }

  private received(topic: string, payload: Buffer, packet: IPublishPacket): void {
    if (topic === `${this.#config.discovery.prefix}/status`) {
      if (payload.toString('utf8').trim() === 'online') this.publishAll();
      return;
    }
    const availabilityOf = this.topics.slugOfAvailability(topic);
    if (availabilityOf !== undefined) {
      if (!this.hub.isReady && payload.toString('utf8') === 'online') this.publishOffline(availabilityOf);
      return;
    }
    const slug = this.topics.slugOfCommand(topic);
    if (slug !== undefined)
      this.gate.handle(slug, topic, payload, packet, this.options.broker?.publisherOf(topic, payload));
  }
}
