/**
 * How a lock command ended, as one line and an exit status (documented in --help and docs/cli.md): scripts
 * tell "surely did not happen" (refused, failed) from "may have happened" (timeout, unknown).
 */
import type { CommandResult, LockAction } from '../../core/index.js';

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  refused: 3,
  failed: 4,
  timeout: 5,
  unknown: 6,
} as const;

/** A command's end that is not `confirmed`: the hub's result, or the CLI's own (refused, deadline passed). */
export interface Ending {
  outcome: CommandResult['outcome'] | 'refused';
  code?: string;
  reason?: string;
  /** The lock state read last, shown when the door may have moved. */
  state?: string;
}

const MAY_HAVE_MOVED: Partial<Record<Ending['outcome'], string>> = {
  timeout: 'the door may still move',
  unknown: 'the door may have moved',
};

/** "unlock: Front Door unknown (TIMEOUT): <reason>; the door may have moved, state read: locked" */
export function describeEnding(action: LockAction, name: string, ending: Ending): string {
  const code = ending.code ? ` (${ending.code})` : '';
  const reason = (ending.reason ?? '').replace(/\.$/, '');
  const moved = MAY_HAVE_MOVED[ending.outcome];
  const tail = moved ? `; ${moved}, state read: ${ending.state ?? 'unknown'}` : '';
  return `${action}: ${name} ${ending.outcome}${code}: ${reason}${tail}`;
}

export function exitStatus(outcome: Ending['outcome']): number {
  return outcome in EXIT ? EXIT[outcome as keyof typeof EXIT] : EXIT.error;
}

/** The Ending of a hub result. */
export function endingOf(result: CommandResult): Ending {
  return {
    outcome: result.outcome,
    code: result.code,
    reason: result.reason,
    state: result.lock?.status.state,
  };
}
