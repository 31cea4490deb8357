/**
 * Daylight-saving rewrites when emulated time jumps far or a door waits: the DST timer must come from the
 * compile whose fields are in the cloud. One jump across both of a year's changes, and a door offline across
 * the change while the other door was already written, both end with the fields of the offset in force, and
 * the keypad opens the local hours.
 */
import { expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import { useEmulator } from '../helpers/emulator.js';
import type { Zone } from '../helpers/keyDoor.js';
import { checkWeekday, doorRequest, jumpTo, localInstant, windowsInCloud } from '../helpers/keyDoor.js';
import { OWNER, pinsOn, startKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const WARSAW: Zone = {
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
};
const yearLong = useEmulator({ locks: 1 });
const waiting = useEmulator({ locks: 2 });

it('one jump across both changes of a year: the fields in force after it are the winter ones again', async () => {
  // The timer fires at the spring change inside the jump; the rewrite lands after it, when the autumn change
  // has passed too. The next timer must come from the compile whose fields were written (due at the autumn
  // change, so at once), not from a compile after the writes (none: the key ends before the next spring).
  const env = yearLong;
  const zone = WARSAW;
  const [lock] = await env.control.locks();
  await env.control.patchLock(lock!.id, { keypad: true });
  await jumpTo(env, zone.issueAt);
  const fx = await startKeyService(env, { hub: { pollInterval: 60 } });
  const key = (await fx.service.issue(
    { ...doorRequest(zone, lock!.id, false), until: '2027-11-08T00:00' },
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
  const zone = WARSAW;
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
    { ...doorRequest(zone, a!, false), doors: [a!, b!], from: undefined, until: '2027-04-05T00:00' },
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
