/**
 * The activity feed's domain: who did what to which lock, and how. Front ends (Node-RED, MQTT) only see these
 * names, never Tedee's event numbers (core/cloud/activityEvents.ts translates them).
 */

/** What happened. `refused`: a PIN was wrong or used outside its window; the door did not move. */
export type ActivityAction =
  | 'locked'
  | 'unlocked'
  | 'opened'
  | 'semi-locked'
  | 'jammed'
  | 'refused'
  | 'door-opened'
  | 'door-closed'
  | 'other';

export const ACTIVITY_ACTIONS: readonly ActivityAction[] = [
  'locked',
  'unlocked',
  'opened',
  'semi-locked',
  'jammed',
  'refused',
  'door-opened',
  'door-closed',
  'other',
];

/**
 * How: the Tedee app (and anything else through the cloud API, this hub's own commands included: the cloud
 * does not tell them apart), the keypad, an access link (smart key), the lock's button, the lock's auto-lock,
 * the knob turned by hand, another remote channel (HomeKit, Matter, the bridge's local API), or unknown.
 */
export type ActivityMethod =
  'app' | 'keypad' | 'link' | 'button' | 'auto-lock' | 'manual' | 'remote' | 'unknown';

export const ACTIVITY_METHODS: readonly ActivityMethod[] = [
  'app',
  'keypad',
  'link',
  'button',
  'auto-lock',
  'manual',
  'remote',
  'unknown',
];

/** One entry of a lock's activity log, as the cloud module reads it. */
export interface ActivityEntry {
  /** The cloud's id of the entry: unique per account, the key of deduplication. */
  id: number;
  lockId: number;
  /** ISO date (UTC). */
  at: string;
  /** Tedee's event name (e.g. `UnlockByPin`), or `event-<number>` for one this version does not know. */
  event: string;
  action: ActivityAction;
  method: ActivityMethod;
  /**
   * Who, for the app and remote channels: the user's name as the cloud logs it. The log carries no email, so
   * none is given (docs/hub.md "Activity feed").
   */
  user?: { name: string };
  /** The keypad PIN's name (its alias in the Tedee app), for keypad events. */
  pinAlias?: string;
  /** The access link's name, for link events. */
  linkName?: string;
}

/** What the hub emits as `activity`: an entry with the lock it belongs to. */
export interface ActivityEvent extends ActivityEntry {
  serialNumber: string;
  lockName: string;
}
