/** The emulator's HTTP contract: versions, paths, keys, envelope, control API and faults. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, speed: 50 });

beforeEach(async () => {
  await env.control.reset();
});

function get(path: string, key: string | null = env.key) {
  return fetch(`${env.url}${path}`, { headers: key === null ? {} : { Authorization: `PersonalKey ${key}` } });
}

describe('API versions and paths', () => {
  it('answers v37 with deviceState and v1.34 with lockProperties', async () => {
    const modern = (await (await get('/api/v37/my/lock/sync')).json()) as {
      result: Record<string, unknown>[];
    };
    expect(modern.result[0]).toHaveProperty('deviceState');
    expect(modern.result[0]).not.toHaveProperty('lockProperties');
    const legacy = (await (await get('/api/v1.34/my/lock/101')).json()) as {
      result: Record<string, unknown>;
    };
    expect(legacy.result).toHaveProperty('lockProperties');
    expect(legacy.result).not.toHaveProperty('deviceState');
    const v135 = (await (await get('/api/v1.35/my/lock/sync')).json()) as {
      result: Record<string, unknown>[];
    };
    expect(v135.result[0]).toHaveProperty('deviceState');
  });

  it('refuses an unknown version with the supported ones listed', async () => {
    const response = await get('/api/v2/my/lock/sync');
    expect(response.status).toBe(400);
    expect(response.headers.get('api-supported-versions')).toContain('37');
    expect(((await response.json()) as { errorMessages: string[] }).errorMessages[0]).toContain('v37');
  });

  it('treats resource names and query names case-insensitively, ids case-sensitively', async () => {
    const response = await get('/API/V37/My/Lock/Sync?ID=101');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { id: number }[] }).result.map((lock) => lock.id)).toEqual([
      101,
    ]);
  });

  it('wraps every answer, errors included, in the envelope', async () => {
    for (const path of ['/api/v37/my/lock/sync', '/api/v37/my/nothing', '/api/v37/my/lock/999']) {
      const body = (await (await get(path)).json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(expect.arrayContaining(['success', 'errorMessages', 'statusCode']));
    }
    const missing = await get('/api/v37/my/lock/999');
    expect(await missing.json()).toEqual({
      result: null,
      success: false,
      errorMessages: ['Lock 999 not found.'],
      statusCode: 404,
    });
  });

  it('answers 401 without a key or with a Bearer token, 403 without the scope', async () => {
    expect((await get('/api/v37/my/lock/sync', null)).status).toBe(401);
    const bearer = await fetch(`${env.url}/api/v37/my/lock/sync`, {
      headers: { Authorization: 'Bearer abc' },
    });
    expect(bearer.status).toBe(401);
    const limited = await env.control.createKey({ scopes: ['DeviceActivity.Read'] });
    const forbidden = await get('/api/v37/my/lock/sync', limited.key);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { errorMessages: string[] }).errorMessages[0]).toContain(
      'Device.Read',
    );
  });

  it('answers 405 for a known path with another method and 400 for a broken body', async () => {
    expect(
      (
        await fetch(`${env.url}/api/v37/my/lock/sync`, {
          method: 'DELETE',
          headers: { Authorization: `PersonalKey ${env.key}` },
        })
      ).status,
    ).toBe(405);
    const broken = await fetch(`${env.url}/api/v37/my/lock/101/pin`, {
      method: 'POST',
      headers: { Authorization: `PersonalKey ${env.key}`, 'Content-Type': 'application/json' },
      body: '{"alias":',
    });
    expect(broken.status).toBe(400);
  });
});

describe('bad requests', () => {
  it('answer 400 for a path that is not valid percent-encoding, and the emulator keeps running', async () => {
    const response = await get('/api/v37/my/lock/%ZZ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, statusCode: 400 });
    expect((await get('/api/v37/my/lock/sync')).status).toBe(200);
  });

  it('refuse a key with anything after its secret', async () => {
    expect((await get('/api/v37/my/lock/sync', `${env.key}.extra`)).status).toBe(401);
  });

  it('answer the 11th lock-list read with 429 and keep serving other requests', async () => {
    for (let i = 0; i < 10; i++) await get('/api/v37/my/lock');
    const before = (await env.control.stats()).total;
    expect((await get('/api/v37/my/lock')).status).toBe(429);
    expect((await get('/api/v37/my/lock/sync')).status).toBe(200);
    expect((await env.control.stats()).total).toBe(before + 2);
  });
});

describe('the world', () => {
  it('builds the same locks from the same seed', async () => {
    const first = (await env.control.locks()).map((lock) => [
      lock.serialNumber,
      lock.name,
      lock.type,
      lock.batteryLevel,
    ]);
    await env.control.reset();
    const second = (await env.control.locks()).map((lock) => [
      lock.serialNumber,
      lock.name,
      lock.type,
      lock.batteryLevel,
    ]);
    expect(second).toEqual(first);
  });

  it('takes a bridge offline with all its locks', async () => {
    await env.control.setBridge(1, false);
    const body = (await (await get('/api/v37/my/lock/sync')).json()) as {
      result: { isConnected: boolean; deviceState: unknown }[];
    };
    expect(body.result.every((lock) => lock.isConnected === false && lock.deviceState === null)).toBe(true);
  });

  it('renaming a lock through the control API bumps its revision', async () => {
    const before = await env.control.lock(101);
    const after = await env.control.patchLock(101, { name: 'Renamed' });
    expect(after.revision).toBe(before.revision + 1);
  });

  it("gives the first access created after a reset an id of its own, never the owner's", async () => {
    await env.control.reset();
    const created = await fetch(`${env.url}/api/v37/my/device/101/access`, {
      method: 'POST',
      headers: { Authorization: `PersonalKey ${env.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accessLevel: 0, principalType: 0, userEmail: 'alice@example.com' }),
    });
    expect(created.status).toBe(201);
    const access = ((await created.json()) as { result: { id: string; principalId: string } }).result;
    const list = (await (await get('/api/v37/my/device/101/access')).json()) as {
      result: { id: string; principalId: string }[];
    };
    const ids = list.result.flatMap((entry) => [entry.id, entry.principalId]);
    expect(ids).toContain(access.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('records statistics per route', async () => {
    await get('/api/v37/my/lock/sync');
    await get('/api/v37/my/lock/101/sync');
    await get('/api/v37/my/lock/102/sync');
    const stats = await env.control.stats();
    expect(stats.byRoute['GET /my/lock/{id}/sync']).toEqual({ count: 2, statuses: { 200: 2 } });
    expect(stats.total).toBe(3);
  });

  it('refuses invalid fault rules, naming the field', async () => {
    await expect(env.control.setFaults([{ status: 299 }])).rejects.toThrow(/status must be one of/);
    await expect(env.control.setFaults([{ rate: 2 }])).rejects.toThrow(/rate must be from 0 to 1/);
  });

  it('answers a gateway HTML page instead of handling the request (body: html)', async () => {
    await env.control.setFaults([{ path: '/operation/unlock$', body: 'html', status: 503 }]);
    const post = await fetch(`${env.url}/api/v37/my/lock/101/operation/unlock`, {
      method: 'POST',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    expect(post.status).toBe(503);
    expect(post.headers.get('content-type')).toContain('text/html');
    expect(await post.text()).toContain('<h1>503 Bad Gateway</h1>');
    expect((await env.control.lock(101)).state).toBe(6);
  });

  it('handles the request and cuts its JSON in half (body: truncated); the log names the path', async () => {
    await env.control.patchLock(102, { state: 2 });
    await env.control.setFaults([{ path: '/operation/lock$', body: 'truncated' }]);
    const post = await fetch(`${env.url}/api/v37/my/lock/102/operation/lock`, {
      method: 'POST',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    expect(post.status).toBe(202);
    const text = await post.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text.startsWith('{"result":')).toBe(true);
    await waitFor(async () => (await env.control.lock(102)).state === 6, 5000, 'the lock to lock');
    const log = await env.control.requests();
    expect(log.at(-1)).toMatchObject({
      route: '/my/lock/{id}/operation/lock',
      path: '/my/lock/102/operation/lock',
      status: 202,
    });
    await expect(env.control.setFaults([{ body: 'xml' as 'html' }])).rejects.toThrow(/body must be/);
  });

  it("drops every open connection but the caller's", async () => {
    const { request } = await import('node:http');
    const closed = new Promise<string>((resolve) => {
      // A client that keeps its connection open: the drop ends it.
      const outgoing = request(`${env.url}/api/v37/my/lock/sync`, {
        headers: { Authorization: `PersonalKey ${env.key}`, Connection: 'keep-alive' },
      });
      outgoing.on('response', (answer) => {
        answer.resume();
        answer.socket.on('close', () => resolve('closed'));
      });
      outgoing.end();
    });
    await waitFor(async () => (await env.control.requests()).length === 1, 5000, 'the sync');
    expect((await env.control.dropConnections()).dropped).toBeGreaterThanOrEqual(1);
    expect(await closed).toBe('closed');
  });

  it('jams a lock: semi-locked, failed state change, event 40', async () => {
    await env.control.jam(101);
    const body = (await (await get('/api/v37/my/lock/101/sync')).json()) as {
      result: { deviceState: { state: number; stateChangeResult: number } };
    };
    expect(body.result.deviceState).toMatchObject({ state: 3, stateChangeResult: 1 });
    const activity = (await (await get('/api/v37/my/deviceactivity?deviceId=101')).json()) as {
      result: { event: number }[];
    };
    expect(activity.result[0]!.event).toBe(40);
  });

  it('a jam set for the next movement fails that operation', async () => {
    await env.control.patchLock(102, { state: 2, jamNext: true });
    const post = await fetch(`${env.url}/api/v37/my/lock/102/operation/lock`, {
      method: 'POST',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    const { result } = (await post.json()) as { result: { operationId: string } };
    const operation = await waitFor(async () => {
      const body = (await (await get(`/api/v37/my/device/operation/${result.operationId}`)).json()) as {
        result: { status: string; result: number };
      };
      return body.result.status === 'COMPLETED' && body.result;
    });
    expect(operation.result).toBe(1);
    expect((await env.control.lock(102)).state).toBe(3);
  });
});
