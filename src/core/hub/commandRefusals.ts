/**
 * Commands refused before anything is sent: the reasons a command cannot work are known locally (no usable
 * key, unknown lock, disabled in the configuration or in Tedee, missing scope, lock offline).
 */
import { HubError } from '../errors.js';
import type { Lock, LockAction } from '../lock.js';
import type { HubContext } from './context.js';
import type { LockRegistry } from './registry.js';
import { isActionAllowed, resolveLockSettings } from './settings.js';
import { ACTION_VERB } from './outcomeText.js';

/** The lock a command is for, or a HubError saying why it is refused. */
export function refuseOrFind(
  context: HubContext,
  registry: LockRegistry,
  reference: string | number,
  action: LockAction,
): Lock {
  const { settings, capabilities, credentials } = context;
  if (credentials.exhausted()) {
    throw new HubError(
      'AUTH_INVALID',
      `The Tedee cloud rejected ${credentials.prefixes().join(' and ')} (expired or revoked); ` +
        'create a new key in the Tedee Portal (https://portal.tedee.com/personal-access-keys). The command was not sent.',
    );
  }
  const lock = registry.find(reference);
  if (!lock) {
    const known =
      registry
        .all()
        .map((candidate) => candidate.name)
        .join(', ') || 'none yet';
    throw new HubError(
      'UNKNOWN_LOCK',
      `No lock "${reference}" (by id, serial number or name). Known locks: ${known}.`,
    );
  }
  const options = resolveLockSettings(settings, lock);
  if (!isActionAllowed(options, action)) {
    const option = action === 'open' ? 'allowOpen' : 'allowUnlock';
    throw new HubError(
      'ACTION_DISABLED',
      `${ACTION_VERB[action]} ${lock.name} is disabled in the configuration (${option}: false).`,
    );
  }
  if (action === 'open' && !lock.pullSpringEnabled) {
    throw new HubError(
      'PULL_SPRING_DISABLED',
      `${lock.name} cannot open the door: pull spring is not enabled on the lock (turn it on in the Tedee app).`,
    );
  }
  if (lock.remoteAccessDisabled) {
    throw new HubError(
      'ACTION_DISABLED',
      `Remote access to ${lock.name} is disabled for this account in Tedee.`,
    );
  }
  const missing = capabilities.lacking(['Lock.Operate']);
  if (missing) {
    throw new HubError(
      'SCOPE_MISSING',
      `The Personal Access Key lacks the scope ${missing}, so ${lock.name} cannot be operated.`,
      {
        scope: missing,
      },
    );
  }
  if (!lock.status.connected) {
    throw new HubError(
      'LOCK_OFFLINE',
      `${lock.name} is offline (not connected to its bridge); the command was not sent.`,
    );
  }
  return lock;
}
