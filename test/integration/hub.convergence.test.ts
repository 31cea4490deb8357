/**
 * The cloud's state wins: after the cloud was restored (here the emulator reset to its seeded world), its
 * older lastStateChangedDate must not be discarded as a late answer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { eventsOf, startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

// 50x: a 10 s poll interval takes 0.2 s.
const env = useEmulator({ locks: 3, speed: 50 });

beforeEach(async () => {
  await env.control.reset();
});

/** The hub unlocked Front Door; then the cloud is restored to a state older than that. */
async function restoreAfterUnlock(fixture: ReturnType<typeof startHub>): Promise<void> {
  await fixture.hub.ready();
  expect((await fixture.hub.command(101, 'unlock').result).outcome).toBe('confirmed');
  await env.control.reset();
  expect((await env.control.lock(101)).state).toBe(6);
}

describe('convergence', () => {
  it('the next poll shows the restored cloud state, though its date is older than what the hub saw', async () => {
    const fixture = startHub(env);
    await restoreAfterUnlock(fixture);
    await waitFor(() => fixture.hub.lock(101)?.status.state === 'locked');
  });

  it("a command's own read after the restore takes the cloud's state, so the command is judged on it", async () => {
    // No poll in between: only the command's read can bring the hub back to the truth.
    const fixture = startHub(env, { pollInterval: 3600 });
    await restoreAfterUnlock(fixture);
    expect(fixture.hub.lock(101)?.status.state).toBe('unlocked');
    const result = await fixture.hub.command(101, 'lock').result;
    expect(result).toMatchObject({ outcome: 'confirmed', lock: { status: { state: 'locked' } } });
    expect(fixture.hub.lock(101)?.status.state).toBe('locked');
  });

  it('a poll under way while a command read the lock cannot undo what the command read (no flicker)', async () => {
    const fixture = startHub(env, { commandTimeout: 120 });
    await fixture.hub.ready();
    // The next bulk sync is read at once and answered 2 s (real) later.
    await env.control.setFaults([{ path: '^/my/lock/sync$', latencyMs: 2000, count: 1 }]);
    const polls = async () => (await env.control.stats()).byRoute['GET /my/lock/sync']?.count ?? 0;
    const before = await polls();
    // The emulator handles a request (and counts the rule down) before it holds the answer back.
    const listed = async () => (await fetch(`${env.url}/_emulator/faults`)).text();
    await waitFor(async () => (await listed()).includes('"count":0'), 5000, 'a poll in flight');
    expect((await fixture.hub.command(101, 'unlock').result).outcome).toBe('confirmed');
    await waitFor(async () => (await polls()) > before, 5000, 'the late poll answer');
    expect(fixture.hub.lock(101)?.status.state).toBe('unlocked');
    const changes = eventsOf(fixture, 'stateChanged').filter((event) => event.lock.id === 101);
    expect(changes.map((event) => event.current.state)).toEqual(['unlocked']);
  });
});
