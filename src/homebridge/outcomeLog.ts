/**
 * What the Homebridge log says about a command from HomeKit: exactly one line (core's outcomeLine). An `unknown`
 * outcome is never repeated (the door may have moved): the hub reads the state and the tile follows it.
 */
import type { Logging } from 'homebridge';
import type { CommandResult } from '../core/index.js';
import { outcomeLine } from '../core/index.js';

export function logOutcome(log: Logging, lockName: string, result: CommandResult): void {
  const { level, message } = outcomeLine(lockName, result, 'HomeKit');
  log[level](message);
}
