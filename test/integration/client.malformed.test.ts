/**
 * A malformed 2xx answer is INVALID_RESPONSE naming what was wrong, for every endpoint the hub uses; the
 * faults come from the fault proxy in front of the emulator, so the client's real HTTP stack parses them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TedeeClient } from '../../src/client/index.js';
import { createTedeeClient, TedeeError } from '../../src/client/index.js';
import { useEmulator } from '../helpers/emulator.js';
import type { FaultProxy, ProxyFault } from '../helpers/faultProxy.js';
import { startFaultProxy } from '../helpers/faultProxy.js';

const env = useEmulator({ locks: 2 });
let proxy: FaultProxy;
let client: TedeeClient;

beforeAll(async () => {
  proxy = await startFaultProxy(env.url);
});
afterAll(async () => {
  await proxy?.close();
});
beforeEach(async () => {
  await env.control.reset();
  await env.control.patchLock(101, { state: 2 });
  proxy.setRules([]);
  client = createTedeeClient({ personalAccessKey: env.key, apiUrl: proxy.url, retries: 0 });
});

type Envelope = { result?: unknown } & Record<string, unknown>;

/** A rewrite of the envelope's `result` (the emulator answers in the documented envelope). */
function changeResult<T = Envelope[]>(change: (result: T) => unknown): ProxyFault {
  return {
    kind: 'rewrite',
    change: (json) => ({ ...(json as Envelope), result: change((json as Envelope).result as T) }),
  };
}

async function invalid(call: () => Promise<unknown>, path: RegExp, fault: ProxyFault): Promise<string> {
  proxy.setRules([{ path, fault, count: 1 }]);
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TedeeError);
  expect(error).toMatchObject({ code: 'INVALID_RESPONSE', sent: true });
  const { message } = error as TedeeError;
  expect(message).not.toMatch(/Cannot read|undefined|TypeError/);
  return message;
}

describe('GET /my/lock/sync', () => {
  const sync = /\/my\/lock\/sync$/;

  it('names a wrong type with its place', async () => {
    const message = await invalid(
      () => client.syncLocks(),
      sync,
      changeResult((result) => [{ ...result[0], id: '101' }, ...result.slice(1)]),
    );
    expect(message).toContain('GET /my/lock/sync: result[0].id must be a number, not a string');
  });

  it('names a missing result', async () => {
    const message = await invalid(
      () => client.syncLocks(),
      sync,
      changeResult(() => undefined),
    );
    expect(message).toContain('GET /my/lock/sync: result is missing');
  });

  it('names null where an object is expected', async () => {
    const message = await invalid(
      () => client.syncLocks(),
      sync,
      changeResult(() => null),
    );
    expect(message).toContain('result must be a list, not null');
    const inside = await invalid(
      () => client.syncLocks(),
      sync,
      changeResult((result) => [null, ...result.slice(1)]),
    );
    expect(inside).toContain('result[0] must be an object, not null');
  });

  it('names a device state of the wrong kind', async () => {
    const message = await invalid(
      () => client.syncLocks(),
      sync,
      changeResult((result) => result.map((item) => ({ ...item, deviceState: 'locked' }))),
    );
    expect(message).toContain('result[0].deviceState must be an object or null, not a string');
  });

  it('says an HTML page is not JSON', async () => {
    const message = await invalid(() => client.syncLocks(), sync, { kind: 'html', status: 200 });
    expect(message).toContain('GET /my/lock/sync: the body is an HTML page, not JSON');
  });

  it('says truncated JSON is not JSON', async () => {
    const message = await invalid(() => client.syncLocks(), sync, { kind: 'truncate' });
    expect(message).toContain('GET /my/lock/sync: the body is not JSON (cut short or garbled)');
  });

  it('refuses a bare list that is not in the envelope, for the sync and the lock list', async () => {
    const bareList: ProxyFault = { kind: 'rewrite', change: () => [] };
    const synced = await invalid(() => client.syncLocks(), sync, bareList);
    expect(synced).toContain(
      "GET /my/lock/sync: the body is not in Tedee's envelope {result, success, errorMessages, statusCode}",
    );
    const listed = await invalid(() => client.listAllLocks(), /\/my\/lock$/, bareList);
    expect(listed).toContain("GET /my/lock: the body is not in Tedee's envelope");
  });

  it('accepts a disconnected lock (deviceState null), as the docs show', async () => {
    proxy.setRules([
      {
        path: sync,
        fault: changeResult((result) => result.map((item) => ({ ...item, deviceState: null }))),
      },
    ]);
    expect(await client.syncLocks()).toHaveLength(2);
  });
});

describe('the other endpoints the hub uses', () => {
  it('GET /my/lock/{id}/sync', async () => {
    const message = await invalid(
      () => client.syncLock(101),
      /\/my\/lock\/101\/sync$/,
      changeResult<Envelope>((result) => ({ ...result, revision: undefined })),
    );
    expect(message).toContain('GET /my/lock/{id}/sync: result.revision is missing');
  });

  it('GET /my/lock', async () => {
    const message = await invalid(
      () => client.listAllLocks(),
      /\/my\/lock$/,
      changeResult((result) => [result[0], { ...result[1], serialNumber: 7 }]),
    );
    expect(message).toContain('GET /my/lock: result[1].serialNumber must be a string, not a number');
  });

  it('POST /my/lock/{id}/operation/lock, unlock and pull', async () => {
    const lock = await invalid(
      () => client.lock(101),
      /operation\/lock$/,
      changeResult(() => ({ lastStateChangedDate: null })),
    );
    expect(lock).toContain('POST /my/lock/{id}/operation/lock: result.operationId is missing');
    const unlock = await invalid(() => client.unlock(101), /operation\/unlock$/, {
      kind: 'html',
      status: 202,
    });
    expect(unlock).toContain('the body is an HTML page');
    await env.control.patchLock(101, { state: 2, pullSpringEnabled: true });
    const pull = await invalid(
      () => client.pull(101),
      /operation\/pull$/,
      changeResult(() => ({ operationId: 12 })),
    );
    expect(pull).toContain('result.operationId must be a string, not a number');
  });

  it('GET /my/device/operation/{operationId}', async () => {
    const { operationId } = await client.lock(101);
    const path = /\/my\/device\/operation\//;
    const status = await invalid(
      () => client.getOperation(operationId),
      path,
      changeResult<Envelope>((result) => ({ ...result, status: 'DONE' })),
    );
    expect(status).toContain('result.status must be one of "PENDING", "COMPLETED", not "DONE"');
    const result = await invalid(
      () => client.getOperation(operationId),
      path,
      changeResult(() => ({ operationId, status: 'COMPLETED' })),
    );
    expect(result).toContain('result.result is missing');
  });

  it('GET /my/personalaccesskey', async () => {
    const message = await invalid(
      () => client.listPersonalAccessKeys(),
      /\/my\/personalaccesskey$/,
      changeResult((result) => result.map((key) => ({ ...key, scopes: 'Device.Read' }))),
    );
    expect(message).toContain('result[0].scopes must be a list, not a string');
  });
});
