import { describe, expect, it } from 'vitest';
import { isAdjustable, scaledClock, sleep, systemClock } from '../../../src/util/clock.js';

const HOUR = 3_600_000;

describe('scaledClock jumps', () => {
  it('moves its time forward by the jump', () => {
    const clock = scaledClock(1);
    const before = clock.now();
    clock.advance(5 * HOUR);
    expect(clock.now() - before).toBeGreaterThanOrEqual(5 * HOUR);
    expect(clock.now() - before).toBeLessThan(5 * HOUR + 60_000);
    expect(isAdjustable(clock)).toBe(true);
    expect(isAdjustable(systemClock)).toBe(false);
  });

  it('fires a timer the jump passes, at once, seeing its own due time', () => {
    const clock = scaledClock(1);
    const start = clock.now();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now() - start), HOUR);
    clock.advance(2 * HOUR);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThanOrEqual(HOUR);
    expect(seen[0]).toBeLessThan(HOUR + 60_000);
  });

  it('fires timers in due order, and a timer armed by a firing timer on the new time line', () => {
    const clock = scaledClock(1);
    const start = clock.now();
    const order: string[] = [];
    clock.setTimeout(() => order.push('b'), 2 * HOUR);
    clock.setTimeout(() => {
      order.push('a');
      // An auto-lock 10 minutes after an unlock the jump passed: it fires within the same jump.
      clock.setTimeout(() => order.push(`a+10min@${Math.round((clock.now() - start) / 60_000)}`), 600_000);
    }, HOUR);
    clock.advance(3 * HOUR);
    expect(order).toEqual(['a', 'a+10min@70', 'b']);
  });

  it('keeps a timer the jump does not reach, due at its own time on the new line', async () => {
    const clock = scaledClock(100_000);
    const start = clock.now();
    let firedAt: number | undefined;
    const fired = new Promise<void>((resolve) =>
      clock.setTimeout(() => {
        firedAt = clock.now() - start;
        resolve();
      }, 10 * HOUR),
    );
    clock.advance(9 * HOUR);
    expect(firedAt).toBeUndefined();
    // The remaining hour is 36 real ms at this speed; without the reschedule it would be 360 ms.
    await fired;
    expect(firedAt).toBeGreaterThanOrEqual(10 * HOUR);
    expect(firedAt).toBeLessThan(10 * HOUR + 30 * 60_000);
  });

  it('does not fire a timer cleared before the jump, and sleep resolves across a jump', async () => {
    const clock = scaledClock(1);
    let cleared = false;
    const timer = clock.setTimeout(() => (cleared = true), HOUR);
    clock.clearTimeout(timer);
    const slept = sleep(clock, 2 * HOUR);
    clock.advance(2 * HOUR);
    await slept;
    expect(cleared).toBe(false);
  });

  it('ends at the target with the other timers armed even when a timer throws', () => {
    const clock = scaledClock(1);
    const start = clock.now();
    let later = false;
    clock.setTimeout(() => {
      throw new Error('boom');
    }, HOUR);
    clock.setTimeout(() => (later = true), 3 * HOUR);
    expect(() => clock.advance(2 * HOUR)).toThrow('boom');
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * HOUR);
    clock.advance(HOUR);
    expect(later).toBe(true);
  });

  it('refuses to move backwards', () => {
    expect(() => scaledClock(1).advance(-1)).toThrow(/forward only/);
  });
});
