/** The node status badge (under the node in the editor): a lock's state, or the account's health. */
import type { ActivityEvent, HealthStatus, Lock } from '../core/index.js';
import type { NodeStatus } from './red.js';

/** "locked 80% closed": state, battery and door, red when jammed or unavailable. */
export function lockStatus(lock: Lock): NodeStatus {
  const { state, battery, door, jammed } = lock.status;
  const text = [state, battery === null ? undefined : `${battery}%`, door ?? undefined]
    .filter(Boolean)
    .join(' ');
  if (!lock.available) return { fill: 'red', shape: 'ring', text: `unavailable` };
  if (jammed) return { fill: 'red', shape: 'dot', text };
  return { fill: state === 'locked' ? 'green' : 'yellow', shape: 'dot', text };
}

export function healthStatus(health: HealthStatus, lock: string | undefined): NodeStatus {
  switch (health.state) {
    case 'starting':
      return { fill: 'yellow', shape: 'ring', text: 'starting' };
    case 'ok':
      return { fill: 'grey', shape: 'ring', text: lock ? `no lock ${lock}` : 'ok' };
    case 'degraded':
      return { fill: 'yellow', shape: 'dot', text: short(health.reason ?? 'degraded') };
    case 'failed':
      return {
        fill: 'red',
        shape: 'ring',
        text: health.code === 'AUTH_INVALID' ? 'key rejected' : short(health.reason ?? 'failed'),
      };
  }
}

function short(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "unlocked keypad Ann · Front Door": the last activity entry, red when it was refused or jammed. */
export function activityStatus(event: ActivityEvent): NodeStatus {
  const who = event.pinAlias ?? event.linkName ?? event.user?.name;
  const text = short(
    [event.action, event.method, who].filter(Boolean).join(' ') + ` · ${event.lockName}`,
    40,
  );
  const bad = event.action === 'refused' || event.action === 'jammed';
  return { fill: bad ? 'red' : 'green', shape: 'dot', text };
}
