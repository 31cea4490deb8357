/**
 * Mon-Fri 09:00-17:00 in four zones, issued in winter and valid across the daylight-saving change: the fields in
 * effect (compiled at issue, compiled again at each validUntil) open at 09:01 and 16:59 local, not at 08:59 or 17:01,
 * on both sides of the change.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { LocalSchedule } from '../../../../../src/core/keys/model.js';
import {
  compileSchedule,
  isOpenAt,
  type CompiledWindow,
} from '../../../../../src/core/keys/schedule/index.js';

/** The fields the hub has written at instant `t`, for a key issued at `issuedAt`. */
function fieldsInEffect(schedule: LocalSchedule, issuedAt: string, t: number): CompiledWindow {
  let compiled = compileSchedule(schedule, issuedAt);
  while (compiled.validUntil !== undefined && t >= Date.parse(compiled.validUntil)) {
    compiled = compileSchedule(schedule, compiled.validUntil);
  }
  return compiled;
}

const cases = [
  // zone, issued (winter), until, a weekday before the change, a weekday after it
  {
    zone: 'Europe/Warsaw',
    issued: '2027-01-11T08:00:00Z',
    until: '2027-05-01T00:00',
    before: '2027-03-26',
    after: '2027-03-29',
    changes: 1,
  },
  {
    zone: 'America/New_York',
    issued: '2027-01-11T08:00:00Z',
    until: '2027-04-01T00:00',
    before: '2027-03-12',
    after: '2027-03-15',
    changes: 1,
  },
  {
    zone: 'Australia/Sydney',
    issued: '2027-07-05T08:00:00Z',
    until: '2027-11-01T00:00',
    before: '2027-10-01',
    after: '2027-10-04',
    changes: 1,
  },
  {
    zone: 'Asia/Kolkata',
    issued: '2027-01-11T08:00:00Z',
    until: '2027-05-01T00:00',
    before: '2027-03-26',
    after: '2027-03-29',
    changes: 0,
  },
];

describe.each(cases)(
  'Mon-Fri 09:00-17:00 in $zone across daylight saving',
  ({ zone, issued, until, before, after, changes }) => {
    const schedule: LocalSchedule = {
      timeZone: zone,
      until,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { from: '09:00', to: '17:00' },
    };

    it(`says when it must be rewritten (${changes} change)`, () => {
      const compiled = compileSchedule(schedule, issued);
      const recompiles = compiled.warnings.filter((warning) => warning.code === 'DST_RECOMPILE');
      expect(recompiles).toHaveLength(changes);
      if (changes === 0) {
        expect(compiled.validUntil).toBeUndefined();
        return;
      }
      expect(recompiles[0]!.at).toBe(compiled.validUntil);
      const change = Date.parse(compiled.validUntil!);
      const offsetBefore = DateTime.fromMillis(change - 1, { zone }).offset;
      expect(DateTime.fromMillis(change, { zone }).offset).not.toBe(offsetBefore);
      expect(compileSchedule(schedule, compiled.validUntil!).validUntil).toBeUndefined();
      expect(change).toBeGreaterThan(Date.parse(`${before}T12:00:00Z`));
      expect(change).toBeLessThan(Date.parse(`${after}T00:00:00Z`));
    });

    for (const day of [before, after]) {
      it.each([
        ['08:59', false],
        ['09:01', true],
        ['16:59', true],
        ['17:01', false],
      ])(`on ${day} at %s local: open %s`, (time, open) => {
        const t = DateTime.fromISO(`${day}T${time}`, { zone }).toMillis();
        expect(isOpenAt(fieldsInEffect(schedule, issued, t), new Date(t))).toBe(open);
      });
    }

    it('opens nothing on the weekend after the change', () => {
      const saturday = DateTime.fromISO(`${after}T12:00`, { zone }).minus({ days: 2 }).toMillis();
      expect(isOpenAt(fieldsInEffect(schedule, issued, saturday), new Date(saturday))).toBe(false);
    });
  },
);
