/** When a PIN, an access or a link opens, in Tedee's UTC fields; all absent = always. Weekdays: Mon=1 ... Sun=64. */
export interface UtcWindow {
  startDate?: string | null;
  endDate?: string | null;
  dayStartTime?: string | null;
  dayEndTime?: string | null;
  weekDays?: number | null;
}

/**
 * Every field of a window, null where there is no bound: what a PUT or create sends (Tedee replaces the whole
 * object) and what a read gives back, whichever fields the other side left out.
 */
export function everyWindowField(window: UtcWindow | undefined): Required<UtcWindow> {
  return {
    startDate: window?.startDate ?? null,
    endDate: window?.endDate ?? null,
    dayStartTime: window?.dayStartTime ?? null,
    dayEndTime: window?.dayEndTime ?? null,
    weekDays: window?.weekDays ?? null,
  };
}
