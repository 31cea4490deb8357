/**
 * The hub's cloud requests per hour for 1, 10, 50 and 200 locks, the time from a physical change in the
 * emulator to the stateChanged event, and from the lock reaching its new state to a command's confirmation.
 * Emulator and hub share one scaled clock; all times are in emulated time.
 */
import { createHub } from '../dist/core/index.js';
import type { LockHub } from '../dist/core/index.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import type { Emulator } from '../dist/emulator/index.js';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);

const HOUR = 3_600_000;

async function withHub<T>(
  locks: number,
  speed: number,
  work: (hub: LockHub, emulator: Emulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ locks, speed, seed: 3 });
  const hub = createHub({ personalAccessKey: emulator.key, apiUrl: emulator.url }, { clock: emulator.clock });
  hub.start();
  await hub.ready();
  try {
    return await work(hub, emulator);
  } finally {
    await hub.stop();
    await emulator.close();
  }
}

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// At 600x a request's real latency (about 1.5 ms) costs about 1 s of emulated time, so polls come a little
// later than the 20 s of real time would give; the figures are slightly below the real ones (3600/20 + 1).
async function requestsPerHour(locks: number): Promise<number> {
  const hours = 2;
  return withHub(locks, 600, async (_hub, emulator) => {
    const control = new EmulatorControl(emulator.url);
    await control.resetStats();
    const start = emulator.clock.now();
    while (emulator.clock.now() - start < hours * HOUR) await realSleep(50);
    return (await control.stats()).total / hours;
  });
}

async function changeToEvent(trials: number): Promise<number[]> {
  return withHub(3, 20, async (hub, emulator) => {
    const control = new EmulatorControl(emulator.url);
    const delays: number[] = [];
    for (let i = 0; i < trials; i++) {
      await realSleep(Math.random() * 1000);
      const seen = new Promise<number>((resolve) => {
        const off = hub.on('stateChanged', ({ lock }) => {
          if (lock.id !== 102) return;
          off();
          resolve(emulator.clock.now());
        });
      });
      const changedAt = emulator.clock.now();
      await control.physical(102, i % 2 === 0 ? 'unlock' : 'lock');
      delays.push((await seen) - changedAt);
    }
    return delays;
  });
}

async function confirmationDelay(trials: number): Promise<number[]> {
  return withHub(3, 20, async (hub, emulator) => {
    const control = new EmulatorControl(emulator.url);
    const delays: number[] = [];
    for (let i = 0; i < trials; i++) {
      const result = await hub.command(101, i % 2 === 0 ? 'unlock' : 'lock').result;
      const confirmedAt = emulator.clock.now();
      const reachedAt = Date.parse((await control.lock(101)).lastStateChangedDate);
      if (result.outcome === 'confirmed') delays.push(confirmedAt - reachedAt);
    }
    return delays;
  });
}

export async function run(): Promise<void> {
  const perHour: Record<string, number> = {};
  for (const locks of [1, 10, 50, 200]) perHour[`${locks} locks`] = round(await requestsPerHour(locks), 1);
  report(
    'hub cloud requests per hour (default settings: 20 s polls, hourly full refresh, no commands)',
    perHour,
  );
  const changes = await changeToEvent(30);
  report('physical change in the emulator -> stateChanged (emulated seconds, 20 s poll interval)', {
    trials: changes.length,
    medianS: round(percentile(changes, 50) / 1000, 2),
    p95S: round(percentile(changes, 95) / 1000, 2),
    maxS: round(Math.max(...changes) / 1000, 2),
  });
  const confirmations = await confirmationDelay(20);
  report('lock reached its new state -> commandFinished confirmed (emulated seconds)', {
    trials: confirmations.length,
    medianS: round(percentile(confirmations, 50) / 1000, 2),
    p95S: round(percentile(confirmations, 95) / 1000, 2),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
