/**
 * The activity feed keeps to its share of the request budget: its interval stretches to fit, and the reads the
 * emulator counts over three intervals of emulated time match it, without a 429. A fast clock of its own.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/index.js';
import { ACTIVITY_DEFAULTS } from '../../src/core/index.js';
import { activityReads } from '../helpers/activity.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ speed: 200, lockListPer10Minutes: 1000 });

describe('activity feed budget', () => {
  it('stretches its interval to its share of the budget and keeps to it', async () => {
    const { hub } = startHub(env, { requestBudgetPerHour: 100 });
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
    // Three intervals of emulated time: at most three more rounds of one read per lock.
    await waitFor(() => env.emulator.clock.now() - since >= 3 * expectedMs, 60_000, 'three intervals');
    expect(activityReads(env, since)).toBeLessThanOrEqual(3 * all.length + all.length);
    expect(activityReads(env, since)).toBeGreaterThanOrEqual(2 * all.length);
    const statuses = env.emulator.stats.requests(since).map((entry) => entry.status);
    expect(statuses).not.toContain(429);
  }, 90_000);
});
