/**
 * The activity feed keeps to its share of the request budget: its interval stretches to fit, and the reads the
 * emulator counts over three intervals of emulated time match it, without a 429. A fast clock of its own, jumped through the intervals.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/index.js';
import { ACTIVITY_DEFAULTS } from '../../src/core/index.js';
import { activityReads } from '../helpers/activity.js';
import { useEmulator } from '../helpers/emulator.js';
import { jumpUntil, startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ speed: 200, lockListPer10Minutes: 1000 });

describe('activity feed budget', () => {
  it('stretches its interval to its share of the budget and keeps to it', async () => {
    const fixture = startHub(env, { requestBudgetPerHour: 100 });
    const { hub } = fixture;
    await hub.ready();
    const all = hub.locks().map((lock) => lock.serialNumber);
    const events: ActivityEvent[] = [];
    hub.watchActivity({ locks: all, interval: 10 }, (event) => void events.push(event));
    const background = 100 - 10;
    const allowedPerHour = Math.floor(background * ACTIVITY_DEFAULTS.budgetShare);
    const expectedMs = Math.ceil((all.length * 3_600_000) / allowedPerHour);
    expect(hub.activityStatus().intervalMs).toBe(expectedMs);
    await waitFor(() => hub.activityStatus().following.length === all.length, 15_000, 'every lock followed');
    const since = env.emulator.clock.now();
    // Three intervals of emulated time: at most three more rounds of one read per lock. The clock jumps a
    // minute at a time (about the polls' spacing within this budget), each jump followed by a real poll; a
    // feed reading at its asked-for 10 s would read on every jump, far more than the rounds allowed below.
    await jumpUntil(env, fixture, () => env.emulator.clock.now() - since >= 3 * expectedMs, {
      stepMs: 60_000,
      maxMs: 3 * expectedMs + 60_000,
      what: 'three intervals',
    });
    await waitFor(() => activityReads(env, since) >= 2 * all.length, 10_000, 'the rounds of reads');
    expect(activityReads(env, since)).toBeLessThanOrEqual(3 * all.length + all.length);
    expect(activityReads(env, since)).toBeGreaterThanOrEqual(2 * all.length);
    const statuses = env.emulator.stats.requests(since).map((entry) => entry.status);
    expect(statuses).not.toContain(429);
  }, 90_000);
});
