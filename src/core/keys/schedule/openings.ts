/**
 * The reading of Tedee's UTC window fields (docs/keys.md "Schedules"): which instants they open. The emulator
 * reads the fields the same way, and the compiler's tests check its output against it.
 *
 * - startDate/endDate bound everything: open only in [startDate, endDate); null = unbounded.
 * - Each UTC day whose weekday flag is set (every day when weekDays is null) opens one window starting that day:
 *   [dayStartTime, dayEndTime) when dayEndTime is later; across midnight UTC into the next day when it is earlier;
 *   24 hours when equal; the whole UTC day when both are null.
 */
import { MS_PER_DAY, parseTimeOfDay, type TedeeWindowFields } from './tedeeFields.js';

export interface Opening {
  /** ISO instant, inclusive. */
  from: string;
  /** ISO instant, exclusive. */
  to: string;
}

/** The daily window as [start, start + length) in ms after the start of its UTC day, or undefined for whole days. */
function dailyWindow(fields: TedeeWindowFields): { start: number; length: number } | undefined {
  if (fields.dayStartTime === null || fields.dayEndTime === null) return undefined;
  const start = parseTimeOfDay(fields.dayStartTime);
  const end = parseTimeOfDay(fields.dayEndTime);
  return { start, length: end > start ? end - start : end - start + MS_PER_DAY };
}

/** Monday=0 ... Sunday=6 of the UTC day starting at `dayStart`. */
function utcWeekdayIndex(dayStart: number): number {
  return (new Date(dayStart).getUTCDay() + 6) % 7;
}

/** The intervals (ms) the fields open within [from, to), merged where they touch. */
export function openingIntervals(fields: TedeeWindowFields, from: number, to: number): [number, number][] {
  const lower = Math.max(from, fields.startDate === null ? -Infinity : Date.parse(fields.startDate));
  const upper = Math.min(to, fields.endDate === null ? Infinity : Date.parse(fields.endDate));
  if (!(lower < upper)) return [];
  const daily = dailyWindow(fields);
  if (daily === undefined && fields.weekDays === null) return [[lower, upper]];
  const window = daily ?? { start: 0, length: MS_PER_DAY };
  const intervals: [number, number][] = [];
  // A window may start the day before `lower` and still be open at it.
  for (let day = Math.floor(lower / MS_PER_DAY) * MS_PER_DAY - MS_PER_DAY; day < upper; day += MS_PER_DAY) {
    if (fields.weekDays !== null && (fields.weekDays & (1 << utcWeekdayIndex(day))) === 0) continue;
    const start = Math.max(lower, day + window.start);
    const end = Math.min(upper, day + window.start + window.length);
    if (start >= end) continue;
    const last = intervals.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else intervals.push([start, end]);
  }
  return intervals;
}

/** The openings of the fields within [from, to), as ISO instants. */
export function expandOpenings(fields: TedeeWindowFields, from: Date | string, to: Date | string): Opening[] {
  return openingIntervals(fields, new Date(from).getTime(), new Date(to).getTime()).map(([start, end]) => ({
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  }));
}

/** Whether the fields open at an instant. */
export function isOpenAt(fields: TedeeWindowFields, at: Date | string): boolean {
  const instant = new Date(at).getTime();
  return openingIntervals(fields, instant, instant + 1).length > 0;
}
