/**
 * A lock leaves the hub only when it has really left the account: an empty lock list for a poll or two
 * (a proxy, a cloud incident) keeps every lock, marked unavailable, and they come back by themselves. A lock
 * deleted from the account is removed after 3 lock lists over 10 minutes, within Tedee's 10 GET /my/lock
 * per 10 minutes. A small proxy in front of the emulator answers the empty envelopes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import type { FaultProxy } from '../helpers/faultProxy.js';
import { startFaultProxy } from '../helpers/faultProxy.js';
import { eventsOf, jumpUntil, startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

// 100x: a 10 s poll takes 0.1 s; the tests jump the clock through the 10-minute removal period.
const env = useEmulator({ locks: 3, speed: 100 });
let proxy: FaultProxy;

beforeEach(async () => {
  await env.control.reset();
  proxy = await startFaultProxy(env.url);
});

afterEach(async () => {
  await proxy.close();
});

const EMPTY_ENVELOPE = { result: [], success: true, errorMessages: [], statusCode: 200 };
const MISSING_REASON = /^missing from the Tedee account's lock list since \d{4}-\d\d-\d\dT/;

async function lockListReads(): Promise<{ count: number; limited: number }> {
  const route = (await env.control.stats()).byRoute['GET /my/lock'];
  return { count: route?.count ?? 0, limited: route?.statuses['429'] ?? 0 };
}

describe('an empty lock list removes nothing', () => {
  it.each([
    [2, 'one poll (its sync and the confirming list)'],
    [4, 'two polls'],
  ])(
    '%i empty answers (%s): every lock is kept, unavailable meanwhile, and back by itself',
    async (count) => {
      const fixture = startHub(env, { apiUrl: proxy.url });
      await fixture.hub.ready();
      proxy.setRules([
        {
          method: 'GET',
          path: /\/my\/lock(\/sync)?$/,
          fault: { kind: 'rewrite', change: () => EMPTY_ENVELOPE },
          count,
        },
      ]);
      await waitFor(() => proxy.events.length === count, 10_000, 'the empty answers');
      const gone = await waitFor(() => {
        const events = eventsOf(fixture, 'availabilityChanged').filter((event) => !event.available);
        return events.length === 3 && events;
      });
      for (const event of gone) expect(event.reason).toMatch(MISSING_REASON);
      await waitFor(() => fixture.hub.locks().every((lock) => lock.available), 10_000, 'the locks back');
      // Well past the 10-minute removal period of clock time, a poll interval per jump, each followed by a
      // real poll: nothing was removed, nothing re-added.
      const back = env.emulator.clock.now();
      await jumpUntil(env, fixture, () => env.emulator.clock.now() - back > 12 * 60_000, {
        stepMs: 10_000,
        maxMs: 13 * 60_000,
        what: '12 minutes',
      });
      expect(eventsOf(fixture, 'lockRemoved')).toHaveLength(0);
      expect(eventsOf(fixture, 'lockAdded')).toHaveLength(3);
      expect(fixture.hub.locks().map((lock) => lock.name)).toEqual(['Front Door', 'Back Door', 'Garage']);
      const warnings = fixture.logger.lines.filter((line) => line.level === 'warn');
      expect(warnings.map((line) => line.message)).toEqual([
        expect.stringMatching(/^The Tedee cloud listed no locks although 3 were known\. Keeping them/),
      ]);
      expect((await lockListReads()).limited).toBe(0);
    },
  );
});

describe('a lock deleted from the account', () => {
  it('is kept unavailable, then removed after 3 lock lists over 10 minutes, within the lock-list limit', async () => {
    const fixture = startHub(env, { apiUrl: proxy.url });
    await fixture.hub.ready();
    const readsBefore = (await lockListReads()).count;
    await env.control.removeLock(101);
    const deleted = env.emulator.clock.now();
    const missing = await waitFor(() =>
      eventsOf(fixture, 'availabilityChanged').find((event) => event.lock.id === 101 && !event.available),
    );
    expect(missing.reason).toMatch(MISSING_REASON);
    expect(eventsOf(fixture, 'lockRemoved')).toHaveLength(0);
    expect(fixture.hub.lock(101)).toMatchObject({ name: 'Front Door', available: false });
    // To the removal a poll interval per jump, each followed by a real poll: a hub reading the full list on
    // every poll would show in the count below.
    await jumpUntil(env, fixture, () => eventsOf(fixture, 'lockRemoved').length > 0, {
      stepMs: 10_000,
      maxMs: 15 * 60_000,
      what: 'removal',
    });
    // A timer never fires early: the removal comes 10 minutes of clock time after the first absent list.
    expect(env.emulator.clock.now() - deleted).toBeGreaterThanOrEqual(10 * 60_000);
    expect(eventsOf(fixture, 'lockRemoved').map((event) => event.lock.id)).toEqual([101]);
    expect(fixture.hub.locks().map((lock) => lock.name)).toEqual(['Back Door', 'Garage']);
    // The confirming lists are planned, not read on every poll: 3 for the removal, none refused.
    const reads = await lockListReads();
    expect(reads.count - readsBefore).toBe(3);
    expect(reads.limited).toBe(0);
    expect(fixture.hub.locks().every((lock) => lock.available)).toBe(true);
  });
});
