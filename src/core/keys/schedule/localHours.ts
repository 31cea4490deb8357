/**
 * What a local schedule means, instant by instant, in wall-clock time of its zone: the reference the compiled
 * UTC fields are checked against. A window with `to` earlier than `from` runs across local midnight and belongs
 * to the day it starts on (as Tedee's UTC windows do).
 */
import { DateTime } from 'luxon';
import type { LocalSchedule, Weekday } from '../model.js';
import { WEEKDAYS } from '../model.js';

/** Minutes after midnight of "HH:mm", or undefined when it is not one. */
export function minuteOfDay(value: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** A local date-time of the schedule ("2027-01-11T15:00") as a Luxon DateTime in its zone. */
export function localDateTime(value: string, timeZone: string): DateTime {
  return DateTime.fromISO(value, { zone: timeZone });
}

/** The schedule's reading as a predicate on instants (ms), with its bounds parsed once. */
export function localOpenPredicate(schedule: LocalSchedule): (instant: number) => boolean {
  const start =
    schedule.from === undefined ? -Infinity : localDateTime(schedule.from, schedule.timeZone).toMillis();
  const end =
    schedule.until === undefined ? Infinity : localDateTime(schedule.until, schedule.timeZone).toMillis();
  const from = schedule.hours && minuteOfDay(schedule.hours.from)! * 60_000;
  const to = schedule.hours && minuteOfDay(schedule.hours.to)! * 60_000;
  const onDay = (day: Weekday) => schedule.days === undefined || schedule.days.includes(day);
  return (instant) => {
    if (instant < start || instant >= end) return false;
    const wall = DateTime.fromMillis(instant, { zone: schedule.timeZone });
    const today = WEEKDAYS[wall.weekday - 1]!;
    const yesterday = WEEKDAYS[(wall.weekday + 5) % 7]!;
    if (from === undefined || to === undefined) return onDay(today);
    // The wall clock's time of day: on a daylight-saving day it differs from the time elapsed since midnight.
    const now = ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000 + wall.millisecond;
    if (from < to) return now >= from && now < to && onDay(today);
    return (now >= from && onDay(today)) || (now < to && onDay(yesterday));
  };
}

/** Whether the schedule opens at an instant, by its zone's wall clock. */
export function isOpenLocally(schedule: LocalSchedule, at: Date | string): boolean {
  return localOpenPredicate(schedule)(new Date(at).getTime());
}
