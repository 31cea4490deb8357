/**
 * What each front end shows, seen from outside as a user's app would: the MQTT topics (as Home Assistant reads
 * them) and Homebridge's accessories over HAP (insecure mode, as the Home app would read them after pairing).
 * The demo waits on these before it prints its table, and the scenario's summary is what they saw.
 */
import mqtt from 'mqtt';

/** One change a front end showed: when (real ms), and a line for the summary. */
export interface Sighting {
  at: number;
  text: string;
}

export interface Witness {
  name: string;
  sightings: Sighting[];
  stop(): Promise<void>;
}

/** Waits until `check` is truthy, polling every `everyMs`; rejects with `what` after `timeoutMs`. */
export async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Every message under `<base>/#` (retained ones too: the retained state is what the table waits for), and the
 * messages the demo's Node-RED flow publishes under `node-red/#`.
 */
export async function mqttWitness(
  url: string,
  base = 'tedee',
): Promise<Witness & { retained: Map<string, string>; nodeRed: { topic: string; text: string }[] }> {
  const client = await mqtt.connectAsync(url, {
    reconnectPeriod: 1000,
    clientId: `tedee-demo-witness-${process.pid}`,
  });
  const retained = new Map<string, string>();
  const nodeRed: { topic: string; text: string }[] = [];
  const sightings: Sighting[] = [];
  client.on('message', (topic, payload, packet) => {
    const text = payload.toString();
    if (topic.startsWith('node-red/')) nodeRed.push({ topic, text });
    if (packet.retain) retained.set(topic, text);
    else sightings.push({ at: Date.now(), text: `${topic} ${text}` });
    // A retained message that changes while we are subscribed arrives without the retain flag.
    if (!packet.retain && !topic.endsWith('/set') && !topic.endsWith('/result')) retained.set(topic, text);
  });
  await client.subscribeAsync([`${base}/#`, 'node-red/#']);
  return { name: 'MQTT', sightings, retained, nodeRed, stop: () => client.endAsync() };
}

const HAP_BASE = '-0000-1000-8000-0026BB765291';
const hapType = (short: string) => `${short.padStart(8, '0')}${HAP_BASE}`;
const HAP = {
  name: hapType('23'),
  lockMechanism: hapType('45'),
  lockCurrentState: hapType('1D'),
  battery: hapType('96'),
  batteryLevel: hapType('68'),
  statusLowBattery: hapType('79'),
  contactState: hapType('6A'),
};
const CURRENT_STATE = ['unsecured', 'secured', 'jammed', 'unknown'];

interface HapCharacteristic {
  type: string;
  value?: unknown;
}
interface HapAccessory {
  aid: number;
  services: { type: string; characteristics: HapCharacteristic[] }[];
}

function normalType(type: string): string {
  return type.length <= 8 ? hapType(type.toUpperCase()) : type.toUpperCase();
}

/** Per lock accessory: its name and the values a Home app shows (lock state, battery, low battery, door). */
export function hapView(accessories: HapAccessory[]): Map<string, Record<string, unknown>> {
  const view = new Map<string, Record<string, unknown>>();
  for (const accessory of accessories) {
    const value = (service: string, characteristic: string) =>
      accessory.services
        .find((candidate) => normalType(candidate.type) === service)
        ?.characteristics.find((candidate) => normalType(candidate.type) === characteristic)?.value;
    const lock = accessory.services.find((service) => normalType(service.type) === HAP.lockMechanism);
    if (!lock) continue;
    const state = value(HAP.lockMechanism, HAP.lockCurrentState);
    const name = value(HAP.lockMechanism, HAP.name);
    view.set(typeof name === 'string' ? name : `accessory ${accessory.aid}`, {
      state: typeof state === 'number' ? (CURRENT_STATE[state] ?? state) : state,
      battery: value(HAP.battery, HAP.batteryLevel),
      lowBattery: value(HAP.battery, HAP.statusLowBattery) === 1,
    });
  }
  return view;
}

export async function readHap(port: number): Promise<Map<string, Record<string, unknown>>> {
  const response = await fetch(`http://127.0.0.1:${port}/accessories`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`HAP answered ${response.status}`);
  return hapView(((await response.json()) as { accessories: HapAccessory[] }).accessories);
}

/** Reads Homebridge's accessories every `everyMs` and notes every change of what a Home app would show. */
export function hapWitness(
  port: number,
  everyMs = 500,
): Witness & { latest: () => Map<string, Record<string, unknown>> } {
  const sightings: Sighting[] = [];
  let latest = new Map<string, Record<string, unknown>>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const view = await readHap(port).catch(() => undefined);
      if (view) {
        for (const [name, values] of view) {
          const before = latest.get(name);
          for (const [field, value] of Object.entries(values)) {
            if (before && before[field] !== value)
              sightings.push({ at: Date.now(), text: `${name} ${field} ${String(value)}` });
          }
        }
        latest = view;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    name: 'Homebridge (HAP)',
    sightings,
    latest: () => latest,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** One event of the HTTP API's stream (`GET /api/v1/events`), as a booking system or the Keys page gets it. */
export interface ApiEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Follows the API's Server-Sent Events with `key`, as the Keys page does (fetch and a streamed body). */
export async function apiWitness(apiUrl: string, key: string): Promise<Witness & { events: ApiEvent[] }> {
  const abort = new AbortController();
  const response = await fetch(`${apiUrl}/api/v1/events`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`the API's event stream answered ${response.status}`);
  const events: ApiEvent[] = [];
  const sightings: Sighting[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!event || data === undefined) continue;
        events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        sightings.push({ at: Date.now(), text: event });
      }
    }
  })().catch(() => undefined);
  return {
    name: 'HTTP API events',
    sightings,
    events,
    stop: async () => {
      abort.abort();
      await reading;
    },
  };
}
