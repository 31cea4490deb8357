/**
 * A key service on the emulator for tests: a hub sharing the emulator's clock, a key store in a fresh
 * folder, the service started; everything closed after the test. Direct reads of the emulator's world prove
 * what is (and is not) in the cloud.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { KeyServiceOptions } from '../../src/core/keys/service/index.js';
import { createKeyService, type KeyService } from '../../src/core/keys/service/index.js';
import type { Delivery, DeliveryChannel } from '../../src/core/keys/delivery/index.js';
import { KeyStore } from '../../src/core/keys/store.js';
import type { HubSettings, LockHub } from '../../src/core/index.js';
import type { MemoryLogger } from '../../src/util/logger.js';
import type { FaultRule } from '../../src/emulator/faults.js';
import type { EmulatorFixture } from './emulator.js';
import { startHub } from './hub.js';
import { waitFor } from './wait.js';

export const OWNER = { issuer: 'test', role: 'owner' as const };

export interface ServiceFixture {
  service: KeyService;
  store: KeyStore;
  hub: LockHub;
  logger: MemoryLogger;
  dataDir: string;
  deliveries: Delivery[];
  keyEvents: { change: string; key: { id: string; status: string; persons: { doorcode?: string }[] } }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const FAST: KeyServiceOptions = {
  retryBaseMs: 100,
  maxRetryMs: 300,
  defaultDeadlineMs: 3_000,
  reconcileAtStart: false,
  reconcileIntervalMs: 0,
  deliveryAttempts: 2,
  deliveryBaseMs: 50,
};

export async function startKeyService(
  env: EmulatorFixture,
  options: {
    service?: KeyServiceOptions;
    hub?: Partial<HubSettings>;
    channels?: DeliveryChannel[];
    dataDir?: string;
  } = {},
): Promise<ServiceFixture> {
  const { hub, logger } = startHub(env, options.hub);
  await hub.ready();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keys-service-'));
  const store = KeyStore.open({ dataDir, now: () => new Date(env.emulator.clock.now()) });
  const service = createKeyService({
    context: hub.context,
    store,
    hub,
    channels: options.channels,
    options: { ...FAST, ...options.service },
  });
  const deliveries: Delivery[] = [];
  const keyEvents: ServiceFixture['keyEvents'] = [];
  hub.context.bus.on('delivery', (delivery) => void deliveries.push(delivery));
  hub.context.bus.on('keyChanged', (event) => void keyEvents.push(event));
  cleanups.push(async () => {
    await service.stop();
    store.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  await service.start();
  return { service, store, hub, logger, dataDir, deliveries, keyEvents };
}

/**
 * The key service started again on the data folder a killed (or refused) issuer left, as a restarted hub:
 * the faults cleared, the journal settled, no key left pending. A resumed key keeps the deadline counted from
 * its creation (resumedDeadline); FAST's 3 s can pass on a loaded machine between the issuer's start and
 * this restart and would roll the key back, so the restart has a deadline of minutes, as a real hub has.
 * `faults`: the emulator's fault rules the restarted service meets (none by default).
 */
export async function restartKeyService(
  env: EmulatorFixture,
  dataDir: string,
  faults: FaultRule[] = [],
): Promise<ServiceFixture> {
  await env.control.setFaults(faults);
  const fx = await startKeyService(env, { dataDir, service: { defaultDeadlineMs: 10 * 60_000 } });
  // Recovered: no key pending and no journal entry left to settle (one the restart could not settle at
  // start, a lock still busy say, is settled again a little later, even for a key that is not pending).
  await waitFor(
    () =>
      fx.service.list({ status: 'pending' }).length === 0 && fx.store.listUnfinishedJournal().length === 0,
    20_000,
    'no key pending, the journal settled',
  );
  return fx;
}

/** What the emulator holds: PINs per lock, accesses per lock, links. */
export function cloudState(env: EmulatorFixture, lockIds: number[]) {
  const world = env.emulator.world;
  return {
    pins: Object.fromEntries(lockIds.map((id) => [id, [...world.pinBook(id).pins.values()]])),
    access: Object.fromEntries(
      lockIds.map((id) => [id, world.accessList(id).filter((a) => a.userEmail !== 'owner@example.com')]),
    ),
    links: [...world.accessLinks.values()],
  };
}

export function pinsOn(env: EmulatorFixture, lockId: number) {
  return [...env.emulator.world.pinBook(lockId).pins.values()];
}

/**
 * Before each test: the emulator reset and every lock given a keypad. The returned list holds the lock ids
 * and is refilled in place, so a test file can keep it in a `const`.
 */
export function useKeypadDoors(env: EmulatorFixture): number[] {
  const doors: number[] = [];
  beforeEach(async () => {
    await env.control.reset();
    doors.splice(0, doors.length, ...(await env.control.locks()).map((lock) => lock.id));
    for (const id of doors) await env.control.patchLock(id, { keypad: true });
  });
  return doors;
}

/** A key request for one guest with a door code on `doors`; `extra` adds or overrides fields. */
export function stayRequest(doors: number[], extra: Record<string, unknown> = {}) {
  return {
    name: 'Stay 4411',
    persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
    doors,
    credentials: { doorcode: true },
    ...extra,
  };
}
