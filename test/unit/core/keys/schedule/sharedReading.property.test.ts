/**
 * The hub's reading of Tedee's window fields (schedule/openings.ts, what the compiler relies on) and the
 * emulator's (emulator/accessWindow.ts, what the keypad enforces) are written apart on purpose, so that a bug
 * cannot hide in shared code. This ties them: for any fields and any instant, both say the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpenAt } from '../../../../../src/core/keys/schedule/index.js';
import type { TedeeWindowFields } from '../../../../../src/core/keys/schedule/index.js';
import { windowAt } from '../../../../../src/emulator/accessWindow.js';

const BASE = Date.UTC(2027, 0, 1);
const HOUR = 3_600_000;

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`);
const date = fc.integer({ min: 0, max: 60 * 24 }).map((hours) => new Date(BASE + hours * HOUR).toISOString());

const fields: fc.Arbitrary<TedeeWindowFields> = fc
  .record({
    startDate: fc.option(date, { nil: null }),
    endDate: fc.option(date, { nil: null }),
    hours: fc.option(fc.tuple(time, time), { nil: null }),
    weekDays: fc.option(fc.integer({ min: 1, max: 127 }), { nil: null }),
  })
  .filter(({ startDate, endDate }) => !startDate || !endDate || startDate < endDate)
  .map(({ startDate, endDate, hours, weekDays }) => ({
    startDate,
    endDate,
    dayStartTime: hours ? hours[0] : null,
    dayEndTime: hours ? hours[1] : null,
    weekDays,
  }));

describe('one reading of the Tedee window fields, on both sides', () => {
  it('the compiler and the emulated keypad agree at every instant', () => {
    fc.assert(
      fc.property(fields, fc.integer({ min: -48 * 60, max: 62 * 24 * 60 }), (window, minute) => {
        const at = BASE + minute * 60_000;
        expect(isOpenAt(window, new Date(at))).toBe(windowAt(window, at).open);
      }),
      { numRuns: 3000 },
    );
  });
});
