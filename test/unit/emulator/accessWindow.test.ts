import { describe, expect, it } from 'vitest';
import { timeOfDayMs, weekDayFlag, windowAt } from '../../../src/emulator/accessWindow.js';

const at = (iso: string) => Date.parse(iso);
// 2027-01-11 is a Monday.
const MON = 1;
const FRI = 16;
const SAT = 32;
const SUN = 64;

describe('accessWindow', () => {
  it('reads weekday flags Mon=1 ... Sun=64 from the UTC day', () => {
    expect(weekDayFlag(at('2027-01-11T00:00:00Z'))).toBe(MON);
    expect(weekDayFlag(at('2027-01-15T23:59:59Z'))).toBe(FRI);
    expect(weekDayFlag(at('2027-01-17T12:00:00Z'))).toBe(SUN);
  });

  it('reads times of day bare or from a full date-time', () => {
    expect(timeOfDayMs('17:00:00.000Z')).toBe(17 * 3_600_000);
    expect(timeOfDayMs('09:30')).toBe(9.5 * 3_600_000);
    expect(timeOfDayMs('2020-05-05T08:15:00.000Z')).toBe(8.25 * 3_600_000);
  });

  it('opens with no fields, and treats weekDays 0 as every day', () => {
    expect(windowAt({}, at('2027-01-11T03:00:00Z'))).toEqual({ open: true });
    expect(windowAt({ weekDays: 0 }, at('2027-01-11T03:00:00Z'))).toEqual({ open: true });
  });

  it('includes startDate and excludes endDate', () => {
    const window = { startDate: '2027-01-11T15:00:00Z', endDate: '2027-01-14T11:00:00Z' };
    expect(windowAt(window, at('2027-01-11T14:59:59Z'))).toEqual({ open: false, reason: 'NOT_STARTED' });
    expect(windowAt(window, at('2027-01-11T15:00:00Z'))).toEqual({ open: true });
    expect(windowAt(window, at('2027-01-14T11:00:00Z'))).toEqual({ open: false, reason: 'EXPIRED' });
  });

  it('holds daily hours, start inclusive and end exclusive, on the given weekdays', () => {
    const window = { dayStartTime: '09:00:00Z', dayEndTime: '17:00:00Z', weekDays: MON };
    expect(windowAt(window, at('2027-01-11T09:00:00Z'))).toEqual({ open: true });
    expect(windowAt(window, at('2027-01-11T17:00:00Z'))).toEqual({ open: false, reason: 'OUTSIDE_HOURS' });
    expect(windowAt(window, at('2027-01-12T10:00:00Z'))).toEqual({ open: false, reason: 'OUTSIDE_WEEKDAYS' });
  });

  it('reads a dayEnd before dayStart as a window across midnight, on the weekday it opened', () => {
    const window = { dayStartTime: '22:00:00Z', dayEndTime: '02:00:00Z', weekDays: FRI };
    expect(windowAt(window, at('2027-01-15T23:00:00Z'))).toEqual({ open: true }); // Friday night
    expect(windowAt(window, at('2027-01-16T01:00:00Z'))).toEqual({ open: true }); // Saturday, after midnight
    expect(windowAt(window, at('2027-01-16T02:00:00Z'))).toEqual({ open: false, reason: 'OUTSIDE_HOURS' });
    expect(windowAt(window, at('2027-01-15T01:00:00Z'))).toEqual({ open: false, reason: 'OUTSIDE_WEEKDAYS' });
    expect(windowAt({ ...window, weekDays: SAT }, at('2027-01-16T23:00:00Z'))).toEqual({ open: true });
  });

  it('reads equal day times as the whole day', () => {
    const window = { dayStartTime: '00:00:00Z', dayEndTime: '00:00:00Z' };
    expect(windowAt(window, at('2027-01-11T13:00:00Z'))).toEqual({ open: true });
  });
});
