/** Never hangs: every request ends at its deadline, and a huge answer is refused without being held. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TedeeClientOptions } from '../../src/client/index.js';
import { createTedeeClient, DEFAULT_MAX_RESPONSE_BYTES, TedeeError } from '../../src/client/index.js';
import { useEmulator } from '../helpers/emulator.js';
import type { FaultProxy } from '../helpers/faultProxy.js';
import { startFaultProxy } from '../helpers/faultProxy.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, speed: 20 });
let proxy: FaultProxy;

beforeAll(async () => {
  proxy = await startFaultProxy(env.url);
});
afterAll(async () => {
  await proxy?.close();
});
beforeEach(async () => {
  await env.control.reset();
  proxy.reset();
});

function client(options: Partial<TedeeClientOptions> = {}) {
  return createTedeeClient({ personalAccessKey: env.key, apiUrl: proxy.url, retries: 0, ...options });
}

async function failure(promise: Promise<unknown>): Promise<TedeeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TedeeError);
  return error as TedeeError;
}

describe('the overall deadline', () => {
  it('ends an answer that drips one byte at a time, though bytes keep coming', async () => {
    // Each byte arrives well within the deadline, so an idle timeout alone never fires.
    proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'drip', intervalMs: 250 } }]);
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 1500 }).syncLocks());
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ code: 'TIMEOUT', sent: true, endpoint: 'GET /my/lock/sync' });
    expect(error.message).toContain('1.5 s');
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(1500 + 4000);
    // The client hung up: the proxy stopped dripping long before the answer was complete.
    await waitFor(() => proxy.events[0]?.clientClosed, 5000, 'the client to close the dripping answer');
    expect(proxy.events[0]!.finished).toBe(false);
  });

  it('bounds every attempt of a retried read, so the whole call ends', async () => {
    proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'drip', intervalMs: 250 } }]);
    const attempts: (string | number | undefined)[] = [];
    const started = performance.now();
    const error = await failure(
      client({
        timeoutMs: 800,
        retries: 1,
        random: () => 0,
        onAttempt: (attempt) => attempts.push(attempt.errorCode ?? attempt.status),
      }).syncLocks(),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(attempts).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(performance.now() - started).toBeLessThan(2 * 800 + 500 + 4000);
  });

  it('a lock command that times out after sending says it may have been sent', async () => {
    proxy.setRules([{ path: /operation\/lock$/, fault: { kind: 'drip', intervalMs: 250 } }]);
    const error = await failure(client({ timeoutMs: 800 }).lock(101));
    expect(error).toMatchObject({ code: 'TIMEOUT', sent: true });
  });

  it('leaves normal answers alone', async () => {
    expect(await client({ timeoutMs: 1500 }).syncLocks()).toHaveLength(2);
  });
});

describe('the maximum answer size', () => {
  it('has a documented default with a wide margin over the largest real answer', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(8 * 1024 * 1024);
  });

  it('refuses an 80 MB answer with INVALID_RESPONSE without holding it', async () => {
    const bytes = 80 * 1024 * 1024;
    proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'huge', bytes } }]);
    const before = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      const grown = now.arrayBuffers - before.arrayBuffers + (now.heapUsed - before.heapUsed);
      peak = Math.max(peak, grown);
    }, 2);
    try {
      const error = await failure(client({ timeoutMs: 20_000 }).syncLocks());
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE', sent: true, endpoint: 'GET /my/lock/sync' });
      expect(error.message).toContain('more than 8 MiB');
    } finally {
      clearInterval(sampler);
    }
    await waitFor(() => proxy.events[0]?.clientClosed, 5000, 'the client to close the huge answer');
    // The client stopped reading at the limit: what the proxy could write is the limit plus the socket
    // buffers, far below the answer's size. The process grew by about the limit, not by 80 MB.
    expect(proxy.events[0]!.bytesWritten).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES + 16 * 1024 * 1024);
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  });

  it('is a transport option', async () => {
    proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'huge', bytes: 200_000 } }]);
    const error = await failure(client({ maxResponseBytes: 100_000 }).syncLocks());
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('more than 100000 bytes');
    proxy.setRules([]);
    expect(await client({ maxResponseBytes: 100_000 }).syncLocks()).toHaveLength(2);
  });
});

describe('lost connections', () => {
  const LOCK_ROUTE = 'POST /my/lock/{id}/operation/lock';
  const requestsTo = async (route: string) => (await env.control.stats()).byRoute[route]?.count ?? 0;

  it('dropped before forwarding: the lock never moved, and the client cannot tell (sent: true)', async () => {
    await env.control.patchLock(101, { state: 2 });
    proxy.setRules([{ path: /operation\/lock$/, fault: { kind: 'dropBefore' }, count: 1 }]);
    const error = await failure(client().lock(101));
    // The connection was open when it closed: from the client's side the request may have arrived.
    expect(error).toMatchObject({ code: 'NETWORK', sent: true });
    expect(await requestsTo(LOCK_ROUTE)).toBe(0);
    expect((await env.control.lock(101)).state).toBe(2);
  });

  it('dropped after forwarding: the door moved and the answer is lost', async () => {
    await env.control.patchLock(101, { state: 2 });
    proxy.setRules([{ path: /operation\/lock$/, fault: { kind: 'dropAfter' }, count: 1 }]);
    const error = await failure(client().lock(101));
    expect(error).toMatchObject({ code: 'NETWORK', sent: true });
    expect(await requestsTo(LOCK_ROUTE)).toBe(1);
    await waitFor(async () => (await env.control.lock(101)).state === 6, 10_000, 'the lock to lock');
  });

  it('only as often as a rule says, then requests pass again', async () => {
    proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'dropBefore' }, count: 1 }]);
    await failure(client().syncLocks());
    expect(await client().syncLocks()).toHaveLength(2);
  });
});
