/** Every error class of the client, produced by the emulator over HTTP, and none of them leaks the key. */
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TedeeClient } from '../../src/client/index.js';
import { createTedeeClient, TedeeError } from '../../src/client/index.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 3, pinLimit: 2 });
let client: TedeeClient;

beforeEach(async () => {
  await env.control.reset();
  client = createTedeeClient({ personalAccessKey: env.key, apiUrl: env.url, retries: 0 });
});

function secretOf(key: string): string {
  return key.split('.')[1]!;
}

async function caught(promise: Promise<unknown>): Promise<TedeeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TedeeError);
    return error as TedeeError;
  }
  throw new Error('expected a TedeeError');
}

function expectNoSecret(error: unknown, key: string): void {
  const secret = secretOf(key);
  for (const text of [
    String(error),
    (error as Error).stack ?? '',
    inspect(error, { depth: 10 }),
    JSON.stringify(error),
  ]) {
    expect(text).not.toContain(secret);
  }
}

describe('401 AUTH_INVALID', () => {
  it('for an unknown key, naming the prefix and the Tedee Portal', async () => {
    const unknown = 'AbCdEf.ThisIsNotARealSecretButLongEnough123';
    const error = await caught(
      createTedeeClient({ personalAccessKey: unknown, apiUrl: env.url }).syncLocks(),
    );
    expect(error).toMatchObject({ code: 'AUTH_INVALID', status: 401 });
    expect(error.message).toContain('AbCdEf.***');
    expect(error.message).toContain('Tedee Portal');
    expectNoSecret(error, unknown);
  });

  it('for an expired key and for a deleted key', async () => {
    const expired = await env.control.createKey({ validTo: '2020-01-01T00:00:00Z' });
    await expect(
      createTedeeClient({ personalAccessKey: expired.key, apiUrl: env.url }).syncLocks(),
    ).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    const doomed = await env.control.createKey();
    const doomedClient = createTedeeClient({ personalAccessKey: doomed.key, apiUrl: env.url });
    await doomedClient.syncLocks();
    await client.deletePersonalAccessKey(doomed.id);
    const error = await caught(doomedClient.syncLocks());
    expect(error.code).toBe('AUTH_INVALID');
    expectNoSecret(error, doomed.key);
  });
});

describe('403 SCOPE_MISSING', () => {
  it('names the scope the endpoint needs', async () => {
    const readOnly = await env.control.createKey({ scopes: ['Device.Read'] });
    const limited = createTedeeClient({ personalAccessKey: readOnly.key, apiUrl: env.url });
    expect(await limited.syncLocks()).toHaveLength(3);
    const operate = await caught(limited.lock(101));
    expect(operate).toMatchObject({ code: 'SCOPE_MISSING', status: 403, scope: 'Lock.Operate' });
    expect(operate.message).toContain('Lock.Operate');
    expect(await caught(limited.createPin(101, { alias: 'x', pin: '918273' }))).toMatchObject({
      scope: 'Device.ReadWrite',
    });
    expect(await caught(limited.listActivity({ deviceId: 101 }))).toMatchObject({
      scope: 'DeviceActivity.Read',
    });
    expect(
      await caught(limited.createAccess(101, { accessLevel: 0, principalType: 0, userEmail: 'a@b.cd' })),
    ).toMatchObject({
      scope: 'DeviceShare.ReadWrite',
    });
    expectNoSecret(operate, readOnly.key);
  });
});

describe('404, 400, 406, 412 and the device errors', () => {
  it('NOT_FOUND for an unknown lock', async () => {
    expect(await caught(client.getLock(999))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('PIN_INVALID, PIN_DUPLICATE and PIN_LIMIT', async () => {
    expect(await caught(client.createPin(101, { alias: 'run', pin: '12345' }))).toMatchObject({
      code: 'PIN_INVALID',
      status: 400,
    });
    await client.createPin(101, { alias: 'one', pin: '918273' });
    expect(await caught(client.createPin(101, { alias: 'two', pin: '918273' }))).toMatchObject({
      code: 'PIN_DUPLICATE',
      status: 406,
    });
    await client.createPin(101, { alias: 'two', pin: '827364' });
    expect(await caught(client.createPin(101, { alias: 'three', pin: '736455' }))).toMatchObject({
      code: 'PIN_LIMIT',
      status: 412,
    });
  });

  it('DEVICE_OFFLINE (428) for a disconnected lock or one without keypad', async () => {
    await env.control.patchLock(101, { connected: false });
    expect(await caught(client.listPins(101))).toMatchObject({ code: 'DEVICE_OFFLINE', status: 428 });
    expect(await caught(client.lock(101))).toMatchObject({ code: 'DEVICE_OFFLINE' });
    await env.control.patchLock(102, { keypad: false });
    expect(await caught(client.createPin(102, { alias: 'x', pin: '918273' }))).toMatchObject({
      code: 'DEVICE_OFFLINE',
    });
  });

  it.each([
    [408, 'DEVICE_TIMEOUT'],
    [409, 'DEVICE_BUSY'],
    [428, 'DEVICE_OFFLINE'],
  ])('injected %i on PIN calls is %s', async (status, code) => {
    await env.control.setFaults([{ path: '/pin', status, count: 1 }]);
    expect(await caught(client.createPin(101, { alias: 'x', pin: '918273' }))).toMatchObject({
      code,
      status,
    });
    expect(await client.createPin(101, { alias: 'x', pin: '918273' })).toEqual({
      id: expect.any(Number) as number,
    });
  });
});

describe('429 RATE_LIMITED', () => {
  it('carries retryAfterMs and blocks further calls locally until Retry-After ends', async () => {
    await env.control.setFaults([{ path: '/my/lock/sync', status: 429, retryAfterSeconds: 7, count: 1 }]);
    const error = await caught(client.syncLocks());
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 7000 });
    const before = (await env.control.stats()).total;
    expect(await caught(client.syncLock(101))).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await env.control.stats()).total).toBe(before);
  });
});

describe('network, timeout and server errors', () => {
  it('NETWORK when nothing listens', async () => {
    const offline = createTedeeClient({
      personalAccessKey: env.key,
      apiUrl: 'http://127.0.0.1:1',
      retries: 0,
    });
    const error = await caught(offline.syncLocks());
    expect(error.code).toBe('NETWORK');
    expectNoSecret(error, env.key);
  });

  it('TIMEOUT when the answer is too slow', async () => {
    await env.control.setFaults([{ latencyMs: 400 }]);
    const slow = createTedeeClient({
      personalAccessKey: env.key,
      apiUrl: env.url,
      timeoutMs: 100,
      retries: 0,
    });
    const error = await caught(slow.syncLocks());
    expect(error.code).toBe('TIMEOUT');
    expectNoSecret(error, env.key);
  });

  it('SERVER_ERROR for a 5xx', async () => {
    await env.control.setFaults([{ status: 503, count: 1 }]);
    expect(await caught(client.syncLocks())).toMatchObject({ code: 'SERVER_ERROR', status: 503 });
  });
});
