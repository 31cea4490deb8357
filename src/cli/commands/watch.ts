import type { HubEvents, Lock, LockStatus } from '../../core/index.js';
import { createHub } from '../../core/index.js';
import { CLOUD_OPTIONS, cloudArgs, integerOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';

const WATCHED = [
  'ready',
  'lockAdded',
  'lockUpdated',
  'lockRemoved',
  'stateChanged',
  'availabilityChanged',
  'commandStarted',
  'commandFinished',
  'error',
] as const satisfies readonly (keyof HubEvents)[];

function status(s: LockStatus): string {
  const battery = s.battery === null ? 'battery ?' : `battery ${s.battery}%${s.charging ? ' charging' : ''}`;
  return [s.state, battery, s.door ? `door ${s.door}` : undefined, s.connected ? undefined : 'offline'].filter(Boolean).join(', ');
}

/** One readable line for an event. */
export function describeEvent(event: (typeof WATCHED)[number], payload: HubEvents[(typeof WATCHED)[number]]): string {
  const p = payload as Record<string, unknown> & { lock?: Lock };
  const name = p.lock?.name ?? '';
  switch (event) {
    case 'ready':
      return `ready: ${(p.locks as Lock[]).length} locks`;
    case 'stateChanged':
      return `stateChanged ${name}: ${status(p.previous as LockStatus)} -> ${status(p.current as LockStatus)}`;
    case 'availabilityChanged':
      return `availabilityChanged ${name}: ${p.available ? 'available' : 'unavailable'} (${String(p.reason)})`;
    case 'commandStarted':
    case 'commandFinished': {
      const command = p.command as { id: string; lockId: number; action: string };
      const tail = event === 'commandFinished' ? ` ${String(p.outcome)}${p.reason ? ` (${String(p.reason)})` : ''}` : '';
      return `${event} ${command.action} lock ${command.lockId} [${command.id}]${tail}`;
    }
    case 'error':
      return `error (${String(p.context)}): ${(p.error as Error).message}`;
    default:
      return `${event} ${name} (${p.lock ? status(p.lock.status) : ''})`;
  }
}

/** tedee-hub watch [--json] [--interval S] */
export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...CLOUD_OPTIONS, json: { type: 'boolean' }, interval: { type: 'string' } }, { min: 0, max: 0, names: '' });
  const cloud = cloudArgs(values, io);
  const pollInterval = integerOption(values.interval, 'interval', 10, 3600, 20);
  const format = values.json ? 'json' : 'text';
  const hub = createHub({ ...cloud, pollInterval }, { logger: lineLogger(io.err, format) });
  for (const event of WATCHED) {
    hub.on(event, (payload) => {
      const time = new Date().toISOString();
      if (format === 'json') {
        const body = event === 'error' ? { ...payload, error: { code: (payload as HubEvents['error']).error.code, message: (payload as HubEvents['error']).error.message } } : payload;
        io.out(JSON.stringify({ time, event, ...body }));
      } else {
        io.out(`${time} ${describeEvent(event, payload)}`);
      }
    });
  }
  hub.start();
  await io.untilStopped();
  await hub.stop();
  return 0;
}
