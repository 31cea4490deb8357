import type { Lock } from '../../core/index.js';
import { CLOUD_OPTIONS, cloudArgs, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { printable } from '../../util/printable.js';
import { withHub } from './session.js';
import { table } from '../table.js';

export function describeLocks(locks: Lock[]): string[] {
  const header = ['ID', 'SERIAL', 'NAME', 'MODEL', 'STATE', 'BATTERY', 'DOOR', 'ONLINE', 'PULL'];
  const rows = locks.map((lock) => [
    String(lock.id),
    lock.serialNumber,
    // Escaped here, not only on output, so that the columns line up.
    printable(lock.name),
    lock.model,
    lock.status.state,
    lock.status.battery === null ? '?' : `${lock.status.battery}%${lock.status.charging ? '+' : ''}`,
    lock.status.door ?? '-',
    lock.available ? 'yes' : 'no',
    lock.pullSpringEnabled ? 'yes' : 'no',
  ]);
  return table([header, ...rows]);
}

/** tedee-hub locks [--json] */
export async function locksCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { ...CLOUD_OPTIONS, json: { type: 'boolean' } },
    { min: 0, max: 0, names: '' },
  );
  const cloud = await cloudArgs(values, io);
  const locks = await withHub('locks', cloud, io, ({ hub }) => Promise.resolve(hub.locks()));
  if (values.json) JSON.stringify(locks, null, 2).split('\n').forEach(io.out);
  else if (locks.length === 0) io.out('No locks in this account.');
  else describeLocks(locks).forEach((line) => io.out(line));
  return 0;
}
