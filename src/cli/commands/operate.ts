import type { CommandTicket, LockAction, LockHub } from '../../core/index.js';
import { HubError } from '../../core/index.js';
import { CLOUD_OPTIONS, cloudArgs, parse } from '../args.js';
import { DeadlinePassed } from '../deadline.js';
import type { CliIo } from '../io.js';
import type { Ending } from './outcome.js';
import { describeEnding, endingOf, EXIT, exitStatus } from './outcome.js';
import type { Session } from './session.js';
import { withHub } from './session.js';

/** The hub refused the command: nothing was sent. */
function refused(error: unknown): Ending {
  if (!(error instanceof HubError)) throw error;
  return { outcome: 'refused', code: error.code, reason: error.message };
}

/** The command's deadline passed with the command in flight: whether it was accepted decides what may have happened. */
function deadlinePassed(hub: LockHub, ticket: CommandTicket, accepted: boolean, seconds: number): Ending {
  const state = hub.lock(ticket.lockId)?.status.state;
  return accepted
    ? { outcome: 'timeout', code: 'TIMEOUT', reason: `the lock did not confirm within ${seconds} s`, state }
    : {
        outcome: 'unknown',
        code: 'TIMEOUT',
        reason: `the Tedee cloud did not answer the ${ticket.action} request within ${seconds} s`,
        state,
      };
}

async function operate(
  action: LockAction,
  reference: string,
  wait: boolean,
  { hub, deadline, cloud }: Session,
  io: CliIo,
): Promise<number> {
  let ticket: CommandTicket;
  try {
    ticket = hub.command(reference, action);
  } catch (error) {
    const ending = refused(error);
    io.err(describeEnding(action, reference, ending));
    return exitStatus(ending.outcome);
  }
  const name = hub.lock(ticket.lockId)?.name ?? reference;
  let accepted = false;
  void ticket.accepted.then((value) => (accepted = value));
  try {
    if (!wait) {
      if (
        await deadline.wait(ticket.accepted, `the Tedee cloud at ${cloud.apiUrl} to accept the ${action}`)
      ) {
        io.out(`${action}: ${name} accepted by the Tedee cloud (command ${ticket.id})`);
        return EXIT.ok;
      }
    }
    const result = await deadline.wait(ticket.result, `${name} to confirm the ${action}`);
    if (result.outcome === 'confirmed') {
      io.out(`${action}: ${name} confirmed, now ${result.lock?.status.state ?? 'unknown'}`);
      return EXIT.ok;
    }
    const ending = endingOf(result);
    io.err(describeEnding(action, name, ending));
    return exitStatus(ending.outcome);
  } catch (error) {
    if (!(error instanceof DeadlinePassed)) throw error;
    const ending = deadlinePassed(hub, ticket, accepted, error.seconds);
    io.err(describeEnding(action, name, ending));
    return exitStatus(ending.outcome);
  }
}

/** tedee-hub lock|unlock|open <lock> [--wait] */
export async function operateCommand(action: LockAction, argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...CLOUD_OPTIONS, wait: { type: 'boolean' } },
    { min: 1, max: 1, names: 'one lock (id, serial number or name)' },
  );
  const cloud = await cloudArgs(values, io);
  return withHub(action, cloud, io, (session) =>
    operate(action, positionals[0]!, values.wait === true, session, io),
  );
}
