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

/**
 * A clock that runs `speed` times faster than real time, starting at the real time of its creation.
 * Timers fire after `ms / speed` real milliseconds.
 */
export function scaledClock(speed: number, base: Clock = systemClock): Clock {
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  if (speed === 1) return base;
  const origin = base.now();
  return {
    now: () => origin + (base.now() - origin) * speed,
    setTimeout: (fn, ms) => base.setTimeout(fn, Math.max(0, ms) / speed),
    clearTimeout: (timer) => base.clearTimeout(timer),
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
