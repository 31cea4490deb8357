/**
 * The default deadlines on the emulator's clock running 300 times faster: a key that starts now waits 10
 * minutes for an offline door, a key that starts later waits until its start; then everything is rolled back.
 * The upper bounds (5 emulated minutes = 1 s real) leave room for a loaded machine.
 */
import { DateTime } from 'luxon';
import { beforeEach, expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import { TEST_DEVICE_LATENCY_MS, useEmulator } from '../helpers/emulator.js';
import { cloudState, OWNER, startKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, speed: 300, deviceLatencyMs: TEST_DEVICE_LATENCY_MS });
const DEFAULTS = { retryBaseMs: 2_000, maxRetryMs: 60_000, defaultDeadlineMs: 10 * 60_000 };
let doors: number[];

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
  await env.control.patchLock(doors[1]!, { connected: false });
});

function issueRequest(from?: string) {
  return {
    name: 'Late guest',
    persons: [{ name: 'Ann' }],
    doors,
    credentials: { doorcode: true },
    timeZone: 'Europe/Warsaw',
    ...(from ? { from } : {}),
  };
}

async function failedAt(fx: Awaited<ReturnType<typeof startKeyService>>, key: Key): Promise<number> {
  await waitFor(() => fx.keyEvents.some((e) => e.change === 'failed'), 20_000, 'the rollback');
  const at = env.emulator.clock.now();
  expect(fx.service.show(key.id).status).toBe('failed');
  for (const pins of Object.values(cloudState(env, doors).pins)) expect(pins).toEqual([]);
  return at;
}

it('a key that starts now: rolled back 10 minutes after issuing', async () => {
  const fx = await startKeyService(env, { service: DEFAULTS, hub: { pollInterval: 60 } });
  const issuedAt = env.emulator.clock.now();
  const key = (await fx.service.issue(issueRequest(), OWNER)) as Key;
  expect(key.status).toBe('pending');
  const at = await failedAt(fx, key);
  expect(at - issuedAt).toBeGreaterThanOrEqual(10 * 60_000);
  expect(at - issuedAt).toBeLessThan(10 * 60_000 + 5 * 60_000);
});

it('a key that starts in 20 minutes: rolled back at its start', async () => {
  const fx = await startKeyService(env, { service: DEFAULTS, hub: { pollInterval: 60 } });
  const start = DateTime.fromMillis(env.emulator.clock.now() + 20 * 60_000, {
    zone: 'Europe/Warsaw',
  }).startOf('minute');
  const key = (await fx.service.issue(issueRequest(start.toFormat("yyyy-LL-dd'T'HH:mm")), OWNER)) as Key;
  expect(key.status).toBe('pending');
  const at = await failedAt(fx, key);
  expect(at).toBeGreaterThanOrEqual(start.toMillis());
  expect(at - start.toMillis()).toBeLessThan(5 * 60_000);
});
