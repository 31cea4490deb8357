/**
 * The way from the cloud to a lock, through its bridge. PIN and access writes travel it: they take the
 * device latency, one at a time per lock (a second write meanwhile gets 409, "another request for this device
 * is processed"), and a lock that does not answer in time gets 408. A settings change reaches the lock the
 * same way, and then `deviceRevision` catches up with `targetDeviceRevision`. All times are emulated.
 */
import type { Clock, Timer } from '../util/clock.js';
import { sleep } from '../util/clock.js';
import { ApiError } from './http/apiError.js';
import type { LockRecord } from './records.js';
import type { World } from './world.js';

export interface DeviceTiming {
  /** Emulated milliseconds for a write to reach the lock and its answer to come back. */
  latencyMs: number;
  /** Emulated milliseconds the cloud waits for a lock that does not answer, before its 408. */
  timeoutMs: number;
}

/** An answer asked for through the control API: the lock times out, or is busy with another request. */
export type DeviceAnswer = 'timeout' | 'busy';
export const DEVICE_ANSWERS: readonly DeviceAnswer[] = ['timeout', 'busy'];

export interface PlannedAnswer {
  answer: DeviceAnswer;
  /** With a timeout: the lock took the write and only its answer was lost. */
  reached: boolean;
}

export class DeviceLink {
  timing: DeviceTiming;
  private readonly settingsTimers = new Map<number, Timer>();
  private readonly busy = new Set<number>();
  private readonly planned = new Map<number, PlannedAnswer[]>();

  constructor(
    private readonly world: World,
    private readonly initialTiming: DeviceTiming,
  ) {
    this.timing = { ...initialTiming };
  }

  private get clock(): Clock {
    return this.world.clock;
  }

  /** Locks with a write on its way. */
  busyLocks(): number[] {
    return [...this.busy].sort((a, b) => a - b);
  }

  /** The next writes to the lock get `answer`, one each, before the ones already planned run out. */
  plan(lock: LockRecord, answers: PlannedAnswer[]): PlannedAnswer[] {
    const list = [...(this.planned.get(lock.id) ?? []), ...answers];
    this.planned.set(lock.id, list);
    return list.map((answer) => ({ ...answer }));
  }

  /**
   * Sends a write to the lock and runs `apply` once the lock took it. `needsLock`: the write is lost (408)
   * when the lock is unreachable by the time it arrives (a PIN lives on the keypad lock).
   */
  async write<T>(lock: LockRecord, apply: () => T, needsLock: boolean): Promise<T> {
    const planned = this.planned.get(lock.id)?.shift();
    if (planned?.answer === 'busy' || this.busy.has(lock.id)) {
      throw new ApiError(409, `Another request for lock ${lock.id} is being processed; try again shortly.`);
    }
    this.busy.add(lock.id);
    try {
      if (planned?.answer === 'timeout') {
        await sleep(this.clock, this.timing.timeoutMs);
        if (planned.reached) apply();
        throw this.timedOut(lock);
      }
      await sleep(this.clock, this.timing.latencyMs);
      if (needsLock && this.world.isConnected(lock) !== true) throw this.timedOut(lock);
      return apply();
    } finally {
      this.busy.delete(lock.id);
    }
  }

  /** Sends the cloud's device settings to the lock when they are newer than what the lock has. */
  pushSettings(lock: LockRecord): void {
    if (lock.deviceRevision >= lock.targetDeviceRevision || this.world.isConnected(lock) !== true) return;
    this.clock.clearTimeout(this.settingsTimers.get(lock.id));
    const timer = this.clock.setTimeout(() => {
      this.settingsTimers.delete(lock.id);
      // Lost on the way: the lock gets them when it is back (reconnected).
      if (this.world.isConnected(lock) !== true) return;
      lock.settingsOnLock = { ...lock.deviceSettings };
      lock.deviceRevision = lock.targetDeviceRevision;
    }, this.timing.latencyMs);
    this.settingsTimers.set(lock.id, timer);
  }

  /** The lock or its bridge is back online: whatever it missed is sent now. */
  reconnected(lock: LockRecord): void {
    this.world.deliverHeldActivity(lock.id);
    this.pushSettings(lock);
  }

  /** Back to the timing the emulator started with; settings on their way and planned answers are dropped. */
  reset(): void {
    for (const timer of this.settingsTimers.values()) this.clock.clearTimeout(timer);
    this.settingsTimers.clear();
    this.planned.clear();
    this.timing = { ...this.initialTiming };
  }

  private timedOut(lock: LockRecord): ApiError {
    return new ApiError(408, `Lock ${lock.id} did not answer in time.`);
  }
}
