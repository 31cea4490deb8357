/** PIN and access writes travel to the lock: the PIN rules, the device latency, and 408 / 409 on request. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

// 20x and the emulator's realistic default device latency (2 s emulated, 0.1 s real); the test helper
// would otherwise shorten it.
const env = useEmulator({ locks: 2, speed: 20, deviceLatencyMs: 2000 });

beforeEach(async () => {
  await env.control.reset();
});

interface Answer<T = unknown> {
  status: number;
  result: T;
  errorMessages: string[];
}

async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${env.url}/api/v37${path}`, {
    method,
    headers: {
      Authorization: `PersonalKey ${env.key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return { status: 204, result: undefined as T, errorMessages: [] };
  const envelope = (await response.json()) as { result: T; errorMessages: string[] };
  return { status: response.status, ...envelope };
}

const createPin = (pin: string, lockId = 101) =>
  call<{ id: number }>('POST', `/my/lock/${lockId}/pin`, { alias: 'Guest', pin });

describe('PIN rules', () => {
  it('refuses 13579 as a strictly ascending sequence, naming the rule', async () => {
    const answer = await createPin('13579');
    expect(answer.status).toBe(400);
    expect(answer.errorMessages[0]).toMatch(/strictly ascending or descending/);
    expect((await createPin('13570')).status).toBe(201);
  });
});

/** Emulated milliseconds `action` took, read from the emulator's own clock. */
async function emulatedDuration<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const before = (await env.control.time()).now;
  const value = await action();
  return { value, ms: (await env.control.time()).now - before };
}

const pinIds = async (lockId = 101) =>
  (await call<{ pins: { id: number }[] }>('GET', `/my/lock/${lockId}/pin`)).result.pins.map((pin) => pin.id);

const grant = (email: string, lockId = 101) =>
  call<{ id: string }>('POST', `/my/device/${lockId}/access`, {
    accessLevel: 0,
    principalType: 0,
    userEmail: email,
  });

/** Waits until a write to the lock is on its way (the control API lists the locks with one). */
const untilBusy = (lockId: number) =>
  waitFor(
    async () => (await env.control.deviceTiming()).busyLocks.includes(lockId),
    10_000,
    'a write in flight',
  );

describe('device latency', () => {
  it('a PIN write takes the device latency of emulated time; a read does not', async () => {
    const write = await emulatedDuration(() => createPin('918273'));
    expect(write.value.status).toBe(201);
    expect(write.ms).toBeGreaterThanOrEqual(2000);
    const read = await emulatedDuration(() => pinIds());
    expect(read.ms).toBeLessThan(2000);
  });

  it('is configurable through the control API, and a reset restores it', async () => {
    expect(await env.control.deviceTiming()).toEqual({ latencyMs: 2000, timeoutMs: 8000, busyLocks: [] });
    await env.control.setDeviceTiming({ latencyMs: 10_000 });
    const slow = await emulatedDuration(() => grant('alice@example.com'));
    expect(slow.value.status).toBe(201);
    expect(slow.ms).toBeGreaterThanOrEqual(10_000);
    await env.control.reset();
    expect((await env.control.deviceTiming()).latencyMs).toBe(2000);
  });

  it('refuses a timing that is not a whole number of milliseconds, naming the field', async () => {
    await expect(env.control.setDeviceTiming({ latencyMs: -1 })).rejects.toThrow(/latencyMs must be/);
    await expect(env.control.setDeviceTiming({ timeoutMs: 'soon' as never })).rejects.toThrow(/timeoutMs/);
  });
});

describe('409: another request for the device is being processed', () => {
  it('comes by itself for a second write while the first is on its way; other locks are not held up', async () => {
    // A wide window (1 s real) so that the second write surely arrives while the first travels.
    await env.control.setDeviceTiming({ latencyMs: 20_000 });
    const pending = createPin('918273');
    await untilBusy(101);
    const [second, elsewhere] = await Promise.all([createPin('827364'), grant('alice@example.com', 102)]);
    expect([second.status, elsewhere.status]).toEqual([409, 201]);
    expect(second.errorMessages[0]).toMatch(/being processed/);
    const first = await pending;
    expect(first.status).toBe(201);
    expect(await pinIds()).toEqual([first.result.id]);
  });

  it('comes on request for the next writes, without a fault rule, and nothing is written', async () => {
    await env.control.deviceAnswers(101, { answer: 'busy', count: 2 });
    expect((await createPin('918273')).status).toBe(409);
    expect((await grant('alice@example.com')).status).toBe(409);
    expect(await pinIds()).toEqual([]);
    expect((await createPin('918273')).status).toBe(201);
    expect((await env.control.faults()).rules).toEqual([]);
  });
});

describe('408: the lock did not answer in time', () => {
  it('comes on request after the device timeout; the write did not reach the lock', async () => {
    await env.control.deviceAnswers(101, { answer: 'timeout' });
    const lost = await emulatedDuration(() => createPin('918273'));
    expect(lost.value.status).toBe(408);
    expect(lost.ms).toBeGreaterThanOrEqual(8000);
    expect(await pinIds()).toEqual([]);
  });

  it('with reached: true the lock took the write and only its answer was lost', async () => {
    await env.control.deviceAnswers(101, { answer: 'timeout', reached: true });
    expect((await grant('alice@example.com')).status).toBe(408);
    const list = await call<{ userEmail: string }[]>('GET', '/my/device/101/access');
    expect(list.result.map((access) => access.userEmail)).toContain('alice@example.com');
  });

  it('comes by itself when the lock goes offline while a PIN is on its way', async () => {
    await env.control.setDeviceTiming({ latencyMs: 20_000 });
    const pending = createPin('918273');
    await untilBusy(101);
    await env.control.patchLock(101, { connected: false });
    expect((await pending).status).toBe(408);
    await env.control.patchLock(101, { connected: true });
    expect(await pinIds()).toEqual([]);
  });

  it('refuses an unknown answer, naming the field and what is allowed', async () => {
    await expect(env.control.deviceAnswers(101, { answer: 'late' as never })).rejects.toThrow(
      /answer must be \\"timeout\\" or \\"busy\\"/,
    );
  });
});
