/**
 * The daemon as `tedee-hub run` builds it (hub, MQTT with the embedded broker, key service, HTTP API), in a
 * process of its own so that its memory is measured alone: forked by daemonHost.ts with --expose-gc. Its clock
 * runs at the emulator's speed and is moved to the emulator's time, as if both shared one clock.
 * Messages: in `{sample: true}` -> out a Sample; out `{ready: {...}}` once everything runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../dist/config/index.js';
import { createHub } from '../../dist/core/index.js';
import { startApi } from '../../dist/runtime/api.js';
import { startKeyServices } from '../../dist/runtime/keys.js';
import { startMqtt } from '../../dist/runtime/services.js';
import { scaledClock } from '../../dist/util/clock.js';

// Warnings and errors reach the benchmark's stderr: a soak that logs errors is worth reading.
const quiet = {
  debug() {},
  info() {},
  warn: (message: string) => console.error(`daemon warn: ${message}`),
  error: (message: string) => console.error(`daemon error: ${message}`),
};
const env = JSON.parse(process.env.BENCH_DAEMON!) as {
  url: string;
  key: string;
  speed: number;
  emulatedNow: number;
  realAt: number;
  settings?: Record<string, unknown>;
};

const clock = scaledClock(env.speed);
// The emulator's time now, from the moment the parent read it; the clock can only move forward.
const target = env.emulatedNow + (Date.now() - env.realAt) * env.speed;
if (target > clock.now()) clock.advance(target - clock.now());

/** The API's port must be a real one (1-65535), so a free one is picked first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-daemon-'));
const checked = validateConfig({
  personalAccessKey: env.key,
  apiUrl: env.url,
  dataDir,
  mqtt: { embedded: { port: 0 }, discovery: { enabled: true } },
  api: { port: await freePort() },
  ...env.settings,
});
if (!checked.ok) throw new Error(checked.errors.join('; '));
for (const warning of checked.warnings) console.error(`daemon config: ${warning}`);
const config = checked.config;
const hub = createHub(config, { logger: quiet, clock });
const mqtt = await startMqtt(hub, config.mqtt!, quiet);
hub.start();
const keys = startKeyServices(hub, config, quiet);
const api = await startApi(hub, config, keys, quiet);
const locks = await hub.ready();
await keys.started;
const apps = (await keys.apps)!;
const app = apps.addApplication({ name: 'bench', group: 'owner' });
const accessKey = apps.addAccessKey(app.id, { name: 'bench' }).key;

/** Listeners on the hub's event bus (its map is private to TypeScript only). */
function busListeners(): number {
  const bus = hub.context.bus as unknown as { listeners: Map<string, Set<unknown>> };
  let count = 0;
  for (const set of bus.listeners.values()) count += set.size;
  return count;
}

function sample() {
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  return {
    emulatedAt: clock.now(),
    rssMiB: memory.rss / 2 ** 20,
    heapUsedMiB: memory.heapUsed / 2 ** 20,
    resources,
    timers: resources.Timeout ?? 0,
    busListeners: busListeners(),
    processListeners: process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0),
  };
}

async function stop(): Promise<void> {
  await api?.stop();
  await keys.stop();
  await mqtt.stop();
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.send!({ stopped: true });
  process.disconnect();
}

// The benchmark that forked this process is gone (it crashed, or was stopped): nothing is left to measure.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: { sample?: boolean; stop?: boolean }) => {
  if (message.sample) process.send!({ sample: sample() });
  if (message.stop) void stop();
});
process.send!({ ready: { api: api?.url, mqtt: mqtt.broker?.url, accessKey, locks: locks.length } });
