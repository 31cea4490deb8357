import type { LockAction } from '../../core/index.js';
import { CLOUD_OPTIONS, cloudArgs, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { withHub } from './session.js';

/** tedee-hub lock|unlock|open <lock> [--wait] */
export async function operateCommand(action: LockAction, argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...CLOUD_OPTIONS, wait: { type: 'boolean' } },
    { min: 1, max: 1, names: 'one lock (id, serial number or name)' },
  );
  const cloud = cloudArgs(values, io);
  return withHub(cloud, lineLogger(io.err, 'text', 'warn'), async (hub) => {
    const ticket = hub.command(positionals[0]!, action);
    const lock = hub.lock(ticket.lockId)!;
    if (!values.wait) {
      if (await ticket.accepted) {
        io.out(`${action}: ${lock.name} accepted by the Tedee cloud (command ${ticket.id})`);
        return 0;
      }
      const { reason } = await ticket.result;
      io.err(`${action}: ${lock.name} failed: ${reason}`);
      return 1;
    }
    const result = await ticket.result;
    if (result.outcome === 'confirmed') {
      io.out(`${action}: ${lock.name} confirmed, now ${result.lock?.status.state ?? 'unknown'}`);
      return 0;
    }
    io.err(`${action}: ${lock.name} ${result.outcome}: ${result.reason ?? ''}`);
    return 1;
  });
}
