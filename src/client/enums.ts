/**
 * Enumerations and scope names of the Tedee cloud API (v37), with the API's own numbers.
 * Source: ../shared/research/tedee-api.md sections 1 and 4.
 */

/** Scope names exactly as the Tedee Portal and the API spell them. */
export const SCOPES = [
  'Account.Read',
  'Account.ReadWrite',
  'Bridge.Operate',
  'Device.Read',
  'Device.ReadWrite',
  'DeviceActivity.Read',
  'DeviceCertificate.Operate',
  'DeviceShare.Read',
  'DeviceShare.ReadWrite',
  'Lock.Operate',
  'Mobile.Read',
  'Mobile.ReadWrite',
  'Organization.Read',
  'Organization.ReadWrite',
  'AccessLink.Read',
  'AccessLink.ReadWrite',
] as const;
export type Scope = (typeof SCOPES)[number];

/** deviceState.state */
export const LockStateCode = {
  Uncalibrated: 0,
  Calibrating: 1,
  Unlocked: 2,
  SemiLocked: 3,
  Unlocking: 4,
  Locking: 5,
  Locked: 6,
  Pulled: 7,
  Pulling: 8,
  Unknown: 9,
  Updating: 18,
} as const;

export const DoorStateCode = {
  NotPaired: 0,
  Disconnected: 1,
  Opened: 2,
  Closed: 3,
  Uncalibrated: 4,
} as const;

export const DeviceType = {
  Bridge: 1,
  LockPro: 2,
  Keypad: 3,
  LockGo: 4,
  Gate: 5,
  DryContact: 6,
  DoorSensor: 8,
  KeypadPro: 10,
} as const;

export const AccessLevel = { Guest: 0, Admin: 1, Owner: 2, None: 3 } as const;

/** Query `mode` of the unlock operation. */
export const UnlockMode = { Default: 0, Force: 2, WithoutAutoPull: 3, UnlockOrPull: 4 } as const;
export type UnlockModeValue = (typeof UnlockMode)[keyof typeof UnlockMode];

export const OperationType = { Lock: 0, Unlock: 1, Pull: 2 } as const;
