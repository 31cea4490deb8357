/**
 * Daylight saving at the door (issue 10 "Tests and measurements"): a Mon-Fri 09:00-17:00 doorcode in four zones,
 * issued through the key service in the zone's winter and valid across its change. The emulator's clock is
 * moved by the time API (POST /_emulator/time); the hub and the service share that clock, so a jump across the
 * change fires the service's dst-recompile timer at the change. At 08:59, 09:01, 16:59 and 17:01 local on a
 * Friday before and a Monday after the change the emulated keypad opens exactly at 09:01 and 16:59, and on the
 * Saturdays it does not. Warsaw and Sydney (whose window crosses midnight UTC) also carry a smart key (access
 * link) and an app key, checked at the same instants. Asia/Kolkata (+05:30, no daylight saving) keeps its
 * fields and has no timer.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import type { DoorAnswer } from '../../src/emulator/doorAccess.js';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator.js';
import { cloudState, OWNER, pinsOn, startKeyService, type ServiceFixture } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

interface Zone {
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

const ZONES: Zone[] = [
  {
    timeZone: 'Europe/Warsaw',
    issueAt: '2027-02-15T12:00:00Z',
    from: '2027-03-22T00:00',
    until: '2027-04-05T00:00',
    days: {
      friday: '2027-03-26',
      saturdayBefore: '2027-03-27',
      monday: '2027-03-29',
      saturdayAfter: '2027-04-03',
    },
    change: '2027-03-28T01:00:00.000Z',
    utcHours: { before: ['08:00', '16:00'], after: ['07:00', '15:00'] },
    weekDays: 31,
  },
  {
    timeZone: 'America/New_York',
    issueAt: '2027-02-01T12:00:00Z',
    from: '2027-03-08T00:00',
    until: '2027-03-22T00:00',
    days: {
      friday: '2027-03-12',
      saturdayBefore: '2027-03-13',
      monday: '2027-03-15',
      saturdayAfter: '2027-03-20',
    },
    change: '2027-03-14T07:00:00.000Z',
    utcHours: { before: ['14:00', '22:00'], after: ['13:00', '21:00'] },
    weekDays: 31,
  },
  {
    // Southern hemisphere: winter is July, the clocks go forward on the first Sunday of October. 09:00 local
    // is 23:00 UTC the day before, so the window crosses midnight UTC and the weekday flags move back a day.
    timeZone: 'Australia/Sydney',
    issueAt: '2027-07-15T02:00:00Z',
    from: '2027-09-27T00:00',
    until: '2027-10-11T00:00',
    days: {
      friday: '2027-10-01',
      saturdayBefore: '2027-10-02',
      monday: '2027-10-04',
      saturdayAfter: '2027-10-09',
    },
    change: '2027-10-02T16:00:00.000Z',
    utcHours: { before: ['23:00', '07:00'], after: ['22:00', '06:00'] },
    weekDays: 64 | 1 | 2 | 4 | 8,
  },
  {
    timeZone: 'Asia/Kolkata',
    issueAt: '2027-01-11T06:00:00Z',
    from: '2027-03-22T00:00',
    until: '2027-04-05T00:00',
    days: {
      friday: '2027-03-26',
      saturdayBefore: '2027-03-27',
      monday: '2027-03-29',
      saturdayAfter: '2027-04-03',
    },
    utcHours: { before: ['03:30', '11:30'], after: ['03:30', '11:30'] },
    weekDays: 31,
  },
];

/** One emulator per zone: emulated time only moves forward, and each zone starts in its own winter. */
const emulators = new Map(ZONES.map((zone) => [zone.timeZone, useEmulator({ locks: 1 })]));
const yearLong = useEmulator({ locks: 1 });
const waiting = useEmulator({ locks: 2 });

const EXPECTED = [
  { time: '08:59', opened: false, reason: 'OUTSIDE_HOURS' },
  { time: '09:01', opened: true, reason: 'OPENED' },
  { time: '16:59', opened: true, reason: 'OPENED' },
  { time: '17:01', opened: false, reason: 'OUTSIDE_HOURS' },
] as const;

/** The ways in: each answers what the door did at the emulated now. */
type Credential = { name: string; open: () => Promise<DoorAnswer> };

function localInstant(timeZone: string, date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: timeZone }).toUTC().toISO()!;
}

async function jumpTo(env: EmulatorFixture, at: string) {
  await env.control.setTime({ at });
}

/** At each instant of a weekday, every credential opens exactly at 09:01 and 16:59. */
async function checkWeekday(env: EmulatorFixture, zone: Zone, date: string, credentials: Credential[]) {
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
async function checkSaturday(env: EmulatorFixture, zone: Zone, date: string, credentials: Credential[]) {
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

function request(zone: Zone, lockId: number, withOthers: boolean) {
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
function windowsInCloud(env: EmulatorFixture, lockId: number) {
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

/** Every cloud object of the key (a PIN; with the others also an access and a link) holds these hours. */
function expectWindows(
  env: EmulatorFixture,
  zone: Zone,
  lockId: number,
  hours: [string, string],
  objects: number,
) {
  const windows = windowsInCloud(env, lockId);
  expect(windows).toHaveLength(objects);
  for (const fields of windows)
    expect(fields).toEqual({ from: hours[0], to: hours[1], weekDays: zone.weekDays });
}

async function crossTheChange(
  env: EmulatorFixture,
  fx: ServiceFixture,
  zone: Zone,
  key: Key,
  lockId: number,
  objects: number,
) {
  expectWindows(env, zone, lockId, zone.utcHours.before, objects);
  if (zone.change === undefined) {
    expect(key.warnings.map((w) => w.code)).not.toContain('DST_RECOMPILE');
    expect(fx.store.listTimers(key.id).map((t) => t.kind)).not.toContain('dst-recompile');
    expectWindows(env, zone, lockId, zone.utcHours.after, objects);
    return;
  }
  expect(key.warnings).toContainEqual(expect.objectContaining({ code: 'DST_RECOMPILE', at: zone.change }));
  const change = Date.parse(zone.change);
  await jumpTo(env, new Date(change - 60_000).toISOString());
  expectWindows(env, zone, lockId, zone.utcHours.before, objects);
  expect(fx.keyEvents.map((e) => e.change)).not.toContain('recompiled');
  // The jump to the change fires the timer at the change; the rewrite then goes over HTTP.
  await jumpTo(env, zone.change);
  await waitFor(() => fx.keyEvents.some((e) => e.change === 'recompiled'), 10_000, 'the rewrite');
  expectWindows(env, zone, lockId, zone.utcHours.after, objects);
  // The key ends before the zone's next change: nothing more to rewrite, and no warning about one.
  expect(fx.service.show(key.id).warnings.map((w) => w.code)).not.toContain('DST_RECOMPILE');
  expect(fx.store.listTimers(key.id).map((t) => t.kind)).not.toContain('dst-recompile');
  // Written within a few emulated seconds of the change (the clock runs at speed 1 between jumps).
  expect(env.emulator.clock.now() - change).toBeLessThan(30_000);
}

describe.each(ZONES)('a Mon-Fri 09:00-17:00 key in $timeZone', (zone) => {
  it('opens exactly the local hours on both sides of the change, never on Saturday', async () => {
    const env = emulators.get(zone.timeZone)!;
    const withOthers = zone.timeZone === 'Europe/Warsaw' || zone.timeZone === 'Australia/Sydney';
    const [lock] = await env.control.locks();
    await env.control.patchLock(lock!.id, { keypad: true });
    await jumpTo(env, zone.issueAt);
    if (withOthers) await env.control.addUser('gus@example.com', 'Gus App');
    const fx = await startKeyService(env, { hub: { pollInterval: 60 } });
    const key = (await fx.service.issue(request(zone, lock!.id, withOthers), OWNER)) as Key;
    expect(key.status).toBe('scheduled');

    const code = pinsOn(env, lock!.id)[0]!.pin;
    const credentials: Credential[] = [{ name: 'keypad', open: () => env.control.keypad(lock!.id, code) }];
    if (withOthers) {
      const link = cloudState(env, [lock!.id]).links[0]!;
      credentials.push({
        name: 'access link',
        open: async () => {
          const response = await fetch(`${link.url}/open`, { method: 'POST', body: '{}' });
          return (await response.json()) as DoorAnswer;
        },
      });
      credentials.push({
        name: 'app',
        open: () => env.control.operate('gus@example.com', lock!.id, 'unlock'),
      });
    }

    await checkWeekday(env, zone, zone.days.friday, credentials);
    await checkSaturday(env, zone, zone.days.saturdayBefore, credentials);
    await crossTheChange(env, fx, zone, key, lock!.id, withOthers ? 3 : 1);
    await checkWeekday(env, zone, zone.days.monday, credentials);
    await checkSaturday(env, zone, zone.days.saturdayAfter, credentials);
    // The guest's code is the same one after the rewrite.
    expect(pinsOn(env, lock!.id)[0]!.pin).toBe(code);
  });
});

it('one jump across both changes of a year: the fields in force after it are the winter ones again', async () => {
  // The timer fires at the spring change inside the jump; the rewrite lands after it, when the autumn change
  // has passed too. The next timer must come from the compile whose fields were written (due at the autumn
  // change, so at once), not from a compile after the writes (none: the key ends before the next spring).
  const env = yearLong;
  const zone = ZONES[0]!;
  const [lock] = await env.control.locks();
  await env.control.patchLock(lock!.id, { keypad: true });
  await jumpTo(env, zone.issueAt);
  const fx = await startKeyService(env, { hub: { pollInterval: 60 } });
  const key = (await fx.service.issue(
    { ...request(zone, lock!.id, false), until: '2027-11-08T00:00' },
    OWNER,
  )) as Key;
  const code = pinsOn(env, lock!.id)[0]!.pin;
  await jumpTo(env, localInstant(zone.timeZone, '2027-11-01', '07:00'));
  const rewrites = () => fx.keyEvents.filter((e) => e.change === 'recompiled').length;
  await waitFor(() => rewrites() >= 2, 10_000, 'the summer rewrite, then the winter one');
  expect(windowsInCloud(env, lock!.id)).toEqual([{ from: '08:00', to: '16:00', weekDays: 31 }]);
  expect(fx.store.listTimers(key.id).map((t) => t.kind)).not.toContain('dst-recompile');
  await checkWeekday(env, zone, '2027-11-01', [
    { name: 'keypad', open: () => env.control.keypad(lock!.id, code) },
  ]);
});

it('a door that waits across the change: the doors written before it are rewritten too', async () => {
  // Door A is written with winter fields just before the change; door B is offline and written after it with
  // summer fields. The DST timer comes from the first pass's compile, so it is due at once and rewrites A.
  const env = waiting;
  const zone = ZONES[0]!;
  const change = Date.parse(zone.change!);
  const [a, b] = (await env.control.locks()).map((lock) => lock.id);
  for (const id of [a!, b!]) await env.control.patchLock(id, { keypad: true });
  await env.control.patchLock(b!, { connected: false });
  await jumpTo(env, new Date(change - 3 * 60_000).toISOString());
  const fx = await startKeyService(env, {
    hub: { pollInterval: 60 },
    service: { retryBaseMs: 30_000, maxRetryMs: 60_000, defaultDeadlineMs: 10 * 60_000 },
  });
  const key = (await fx.service.issue(
    { ...request(zone, a!, false), doors: [a!, b!], from: undefined, until: '2027-04-05T00:00' },
    OWNER,
  )) as Key;
  expect(key.status).toBe('pending');
  expect(pinsOn(env, a!)[0]!.dayStartTime).toMatch(/^08:00/);
  await jumpTo(env, new Date(change + 60_000).toISOString());
  await env.control.patchLock(b!, { connected: true });
  await jumpTo(env, new Date(change + 3 * 60_000).toISOString());
  await waitFor(() => fx.keyEvents.some((e) => e.change === 'recovered'), 10_000, 'door B written');
  expect(pinsOn(env, b!)[0]!.dayStartTime).toMatch(/^07:00/);
  await waitFor(() => fx.keyEvents.some((e) => e.change === 'recompiled'), 10_000, 'the rewrite of door A');
  expect(pinsOn(env, a!)[0]!.dayStartTime).toMatch(/^07:00/);
  expect(pinsOn(env, a!)[0]!.dayEndTime).toMatch(/^15:00/);
});
