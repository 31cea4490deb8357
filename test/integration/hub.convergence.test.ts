/**
 * The cloud's state wins: after the cloud was restored (here the emulator reset to its seeded world), its
 * older lastStateChangedDate must not be discarded as a late answer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
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
});
