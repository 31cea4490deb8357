/**
 * Tedee's five time-window fields (tedee-api.md sections 6-7), shared by keypad PINs, device access and access
 * links. All values are UTC. Weekday flags: Mon=1, Tue=2 ... Sun=64.
 */
import type { Weekday } from '../model.js';
import { WEEKDAYS } from '../model.js';

export interface TedeeWindowFields {
  startDate: string | null;
  endDate: string | null;
  /** Time of day in UTC, "HH:mm:ss.000Z"; null with dayEndTime = the whole day. */
  dayStartTime: string | null;
  /** Earlier than dayStartTime = the window ends the next UTC day; equal = a 24-hour window (docs/keys.md). */
  dayEndTime: string | null;
  /** Flags of the UTC days the window starts on; null = every day. */
  weekDays: number | null;
}

export const MINUTES_PER_DAY = 24 * 60;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;

/** The flag of a weekday: Mon=1 ... Sun=64. */
export function weekdayFlag(day: Weekday): number {
  return 1 << WEEKDAYS.indexOf(day);
}

/** The weekdays a flags value names, Monday first. */
export function weekdaysOfFlags(flags: number): Weekday[] {
  return WEEKDAYS.filter((day) => (flags & weekdayFlag(day)) !== 0);
}

/** "17:00:00.000Z" for a minute of the UTC day (the samples' bare form). */
export function formatTimeOfDay(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00.000Z`;
}

/**
 * The UTC time of day a field carries, in ms after midnight. Accepts the bare form ("17:00", "17:00:00.000Z")
 * and full ISO date-times, whose date part is ignored (as Tedee does).
 */
export function parseTimeOfDay(value: string): number {
  const bare = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/.exec(value);
  if (bare) {
    const [, h, m, s = '0', ms = '0'] = bare;
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms.padEnd(3, '0'));
  }
  const instant = Date.parse(value);
  if (!Number.isFinite(instant)) throw new Error(`not a time of day: ${value}`);
  return ((instant % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}
