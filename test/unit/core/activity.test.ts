/**
 * The activity log's translation (event types to action and method, who from the entry's user name, dates
 * without a zone read as UTC) and the feed's budget plan.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_DEFAULTS,
  activityIntervalMs,
  activityReadAllowed,
} from '../../../src/core/activity/plan.js';
import { toEntry } from '../../../src/core/cloud/activityCalls.js';

const wire = { id: 7, deviceId: 101, userId: null, event: 61, source: 0, date: '2026-03-29T01:30:00.250' };

describe('activity entries', () => {
  it('reads a keypad entry: the PIN alias from the user name, the zone-less date as UTC', () => {
    expect(toEntry({ ...wire, username: 'Cleaner Ann' })).toEqual({
      id: 7,
      lockId: 101,
      at: '2026-03-29T01:30:00.250Z',
      event: 'UnlockByPin',
      action: 'unlocked',
      method: 'keypad',
      pinAlias: 'Cleaner Ann',
    });
  });

  it('names the app user, the link, and nobody for the lock itself', () => {
    expect(toEntry({ ...wire, event: 33, userName: 'Alice', date: '2026-01-01T10:00:00Z' })).toMatchObject({
      method: 'app',
      action: 'unlocked',
      user: { name: 'Alice' },
    });
    expect(toEntry({ ...wire, event: 228, userName: 'Stay 4411' })).toMatchObject({
      method: 'link',
      linkName: 'Stay 4411',
    });
    const button = toEntry({ ...wire, event: 34, userName: null });
    expect(button).toMatchObject({ method: 'button', action: 'locked' });
    expect(button).not.toHaveProperty('user');
    expect(toEntry({ ...wire, event: 36 })).toMatchObject({ method: 'auto-lock', action: 'locked' });
    expect(toEntry({ ...wire, event: 59 })).toMatchObject({ method: 'remote', event: 'LockedHomeKit' });
    expect(toEntry({ ...wire, event: 62 })).toMatchObject({ method: 'keypad', action: 'refused' });
    expect(toEntry({ ...wire, event: 999 })).toMatchObject({
      event: 'event-999',
      action: 'other',
      method: 'unknown',
    });
  });
});

describe('activity budget plan', () => {
  const budget = { limitPerHour: 600, reserveForCommands: 60 };

  it('keeps the interval asked for while it fits its share of the budget, and stretches it otherwise', () => {
    expect(activityIntervalMs(60, 1, budget)).toBe(60_000);
    // 540 background requests, a quarter for the feed: 135 per hour for 10 locks = one round per 267 s.
    expect(activityIntervalMs(60, 10, budget)).toBe(Math.ceil((10 * 3_600_000) / 135));
    // 90 background requests, 22 for the feed: one lock every 164 s.
    expect(activityIntervalMs(60, 1, { limitPerHour: 100, reserveForCommands: 10 })).toBe(163_637);
    const large = { limitPerHour: 100_000, reserveForCommands: 10 };
    expect(activityIntervalMs(1, 1, large)).toBe(ACTIVITY_DEFAULTS.minInterval * 1000);
  });

  it('waits while the background budget is low or a Retry-After runs', () => {
    const status = {
      ...budget,
      used: 0,
      remaining: 600,
      remainingForBackground: 540,
      lockListRemaining: 10,
      blockedForMs: 0,
      configuredLimitPerHour: budget.limitPerHour,
      sharedAccount: false,
    };
    expect(activityReadAllowed(status, 0)).toBe(true);
    expect(activityReadAllowed(status, 5_000)).toBe(false);
    expect(activityReadAllowed({ ...status, remainingForBackground: 100 }, 0)).toBe(false);
  });
});
