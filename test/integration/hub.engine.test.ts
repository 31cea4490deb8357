/** The state engine against the emulator: discovery, sync, refreshes, availability, failures, keys. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { eventsOf, jumpUntil, startHub, startHubWithRevokedKey } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

// 50x: a 10 s poll interval takes 0.2 s.
const env = useEmulator({ locks: 3, speed: 50 });

beforeEach(async () => {
  await env.control.reset();
});

async function polls(count: number): Promise<void> {
  const start = (await env.control.stats()).byRoute['GET /my/lock/sync']?.count ?? 0;
  await waitFor(
    async () => ((await env.control.stats()).byRoute['GET /my/lock/sync']?.count ?? 0) >= start + count,
    15_000,
    `${count} polls`,
  );
}

describe('discovery and polling', () => {
  it('discovers every lock once, then polls with one bulk sync for all locks', async () => {
    const fixture = startHub(env);
    const locks = await fixture.hub.ready();
    expect(locks.map((lock) => lock.name)).toEqual(['Front Door', 'Back Door', 'Garage']);
    expect(eventsOf(fixture, 'lockAdded')).toHaveLength(3);
    await polls(5);
    const routes = (await env.control.stats()).byRoute;
    expect(routes['GET /my/lock']?.count).toBe(1);
    expect(routes['GET /my/lock/{id}/sync']).toBeUndefined();
    expect(routes['GET /my/lock/{id}']).toBeUndefined();
  });

  it('reports a physical change as exactly one stateChanged with old and new state', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.physical(102, 'unlock');
    const change = await waitFor(() =>
      eventsOf(fixture, 'stateChanged').find((event) => event.lock.id === 102),
    );
    expect(change.previous.state).toBe('locked');
    expect(change.current.state).toBe('unlocked');
    await polls(3);
    expect(eventsOf(fixture, 'stateChanged').filter((event) => event.lock.id === 102)).toHaveLength(1);
  });

  it('follows battery, charging and the door sensor', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.patchLock(101, { batteryLevel: 9, isCharging: true });
    await env.control.physical(101, 'door-open');
    await waitFor(() => fixture.hub.lock(101)?.status.door === 'open');
    expect(fixture.hub.lock(101)?.status).toMatchObject({ battery: 9, charging: true, door: 'open' });
    await env.control.patchLock(101, { batteryLevel: 255 });
    await waitFor(() => fixture.hub.lock(101)?.status.battery === null);
  });

  it('marks a lock unavailable when it goes offline, keeping its last state, and available when it is back', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.patchLock(103, { connected: false });
    const gone = await waitFor(() =>
      eventsOf(fixture, 'availabilityChanged').find((event) => event.lock.id === 103),
    );
    expect(gone).toMatchObject({ available: false, lock: { status: { state: 'locked', connected: false } } });
    await env.control.patchLock(103, { connected: true });
    await waitFor(() =>
      eventsOf(fixture, 'availabilityChanged').find((event) => event.lock.id === 103 && event.available),
    );
    expect(fixture.hub.lock(103)?.available).toBe(true);
  });

  it('never reports an updating or calibrating lock as unlocked, and reports a jam', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.patchLock(101, { state: 18 });
    await waitFor(() => fixture.hub.lock(101)?.status.state === 'unknown');
    await env.control.patchLock(101, { state: 1 });
    await polls(2);
    expect(fixture.hub.lock(101)?.status.state).toBe('unknown');
    await env.control.jam(102);
    await waitFor(() => fixture.hub.lock(102)?.status.state === 'jammed');
    expect(fixture.hub.lock(102)?.status.jammed).toBe(true);
  });

  it('reads the full list again when a revision changes (a rename) and reports lockUpdated', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.patchLock(102, { name: 'Kitchen Door' });
    const updated = await waitFor(() => eventsOf(fixture, 'lockUpdated')[0]);
    expect(updated.previous.name).toBe('Back Door');
    expect(updated.lock.name).toBe('Kitchen Door');
    expect((await env.control.stats()).byRoute['GET /my/lock']?.count).toBe(2);
  });

  it('adds a new lock and removes a deleted one', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    const added = await env.control.addLock('Shed');
    await waitFor(() => eventsOf(fixture, 'lockAdded').find((event) => event.lock.id === added.id));
    await env.control.removeLock(101);
    await waitFor(() =>
      eventsOf(fixture, 'availabilityChanged').find((event) => event.lock.id === 101 && !event.available),
    );
    const deleted = env.emulator.clock.now();
    // Removed only after 3 lock lists over 10 minutes of clock time (see hub.missingLocks.test.ts): the clock
    // jumps there a poll interval at a time, each jump followed by a real poll.
    await jumpUntil(
      env,
      fixture,
      () => eventsOf(fixture, 'lockRemoved').find((event) => event.lock.id === 101),
      { stepMs: 10_000, maxMs: 15 * 60_000, what: 'removal' },
    );
    expect(env.emulator.clock.now() - deleted).toBeGreaterThanOrEqual(10 * 60_000);
    expect(fixture.hub.locks().map((lock) => lock.name)).toEqual(['Back Door', 'Garage', 'Shed']);
  });

  it('ignores hidden locks entirely', async () => {
    const fixture = startHub(env, { locks: [{ serialNumber: '20420103-000002', hidden: true }] });
    await fixture.hub.ready();
    await polls(2);
    expect(fixture.hub.locks().map((lock) => lock.name)).toEqual(['Front Door', 'Garage']);
    expect(() => fixture.hub.command('Back Door', 'unlock')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_LOCK' }) as Error,
    );
    expect((await env.control.stats()).byRoute['GET /my/lock']?.count).toBe(1);
  });
});

describe('failures', () => {
  it('keeps locks available through one failed poll, marks them unavailable after 3 in a row, logs once per episode', async () => {
    const fixture = startHub(env, { unavailableAfterFailures: 3 });
    await fixture.hub.ready();
    // One failed poll: the client's own attempt and its two retries all get 503.
    await env.control.setFaults([{ path: '^/my/lock/sync$', status: 503, count: 3 }]);
    await waitFor(() => fixture.logger.lines.find((line) => line.message.includes('answers again')));
    expect(eventsOf(fixture, 'availabilityChanged')).toHaveLength(0);
    await env.control.setFaults([{ path: '^/my/lock/sync$', status: 503 }]);
    await waitFor(() => eventsOf(fixture, 'availabilityChanged').length === 3, 20_000);
    expect(eventsOf(fixture, 'availabilityChanged').every((event) => !event.available)).toBe(true);
    const failedPolls = ((await env.control.stats()).byRoute['GET /my/lock/sync']?.statuses['503'] ?? 0) / 3;
    expect(failedPolls).toBeGreaterThanOrEqual(3);
    await env.control.clearFaults();
    await waitFor(() => fixture.hub.locks().every((lock) => lock.available), 20_000);
    const warnings = fixture.logger.lines.filter((line) =>
      line.message.includes('Reading the locks from the Tedee cloud failed'),
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.message).toMatch(/locks stay available until 3 polls in a row fail\.$/);
    expect(fixture.logger.lines.filter((line) => line.message.includes('answers again'))).toHaveLength(2);
  });

  it('survives a network outage (nothing listening) without throwing, and reports it as an error event', async () => {
    const fixture = startHub(env, { apiUrl: 'http://127.0.0.1:1' });
    await waitFor(() => eventsOf(fixture, 'error').length > 0);
    expect(eventsOf(fixture, 'error')[0]!.error.code).toBe('NETWORK');
    expect(fixture.hub.isReady).toBe(false);
    // No lock was ever read: they are offline already, not "available until 3 polls fail".
    const warning = fixture.logger.lines.find((line) => line.level === 'warn')?.message;
    expect(warning).toMatch(
      /Retrying with backoff; the locks stay offline until the first successful read\.$/,
    );
  });

  it("honours a 429's Retry-After before the next poll", async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: '^/my/lock/sync$', status: 429, retryAfterSeconds: 120, count: 1 }]);
    const limited = await waitFor(async () =>
      (await env.control.requests()).find((entry) => entry.status === 429),
    );
    // Once the hub has taken the 429 (its error event comes as the next poll is armed), the clock jumps to
    // 5 s before the Retry-After ends: a poll armed earlier would fire during the jump and show below.
    await waitFor(() => eventsOf(fixture, 'error').find((event) => event.error.code === 'RATE_LIMITED'));
    await env.control.setTime({
      advanceMs: Math.max(0, Math.floor(limited.t + 115_000 - env.emulator.clock.now())),
    });
    await polls(1);
    const next = (await env.control.requests()).find(
      (entry) => entry.t > limited.t && entry.route === '/my/lock/sync',
    );
    expect(next!.t - limited.t).toBeGreaterThanOrEqual(120_000);
  });

  it('keeps polling when a listener throws', async () => {
    const fixture = startHub(env);
    fixture.hub.on('stateChanged', () => {
      throw new Error('listener bug');
    });
    fixture.hub.on('stateChanged', () => Promise.reject(new Error('async listener bug')));
    await fixture.hub.ready();
    await env.control.physical(101, 'unlock');
    await waitFor(() => eventsOf(fixture, 'stateChanged').length === 1);
    await env.control.physical(101, 'lock');
    await waitFor(() => eventsOf(fixture, 'stateChanged').length === 2);
    expect(
      fixture.logger.lines.filter((line) => line.message.includes('listener bug')).length,
    ).toBeGreaterThan(0);
  });
});

describe('credentials', () => {
  it('switches to the secondary key on 401 with the first, naming both prefixes, and keeps running', async () => {
    const first = await env.control.createKey({ name: 'old' });
    const second = await env.control.createKey({ name: 'new' });
    const fixture = startHub(env, { personalAccessKey: first.key, secondaryAccessKey: second.key });
    await fixture.hub.ready();
    await fetch(`${env.url}/api/v37/my/personalaccesskey/${first.id}`, {
      method: 'DELETE',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    await env.control.physical(101, 'unlock');
    await waitFor(() => eventsOf(fixture, 'stateChanged').length === 1);
    const switched = fixture.logger.lines.find((line) =>
      line.message.includes('switched to the secondary key'),
    );
    expect(switched?.message).toContain(`${first.prefix}.***`);
    expect(switched?.message).toContain(`${second.prefix}.***`);
    expect(fixture.logger.text()).not.toContain(first.key.split('.')[1]);
    expect(fixture.logger.text()).not.toContain(second.key.split('.')[1]);
  });

  it('with one key, a 401 stops polling at once with one clear message', async () => {
    const fixture = await startHubWithRevokedKey(env);
    const before = (await env.control.stats()).total;
    // 400 ms at 50x is 20 s: well before the first check of the key, 30 s after the 401 (hub.auth.test.ts).
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await env.control.stats()).total).toBe(before);
    expect(fixture.logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
    expect(fixture.logger.text()).toContain('Tedee Portal');
    expect(fixture.hub.locks().every((lock) => !lock.available)).toBe(true);
  });

  it('logs once which features are off for lack of which scope', async () => {
    const limited = await env.control.createKey({ scopes: ['Device.Read', 'Lock.Operate', 'Account.Read'] });
    const fixture = startHub(env, { personalAccessKey: limited.key });
    await fixture.hub.ready();
    await polls(2);
    const lines = fixture.logger.lines.filter((line) => line.message.includes('lacks scopes'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toContain('keypad doorcodes (needs Device.ReadWrite)');
    expect(lines[0]!.message).toContain('activity events (needs DeviceActivity.Read)');
    expect(lines[0]!.message).not.toContain('lock, unlock and open');
  });
});
