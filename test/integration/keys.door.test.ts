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
import { describe, expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import type { DoorAnswer } from '../../src/emulator/doorAccess.js';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator.js';
import type { Credential, Zone } from '../helpers/keyDoor.js';
import { checkSaturday, checkWeekday, doorRequest, jumpTo, windowsInCloud } from '../helpers/keyDoor.js';
import { cloudState, OWNER, pinsOn, startKeyService, type ServiceFixture } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

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
    const key = (await fx.service.issue(doorRequest(zone, lock!.id, withOthers), OWNER)) as Key;
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
