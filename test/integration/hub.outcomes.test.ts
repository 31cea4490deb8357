/**
 * Command outcomes under faults (emulator fault rules): commandTimeout bounds the whole command, and the
 * hub never calls `failed` what may have happened. Latency rules delay the answer after the emulator
 * handled the request, so the door really moves while the hub waits.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

// 20x: the 10 s command timeout below is 0.5 s of real time; a 3 s real hang is a minute of clock time.
const env = useEmulator({ locks: 3, speed: 20 });
const TIMEOUT_S = 10;
const HANG_MS = 3000;

beforeEach(async () => {
  await env.control.reset();
});

async function requests(route: string): Promise<number> {
  return (await env.control.stats()).byRoute[route]?.count ?? 0;
}

/** Runs a command and measures it in real and in clock time. */
async function timed(result: Promise<CommandResult>): Promise<{
  result: CommandResult;
  realMs: number;
  clockMs: number;
}> {
  const real = performance.now();
  const clock = env.emulator.clock.now();
  const finished = await result;
  return { result: finished, realMs: performance.now() - real, clockMs: env.emulator.clock.now() - clock };
}

describe('commandTimeout bounds the whole command from submission', () => {
  it('a send whose answer hangs ends unknown at the deadline, then the hub reads the state', async () => {
    const fixture = startHub(env, { commandTimeout: TIMEOUT_S });
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/unlock', latencyMs: HANG_MS }]);
    const { result, realMs, clockMs } = await timed(fixture.hub.command(101, 'unlock').result);
    expect(result).toMatchObject({ outcome: 'unknown', code: 'COMMAND_TIMEOUT' });
    expect(realMs).toBeLessThan(HANG_MS - 500);
    expect(clockMs).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100);
    // The door did move: the hub reads it and reports it.
    await waitFor(() => fixture.hub.lock(101)?.status.state === 'unlocked');
  });

  it('a confirming read that hangs ends unknown at the deadline', async () => {
    const fixture = startHub(env, { commandTimeout: TIMEOUT_S });
    await fixture.hub.ready();
    await env.control.setFaults([{ method: 'GET', path: 'lock/\\d+/sync', latencyMs: HANG_MS }]);
    const { result, realMs } = await timed(fixture.hub.command(101, 'unlock').result);
    expect(result).toMatchObject({ outcome: 'unknown', code: 'STATE_UNCONFIRMED' });
    expect(realMs).toBeLessThan(HANG_MS - 500);
  });

  it('the second step of an open on a locked lock counts too, and the door is reported unlocked', async () => {
    const fixture = startHub(env, { commandTimeout: TIMEOUT_S });
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/pull', latencyMs: HANG_MS }]);
    const { result, realMs } = await timed(fixture.hub.command(101, 'open').result);
    expect(result).toMatchObject({ outcome: 'unknown', code: 'COMMAND_TIMEOUT' });
    expect(result.reason).toMatch(/^the lock was unlocked; whether the door was pulled is not known/);
    expect(realMs).toBeLessThan(HANG_MS - 500);
    // The emulator counts a request once it answered, after the hang.
    await waitFor(async () => (await requests('POST /my/lock/{id}/operation/pull')) === 1, 5000);
  });

  it('a command queued behind a hanging one ends within its own timeout without being sent', async () => {
    const fixture = startHub(env, { commandTimeout: TIMEOUT_S });
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/unlock', latencyMs: HANG_MS }]);
    const first = fixture.hub.command(101, 'unlock');
    const second = timed(fixture.hub.command(101, 'lock').result);
    expect((await first.result).outcome).toBe('unknown');
    const { result, realMs } = await second;
    expect(result).toMatchObject({ outcome: 'failed', code: 'COMMAND_EXPIRED' });
    expect(realMs).toBeLessThan(HANG_MS - 500);
    expect(await requests('POST /my/lock/{id}/operation/lock')).toBe(0);
  });
});

describe('unknown, not failed, when the door may have moved', () => {
  it('an answer lost after the cloud acted: unknown with a code, then the moved state is reported', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/unlock', drop: 'after', count: 1 }]);
    const result = await fixture.hub.command(101, 'unlock').result;
    expect(result).toMatchObject({ outcome: 'unknown', code: 'NETWORK' });
    expect(result.reason).toContain('whether the lock moved is not known');
    expect(await requests('POST /my/lock/{id}/operation/unlock')).toBe(1);
    await waitFor(() => fixture.hub.lock(101)?.status.state === 'unlocked');
  });

  it('the operation completed but the confirming read failed: unknown, not "the lock reports locked"', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ method: 'GET', path: 'lock/\\d+/sync', status: 503 }]);
    const result = await fixture.hub.command(101, 'unlock').result;
    expect(result).toMatchObject({ outcome: 'unknown', code: 'STATE_UNCONFIRMED' });
    await env.control.clearFaults();
    await waitFor(() => fixture.hub.lock(101)?.status.state === 'unlocked');
  });

  it('an open whose pull answer is lost after the unlock step says the lock was unlocked, and never pulls twice', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/pull', drop: 'after', count: 1 }]);
    const result = await fixture.hub.command(101, 'open').result;
    expect(result).toMatchObject({ outcome: 'unknown', code: 'NETWORK' });
    expect(result.reason).toMatch(/^the lock was unlocked; whether the door was pulled is not known/);
    expect(await requests('POST /my/lock/{id}/operation/pull')).toBe(1);
  });
});

describe('failed only when it surely did not happen, always with a code', () => {
  it('an open whose pull the cloud refuses after the unlock step reports the door unlocked, not pulled', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/pull', status: 409 }]);
    const result = await fixture.hub.command(101, 'open').result;
    expect(result).toMatchObject({ outcome: 'failed', code: 'OPEN_NOT_PULLED' });
    expect(result.reason).toMatch(/^the lock was unlocked but the door was not pulled/);
    expect(result.lock?.status.state).toBe('unlocked');
  });

  it('a refusal by the cloud keeps its code; a jam and a wrong state have their own', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/unlock', status: 409, count: 1 }]);
    expect((await fixture.hub.command(101, 'unlock').result).code).toBe('DEVICE_BUSY');
    await env.control.patchLock(102, { state: 2, jamNext: true });
    await waitFor(() => fixture.hub.lock(102)?.status.state === 'unlocked');
    expect(await fixture.hub.command(102, 'lock').result).toMatchObject({
      outcome: 'failed',
      code: 'LOCK_JAMMED',
    });
    await env.control.patchLock(103, { state: 0 });
    await waitFor(() => fixture.hub.lock(103)?.status.state === 'unknown');
    expect(await fixture.hub.command(103, 'unlock').result).toMatchObject({
      outcome: 'failed',
      code: 'STATE_MISMATCH',
    });
  });
});
