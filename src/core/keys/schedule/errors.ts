/**
 * Why a schedule cannot be compiled to Tedee's fields. `SCHEDULE_INVALID`: the schedule itself is wrong (a bad
 * zone, time or date, an empty day set). `SCHEDULE_INEXPRESSIBLE`: it is meaningful but Tedee's one UTC window per
 * day cannot open exactly those hours. Both name the field and, where one exists, propose a window that works.
 */
import type { LocalSchedule } from '../model.js';

export type ScheduleErrorCode = 'SCHEDULE_INVALID' | 'SCHEDULE_INEXPRESSIBLE';

export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    /** The schedule field at fault: timeZone, from, until, days, hours. */
    readonly field: keyof LocalSchedule,
    message: string,
    /** The nearest schedule that compiles, when there is one. */
    readonly proposal?: LocalSchedule,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}
