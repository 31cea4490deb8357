/**
 * Command overhead: for each command sent through the hub, the emulated time from `hub.command()` to
 * `confirmed`, split into the emulator's own time (from the call until the lock reached its new state, as the
 * emulator records it: the request, the operation and the motor) and the hub's overhead (from the lock reaching
 * its state until the hub confirmed it: the operation poll and the confirming read). p50 and p99 of each.
 */
import { createHub } from '../dist/core/index.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);
const COMMANDS = 100;
const SPEED = 20;

export async function run(): Promise<void> {
  const emulator = await startEmulator({ locks: 4, speed: SPEED, seed: 3, requestsPerHour: 1_000_000 });
  const control = new EmulatorControl(emulator.url);
  const hub = createHub(
    { personalAccessKey: emulator.key, apiUrl: emulator.url, requestBudgetPerHour: 100_000 },
    { clock: emulator.clock },
  );
  hub.start();
  const locks = await hub.ready();
  const total: number[] = [];
  const emulatorShare: number[] = [];
  const overhead: number[] = [];
  const outcomes: Record<string, number> = {};
  try {
    for (let i = 0; i < COMMANDS; i++) {
      const lock = locks[i % locks.length]!;
      const action = Math.floor(i / locks.length) % 2 === 0 ? 'unlock' : 'lock';
      const sentAt = emulator.clock.now();
      const result = await hub.command(lock.id, action).result;
      const confirmedAt = emulator.clock.now();
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      if (result.outcome !== 'confirmed') continue;
      const reachedAt = Date.parse((await control.lock(lock.id)).lastStateChangedDate);
      total.push(confirmedAt - sentAt);
      emulatorShare.push(reachedAt - sentAt);
      overhead.push(confirmedAt - reachedAt);
    }
  } finally {
    await hub.stop();
    await emulator.close();
  }
  const seconds = (values: number[], p: number) => round(percentile(values, p) / 1000, 2);
  report('command overhead: hub.command() -> confirmed, against the emulator own time (emulated s)', {
    commands: COMMANDS,
    outcomes,
    hubTotalP50S: seconds(total, 50),
    hubTotalP99S: seconds(total, 99),
    emulatorP50S: seconds(emulatorShare, 50),
    emulatorP99S: seconds(emulatorShare, 99),
    overheadP50S: seconds(overhead, 50),
    overheadP99S: seconds(overhead, 99),
    speed: SPEED,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
