/**
 * The strict reading of Tedee's fields (`acrossMidnightUtc: false`, docs/keys.md "Schedules"): no window may run
 * past midnight UTC, nor end at it (dayEndTime 00:00 would read as earlier than dayStartTime). A local window whose
 * UTC image does would need two UTC windows on some day and is refused; the proposal is the longer of its two parts,
 * which fits one UTC day.
 */
import type { LocalSchedule, Weekday } from '../model.js';
import { WEEKDAYS } from '../model.js';
import { ScheduleError } from './errors.js';
import { MINUTES_PER_DAY } from './tedeeFields.js';

function hhmm(minute: number): string {
  const wrapped = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

function shiftDays(days: Weekday[] | undefined, by: number): Weekday[] | undefined {
  return days?.map((day) => WEEKDAYS[(WEEKDAYS.indexOf(day) + by) % 7]!);
}

/**
 * Throws SCHEDULE_INEXPRESSIBLE for a local window [localStart, localStart + length) (minutes) whose UTC image
 * starts at `utcStart` (minutes into its UTC day) and crosses midnight UTC.
 */
export function refuseAcrossMidnightUtc(
  schedule: LocalSchedule,
  local: { start: number; length: number },
  utcStart: number,
): never {
  const beforeMidnight = MINUTES_PER_DAY - utcStart;
  const afterMidnight = local.length - beforeMidnight;
  // The part before midnight ends a minute early: ending at 00:00 would itself read as crossing.
  const first = beforeMidnight - 1;
  const proposal: LocalSchedule =
    first >= afterMidnight && first > 0
      ? { ...schedule, hours: { from: hhmm(local.start), to: hhmm(local.start + first) } }
      : {
          ...schedule,
          days: shiftDays(schedule.days, Math.floor((local.start + beforeMidnight) / MINUTES_PER_DAY)),
          hours: { from: hhmm(local.start + beforeMidnight), to: hhmm(local.start + local.length) },
        };
  const what = schedule.hours ? `hours ${schedule.hours.from}-${schedule.hours.to}` : 'whole days';
  throw new ScheduleError(
    'SCHEDULE_INEXPRESSIBLE',
    schedule.hours ? 'hours' : 'days',
    `${what} in ${schedule.timeZone} reach midnight UTC at ${hhmm(local.start + beforeMidnight)} local; ` +
      `Tedee opens one window per UTC day that must end before it. Nearest that works: ` +
      `hours ${proposal.hours!.from}-${proposal.hours!.to}${proposal.days ? ` on ${proposal.days.join(',')}` : ''}.`,
    proposal,
  );
}
