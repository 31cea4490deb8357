/**
 * A lock on its charger: the battery rises step by step in emulated time and charging stops when it is full,
 * with the activity events BatteryCharging (46) and BatteryStopCharging (50).
 */
import type { Timer } from '../util/clock.js';
import { EVENT } from './lockMachine.js';
import type { LockRecord } from './records.js';
import type { World } from './world.js';

/**
 * Tedee documents no charging rate. One percent every two minutes charges an empty Lock PRO in a little
 * over three hours, the order of magnitude of its built-in battery.
 */
export const CHARGE_STEP_MS = 120_000;
const FULL = 100;
/** The lock does not know its level: nothing to raise. */
const UNKNOWN_LEVEL = 255;

export class Charger {
  private readonly timers = new Map<number, Timer>();

  constructor(private readonly world: World) {}

  /** Plugs the lock in or out; the activity log shows the change. */
  set(lock: LockRecord, charging: boolean): void {
    if (charging !== lock.isCharging) {
      this.world.addActivity(lock.id, charging ? EVENT.BatteryCharging : EVENT.BatteryStopCharging, false);
    }
    lock.isCharging = charging;
    this.stop(lock);
    if (charging) this.scheduleStep(lock);
  }

  stop(lock: LockRecord): void {
    this.world.clock.clearTimeout(this.timers.get(lock.id));
    this.timers.delete(lock.id);
  }

  stopAll(): void {
    for (const timer of this.timers.values()) this.world.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private scheduleStep(lock: LockRecord): void {
    const timer = this.world.clock.setTimeout(() => {
      this.timers.delete(lock.id);
      if (!lock.isCharging) return;
      if (lock.batteryLevel !== UNKNOWN_LEVEL && lock.batteryLevel < FULL) lock.batteryLevel++;
      if (lock.batteryLevel === FULL) this.set(lock, false);
      else this.scheduleStep(lock);
    }, CHARGE_STEP_MS);
    this.timers.set(lock.id, timer);
  }
}
