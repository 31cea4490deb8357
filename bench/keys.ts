/**
 * Issuing one doorcode key to 1, 10 and 50 doors: the emulated time until `issue` returns (every PIN on its
 * lock) and the cloud requests it takes, against the hub's request budget (600 per hour by default). The
 * emulator keeps its realistic device latency (2 s of emulated time per PIN reaching a lock); emulator, hub
 * and key service share one clock running SPEED times faster, so all times are emulated time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, createKeyService } from '../dist/core/index.js';
import { KeyStore } from '../dist/core/keys/store.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);

const SPEED = 20;
const TRIALS = 3;
const DOOR_COUNTS = [1, 10, 50];

interface Trial {
  ms: number;
  requests: number;
  keyWrites: number;
  budgetUsed: number;
  budgetLimit: number;
  status: string;
}

/** Routes of the key's own writes, as the emulator's statistics name them. */
const isKeyWrite = (route: string) => /pin|access|link/i.test(route);

async function issueTrials(doors: number): Promise<Trial[]> {
  const emulator = await startEmulator({ locks: doors, speed: SPEED, seed: 5 });
  const control = new EmulatorControl(emulator.url);
  for (const lock of await control.locks()) await control.patchLock(lock.id, { keypad: true });
  const hub = createHub({ personalAccessKey: emulator.key, apiUrl: emulator.url }, { clock: emulator.clock });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-keys-'));
  const store = KeyStore.open({ dataDir, now: () => new Date(emulator.clock.now()) });
  const service = createKeyService({ context: hub.context, store, hub });
  hub.start();
  try {
    await hub.ready();
    await service.start();
    const lockIds = (await control.locks()).map((lock) => lock.id);
    const trials: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await control.resetStats();
      const before = hub.budget().used;
      const start = emulator.clock.now();
      const key = (await service.issue(
        {
          name: `Bench ${doors} doors #${i}`,
          persons: [{ name: 'Bench Guest' }],
          doors: lockIds,
          credentials: { doorcode: true },
          timeZone: 'Europe/Warsaw',
        },
        { issuer: 'bench', role: 'owner' },
      )) as { status: string };
      const ms = emulator.clock.now() - start;
      const stats = await control.stats();
      const budget = hub.budget();
      const keyWrites = Object.entries(stats.byRoute)
        .filter(([route]) => isKeyWrite(route))
        .reduce((sum, [, entry]) => sum + entry.count, 0);
      trials.push({
        ms,
        requests: stats.total,
        keyWrites,
        budgetUsed: budget.used - before,
        budgetLimit: budget.limitPerHour,
        status: key.status,
      });
    }
    return trials;
  } finally {
    await service.stop();
    store.close();
    await hub.stop();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const figures: Record<string, unknown> = {
    what:
      'one doorcode key issued to N doors: emulated seconds until issue() returns, cloud requests during it ' +
      `(median of ${TRIALS}), share of the hourly request budget; device latency 2 s emulated, clock at ${SPEED}x`,
    speed: SPEED,
    deviceLatencyMs: 2000,
  };
  for (const doors of DOOR_COUNTS) {
    const trials = await issueTrials(doors);
    const seconds = trials.map((t) => t.ms / 1000);
    const requests = percentile(
      trials.map((t) => t.budgetUsed),
      50,
    );
    const limit = trials[0]!.budgetLimit;
    figures[`${doors} doors`] = {
      statuses: [...new Set(trials.map((t) => t.status))],
      medianS: round(percentile(seconds, 50), 2),
      maxS: round(Math.max(...seconds), 2),
      // Every request the hub sent meanwhile (its 20 s polls included), and the key's own writes among them.
      requests,
      keyWriteRequests: percentile(
        trials.map((t) => t.keyWrites),
        50,
      ),
      requestsSeenByEmulator: percentile(
        trials.map((t) => t.requests),
        50,
      ),
      budgetPerHour: limit,
      budgetSharePercent: round((100 * requests) / limit, 1),
    };
  }
  report('keys', figures);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
