/**
 * For random zones, instants and schedules: the compiled UTC fields open exactly the local hours in
 * [at, validUntil) (checked at every local and UTC window edge, a millisecond either side, and on a grid), or the
 * compiler refuses with a ScheduleError.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { LocalSchedule, Weekday } from '../../../../../src/core/keys/model.js';
import { WEEKDAYS } from '../../../../../src/core/keys/model.js';
import {
  compileSchedule,
  localOpenPredicate,
  openingIntervals,
  ScheduleError,
  tedeeFields,
  type TedeeWindowFields,
} from '../../../../../src/core/keys/schedule/index.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const DAY = 86_400_000;
/** How much of [at, validUntil) each run checks: long enough for a week of windows either side of midnight. */
const SPAN = 8 * DAY;

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45, 59))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2036, 0, 1) });

const scheduleArb = fc.record({
  timeZone: fc.constantFrom(
    ...ZONES,
    'Europe/Warsaw',
    'America/New_York',
    'Australia/Sydney',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
  ),
  fromOffsetDays: fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
  lengthDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  days: fc.option(fc.subarray([...WEEKDAYS] as Weekday[], { minLength: 1 }), { nil: undefined }),
  hours: fc.option(fc.record({ from: hhmm, to: hhmm }), { nil: undefined }),
  boundTime: hhmm,
});

type ScheduleInput = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

function localSchedule(at: number, input: ScheduleInput): LocalSchedule {
  const { timeZone, fromOffsetDays, lengthDays, days, hours, boundTime } = input;
  const base = DateTime.fromMillis(at, { zone: timeZone });
  const from = fromOffsetDays === undefined ? undefined : base.plus({ days: fromOffsetDays });
  const until = lengthDays === undefined ? undefined : (from ?? base).plus({ days: lengthDays });
  const local = (dt: DateTime) => `${dt.toFormat('yyyy-LL-dd')}T${boundTime}`;
  return { timeZone, from: from && local(from), until: until && local(until), days, hours };
}

/** The instants where either reading can change: local window edges, UTC window edges, the bounds. */
function edges(
  schedule: LocalSchedule,
  compiledOpenings: [number, number][],
  from: number,
  to: number,
): number[] {
  const points = compiledOpenings.flat();
  for (
    let day = DateTime.fromMillis(from, { zone: schedule.timeZone }).startOf('day').minus({ days: 1 });
    day.toMillis() < to;
    day = day.plus({ days: 1 })
  ) {
    points.push(day.toMillis());
    for (const time of schedule.hours ? [schedule.hours.from, schedule.hours.to] : []) {
      const [h, m] = time.split(':').map(Number);
      points.push(day.set({ hour: h, minute: m }).toMillis());
    }
  }
  return points;
}

/** Both readings agree at every edge (and a millisecond either side) and on a grid within [from, to). */
function checkStretch(schedule: LocalSchedule, fields: TedeeWindowFields, from: number, to: number): void {
  const openings = openingIntervals(fields, from, to);
  const openAt = (t: number) => openings.some(([a, b]) => t >= a && t < b);
  const openLocally = localOpenPredicate(schedule);
  const samples = edges(schedule, openings, from, to).flatMap((t) => [t - 1, t, t + 1]);
  for (let t = from; t < to; t += 97 * 60_000) samples.push(t);
  for (const t of samples) {
    if (t < from || t >= to) continue;
    if (openAt(t) !== openLocally(t)) {
      throw new Error(
        `at ${new Date(t).toISOString()}: fields ${JSON.stringify(fields)} open=${openAt(t)} for ${JSON.stringify(schedule)}`,
      );
    }
  }
}

describe('compileSchedule (property)', () => {
  it('opens exactly the local hours until validUntil, or refuses', () => {
    fc.assert(
      fc.property(instant, scheduleArb, (at, input) => {
        const schedule = localSchedule(at, input);
        let compiled;
        try {
          compiled = compileSchedule(schedule, new Date(at));
        } catch (error) {
          expect(error).toBeInstanceOf(ScheduleError);
          return;
        }
        const validUntil = compiled.validUntil ? Date.parse(compiled.validUntil) : Infinity;
        const fields = tedeeFields(compiled);
        // The fields repeat weekly between the bounds: check a stretch after `at` and around each bound.
        const stretches: [number, number][] = [[at, at + SPAN]];
        if (fields.startDate)
          stretches.push([Date.parse(fields.startDate) - DAY, Date.parse(fields.startDate) + SPAN]);
        if (fields.endDate)
          stretches.push([Date.parse(fields.endDate) - SPAN, Date.parse(fields.endDate) + DAY]);
        for (const [a, b] of stretches) {
          const from = Math.max(a, at);
          const to = Math.min(b, validUntil);
          if (from < to) checkStretch(schedule, fields, from, to);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('compiled again at validUntil, the new fields hold from there', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(
          'Europe/Warsaw',
          'America/New_York',
          'Australia/Sydney',
          'America/Santiago',
          'Africa/Casablanca',
        ),
        hhmm,
        hhmm,
        (at, timeZone, from, to) => {
          fc.pre(from !== to);
          const schedule: LocalSchedule = { timeZone, days: ['mon', 'wed', 'sat'], hours: { from, to } };
          const first = compileSchedule(schedule, new Date(at));
          fc.pre(first.validUntil !== undefined);
          const change = Date.parse(first.validUntil);
          const next = compileSchedule(schedule, first.validUntil);
          const openLocally = localOpenPredicate(schedule);
          for (let t = change; t < change + 8 * DAY; t += 29 * 60_000) {
            const open = openingIntervals(tedeeFields(next), t, t + 1).length > 0;
            expect(open).toBe(openLocally(t));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('under the strict reading, never crosses midnight UTC, or refuses with a proposal that compiles', () => {
    fc.assert(
      fc.property(instant, scheduleArb, (at, input) => {
        const schedule = localSchedule(at, input);
        const strict = { acrossMidnightUtc: false };
        let compiled;
        try {
          compiled = compileSchedule(schedule, new Date(at), strict);
        } catch (error) {
          if (!(error instanceof ScheduleError)) throw error;
          if (error.code !== 'SCHEDULE_INEXPRESSIBLE') return;
          expect(error.proposal).toBeDefined();
          compiled = compileSchedule(error.proposal!, new Date(at), strict);
        }
        if (compiled.dayStartTime !== null) {
          expect(compiled.dayEndTime! > compiled.dayStartTime).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
