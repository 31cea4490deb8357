/**
 * An MQTT broker inside the hub (aedes, MQTT 3.1.1), for users without one, and for the demo. With
 * mqtt.username/password set it accepts only those; without them it listens on loopback only. Packets over a
 * size limit are refused before they are held in memory. It sees what a subscriber on MQTT 3.1.1 cannot:
 * whether a command was published with retain, and which client published it.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Duplex, pipeline } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { Aedes } from 'aedes';
import type { Client, PublishPacket } from 'aedes';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { PacketSizeGuard } from './packetGuard.js';
import type { OversizePacket } from './packetGuard.js';
import { isLoopback } from './loopback.js';

/** The largest packet the embedded broker reads (discovery configs are about 2 KB, commands at most 1 KB). */
export const EMBEDDED_MAX_PACKET_BYTES = 256 * 1024;
/** Publishers remembered per broker while their command travels to the mirror. */
const PUBLISHERS_REMEMBERED = 200;

export interface EmbeddedBrokerOptions {
  port: number;
  host: string;
  username?: string;
  password?: string;
  /** Topics that carry commands (e.g. `tedee/+/set`): retained publishes there are refused and reported. */
  isCommandTopic?: (topic: string) => boolean;
  maxPacketBytes?: number;
  logger?: Logger;
}

export interface BrokerObserver {
  oversize(packet: OversizePacket): void;
  retainedCommand(topic: string, clientId: string): void;
}

export interface EmbeddedBroker {
  url: string;
  /** Who published this command (client id), for as long as it travels to the mirror. */
  publisherOf(topic: string, payload: Buffer): string | undefined;
  /** Where oversize packets and retained commands are reported (the mirror, once it runs). */
  observe(observer: BrokerObserver): void;
  close(): Promise<void>;
}

function sameSecret(given: Buffer | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  return given.length === a.length && timingSafeEqual(given, a);
}

/** Refuses, before listening, an address other than loopback without credentials. */
export function embeddedBrokerProblem(
  options: Pick<EmbeddedBrokerOptions, 'host' | 'username' | 'password'>,
) {
  if (isLoopback(options.host) || (options.username !== undefined && options.password !== undefined))
    return undefined;
  return (
    `mqtt.embedded.host: ${options.host} is not a loopback address; without mqtt.username and mqtt.password ` +
    'the embedded broker would let anyone on the network operate the locks (use 127.0.0.1, or set both)'
  );
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const problem = embeddedBrokerProblem(options);
  if (problem) throw new Error(problem);
  const logger = options.logger ?? silentLogger;
  let observer: BrokerObserver | undefined;
  const publishers: { topic: string; payload: Buffer; clientId: string }[] = [];
  const broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      if (options.username === undefined || options.password === undefined) return done(null, true);
      const ok = username === options.username && sameSecret(password, options.password);
      if (!ok) logger.warn('Embedded MQTT broker: refused a client with a wrong username or password.');
      done(ok ? null : Object.assign(new Error('bad username or password'), { returnCode: 4 }), ok);
    },
    authorizePublish: (client: Client | null, packet: PublishPacket, done) => {
      if (client && options.isCommandTopic?.(packet.topic) && packet.payload.length > 0) {
        if (packet.retain) {
          // Stored and delivered as an empty retained message: it deletes any copy and runs nothing.
          packet.payload = Buffer.alloc(0);
          observer?.retainedCommand(packet.topic, client.id);
        } else {
          publishers.push({ topic: packet.topic, payload: Buffer.from(packet.payload), clientId: client.id });
          publishers.splice(0, Math.max(0, publishers.length - PUBLISHERS_REMEMBERED));
        }
      }
      done(null);
    },
  });
  const limit = options.maxPacketBytes ?? EMBEDDED_MAX_PACKET_BYTES;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Through the wrapper a packet may leave in several writes: without this, Nagle and delayed ACKs add 40 ms.
    socket.setNoDelay(true);
    const guard = new PacketSizeGuard(limit, (packet) => {
      logger.warn(
        `Embedded MQTT broker: dropped a client that sent a packet of ${packet.bytes} bytes ` +
          `(at most ${limit})${packet.topic ? ` to ${packet.topic}` : ''}.`,
      );
      socket.destroy();
      observer?.oversize(packet);
    });
    // pipeline, not pipe: a reset socket destroys the guard too, so aedes sees the client gone (and its will fires).
    pipeline(socket, guard, () => undefined);
    broker.handle(Duplex.from({ readable: guard, writable: socket }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `mqtt://${host}:${port}`,
    publisherOf: (topic, payload) => {
      const index = publishers.findIndex((entry) => entry.topic === topic && entry.payload.equals(payload));
      return index === -1 ? undefined : publishers.splice(index, 1)[0]!.clientId;
    },
    observe: (next) => (observer = next),
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
