/**
 * What a lock does by itself, from the settings it holds (device-settings.rst, use-state-from-door-sensor.rst):
 * auto-lock a delay after it was unlocked, auto-lock when the door closes, and a button lock postponed by a
 * delay. It runs on the lock, so it goes on while the bridge is offline.
 */
import { LockStateCode as S } from '../client/types.js';
import type { Clock, Timer } from '../util/clock.js';
import { EVENT } from './lockMachine.js';
import type { LockRecord } from './records.js';

/** Locks the lock now: the event when it locks, the event when it jams on the way. */
export type LockNow = (lock: LockRecord, event: number, jamEvent: number) => void;

const DOOR_OPENED = 2;

export class LockAutomation {
  /** At most one pending automatic lock per lock: a new state or door change replaces it. */
  private readonly timers = new Map<number, Timer>();

  constructor(
    private readonly clock: Clock,
    private readonly lockNow: LockNow,
  ) {}

  /** The lock reached a new state: an unlocked lock with auto-lock arms its timer, any other state disarms it. */
  stateChanged(lock: LockRecord): void {
    this.disarm(lock);
    if (lock.state === S.Unlocked && lock.settingsOnLock.autoLockEnabled) this.armAutoLock(lock);
  }

  /**
   * The door sensor reported a change. A closed door locks an unlocked lock at once with
   * autoLockAfterDoorClosedEnabled; otherwise the auto-lock delay counts from the door being closed.
   */
  doorChanged(lock: LockRecord): void {
    if (lock.state !== S.Unlocked || lock.doorState === DOOR_OPENED) return;
    const settings = lock.settingsOnLock;
    if (settings.autoLockAfterDoorClosedEnabled) {
      this.disarm(lock);
      this.lockNow(lock, EVENT.LockedAuto, EVENT.PartiallyOpenAuto);
    } else if (settings.autoLockEnabled) {
      this.armAutoLock(lock);
    }
  }

  /** A button press to lock with postponed lock on: the lock locks after postponedLockDelay seconds. */
  postponeButtonLock(lock: LockRecord): void {
    this.arm(lock, lock.settingsOnLock.postponedLockDelay, () => {
      if (lock.state === S.Unlocked) this.lockNow(lock, EVENT.PostponedLock, EVENT.PartiallyOpenButton);
    });
  }

  stop(lock: LockRecord): void {
    this.disarm(lock);
  }

  stopAll(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private armAutoLock(lock: LockRecord): void {
    this.arm(lock, lock.settingsOnLock.autoLockDelay, () => {
      // The bolt is not thrown into an open door: the delay starts again when the door closes.
      if (lock.state === S.Unlocked && lock.doorState !== DOOR_OPENED)
        this.lockNow(lock, EVENT.LockedAuto, EVENT.PartiallyOpenAuto);
    });
  }

  private arm(lock: LockRecord, delaySeconds: number, fire: () => void): void {
    this.disarm(lock);
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(lock.id);
      fire();
    }, delaySeconds * 1000);
    this.timers.set(lock.id, timer);
  }

  private disarm(lock: LockRecord): void {
    this.clock.clearTimeout(this.timers.get(lock.id));
    this.timers.delete(lock.id);
  }
}
