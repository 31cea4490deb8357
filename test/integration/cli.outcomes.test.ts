/**
 * How lock|unlock|open end, with their exit statuses (tedee-hub --help): refused 3, failed 4, timeout 5,
 * unknown 6. The cloud's delays come from the emulator's fault rules.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 2, speed: 10 });
const cloudEnv = () => ({ TEDEE_API_URL: env.url, TEDEE_PAK: env.key });

beforeEach(async () => {
  await env.control.reset();
});

describe('command outcomes and exit statuses', () => {
  it('3, refused: a lock that does not exist; nothing is sent', async () => {
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['open', 'Attic'], io)).toBe(3);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^open: Attic refused \(UNKNOWN_LOCK\): No lock "Attic"/);
  });

  it('4, failed: the lock jammed', async () => {
    await env.control.patchLock(101, { state: 2, jamNext: true });
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['lock', 'Front Door', '--wait'], io)).toBe(4);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^lock: Front Door failed( \([A-Z_]+\))?: the lock jammed$/);
  });

  it('5, timeout: accepted, and the lock does not confirm within --timeout', async () => {
    await env.control.addFault({ path: '^/my/device/operation/', latencyMs: 60_000 });
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['unlock', 'Front Door', '--wait', '--timeout', '4'], io)).toBe(5);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'tedee-hub unlock: waiting for Front Door to confirm the unlock...',
      'unlock: Front Door timeout (TIMEOUT): the lock did not confirm within 4 s; the door may still move, state read: locked',
    ]);
  }, 20_000);

  it('6, unknown: the cloud never answers the request itself, so the door may have moved', async () => {
    await env.control.addFault({ method: 'POST', path: '^/my/lock/\\d+/operation/', latencyMs: 60_000 });
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['unlock', 'Front Door', '--timeout', '4'], io)).toBe(6);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `tedee-hub unlock: waiting for the Tedee cloud at ${env.url} to accept the unlock...`,
      'unlock: Front Door unknown (TIMEOUT): the Tedee cloud did not answer the unlock request within 4 s; the door may have moved, state read: locked',
    ]);
  }, 20_000);

  it('0 with the state once confirmed', async () => {
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['unlock', '102', '--wait'], io)).toBe(0);
    expect(out).toEqual(['unlock: Back Door confirmed, now unlocked']);
    expect(err.filter((line) => !line.includes('waiting for'))).toEqual([]);
  });
});
