/**
 * After recovery: the load stops, every command and issuance ends, the emulator's locks come to rest, and
 * the hub must show every lock as the emulator holds it (state, connected, available) after at most one
 * answered poll. The moment of agreement is taken from the hub's own events, so a slow test loop cannot
 * stretch it.
 */
import { expect } from 'vitest';
import type { LockState } from '../../src/core/index.js';
import type { FaultWorld } from './harness.js';
import { isLockRead } from './invariants.js';
import { waitFor } from '../helpers/wait.js';

/** Tedee states a lock stays in by itself; the others (locking, unlocking, pulling, pulled) pass. */
const AT_REST: Record<number, LockState> = { 2: 'unlocked', 6: 'locked', 3: 'semi_locked' };

/**
 * The least emulated time between the last answered poll and `failures` failed polls in a row: the next
 * poll waits the interval, then each failed poll waits at least half its backoff step (equal jitter, the
 * step doubling from the interval).
 */
export function backoffMinimum(failures: number, pollIntervalMs: number): number {
  let span = pollIntervalMs;
  for (let attempt = 0; attempt < failures - 1; attempt++)
    span += Math.min(300_000, pollIntervalMs * 2 ** attempt) / 2;
  return span;
}

/** Stops the load and waits until every command and key issuance has ended. */
export async function settle(world: FaultWorld, timeoutMs = 30_000): Promise<void> {
  world.commands.stop();
  world.keys.stop();
  await waitFor(
    () => world.commands.pending().length === 0 && world.keys.pending().length === 0,
    timeoutMs,
    'every command and key issuance to end',
  );
}

interface Expected {
  state: LockState;
  connected: boolean;
}

/** The emulator's locks once none is moving: what the hub must show. */
async function restingLocks(world: FaultWorld): Promise<Map<number, Expected>> {
  return waitFor(
    () => {
      const { locks, bridges } = world.emulator.world;
      const expected = new Map<number, Expected>();
      for (const lock of locks.values()) {
        const state = AT_REST[lock.state];
        if (state === undefined) return undefined;
        const bridge = lock.bridgeId === null ? undefined : bridges.get(lock.bridgeId);
        const jammed = lock.state === 3 && lock.stateChangeResult > 0;
        expected.set(lock.id, {
          state: jammed ? 'jammed' : state,
          connected: lock.online && (bridge?.isConnected ?? true),
        });
      }
      return expected;
    },
    15_000,
    'the locks to come to rest',
  ).catch((error: Error) => {
    // Which lock never came to rest, and since when: a lock stuck moving is a defect of the emulator.
    const moving = [...world.emulator.world.locks.values()]
      .filter((lock) => AT_REST[lock.state] === undefined)
      .map((lock) => `lock ${lock.id} in state ${lock.state} since ${lock.lastStateChangedDate}`);
    throw new Error(`${error.message}: ${moving.join('; ')} (now ${world.emulator.world.nowIso()})`);
  });
}

function mismatches(world: FaultWorld, expected: Map<number, Expected>): string[] {
  const wrong: string[] = [];
  for (const [id, want] of expected) {
    const lock = world.hub.lock(id);
    const shown = lock && {
      state: lock.status.state,
      connected: lock.status.connected,
      available: lock.available,
    };
    const wanted = { ...want, available: want.connected };
    if (JSON.stringify(shown) !== JSON.stringify(wanted))
      wrong.push(`${id}: hub ${JSON.stringify(shown)}, emulator ${JSON.stringify(wanted)}`);
  }
  return wrong;
}

/**
 * Polls among answered lock reads: one poll reads the bulk sync and, when it shows a changed revision or a
 * lock it does not know, the full list right after it. Polls are at least the interval apart, so reads
 * closer than half the interval belong to one poll.
 */
export function countPolls(times: number[], pollIntervalMs: number): number {
  return times.filter((t, index) => index === 0 || t - times[index - 1]! >= pollIntervalMs / 2).length;
}

export interface Convergence {
  /** Emulated ms from the locks at rest to the hub agreeing. */
  ms: number;
  /** Polls (a bulk sync, and the full list it may call for) the emulator answered in that time. */
  polls: number;
}

export async function checkConvergence(world: FaultWorld): Promise<Convergence> {
  const expected = await restingLocks(world);
  const restedAt = world.clock.now();
  let agreedAt = mismatches(world, expected).length === 0 ? restedAt : undefined;
  const offs = (['stateChanged', 'availabilityChanged'] as const).map((event) =>
    world.hub.on(event, () => {
      if (agreedAt === undefined && mismatches(world, expected).length === 0) agreedAt = world.clock.now();
    }),
  );
  try {
    await waitFor(() => agreedAt !== undefined, 15_000, 'the hub to agree with the emulator').catch(() => {
      throw new Error(`the hub never agreed with the emulator:\n${mismatches(world, expected).join('\n')}`);
    });
  } finally {
    offs.forEach((off) => off());
  }
  const log = await world.control.requests(restedAt);
  const answered = log.filter((entry) => isLockRead(entry) && entry.status === 200 && entry.t <= agreedAt!);
  const polls = countPolls(
    answered.map((entry) => entry.t),
    (world.settings.pollInterval ?? 10) * 1000,
  );
  expect(polls, 'answered polls before the hub agreed with the emulator').toBeLessThanOrEqual(1);
  return { ms: agreedAt! - restedAt, polls };
}
