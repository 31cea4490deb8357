/** MQTT test helpers: an in-process aedes broker the test controls, and an observer that records messages. */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import type { MqttConfig } from '../../src/config/index.js';
import { validateConfig } from '../../src/config/index.js';
import { waitFor } from './wait.js';

export interface TestBroker {
  url: string;
  port: number;
  broker: Aedes;
  /** Drops one client's connection without a DISCONNECT, as a crashing network would (its last will fires). */
  dropClient(clientId: string): void;
  close(): Promise<void>;
}

export async function startTestBroker(port = 0): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    broker,
    dropClient: (clientId) => {
      const client = (broker as unknown as { clients: Record<string, { conn: Socket }> }).clients[clientId];
      if (!client) throw new Error(`no client ${clientId} on the test broker`);
      client.conn.destroy();
    },
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Received {
  topic: string;
  text: string;
  retain: boolean;
  packet: IPublishPacket;
}

/** A client that subscribes to `topics` and keeps every message it receives. */
export class Observer {
  readonly messages: Received[] = [];
  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) =>
      this.messages.push({ topic, text: payload.toString('utf8'), retain: packet.retain, packet }),
    );
  }

  static async connect(
    url: string,
    topics: string[] = ['#'],
    options: IClientOptions = {},
  ): Promise<Observer> {
    const client = await mqtt.connectAsync(url, {
      reconnectPeriod: 0,
      clientId: `observer-${Math.random().toString(36).slice(2)}`,
      ...options,
    });
    const observer = new Observer(client);
    await client.subscribeAsync(topics, { qos: 1 });
    return observer;
  }

  on(topic: string): Received[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  last(topic: string): Received | undefined {
    return this.on(topic).at(-1);
  }

  json(topic: string): Record<string, unknown> | undefined {
    const text = this.last(topic)?.text;
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  }

  waitFor(
    topic: string,
    match: (message: Received) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Received> {
    return waitFor(() => this.on(topic).find(match), timeoutMs, `a message on ${topic}`);
  }

  async publish(
    topic: string,
    payload: string | Buffer,
    options: { retain?: boolean; properties?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, ...options });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** One mqtt block, validated and completed as a host would (throws on a configuration error). */
export function mqttConfig(mqtt: Record<string, unknown>): MqttConfig {
  const result = validateConfig({ personalAccessKey: 'abc.def', mqtt });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config.mqtt!;
}

/** Waits for the `index`-th message on `topic` and returns it as JSON. */
export async function nthJson(
  observer: Observer,
  topic: string,
  index = 0,
): Promise<Record<string, unknown>> {
  await waitFor(() => observer.on(topic).length > index, 15_000, `message ${index} on ${topic}`);
  return JSON.parse(observer.on(topic)[index]!.text) as Record<string, unknown>;
}
