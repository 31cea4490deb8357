/**
 * The lock's state machine as documented (tedee-api.md section 4 diagram and section 11): which command is
 * allowed from which state, the states it passes through and how long each takes. Pure: the world runs
 * the plan with its clock.
 */
import { LockStateCode as S, OperationType } from '../client/types.js';
import type { DeviceSettings } from '../client/types.js';

export type LockCommand = { kind: 'lock' } | { kind: 'unlock'; mode: number } | { kind: 'pull' };

export interface Step {
  /** Milliseconds after the command. */
  atMs: number;
  state: number;
  /** The operation is COMPLETED when this step is reached. */
  completes?: boolean;
}

export interface Plan {
  steps: Step[];
  /** Operation result when it completes: 0 success, > 0 failure. */
  result: number;
  /** Activity event written when the plan completes. */
  event?: number;
  operationType: number;
}

export interface Timing {
  /** How long the motor takes to lock or unlock (the docs: up to about 3 s). */
  moveMs: number;
  /** How long pulling takes before the latch is held. */
  pullingMs: number;
}

export const EVENT = {
  LockedRemote: 32,
  UnlockedRemote: 33,
  LockedButton: 34,
  UnlockedButton: 35,
  LockedAuto: 36,
  LockedManual: 38,
  UnlockedManual: 39,
  Jammed: 40,
  BatteryCharging: 46,
  PartiallyOpenButton: 48,
  PartiallyOpenAuto: 49,
  BatteryStopCharging: 50,
  PulledRemote: 51,
  PulledManual: 53,
  PulledAutoByRemote: 55,
  PostponedLock: 56,
  DoorOpened: 83,
  DoorClosed: 84,
} as const;

/** States in which the motor is moving or the latch is held: a new command must wait. */
export const MOVING_STATES: readonly number[] = [S.Locking, S.Unlocking, S.Pulling, S.Pulled];

type Settings = Pick<DeviceSettings, 'pullSpringEnabled' | 'pullSpringDuration' | 'autoPullSpringEnabled'>;

const nothing = (operationType: number, result: number): Plan => ({ steps: [], result, operationType });

function pullSteps(start: number, settings: Settings, timing: Timing): Step[] {
  const pulled = start + timing.pullingMs;
  return [
    { atMs: start, state: S.Pulling },
    { atMs: pulled, state: S.Pulled, completes: true },
    { atMs: pulled + settings.pullSpringDuration * 1000, state: S.Unlocked },
  ];
}

function planLock(state: number, timing: Timing): Plan {
  if (state === S.Locked) return nothing(OperationType.Lock, 0);
  if (state !== S.Unlocked && state !== S.SemiLocked) return nothing(OperationType.Lock, 1);
  return {
    steps: [
      { atMs: 0, state: S.Locking },
      { atMs: timing.moveMs, state: S.Locked, completes: true },
    ],
    result: 0,
    event: EVENT.LockedRemote,
    operationType: OperationType.Lock,
  };
}

function planUnlock(state: number, mode: number, settings: Settings, timing: Timing): Plan {
  const type = OperationType.Unlock;
  const canPull = settings.pullSpringEnabled;
  if (state === S.Unlocked) {
    // Mode 4 pulls an unlocked lock; the default mode no longer does (API v1.22).
    if (mode === 4 && canPull)
      return {
        steps: pullSteps(0, settings, timing),
        result: 0,
        event: EVENT.PulledRemote,
        operationType: type,
      };
    return nothing(type, 0);
  }
  const forced = mode === 2 && state === S.Unknown;
  if (state !== S.Locked && state !== S.SemiLocked && !forced) return nothing(type, 1);
  const autoPull = canPull && settings.autoPullSpringEnabled && (mode === 0 || mode === 4);
  const unlocking: Step[] = [
    { atMs: 0, state: S.Unlocking },
    { atMs: timing.moveMs, state: S.Unlocked, completes: !autoPull },
  ];
  if (!autoPull) return { steps: unlocking, result: 0, event: EVENT.UnlockedRemote, operationType: type };
  return {
    steps: [...unlocking, ...pullSteps(timing.moveMs, settings, timing)],
    result: 0,
    event: EVENT.PulledAutoByRemote,
    operationType: type,
  };
}

function planPull(state: number, settings: Settings, timing: Timing): Plan {
  if (state !== S.Unlocked || !settings.pullSpringEnabled) return nothing(OperationType.Pull, 1);
  return {
    steps: pullSteps(0, settings, timing),
    result: 0,
    event: EVENT.PulledRemote,
    operationType: OperationType.Pull,
  };
}

/**
 * What a remote command does to a lock in `state`. An uncalibrated lock accepts every command and does
 * nothing, as the real cloud does (tedee-api.md section 5).
 */
export function planCommand(state: number, command: LockCommand, settings: Settings, timing: Timing): Plan {
  const type =
    command.kind === 'lock'
      ? OperationType.Lock
      : command.kind === 'unlock'
        ? OperationType.Unlock
        : OperationType.Pull;
  if (state === S.Uncalibrated) return nothing(type, 0);
  if (state === S.Calibrating || state === S.Updating) return nothing(type, 1);
  switch (command.kind) {
    case 'lock':
      return planLock(state, timing);
    case 'unlock':
      return planUnlock(state, command.mode, settings, timing);
    case 'pull':
      return planPull(state, settings, timing);
  }
}

/** A plan whose movement jams: it stops half way, semi-locked, and the operation fails. */
export function jammed(plan: Plan, timing: Timing): Plan {
  const moving = plan.steps.find((step) => step.state === S.Locking || step.state === S.Unlocking);
  if (!moving) return plan;
  return {
    steps: [moving, { atMs: moving.atMs + timing.moveMs, state: S.SemiLocked, completes: true }],
    result: 1,
    event: EVENT.Jammed,
    operationType: plan.operationType,
  };
}
