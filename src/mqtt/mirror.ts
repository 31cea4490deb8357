/**
 * The MQTT mirror: every lock's state retained under `<base>/<lock>`, availability, the hub's online state and
 * last will, Home Assistant discovery, and commands through the CommandGate. On every (re)connect it subscribes
 * and republishes the latest state of every lock.
 */
import { hostname } from 'node:os';
import type { IPublishPacket } from 'mqtt';
import type { MqttConfig } from '../config/index.js';
import type { Lock, LockHub } from '../core/index.js';
import type { Logger } from '../util/logger.js';
import type { CommandOutcome, ResultTarget } from './commandGate.js';
import { CommandGate } from './commandGate.js';
import { MqttConnection } from './connection.js';
import type { DiscoveryContext } from './discovery.js';
import { discoveryTopics, hubDiscovery, lockDiscovery } from './discovery.js';
import { statePayload } from './payload.js';
import { Topics, assignSlugs, slugify } from './topics.js';

export interface MirrorOptions {
  /** The broker to use; defaults to config.url. */
  url?: string;
  version: string;
}

const ONLINE = JSON.stringify({ state: 'online' });
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
  /** serial number -> slug, as last published. */
  private slugs = new Map<string, string>();
  /** Retained topics to empty that could not be emptied while the broker was away (renames, removals). */
  private readonly pendingClears = new Set<string>();

  constructor(
    private readonly hub: LockHub,
    config: MqttConfig,
    logger: Logger,
    options: MirrorOptions,
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
      topics: this.topics,
      hubId: `tedee_hub_${slugify(config.baseTopic)}`,
      version: options.version,
      codeRequired: config.commands.code !== undefined,
      codeDigitsOnly: config.commands.code !== undefined && /^\d+$/.test(config.commands.code),
    };
    this.gate = new CommandGate({
      hub,
      commands: config.commands,
      lockForSlug: (slug) => this.lockForSlug(slug),
      publishResult: (target, outcome) => this.publishResult(target, outcome),
      logger,
    });
  }

  start(): void {
    const { hub } = this;
    this.unsubscribe.push(
      hub.on('lockAdded', () => void this.relabel()),
      hub.on('lockUpdated', ({ lock }) => {
        if (!this.relabel().has(lock.serialNumber)) this.publishLock(lock);
      }),
      hub.on('lockRemoved', ({ lock }) => this.removeLock(lock)),
      hub.on('stateChanged', ({ lock }) => this.publishState(lock)),
      hub.on('availabilityChanged', ({ lock }) => this.publishAvailability(lock)),
      hub.on('commandFinished', (result) => this.gate.commandFinished(result)),
    );
    this.relabel();
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

  private connected(): void {
    this.connection.subscribe([this.topics.commands, `${this.#config.discovery.prefix}/status`]);
    for (const topic of [...this.pendingClears]) this.clear(topic);
    this.publishAll();
  }

  /** Empties a retained topic now, or as soon as the broker is back. */
  private clear(topic: string): void {
    if (this.connection.publish(topic, '', { qos: 1, retain: true })) this.pendingClears.delete(topic);
    else this.pendingClears.add(topic);
  }

  private publishAll(): void {
    this.connection.publish(this.topics.bridgeState, ONLINE, { qos: 1, retain: true });
    if (this.#config.discovery.enabled) {
      const hubDevice = hubDiscovery(this.discovery);
      this.publishConfig(hubDevice.topic, hubDevice.payload);
    }
    for (const lock of this.hub.locks()) this.publishLock(lock);
  }

  private publishLock(lock: Lock): void {
    this.publishState(lock);
    this.publishAvailability(lock);
    const slug = this.slugs.get(lock.serialNumber);
    if (!slug) return;
    if (!this.#config.discovery.enabled) {
      // Discovery off: make sure nothing an earlier run published keeps the entities alive in Home Assistant.
      for (const topic of discoveryTopics(lock.serialNumber, this.#config.discovery.prefix))
        this.publishConfig(topic, undefined);
      return;
    }
    const messages = lockDiscovery(lock, slug, this.discovery, lock.pullSpringEnabled);
    for (const topic of discoveryTopics(lock.serialNumber, this.#config.discovery.prefix)) {
      this.publishConfig(topic, messages.find((message) => message.topic === topic)?.payload);
    }
  }

  private publishState(lock: Lock): void {
    const slug = this.slugs.get(lock.serialNumber);
    if (!slug) return;
    this.pendingClears.delete(this.topics.state(slug));
    this.connection.publish(this.topics.state(slug), JSON.stringify(statePayload(lock)), {
      qos: 1,
      retain: this.#config.retain,
    });
  }

  private publishAvailability(lock: Lock): void {
    const slug = this.slugs.get(lock.serialNumber);
    if (!slug) return;
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

  private publishResult(target: ResultTarget, outcome: CommandOutcome): void {
    const body = JSON.stringify(outcome);
    this.connection.publish(this.topics.result(target.slug), body, { qos: 1, retain: false });
    if (target.responseTopic && !/[+#]/.test(target.responseTopic)) {
      const properties = target.correlationData ? { correlationData: target.correlationData } : {};
      this.connection.publish(target.responseTopic, body, { qos: 1, retain: false, properties });
    }
  }

  /**
   * Recomputes every lock's slug; a lock whose slug changed (a rename) leaves its old topics empty and is
   * published under the new ones. Returns the serial numbers of the locks that moved.
   */
  private relabel(): Set<string> {
    const next = assignSlugs(this.hub.locks(), this.slugs);
    for (const [serial, slug] of this.slugs) {
      if (next.get(serial) !== slug) this.clearTopics(slug);
    }
    const moved = new Set(
      [...next].filter(([serial, slug]) => this.slugs.get(serial) !== slug).map(([serial]) => serial),
    );
    this.slugs = next;
    for (const lock of this.hub.locks().filter((candidate) => moved.has(candidate.serialNumber)))
      this.publishLock(lock);
    return moved;
  }

  private clearTopics(slug: string): void {
    this.clear(this.topics.state(slug));
    this.clear(this.topics.availability(slug));
  }

  private removeLock(lock: Lock): void {
    for (const topic of discoveryTopics(lock.serialNumber, this.#config.discovery.prefix)) this.clear(topic);
    this.relabel();
  }

  private lockForSlug(slug: string): Lock | undefined {
    const serial = [...this.slugs].find(([, candidate]) => candidate === slug)?.[0];
    return serial === undefined ? undefined : this.hub.locks().find((lock) => lock.serialNumber === serial);
  }

  private received(topic: string, payload: Buffer, packet: IPublishPacket): void {
    if (topic === `${this.#config.discovery.prefix}/status`) {
      if (payload.toString('utf8').trim() === 'online') this.publishAll();
      return;
    }
    const slug = this.topics.slugOfCommand(topic);
    if (slug !== undefined) this.gate.handle(slug, topic, payload, packet);
  }
}
