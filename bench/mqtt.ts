/**
 * MQTT: state changes mirrored per second (500 locks turned at once, one poll later all 500 changes go out),
 * and the time from a physical change in the emulator to the MQTT message, split into the poll (emulated
 * seconds) and the mirror's own share (real milliseconds from the hub's event to the subscriber). Change
 * times are drawn uniformly over the poll interval, so the median is about half of it.
 */
import mqtt from 'mqtt';
import { validateConfig } from '../dist/config/index.js';
import { createHub } from '../dist/core/index.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import { startMqtt } from '../dist/runtime/services.js';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function setup(locks: number, pollInterval: number) {
  const emulator = await startEmulator({ locks, speed: 20, requestsPerHour: 1_000_000 });
  const hub = createHub(
    { personalAccessKey: emulator.key, apiUrl: emulator.url, pollInterval },
    { clock: emulator.clock },
  );
  const config = validateConfig({
    personalAccessKey: emulator.key,
    mqtt: { embedded: { port: 0 }, discovery: { enabled: false } },
  });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const services = await startMqtt(hub, config.config.mqtt!, quiet);
  hub.start();
  await hub.ready();
  const observer = await mqtt.connectAsync(services.broker!.url, { reconnectPeriod: 0 });
  const received: { topic: string; at: number }[] = [];
  observer.on('message', (topic) => received.push({ topic, at: performance.now() }));
  await observer.subscribeAsync('tedee/+', { qos: 1 });
  await sleep(500);
  return {
    emulator,
    hub,
    control: new EmulatorControl(emulator.url),
    received,
    close: async () => {
      await observer.endAsync();
      await services.stop();
      await hub.stop();
      await emulator.close();
    },
  };
}

async function throughput(): Promise<number[]> {
  const locks = 500;
  const { hub, control, received, close } = await setup(locks, 60);
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    // Every lock at rest first (2 unlocked, 6 locked): a lock still moving from the last round would refuse the
    // next turn, and a poll that sees it half-way publishes a transitional state besides the final one.
    let states = await control.locks();
    while (states.some((lock) => lock.state !== 2 && lock.state !== 6)) {
      await sleep(50);
      states = await control.locks();
    }
    await sleep(4000); // a poll (60 s emulated = 3 s) publishes the last round's final states
    received.length = 0;
    // Every lock turns the other way, so each one changes once; counted per lock (topic), transitional
    // states seen on the way are extra messages.
    await Promise.all(states.map((lock) => control.physical(lock.id, lock.state === 6 ? 'unlock' : 'lock')));
    const topics = () => new Set(received.map((message) => message.topic)).size;
    const deadline = performance.now() + 60_000;
    while (topics() < locks && performance.now() < deadline) await sleep(20);
    if (topics() < locks) {
      throw new Error(
        `MQTT throughput: state messages of ${topics()} of ${locks} locks within 60 s (budget ${JSON.stringify(hub.budget())})`,
      );
    }
    const first = Math.min(...received.map((message) => message.at));
    const last = Math.max(...received.map((message) => message.at));
    rates.push(received.length / ((last - first) / 1000));
  }
  await close();
  return rates;
}

/** Waits `ms` of emulated time (the emulator runs faster than real time). */
async function waitEmulated(clock: { now(): number }, ms: number): Promise<void> {
  const until = clock.now() + ms;
  while (clock.now() < until) await sleep(2);
}

async function latency(trials: number, pollIntervalS: number) {
  const { emulator, hub, control, received, close } = await setup(3, pollIntervalS);
  const polls: number[] = [];
  const mirror: number[] = [];
  for (let i = 0; i < trials; i++) {
    // Each trial starts just after a poll (the previous change was just seen): a wait drawn uniformly over the
    // whole poll interval puts the change at a uniformly random point of the poll cycle, as a door would.
    await waitEmulated(emulator.clock, Math.random() * pollIntervalS * 1000);
    let eventAt = 0;
    const off = hub.on('stateChanged', ({ lock }) => {
      if (lock.id === 102) eventAt = performance.now();
    });
    received.length = 0;
    const changedAt = emulator.clock.now();
    await control.physical(102, i % 2 === 0 ? 'unlock' : 'lock');
    const deadline = performance.now() + 60_000;
    while (!received.some((message) => message.topic === 'tedee/back_door')) {
      if (performance.now() > deadline) throw new Error('MQTT latency: no state message within 60 s');
      await sleep(2);
    }
    polls.push(emulator.clock.now() - changedAt);
    mirror.push(received.find((message) => message.topic === 'tedee/back_door')!.at - eventAt);
    off();
  }
  await close();
  return { polls, mirror };
}

export async function run(): Promise<void> {
  const rates = await throughput();
  report('MQTT: state changes mirrored per second (500 locks changed at once, aedes on loopback)', {
    rounds: rates.length,
    medianPerSecond: round(percentile(rates, 50), 0),
    minPerSecond: round(Math.min(...rates), 0),
  });
  const { polls, mirror } = await latency(40, 20);
  report('MQTT: physical change -> MQTT state message (20 s poll interval)', {
    sampling: 'change times uniform over the poll interval',
    trials: polls.length,
    totalMedianS: round(percentile(polls, 50) / 1000, 2),
    totalP95S: round(percentile(polls, 95) / 1000, 2),
    mirrorShareMedianMs: round(percentile(mirror, 50), 2),
    mirrorShareP95Ms: round(percentile(mirror, 95), 2),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
