import type { HubError, HubErrorCode } from '../errors.js';
import type { Lock, LockAction, LockInfo, LockStatus } from '../lock.js';
import type { Delivery } from '../keys/delivery/types.js';
import type { Key } from '../keys/model.js';
import type { HealthStatus } from './health.js';
import type { ActivityEvent } from '../activity/types.js';

/** What happened to a key (the key service's `keyChanged`); the key is masked. */
export type KeyChange =
  'issued' | 'pending' | 'failed' | 'updated' | 'revoked' | 'recompiled' | 'repaired' | 'recovered';

/**
 * How a command ended (docs/hub.md "Command outcomes"): `confirmed`; `failed`, it surely did not happen;
 * `timeout`, the cloud accepted it but the lock did not confirm within commandTimeout; `unknown`, sent, and
 * whether the door moved cannot be known (the state is read and reported). `refused` (never sent) is thrown
 * by hub.command() as a HubError, and front ends report it. No front end retries an `unknown` open.
 */
export type CommandOutcome = 'confirmed' | 'failed' | 'timeout' | 'unknown';

export interface CommandInfo {
  /** Stable id handed out by hub.command(). */
  id: string;
  lockId: number;
  action: LockAction;
  /** ISO time the command was requested. */
  requestedAt: string;
}

export interface CommandResult {
  command: CommandInfo;
  outcome: CommandOutcome;
  /** Why it is not confirmed, for a person; absent when confirmed. */
  reason?: string;
  /** A stable code whenever the outcome is not `confirmed` (HubErrorCode). */
  code?: HubErrorCode;
  /** The lock as it was after the command. */
  lock?: Lock;
}

/**
 * Every event name, for front ends that follow them all (tedee-hub watch). Not `polled` (one per poll, noise
 * for a watcher) nor `activity` (it flows only while someone watches it: hub.watchActivity).
 */
export const HUB_EVENT_NAMES = [
  'ready',
  'lockAdded',
  'lockUpdated',
  'lockRemoved',
  'stateChanged',
  'availabilityChanged',
  'commandStarted',
  'commandFinished',
  'error',
  'healthChanged',
  'keyChanged',
  'delivery',
] as const;

/** Everything the hub tells its front ends. */
export interface HubEvents {
  [event: string]: unknown;
  /** The first discovery finished: the list of locks is complete from now on. */
  ready: { locks: Lock[] };
  lockAdded: { lock: Lock };
  /** Name, settings or equipment changed (e.g. renamed in the Tedee app). */
  lockUpdated: { lock: Lock; previous: LockInfo };
  lockRemoved: { lock: Lock };
  stateChanged: { lock: Lock; previous: LockStatus; current: LockStatus };
  availabilityChanged: { lock: Lock; available: boolean; reason: string };
  commandStarted: { command: CommandInfo };
  commandFinished: CommandResult;
  error: { error: HubError; context: string };
  /** The hub's own health changed (hub.health). */
  healthChanged: HealthStatus;
  /** A key was issued, changed, rolled back, revoked or repaired; doorcodes masked. */
  keyChanged: { key: Key; change: KeyChange };
  /**
   * A person's credentials are ready: the only event carrying the doorcode in clear (Node-RED, MQTT and the
   * channels use it; anything that logs it must mask it).
   */
  delivery: Delivery;
  /** A poll read the locks (every successful read, changed or not): for front ends that report every poll. */
  polled: { locks: Lock[] };
  /** An entry of a watched lock's activity log (hub.watchActivity), once. */
  activity: ActivityEvent;
}
