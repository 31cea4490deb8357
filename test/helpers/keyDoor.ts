/**
 * Checks at the door for keys.door*.test.ts: a zone's key period and change, emulated-time jumps by the time API,
 * and each credential (keypad, access link, app) asked at local instants whether it opens.
 */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { DoorAnswer } from '../../src/emulator/doorAccess.js';
import type { EmulatorFixture } from './emulator.js';
import { cloudState } from './keyService.js';

export interface Zone {
  timeZone: string;
  /** When the key is issued: winter in the zone's hemisphere (UTC). */
  issueAt: string;
  /** The key's local period. */
  from: string;
  until: string;
  /** The Friday and Saturday before the change, the Monday and Saturday after (local dates). */
  days: { friday: string; saturdayBefore: string; monday: string; saturdayAfter: string };
  /** The offset change (UTC), undefined for a zone without one. */
  change?: string;
  /** The PIN's UTC day window before and after the change. */
  utcHours: { before: [string, string]; after: [string, string] };
  /** The UTC weekday flags (Mon=1 ... Sun=64): Mon-Fri, or Sun-Thu when 09:00 local is the UTC day before. */
  weekDays: number;
}

export const EXPECTED = [
  { time: '08:59', opened: false, reason: 'OUTSIDE_HOURS' },
  { time: '09:01', opened: true, reason: 'OPENED' },
  { time: '16:59', opened: true, reason: 'OPENED' },
  { time: '17:01', opened: false, reason: 'OUTSIDE_HOURS' },
] as const;

/** The ways in: each answers what the door did at the emulated now. */
export type Credential = { name: string; open: () => Promise<DoorAnswer> };

export function localInstant(timeZone: string, date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: timeZone }).toUTC().toISO()!;
}

export async function jumpTo(env: EmulatorFixture, at: string) {
  await env.control.setTime({ at });
}

/** At each instant of a weekday, every credential opens exactly at 09:01 and 16:59. */
export async function checkWeekday(
  env: EmulatorFixture,
  zone: Zone,
  date: string,
  credentials: Credential[],
) {
  for (const expected of EXPECTED) {
    await jumpTo(env, localInstant(zone.timeZone, date, expected.time));
    for (const credential of credentials) {
      const answer = await credential.open();
      expect(
        { opened: answer.opened, reason: answer.reason },
        `${credential.name} at ${date} ${expected.time} ${zone.timeZone}`,
      ).toEqual({ opened: expected.opened, reason: expected.reason });
    }
  }
}

/** On a Saturday nothing opens, even within the hours. */
export async function checkSaturday(
  env: EmulatorFixture,
  zone: Zone,
  date: string,
  credentials: Credential[],
) {
  for (const time of ['09:01', '12:00', '16:59']) {
    await jumpTo(env, localInstant(zone.timeZone, date, time));
    for (const credential of credentials) {
      const answer = await credential.open();
      expect(
        { opened: answer.opened, reason: answer.reason },
        `${credential.name} on Saturday ${date} ${time} ${zone.timeZone}`,
      ).toEqual({ opened: false, reason: 'OUTSIDE_WEEKDAYS' });
    }
  }
}

export function doorRequest(zone: Zone, lockId: number, withOthers: boolean) {
  const persons: { name: string; email?: string; credentials: Record<string, unknown> }[] = [
    { name: 'Eve Cleaner', credentials: { doorcode: true } },
  ];
  if (withOthers) {
    persons.push({ name: 'Fay Link', credentials: { smartkey: true } });
    persons.push({
      name: 'Gus App',
      email: 'gus@example.com',
      credentials: { appkey: { remoteAccess: true } },
    });
  }
  return {
    name: `Cleaning ${zone.timeZone}`,
    persons,
    doors: [lockId],
    from: zone.from,
    until: zone.until,
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    hours: { from: '09:00', to: '17:00' },
    timeZone: zone.timeZone,
  };
}

/** The day window of every cloud object of the key, as "HH:mm" pairs with the weekday flags. */
export function windowsInCloud(env: EmulatorFixture, lockId: number) {
  const state = cloudState(env, [lockId]);
  const hhmm = (value: string | null | undefined) => value?.match(/(?:T|^)(\d\d:\d\d)/)?.[1];
  const fields = (w: {
    dayStartTime?: string | null;
    dayEndTime?: string | null;
    weekDays?: number | null;
  }) => ({
    from: hhmm(w.dayStartTime),
    to: hhmm(w.dayEndTime),
    weekDays: w.weekDays,
  });
  return [
    ...state.pins[lockId]!.map(fields),
    ...state.access[lockId]!.map(fields),
    ...state.links.map((link) => fields(link.repeatEvent ?? {})),
  ];
}
