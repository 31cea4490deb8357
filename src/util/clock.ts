/**
 * Time as seen by the emulator and the hub. Everything that waits or timestamps goes through a Clock,
 * so that a scaled clock can run hours of polling in seconds and both sides agree on the time.
 */
export interface Clock {
  /** Milliseconds since the epoch, in this clock's time. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(timer: Timer | undefined): void;
}

/** An opaque timer handle. */
export type Timer = { readonly __timer: unique symbol };

type NodeTimeout = ReturnType<typeof globalThis.setTimeout>;

function wrap(handle: NodeTimeout): Timer {
  return handle as unknown as Timer;
}

function unwrap(timer: Timer): NodeTimeout {
  return timer as unknown as NodeTimeout;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => wrap(globalThis.setTimeout(fn, Math.max(0, ms))),
  clearTimeout: (timer) => {
    if (timer) globalThis.clearTimeout(unwrap(timer));
  },
};

/** A clock whose time can also be moved forward at once (the emulator's control API does this). */
export interface AdjustableClock extends Clock {
  /**
   * Moves the time forward by `ms`. Every timer whose due time is now past fires at once (soonest first, as
   * they would have fired while waiting); the others keep their due time on the new time line.
   */
  advance(ms: number): void;
}

export function isAdjustable(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advance === 'function';
}

/** More timers than this within one jump means a timer re-arms itself at once; the rest wait for real time. */
const MAX_TIMERS_PER_JUMP = 100_000;

interface PendingTimer {
  dueAt: number;
  fn: () => void;
  handle: Timer | undefined;
}

/**
 * A clock that runs `speed` times faster than real time, starting at the real time of its creation, and
 * can jump forward. Timers fire after `ms / speed` real milliseconds. Each timer remembers its due time in
 * this clock's time, so that a jump reschedules it instead of leaving it on the old time line.
 */
export function scaledClock(speed: number, base: Clock = systemClock): AdjustableClock {
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  const origin = base.now();
  let offset = 0;
  const pending = new Set<PendingTimer>();
  const now = () => origin + (base.now() - origin) * speed + offset;
  /**
   * Runs every timer that is due, soonest first (the first armed on a tie). Real timers do not keep that
   * order: one that fired a real millisecond early is armed again, and a busy loop may then run a later
   * timer's real timer first. A pull's release then ran before its latch step, and the emulated lock stayed
   * pulled for good. So whichever real timer fires, the due timers run in due order.
   */
  const fireDue = () => {
    const current = now();
    // The timers due now, soonest first (sort is stable: the first armed on a tie). One armed while these
    // run waits for its own real timer, as any timer does, so promises settled meanwhile still come first.
    const due = [...pending].filter((timer) => timer.dueAt <= current).sort((a, b) => a.dueAt - b.dueAt);
    for (const timer of due) {
      if (!pending.delete(timer)) continue; // cleared by one that ran before it
      base.clearTimeout(timer.handle);
      timer.fn();
    }
  };
  const arm = (timer: PendingTimer) => {
    timer.handle = base.setTimeout(
      () => {
        // Real timers may fire a millisecond early, which is many scaled seconds: never before the due time.
        if (now() < timer.dueAt) return arm(timer);
        fireDue();
      },
      Math.ceil(Math.max(0, timer.dueAt - now()) / speed),
    );
  };
  return {
    now,
    setTimeout: (fn, ms) => {
      const timer: PendingTimer = { dueAt: now() + Math.max(0, ms), fn, handle: undefined };
      pending.add(timer);
      arm(timer);
      return timer as unknown as Timer;
    },
    clearTimeout: (handle) => {
      const timer = handle as unknown as PendingTimer | undefined;
      if (!timer || !pending.delete(timer)) return;
      base.clearTimeout(timer.handle);
    },
    advance: (ms) => {
      if (!(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError(`a clock moves forward only, by a finite number of ms, got ${ms}`);
      const target = now() + ms;
      // Walk the jump timer by timer, with the time set to each one's due time while it runs: a timer that
      // schedules the next (a lock movement's steps, an auto-lock after an unlock) gets it on the right time
      // line, and so does everything it timestamps. A bounded walk, so that a timer re-arming itself with
      // 0 ms cannot hang the jump.
      try {
        for (let fired = 0; fired < MAX_TIMERS_PER_JUMP; fired++) {
          let next: PendingTimer | undefined;
          for (const timer of pending)
            if (timer.dueAt <= target && (!next || timer.dueAt < next.dueAt)) next = timer;
          if (!next) break;
          offset += Math.max(0, next.dueAt - now());
          pending.delete(next);
          base.clearTimeout(next.handle);
          next.fn();
        }
      } finally {
        // Even when a timer throws, the clock ends at the target and the others stay armed.
        offset += Math.max(0, target - now());
        for (const timer of pending) {
          base.clearTimeout(timer.handle);
          arm(timer);
        }
      }
    },
  };
}

/** Resolves after `ms` of clock time; rejects with the signal's reason when aborted. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
