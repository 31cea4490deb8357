/**
 * The schedule compiler against anything a user can type and any instant: it compiles or refuses with a coded
 * ScheduleError naming the field, never another error; and across daylight-saving changes in every zone, the
 * windows the door sees (compiled again at each offset change) are ordered, disjoint, and open exactly the local
 * hours. The exactness of one compilation on random schedules is in property.test.ts.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { LocalSchedule, Weekday } from '../../../../../src/core/keys/model.js';
import { WEEKDAYS } from '../../../../../src/core/keys/model.js';
import {
  compileSchedule,
  localOpenPredicate,
  nextOffsetChange,
  ScheduleError,
  scheduleIntervals,
} from '../../../../../src/core/keys/schedule/index.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const FIELDS = ['timeZone', 'from', 'until', 'days', 'hours'];
const DAY = 86_400_000;

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
/** Times as people mistype them, next to valid ones. */
const timeText = fc.oneof(
  hhmm,
  fc.constantFrom('24:00', '23:60', '9:00', '09:00:00', '', ' 09:00', '09.00', '-01:00', '٠٩:٠٠', '9'),
  fc.string({ maxLength: 8 }),
);
/** Any instant from 1900 to 2200: far outside the zone database's rules too. */
const anyInstant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });
const localText = fc.oneof(
  anyInstant.map((t) => new Date(t).toISOString().slice(0, 16)),
  anyInstant.map((t) => new Date(t).toISOString().slice(0, 10)),
  fc.constantFrom('2027-02-30T10:00', '2027-13-01', '2027-03-28T02:30', '0000-01-01', '9999-12-31T23:59'),
  fc.string({ maxLength: 20 }),
);
const zone = fc.oneof(
  fc.constantFrom(...ZONES),
  fc.constantFrom('UTC', 'Etc/GMT+12', 'Etc/GMT-14', 'utc', 'Europe/warsaw', 'Mars/Olympus', '+02:00', ''),
  fc.string({ maxLength: 20 }),
);
const hostileSchedule: fc.Arbitrary<LocalSchedule> = fc.record(
  {
    timeZone: zone,
    from: localText,
    until: localText,
    days: fc.array(fc.oneof(fc.constantFrom(...WEEKDAYS), fc.string({ maxLength: 4 })), { maxLength: 8 }),
    hours: fc.record({ from: timeText, to: timeText }),
  },
  { requiredKeys: ['timeZone'] },
) as fc.Arbitrary<LocalSchedule>;

describe('compileSchedule against hostile input (property)', () => {
  it('compiles, or refuses with a coded ScheduleError naming a schedule field', () => {
    fc.assert(
      fc.property(hostileSchedule, anyInstant, fc.boolean(), (schedule, at, acrossMidnightUtc) => {
        try {
          const compiled = compileSchedule(schedule, new Date(at), { acrossMidnightUtc });
          for (const date of [compiled.startDate, compiled.endDate, compiled.validUntil])
            if (date) expect(Number.isFinite(Date.parse(date))).toBe(true);
          if (compiled.weekDays !== null) expect(compiled.weekDays).toBeGreaterThanOrEqual(1);
          if (compiled.weekDays !== null) expect(compiled.weekDays).toBeLessThanOrEqual(127);
        } catch (error) {
          if (!(error instanceof ScheduleError)) throw error;
          expect(['SCHEDULE_INVALID', 'SCHEDULE_INEXPRESSIBLE']).toContain(error.code);
          expect(FIELDS).toContain(error.field);
          expect(error.message).toContain(error.field);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('an offset with seconds (local mean time before 1912)', () => {
  it('is refused naming timeZone, with the offset as people write it', () => {
    const refused = (() => {
      try {
        compileSchedule({ timeZone: 'Africa/Abidjan', days: ['mon'] }, new Date(-1830383032001));
      } catch (error) {
        return error as ScheduleError;
      }
    })();
    expect(refused).toBeInstanceOf(ScheduleError);
    expect(refused).toMatchObject({ code: 'SCHEDULE_INEXPRESSIBLE', field: 'timeZone' });
    expect(refused!.message).toMatch(/^timeZone: Africa\/Abidjan is -00:16:08 from UTC then/);
  });
});

/** A zone with daylight saving and an instant within a day of one of its offset changes. */
const nearChange = fc
  .tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }))
  .map(([timeZone, from]) => {
    const change = nextOffsetChange(timeZone, from, from + 400 * DAY);
    return change === undefined ? undefined : { timeZone, change };
  })
  .filter((found): found is { timeZone: string; change: number } => found !== undefined);

describe('windows across daylight-saving changes, in every zone that has them (property)', () => {
  it('are ordered, disjoint, non-empty and open exactly the local hours', () => {
    fc.assert(
      fc.property(
        nearChange,
        fc.integer({ min: -2 * DAY, max: 0 }),
        fc.option(fc.subarray([...WEEKDAYS] as Weekday[], { minLength: 1 }), { nil: undefined }),
        hhmm,
        hhmm,
        ({ timeZone, change }, before, days, from, to) => {
          fc.pre(from !== to);
          const schedule: LocalSchedule = { timeZone, days, hours: { from, to } };
          const start = change + before;
          const end = start + 4 * DAY;
          const windows = scheduleIntervals(schedule, start, end);
          windows.forEach(([a, b], i) => {
            expect(a).toBeLessThan(b);
            if (i > 0) expect(a).toBeGreaterThan(windows[i - 1]![1]);
          });
          const open = (t: number) => windows.some(([a, b]) => t >= a && t < b);
          const openLocally = localOpenPredicate(schedule);
          const samples = windows.flat().flatMap((t) => [t - 1, t]);
          for (let t = start; t < end; t += 7 * 60_000) samples.push(t);
          for (const t of samples.filter((t) => t >= start && t < end - 1)) {
            if (open(t) !== openLocally(t)) {
              const local = DateTime.fromMillis(t, { zone: timeZone }).toISO();
              throw new Error(`${local}: the door says ${open(t)} for ${JSON.stringify(schedule)}`);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
