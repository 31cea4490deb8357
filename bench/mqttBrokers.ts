/**
 * MQTT fan-out through Mosquitto (when installed) and the embedded aedes: 500 subscribers on `tedee/+`, 100
 * locks turned at once, so one poll later the hub publishes 100 state messages and the broker delivers 50,000.
 * Reports deliveries per second (first to last delivery over all subscribers) and the time until the last
 * subscriber has every change, per round.
 */
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { validateConfig } from '../dist/config/index.js';
import { createHub } from '../dist/core/index.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import { startMqtt } from '../dist/runtime/services.js';
import { MOSQUITTO, startMosquitto } from './lib/mosquitto.ts';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const SUBSCRIBERS = 500;
const LOCKS = 100;
const ROUNDS = 3;

async function measure(broker: 'aedes' | 'mosquitto'): Promise<Record<string, unknown>> {
  const mosquitto = broker === 'mosquitto' ? await startMosquitto() : undefined;
  const emulator = await startEmulator({ locks: LOCKS, speed: 20, requestsPerHour: 1_000_000 });
  const hub = createHub(
    {
      personalAccessKey: emulator.key,
      apiUrl: emulator.url,
      pollInterval: 10,
      requestBudgetPerHour: 100_000,
    },
    { clock: emulator.clock },
  );
  const mqttConfig = mosquitto
    ? { url: mosquitto.url, discovery: { enabled: false } }
    : { embedded: { port: 0 }, discovery: { enabled: false } };
  const config = validateConfig({ personalAccessKey: emulator.key, mqtt: mqttConfig });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const services = await startMqtt(hub, config.config.mqtt!, quiet);
  hub.start();
  await hub.ready();
  const url = mosquitto?.url ?? services.broker!.url;
  const subscribers: MqttClient[] = [];
  let received = 0;
  let first = 0;
  let last = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, clientId: `bench-${broker}-${i}` });
    client.on('message', () => {
      const now = performance.now();
      if (received === 0) first = now;
      last = now;
      received++;
    });
    await client.subscribeAsync('tedee/+', { qos: 0 });
    subscribers.push(client);
  }
  const control = new EmulatorControl(emulator.url);
  const rates: number[] = [];
  const spreads: number[] = [];
  try {
    await sleep(1000); // retained messages and the first polls settle
    for (let round = 0; round < ROUNDS; round++) {
      received = 0;
      const states = await control.locks();
      await Promise.all(
        states.map((lock) => control.physical(lock.id, lock.state === 6 ? 'unlock' : 'lock')),
      );
      const expected = LOCKS * SUBSCRIBERS;
      const deadline = performance.now() + 60_000;
      while (received < expected && performance.now() < deadline) await sleep(20);
      if (received < expected)
        throw new Error(`${broker}: ${received} of ${expected} deliveries within 60 s`);
      rates.push(received / ((last - first) / 1000));
      spreads.push(last - first);
      await sleep(200);
    }
  } finally {
    await Promise.all(subscribers.map((client) => client.endAsync()));
    await services.stop();
    await hub.stop();
    await emulator.close();
    await mosquitto?.stop();
  }
  return {
    subscribers: SUBSCRIBERS,
    stateMessagesPerRound: LOCKS,
    deliveriesPerRound: LOCKS * SUBSCRIBERS,
    rounds: ROUNDS,
    medianDeliveriesPerSecond: round(percentile(rates, 50), 0),
    minDeliveriesPerSecond: round(Math.min(...rates), 0),
    medianFanOutMs: round(percentile(spreads, 50), 0),
  };
}

export async function run(): Promise<void> {
  const name = (broker: string) =>
    `MQTT fan-out through ${broker}: 100 state changes to 500 subscribers on loopback (deliveries per second)`;
  report(name('aedes (embedded)'), await measure('aedes'));
  if (MOSQUITTO) report(name('Mosquitto'), await measure('mosquitto'));
  else console.log('\nMQTT fan-out through Mosquitto: skipped, mosquitto is not installed');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
