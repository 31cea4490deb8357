/**
 * One step of a command: send the operation, wait for COMPLETED, read the lock and check it reached the
 * expected state, all within the command's deadline. Each way a step can end says honestly what is known:
 * `failed` only when the step surely did not happen, `unknown` when the door may have moved and the hub
 * cannot tell, `timeout` when the cloud accepted it and the lock did not confirm in time.
 */
import { sleep } from '../../util/clock.js';
import type { CloudAccount, OperationProgress } from '../cloud/account.js';
import { toHubError } from '../cloud/translate.js';
import type { HubError, HubErrorCode } from '../errors.js';
import type { Lock, LockAction, LockState, LockStatus } from '../lock.js';
import type { HubContext } from './context.js';
import type { Deadline } from './deadline.js';
import { DeadlinePassed } from './deadline.js';
import type { CommandInfo, CommandResult } from './events.js';
import type { LockRegistry } from './registry.js';
import { DEFAULTS } from './settings.js';
import type { StateEngine } from './stateEngine.js';

/** States that show an action took effect. A pull may already be over when the lock is read. */
export const REACHED: Record<LockAction, readonly LockState[]> = {
  lock: ['locked'],
  unlock: ['unlocked', 'opening', 'open'],
  open: ['opening', 'open', 'unlocked'],
};

/** How a command ended early, thrown to leave the steps. */
export class Outcome extends Error {
  constructor(readonly result: Omit<CommandResult, 'command'>) {
    super(result.reason ?? result.outcome);
  }
}

/**
 * Errors after which the request may have reached the cloud and acted: no answer, a garbled answer, a
 * server or gateway error, the lock not answering the cloud in time. Any other answer is a refusal.
 */
const MAY_HAVE_ACTED: ReadonlySet<HubErrorCode> = new Set<HubErrorCode>([
  'NETWORK',
  'TIMEOUT',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
  'DEVICE_TIMEOUT',
  'INTERNAL',
]);

export function mayHaveActed(error: HubError): boolean {
  return error.sent && MAY_HAVE_ACTED.has(error.code);
}

export interface StepDependencies {
  context: HubContext;
  registry: LockRegistry;
  engine: StateEngine;
  isStopped: () => boolean;
}

export class CommandSteps {
  constructor(private readonly deps: StepDependencies) {}

  private get timeoutS(): number {
    return this.deps.context.settings.commandTimeout ?? DEFAULTS.commandTimeout;
  }

  /** Runs one step; returns the lock read in the expected state, or throws an Outcome or a HubError. */
  async run(
    command: CommandInfo,
    step: LockAction,
    send: (account: CloudAccount) => Promise<string>,
    deadline: Deadline,
    onAccepted: () => void,
  ): Promise<Lock> {
    const id = command.lockId;
    const before = this.deps.registry.status(id);
    const operationId = await this.send(id, send, deadline);
    onAccepted();
    this.deps.context.capabilities.worked('Lock.Operate');
    const progress = await this.waitForOperation(operationId, deadline);
    if (!progress) {
      const stopped = this.deps.isStopped();
      throw new Outcome({
        outcome: stopped ? 'unknown' : 'timeout',
        code: stopped ? 'HUB_STOPPED' : 'COMMAND_TIMEOUT',
        reason: stopped
          ? 'the hub stopped before the lock confirmed'
          : `the lock did not confirm within ${this.timeoutS} s`,
        lock: await this.readAfterDoubt(id, deadline),
      });
    }
    const after = await this.confirmingRead(id, deadline, progress);
    const state = after.status.state;
    if (progress.result > 0) {
      const jammed = state === 'jammed';
      throw new Outcome({
        outcome: 'failed',
        code: jammed ? 'LOCK_JAMMED' : 'LOCK_ERROR',
        reason: jammed ? 'the lock jammed' : `the lock reported an error (result ${progress.result})`,
        lock: after,
      });
    }
    if (!reached(step, before, after.status)) {
      throw new Outcome({
        outcome: 'failed',
        code: 'STATE_MISMATCH',
        reason: `the lock reports ${state} after the command`,
        lock: after,
      });
    }
    return after;
  }

  /**
   * Reads the lock after a doubt (an answer lost, no confirmation in time) so that its state is reported:
   * within the time left, else in the background, where the answer still updates the lock and emits
   * stateChanged. Returns what the hub knows when the command must end.
   */
  async readAfterDoubt(id: number, deadline: Deadline): Promise<Lock | undefined> {
    if (!this.deps.isStopped()) {
      const reading = this.deps.engine.syncLock(id).catch((caught: unknown) => {
        this.deps.context.logger.debug(`Lock ${id} not read after a command: ${toHubError(caught).message}`);
        return undefined;
      });
      if (!deadline.passed()) await deadline.race(reading).catch(() => undefined);
    }
    return this.deps.registry.get(id);
  }

  private async send(
    id: number,
    send: (account: CloudAccount) => Promise<string>,
    deadline: Deadline,
  ): Promise<string> {
    if (deadline.passed()) {
      throw new Outcome({
        outcome: 'failed',
        code: 'COMMAND_EXPIRED',
        reason: `no time was left to send it within ${this.timeoutS} s`,
        lock: this.deps.registry.get(id),
      });
    }
    try {
      return await deadline.race(this.deps.context.credentials.use(send));
    } catch (caught) {
      if (caught instanceof DeadlinePassed) {
        throw new Outcome({
          outcome: 'unknown',
          code: 'COMMAND_TIMEOUT',
          reason: `the cloud did not answer within ${this.timeoutS} s; whether the lock moved is not known`,
          lock: await this.readAfterDoubt(id, deadline),
        });
      }
      const error = toHubError(caught);
      if (!mayHaveActed(error)) throw error;
      throw new Outcome({
        outcome: 'unknown',
        code: error.code,
        reason: `the answer was lost (${error.message}); whether the lock moved is not known`,
        lock: await this.readAfterDoubt(id, deadline),
      });
    }
  }

  /** The read after COMPLETED; when it fails, whether the lock moved is not known (unless it said error). */
  private async confirmingRead(id: number, deadline: Deadline, progress: OperationProgress): Promise<Lock> {
    let problem = 'the hub stopped';
    if (!this.deps.isStopped()) {
      try {
        const after = await deadline.race(this.deps.engine.syncLock(id));
        if (after) return after;
        problem = 'the lock is no longer in the account';
      } catch (caught) {
        problem =
          caught instanceof DeadlinePassed
            ? `no answer within ${this.timeoutS} s`
            : toHubError(caught).message;
      }
    }
    const known = this.deps.registry.get(id);
    if (progress.result > 0 && known) return known;
    throw new Outcome({
      outcome: 'unknown',
      code: 'STATE_UNCONFIRMED',
      reason: `the lock reported the command done, but reading it afterwards failed (${problem})`,
      lock: known,
    });
  }

  /** Polls the operation about every second until COMPLETED; undefined at the deadline or when the hub stops. */
  private async waitForOperation(
    operationId: string,
    deadline: Deadline,
  ): Promise<OperationProgress | undefined> {
    const { clock, credentials, logger } = this.deps.context;
    while (!this.deps.isStopped() && !deadline.passed()) {
      await sleep(clock, Math.min(DEFAULTS.operationPollMs, deadline.remainingMs()));
      if (this.deps.isStopped() || deadline.passed()) break;
      try {
        const progress = await deadline.race(
          credentials.use((account) => account.locks.operation(operationId)),
        );
        if (progress.completed) return progress;
      } catch (caught) {
        if (caught instanceof DeadlinePassed) break;
        logger.debug(`Operation ${operationId} status not read: ${toHubError(caught).message}`);
      }
    }
    return undefined;
  }
}

/**
 * Whether `after` shows the step took effect. A pull ends unlocked once the latch is back: that counts
 * only when the lock changed since the pull was sent, else an open whose pull never ran would pass.
 */
function reached(step: LockAction, before: LockStatus | undefined, after: LockStatus): boolean {
  if (!REACHED[step].includes(after.state)) return false;
  if (step !== 'open' || after.state !== 'unlocked') return true;
  const then = before?.lastChanged ? Date.parse(before.lastChanged) : NaN;
  const now = after.lastChanged ? Date.parse(after.lastChanged) : NaN;
  return Number.isNaN(then) || Number.isNaN(now) || now > then;
}
