/** The one result message every MQTT command gets (`<base>/<lock>/result`, and its MQTT 5 response topic). */
import type { CommandOutcome as HubOutcome, CommandResult } from '../core/index.js';
import { haState } from './payload.js';

export interface ResultTarget {
  slug: string;
  transaction?: string | number;
  responseTopic?: string;
  correlationData?: Buffer;
}

export interface CommandOutcome {
  /** LOCK, UNLOCK or OPEN; absent when the payload named no action the hub understood. */
  action?: string;
  outcome: HubOutcome | 'refused';
  /** A stable code whenever the outcome is not `confirmed` (the hub's, or the mirror's for refusals). */
  code?: string;
  reason?: string;
  command_id?: string;
  state?: string | null;
  transaction?: string | number;
  time: string;
}

function transactionOf(target: ResultTarget) {
  return target.transaction === undefined ? {} : { transaction: target.transaction };
}

export function resultOutcome(target: ResultTarget, result: CommandResult): CommandOutcome {
  const state = result.lock ? haState(result.lock.status.state) : undefined;
  const code = result.code ?? (result.outcome === 'confirmed' ? undefined : 'INTERNAL');
  return {
    action: result.command.action.toUpperCase(),
    outcome: result.outcome,
    ...(code ? { code } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
    command_id: result.command.id,
    ...(state === undefined ? {} : { state }),
    ...transactionOf(target),
    time: new Date().toISOString(),
  };
}

export function refusedOutcome(
  target: ResultTarget,
  action: string | undefined,
  code: string,
  reason: string,
): CommandOutcome {
  return {
    ...(action ? { action: action.toUpperCase() } : {}),
    outcome: 'refused',
    code,
    reason,
    ...transactionOf(target),
    time: new Date().toISOString(),
  };
}
