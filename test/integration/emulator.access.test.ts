/**
 * Access proven at the door, on the emulated clock: the time control API, the keypad, access links and app
 * access, each over real HTTP. Tests jump the clock instead of waiting.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { systemClock } from '../../src/util/clock.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 2, speed: 20 });
const DAY = 86_400_000;
const MON = 1;

beforeEach(async () => {
  await env.control.reset();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.url}/api/v37${path}`, {
    method,
    headers: { Authorization: `PersonalKey ${env.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const envelope = (text ? JSON.parse(text) : {}) as { result: T; errorMessages?: string[] };
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${envelope.errorMessages?.join()}`);
  return envelope.result;
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${env.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Jumps to a moment of the next week that starts at least a day from the emulated now: Monday 00:00 UTC + offset. */
async function jumpToNextMonday(offsetMs = 0): Promise<number> {
  const now = (await env.control.time()).now;
  let monday = Math.floor(now / DAY) * DAY + DAY;
  while (new Date(monday).getUTCDay() !== 1) monday += DAY;
  await env.control.setTime({ at: new Date(monday + offsetMs).toISOString() });
  return monday;
}

const at = (ms: number) => new Date(ms).toISOString();
const hours = (n: number) => n * 3_600_000;

async function events(lockId: number) {
  return api<{ event: number; userName: string | null; date: string }[]>(
    'GET',
    `/my/deviceactivity?deviceId=${lockId}`,
  );
}

/** The emulated write of a PIN or access reaches the lock after the device latency; a jump delivers it. */
async function settle() {
  await env.control.setTime({ advanceMs: 1000 });
}

describe('emulated time control', () => {
  it('reads, sets and advances the time, forward only, with clear errors', async () => {
    const before = await env.control.time();
    const target = new Date(before.now + 3 * DAY).toISOString();
    const set = await env.control.setTime({ at: target });
    expect(set.now).toBeGreaterThanOrEqual(Date.parse(target));
    expect(set.now - Date.parse(target)).toBeLessThan(60_000);
    const advanced = await env.control.setTime({ advanceMs: hours(2) });
    expect(advanced.now - set.now).toBeGreaterThanOrEqual(hours(2));
    expect(advanced.advancedMs).toBe(hours(2));
    const back = await control('POST', '/_emulator/time', { at: before.iso });
    expect(back.status).toBe(400);
    expect(back.body.error).toMatch(/at must not be earlier/);
    expect((await control('POST', '/_emulator/time', { advanceMs: -5 })).body.error).toMatch(/advanceMs/);
    expect((await control('POST', '/_emulator/time', { at: 'tomorrow' })).body.error).toMatch(/ISO/);
    expect((await control('POST', '/_emulator/time', {})).body.error).toMatch(/exactly one of/);
    expect((await control('POST', '/_emulator/time', { speed: 3 })).body.error).toMatch(/speed is not/);
  });

  it('fires auto-lock across a jump, at the emulated time it was due', async () => {
    const { revision } = await api<{ revision: number }>('GET', '/my/lock/101');
    await api('PATCH', '/my/lock', {
      id: 101,
      revision,
      deviceSettings: { autoLockEnabled: true, autoLockDelay: 30 },
    });
    await settle(); // the settings reach the lock: a device write timer fired by the jump
    await env.control.physical(101, 'unlock');
    const unlockedAt = (await env.control.time()).now;
    await env.control.setTime({ advanceMs: hours(1) });
    expect((await env.control.lock(101)).state).toBe(6);
    const autoLock = (await events(101)).find((item) => item.event === 36)!;
    expect(Date.parse(autoLock.date) - unlockedAt).toBeGreaterThanOrEqual(30_000);
    expect(Date.parse(autoLock.date) - unlockedAt).toBeLessThan(60_000);
  });

  it('deletes a PIN once the jump passes its endDate', async () => {
    const monday = await jumpToNextMonday();
    const { id } = await api<{ id: number }>('POST', '/my/lock/101/pin', {
      alias: 'Ann',
      pin: '482913',
      endDate: at(monday + hours(5)),
    });
    await settle();
    expect((await env.control.keypad(101, '482913')).opened).toBe(true);
    await env.control.setTime({ at: at(monday + hours(6)) });
    expect(await env.control.pins(101)).toEqual([]);
    const list = await api<{ pins: { id: number }[] }>('GET', '/my/lock/101/pin');
    expect(list.pins.map((pin) => pin.id)).not.toContain(id);
    expect(await env.control.keypad(101, '482913')).toMatchObject({ opened: false, reason: 'WRONG_PIN' });
  });

  it('opens a new rate-limit window after a jump', async () => {
    const lockList = () =>
      fetch(`${env.url}/api/v37/my/lock`, { headers: { Authorization: `PersonalKey ${env.key}` } });
    let status = 200;
    for (let call = 0; call < 11 && status === 200; call++) status = (await lockList()).status;
    expect(status).toBe(429);
    await env.control.setTime({ advanceMs: 600_000 });
    expect((await lockList()).status).toBe(200);
  });
});

describe('emulated time on a host clock', () => {
  it('answers 409 when the clock given by the host cannot jump', async () => {
    const fixed = await startEmulator({ locks: 1, clock: systemClock });
    try {
      const response = await fetch(`${fixed.url}/_emulator/time`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ advanceMs: 1000 }),
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: string }).error).toMatch(/cannot jump/);
    } finally {
      await fixed.close();
    }
  });
});

describe('someone at the keypad', () => {
  it('opens with a PIN inside its window and logs UnlockByPin with the alias', async () => {
    const monday = await jumpToNextMonday(hours(8));
    await api('POST', '/my/lock/101/pin', {
      alias: 'Cleaner',
      pin: '390517',
      dayStartTime: '09:00:00.000Z',
      dayEndTime: '17:00:00.000Z',
      weekDays: MON,
    });
    await settle();
    await env.control.physical(101, 'lock');
    expect(await env.control.keypad(101, '390517')).toMatchObject({ opened: false, reason: 'OUTSIDE_HOURS' });
    await env.control.setTime({ at: at(monday + hours(10)) });
    expect(await env.control.keypad(101, '390517')).toMatchObject({
      opened: true,
      reason: 'OPENED',
      state: 2,
    });
    expect((await env.control.lock(101)).state).toBe(2);
    await env.control.setTime({ at: at(monday + DAY + hours(10)) });
    expect(await env.control.keypad(101, '390517')).toMatchObject({
      opened: false,
      reason: 'OUTSIDE_WEEKDAYS',
    });
    const log = (await events(101)).filter((item) => [61, 62, 75].includes(item.event));
    expect(log.map((item) => [item.event, item.userName])).toEqual(
      [
        [75, 'Cleaner'],
        [61, 'Cleaner'],
        [75, 'Cleaner'],
      ].reverse(),
    );
  });

  it('opens across midnight UTC on the weekday the window opened', async () => {
    const monday = await jumpToNextMonday(hours(12));
    await api('POST', '/my/lock/101/pin', {
      alias: 'Night shift',
      pin: '704182',
      dayStartTime: '22:00:00Z',
      dayEndTime: '02:00:00Z',
      weekDays: MON,
    });
    await settle();
    await env.control.setTime({ at: at(monday + DAY + hours(1)) }); // Tuesday 01:00, Monday's night
    expect((await env.control.keypad(101, '704182')).opened).toBe(true);
    await env.control.setTime({ at: at(monday + 2 * DAY + hours(1)) }); // Wednesday 01:00, Tuesday's night
    expect((await env.control.keypad(101, '704182')).reason).toBe('OUTSIDE_WEEKDAYS');
  });

  it('logs a wrong PIN, refuses a lock without keypad, and names a missing pin', async () => {
    expect(await env.control.keypad(101, '111222')).toMatchObject({ opened: false, reason: 'WRONG_PIN' });
    expect((await events(101))[0]!.event).toBe(62);
    await env.control.patchLock(101, { keypad: false });
    expect(await env.control.keypad(101, '111222')).toMatchObject({ opened: false, reason: 'NO_KEYPAD' });
    const missing = await control('POST', '/_emulator/locks/101/physical', { action: 'keypad' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/pin is required/);
    const unknown = await control('POST', '/_emulator/locks/101/physical', { action: 'wave' });
    expect(unknown.body.error).toMatch(/keypad/);
  });
});

describe('someone using an access link', () => {
  it('shows what the link grants and opens its door within its repeatEvent only', async () => {
    const monday = await jumpToNextMonday(hours(7));
    const link = await api<{ id: string; url: string }>('POST', '/organization/1/accesslink', {
      name: 'Stay 4411',
      deviceIds: [101],
      repeatEvent: {
        startDate: at(monday),
        endDate: at(monday + 2 * DAY),
        dayStartTime: '08:00:00Z',
        dayEndTime: '20:00:00Z',
        weekDays: 127,
      },
    });
    const page = (await (await fetch(link.url)).json()) as Record<string, unknown>;
    expect(page).toMatchObject({ name: 'Stay 4411', usableNow: false, reason: 'OUTSIDE_HOURS' });
    expect(page.devices).toEqual([{ id: 101, name: 'Front Door' }]);
    const early = (await (await fetch(`${link.url}/open`, { method: 'POST' })).json()) as Record<
      string,
      unknown
    >;
    expect(early).toMatchObject({ opened: false, reason: 'OUTSIDE_HOURS' });
    await env.control.physical(101, 'lock');
    await env.control.setTime({ at: at(monday + hours(9)) });
    const open = (await (await fetch(`${link.url}/open`, { method: 'POST' })).json()) as Record<
      string,
      unknown
    >;
    expect(open).toMatchObject({ opened: true, lockId: 101 });
    expect((await events(101))[0]).toMatchObject({ event: 228, userName: 'Stay 4411' });
    await env.control.setTime({ at: at(monday + 2 * DAY + hours(9)) });
    const late = (await (await fetch(`${link.url}/open`, { method: 'POST' })).json()) as Record<
      string,
      unknown
    >;
    expect(late).toMatchObject({ opened: false, reason: 'EXPIRED' });
    await api('DELETE', `/organization/1/accesslink/${link.id}`);
    expect((await fetch(link.url)).status).toBe(404);
  });
});

describe('doors without the cloud', () => {
  it('lets the keypad work while the bridge is offline, but not an access link', async () => {
    await api('POST', '/my/lock/101/pin', { alias: 'Ann', pin: '582913' });
    await settle();
    const link = await api<{ url: string }>('POST', '/organization/1/accesslink', {
      name: 'L',
      deviceIds: [101],
    });
    await env.control.setBridge(1, false);
    expect((await env.control.keypad(101, '582913')).opened).toBe(true);
    const open = (await (await fetch(`${link.url}/open`, { method: 'POST' })).json()) as Record<
      string,
      unknown
    >;
    expect(open).toMatchObject({ opened: false, reason: 'LOCK_OFFLINE' });
  });

  it('keeps the activity of an offline lock until it is back, with the time it happened', async () => {
    await api('POST', '/my/lock/101/pin', { alias: 'Ann', pin: '582913' });
    await settle();
    await env.control.physical(101, 'lock');
    await env.control.setBridge(1, false);
    expect((await env.control.keypad(101, '582913')).opened).toBe(true);
    const typedAt = (await env.control.time()).now;
    expect((await events(101)).some((item) => item.event === 61)).toBe(false);
    await env.control.setTime({ advanceMs: hours(1) });
    await env.control.setBridge(1, true);
    const list = await events(101);
    const pin = list.find((item) => item.event === 61)!;
    expect(pin.userName).toBe('Ann');
    expect(Math.abs(Date.parse(pin.date) - typedAt)).toBeLessThan(5_000);
    // Newest first by date, also with a late arrival.
    const dates = list.map((item) => Date.parse(item.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });
});

describe('someone using app access', () => {
  async function share(body: Record<string, unknown>) {
    await api('POST', '/my/device/101/access', { principalType: 0, accessLevel: 0, ...body });
    await settle();
  }

  it('operates within the access window, and not after it ends', async () => {
    const monday = await jumpToNextMonday(hours(9));
    await share({ userEmail: 'alice@example.com', endDate: at(monday + hours(12)) });
    await env.control.physical(101, 'lock');
    expect(await env.control.operate('alice@example.com', 101, 'unlock')).toMatchObject({ opened: true });
    expect((await events(101))[0]).toMatchObject({ event: 33, userName: 'Alice' });
    await env.control.setTime({ at: at(monday + hours(13)) });
    expect(await env.control.operate('alice@example.com', 101, 'lock')).toMatchObject({
      opened: false,
      reason: 'EXPIRED',
    });
  });

  it('refuses a pending invitee, remote access disabled, and someone with no access', async () => {
    await share({ userEmail: 'newcomer@example.com' });
    expect((await env.control.operate('newcomer@example.com', 101, 'unlock')).reason).toBe(
      'PENDING_INVITATION',
    );
    await env.control.addUser('newcomer@example.com', 'Newcomer');
    expect((await env.control.operate('newcomer@example.com', 101, 'unlock')).opened).toBe(true);
    await share({ userEmail: 'bob@example.com', remoteAccessDisabled: true });
    expect((await env.control.operate('bob@example.com', 101, 'unlock')).reason).toBe(
      'REMOTE_ACCESS_DISABLED',
    );
    expect((await env.control.operate('carol@example.com', 101, 'unlock')).reason).toBe('NO_ACCESS');
    const bad = await control('POST', '/_emulator/users/carol@example.com/operate', {
      lockId: 101,
      action: 'open',
    });
    expect(bad.body.error).toMatch(/action must be/);
  });
});
