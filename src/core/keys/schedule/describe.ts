/**
 * The dry-run view of one door's schedule: what would be written, in local and UTC time, or why the door
 * refuses. Plain data plus one readable line.
 */
import type { LocalSchedule } from '../model.js';
import { compileSchedule, type CompiledWindow, type CompileOptions } from './compile.js';
import { ScheduleError } from './errors.js';
import { weekdaysOfFlags } from './tedeeFields.js';

export interface DoorRef {
  lockId: number;
  name?: string;
}

export type ScheduleDryRun =
  | { door: DoorRef; ok: true; local: LocalSchedule; utc: CompiledWindow; line: string }
  | {
      door: DoorRef;
      ok: false;
      local: LocalSchedule;
      code: string;
      field: string;
      reason: string;
      proposal?: LocalSchedule;
      line: string;
    };

function doorLabel(door: DoorRef): string {
  return door.name ? `${door.name} (${door.lockId})` : String(door.lockId);
}

function localText(schedule: LocalSchedule): string {
  const days = schedule.days ? schedule.days.join(',') : 'every day';
  const hours = schedule.hours ? `${schedule.hours.from}-${schedule.hours.to}` : 'all day';
  return `${days} ${hours}, ${schedule.from ?? 'now'} to ${schedule.until ?? 'no end'} ${schedule.timeZone}`;
}

function utcText(window: CompiledWindow): string {
  const days = window.weekDays === null ? 'every day' : weekdaysOfFlags(window.weekDays).join(',');
  const hours =
    window.dayStartTime === null
      ? 'all day'
      : `${window.dayStartTime.slice(0, 5)}-${window.dayEndTime!.slice(0, 5)}`;
  return `${days} ${hours}, ${window.startDate ?? 'now'} to ${window.endDate ?? 'no end'} UTC`;
}

/** What would be written on one door for a schedule compiled at `at`. */
export function describeSchedule(
  door: DoorRef,
  schedule: LocalSchedule,
  at: Date | string,
  options: CompileOptions = {},
): ScheduleDryRun {
  try {
    const utc = compileSchedule(schedule, at, options);
    const rewrite = utc.validUntil ? `; rewritten at ${utc.validUntil} (daylight saving)` : '';
    const line = `door ${doorLabel(door)}: local ${localText(schedule)}; written as ${utcText(utc)}${rewrite}`;
    return { door, ok: true, local: schedule, utc, line };
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    const proposal = error.proposal ? `; would work: ${localText(error.proposal)}` : '';
    return {
      door,
      ok: false,
      local: schedule,
      code: error.code,
      field: error.field,
      reason: error.message,
      proposal: error.proposal,
      line: `door ${doorLabel(door)} refuses (${error.code}, ${error.field}): ${error.message}${proposal}`,
    };
  }
}
