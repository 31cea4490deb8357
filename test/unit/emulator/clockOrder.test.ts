/**
 * A scaled clock fires its timers in due order even when the real timers under it do not: a timer that fired
 * a real millisecond early is armed again, and on a loaded machine Node may then run a later timer's real
 * timer first. The fault suite (test/faults/) caught an emulated pull whose return to unlocked (due 5 s after
 * the latch was held) ran before the latch step: the lock stayed "pulled" for good and refused every command.
 */
import { describe, expect, it } from 'vitest';
import type { Clock, Timer } from '../../../src/util/clock.js';
import { scaledClock } from '../../../src/util/clock.js';

/** Real time that only moves when told, and fires the real timer a test picks, as an overloaded loop may. */
function unrulyBase() {
  let time = 1_000_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const base: Clock = {
    now: () => time,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: time + ms, fn });
      return id as unknown as Timer;
    },
    clearTimeout: (timer) => void timers.delete(timer as unknown as number),
  };
  return {
    base,
    wait: (ms: number) => void (time += ms),
    /** Fires the real timer armed last among those due, out of order on purpose. */
    fireLatestDue: () => {
      const due = [...timers.entries()].filter(([, timer]) => timer.at <= time).at(-1);
      if (!due) return false;
      timers.delete(due[0]);
      due[1].fn();
      return true;
    },
  };
}

describe('scaledClock order', () => {
  it('runs every timer that is due in due order, whichever real timer fires first', () => {
    const real = unrulyBase();
    const clock = scaledClock(600, real.base);
    const order: string[] = [];
    // A pull: the latch is held after 1 s, and released 5 s later.
    clock.setTimeout(() => order.push('pulled'), 1000);
    clock.setTimeout(() => order.push('released'), 6000);
    real.wait(40); // the loop was busy: 24 s of emulated time, both are due
    while (real.fireLatestDue()) {
      /* fire every real timer that is due, the later one first */
    }
    expect(order).toEqual(['pulled', 'released']);
  });

  it('still never fires a timer before its due time', () => {
    const real = unrulyBase();
    const clock = scaledClock(600, real.base);
    const order: string[] = [];
    clock.setTimeout(() => order.push('soon'), 1000);
    clock.setTimeout(() => order.push('later'), 60_000);
    real.wait(5); // 3 s: only the first is due
    while (real.fireLatestDue()) {
      /* fire what is due */
    }
    expect(order).toEqual(['soon']);
    real.wait(100);
    while (real.fireLatestDue()) {
      /* fire what is due */
    }
    expect(order).toEqual(['soon', 'later']);
  });
});
