/**
 * The HTTP API's requests per second: 20 concurrent clients (a loop of fetch calls with keep-alive, in this
 * process) for 5 s on each of `GET /api/v1/health` (no key), `GET /api/v1/locks` (10 locks, an owner's access
 * key) and `GET /api/v1/keys` (200 expired keys in the store), against the real server on 127.0.0.1. The client loop
 * shares the process and the 2 cores with the server, so the figures are a floor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiServer } from '../dist/api/index.js';
import { createHub, createKeyService, openApplications } from '../dist/core/index.js';
import { KeyStore } from '../dist/core/keys/store.js';
import { startEmulator } from '../dist/emulator/index.js';
import { fillStore } from './lib/storedKeys.ts';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const CONCURRENCY = 20;
const SECONDS = 5;
const KEYS = 200;

async function hammer(url: string, key: string | undefined): Promise<Record<string, number>> {
  const headers = key ? { authorization: `Bearer ${key}` } : undefined;
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) failures++;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return {
    requests: latencies.length,
    failures,
    perSecond: round(latencies.length / SECONDS, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

export async function run(): Promise<void> {
  const emulator = await startEmulator({ locks: 10, speed: 1, requestsPerHour: 1_000_000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const hub = createHub(
    { personalAccessKey: emulator.key, apiUrl: emulator.url, requestBudgetPerHour: 100_000 },
    { clock: emulator.clock },
  );
  const store = KeyStore.open({ dataDir, now: () => new Date(emulator.clock.now()) });
  const service = createKeyService({ context: hub.context, store, hub });
  hub.start();
  await hub.ready();
  await service.start();
  const apps = openApplications(store, emulator.clock);
  const server = createApiServer({ hub, keys: service, apps, config: { port: 0 }, logger: quiet });
  const { url } = await server.listen();
  try {
    const app = apps.addApplication({ name: 'bench', group: 'owner' });
    const key = apps.addAccessKey(app.id, { name: 'bench' }).key;
    const locks = (await hub.ready()).map((lock) => lock.id);
    fillStore(store, KEYS, locks);
    const figures = {
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      health: await hammer(`${url}/api/v1/health`, undefined),
      locks: await hammer(`${url}/api/v1/locks`, key),
      keys: await hammer(`${url}/api/v1/keys`, key),
    };
    report('HTTP API requests per second (20 concurrent keep-alive clients, 127.0.0.1)', figures);
  } finally {
    await server.close();
    await service.stop();
    store.close();
    await hub.stop();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
