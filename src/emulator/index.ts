/**
 * A faithful local emulator of the Tedee cloud (tedee-api.md section 11): a real HTTP server on loopback
 * with keys, scopes, rate limits, the lock state machine, PINs, accesses, activity and organizations,
 * plus a control API for tests and demos.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock } from '../util/clock.js';
import { scaledClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { ClientVersions } from './apiVersions.js';
import { createControlHandler } from './control.js';
import { DeviceLink } from './deviceLink.js';
import { Faults } from './faults.js';
import type { ApiRoute } from './http/context.js';
import { Router } from './http/router.js';
import { createRequestListener } from './http/server.js';
import { LockRunner } from './lockRunner.js';
import { FixedWindowLimiter } from './rateLimiter.js';
import { accessRoutes } from './routes/access.js';
import { activityRoutes } from './routes/activity.js';
import { keyRoutes } from './routes/keys.js';
import { lockRoutes } from './routes/locks.js';
import { operationRoutes } from './routes/operations.js';
import { organizationUserRoutes } from './routes/organizationUsers.js';
import { organizationRoutes } from './routes/organizations.js';
import { pinRoutes } from './routes/pins.js';
import { Stats } from './stats.js';
import { World } from './world.js';

export { EmulatorControl } from './controlClient.js';

/** A PIN reaches a Tedee keypad lock in about two seconds in the Tedee app; the docs give no figure. */
const DEFAULT_DEVICE_LATENCY_MS = 2000;
/** Undocumented; short enough that a client's own deadline (10 s and more) sees the 408. */
const DEFAULT_DEVICE_TIMEOUT_MS = 8000;
export type { FaultRule } from './faults.js';

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Number of generated locks (default 3). */
  locks?: number;
  /** Seed of the generated world (default 1). */
  seed?: number;
  /** Emulated time runs this many times faster than real time (default 1). Ignored when `clock` is given. */
  speed?: number;
  /** A clock to share with the code under test (e.g. the same scaled clock). */
  clock?: Clock;
  /** PINs per lock before 412 (default 100; Tedee does not document its limit). */
  pinLimit?: number;
  /** Requests per account per clock hour (default 700). */
  requestsPerHour?: number;
  /** GET /my/lock per key per 10 minutes (default 10). */
  lockListPer10Minutes?: number;
  /**
   * Emulated milliseconds for a write to reach a lock through its bridge and be answered: settings, PINs,
   * accesses (default 2000, scaled by the speed like every emulated time).
   */
  deviceLatencyMs?: number;
  /** Where the emulator notes each client's API version and warns about retired ones (default: silent). */
  logger?: Logger;
  /** Emulated milliseconds the cloud waits for a lock that does not answer before its 408 (default 8000). */
  deviceTimeoutMs?: number;
}

export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:43123 (the API is under /api/v37). */
  url: string;
  /** A Personal Access Key with every scope. */
  key: string;
  speed: number;
  clock: Clock;
  world: World;
  faults: Faults;
  stats: Stats;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const speed = options.speed ?? 1;
  const clock = options.clock ?? scaledClock(speed);
  const world = new World({
    locks: options.locks ?? 3,
    seed: options.seed ?? 1,
    clock,
    pinLimit: options.pinLimit ?? 100,
  });
  const runner = new LockRunner(world);
  const device = new DeviceLink(world, {
    latencyMs: options.deviceLatencyMs ?? DEFAULT_DEVICE_LATENCY_MS,
    timeoutMs: options.deviceTimeoutMs ?? DEFAULT_DEVICE_TIMEOUT_MS,
  });
  const faults = new Faults(() => world.random);
  const stats = new Stats(() => clock.now());
  const versions = new ClientVersions(clock, options.logger ?? silentLogger);
  const accountLimiter = new FixedWindowLimiter(options.requestsPerHour ?? 700, 3_600_000, clock);
  const lockListLimiter = new FixedWindowLimiter(options.lockListPer10Minutes ?? 10, 600_000, clock);
  const router = new Router<ApiRoute>().add(
    ...lockRoutes,
    ...operationRoutes,
    ...pinRoutes,
    ...accessRoutes,
    ...activityRoutes,
    ...keyRoutes,
    ...organizationRoutes,
    ...organizationUserRoutes,
  );
  let url = '';
  const sockets = new Set<Socket>();
  const control = createControlHandler({
    world,
    runner,
    device,
    faults,
    stats,
    versions,
    speed,
    url: () => url,
    reset: () => {
      runner.stopAll();
      device.reset();
      world.reset();
      faults.clear();
      stats.reset();
      versions.reset();
      accountLimiter.reset();
      lockListLimiter.reset();
    },
    dropConnections: (keep) => {
      const others = [...sockets].filter((socket) => socket !== keep);
      others.forEach((socket) => socket.destroy());
      return others.length;
    },
  });
  const listener = createRequestListener(
    { world, runner, device, router, faults, versions, accountLimiter, lockListLimiter, baseUrl: () => url },
    control,
    stats,
  );
  const server = createServer((request, response) => {
    listener(request, response).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    key: world.masterKey,
    speed,
    clock,
    world,
    faults,
    stats,
    close: async () => {
      runner.stopAll();
      device.reset();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
