/**
 * The way from the cloud to a lock, through its bridge: a settings change reaches the lock after the device
 * latency (then `deviceRevision` catches up with `targetDeviceRevision`), or when the lock is reachable again.
 */
import type { Clock, Timer } from '../util/clock.js';
import type { LockRecord } from './records.js';
import type { World } from './world.js';

export interface DeviceTiming {
  /** Emulated milliseconds for a write to reach the lock and its answer to come back. */
  latencyMs: number;
}

export class DeviceLink {
  private readonly settingsTimers = new Map<number, Timer>();

  constructor(
    private readonly world: World,
    readonly timing: DeviceTiming,
  ) {}

  private get clock(): Clock {
    return this.world.clock;
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
    this.pushSettings(lock);
  }

  /** Cancels everything on its way (reset, shutdown). */
  stopAll(): void {
    for (const timer of this.settingsTimers.values()) this.clock.clearTimeout(timer);
    this.settingsTimers.clear();
  }
}
