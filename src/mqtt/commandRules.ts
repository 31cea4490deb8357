/**
 * Whether a well-formed command may go to the hub: commands on, the action allowed for that lock, and the
 * command code right (compared in constant time) from a requester that is not locked out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MqttConfig } from '../config/index.js';
import type { HubSettings, Lock, LockAction } from '../core/index.js';
import { lockEntry, resolveLockSettings } from '../core/index.js';
import type { Logger } from '../util/logger.js';
import { printable } from '../util/printable.js';
import type { CodeLockout } from './codeLockout.js';
import { WRONG_CODES_ALLOWED, WRONG_CODE_WINDOW_MS, lockoutKey } from './codeLockout.js';

export interface RuleDependencies {
  commands: MqttConfig['commands'];
  lockout: CodeLockout;
  logger: Logger;
}

export interface Refusal {
  code: string;
  reason: string;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The actions MQTT may run on this lock (none when commands are off). */
export function allowedActions(commands: MqttConfig['commands'], lock: Lock): readonly LockAction[] {
  if (!commands.enabled) return [];
  return lockEntry(commands.locks, lock)?.actions ?? commands.actions;
}

/** What MQTT can do with this lock: allowed in mqtt.commands, by the hub's own lock settings, and by the lock. */
export function operableActions(
  commands: MqttConfig['commands'],
  settings: HubSettings,
  lock: Lock,
): LockAction[] {
  const hubAllows = resolveLockSettings(settings, lock);
  return allowedActions(commands, lock).filter((action) => {
    if (action === 'unlock') return hubAllows.allowUnlock;
    if (action === 'open') return hubAllows.allowOpen && lock.pullSpringEnabled;
    return true;
  });
}

export function refusal(
  deps: RuleDependencies,
  lock: Lock,
  action: LockAction,
  code: string | undefined,
  requester: string | undefined,
): Refusal | undefined {
  const { commands, lockout } = deps;
  if (!commands.enabled)
    return { code: 'COMMANDS_DISABLED', reason: 'commands over MQTT are off (mqtt.commands.enabled)' };
  if (!allowedActions(commands, lock).includes(action))
    return {
      code: 'ACTION_NOT_ALLOWED',
      reason: `${action.toUpperCase()} is not allowed for ${lock.name} over MQTT (mqtt.commands)`,
    };
  if (commands.code === undefined) return undefined;
  const key = lockoutKey(lock.serialNumber, requester);
  if (lockout.isLockedOut(key))
    return { code: 'CODE_LOCKED_OUT', reason: 'too many wrong codes; try again later' };
  if (code === undefined) return { code: 'CODE_REQUIRED', reason: 'a code is required' };
  if (timingSafeEqual(digest(code), digest(commands.code))) {
    lockout.right(key);
    return undefined;
  }
  if (lockout.wrong(key)) {
    const minutes = WRONG_CODE_WINDOW_MS / 60_000;
    // The lock name comes from the cloud and the client id from the requester: both are escaped.
    deps.logger.warn(
      printable(
        `${WRONG_CODES_ALLOWED} wrong codes for ${lock.name} over MQTT within ${minutes} minutes` +
          `${requester ? ` from client ${requester}` : ''}: its commands with a code are refused for ${minutes} minutes.`,
      ),
    );
  }
  return { code: 'CODE_WRONG', reason: 'wrong code' };
}
