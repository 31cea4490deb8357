/**
 * The one mapping from the hub's lock model to HomeKit values (DESIGN.md's table). Pure; the numbers are
 * HomeKit's own (LockCurrentState, LockTargetState, ContactSensorState, ChargingState), checked against
 * HAP-NodeJS in the tests.
 */
import type { DoorState, LockState } from '../core/index.js';

export const CURRENT = { UNSECURED: 0, SECURED: 1, JAMMED: 2, UNKNOWN: 3 } as const;
export const TARGET = { UNSECURED: 0, SECURED: 1 } as const;
export const CONTACT = { DETECTED: 0, NOT_DETECTED: 1 } as const;
export const CHARGING = { NOT_CHARGING: 0, CHARGING: 1 } as const;

/** HAP status codes (HAPStatus is an ambient const enum, which an ESM build cannot read at run time). */
export const HAP_STATUS = {
  SERVICE_COMMUNICATION_FAILURE: -70402,
  NOT_ALLOWED_IN_CURRENT_STATE: -70412,
} as const;
/** The accessory category of a door lock (Categories.DOOR_LOCK). */
export const DOOR_LOCK_CATEGORY = 6;

/**
 * LockCurrentState. While locking or unlocking the previous value stays: Home shows the motion through
 * the target. Unknown, calibrating and updating are UNKNOWN, never UNSECURED.
 */
export function currentState(state: LockState, previous: number): number {
  switch (state) {
    case 'locked':
      return CURRENT.SECURED;
    case 'unlocked':
    case 'opening':
    case 'open':
    case 'semi_locked':
      return CURRENT.UNSECURED;
    case 'jammed':
      return CURRENT.JAMMED;
    case 'locking':
    case 'unlocking':
      return previous;
    case 'unknown':
      return CURRENT.UNKNOWN;
  }
}

/** The target that matches a state when no command is in flight; undefined keeps the target as it is. */
export function targetForState(state: LockState): number | undefined {
  switch (state) {
    case 'locked':
    case 'locking':
      return TARGET.SECURED;
    case 'unlocked':
    case 'unlocking':
    case 'opening':
    case 'open':
    case 'semi_locked':
      return TARGET.UNSECURED;
    case 'jammed':
    case 'unknown':
      return undefined;
  }
}

/** The "Latch" tile: unsecured only while the spring is pulled. */
export function latchState(state: LockState): number {
  return state === 'opening' || state === 'open' ? CURRENT.UNSECURED : CURRENT.SECURED;
}

/** ContactSensorState: closed is "contact detected"; undefined when the sensor cannot tell. */
export function contactState(door: DoorState): number | undefined {
  if (door === 'closed') return CONTACT.DETECTED;
  if (door === 'open') return CONTACT.NOT_DETECTED;
  return undefined;
}

export function isLowBattery(battery: number | null, threshold: number): boolean {
  return battery !== null && battery < threshold;
}

export function chargingState(charging: boolean | null): number {
  return charging ? CHARGING.CHARGING : CHARGING.NOT_CHARGING;
}

/** A name HomeKit accepts: starts and ends with a letter or digit, no emoji or odd symbols. */
export function homeKitName(name: string, fallback = 'Tedee Lock'): string {
  const cleaned = name
    .replace(/[^\p{L}\p{N}\p{Zs}\u2019'&!._:;()/,-]/gu, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/g, ' ');
  return cleaned === '' ? fallback : cleaned;
}

/** FirmwareRevision wants x[.y[.z]] of numbers. */
export function firmwareRevision(firmware: string | null): string {
  return /^\d+(\.\d+){0,2}/.exec(firmware ?? '')?.[0] ?? '0.0.0';
}
