/**
 * Lock commands: refused locally when they cannot work, serialised per lock, deduplicated (a burst of
 * identical requests is one operation: iOS repeats writes), then confirmed by the operation status and a
 * sync of that lock (commandSteps.ts). Every command ends within commandTimeout of its submission, and
 * `open` (pull spring) is never sent twice.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from '../../util/clock.js';
import type { CloudAccount } from '../cloud/account.js';
import { toHubError } from '../cloud/translate.js';
import { HubError } from '../errors.js';
import type { LockAction } from '../lock.js';
import { refuseOrFind } from './commandRefusals.js';
import { CommandSteps, Outcome, REACHED } from './commandSteps.js';
import type { HubContext } from './context.js';
import { Deadline } from './deadline.js';
import type { CommandInfo, CommandResult } from './events.js';
import type { LockRegistry } from './registry.js';
import type { UnlockMode } from './settings.js';
import { DEFAULTS, resolveLockSettings } from './settings.js';
import type { StateEngine } from './stateEngine.js';
import { ACTION_VERB } from './outcomeText.js';

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
  context: HubContext;
  engine: StateEngine;
  registry: LockRegistry;
}

export class CommandPipeline {
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly recent = new Map<string, { ticket: CommandTicket; lastSeen: number; failed?: boolean }>();
  private stopped = false;
  private readonly steps: CommandSteps;

  constructor(private readonly deps: PipelineDependencies) {
    this.steps = new CommandSteps({ ...deps, isStopped: () => this.stopped });
  }

  /** Hands a command over and returns at once; throws a HubError when it is refused without calling the cloud. */
  submit(reference: string | number, action: LockAction, options: CommandOptions = {}): CommandTicket {
    if (this.stopped) throw new HubError('HUB_STOPPED', 'The hub is stopped; the command was not sent.');
    const lock = refuseOrFind(this.deps.context, this.deps.registry, reference, action);
    const { clock, settings } = this.deps.context;
    const now = clock.now();
    const key = `${lock.id}:${action}`;
    const recent = this.recent.get(key);
    // Joins a command in flight or one that just succeeded; a failed one may be tried again at once.
    const window = (settings.dedupeWindow ?? DEFAULTS.dedupeWindow) * 1000;
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
    const deadline = new Deadline(clock, now + (settings.commandTimeout ?? DEFAULTS.commandTimeout) * 1000);
    const previous = this.queues.get(lock.id) ?? Promise.resolve();
    let accept: (accepted: boolean) => void = () => undefined;
    const accepted = new Promise<boolean>((resolve) => (accept = resolve));
    const result = this.execute(command, options, previous, deadline, () => accept(true)).finally(() =>
      accept(false),
    );
    // The next command waits for this one and for every one before it: a command that ran out of time in
    // the queue must not let the next one overtake a command still running.
    this.queues.set(
      lock.id,
      Promise.all([previous, result.then((finished) => this.holdAfterPull(finished))]),
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
   * (409): the next command on that lock waits it out instead of failing. An open that may have pulled
   * (unknown, timeout) is waited out as well.
   */
  private async holdAfterPull(result: CommandResult): Promise<void> {
    const state = result.lock?.status.state;
    const pulled = result.outcome === 'confirmed' && (state === 'open' || state === 'opening');
    const mayHavePulled =
      result.command.action === 'open' && (result.outcome === 'unknown' || result.outcome === 'timeout');
    if (!pulled && !mayHavePulled) return;
    await sleep(this.deps.context.clock, ((result.lock?.pullSpringDuration ?? 0) + 1) * 1000);
  }

  stop(): void {
    this.stopped = true;
  }

  private async execute(
    command: CommandInfo,
    options: CommandOptions,
    previous: Promise<unknown>,
    deadline: Deadline,
    onAccepted: () => void,
  ): Promise<CommandResult> {
    let outcome: Omit<CommandResult, 'command'> | undefined;
    try {
      await deadline.race(previous);
    } catch {
      outcome = {
        outcome: 'failed',
        code: 'COMMAND_EXPIRED',
        reason:
          'the command could not start before commandTimeout (earlier commands on this lock took the time)',
        lock: this.deps.registry.get(command.lockId),
      };
    }
    this.deps.context.bus.emit('commandStarted', { command });
    try {
      if (outcome) throw new Outcome(outcome);
      if (this.stopped) {
        throw new Outcome({
          outcome: 'failed',
          code: 'HUB_STOPPED',
          reason: 'the hub stopped before the command could run',
        });
      }
      if (options.notAfter !== undefined && this.deps.context.clock.now() > options.notAfter) {
        const lock = this.deps.registry.get(command.lockId);
        throw new Outcome({
          outcome: 'failed',
          code: 'COMMAND_EXPIRED',
          reason: 'the command expired before it could run',
          lock,
        });
      }
      outcome = await this.perform(command, deadline, onAccepted);
    } catch (caught) {
      outcome = caught instanceof Outcome ? caught.result : this.failure(command, toHubError(caught));
    }
    // Debug only, here and in failure(): the outcome goes to the front ends, and each reports it once to its user
    // (Homebridge: one warning per command from HomeKit, docs/homebridge.md).
    if (outcome.outcome !== 'confirmed' && outcome.outcome !== 'failed') {
      this.deps.context.logger.debug(
        `${ACTION_VERB[command.action]} lock ${command.lockId} ended ${outcome.outcome} (${outcome.code}): ${outcome.reason}`,
      );
    }
    const result: CommandResult = { command, ...outcome };
    this.deps.context.bus.emit('commandFinished', result);
    return result;
  }

  /** A refusal by the cloud, or an error that proves the request never reached it: surely did not happen. */
  private failure(command: CommandInfo, error: HubError): Omit<CommandResult, 'command'> {
    const { capabilities, logger } = this.deps.context;
    // A 403 may be about this lock only (remote access off, access expired): read its access again.
    if (error.code === 'SCOPE_MISSING' && !capabilities.refused(error.scope ?? 'Lock.Operate'))
      this.deps.engine.requestRefresh();
    logger.debug(
      `${ACTION_VERB[command.action]} lock ${command.lockId} failed (${error.code}): ${error.message}`,
    );
    return {
      outcome: 'failed',
      code: error.code,
      reason: error.message,
      lock: this.deps.registry.get(command.lockId),
    };
  }

  private async perform(
    command: CommandInfo,
    deadline: Deadline,
    onAccepted: () => void,
  ): Promise<Omit<CommandResult, 'command'>> {
    const lock = this.deps.registry.get(command.lockId);
    if (!lock) {
      throw new Outcome({
        outcome: 'failed',
        code: 'UNKNOWN_LOCK',
        reason: 'the lock is no longer in the account',
      });
    }
    const mode = resolveLockSettings(this.deps.context.settings, lock).unlockMode;
    const pull = (account: CloudAccount) => this.send(account, command.action, lock.id, mode);
    if (command.action !== 'open' || REACHED.unlock.includes(lock.status.state)) {
      const after = await this.steps.run(command, command.action, pull, deadline, onAccepted);
      return { outcome: 'confirmed', lock: after };
    }
    // A pull works on an unlocked lock only: unlock first (without the lock's own auto pull), then pull.
    await this.steps.run(
      command,
      'unlock',
      (account) => account.locks.unlock(lock.id, 3),
      deadline,
      onAccepted,
    );
    try {
      const after = await this.steps.run(command, 'open', pull, deadline, onAccepted);
      return { outcome: 'confirmed', lock: after };
    } catch (caught) {
      throw this.unlockedNotPulled(command, caught);
    }
  }

  /** An open that stopped after its unlock step: the door is unlocked, and surely or maybe not pulled. */
  private unlockedNotPulled(command: CommandInfo, caught: unknown): Outcome {
    if (caught instanceof Outcome && caught.result.outcome !== 'failed') {
      const { reason } = caught.result;
      return new Outcome({
        ...caught.result,
        reason: `the lock was unlocked; whether the door was pulled is not known (${reason})`,
      });
    }
    const reason = caught instanceof Outcome ? caught.result.reason : toHubError(caught).message;
    const lock = caught instanceof Outcome ? caught.result.lock : undefined;
    return new Outcome({
      outcome: 'failed',
      code: 'OPEN_NOT_PULLED',
      reason: `the lock was unlocked but the door was not pulled (${reason})`,
      lock: lock ?? this.deps.registry.get(command.lockId),
    });
  }

  private send(account: CloudAccount, action: LockAction, id: number, mode: UnlockMode): Promise<string> {
    if (action === 'lock') return account.locks.lock(id);
    if (action === 'unlock') return account.locks.unlock(id, mode);
    return account.locks.pull(id);
  }
}
