/**
 * The activity feed against the emulator on a scaled clock: each way in (keypad with the PIN's alias, app,
 * access link, button, auto-lock) with its method; no duplicates across a restart on one data folder and no
 * history at the first start; nothing read while nobody watches. The budget: hub.activity.budget.test.ts.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEvent, LockHub } from '../../src/core/index.js';
import { activityReads, autoLock, enterWithApp, enterWithLink, enterWithPin } from '../helpers/activity.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ speed: 30, lockListPer10Minutes: 1000 });
const FRONT_DOOR = 101;

beforeEach(async () => {
  await env.control.reset();
});

/** Watches the lock and resolves once the feed has its place on it (its first read done). */
async function watch(
  hub: LockHub,
  locks?: string[],
  interval = 10,
): Promise<{ events: ActivityEvent[]; close: () => void }> {
  const [lock] = await hub.ready();
  const serial = hub.lock(FRONT_DOOR)?.serialNumber ?? lock!.serialNumber;
  const events: ActivityEvent[] = [];
  const close = hub.watchActivity({ locks: locks ?? [serial], interval }, (event) => void events.push(event));
  await waitFor(() => hub.activityStatus().following.includes(serial), 15_000, 'the feed to follow the lock');
  return { events, close };
}

describe('activity feed', () => {
  it('tells each way in with its method, the PIN by its alias', async () => {
    const { hub } = startHub(env);
    const { events } = await watch(hub);
    expect((await enterWithPin(env, FRONT_DOOR, 'Cleaner Ann', '582913')).opened).toBe(true);
    expect((await enterWithApp(env, FRONT_DOOR, 'alice@example.com')).opened).toBe(true);
    expect((await enterWithLink(env, FRONT_DOOR, 'Stay 4411')).opened).toBe(true);
    await env.control.physical(FRONT_DOOR, 'lock', true);
    await autoLock(env, FRONT_DOOR);
    const found = (method: string, action: string) =>
      events.find((event) => event.method === method && event.action === action);
    await waitFor(() => found('auto-lock', 'locked'), 20_000, 'the auto-lock event');
    expect(found('keypad', 'unlocked')).toMatchObject({ event: 'UnlockByPin', pinAlias: 'Cleaner Ann' });
    expect(found('keypad', 'unlocked')?.user).toBeUndefined();
    expect(found('app', 'unlocked')).toMatchObject({ event: 'UnlockedRemote', user: { name: 'Alice' } });
    expect(found('link', 'unlocked')).toMatchObject({ event: 'UnlockedByAccessLink', linkName: 'Stay 4411' });
    expect(found('button', 'locked')).toMatchObject({ event: 'LockedButton' });
    expect(found('auto-lock', 'locked')).toMatchObject({ event: 'LockedAuto', lockId: FRONT_DOOR });
    const lock = hub.lock(FRONT_DOOR)!;
    for (const event of events) {
      expect(event).toMatchObject({ serialNumber: lock.serialNumber, lockName: lock.name });
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
    }
    const ids = events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  }, 60_000);

  it('emits no history at the first start and nothing twice across a restart on one data folder', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'activity-')), 'data');
    await env.control.physical(FRONT_DOOR, 'unlock', true); // history: before the hub ever ran
    const first = startHub(env, { dataDir });
    const one = await watch(first.hub);
    await env.control.physical(FRONT_DOOR, 'lock', true);
    await waitFor(() => one.events.length === 1, 15_000, 'the first event');
    expect(one.events[0]).toMatchObject({ action: 'locked', method: 'button' });
    await first.hub.stop();
    const file = join(dataDir, 'activity', 'cursors.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'activity')).mode & 0o777).toBe(0o700);

    await env.control.physical(FRONT_DOOR, 'unlock', true); // while the hub is down
    const second = startHub(env, { dataDir });
    const two = await watch(second.hub);
    await env.control.physical(FRONT_DOOR, 'lock', true);
    await waitFor(() => two.events.length >= 2, 15_000, 'the missed event and the new one');
    expect(two.events.map((event) => `${event.action} ${event.method}`)).toEqual([
      'unlocked button',
      'locked button',
    ]);
    expect(two.events.map((event) => event.id)).not.toContain(one.events[0]!.id);
  }, 60_000);

  it('starts from now without a data folder: a restart does not replay what the first hub saw', async () => {
    const first = startHub(env);
    const one = await watch(first.hub);
    await env.control.physical(FRONT_DOOR, 'lock', true);
    await waitFor(() => one.events.length === 1, 15_000, 'the first event');
    await first.hub.stop();
    const second = startHub(env);
    const two = await watch(second.hub);
    await env.control.physical(FRONT_DOOR, 'unlock', true);
    await waitFor(() => two.events.length === 1, 15_000, 'the new event');
    expect(two.events[0]).toMatchObject({ action: 'unlocked', method: 'button' });
  }, 60_000);

  it('reads a lock at once when its state changes, not only at the next round', async () => {
    const { hub } = startHub(env);
    // Rounds every 20 emulated minutes (40 s here); the state poll sees the change within 10 emulated s.
    const { events } = await watch(hub, undefined, 1200);
    const opened = await enterWithPin(env, FRONT_DOOR, 'Guest', '739164');
    expect(opened.opened).toBe(true);
    await waitFor(() => events.find((event) => event.method === 'keypad'), 15_000, 'the keypad event');
    expect(events.find((event) => event.method === 'keypad')).toMatchObject({ pinAlias: 'Guest' });
  }, 30_000);

  it('emits what an offline lock did once it is back, with the time it happened', async () => {
    const { hub } = startHub(env);
    const { events } = await watch(hub);
    await enterWithPin(env, FRONT_DOOR, 'Ann', '582913'); // the PIN reaches the lock while it is online
    await waitFor(() => events.some((event) => event.method === 'keypad'), 15_000, 'the first keypad entry');
    await env.control.physical(FRONT_DOOR, 'lock', true);
    await waitFor(() => events.some((event) => event.method === 'button'), 15_000, 'the button entry');
    await env.control.setBridge(1, false);
    expect((await env.control.keypad(FRONT_DOOR, '582913')).opened).toBe(true);
    const typedAt = env.emulator.clock.now();
    await env.control.setTime({ advanceMs: 5 * 60_000 });
    await env.control.setBridge(1, true);
    const late = await waitFor(
      () => events.filter((event) => event.method === 'keypad')[1],
      15_000,
      'the keypad entry kept by the lock',
    );
    expect(late).toMatchObject({ action: 'unlocked', pinAlias: 'Ann' });
    expect(Math.abs(Date.parse(late.at) - typedAt)).toBeLessThan(5_000);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  }, 60_000);

  it('follows the locks of a second watch at once, not at the next round', async () => {
    const { hub } = startHub(env);
    await watch(hub, undefined, 1200); // rounds every 20 emulated minutes: 40 s here
    const all = hub.locks().map((lock) => lock.serialNumber);
    const close = hub.watchActivity({}, () => undefined);
    await waitFor(() => hub.activityStatus().following.length === all.length, 10_000, 'every lock followed');
    close();
  }, 30_000);

  it('spends no request while nobody watches, and stops reading when the last watch closes', async () => {
    const { hub } = startHub(env);
    await hub.ready();
    const since = env.emulator.clock.now();
    await waitFor(() => env.emulator.stats.requests(since).length >= 3, 15_000, 'three polls');
    expect(activityReads(env, since)).toBe(0);
    const { close } = await watch(hub);
    expect(activityReads(env, since)).toBeGreaterThan(0);
    close();
    expect(hub.activityStatus().running).toBe(false);
    const after = env.emulator.clock.now();
    await waitFor(() => env.emulator.stats.requests(after).length >= 3, 15_000, 'three more polls');
    expect(activityReads(env, after)).toBe(0);
  }, 60_000);
});
