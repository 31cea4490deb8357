/**
 * What nodered.examples.test.ts checks of the examples that issue keys, watch schedules and read the activity
 * log: each one deployed, triggered as a user would, and its effect checked at the emulator's doors.
 */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { EmulatorFixture } from './emulator.js';
import { jumpTo, localInstant } from './keyDoor.js';
import { cloudState } from './keyService.js';
import type { RunningNodeRed } from './nodeRedProcess.js';
import { waitFor } from './wait.js';

const ZONE = 'Europe/Warsaw';
const LOCKED = 6;

/** The next Monday (local date in `zone`) at least two days after `now`. */
function nextMonday(now: number, zone: string): DateTime {
  let day = DateTime.fromMillis(now, { zone }).plus({ days: 2 }).startOf('day');
  while (day.weekday !== 1) day = day.plus({ days: 1 });
  return day;
}

/** The UTC "HH:mm" of a local time on a local date. */
function utcTime(date: DateTime, time: string): string {
  return DateTime.fromISO(`${date.toISODate()}T${time}`, { zone: ZONE }).toUTC().toFormat('HH:mm');
}

async function keypadEverywhere(env: EmulatorFixture) {
  for (const lock of await env.control.locks()) await env.control.patchLock(lock.id, { keypad: true });
}

async function devicesIdle(env: EmulatorFixture) {
  await waitFor(
    async () => (await env.control.deviceTiming()).busyLocks.length === 0,
    20_000,
    'device writes',
  );
}

export function exampleChecks(
  env: EmulatorFixture,
  red: RunningNodeRed,
  deployExample: (name: string, readyNode?: string) => Promise<void>,
) {
  const post = (path: string, body?: unknown) =>
    red.http(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });

  return {
    async doorActivity() {
      const [front] = await env.control.locks();
      // A PIN with an alias on the front door, written as the Tedee app would.
      const response = await fetch(`${env.url}/api/v37/my/lock/${front!.id}/pin`, {
        method: 'POST',
        headers: { Authorization: `PersonalKey ${env.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ alias: 'Ann', pin: '582913' }),
      });
      expect(response.status).toBeLessThan(300);
      await devicesIdle(env);
      await env.control.physical(front!.id, 'lock');
      const since = (await env.control.time()).now;
      // The hub sees the door move at its next poll (the example's 20 s) and reads the log then: on a hub
      // clock ten times faster, two real seconds. Only here: the hub's commands would time out ten times sooner.
      red.setHubSpeed(10);
      try {
        await deployExample('door-activity');
        // The feed's first read of the log takes what is there as seen; the entry must come after it.
        await waitFor(
          async () =>
            (await env.control.requests(since)).some((entry) => /deviceactivity/i.test(entry.route)),
          30_000,
          'the first read of the activity log',
        );
        expect(await env.control.keypad(front!.id, '582913')).toMatchObject({ opened: true });
        const line = await red.waitForDebug(
          'door-activity-out',
          (msg) => (msg as { method?: string }).method === 'keypad',
          60_000,
        );
        expect(line).toMatchObject({
          door: front!.name,
          action: 'unlocked',
          who: 'PIN "Ann"',
          method: 'keypad',
          text: `${front!.name}: unlocked by PIN "Ann" on the keypad`,
        });
      } finally {
        red.setHubSpeed(1);
      }
    },

    async guestStay() {
      await keypadEverywhere(env);
      const [front, back] = await env.control.locks();
      const before = cloudState(env, [front!.id, back!.id]);
      const seeded = new Set([...before.pins[front!.id]!, ...before.pins[back!.id]!].map((pin) => pin.id));
      const checkInDay = nextMonday((await env.control.time()).now, ZONE);
      const booking = {
        id: 'B-1042',
        guest: { name: 'Ann Guest', email: 'ann@example.com' },
        checkIn: `${checkInDay.toISODate()}T15:00`,
        checkOut: `${checkInDay.plus({ days: 3 }).toISODate()}T11:00`,
      };
      await deployExample('guest-stay');

      const issued = await post('/booking', booking);
      const answer = (await issued.json()) as { booking: string; key: string; status: string };
      expect(issued.status, JSON.stringify(answer)).toBe(201);
      expect(answer.booking).toBe('B-1042');
      expect(answer.key).toMatch(/^k_/);
      // A webhook sent twice gives the same key (the booking is the key request's requestId).
      const again = (await (await post('/booking', booking)).json()) as { key: string };
      expect(again.key).toBe(answer.key);
      await devicesIdle(env);

      // One PIN per door, with the same code, valid from check-in to check-out (UTC); one link on both doors.
      const state = cloudState(env, [front!.id, back!.id]);
      const pins = [front!.id, back!.id].map((id) => state.pins[id]!.filter((pin) => !seeded.has(pin.id)));
      expect(pins.map((list) => list.length)).toEqual([1, 1]);
      const [frontPin, backPin] = pins.map((list) => list[0]!);
      expect(backPin!.pin).toBe(frontPin!.pin);
      const startUtc = localInstant(ZONE, checkInDay.toISODate()!, '15:00');
      const endUtc = localInstant(ZONE, checkInDay.plus({ days: 3 }).toISODate()!, '11:00');
      for (const pin of [frontPin!, backPin!]) {
        expect(Date.parse(pin.startDate!)).toBe(Date.parse(startUtc));
        expect(Date.parse(pin.endDate!)).toBe(Date.parse(endUtc));
      }
      const link = state.links.find((candidate) => candidate.deviceIds.includes(front!.id));
      expect(link?.deviceIds.sort()).toEqual([front!.id, back!.id].sort());
      expect(Date.parse(link!.repeatEvent!.startDate!)).toBe(Date.parse(startUtc));

      // The delivery output: one message for the guest, with the code and the link, ready for an email node.
      const message = (await red.waitForDebug('guest-stay-message-out')) as {
        to: string;
        topic: string;
        payload: string;
      };
      expect(message.to).toBe('ann@example.com');
      expect(message.topic).toMatch(/^Your stay: /);
      expect(message.payload).toContain(frontPin!.pin);
      expect(message.payload).toContain(link!.url);

      // At the door: not before check-in, then the keypad and the link open.
      await env.control.physical(front!.id, 'lock');
      expect(await env.control.keypad(front!.id, frontPin!.pin)).toMatchObject({
        opened: false,
        reason: 'NOT_STARTED',
      });
      await jumpTo(env, localInstant(ZONE, checkInDay.toISODate()!, '16:00'));
      expect(await env.control.keypad(front!.id, frontPin!.pin)).toMatchObject({
        opened: true,
        reason: 'OPENED',
      });
      const opened = await fetch(`${link!.url}/open`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ deviceId: back!.id }),
      });
      expect(await opened.json()).toMatchObject({ opened: true });

      // Checkout revokes: the PINs and the link are gone; an unknown booking is a 404; bad data a 400 with its code.
      const checkout = await post('/booking/B-1042/checkout');
      expect(checkout.status).toBe(200);
      expect(await checkout.json()).toMatchObject({
        booking: 'B-1042',
        key: answer.key,
        status: 'revoked',
        reason: 'checkout',
      });
      await devicesIdle(env);
      const after = cloudState(env, [front!.id, back!.id]);
      expect(
        [...after.pins[front!.id]!, ...after.pins[back!.id]!].filter((pin) => !seeded.has(pin.id)),
      ).toEqual([]);
      expect((await fetch(link!.url)).status).toBe(404);
      expect((await post('/booking/B-0000/cancel')).status).toBe(404);
      // A cancellation revokes too.
      const other = { ...booking, id: 'B-1044', guest: { name: 'Bob Guest', email: 'bob@example.com' } };
      const otherKey = ((await (await post('/booking', other)).json()) as { key: string }).key;
      const cancel = await post('/booking/B-1044/cancel');
      expect(await cancel.json()).toMatchObject({ key: otherKey, status: 'revoked', reason: 'cancellation' });
      const invalid = await post('/booking', { id: 'B-1043', checkIn: booking.checkIn });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { code: string }).code).toMatch(/INVALID/);
      const caught = (await red.waitForDebug('guest-stay-errors')) as { code: string };
      expect(caught.code).toMatch(/INVALID/);
    },

    async cleaningStaff() {
      await keypadEverywhere(env);
      const locks = await env.control.locks();
      const seeded = new Set(
        locks.flatMap((lock) => cloudState(env, [lock.id]).pins[lock.id]!.map((pin) => pin.id)),
      );
      // The schedule clock of Node-RED starts half a minute before a Monday 09:00 in the profile's zone: the
      // schedule node takes its baseline (closed) when the deploy creates it and shows the next opening; then
      // the clock moves on to half a second before 09:00, and the node's timer fires `open` at 09:00.
      const monday = nextMonday(Date.now(), ZONE);
      const nine = DateTime.fromISO(`${monday.toISODate()}T09:00`, { zone: ZONE }).toMillis();
      red.setClock(nine - 30_000);
      try {
        await deployExample('cleaning-staff', 'cleaning-staff-doors');
        await waitFor(
          () => /^next: /.test(red.statuses.get('cleaning-staff-schedule')?.text ?? ''),
          20_000,
          'the schedule showing the next opening',
        );
        red.setClock(nine - 500);
        const light = await red.waitForDebug('cleaning-staff-light-out', () => true, 20_000);
        expect(light).toMatchObject({ topic: 'hall light', payload: 'on', catchUp: false });
      } finally {
        red.setClock(undefined);
      }

      await red.inject('cleaning-staff-issue-now');
      const key = (await red.waitForDebug('cleaning-staff-key-out', () => true, 30_000)) as {
        keyId: string;
        status: string;
      };
      expect(key.keyId).toMatch(/^k_/);
      await devicesIdle(env);
      // Every door got a PIN valid Mon-Fri (flags 1+2+4+8+16) 09:00-15:00 local, written in UTC.
      const doorDay = nextMonday((await env.control.time()).now, ZONE);
      const hhmm = (value: string | null) => value?.match(/(?:T|^)(\d\d:\d\d)/)?.[1];
      for (const lock of locks) {
        const windows = cloudState(env, [lock.id])
          .pins[lock.id]!.filter((pin) => !seeded.has(pin.id))
          .map((pin) => ({ from: hhmm(pin.dayStartTime), to: hhmm(pin.dayEndTime), weekDays: pin.weekDays }));
        expect(windows, lock.name).toEqual([
          { from: utcTime(doorDay, '09:00'), to: utcTime(doorDay, '15:00'), weekDays: 31 },
        ]);
      }
      // At the front door: the code opens at 09:01 on a weekday, not at 08:59.
      const front = locks[0]!;
      const code = cloudState(env, [front.id]).pins[front.id]!.find((pin) => !seeded.has(pin.id))!.pin;
      await env.control.physical(front.id, 'lock');
      await jumpTo(env, localInstant(ZONE, doorDay.toISODate()!, '08:59'));
      expect(await env.control.keypad(front.id, code)).toMatchObject({
        opened: false,
        reason: 'OUTSIDE_HOURS',
      });
      await jumpTo(env, localInstant(ZONE, doorDay.toISODate()!, '09:01'));
      expect(await env.control.keypad(front.id, code)).toMatchObject({ opened: true, reason: 'OPENED' });
      expect((await env.control.lock(front.id)).state).not.toBe(LOCKED);
    },
  };
}
