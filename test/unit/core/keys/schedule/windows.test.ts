/**
 * Access windows as the door sees them: compiled, read, compiled again at each daylight-saving change and merged
 * where they touch. The local hours hold on both sides of a change; the skipped and repeated hours behave as
 * the compiler decides.
 */
import { describe, expect, it } from 'vitest';
import type { LocalSchedule } from '../../../../../src/core/keys/model.js';
import { lastWindowEnded, scheduleIntervals, windowAt } from '../../../../../src/core/keys/schedule/index.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const windowText = (schedule: LocalSchedule, when: string) => {
  const state = windowAt(schedule, at(when));
  return { inside: state.inside, from: iso(state.window?.from ?? null), to: iso(state.window?.to ?? null) };
};

const weekdays: LocalSchedule['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('windowAt', () => {
  it('keeps 09:00-15:00 Warsaw at 09:00 local on both sides of the spring change', () => {
    const schedule: LocalSchedule = {
      timeZone: 'Europe/Warsaw',
      days: weekdays,
      hours: { from: '09:00', to: '15:00' },
    };
    // Friday 2027-03-26 is CET (UTC+1); Monday 2027-03-29 is CEST (UTC+2).
    expect(windowText(schedule, '2027-03-26T07:59:00Z')).toEqual({
      inside: false,
      from: '2027-03-26T08:00:00.000Z',
      to: '2027-03-26T14:00:00.000Z',
    });
    expect(windowText(schedule, '2027-03-26T15:00:00Z')).toEqual({
      inside: false,
      from: '2027-03-29T07:00:00.000Z',
      to: '2027-03-29T13:00:00.000Z',
    });
    expect(windowText(schedule, '2027-03-29T12:59:00Z')).toMatchObject({ inside: true });
  });

  it('keeps New York 09:00-15:00 at 09:00 local across the autumn change', () => {
    const schedule: LocalSchedule = {
      timeZone: 'America/New_York',
      days: weekdays,
      hours: { from: '09:00', to: '15:00' },
    };
    // Friday 2026-10-30 is EDT (UTC-4); Monday 2026-11-02 is EST (UTC-5).
    expect(windowText(schedule, '2026-10-30T12:00:00Z')).toMatchObject({ from: '2026-10-30T13:00:00.000Z' });
    expect(windowText(schedule, '2026-10-30T20:00:00Z')).toEqual({
      inside: false,
      from: '2026-11-02T14:00:00.000Z',
      to: '2026-11-02T20:00:00.000Z',
    });
  });

  it('makes one window of a night that contains the change', () => {
    const schedule: LocalSchedule = { timeZone: 'Europe/Warsaw', hours: { from: '22:00', to: '06:00' } };
    // 22:00 CET Saturday to 06:00 CEST Sunday: seven real hours, one window.
    expect(windowText(schedule, '2027-03-28T00:30:00Z')).toEqual({
      inside: true,
      from: '2027-03-27T21:00:00.000Z',
      to: '2027-03-28T04:00:00.000Z',
    });
  });

  it('does not open the skipped hour, and opens at the change a window that starts in it', () => {
    const skipped: LocalSchedule = { timeZone: 'Europe/Warsaw', hours: { from: '02:15', to: '02:45' } };
    expect(scheduleIntervals(skipped, at('2027-03-27T12:00:00Z'), at('2027-03-28T12:00:00Z'))).toEqual([]);
    const straddling: LocalSchedule = { timeZone: 'Europe/Warsaw', hours: { from: '02:30', to: '03:30' } };
    expect(windowText(straddling, '2027-03-27T12:00:00Z')).toMatchObject({
      from: '2027-03-28T01:00:00.000Z', // 03:00 CEST, the instant of the change
      to: '2027-03-28T01:30:00.000Z', // 03:30 CEST
    });
  });

  it('opens a window in the repeated hour twice', () => {
    const schedule: LocalSchedule = { timeZone: 'Europe/Warsaw', hours: { from: '02:15', to: '02:45' } };
    const night = scheduleIntervals(schedule, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'));
    expect(night.map(([from, to]) => [iso(from), iso(to)])).toEqual([
      ['2026-10-25T00:15:00.000Z', '2026-10-25T00:45:00.000Z'], // 02:15 CEST
      ['2026-10-25T01:15:00.000Z', '2026-10-25T01:45:00.000Z'], // 02:15 CET
    ]);
  });

  it('reads whole weekdays as one window from the first day to the end of the last', () => {
    const schedule: LocalSchedule = { timeZone: 'Europe/Warsaw', days: ['sat', 'sun'] };
    expect(windowText(schedule, '2026-11-30T12:00:00Z')).toEqual({
      inside: false,
      from: '2026-12-04T23:00:00.000Z',
      to: '2026-12-06T23:00:00.000Z',
    });
  });

  it('has no bounds for a schedule that is always open, and no window after its end', () => {
    expect(windowText({ timeZone: 'Europe/Warsaw' }, '2026-11-30T12:00:00Z')).toEqual({
      inside: true,
      from: null,
      to: null,
    });
    const ended: LocalSchedule = {
      timeZone: 'Europe/Warsaw',
      until: '2026-01-01T00:00',
      hours: { from: '09:00', to: '10:00' },
    };
    expect(windowAt(ended, at('2026-11-30T12:00:00Z'))).toEqual({ inside: false });
  });
});

describe('lastWindowEnded', () => {
  it('finds the last window that closed after an instant, with its true start', () => {
    const schedule: LocalSchedule = {
      timeZone: 'Europe/Warsaw',
      days: weekdays,
      hours: { from: '09:00', to: '15:00' },
    };
    const window = lastWindowEnded(schedule, at('2026-11-30T09:00:00Z'), at('2026-12-01T20:00:00Z'));
    expect([iso(window!.from), iso(window!.to)]).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-01T14:00:00.000Z',
    ]);
    expect(lastWindowEnded(schedule, at('2026-11-30T09:00:00Z'), at('2026-11-30T13:00:00Z'))).toBeUndefined();
    // It opened before `after` and closed after it: still found, from where it opened.
    const straddled = lastWindowEnded(schedule, at('2026-11-30T10:00:00Z'), at('2026-11-30T16:00:00Z'));
    expect(iso(straddled!.from)).toBe('2026-11-30T08:00:00.000Z');
  });
});
