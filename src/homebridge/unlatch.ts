/**
 * Unlatch (pull spring) in Apple Home, per lock: a momentary switch, or a second lock tile named "Latch".
 * Never the "unlock while unlocked" gesture: iOS repeats writes while the slider moves, and each repeat would
 * open the door again. (`onUnlock` needs no service: every unlock of the main tile is sent as `open`.)
 */
import type { CharacteristicValue, Service } from 'homebridge';
import type { CommandResult, Lock } from '../core/index.js';
import type { UnlatchMode } from '../config/index.js';
import { CURRENT, TARGET, latchState } from './hapMapping.js';
import type { LockAccessory } from './lockAccessory.js';

export interface UnlatchControl {
  readonly mode: UnlatchMode;
  update(lock: Lock): void;
  commandFinished(result: CommandResult): void;
  remove(): void;
}

const SWITCH = 'unlatch';
const LATCH = 'latch';

/** A switch that pulls the spring when turned on and turns itself off when the pull is over. */
class UnlatchSwitch implements UnlatchControl {
  readonly mode = 'switch' as const;
  private readonly service: Service;
  private pending: string | undefined;

  constructor(private readonly owner: LockAccessory) {
    const { Service, Characteristic } = owner.hapApi;
    this.service = owner.service(Service.Switch, 'Unlatch', SWITCH);
    this.service
      .getCharacteristic(Characteristic.On)
      .onGet(() => owner.answer(() => this.pending !== undefined))
      .onSet((value: CharacteristicValue) => {
        if (value !== true) return;
        this.pending = owner.send('open').id;
      });
  }

  update(): void {
    this.service.updateCharacteristic(this.owner.hapApi.Characteristic.On, this.pending !== undefined);
  }

  commandFinished(result: CommandResult): void {
    if (result.command.id !== this.pending) return;
    this.pending = undefined;
    this.owner.reportOutcome(result);
    this.update();
  }

  remove(): void {
    this.owner.removeService(this.owner.hapApi.Service.Switch, SWITCH);
  }
}

/**
 * A second lock tile, "Latch": unlocking it pulls the spring; it returns to secured by itself when the lock
 * reports the latch back, or after the lock's pull spring duration, whichever comes first (a poll may come
 * up to an interval later, and the tile must not stay "unlocked" that long).
 */
class LatchMechanism implements UnlatchControl {
  readonly mode = 'latch' as const;
  private readonly service: Service;
  private pending: string | undefined;
  private state: Lock['status']['state'] = 'unknown';
  private released = false;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly owner: LockAccessory) {
    const { Service, Characteristic } = owner.hapApi;
    this.service = owner.service(Service.LockMechanism, 'Latch', LATCH);
    this.service
      .getCharacteristic(Characteristic.LockCurrentState)
      .onGet(() => owner.answer(() => this.current()));
    this.service
      .getCharacteristic(Characteristic.LockTargetState)
      .onGet(() => owner.answer(() => this.target()))
      .onSet((value: CharacteristicValue) => {
        if (value !== TARGET.UNSECURED) return;
        this.pending = owner.send('open').id;
      });
  }

  private current(): number {
    return this.released ? CURRENT.SECURED : latchState(this.state);
  }

  /** Unsecured while a pull is asked for or under way: a secured target over an unsecured latch reads "Locking…". */
  private target(): number {
    if (this.pending !== undefined) return TARGET.UNSECURED;
    return this.current() === CURRENT.UNSECURED ? TARGET.UNSECURED : TARGET.SECURED;
  }

  update(lock: Lock): void {
    if (lock.status.state !== this.state) this.released = false;
    this.state = lock.status.state;
    this.show();
  }

  private show(): void {
    const { Characteristic } = this.owner.hapApi;
    this.service.updateCharacteristic(Characteristic.LockCurrentState, this.current());
    this.service.updateCharacteristic(Characteristic.LockTargetState, this.target());
  }

  commandFinished(result: CommandResult): void {
    if (result.command.id !== this.pending) return;
    this.pending = undefined;
    this.owner.reportOutcome(result);
    if (result.lock) this.state = result.lock.status.state;
    this.show();
    clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(
      () => {
        this.released = true;
        this.show();
      },
      (result.lock?.pullSpringDuration ?? 0) * 1000,
    );
    this.releaseTimer.unref();
  }

  remove(): void {
    clearTimeout(this.releaseTimer);
    this.owner.removeService(this.owner.hapApi.Service.LockMechanism, LATCH);
  }
}

/** No extra service (`none`, or `onUnlock`, which changes what the lock's own tile sends). */
class NoUnlatch implements UnlatchControl {
  constructor(readonly mode: UnlatchMode) {}
  update(): void {}
  commandFinished(): void {}
  remove(): void {}
}

/**
 * The control of a mode. First it removes the services of every other mode: the accessory may come from the
 * cache of a run with another option, and a leftover Latch tile would answer "Unlocked" and never work.
 */
export function createUnlatchControl(mode: UnlatchMode, owner: LockAccessory): UnlatchControl {
  const { Service } = owner.hapApi;
  if (mode !== 'switch') owner.removeService(Service.Switch, SWITCH);
  if (mode !== 'latch') owner.removeService(Service.LockMechanism, LATCH);
  if (mode === 'switch') return new UnlatchSwitch(owner);
  if (mode === 'latch') return new LatchMechanism(owner);
  return new NoUnlatch(mode);
}
