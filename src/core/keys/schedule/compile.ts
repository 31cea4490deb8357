/**
 * The schedule compiler: a local schedule to the Tedee UTC fields that open exactly its local hours, from a
 * given instant until the zone's offset next changes (docs/keys.md "Schedules").
 *
 * Within one UTC offset, a local daily window [from, from + length) is the UTC window [from - offset, ...) of the
 * same length, on the UTC day it starts: the weekday flags move with it when it starts the day before or after.
 * So one UTC window is exact until the offset changes; then the hub writes the window again (`validUntil`).
 */
import { DateTime, IANAZone } from 'luxon';
import type { KeyWarning, LocalSchedule } from '../model.js';
import { WEEKDAYS } from '../model.js';
import { refuseAcrossMidnightUtc } from './acrossMidnight.js';
import { ScheduleError } from './errors.js';
import { nextOffsetChange } from './offsetChanges.js';
import { parseSchedule, type ParsedSchedule } from './parseSchedule.js';
import { formatTimeOfDay, MINUTES_PER_DAY, type TedeeWindowFields } from './tedeeFields.js';

export interface CompiledWindow extends TedeeWindowFields {
  /**
   * When these fields stop opening the same local hours (the zone's next offset change before the key ends),
   * ISO; undefined = they hold for the key's whole life. The hub compiles and writes again at that instant.
   */
  validUntil?: string;
  /** The zone's UTC offset the fields were compiled for, in minutes (Warsaw in winter: 60). */
  utcOffsetMinutes: number;
  warnings: KeyWarning[];
}

export interface CompileOptions {
  /**
   * Whether Tedee reads dayEndTime earlier than dayStartTime as a window across midnight UTC (default true, our
   * reading). False refuses windows that cross midnight UTC, proposing the longer part.
   */
  acrossMidnightUtc?: boolean;
}

/** Compiles the schedule for the fields to write at `at`. Throws ScheduleError when it cannot. */
export function compileSchedule(
  schedule: LocalSchedule,
  at: Date | string,
  options: CompileOptions = {},
): CompiledWindow {
  const now = new Date(at).getTime();
  if (!Number.isFinite(now))
    throw new TypeError(`compileSchedule: at must be an instant (got ${String(at)})`);
  const parsed = parseSchedule(schedule);
  const dates = {
    startDate: parsed.start === undefined ? null : new Date(parsed.start).toISOString(),
    endDate: parsed.end === undefined ? null : new Date(parsed.end).toISOString(),
  };
  // Before the key starts nothing opens whatever the offset, so the offset that matters is the one at the start.
  const effective = Math.max(now, parsed.start ?? now);
  const utcOffsetMinutes = IANAZone.create(parsed.timeZone).offset(effective);
  if (parsed.window === undefined && parsed.days === undefined) {
    return {
      ...dates,
      dayStartTime: null,
      dayEndTime: null,
      weekDays: null,
      utcOffsetMinutes,
      warnings: parsed.warnings,
    };
  }
  const daily = dailyFields(schedule, parsed, utcOffsetMinutes, options.acrossMidnightUtc ?? true);
  const warnings = [...parsed.warnings];
  const change = nextOffsetChange(parsed.timeZone, effective, parsed.end);
  if (change !== undefined) warnings.push(recompileWarning(schedule, change));
  return {
    ...dates,
    ...daily,
    validUntil: change === undefined ? undefined : new Date(change).toISOString(),
    utcOffsetMinutes,
    warnings,
  };
}

/** An offset with seconds as people write it: -16.1333 minutes is "-00:16:08". */
function utcOffsetText(offsetMinutes: number): string {
  const seconds = Math.round(Math.abs(offsetMinutes) * 60);
  const parts = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  return `${offsetMinutes < 0 ? '-' : '+'}${parts.map((part) => String(part).padStart(2, '0')).join(':')}`;
}

/** The day times and weekday flags for one offset. */
function dailyFields(
  schedule: LocalSchedule,
  parsed: ParsedSchedule,
  offsetMinutes: number,
  acrossMidnightUtc: boolean,
) {
  const local = parsed.window ?? { start: 0, length: MINUTES_PER_DAY };
  if (!Number.isInteger(offsetMinutes)) {
    // No zone has had a seconds offset since the 1970s; Tedee's day times are whole minutes in the samples.
    throw new ScheduleError(
      'SCHEDULE_INEXPRESSIBLE',
      'timeZone',
      `timeZone: ${parsed.timeZone} is ${utcOffsetText(offsetMinutes)} from UTC then (a local mean time); Tedee's day times are whole minutes.`,
    );
  }
  const utcStart = local.start - offsetMinutes;
  const dayShift = Math.floor(utcStart / MINUTES_PER_DAY);
  const start = utcStart - dayShift * MINUTES_PER_DAY;
  const end = (start + local.length) % MINUTES_PER_DAY;
  const wholeUtcDays = parsed.window === undefined && start === 0;
  if (!acrossMidnightUtc && !wholeUtcDays && start + local.length >= MINUTES_PER_DAY) {
    refuseAcrossMidnightUtc(schedule, local, start);
  }
  return {
    dayStartTime: wholeUtcDays ? null : formatTimeOfDay(start),
    // Equal to the start for a whole local day at a non-zero offset: a 24-hour window.
    dayEndTime: wholeUtcDays ? null : formatTimeOfDay(end),
    weekDays:
      parsed.days === undefined
        ? null
        : parsed.days.reduce((flags, day) => flags | (1 << ((WEEKDAYS.indexOf(day) + dayShift + 7) % 7)), 0),
  };
}

function recompileWarning(schedule: LocalSchedule, change: number): KeyWarning {
  const local = DateTime.fromMillis(change, { zone: schedule.timeZone });
  return {
    code: 'DST_RECOMPILE',
    message:
      `The UTC offset of ${schedule.timeZone} changes at ${local.toFormat("yyyy-LL-dd HH:mm 'UTC'ZZ")}; ` +
      `the hub rewrites this key's window then to keep the same local hours.`,
    at: new Date(change).toISOString(),
  };
}
