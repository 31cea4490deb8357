/**
 * Where each part of the demo listens: one base port and fixed offsets, so that `--port-base N` moves every
 * part at once. Each port is checked before anything starts, so that a taken port is one clear line naming
 * the part and the flag, not a stack trace from the part that happened to start last.
 */
import { createServer } from 'node:net';

/** Far from Homebridge (51826), Node-RED (1880), MQTT (1883) and the usual development ports. */
export const DEFAULT_PORT_BASE = 47800;

export const DEMO_PARTS = ['emulator', 'mqtt', 'homebridge', 'nodeRed', 'api'] as const;
export type DemoPart = (typeof DEMO_PARTS)[number];

export const PART_TITLES: Record<DemoPart, string> = {
  emulator: 'the Tedee cloud emulator',
  mqtt: 'the embedded MQTT broker',
  homebridge: "Homebridge's HAP server",
  nodeRed: 'the Node-RED editor',
  api: 'the HTTP API and Keys page',
};

export type DemoPorts = Record<DemoPart, number>;

/** The highest base that leaves room for every part below 65536. */
export const MAX_PORT_BASE = 65535 - (DEMO_PARTS.length - 1);

export function demoPorts(base: number): DemoPorts {
  return Object.fromEntries(DEMO_PARTS.map((part, offset) => [part, base + offset])) as DemoPorts;
}

/** A port another program holds: the message names the part, the port and the flag that moves it. */
export class PortTakenError extends Error {
  readonly code = 'PORT_TAKEN';
  constructor(
    readonly part: DemoPart,
    readonly port: number,
    base: number,
  ) {
    super(
      `port ${port} for ${PART_TITLES[part]} is already in use (another demo or program?); ` +
        `move every part with --port-base N (now ${base}; the demo uses N to N+${DEMO_PARTS.length - 1})`,
    );
  }
}

/** Whether `port` can be bound on `host` now (the part binds it a moment later). */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Throws PortTakenError for the first part whose port is taken. Homebridge's HAP server listens on every
 * interface (so that a Home app on the network can pair), so its port is checked there; the rest bind
 * 127.0.0.1.
 */
export async function checkPorts(ports: DemoPorts, parts: readonly DemoPart[], base: number): Promise<void> {
  for (const part of parts) {
    const hosts = part === 'homebridge' ? ['0.0.0.0', '127.0.0.1'] : ['127.0.0.1'];
    for (const host of hosts) {
      if (!(await canListen(ports[part], host))) throw new PortTakenError(part, ports[part], base);
    }
  }
}
