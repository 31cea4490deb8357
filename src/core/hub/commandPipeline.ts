/**
 * Lock commands: refused locally when they cannot work, serialised per lock, deduplicated (a burst of
 * identical requests is one operation: iOS repeats writes), then confirmed by the operation status and a
 * sync of that lock. `open` (pull spring) is never sent twice.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from '../../util/clock.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { CloudAccount } from '../cloud/account.js';
import { toHubError } from '../cloud/account.js';
import { HubError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { Lock, LockAction, LockState } from '../lock.js';
import type { Capabilities } from './capabilities.js';
import type { Credentials } from './credentials.js';
import type { CommandInfo, CommandResult, HubEvents } from './events.js';
import type { LockRegistry } from './registry.js';
import type { HubSettings, UnlockMode } from './settings.js';
import { DEFAULTS, isActionAllowed, resolveLockSettings } from './settings.js';
import type { StateEngine } from './stateEngine.js';

export interface CommandTicket {
  id: string;
  lockId: number;
  action: LockAction;
  /** True when this request joined an identical command instead of sending another. */
  joined: boolean;
  /** Settles with the outcome; never rejects. */
  result: Promise<CommandResult>;
  /** Resolves true once the cloud accepted the (first) operation, false when the command ended before. */
  accepted: Promise<boolean>;
}

export interface CommandOptions {
  /** Hub-clock time after which the command must not start any more (e.g. an MQTT 5 message expiry). */
  notAfter?: number;
}

export interface PipelineDependencies {
  settings: HubSettings;
  engine: StateEngine;
  registry: LockRegistry;
  credentials: Credentials;
  capabilities: Capabilities;
  bus: EventBus<HubEvents>;
  logger: Logger;
  clock: Clock;
}

/** States that show an action took effect. A pull may already be over when the lock is read. */
const REACHED: Record<LockAction, readonly LockState[]> = {
  lock: ['locked'],
  unlock: ['unlocked', 'opening', 'open'],
  open: ['opening', 'open', 'unlocked'],
};

const VERB: Record<LockAction, string> = { lock: 'Locking', unlock: 'Unlocking', open: 'Opening' };

/** How a command ended early (failed or timed out), thrown to leave the steps of `perform`. */
class Outcome extends Error {
  constructor(readonly result: Omit<CommandResult, 'command'>) {
    super(result.reason ?? result.outcome);
  }
}

export class CommandPipeline {
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly recent = new Map<string, { ticket: CommandTicket; lastSeen: number; failed?: boolean }>();
  private stopped = false;

  constructor(private readonly deps: PipelineDependencies) {}

  /** Hands a command over and returns at once; throws a HubError when it is refused without calling the cloud. */
  submit(reference: string | number, action: LockAction, options: CommandOptions = {}): CommandTicket {
    if (this.stopped) throw new HubError('HUB_STOPPED', 'The hub is stopped; the command was not sent.');
    const lock = this.refuseOrFind(reference, action);
    const now = this.deps.clock.now();
    const key = `${lock.id}:${action}`;
    const recent = this.recent.get(key);
    // Joins a command in flight or one that just succeeded; a failed one may be tried again at once.
    const window = (this.deps.settings.dedupeWindow ?? DEFAULTS.dedupeWindow) * 1000;
    if (recent && !recent.failed && now - recent.lastSeen < window) {
      recent.lastSeen = now;
      return { ...recent.ticket, joined: true };
    }
    const command: CommandInfo = {
      id: randomUUID(),
      lockId: lock.id,
      action,
      requestedAt: new Date(now).toISOString(),
    };
    const previous = this.queues.get(lock.id) ?? Promise.resolve();
    let accept: (accepted: boolean) => void = () => undefined;
    const accepted = new Promise<boolean>((resolve) => (accept = resolve));
    const result = previous
      .then(() => this.execute(command, options, () => accept(true)))
      .finally(() => accept(false));
    this.queues.set(
      lock.id,
      result.then((finished) => this.holdAfterPull(finished)),
    );
    const ticket: CommandTicket = {
      id: command.id,
      lockId: lock.id,
      action,
      joined: false,
      result,
      accepted,
    };
    // A different command in between ends the window: unlock, lock, unlock must unlock again.
    for (const other of ['lock', 'unlock', 'open']) this.recent.delete(`${lock.id}:${other}`);
    const entry: { ticket: CommandTicket; lastSeen: number; failed?: boolean } = { ticket, lastSeen: now };
    this.recent.set(key, entry);
    void result.then((finished) => (entry.failed = finished.outcome !== 'confirmed'));
    return ticket;
  }

  /**
   * After a pull the lock holds the latch for its pull spring duration and refuses other operations
   * (409): the next command on that lock waits it out instead of failing.
   */
  private async holdAfterPull(result: CommandResult): Promise<void> {
    const state = result.lock?.status.state;
    if (result.outcome !== 'confirmed' || (state !== 'open' && state !== 'opening')) return;
    await sleep(this.deps.clock, ((result.lock?.pullSpringDuration ?? 0) + 1) * 1000);
  }

  stop(): void {
    this.stopped = true;
  }

  private refuseOrFind(reference: string | number, action: LockAction): Lock {
    const { registry, settings, capabilities, credentials } = this.deps;
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
        `${VERB[action]} ${lock.name} is disabled in the configuration (${option}: false).`,
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

  private async execute(
    command: CommandInfo,
    options: CommandOptions,
    onAccepted: () => void,
  ): Promise<CommandResult> {
    this.deps.bus.emit('commandStarted', { command });
    let outcome: Omit<CommandResult, 'command'>;
    try {
      if (this.stopped) {
        throw new Outcome({ outcome: 'failed', reason: 'the hub stopped before the command could run' });
      }
      if (options.notAfter !== undefined && this.deps.clock.now() > options.notAfter) {
        const lock = this.deps.registry.get(command.lockId);
        throw new Outcome({ outcome: 'failed', reason: 'the command expired before it could run', lock });
      }
      outcome = await this.perform(command, onAccepted);
    } catch (caught) {
      outcome = caught instanceof Outcome ? caught.result : this.failure(command, toHubError(caught));
    }
    const result: CommandResult = { command, ...outcome };
    this.deps.bus.emit('commandFinished', result);
    return result;
  }

  private failure(command: CommandInfo, error: HubError): Omit<CommandResult, 'command'> {
    // A 403 may be about this lock only (remote access off, access expired): read its access again.
    if (error.code === 'SCOPE_MISSING' && !this.deps.capabilities.refused(error.scope ?? 'Lock.Operate'))
      this.deps.engine.requestRefresh();
    // Debug only: the outcome goes to the front ends, and each reports it once to its user.
    this.deps.logger.debug(
      `${VERB[command.action]} lock ${command.lockId} failed (${error.code}): ${error.message}`,
    );
    return { outcome: 'failed', reason: error.message, lock: this.deps.registry.get(command.lockId) };
  }

  private async perform(
    command: CommandInfo,
    onAccepted: () => void,
  ): Promise<Omit<CommandResult, 'command'>> {
    const lock = this.deps.registry.get(command.lockId);
    if (!lock) throw new Outcome({ outcome: 'failed', reason: 'the lock is no longer in the account' });
    const mode = resolveLockSettings(this.deps.settings, lock).unlockMode;
    if (command.action === 'open' && !REACHED.unlock.includes(lock.status.state)) {
      // A pull works on an unlocked lock only: unlock first (without the lock's own auto pull), then pull.
      await this.confirm(command, 'unlock', (account) => account.unlock(lock.id, 3), onAccepted);
    }
    const after = await this.confirm(
      command,
      command.action,
      (account) => this.send(account, command.action, lock.id, mode),
      onAccepted,
    );
    return { outcome: 'confirmed', lock: after };
  }

  private send(account: CloudAccount, action: LockAction, id: number, mode: UnlockMode): Promise<string> {
    if (action === 'lock') return account.lock(id);
    if (action === 'unlock') return account.unlock(id, mode);
    return account.pull(id);
  }

  /** Sends one operation, waits for COMPLETED, reads the lock and checks it reached the expected state. */
  private async confirm(
    command: CommandInfo,
    step: LockAction,
    send: (account: CloudAccount) => Promise<string>,
    onAccepted: () => void,
  ): Promise<Lock> {
    const operationId = await this.deps.credentials.use(send);
    onAccepted();
    this.deps.capabilities.worked('Lock.Operate');
    const timeoutS = this.deps.settings.commandTimeout ?? DEFAULTS.commandTimeout;
    const progress = await this.waitForOperation(operationId, timeoutS * 1000);
    // Once the hub is stopped nothing more goes to the cloud, not even the confirming read.
    const after = this.stopped
      ? this.deps.registry.get(command.lockId)
      : await this.deps.engine.syncLock(command.lockId).catch(() => this.deps.registry.get(command.lockId));
    if (!progress) {
      const reason = this.stopped
        ? 'the hub stopped before the lock confirmed'
        : `the lock did not confirm within ${timeoutS} s`;
      throw new Outcome({ outcome: 'timeout', reason, lock: after });
    }
    const state = after?.status.state ?? 'unknown';
    if (progress.result > 0) {
      const why =
        state === 'jammed' ? 'the lock jammed' : `the lock reported an error (result ${progress.result})`;
      throw new Outcome({ outcome: 'failed', reason: why, lock: after });
    }
    if (!after || !REACHED[step].includes(state)) {
      throw new Outcome({
        outcome: 'failed',
        reason: `the lock reports ${state} after the command`,
        lock: after,
      });
    }
    return after;
  }

  /** Polls the operation about every second until COMPLETED; undefined on timeout or when the hub stops. */
  private async waitForOperation(
    operationId: string,
    timeoutMs: number,
  ): Promise<{ result: number } | undefined> {
    const { clock, credentials, logger } = this.deps;
    const deadline = clock.now() + timeoutMs;
    while (!this.stopped && clock.now() < deadline) {
      await sleep(clock, DEFAULTS.operationPollMs);
      try {
        const progress = await credentials.use((account) => account.operation(operationId));
        if (progress.completed) return progress;
      } catch (caught) {
        logger.debug(`Operation ${operationId} status not read: ${toHubError(caught).message}`);
      }
    }
    return undefined;
  }
}
