/** Retries only where safe: reads on failures, writes only when never sent, a pull never. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttemptInfo } from '../../src/client/index.js';
import { createTedeeClient } from '../../src/client/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, speed: 20 });

beforeEach(async () => {
  await env.control.reset();
});

function clientWithLog(apiUrl = env.url) {
  const attempts: AttemptInfo[] = [];
  const client = createTedeeClient({
    personalAccessKey: env.key,
    apiUrl,
    retries: 2,
    onAttempt: (attempt) => attempts.push(attempt),
    random: () => 0,
  });
  return { client, attempts };
}

async function requestsTo(route: string): Promise<number> {
  return (await env.control.stats()).byRoute[route]?.count ?? 0;
}

describe('reads', () => {
  it('are retried on 5xx and succeed', async () => {
    await env.control.setFaults([{ path: '^/my/lock/sync$', status: 503, count: 2 }]);
    const { client } = clientWithLog();
    expect(await client.syncLocks()).toHaveLength(2);
    expect(await requestsTo('GET /my/lock/sync')).toBe(3);
  });

  it('are retried when the connection drops before an answer', async () => {
    await env.control.setFaults([{ path: '^/my/lock/sync$', drop: 'before', count: 1 }]);
    const { client, attempts } = clientWithLog();
    expect(await client.syncLocks()).toHaveLength(2);
    expect(attempts.map((attempt) => attempt.errorCode ?? attempt.status)).toEqual(['NETWORK', 200]);
  });

  it('are not retried on a 4xx', async () => {
    const { client } = clientWithLog();
    await expect(client.getLock(999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await requestsTo('GET /my/lock/{id}')).toBe(1);
  });
});

describe('lock operations', () => {
  it('are not retried once they may have reached the server (5xx)', async () => {
    await env.control.setFaults([{ path: 'operation/lock', status: 503, count: 1 }]);
    const { client } = clientWithLog();
    await expect(client.lock(101)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(await requestsTo('POST /my/lock/{id}/operation/lock')).toBe(1);
  });

  it('are not retried when the answer is lost after the request arrived', async () => {
    await env.control.patchLock(101, { state: 2 });
    await env.control.setFaults([{ path: 'operation/lock', drop: 'after', count: 1 }]);
    const { client, attempts } = clientWithLog();
    await expect(client.lock(101)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(attempts).toHaveLength(1);
    await waitFor(async () => (await env.control.lock(101)).state === 6);
  });

  it('unlock is retried when the request provably never left (connection refused)', async () => {
    const { client, attempts } = clientWithLog('http://127.0.0.1:1');
    await expect(client.unlock(101)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(attempts).toHaveLength(3);
  });
});

describe('pull spring', () => {
  it('is sent once even when the answer is lost, and the door opens once', async () => {
    await env.control.patchLock(101, { state: 2, pullSpringEnabled: true });
    await env.control.setFaults([{ path: 'operation/pull', drop: 'after', count: 1 }]);
    const { client, attempts } = clientWithLog();
    await expect(client.pull(101)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(attempts).toHaveLength(1);
    expect(await requestsTo('POST /my/lock/{id}/operation/pull')).toBe(1);
    const pulled = async () =>
      (await client.listActivity({ deviceId: 101 })).filter((event) => event.event === 51).length;
    await waitFor(async () => (await pulled()) > 0, 5000, 'the pull to complete');
    await waitFor(async () => (await env.control.lock(101)).state === 2, 5000, 'the latch to return');
    expect(await pulled()).toBe(1);
  });

  it('is not retried even when the connection is refused', async () => {
    const { client, attempts } = clientWithLog('http://127.0.0.1:1');
    await expect(client.pull(101)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(attempts).toHaveLength(1);
  });
});
