/** The Keys page's words (src/api/page/assets/format.js): lock states, battery, door statuses of a key, schedules. */
import { describe, expect, it } from 'vitest';

interface Formats {
  lockStateText(lock: unknown): string;
  batteryText(status: unknown): string;
  doorStatuses(key: unknown): { lockId: number; status: string }[];
  scheduleText(schedule: unknown): string;
}

// A browser module in plain JavaScript, without types: its shape is declared here.
const format = (await import(
  new URL('../../../../src/api/page/assets/format.js', import.meta.url).href
)) as Formats;

describe('format', () => {
  it('never calls an offline, jammed or unknown lock unlocked', () => {
    const lock = (status: object, available = true) => ({
      available,
      status: { connected: true, ...status },
    });
    expect(format.lockStateText(lock({ state: 'unlocked' }))).toBe('Unlocked');
    expect(format.lockStateText(lock({ state: 'unlocked' }, false))).toBe('Offline');
    expect(format.lockStateText(lock({ state: 'unlocked', connected: false }))).toBe('Offline');
    expect(format.lockStateText(lock({ state: 'semi_locked', jammed: true }))).toBe('Jammed');
    expect(format.lockStateText(lock({ state: 'calibrating' }))).toBe('Unknown');
  });

  it('says an unknown battery is unknown', () => {
    expect(format.batteryText({ battery: 42, charging: true })).toBe('Battery 42 %, charging');
    expect(format.batteryText({ battery: null })).toBe('Battery unknown');
  });

  it("gives each door of a key its worst object's status, doors without objects included", () => {
    const key = {
      doors: [1, 2, 3],
      objects: [
        { lockId: 1, status: 'set' },
        { lockId: 1, status: 'waiting' },
        { lockId: 2, status: 'set' },
        { lockId: 2, status: 'failed' },
      ],
    };
    expect(format.doorStatuses(key).map(({ lockId, status }) => [lockId, status])).toEqual([
      [1, 'waiting'],
      [2, 'failed'],
      [3, 'none'],
    ]);
  });

  it('writes a schedule as a person reads it', () => {
    expect(
      format.scheduleText({
        timeZone: 'Europe/Warsaw',
        from: '2027-01-11T15:00',
        until: '2027-01-14T11:00',
        days: ['mon', 'fri'],
        hours: { from: '22:00', to: '06:00' },
      }),
    ).toBe('2027-01-11 15:00 – 2027-01-14 11:00, Mon Fri 22:00–06:00 (Europe/Warsaw)');
    expect(format.scheduleText({ timeZone: 'UTC' })).toBe('no end date (UTC)');
    expect(format.scheduleText({ timeZone: 'UTC', until: '2027-01-14T11:00' })).toBe(
      'until 2027-01-14 11:00 (UTC)',
    );
  });
});
