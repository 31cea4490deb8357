import type { CommandInfo, HubEvents, LockStatus } from '../../core/index.js';
import { HUB_EVENT_NAMES, createHub } from '../../core/index.js';
import { CLOUD_OPTIONS, cloudArgs, numericOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';

const WATCHED = HUB_EVENT_NAMES;

type Watched = (typeof WATCHED)[number];

function status(s: LockStatus): string {
  const battery = s.battery === null ? 'battery ?' : `battery ${s.battery}%${s.charging ? ' charging' : ''}`;
  const door = s.door ? `door ${s.door}` : undefined;
  return [s.state, battery, door, s.connected ? undefined : 'offline'].filter(Boolean).join(', ');
}

function command({ id, lockId, action }: CommandInfo): string {
  return `${action} lock ${lockId} [${id}]`;
}

/** One readable line per event. */
export const DESCRIBE: { [K in Watched]: (payload: HubEvents[K]) => string } = {
  ready: ({ locks }) => `ready: ${locks.length} locks`,
  lockAdded: ({ lock }) => `lockAdded ${lock.name} (${status(lock.status)})`,
  lockUpdated: ({ lock, previous }) =>
    `lockUpdated ${previous.name}${previous.name === lock.name ? '' : ` -> ${lock.name}`}`,
  lockRemoved: ({ lock }) => `lockRemoved ${lock.name}`,
  stateChanged: ({ lock, previous, current }) =>
    `stateChanged ${lock.name}: ${status(previous)} -> ${status(current)}`,
  availabilityChanged: ({ lock, available, reason }) =>
    `availabilityChanged ${lock.name}: ${available ? 'available' : 'unavailable'} (${reason})`,
  commandStarted: ({ command: info }) => `commandStarted ${command(info)}`,
  commandFinished: ({ command: info, outcome, reason }) =>
    `commandFinished ${command(info)} ${outcome}${reason ? ` (${reason})` : ''}`,
  error: ({ error, context }) => `error (${context}) ${error.code}: ${error.message}`,
};

/** The JSON form of an event: errors become {code, message}. */
function toJson<K extends Watched>(event: K, payload: HubEvents[K]): Record<string, unknown> {
  if (event !== 'error') return { ...payload };
  const { error, context } = payload as HubEvents['error'];
  return { context, error: { code: error.code, message: error.message } };
}

/** tedee-hub watch [--json] [--interval S] */
export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { ...CLOUD_OPTIONS, json: { type: 'boolean' }, interval: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const cloud = cloudArgs(values, io);
  const pollInterval = numericOption(values.interval, 'interval', { min: 10, max: 3600, fallback: 20 });
  const format = values.json ? 'json' : 'text';
  const hub = createHub({ ...cloud, pollInterval }, { logger: lineLogger(io.err, format) });
  for (const event of WATCHED) {
    hub.on(event, (payload) => {
      const time = new Date().toISOString();
      const describe = DESCRIBE[event] as (payload: HubEvents[typeof event]) => string;
      io.out(
        format === 'json'
          ? JSON.stringify({ time, event, ...toJson(event, payload) })
          : `${time} ${describe(payload)}`,
      );
    });
  }
  hub.start();
  await io.untilStopped();
  await hub.stop();
  return 0;
}
