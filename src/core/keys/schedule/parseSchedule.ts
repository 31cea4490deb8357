/**
 * A local schedule checked and read into instants and minutes, or a ScheduleError naming the field. Local
 * bounds that do not exist (skipped by daylight saving) or exist twice become a WINDOW_INEXACT warning.
 */
import { DateTime } from 'luxon';
import type { KeyWarning, LocalSchedule, Weekday } from '../model.js';
import { WEEKDAYS } from '../model.js';
import { ScheduleError } from './errors.js';
import { localDateTime, minuteOfDay } from './localHours.js';
import { isTimeZone } from './timeZones.js';

export interface ParsedSchedule {
  timeZone: string;
  /** The bounds as instants (ms), undefined = unbounded. */
  start?: number;
  end?: number;
  /** The days the daily window starts on, undefined = every day. */
  days?: Weekday[];
  /** The daily window in local wall-clock minutes; undefined = whole days. */
  window?: { start: number; length: number };
  warnings: KeyWarning[];
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

export function parseSchedule(schedule: LocalSchedule): ParsedSchedule {
  const { timeZone } = schedule;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
    throw new ScheduleError(
      'SCHEDULE_INVALID',
      'timeZone',
      `timeZone must be an IANA zone such as Europe/Warsaw.`,
    );
  }
  const warnings: KeyWarning[] = [];
  const start = bound(schedule, 'from', warnings);
  const end = bound(schedule, 'until', warnings);
  if (start !== undefined && end !== undefined && start >= end) {
    throw new ScheduleError(
      'SCHEDULE_INVALID',
      'until',
      `until (${schedule.until}) must be after from (${schedule.from}).`,
    );
  }
  return { timeZone, start, end, days: days(schedule), window: window(schedule), warnings };
}

function bound(schedule: LocalSchedule, field: 'from' | 'until', warnings: KeyWarning[]): number | undefined {
  const value = schedule[field];
  if (value === undefined) return undefined;
  const local = LOCAL_DATE_TIME.test(value) ? localDateTime(value, schedule.timeZone) : undefined;
  if (!local?.isValid) {
    throw new ScheduleError(
      'SCHEDULE_INVALID',
      field,
      `${field} must be a local date-time without offset, such as 2027-01-11T15:00 (got ${value}).`,
    );
  }
  const asWritten = DateTime.fromISO(value, { zone: 'UTC' });
  const wall = local.setZone('UTC', { keepLocalTime: true });
  if (wall.toMillis() !== asWritten.toMillis()) {
    warnings.push({
      code: 'WINDOW_INEXACT',
      message: `${field} ${value} does not exist in ${schedule.timeZone} (daylight saving skips it); the key uses ${local.toFormat("yyyy-LL-dd'T'HH:mm")}.`,
      at: local.toUTC().toISO()!,
    });
  } else if (local.getPossibleOffsets().length > 1) {
    warnings.push({
      code: 'WINDOW_INEXACT',
      message: `${field} ${value} happens twice in ${schedule.timeZone} (daylight saving repeats it); the key uses the first, ${local.toISO()}.`,
      at: local.toUTC().toISO()!,
    });
  }
  return local.toMillis();
}

function days(schedule: LocalSchedule): Weekday[] | undefined {
  if (schedule.days === undefined) return undefined;
  const unknown = schedule.days.filter((day) => !WEEKDAYS.includes(day));
  if (unknown.length > 0 || schedule.days.length === 0) {
    throw new ScheduleError(
      'SCHEDULE_INVALID',
      'days',
      `days must be a non-empty list of ${WEEKDAYS.join(', ')}${unknown.length ? ` (got ${unknown.join(', ')})` : ''}.`,
      { ...schedule, days: undefined },
    );
  }
  const set = WEEKDAYS.filter((day) => schedule.days!.includes(day));
  return set.length === WEEKDAYS.length ? undefined : set;
}

function window(schedule: LocalSchedule): ParsedSchedule['window'] {
  if (schedule.hours === undefined) return undefined;
  const from = minuteOfDay(schedule.hours.from);
  const to = minuteOfDay(schedule.hours.to);
  if (from === undefined || to === undefined) {
    throw new ScheduleError(
      'SCHEDULE_INVALID',
      'hours',
      `hours must be HH:mm-HH:mm in 24-hour time, such as 09:00-17:00.`,
    );
  }
  if (from === to) {
    throw new ScheduleError(
      'SCHEDULE_INVALID',
      'hours',
      `hours ${schedule.hours.from}-${schedule.hours.to} is empty or a whole day; leave hours out for whole days.`,
      { ...schedule, hours: undefined },
    );
  }
  return { start: from, length: (to - from + 24 * 60) % (24 * 60) };
}
