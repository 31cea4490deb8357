/**
 * The one line a front end logs when a command it sent ends: info when confirmed, a warning with the hub's code
 * otherwise. An `unknown` outcome says that the door may have moved and that nothing is repeated.
 */
import { printable } from '../../util/printable.js';
import type { LockAction } from '../lock.js';
import type { CommandResult } from './events.js';

export const ACTION_VERB: Record<LockAction, string> = {
  lock: 'Locking',
  unlock: 'Unlocking',
  open: 'Opening',
};
const DONE: Record<LockAction, string> = { lock: 'locked', unlock: 'unlocked', open: 'opened' };

export interface OutcomeLine {
  level: 'info' | 'warn';
  message: string;
}

/** E.g. "Front Door unlocked from HomeKit", or "Locking Garage failed (LOCK_JAMMED): the lock jammed". */
export function outcomeLine(name: string, result: CommandResult, source: string): OutcomeLine {
  // The name comes from the cloud: a control character in it must not forge or rewrite a log line.
  const lockName = printable(name);
  const { action } = result.command;
  if (result.outcome === 'confirmed')
    return { level: 'info', message: `${lockName} ${DONE[action]} from ${source}` };
  const code = result.code ? ` (${result.code})` : '';
  const reason = printable(result.reason ?? 'no reason given');
  if (result.outcome === 'unknown') {
    return {
      level: 'warn',
      message:
        `${ACTION_VERB[action]} ${lockName}: outcome unknown${code}: ${reason}. The door may have moved; ` +
        'the command is not repeated and the state will be read.',
    };
  }
  return { level: 'warn', message: `${ACTION_VERB[action]} ${lockName} ${result.outcome}${code}: ${reason}` };
}
