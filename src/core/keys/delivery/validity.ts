/**
 * The validity of a key as a person reads it, in the key's time zone (not the hub's, not UTC): the period,
 * the zone, then the weekdays and daily hours. English (en-GB) by default; `locale` changes the day and
 * month names, never the zone.
 */
import { DateTime, Info } from 'luxon';
import type { LocalSchedule, Weekday } from '../model.js';
import { WEEKDAYS } from '../model.js';
import type { DeliveryValidity } from './types.js';

const DATE_TIME = 'ccc d LLL yyyy HH:mm';

function localDateTime(value: string, timeZone: string, field: string): DateTime {
  const parsed = DateTime.fromISO(value, { zone: timeZone });
  if (!parsed.isValid)
    throw new RangeError(
      `schedule.${field}: "${value}" is not a local date-time (${parsed.invalidExplanation ?? parsed.invalidReason})`,
    );
  return parsed;
}

/** "Mon–Fri" for a run of three or more days, "Mon, Wed, Fri" otherwise; in week order. */
function describeDays(days: Weekday[], locale: string): string {
  const names = Info.weekdays('short', { locale });
  const indexes = [...new Set(days.map((day) => WEEKDAYS.indexOf(day)))].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const index of indexes) {
    const run = runs.at(-1);
    if (run && run.at(-1) === index - 1) run.push(index);
    else runs.push([index]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3 ? [`${names[run[0]!]}–${names[run.at(-1)!]}`] : run.map((index) => names[index]!),
    )
    .join(', ');
}

export function formatValidity(schedule: LocalSchedule, locale = 'en-GB'): DeliveryValidity {
  const { timeZone } = schedule;
  if (!Info.isValidIANAZone(timeZone))
    throw new RangeError(`schedule.timeZone: "${timeZone}" is not an IANA time zone (e.g. Europe/Warsaw)`);
  const from = schedule.from ? localDateTime(schedule.from, timeZone, 'from') : undefined;
  const until = schedule.until ? localDateTime(schedule.until, timeZone, 'until') : undefined;
  const show = (at: DateTime) => at.setLocale(locale).toFormat(DATE_TIME);
  let period: string;
  if (from && until) period = `${show(from)} – ${show(until)}`;
  else if (from) period = `from ${show(from)}`;
  else if (until) period = `until ${show(until)}`;
  else period = 'from now on';
  const parts = [`${period} (${timeZone})`];
  const days =
    schedule.days && schedule.days.length > 0 && schedule.days.length < 7 ? schedule.days : undefined;
  const hours = schedule.hours;
  const weekly = [
    days ? describeDays(days, locale) : undefined,
    hours ? `${hours.from}–${hours.to}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  if (weekly !== '') parts.push(weekly);
  return {
    text: parts.join(', '),
    timeZone,
    ...(from ? { from: from.toISO()! } : {}),
    ...(until ? { until: until.toISO()! } : {}),
    ...(schedule.days ? { days: [...schedule.days] } : {}),
    ...(hours ? { hours: { ...hours } } : {}),
  };
}
