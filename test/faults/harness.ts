/**
 * The world of the fault suite: an emulator with 20 locks on a scaled clock, the real LockHub over real
 * HTTP sharing that clock (reaching the emulator by a name DNS can lose, see hostsEntry.ts), the key service
 * with its store in a temporary folder, and the drivers that keep commands and issuances coming.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HubEvents, HubSettings, LockHub } from '../../src/core/index.js';
import { HUB_EVENT_NAMES, createHub } from '../../src/core/index.js';
import { createKeyService } from '../../src/core/keys/service/index.js';
import type { KeyService } from '../../src/core/keys/service/index.js';
import { KeyStore } from '../../src/core/keys/store.js';
import type { Emulator } from '../../src/emulator/index.js';
import { EmulatorControl, startEmulator } from '../../src/emulator/index.js';
import type { RequestLogEntry } from '../../src/emulator/stats.js';
import type { Clock } from '../../src/util/clock.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { TEST_DEVICE_LATENCY_MS } from '../helpers/emulator.js';
import { CommandDriver, KeyDriver } from './drivers.js';
import { CLOUD_HOST } from './hostsEntry.js';

export const LOCKS = 20;
/** Doors the key driver issues doorcodes on (they get a keypad). */
export const KEY_DOORS = [101, 102, 103, 104];

export interface WorldOptions {
  /** Emulated time runs this many times faster (default 100: a 10 s poll takes 0.1 s). */
  speed?: number;
  hub?: Partial<HubSettings>;
  /** The client's real-time deadline per request (default 10 s, as in production). */
  requestTimeoutMs?: number;
  /** Emulated ms between two commands of the driver (default 15 s). */
  commandEveryMs?: number;
  /** Emulated ms between two key issuances (default 60 s). */
  issueEveryMs?: number;
  /** Keys for the hub instead of the emulator's master key (the PAK rotation scenario). */
  keys?: (control: EmulatorControl) => Promise<{ primary: string; secondary?: string }>;
}

export interface FaultWorld {
  emulator: Emulator;
  control: EmulatorControl;
  clock: Clock;
  /** Emulated time runs this many times faster than real time. */
  speed: number;
  /** The event loop's longest stall since the world started, in real ms (invariants.ts arrivalLagMs). */
  maxStallMs(): number;
  hub: LockHub;
  settings: HubSettings;
  logger: MemoryLogger;
  events: { event: keyof HubEvents; payload: unknown; at: number }[];
  service: KeyService;
  commands: CommandDriver;
  keys: KeyDriver;
  /** Request logs of emulators that were closed (the restart scenario), oldest first. */
  earlierLogs: RequestLogEntry[];
  /** Every request the emulator(s) saw, in order. */
  requests(): Promise<RequestLogEntry[]>;
  /** Stops the emulator and starts another on the same port and clock (the restart scenario). */
  restartEmulator(change: (control: EmulatorControl) => Promise<void>): Promise<void>;
  /** Closes the emulator only (the restart scenario's first half). */
  closeEmulator(): Promise<void>;
  close(): Promise<void>;
}

export const HUB_DEFAULTS: Partial<HubSettings> = {
  pollInterval: 10,
  requestBudgetPerHour: 600,
  unavailableAfterFailures: 3,
  // At 100x a 30 s deadline is 0.3 s of real time, a few requests on a loaded machine.
  commandTimeout: 120,
};

export async function startWorld(options: WorldOptions = {}): Promise<FaultWorld> {
  const speed = options.speed ?? 100;
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  let emulator = await startEmulator({
    locks: LOCKS,
    speed,
    seed: 7,
    deviceLatencyMs: TEST_DEVICE_LATENCY_MS,
  });
  const clock = emulator.clock;
  let control = new EmulatorControl(emulator.url);
  for (const id of KEY_DOORS) await control.patchLock(id, { keypad: true });
  const port = new URL(emulator.url).port;
  const created = options.keys ? await options.keys(control) : { primary: emulator.key };
  const settings: HubSettings = {
    ...HUB_DEFAULTS,
    ...options.hub,
    personalAccessKey: created.primary,
    ...(created.secondary ? { secondaryAccessKey: created.secondary } : {}),
    apiUrl: `http://${CLOUD_HOST}:${port}`,
  };
  const logger = new MemoryLogger();
  const hub = createHub(settings, { logger, clock, requestTimeoutMs: options.requestTimeoutMs });
  const events: FaultWorld['events'] = [];
  for (const event of HUB_EVENT_NAMES) {
    hub.on(event, (payload) => void events.push({ event, payload, at: clock.now() }));
  }
  hub.start();
  await hub.ready();
  const dataDir = mkdtempSync(join(tmpdir(), 'fault-suite-'));
  const store = KeyStore.open({ dataDir, now: () => new Date(clock.now()) });
  const service = createKeyService({
    context: hub.context,
    store,
    hub,
    options: {
      retryBaseMs: 2_000,
      maxRetryMs: 20_000,
      defaultDeadlineMs: 120_000,
      reconcileAtStart: false,
      reconcileIntervalMs: 0,
      deliveryAttempts: 1,
      deliveryBaseMs: 50,
    },
  });
  await service.start();
  const commands = new CommandDriver(hub, clock, options.commandEveryMs ?? 15_000);
  const keys = new KeyDriver(service, clock, KEY_DOORS, options.issueEveryMs ?? 60_000);
  commands.start();
  keys.start();

  const world: FaultWorld = {
    emulator,
    control,
    clock,
    speed,
    maxStallMs: () => stalls.max / 1e6,
    hub,
    settings,
    logger,
    events,
    service,
    commands,
    keys,
    earlierLogs: [],
    requests: async () => [...world.earlierLogs, ...(await world.control.requests())],
    closeEmulator: async () => {
      world.earlierLogs.push(...(await control.requests()));
      await emulator.close();
    },
    restartEmulator: async (change) => {
      emulator = await startEmulator({
        locks: LOCKS,
        port: Number(port),
        clock,
        seed: 7,
        deviceLatencyMs: TEST_DEVICE_LATENCY_MS,
      });
      control = new EmulatorControl(emulator.url);
      for (const id of KEY_DOORS) await control.patchLock(id, { keypad: true });
      await change(control);
      world.emulator = emulator;
      world.control = control;
    },
    close: async () => {
      stalls.disable();
      commands.stop();
      keys.stop();
      await service.stop();
      await hub.stop();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
      await world.emulator.close();
    },
  };
  return world;
}
