/**
 * A 7-day soak on emulated time (speed 2400, about 4.5 minutes): the daemon (hub, MQTT mirror with the embedded
 * broker, key service, HTTP API) in its own process, 10 locks, an MQTT subscriber on everything, and all the
 * while: a command through the HTTP API every 30 minutes, someone at a door every 20 minutes, and a one-day
 * doorcode key every 6 hours (written to the lock, expired and removed by the key service's timers). Every 12
 * emulated hours the daemon reports RSS and heap after a garbage collection, its active timers and other
 * handles (process.getActiveResourcesInfo()) and the listeners on the hub's event bus and on `process`. Growth
 * is from the end of day 1 (caches and JIT warm) to day 7, and the least-squares slope per day over days 1-7.
 */
import mqtt from 'mqtt';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import type { Sample } from './lib/daemonHost.ts';
import { startDaemon } from './lib/daemonHost.ts';
import { reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);
const SPEED = 2400;
const DAYS = Number(process.env.BENCH_SOAK_DAYS ?? 7);
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** A local date-time without offset, as a key request takes it (UTC here, timeZone UTC). */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

export async function run(): Promise<void> {
  const emulator = await startEmulator({ locks: 10, speed: SPEED, seed: 7 });
  const control = new EmulatorControl(emulator.url);
  const daemon = await startDaemon(emulator, SPEED, { commandTimeout: 120 });
  const subscriber = await mqtt.connectAsync(daemon.mqtt, { reconnectPeriod: 0 });
  let messages = 0;
  // The emulated day on which the subscriber lost its connection, if it did before the end.
  let subscriberClosedOnDay: number | undefined;
  let ending = false;
  subscriber.on('message', () => messages++);
  subscriber.on('close', () => {
    if (!ending) subscriberClosedOnDay ??= round((emulator.clock.now() - start) / (24 * HOUR), 2);
  });
  await subscriber.subscribeAsync('#');
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${daemon.api}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${daemon.accessKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));
  const locks = (await control.locks()).map((lock) => lock.id);
  const keypadLock = (await control.locks()).find((lock) => lock.keypadId)?.id ?? locks[0]!;
  const start = emulator.clock.now();
  const samples: { day: number; sample: Sample }[] = [{ day: 0, sample: await daemon.sample() }];
  const messagesPerSample: number[] = [];
  const counts = { commands: 0, commandsAccepted: 0, physical: 0, keys: 0, keysAccepted: 0 };
  let nextCommand = start + 0.5 * HOUR;
  let nextPhysical = start + HOUR / 3;
  let nextKey = start + 6 * HOUR;
  let nextSample = start + 12 * HOUR;
  const pending: Promise<unknown>[] = [];
  try {
    while (emulator.clock.now() < start + DAYS * 24 * HOUR) {
      const now = emulator.clock.now();
      if (now >= nextCommand) {
        nextCommand += 0.5 * HOUR;
        const lock = locks[counts.commands % locks.length]!;
        const action = Math.floor(counts.commands / locks.length) % 2 === 0 ? 'unlock' : 'lock';
        counts.commands++;
        pending.push(
          api('POST', `/locks/${lock}/${action}`).then((answer) => {
            if (answer.status === 202) counts.commandsAccepted++;
          }),
        );
      }
      if (now >= nextPhysical) {
        nextPhysical += HOUR / 3;
        const lock = locks[(counts.physical * 3) % locks.length]!;
        counts.physical++;
        pending.push(
          control.physical(lock, counts.physical % 2 === 0 ? 'lock' : 'unlock').catch(() => undefined),
        );
      }
      if (now >= nextKey) {
        nextKey += 6 * HOUR;
        counts.keys++;
        pending.push(
          api('POST', '/keys', {
            name: `Soak guest ${counts.keys}`,
            persons: [{ name: `Soak guest ${counts.keys}` }],
            doors: [keypadLock],
            credentials: { doorcode: true },
            timeZone: 'UTC',
            from: local(now),
            until: local(now + 24 * HOUR),
          }).then((answer) => {
            if (answer.status === 201 || answer.status === 202) counts.keysAccepted++;
          }),
        );
      }
      if (now >= nextSample) {
        nextSample += 12 * HOUR;
        samples.push({ day: (now - start) / (24 * HOUR), sample: await daemon.sample() });
        messagesPerSample.push(messages);
      }
      await sleep(5);
    }
    await Promise.allSettled(pending);
    samples.push({ day: DAYS, sample: await daemon.sample() });
  } finally {
    ending = true;
    await subscriber.endAsync();
    await daemon.stop();
    await emulator.close();
  }
  const settled = samples.filter((entry) => entry.day >= 1);
  const first = settled[0]!.sample;
  const last = samples.at(-1)!.sample;
  const days = settled.map((entry) => entry.day);
  const per = (pick: (sample: Sample) => number) => ({
    start: round(pick(samples[0]!.sample), 1),
    day1: round(pick(first), 1),
    day7: round(pick(last), 1),
    growthDay1To7: round(pick(last) - pick(first), 1),
    slopePerDay: round(
      slope(
        days,
        settled.map((entry) => pick(entry.sample)),
      ),
      2,
    ),
    max: round(Math.max(...samples.map((entry) => pick(entry.sample))), 1),
  });
  report('7-day emulated soak: daemon RSS, heap, timers and listeners (speed 2400, 10 locks)', {
    ...counts,
    mqttMessages: messages,
    mqttMessagesBySample: messagesPerSample,
    mqttSubscriberClosedOnDay: subscriberClosedOnDay ?? 'never',
    samples: samples.length,
    rssMiB: per((sample) => sample.rssMiB),
    heapUsedMiB: per((sample) => sample.heapUsedMiB),
    activeTimers: per((sample) => sample.timers),
    activeResources: per((sample) => Object.values(sample.resources).reduce((a, b) => a + b, 0)),
    busListeners: per((sample) => sample.busListeners),
    processListeners: per((sample) => sample.processListeners),
    resourcesAtEnd: last.resources,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
