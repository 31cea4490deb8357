/**
 * Whether the Tedee cloud answers, as the hub's connectivity entity shows it. Read from what the hub exposes
 * today: not before the first successful read of the locks, and not while the hub has made every lock
 * unavailable for cloud failure (a lock that reports itself connected yet is unavailable). One function, so
 * that it can read the hub's own health state once the hub has one.
 */
import type { LockHub } from '../core/index.js';

export type CloudStatus = 'online' | 'offline';

export function cloudStatus(hub: Pick<LockHub, 'isReady' | 'locks'>): CloudStatus {
  if (!hub.isReady) return 'offline';
  const failing = hub.locks().some((lock) => lock.status.connected && !lock.available);
  return failing ? 'offline' : 'online';
}

/** The hub events after which cloudStatus may have changed. */
export const CLOUD_STATUS_EVENTS = ['ready', 'availabilityChanged', 'error'] as const;
