/** The schedule compiler: local schedules to Tedee's UTC window fields (docs/keys.md "Schedules"). */
export { compileSchedule, type CompiledWindow, type CompileOptions } from './compile.js';
export { describeSchedule, type DoorRef, type ScheduleDryRun } from './describe.js';
export { ScheduleError, type ScheduleErrorCode } from './errors.js';
export { isOpenLocally, localOpenPredicate } from './localHours.js';
export { nextOffsetChange } from './offsetChanges.js';
export { expandOpenings, isOpenAt, openingIntervals, type Opening } from './openings.js';
export { weekdayFlag, weekdaysOfFlags, type TedeeWindowFields } from './tedeeFields.js';
export {
  lastWindowEnded,
  scheduleIntervals,
  windowAt,
  type AccessWindow,
  type WindowState,
} from './windows.js';

import type { CompiledWindow } from './compile.js';
import type { TedeeWindowFields } from './tedeeFields.js';

/** Only the five fields Tedee takes, for a PIN, access or link body. */
export function tedeeFields(window: CompiledWindow): TedeeWindowFields {
  const { startDate, endDate, dayStartTime, dayEndTime, weekDays } = window;
  return { startDate, endDate, dayStartTime, dayEndTime, weekDays };
}
