/**
 * Whether a Tedee time window lets someone in at a given moment: the one check the keypad, access links and
 * app access share. Written from the docs (tedee-api.md sections 6 and 7, access-details.rst, lockpin/create.rst):
 * the fields are UTC: `startDate`/`endDate` date-times, `dayStartTime`/`dayEndTime` of which only the time of
 * day counts, and `weekDays` flags Mon=1, Tue=2, Wed=4, Thu=8, Fri=16, Sat=32, Sun=64.
 *
 * What the docs leave open, decided here (docs/emulator.md, "Time windows at the door"):
 *   - startDate is inclusive, endDate exclusive (the cloud deletes a PIN once its endDate is reached).
 *   - weekDays null or 0 means every day.
 *   - dayStartTime inclusive, dayEndTime exclusive; equal times mean 24 hours from dayStartTime (00:00-00:00
 *     is the whole flagged day; 23:00-23:00 runs from 23:00 on the flagged day to 23:00 the next).
 *   - dayEndTime earlier than dayStartTime is a window across midnight UTC: it opens at dayStartTime and
 *     closes at dayEndTime the next day. Its weekday is the day it opened, so Fri 22:00-02:00 lets in on
 *     Saturday at 01:00 and not on Friday at 01:00 (unless Thursday is a day too).
 */

export interface AccessWindow {
  startDate?: string | null;
  endDate?: string | null;
  dayStartTime?: string | null;
  dayEndTime?: string | null;
  weekDays?: number | null;
}

export type WindowVerdict =
  { open: true } | { open: false; reason: 'NOT_STARTED' | 'EXPIRED' | 'OUTSIDE_WEEKDAYS' | 'OUTSIDE_HOURS' };

const DAY_MS = 86_400_000;

/** Milliseconds since midnight of a "HH:MM(:SS(.sss))(Z)" time or of an ISO date-time's UTC time. */
export function timeOfDayMs(value: string): number {
  const bare = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?Z?$/.exec(value);
  if (bare) {
    const [, hours, minutes, seconds = '0', fraction = '0'] = bare;
    return (
      ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(`0.${fraction}`) * 1000
    );
  }
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed)) throw new RangeError(`not a time of day: ${value}`);
  return ((parsed % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The weekDays flag of a UTC day: Mon=1 ... Sun=64. */
export function weekDayFlag(atMs: number): number {
  const sundayFirst = new Date(atMs).getUTCDay();
  return 1 << ((sundayFirst + 6) % 7);
}

function onDay(weekDays: number | null | undefined, dayStartMs: number): boolean {
  return !weekDays || (weekDays & weekDayFlag(dayStartMs)) !== 0;
}

/** Whether the window holds at `atMs` (epoch milliseconds), and if not, why. */
export function windowAt(window: AccessWindow, atMs: number): WindowVerdict {
  if (window.startDate && atMs < Date.parse(window.startDate)) return { open: false, reason: 'NOT_STARTED' };
  if (window.endDate && atMs >= Date.parse(window.endDate)) return { open: false, reason: 'EXPIRED' };
  const midnight = Math.floor(atMs / DAY_MS) * DAY_MS;
  const sinceMidnight = atMs - midnight;
  const { dayStartTime, dayEndTime, weekDays } = window;
  if (!dayStartTime || !dayEndTime) {
    return onDay(weekDays, midnight) ? { open: true } : { open: false, reason: 'OUTSIDE_WEEKDAYS' };
  }
  const start = timeOfDayMs(dayStartTime);
  const end = timeOfDayMs(dayEndTime);
  // The day on which the window that could hold now opened: today, or yesterday for the morning part of a
  // window across midnight (equal times are the 24-hour case of it).
  let openedOn: number | undefined;
  if (start < end) openedOn = sinceMidnight >= start && sinceMidnight < end ? midnight : undefined;
  else if (sinceMidnight >= start) openedOn = midnight;
  else if (sinceMidnight < end) openedOn = midnight - DAY_MS;
  if (openedOn === undefined) return { open: false, reason: 'OUTSIDE_HOURS' };
  return onDay(weekDays, openedOn) ? { open: true } : { open: false, reason: 'OUTSIDE_WEEKDAYS' };
}
