/**
 * Memory of the daemon (hub, MQTT mirror with the embedded broker and discovery, key service, HTTP API) at 10
 * and 200 locks, in a process of its own after a garbage collection: once ready, and after an emulated hour
 * of polling (speed 360).
 */
import { startEmulator } from '../dist/emulator/index.js';
import { startDaemon } from './lib/daemonHost.ts';
import { reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);
const SPEED = 360;
const HOURS = 1;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function measure(locks: number) {
  const emulator = await startEmulator({ locks, speed: SPEED, seed: 11 });
  const daemon = await startDaemon(emulator, SPEED);
  try {
    const ready = await daemon.sample();
    await sleep((HOURS * 3_600_000) / SPEED);
    const later = await daemon.sample();
    return {
      readyRssMiB: round(ready.rssMiB, 1),
      readyHeapMiB: round(ready.heapUsedMiB, 1),
      afterPollingRssMiB: round(later.rssMiB, 1),
      afterPollingHeapMiB: round(later.heapUsedMiB, 1),
    };
  } finally {
    await daemon.stop();
    await emulator.close();
  }
}

export async function run(): Promise<void> {
  const figures: Record<string, unknown> = { hoursPolled: HOURS, speed: SPEED };
  for (const locks of [10, 200]) figures[`${locks} locks`] = await measure(locks);
  report('daemon memory at 10 and 200 locks (hub + MQTT + keys + API, own process, after GC)', figures);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
