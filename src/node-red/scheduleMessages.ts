/** What a `tedee-schedule` node sends and shows: windows in local and UTC time, its status badge. */
import { DateTime } from 'luxon';
import type { AccessWindow, WindowState } from '../core/keys/schedule/index.js';
import { NodeInputError, shownValue } from './inputError.js';
import type { NodeMessage, NodeStatus } from './red.js';

/** A window as messages carry it: local ISO in the schedule's zone and UTC ISO; null = no bound. */
export interface WindowPayload {
  from: string | null;
  to: string | null;
  fromUtc: string | null;
  toUtc: string | null;
  timeZone: string;
}

export function windowPayload(window: AccessWindow, timeZone: string): WindowPayload {
  const local = (ms: number | null) =>
    ms === null ? null : DateTime.fromMillis(ms, { zone: timeZone }).toISO();
  const utc = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    from: local(window.from),
    to: local(window.to),
    fromUtc: utc(window.from),
    toUtc: utc(window.to),
    timeZone,
  };
}

/** "open until 15:00", "next: Mon 09:00", with the date when it is a week or more away. */
export function scheduleStatus(state: WindowState, timeZone: string, now: number): NodeStatus {
  const when = (ms: number) => {
    const local = DateTime.fromMillis(ms, { zone: timeZone });
    const away = ms - now;
    if (away < 20 * 3600_000 && local.hasSame(DateTime.fromMillis(now, { zone: timeZone }), 'day'))
      return local.toFormat('HH:mm');
    return local.toFormat(away < 6 * 86_400_000 ? 'ccc HH:mm' : 'yyyy-LL-dd HH:mm', { locale: 'en' });
  };
  if (state.inside) {
    const to = state.window?.to ?? null;
    return { fill: 'green', shape: 'dot', text: to === null ? 'open' : `open until ${when(to)}` };
  }
  const from = state.window?.from;
  if (from === undefined || from === null) return { fill: 'grey', shape: 'ring', text: 'no window ahead' };
  return { fill: 'grey', shape: 'ring', text: `next: ${when(from)}` };
}

/** The problem's reason, which starts with the field at fault ("profile: none chosen…"). */
export function problemStatus(reason: string): NodeStatus {
  return { fill: 'red', shape: 'ring', text: reason.length > 30 ? `${reason.slice(0, 29)}…` : reason };
}

/** The one command a schedule node takes: msg.payload "check" (any case); anything else is named, never echoed whole. */
export function readScheduleCommand(msg: NodeMessage): 'check' {
  const command = typeof msg.payload === 'string' ? msg.payload.trim().toLowerCase() : msg.payload;
  if (command === 'check') return command;
  throw new NodeInputError(
    'INVALID_INPUT',
    `msg.payload: ${msg.payload === undefined ? 'missing' : `${shownValue(msg.payload)} is not a command`}; send "check"`,
  );
}
