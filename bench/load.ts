/**
 * The load of issue 14 for one emulated hour (speed 60): 200 locks, 100 commands a minute (round robin over
 * the locks, each turned the other way), a doorcode key issued every 72 s (50 in the hour, one keypad door
 * each), 1,000 keys in the store, and the MQTT mirror (embedded broker) with one subscriber on everything.
 * Reports what the hub did with it: requests per sliding and per clock hour against its budget (600) and
 * Tedee's limit (700), 429s, the commands' outcomes and codes, the overhead of the confirmed ones (lock reached
 * its state -> confirmed, p50/p99, emulated s), the keys' outcomes (keys wait while commands take the budget), and the process's memory. 100 commands a minute need
 * about 30,000 requests an hour, forty times Tedee's limit: the point is that the budget holds and that every
 * command ends with a code, not that they all run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { validateConfig } from '../dist/config/index.js';
import { createHub, createKeyService } from '../dist/core/index.js';
import { KeyStore } from '../dist/core/keys/store.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import { startMqtt } from '../dist/runtime/services.js';
import { percentile, reporter, round } from './lib/report.ts';
import { fillStore } from './lib/storedKeys.ts';

const report = reporter(import.meta.url);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const SPEED = 60;
const HOUR = 3_600_000;
const LOCKS = 200;
const KEYPAD_DOORS = 50;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

function maxPerSlidingHour(times: number[]): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= HOUR) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

export async function run(): Promise<void> {
  const emulator = await startEmulator({ locks: LOCKS, speed: SPEED, seed: 13 });
  const control = new EmulatorControl(emulator.url);
  const lockIds = (await control.locks()).map((lock) => lock.id);
  for (const id of lockIds.slice(0, KEYPAD_DOORS)) await control.patchLock(id, { keypad: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const hub = createHub({ personalAccessKey: emulator.key, apiUrl: emulator.url }, { clock: emulator.clock });
  const store = KeyStore.open({ dataDir, now: () => new Date(emulator.clock.now()) });
  fillStore(store, 1000, lockIds);
  const service = createKeyService({ context: hub.context, store, hub });
  const config = validateConfig({ personalAccessKey: emulator.key, mqtt: { embedded: { port: 0 } } });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const mirror = await startMqtt(hub, config.config.mqtt!, quiet);
  hub.start();
  await hub.ready();
  await service.start();
  const subscriber = await mqtt.connectAsync(mirror.broker!.url, { reconnectPeriod: 0 });
  let mqttMessages = 0;
  subscriber.on('message', () => mqttMessages++);
  await subscriber.subscribeAsync('#');

  const outcomes: Record<string, number> = {};
  const overhead: number[] = [];
  const keyOutcomes: Record<string, number> = {};
  const pending: Promise<unknown>[] = [];
  const count = (into: Record<string, number>, name: string) => (into[name] = (into[name] ?? 0) + 1);
  const start = emulator.clock.now();
  let commands = 0;
  let keys = 0;
  try {
    while (emulator.clock.now() < start + HOUR) {
      const now = emulator.clock.now();
      while (start + commands * 600 <= now) {
        const lock = lockIds[commands % LOCKS]!;
        const action = Math.floor(commands / LOCKS) % 2 === 0 ? 'unlock' : 'lock';
        commands++;
        const sentAt = now;
        try {
          const ticket = hub.command(lock, action);
          pending.push(
            ticket.result.then(async (result) => {
              count(
                outcomes,
                result.outcome === 'confirmed' ? 'confirmed' : `${result.outcome} ${result.code}`,
              );
              if (result.outcome !== 'confirmed') return;
              const confirmedAt = emulator.clock.now();
              const reachedAt = Date.parse((await control.lock(lock)).lastStateChangedDate);
              // A lock already in the asked state does not move: no motor time to subtract.
              if (reachedAt >= sentAt) overhead.push(confirmedAt - reachedAt);
            }),
          );
        } catch (error) {
          count(outcomes, `refused ${(error as { code?: string }).code}`);
        }
      }
      while (keys < 50 && start + keys * 72_000 <= now) {
        const door = lockIds[keys % KEYPAD_DOORS]!;
        keys++;
        pending.push(
          service
            .issue(
              {
                name: `Load guest ${keys}`,
                persons: [{ name: `Load guest ${keys}` }],
                doors: [door],
                credentials: { doorcode: true },
                timeZone: 'UTC',
                from: local(now),
                until: local(now + 24 * HOUR),
              },
              { issuer: 'bench', role: 'owner' },
            )
            .then(
              (key) => count(keyOutcomes, (key as { status: string }).status),
              (error: { code?: string }) => count(keyOutcomes, `error ${error.code}`),
            ),
        );
      }
      await sleep(20);
    }
    await Promise.allSettled(pending);
  } finally {
    await subscriber.endAsync();
    await mirror.stop();
    await service.stop();
    store.close();
    await hub.stop();
  }
  const log = (await control.requests(start)).filter((entry) => entry.t < start + HOUR);
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
  const perClockHour = new Map<number, number>();
  for (const entry of log)
    perClockHour.set(Math.floor(entry.t / HOUR), (perClockHour.get(Math.floor(entry.t / HOUR)) ?? 0) + 1);
  const memory = process.memoryUsage();
  report(
    'load: 200 locks, 100 commands/min, 50 key issuances/h, 1,000 keys stored, MQTT mirror (1 emulated hour)',
    {
      speed: SPEED,
      requests: log.length,
      maxPerSlidingHour: maxPerSlidingHour(log.map((entry) => entry.t).sort((a, b) => a - b)),
      maxPerClockHour: Math.max(...perClockHour.values()),
      budgetPerHour: 600,
      tedeeLimitPerHour: 700,
      status429: log.filter((entry) => entry.status === 429).length,
      commandsSubmitted: commands,
      commandOutcomes: outcomes,
      confirmedOverheadP50S: round(percentile(overhead, 50) / 1000, 2),
      confirmedOverheadP99S: round(percentile(overhead, 99) / 1000, 2),
      keysIssued: keys,
      keyOutcomes,
      mqttMessages,
      rssMiBWithEmulator: round(memory.rss / 2 ** 20, 1),
      heapUsedMiBWithEmulator: round(memory.heapUsed / 2 ** 20, 1),
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
