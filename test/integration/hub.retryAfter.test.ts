/**
 * A Retry-After is the hub waiting, not the cloud failing: polls the hub holds back while a 429's Retry-After
 * runs send nothing, so they must not count towards `unavailableAfterFailures` (found by the fault suite's
 * 429 bursts, test/faults/).
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { eventsOf, startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

// 50x: a 10 s poll takes 0.2 s, the 60 s Retry-After 1.2 s.
const env = useEmulator({ locks: 3, speed: 50 });

describe("a 429's Retry-After", () => {
  it('holds polls back without making a lock unavailable, even after one failure is enough', async () => {
    const fixture = startHub(env, { unavailableAfterFailures: 1 });
    await fixture.hub.ready();
    await env.control.setFaults([
      { method: 'POST', path: '/operation/unlock$', status: 429, retryAfterSeconds: 60, count: 1 },
    ]);
    expect(await fixture.hub.command(101, 'unlock').result).toMatchObject({
      outcome: 'failed',
      code: 'RATE_LIMITED',
    });
    const log = await env.control.requests();
    const limited = log.find((entry) => entry.status === 429)!;
    // Polls come due during the minute and are held back; the first one after it is answered.
    const resumed = await waitFor(
      async () =>
        (await env.control.requests()).find(
          (entry) => entry.t > limited.t && entry.route === '/my/lock/sync' && entry.status === 200,
        ),
      15_000,
      'a poll after the Retry-After',
    );
    expect(resumed.t - limited.t).toBeGreaterThanOrEqual(60_000);
    expect(eventsOf(fixture, 'availabilityChanged')).toEqual([]);
    expect(eventsOf(fixture, 'healthChanged').map((health) => health.state)).not.toContain('degraded');
    expect(fixture.hub.locks().every((lock) => lock.available)).toBe(true);
  });
});
