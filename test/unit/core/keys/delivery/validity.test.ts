import { describe, expect, it } from 'vitest';
import { formatValidity } from '../../../../../src/core/keys/delivery/index.js';

describe('formatValidity', () => {
  it('writes the period, zone, weekdays and hours in the key time zone', () => {
    const validity = formatValidity({
      timeZone: 'Europe/Warsaw',
      from: '2027-01-11T15:00',
      until: '2027-01-14T11:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { from: '09:00', to: '17:00' },
    });
    expect(validity.text).toBe(
      'Mon 11 Jan 2027 15:00 – Thu 14 Jan 2027 11:00 (Europe/Warsaw), Mon–Fri 09:00–17:00',
    );
    expect(validity.from).toBe('2027-01-11T15:00:00.000+01:00');
    expect(validity.until).toBe('2027-01-14T11:00:00.000+01:00');
  });

  it('uses the offset of each bound, across a daylight-saving change', () => {
    const validity = formatValidity({
      timeZone: 'America/New_York',
      from: '2027-03-10T12:00',
      until: '2027-03-20T12:00',
    });
    expect(validity.from).toBe('2027-03-10T12:00:00.000-05:00');
    expect(validity.until).toBe('2027-03-20T12:00:00.000-04:00');
    expect(validity.text).toBe('Wed 10 Mar 2027 12:00 – Sat 20 Mar 2027 12:00 (America/New_York)');
  });

  it('lists scattered days, writes open bounds, and leaves out "every day"', () => {
    expect(formatValidity({ timeZone: 'UTC', days: ['fri', 'mon', 'wed'] }).text).toBe(
      'from now on (UTC), Mon, Wed, Fri',
    );
    expect(formatValidity({ timeZone: 'UTC', from: '2027-01-01T00:00' }).text).toBe(
      'from Fri 1 Jan 2027 00:00 (UTC)',
    );
    expect(
      formatValidity({
        timeZone: 'UTC',
        until: '2027-01-01T00:00',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        hours: { from: '22:00', to: '06:00' },
      }).text,
    ).toBe('until Fri 1 Jan 2027 00:00 (UTC), 22:00–06:00');
  });

  it('names day and month in another locale, the zone unchanged', () => {
    // The exact abbreviations depend on the ICU data of the Node build.
    expect(formatValidity({ timeZone: 'Europe/Berlin', from: '2027-01-11T15:00' }, 'de').text).toMatch(
      /^from Mo\.? 11 Jan\.? 2027 15:00 \(Europe\/Berlin\)$/,
    );
  });

  it('refuses an unknown zone and a bad date-time, naming the field', () => {
    expect(() => formatValidity({ timeZone: 'Mars/Olympus' })).toThrow(/schedule\.timeZone: "Mars\/Olympus"/);
    expect(() => formatValidity({ timeZone: 'UTC', until: 'next week' })).toThrow(
      /schedule\.until: "next week"/,
    );
  });
});
