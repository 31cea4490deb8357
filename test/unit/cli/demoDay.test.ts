/** The scripted weekend's date: the Saturday before the next daylight-saving change of the locks' zone. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { HOUSE_ZONE, saturdayBeforeChange, scenarioStart } from '../../../src/cli/commands/demoDay.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: HOUSE_ZONE }).toMillis();

describe('saturdayBeforeChange', () => {
  it.each([
    ['2026-11-30T12:00', '2027-03-27'],
    ['2027-03-20T12:00', '2027-03-27'],
    // Two days ahead at least: a Saturday already begun is not the scenario's.
    ['2027-03-26T12:00', '2027-10-30'],
    ['2027-04-01T00:00', '2027-10-30'],
    ['2027-10-31T12:00', '2028-03-25'],
  ])('from %s is %s', (now, saturday) => {
    expect(saturdayBeforeChange(at(now)).toISODate()).toBe(saturday);
  });

  it('is followed by a Sunday on another UTC offset, and the scenario starts at 07:55 that Saturday', () => {
    const saturday = saturdayBeforeChange(at('2026-11-30T12:00'));
    expect(saturday.weekday).toBe(6);
    expect(saturday.plus({ days: 1 }).set({ hour: 12 }).offset).not.toBe(saturday.set({ hour: 12 }).offset);
    expect(DateTime.fromMillis(scenarioStart(at('2026-11-30T12:00')), { zone: HOUSE_ZONE }).toISO()).toBe(
      '2027-03-27T07:55:00.000+01:00',
    );
  });
});
