/** The compiler on named examples: weekday shifts, windows across midnight, half-hour offsets, refusals, dry runs. */
import { describe, expect, it } from 'vitest';
import {
  compileSchedule,
  describeSchedule,
  expandOpenings,
  ScheduleError,
  tedeeFields,
} from '../../../../../src/core/keys/schedule/index.js';

const MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

function refusal(run: () => unknown): ScheduleError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScheduleError) return error;
    throw error;
  }
  throw new Error('expected a ScheduleError');
}

describe('compileSchedule', () => {
  it('writes bare UTC times of day and Mon-Fri flags (31) in Warsaw winter', () => {
    const compiled = compileSchedule(
      {
        timeZone: 'Europe/Warsaw',
        from: '2027-01-11T15:00',
        until: '2027-01-20T11:00',
        days: [...MON_FRI],
        hours: { from: '09:00', to: '17:00' },
      },
      '2027-01-10T00:00:00Z',
    );
    expect(tedeeFields(compiled)).toEqual({
      startDate: '2027-01-11T14:00:00.000Z',
      endDate: '2027-01-20T10:00:00.000Z',
      dayStartTime: '08:00:00.000Z',
      dayEndTime: '16:00:00.000Z',
      weekDays: 31,
    });
    expect(compiled.validUntil).toBeUndefined();
    expect(compiled.warnings).toEqual([]);
    expect(compiled.utcOffsetMinutes).toBe(60);
  });

  it('moves the weekdays back a day when the window starts the previous UTC day (Sydney)', () => {
    const compiled = compileSchedule(
      { timeZone: 'Australia/Sydney', days: [...MON_FRI], hours: { from: '09:00', to: '17:00' } },
      '2027-07-05T00:00:00Z',
    );
    // 09:00 AEST (+10) is 23:00 UTC the day before: Sun-Thu, a window across midnight UTC.
    expect(tedeeFields(compiled)).toMatchObject({
      dayStartTime: '23:00:00.000Z',
      dayEndTime: '07:00:00.000Z',
      weekDays: 1 + 2 + 4 + 8 + 64,
    });
    expect(compiled.validUntil).toBe('2027-10-02T16:00:00.000Z');
  });

  it('keeps the half hour of Kolkata and never asks for a rewrite', () => {
    const compiled = compileSchedule(
      { timeZone: 'Asia/Kolkata', days: ['sat'], hours: { from: '22:00', to: '02:00' } },
      '2027-01-01T00:00:00Z',
    );
    expect(tedeeFields(compiled)).toMatchObject({
      dayStartTime: '16:30:00.000Z',
      dayEndTime: '20:30:00.000Z',
      weekDays: 32,
    });
    expect(compiled.validUntil).toBeUndefined();
  });

  it('writes a local window across midnight as one UTC window on the day it starts', () => {
    const compiled = compileSchedule(
      {
        timeZone: 'America/New_York',
        from: '2027-01-15T00:00',
        until: '2027-01-20T00:00',
        days: ['fri'],
        hours: { from: '22:00', to: '06:00' },
      },
      '2027-01-01T00:00:00Z',
    );
    // Friday 22:00 EST = Saturday 03:00 UTC.
    expect(tedeeFields(compiled)).toMatchObject({
      dayStartTime: '03:00:00.000Z',
      dayEndTime: '11:00:00.000Z',
      weekDays: 32,
    });
    expect(expandOpenings(tedeeFields(compiled), '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z')).toEqual([
      { from: '2027-01-16T03:00:00.000Z', to: '2027-01-16T11:00:00.000Z' },
    ]);
  });

  it('writes whole local days at a non-zero offset as 24-hour UTC windows (dayEndTime = dayStartTime)', () => {
    const compiled = compileSchedule(
      { timeZone: 'Europe/Warsaw', until: '2027-02-01T00:00', days: ['sat', 'sun'] },
      '2027-01-04T00:00:00Z',
    );
    expect(tedeeFields(compiled)).toMatchObject({
      dayStartTime: '23:00:00.000Z',
      dayEndTime: '23:00:00.000Z',
      weekDays: 16 + 32,
    });
    expect(expandOpenings(tedeeFields(compiled), '2027-01-04T00:00:00Z', '2027-01-11T00:00:00Z')).toEqual([
      { from: '2027-01-08T23:00:00.000Z', to: '2027-01-10T23:00:00.000Z' },
    ]);
  });

  it('writes a period alone as dates, and nothing at all as permanent', () => {
    expect(
      tedeeFields(compileSchedule({ timeZone: 'UTC', until: '2027-02-01T00:00' }, '2027-01-01T00:00:00Z')),
    ).toEqual({
      startDate: null,
      endDate: '2027-02-01T00:00:00.000Z',
      dayStartTime: null,
      dayEndTime: null,
      weekDays: null,
    });
    const permanent = compileSchedule({ timeZone: 'Europe/Warsaw' }, '2027-01-01T00:00:00Z');
    expect(tedeeFields(permanent)).toEqual({
      startDate: null,
      endDate: null,
      dayStartTime: null,
      dayEndTime: null,
      weekDays: null,
    });
    expect(permanent.validUntil).toBeUndefined();
  });

  it('compiles for the offset at the key start when the key starts later, and asks for no rewrite after the end', () => {
    const compiled = compileSchedule(
      {
        timeZone: 'Europe/Warsaw',
        from: '2027-07-01T00:00',
        until: '2027-07-31T00:00',
        hours: { from: '09:00', to: '17:00' },
      },
      '2027-01-10T00:00:00Z',
    );
    expect(tedeeFields(compiled)).toMatchObject({
      dayStartTime: '07:00:00.000Z',
      dayEndTime: '15:00:00.000Z',
      weekDays: null,
    });
    expect(compiled.validUntil).toBeUndefined();
  });

  it('warns when a bound falls in the hour daylight saving skips or repeats', () => {
    const skipped = compileSchedule(
      { timeZone: 'Europe/Warsaw', from: '2027-03-28T02:30' },
      '2027-01-01T00:00:00Z',
    );
    expect(skipped.warnings).toMatchObject([{ code: 'WINDOW_INEXACT', at: '2027-03-28T01:30:00.000Z' }]);
    const repeated = compileSchedule(
      { timeZone: 'Europe/Warsaw', until: '2027-10-31T02:30' },
      '2027-01-01T00:00:00Z',
    );
    expect(repeated.warnings).toMatchObject([{ code: 'WINDOW_INEXACT' }]);
    expect(repeated.warnings[0]!.message).toContain('twice');
  });

  it.each([
    [{ timeZone: 'Europe/Atlantis' }, 'timeZone'],
    [{ timeZone: 'UTC', from: '2027-01-11 15:00' }, 'from'],
    [{ timeZone: 'UTC', from: '2027-01-11T15:00+01:00' }, 'from'],
    [{ timeZone: 'UTC', from: '2027-02-01T00:00', until: '2027-01-01T00:00' }, 'until'],
    [{ timeZone: 'UTC', days: [] }, 'days'],
    [{ timeZone: 'UTC', days: ['monday'] }, 'days'],
    [{ timeZone: 'UTC', hours: { from: '9:00', to: '17:00' } }, 'hours'],
    [{ timeZone: 'UTC', hours: { from: '09:00', to: '24:00' } }, 'hours'],
    [{ timeZone: 'UTC', hours: { from: '09:00', to: '09:00' } }, 'hours'],
  ])('refuses %j naming %s', (schedule, field) => {
    const error = refusal(() => compileSchedule(schedule as never, '2027-01-01T00:00:00Z'));
    expect(error.code).toBe('SCHEDULE_INVALID');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('proposes a working schedule where one is near: whole days for hours 09:00-09:00', () => {
    const error = refusal(() =>
      compileSchedule(
        { timeZone: 'UTC', days: ['mon'], hours: { from: '09:00', to: '09:00' } },
        '2027-01-01T00:00:00Z',
      ),
    );
    expect(error.proposal).toEqual({ timeZone: 'UTC', days: ['mon'], hours: undefined });
  });
});

describe('compileSchedule under the strict reading (acrossMidnightUtc: false)', () => {
  const strict = { acrossMidnightUtc: false };

  it('refuses Sydney 09:00-17:00 (23:00-07:00 UTC) and proposes the longer part, after midnight UTC', () => {
    const schedule = {
      timeZone: 'Australia/Sydney',
      days: [...MON_FRI],
      hours: { from: '09:00', to: '17:00' },
    };
    const error = refusal(() => compileSchedule(schedule, '2027-07-05T00:00:00Z', strict));
    expect(error).toMatchObject({ code: 'SCHEDULE_INEXPRESSIBLE', field: 'hours' });
    expect(error.message).toContain('10:00');
    expect(error.proposal).toEqual({ ...schedule, hours: { from: '10:00', to: '17:00' } });
    expect(tedeeFields(compileSchedule(error.proposal!, '2027-07-05T00:00:00Z', strict))).toMatchObject({
      dayStartTime: '00:00:00.000Z',
      dayEndTime: '07:00:00.000Z',
      weekDays: 31,
    });
  });

  it('proposes the part before midnight UTC when it is longer, a minute short of it', () => {
    const schedule = {
      timeZone: 'Europe/Warsaw',
      days: ['fri' as const],
      hours: { from: '18:00', to: '02:00' },
    };
    const error = refusal(() => compileSchedule(schedule, '2027-01-04T00:00:00Z', strict));
    expect(error.proposal).toEqual({ ...schedule, hours: { from: '18:00', to: '00:59' } });
  });

  it('moves the days of the proposal when its part starts the next local day', () => {
    const schedule = {
      timeZone: 'America/New_York',
      days: ['fri' as const],
      hours: { from: '22:00', to: '06:00' },
    };
    // 22:00-06:00 EST = 03:00-11:00 UTC Saturday: no crossing, compiles as is.
    expect(tedeeFields(compileSchedule(schedule, '2027-01-04T00:00:00Z', strict)).weekDays).toBe(32);
    const late = { ...schedule, hours: { from: '17:00', to: '23:00' } };
    // 17:00-23:00 EST = 22:00-04:00 UTC: the part after midnight UTC (19:00-23:00 local) is longer, same day.
    expect(refusal(() => compileSchedule(late, '2027-01-04T00:00:00Z', strict)).proposal).toEqual({
      ...late,
      hours: { from: '19:00', to: '23:00' },
    });
  });

  it('compiles a window inside one UTC day as with the default reading', () => {
    const schedule = { timeZone: 'Europe/Warsaw', days: [...MON_FRI], hours: { from: '09:00', to: '17:00' } };
    expect(compileSchedule(schedule, '2027-01-04T00:00:00Z', strict)).toEqual(
      compileSchedule(schedule, '2027-01-04T00:00:00Z'),
    );
  });
});

describe('describeSchedule (dry run)', () => {
  it('shows local and UTC and the rewrite for a door', () => {
    const run = describeSchedule(
      { lockId: 12, name: 'Front' },
      {
        timeZone: 'Europe/Warsaw',
        until: '2027-05-01T00:00',
        days: [...MON_FRI],
        hours: { from: '09:00', to: '17:00' },
      },
      '2027-01-11T08:00:00Z',
    );
    expect(run.ok).toBe(true);
    expect(run.line).toBe(
      'door Front (12): local mon,tue,wed,thu,fri 09:00-17:00, now to 2027-05-01T00:00 Europe/Warsaw; ' +
        'written as mon,tue,wed,thu,fri 08:00-16:00, now to 2027-04-30T22:00:00.000Z UTC; ' +
        'rewritten at 2027-03-28T01:00:00.000Z (daylight saving)',
    );
  });

  it('says why a door refuses and what would work', () => {
    const run = describeSchedule(
      { lockId: 7 },
      { timeZone: 'UTC', hours: { from: '10:00', to: '10:00' } },
      '2027-01-01T00:00:00Z',
    );
    expect(run).toMatchObject({ ok: false, code: 'SCHEDULE_INVALID', field: 'hours' });
    expect(run.line).toMatch(
      /^door 7 refuses \(SCHEDULE_INVALID, hours\): .*; would work: every day all day/,
    );
  });
});
