/**
 * The invariant checker catches what it is there to catch: each check fails on a made-up run that breaks
 * it, so a scenario that passes has really kept it.
 */
import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/emulator/stats.js';
import { backoffMinimum, countPolls } from './convergence.js';
import type { SentCommand } from './drivers.js';
import type { FaultWorld } from './harness.js';
import { arrivalLagMs, checkBudget, checkCommands, checkPulls, checkUnavailability } from './invariants.js';

const HOUR = 3_600_000;

function world(parts: {
  sent?: SentCommand[];
  events?: FaultWorld['events'];
  budget?: number;
  stallMs?: number;
}): FaultWorld {
  return {
    commands: { sent: parts.sent ?? [] },
    keys: { issued: [{ at: 0, doors: [101], status: 'active' }] },
    events: parts.events ?? [],
    speed: 100,
    maxStallMs: () => parts.stallMs ?? 0,
    settings: {
      personalAccessKey: 'x.***',
      pollInterval: 10,
      unavailableAfterFailures: 3,
      requestBudgetPerHour: parts.budget ?? 600,
    },
  } as unknown as FaultWorld;
}

const read = (t: number, status: number): RequestLogEntry => ({
  t,
  method: 'GET',
  route: '/my/lock/sync',
  path: '/my/lock/sync',
  status,
});

const unavailable = (at: number, connected = true) => ({
  event: 'availabilityChanged' as const,
  at,
  payload: { lock: { id: 101, status: { connected } }, available: false, reason: 'test' },
});

describe('the invariant checker', () => {
  it('fails a command that never ended, or ended without a code', () => {
    const open: SentCommand = { lockId: 101, action: 'lock', at: 0, joined: false };
    expect(() => checkCommands(world({ sent: [open] }))).toThrow(/finished = commands issued/);
    const uncoded: SentCommand = { ...open, outcome: 'failed' };
    expect(() => checkCommands(world({ sent: [uncoded] }))).toThrow();
    expect(() => checkCommands(world({ sent: [{ ...uncoded, code: 'NETWORK' }] }))).not.toThrow();
  });

  it('fails a second pull for one open', () => {
    const open: SentCommand = { lockId: 101, action: 'open', at: 0, joined: false, outcome: 'unknown' };
    const pull = (t: number): RequestLogEntry => ({
      t,
      method: 'POST',
      route: '/my/lock/{id}/operation/pull',
      path: '/my/lock/101/operation/pull',
      status: 0,
    });
    expect(() => checkPulls(world({ sent: [open] }), [pull(1)])).not.toThrow();
    expect(() => checkPulls(world({ sent: [open] }), [pull(1), pull(2)])).toThrow(/pulls sent to lock 101/);
  });

  it('fails a lock made unavailable before three failed polls', () => {
    const log = [read(0, 200), read(10_000, 503), read(15_000, 503), read(25_000, 503)];
    const options = { cloudUnavailable: 'allowed' as const };
    expect(() => checkUnavailability(world({ events: [unavailable(12_000)] }), log, options)).toThrow();
    expect(checkUnavailability(world({ events: [unavailable(26_000)] }), log, options)).toBe(1);
    expect(() =>
      checkUnavailability(world({ events: [unavailable(26_000)] }), log, { cloudUnavailable: 'never' }),
    ).toThrow();
    // Offline at the emulator: fine for the locks the scenario took offline, and only for them.
    const offline = world({ events: [unavailable(1, false)] });
    expect(() => checkUnavailability(offline, log, { cloudUnavailable: 'never' })).toThrow(
      /reported offline/,
    );
    expect(checkUnavailability(offline, log, { cloudUnavailable: 'never', offlineLocks: [101] })).toBe(0);
  });

  it('fails more requests in a sliding hour than the budget, and a 429 nobody injected', () => {
    // Seven in seven minutes: over a budget of 6, within a budget of 7.
    const log = [0, 1, 2, 3, 4, 5, 6].map((minute) => read(minute * 60_000, 200)).concat(read(2 * HOUR, 200));
    expect(() => checkBudget(world({ budget: 6 }), log, { cloudUnavailable: 'never' })).toThrow(
      /requests arrived within/,
    );
    expect(checkBudget(world({ budget: 7 }), log, { cloudUnavailable: 'never' }).maxPerSlidingHour).toBe(7);
    expect(() => checkBudget(world({}), [read(0, 429)], { cloudUnavailable: 'never' })).toThrow(/429/);
  });

  it('allows for the arrival lag of a stalled machine, and only for that', () => {
    // A budget of 2: the first request arrived 30 s late, the next two right on time an hour after it was sent.
    // Three arrivals in one hour; after a 100 ms stall at 100x (a lag of (3 x 100 + 30) ms x 100 = 33 s) the
    // hub cannot be told to have sent them within one hour; on a machine that never stalled it must have.
    const log = [30_000, HOUR, HOUR + 1_000].map((t) => read(t, 200));
    expect(arrivalLagMs(world({ stallMs: 100 }))).toBe(33_000);
    expect(checkBudget(world({ budget: 2, stallMs: 100 }), log, { cloudUnavailable: 'never' })).toMatchObject(
      {
        maxPerSlidingHour: 3,
      },
    );
    expect(() => checkBudget(world({ budget: 2 }), log, { cloudUnavailable: 'never' })).toThrow(
      /requests arrived within 60.0 scaled minutes/,
    );
  });

  it('counts a sync and the full list right after it as one poll', () => {
    expect(countPolls([0, 300, 10_000], 10_000)).toBe(2);
    expect(backoffMinimum(3, 10_000)).toBe(10_000 + 5_000 + 10_000);
  });
});
