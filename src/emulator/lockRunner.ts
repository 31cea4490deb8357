/**
 * Runs lock movements in emulated time: remote commands (with their operations), physical actions at the
 * door, what the lock does by itself (auto-lock, postponed lock, charging), jams, and connectivity changes
 * that interrupt a movement. The lock acts on the settings it holds (`settingsOnLock`).
 */
import { LockStateCode as S } from '../client/types.js';
import type { Timer } from '../util/clock.js';
import { Charger } from './charger.js';
import { ApiError } from './http/apiError.js';
import { LockAutomation } from './lockAutomation.js';
import type { LockCommand, Plan, Step, Timing } from './lockMachine.js';
import { EVENT, MOVING_STATES, jammed, planCommand } from './lockMachine.js';
import type { LockRecord, OperationRecord } from './records.js';
import type { ActivityAuthor, World } from './world.js';

export type PhysicalAction = 'lock' | 'unlock' | 'pull' | 'door-open' | 'door-close';
export const PHYSICAL_ACTIONS: readonly PhysicalAction[] = [
  'lock',
  'unlock',
  'pull',
  'door-open',
  'door-close',
];

/** How long a command with nothing to do takes to complete in the cloud. */
const NO_MOVEMENT_COMPLETION_MS = 500;
const PULLING_MS = 1000;

export class LockRunner {
  private readonly timers = new Map<number, Timer[]>();
  private readonly inFlight = new Map<number, OperationRecord>();
  readonly automation: LockAutomation;
  readonly charger: Charger;

  constructor(private readonly world: World) {
    this.automation = new LockAutomation(world.clock, (lock, event, jamEvent) =>
      this.lockByItself(lock, event, jamEvent),
    );
    this.charger = new Charger(world);
  }

  /** A remote command: 428 when offline, 409 while another movement runs, else a PENDING operation. */
  command(lock: LockRecord, command: LockCommand): OperationRecord {
    if (this.world.isConnected(lock) !== true) {
      throw new ApiError(428, `Lock ${lock.id} is disconnected from its bridge.`);
    }
    if (this.inFlight.has(lock.id) || MOVING_STATES.includes(lock.state)) {
      throw new ApiError(409, `Lock ${lock.id} is busy with another operation.`);
    }
    const timing = this.timing();
    let plan = planCommand(lock.state, command, lock.settingsOnLock, timing);
    if (lock.jamNext && plan.steps.some((step) => step.state === S.Locking || step.state === S.Unlocking)) {
      lock.jamNext = false;
      plan = jammed(plan, timing);
    }
    const operation = this.world.newOperation(lock.id, plan.operationType);
    this.inFlight.set(lock.id, operation);
    if (plan.steps.length === 0) {
      this.after(lock, NO_MOVEMENT_COMPLETION_MS, () => this.complete(lock, operation, plan));
    } else {
      this.run(lock, plan.steps, (step) => {
        if (step.completes) this.complete(lock, operation, plan);
      });
    }
    return operation;
  }

  /** Someone at the door: turns the knob, presses the button, pulls the handle, opens or closes the door. */
  physical(lock: LockRecord, action: PhysicalAction, viaButton = false): void {
    const settings = lock.settingsOnLock;
    switch (action) {
      case 'lock':
        if (viaButton && !settings.buttonLockEnabled) return;
        if (viaButton && settings.postponedLockEnabled) {
          this.automation.postponeButtonLock(lock);
          return;
        }
        this.setState(lock, S.Locked);
        this.world.addActivity(lock.id, viaButton ? EVENT.LockedButton : EVENT.LockedManual, false);
        return;
      case 'unlock':
        if (viaButton && !settings.buttonUnlockEnabled) return;
        this.setState(lock, S.Unlocked);
        this.world.addActivity(lock.id, viaButton ? EVENT.UnlockedButton : EVENT.UnlockedManual, false);
        return;
      case 'pull': {
        const duration = settings.pullSpringDuration * 1000;
        this.run(lock, [
          { atMs: 0, state: S.Pulling },
          { atMs: PULLING_MS, state: S.Pulled },
          { atMs: PULLING_MS + duration, state: S.Unlocked },
        ]);
        this.world.addActivity(lock.id, EVENT.PulledManual, false);
        return;
      }
      case 'door-open':
      case 'door-close':
        this.setDoor(lock, action === 'door-open' ? 2 : 3);
        return;
    }
  }

  /**
   * Someone let in (or out) by a credential: a keypad PIN, an access link, the Tedee app. The lock moves at
   * once, as for a button press (physical() does the same), and the activity log names the credential's holder.
   */
  moveBy(lock: LockRecord, action: 'lock' | 'unlock', event: number, author: ActivityAuthor): void {
    this.setState(lock, action === 'lock' ? S.Locked : S.Unlocked);
    this.world.addActivityBy(lock.id, event, author);
  }

  /** Jams the lock now: semi-locked with a failed state change, and any running operation fails. */
  jam(lock: LockRecord): void {
    this.cancel(lock);
    this.failInFlight(lock);
    lock.stateChangeResult = 1;
    this.setState(lock, S.SemiLocked);
    this.world.addActivity(lock.id, EVENT.Jammed, false);
  }

  /** A lock or bridge lost its link: a movement in progress stops and its operation fails. */
  interrupt(lock: LockRecord): void {
    this.cancel(lock);
    this.failInFlight(lock);
  }

  /** Puts the lock in a state (control API): a movement stops, and auto-lock follows the new state. */
  place(lock: LockRecord, state: number): void {
    this.interrupt(lock);
    lock.stateChangeResult = 0;
    lock.state = state;
    lock.lastStateChangedDate = this.world.nowIso();
    this.automation.stateChanged(lock);
  }

  /** The lock leaves the account: nothing of it runs any more. */
  forget(lock: LockRecord): void {
    this.interrupt(lock);
    this.automation.stop(lock);
    this.charger.stop(lock);
  }

  /** Cancels every scheduled movement, automatic lock and charging step (reset, shutdown). */
  stopAll(): void {
    for (const timers of this.timers.values())
      timers.forEach((timer) => this.world.clock.clearTimeout(timer));
    this.timers.clear();
    this.inFlight.clear();
    this.automation.stopAll();
    this.charger.stopAll();
  }

  /**
   * The lock locks without a remote command (auto-lock, postponed lock): the same movement, no operation,
   * its own activity event; a movement that jams ends semi-locked with `jamEvent`.
   */
  private lockByItself(lock: LockRecord, event: number, jamEvent: number): void {
    if (this.inFlight.has(lock.id) || MOVING_STATES.includes(lock.state)) return;
    const timing = this.timing();
    let plan = planCommand(lock.state, { kind: 'lock' }, lock.settingsOnLock, timing);
    if (plan.steps.length === 0) return;
    const jams = lock.jamNext;
    if (jams) {
      lock.jamNext = false;
      plan = jammed(plan, timing);
    }
    this.run(lock, plan.steps, (step) => {
      if (!step.completes) return;
      if (jams) lock.stateChangeResult = 1;
      this.world.addActivity(lock.id, jams ? jamEvent : event, false);
    });
  }

  private timing(): Timing {
    return { moveMs: this.world.random.int(1000, 3000), pullingMs: PULLING_MS };
  }

  private run(lock: LockRecord, steps: Step[], onStep: (step: Step) => void = () => undefined): void {
    for (const step of steps) {
      const apply = () => {
        this.setState(lock, step.state);
        onStep(step);
      };
      if (step.atMs <= 0) apply();
      else this.after(lock, step.atMs, apply);
    }
  }

  private after(lock: LockRecord, ms: number, fn: () => void): void {
    const timers = this.timers.get(lock.id) ?? [];
    // A fired timer leaves the list, so a long-running emulator does not keep every timer it ever set.
    const timer = this.world.clock.setTimeout(() => {
      timers.splice(timers.indexOf(timer), 1);
      fn();
    }, ms);
    timers.push(timer);
    this.timers.set(lock.id, timers);
  }

  private complete(lock: LockRecord, operation: OperationRecord, plan: Plan): void {
    operation.status = 'COMPLETED';
    operation.result = plan.result;
    if (plan.event !== undefined) this.world.addActivity(lock.id, plan.event, plan.event !== EVENT.Jammed);
    if (plan.event === EVENT.Jammed) lock.stateChangeResult = 1;
    if (this.inFlight.get(lock.id) === operation) this.inFlight.delete(lock.id);
  }

  private failInFlight(lock: LockRecord): void {
    const operation = this.inFlight.get(lock.id);
    if (!operation) return;
    operation.status = 'COMPLETED';
    operation.result = 1;
    this.inFlight.delete(lock.id);
  }

  private cancel(lock: LockRecord): void {
    this.timers.get(lock.id)?.forEach((timer) => this.world.clock.clearTimeout(timer));
    this.timers.delete(lock.id);
  }

  private setState(lock: LockRecord, state: number): void {
    if (state !== S.SemiLocked) lock.stateChangeResult = 0;
    if (lock.state === state) return;
    lock.state = state;
    lock.lastStateChangedDate = this.world.nowIso();
    this.automation.stateChanged(lock);
  }

  private setDoor(lock: LockRecord, doorState: number): void {
    if (lock.doorSensorId === null || lock.doorState === doorState) return;
    lock.doorState = doorState;
    if (lock.settingsOnLock.doorStateEventLoggingEnabled) {
      this.world.addActivity(lock.id, doorState === 2 ? EVENT.DoorOpened : EVENT.DoorClosed, false);
    }
    this.automation.doorChanged(lock);
  }
}
