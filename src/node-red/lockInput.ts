/**
 * What a `tedee-lock` node is asked to do: the action (msg.action, else msg.payload) and the lock (msg.lock, else
 * the node's choice), with errors naming the field of the message (docs/node-red.md "tedee-lock").
 */
import { NodeInputError, shownValue } from './inputError.js';
import type { NodeMessage } from './red.js';

export const LOCK_NODE_ACTIONS = ['lock', 'unlock', 'open', 'status'] as const;
export type LockNodeAction = (typeof LOCK_NODE_ACTIONS)[number];
const ACTIONS = LOCK_NODE_ACTIONS;

/** msg.action, else msg.payload: `lock`, `unlock`, `open` or `status`, in any case. */
export function readLockAction(msg: NodeMessage): LockNodeAction {
  const field = msg.action === undefined || msg.action === null ? 'msg.payload' : 'msg.action';
  const raw = field === 'msg.action' ? msg.action : msg.payload;
  const action = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if ((ACTIONS as readonly unknown[]).includes(action)) return action as LockNodeAction;
  throw new NodeInputError(
    'INVALID_ACTION',
    `${field}: ${shownValue(raw)} is not an action; use one of ${ACTIONS.join(', ')}${field === 'msg.payload' ? ' (or set msg.action)' : ''}`,
  );
}

/** msg.lock, else the node's lock: a serial number or name (text), or a Tedee id (a whole number above 0). */
export function readLockReference(msg: NodeMessage, chosen: string | undefined): string | number {
  const raw = msg.lock ?? chosen;
  if (typeof raw === 'string' && raw.trim()) return raw.trim();
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return raw;
  throw new NodeInputError(
    'INVALID_LOCK',
    raw === undefined || raw === null || raw === ''
      ? 'msg.lock: missing; pick a lock in the node or set msg.lock (serial number, name or id)'
      : `msg.lock: ${shownValue(raw)} is not a lock; use its serial number, name (text) or id (a whole number above 0)`,
  );
}
