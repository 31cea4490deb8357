import type { CommandInfo, HubEvents, LockHub, LockStatus } from '../../core/index.js';
import { HUB_EVENT_NAMES, createHub } from '../../core/index.js';
import { CLOUD_OPTIONS, cloudArgs, numericOption, parse } from '../args.js';
import { Deadline } from '../deadline.js';
import { hubGaveUp, hubReady } from '../hubReady.js';
import type { CliIo } from '../io.js';
import { cloudFailure } from './cloudFailure.js';
import { commandLogger, stopWithin } from './session.js';

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

/** One readable line per event (an event added to the hub later gets a generic line until it is named here). */
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
  commandFinished: ({ command: info, outcome, code, reason }) =>
    `commandFinished ${command(info)} ${outcome}${code ? ` ${code}` : ''}${reason ? ` (${reason})` : ''}`,
  error: ({ error, context }) => `error (${context}) ${error.code}: ${error.message}`,
  healthChanged: ({ state, code, reason }) =>
    `healthChanged ${state}${code ? ` ${code}` : ''}${reason ? ` (${reason})` : ''}`,
  keyChanged: ({ key, change }) => `keyChanged ${key.name} (${key.id}) ${change}: ${key.status}`,
  // Never the doorcode or the link: a watch is a log.
  delivery: ({ key, person }) => `delivery ${key.name} (${key.id}) to ${person.name}`,
};

/**
 * Whether an event is part of what ends the watch: the hub failed (it cannot start, or no usable key is left).
 * That is told once, as the command's last line on stderr, not as event lines.
 */
function endsTheWatch(hub: LockHub, event: Watched): boolean {
  return (event === 'error' || event === 'healthChanged') && hub.health.state === 'failed';
}

export function eventLine(event: Watched, payload: unknown, format: 'text' | 'json'): string {
  const time = new Date().toISOString();
  if (format === 'json') return JSON.stringify({ time, event, ...toJson(event, payload) });
  const describe = DESCRIBE[event] as (payload: unknown) => string;
  return `${time} ${describe(payload)}`;
}

/** The JSON form of an event: errors become {code, message}; a delivery loses its doorcode, link and message. */
function toJson(event: Watched, payload: unknown): Record<string, unknown> {
  if (event === 'delivery') {
    const { key, person, validity, doors } = payload as HubEvents['delivery'];
    return { key, person, validity, doors };
  }
  if (event !== 'error') return { ...(payload as Record<string, unknown>) };
  const { error, context } = payload as HubEvents['error'];
  return { context, error: { code: error.code, message: error.message } };
}

/** tedee-hub watch [--json] [--interval S]: ends on Ctrl-C (0), or when the hub cannot start or gives up (1). */
export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { ...CLOUD_OPTIONS, json: { type: 'boolean' }, interval: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const cloud = await cloudArgs(values, io);
  const pollInterval = numericOption(values.interval, 'interval', { min: 10, max: 3600, fallback: 20 });
  const format = values.json ? 'json' : 'text';
  const hub = createHub(
    { personalAccessKey: cloud.personalAccessKey, apiUrl: cloud.apiUrl, pollInterval },
    { logger: commandLogger(cloud, io, format) },
  );
  for (const event of WATCHED) {
    hub.on(event, (payload) => {
      if (!endsTheWatch(hub, event)) io.out(eventLine(event, payload, format));
    });
  }
  const deadline = new Deadline(cloud.timeout, (line) => io.err(`tedee-hub watch: ${line}`), io.startedAt);
  const ready = hubReady(hub);
  const gaveUp = hubGaveUp(hub);
  hub.start();
  try {
    await deadline.wait(ready, `the Tedee cloud at ${cloud.apiUrl}`);
    const end = await Promise.race([io.untilStopped().then(() => undefined), gaveUp]);
    if (end) throw end;
    return 0;
  } catch (error) {
    throw cloudFailure(error, cloud);
  } finally {
    await stopWithin(hub, deadline);
  }
}
