/**
 * What the Homebridge log says about a command from HomeKit: exactly one line. Info when it is confirmed, a
 * warning with the hub's code otherwise. An `unknown` outcome is never repeated (the door may have moved): the hub
 * reads the state and the tile follows it.
 */
import type { Logging } from 'homebridge';
import type { CommandResult, LockAction } from '../core/index.js';

export const VERB: Record<LockAction, string> = { lock: 'Locking', unlock: 'Unlocking', open: 'Opening' };
const DONE: Record<LockAction, string> = { lock: 'locked', unlock: 'unlocked', open: 'opened' };

export function logOutcome(log: Logging, lockName: string, result: CommandResult): void {
  const { action } = result.command;
  if (result.outcome === 'confirmed') {
    log.info(`${lockName} ${DONE[action]} from HomeKit`);
    return;
  }
  const code = result.code ? ` (${result.code})` : '';
  const reason = result.reason ?? 'no reason given';
  if (result.outcome === 'unknown') {
    log.warn(
      `${VERB[action]} ${lockName}: outcome unknown${code}: ${reason}. The door may have moved; ` +
        'the command is not repeated and the state will be read.',
    );
    return;
  }
  log.warn(`${VERB[action]} ${lockName} ${result.outcome}${code}: ${reason}`);
}
