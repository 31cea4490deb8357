/**
 * The `tedee-key` node's status badge: the last action and the key's status; before that, or when something
 * stands in the way, the account's health or why keys are off.
 */
import type { HealthStatus } from '../core/index.js';
import { healthStatus } from './nodeStatus.js';
import type { NodeStatus } from './red.js';

export interface LastAction {
  action: string;
  /** The key's status, a count for list, or the error code. */
  status?: string;
  failed?: boolean;
}

export interface KeyNodeView {
  hasAccount: boolean;
  health: HealthStatus;
  keysRunning: boolean;
  keysProblem?: string;
  last?: LastAction;
}

export function keyStatus(view: KeyNodeView): NodeStatus {
  if (!view.hasAccount) return { fill: 'red', shape: 'ring', text: 'no account' };
  if (view.health.state === 'failed' || view.health.state === 'degraded')
    return healthStatus(view.health, undefined);
  if (view.keysProblem)
    return { fill: 'red', shape: 'ring', text: short(`keys are off: ${view.keysProblem}`) };
  if (!view.keysRunning) return { fill: 'yellow', shape: 'ring', text: 'starting' };
  const { last } = view;
  if (!last) return { fill: 'green', shape: 'ring', text: 'ready' };
  const text = short(`${last.action}: ${last.status ?? 'done'}`);
  if (last.failed) return { fill: 'red', shape: 'dot', text };
  if (last.status === 'pending') return { fill: 'yellow', shape: 'ring', text };
  return {
    fill: last.status === 'active' || last.status === 'scheduled' ? 'green' : 'grey',
    shape: 'dot',
    text,
  };
}

function short(text: string): string {
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
