import { describe, expect, it } from 'vitest';
import { nextPollDelayMs, sustainableIntervalMs } from '../../../src/core/hub/pollPlanner.js';

const budget = (remainingForBackground: number, limitPerHour = 600, reserveForCommands = 60) => ({
  limitPerHour,
  configuredLimitPerHour: limitPerHour,
  sharedAccount: false,
  reserveForCommands,
  used: limitPerHour - reserveForCommands - remainingForBackground,
  remaining: remainingForBackground + reserveForCommands,
  remainingForBackground,
  lockListRemaining: 10,
  blockedForMs: 0,
});

describe('the poll planner', () => {
  it('uses the configured interval when the budget is comfortable', () => {
    expect(
      nextPollDelayMs({
        configuredMs: 20_000,
        budget: budget(500),
        refreshPagesPerHour: 1,
        waitForBackgroundMs: 0,
      }),
    ).toBe(20_000);
  });

  it('never plans faster than the budget sustains for a whole hour', () => {
    const floor = sustainableIntervalMs({ limitPerHour: 100, reserveForCommands: 10 }, 2);
    expect(3_600_000 / floor).toBeLessThanOrEqual(100 - 10);
    expect(
      nextPollDelayMs({
        configuredMs: 10_000,
        budget: budget(80, 100, 10),
        refreshPagesPerHour: 2,
        waitForBackgroundMs: 0,
      }),
    ).toBe(floor);
  });

  it('stretches the interval when the budget runs low', () => {
    const low = nextPollDelayMs({
      configuredMs: 20_000,
      budget: budget(30),
      refreshPagesPerHour: 1,
      waitForBackgroundMs: 0,
    });
    expect(low).toBeGreaterThan(20_000);
    const lower = nextPollDelayMs({
      configuredMs: 20_000,
      budget: budget(5),
      refreshPagesPerHour: 1,
      waitForBackgroundMs: 0,
    });
    expect(lower).toBeGreaterThan(low);
  });

  it('waits until the budget admits a background request', () => {
    expect(
      nextPollDelayMs({
        configuredMs: 20_000,
        budget: budget(0),
        refreshPagesPerHour: 1,
        waitForBackgroundMs: 600_000,
      }),
    ).toBe(900_000);
    expect(
      nextPollDelayMs({
        configuredMs: 20_000,
        budget: budget(500),
        refreshPagesPerHour: 1,
        waitForBackgroundMs: 1_000_000,
      }),
    ).toBe(1_000_000);
  });
});
