import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../../../src/client/budget.js';
import { ManualClock } from '../../helpers/manualClock.js';

describe('RequestBudget', () => {
  it('lets background requests use the limit minus the reserve, commands the whole limit', () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, limitPerHour: 20, reserveForCommands: 5 });
    for (let i = 0; i < 15; i++) budget.take('background');
    expect(() => budget.take('background')).toThrow(
      expect.objectContaining({ code: 'BUDGET_EXHAUSTED' }) as Error,
    );
    for (let i = 0; i < 5; i++) budget.take('command');
    expect(() => budget.take('command')).toThrow(
      expect.objectContaining({ code: 'BUDGET_EXHAUSTED' }) as Error,
    );
    expect(budget.status()).toMatchObject({ used: 20, remaining: 0, remainingForBackground: 0 });
  });

  it('keeps a share as large as the reserve for background reads: commands alone cannot stop the polls', () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, limitPerHour: 20, reserveForCommands: 5 });
    for (let i = 0; i < 15; i++) budget.take('command');
    expect(() => budget.take('command')).toThrow(/used up for commands \(the rest is kept for reading/);
    expect(budget.waitMs('command')).toBe(3_600_000);
    // The background may no longer go below the reserve, but it has its kept share: five reads.
    expect(budget.status()).toMatchObject({ used: 15, remaining: 5, remainingForBackground: 5 });
    expect(budget.waitMs('background')).toBe(0);
    for (let i = 0; i < 5; i++) budget.take('background');
    expect(() => budget.take('background')).toThrow(/down to the command reserve/);
    expect(budget.status()).toMatchObject({ used: 20, remaining: 0, remainingForBackground: 0 });
    // An hour later the commands' requests free up first.
    clock.advance(3_600_000);
    expect(budget.waitMs('command')).toBe(0);
  });

  it('keeps no share when there is no reserve', () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, limitPerHour: 10, reserveForCommands: 0 });
    for (let i = 0; i < 10; i++) budget.take('command');
    expect(budget.waitMs('background')).toBe(3_600_000);
    expect(budget.status().remainingForBackground).toBe(0);
  });

  it('is a sliding hour: requests free up one hour after they were sent', () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, limitPerHour: 10, reserveForCommands: 0 });
    for (let i = 0; i < 10; i++) {
      budget.take('background');
      clock.advance(60_000);
    }
    expect(budget.waitMs('background')).toBe(50 * 60_000);
    clock.advance(50 * 60_000);
    expect(budget.status().used).toBe(9);
    expect(() => budget.take('background')).not.toThrow();
  });

  it('says how long until the next request fits', () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, limitPerHour: 10, reserveForCommands: 2 });
    for (let i = 0; i < 8; i++) budget.take('background');
    const error = (() => {
      try {
        budget.take('background');
      } catch (caught) {
        return caught as { retryAfterMs: number };
      }
      throw new Error('expected a refusal');
    })();
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(budget.waitMs('command')).toBe(0);
  });

  it('limits the lock list separately: 10 per 10 minutes by default', () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock });
    for (let i = 0; i < 10; i++) budget.take('background', true);
    expect(() => budget.take('background', true)).toThrow(/lock list/);
    expect(() => budget.take('background')).not.toThrow();
    clock.advance(600_000);
    expect(() => budget.take('background', true)).not.toThrow();
  });

  it("blocks everything until a 429's Retry-After has passed", () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock });
    budget.blockFor(30_000);
    expect(() => budget.take('command')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }) as Error);
    clock.advance(30_000);
    expect(() => budget.take('command')).not.toThrow();
  });

  it('defaults to 600 per hour with a reserve of 60', () => {
    expect(new RequestBudget({ clock: new ManualClock() }).status()).toMatchObject({
      limitPerHour: 600,
      reserveForCommands: 60,
    });
  });
});
