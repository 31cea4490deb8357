/**
 * The hub's health, ready() when the hub cannot start, and the way back from a 401: a small proxy in front
 * of the emulator answers 401 like a gateway's passing error page, or stops listening altogether.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HealthStatus } from '../../src/core/index.js';
import { HubError } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { eventsOf, startHub } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

// 50x: a 10 s poll interval takes 0.2 s; the 401 test jumps the clock to just before each check of the key.
const env = useEmulator({ locks: 3, speed: 50 });

beforeEach(async () => {
  await env.control.reset();
});

interface Proxy {
  url: string;
  /** While true, every request gets a gateway's 401 page. */
  rejecting: boolean;
  /** Clock times of the requests answered 401. */
  rejected: number[];
  close(): Promise<void>;
}

const proxies: Proxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/** Forwards to the emulator, or answers 401 while `rejecting`. */
async function startProxy(): Promise<Proxy> {
  const target = new URL(env.url);
  const server = createServer((incoming, outgoing) => {
    if (proxy.rejecting) {
      proxy.rejected.push(env.emulator.clock.now());
      outgoing.writeHead(401, { 'Content-Type': 'text/html' }).end('<html><h1>401 Unauthorized</h1></html>');
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        // No keep-alive: once the proxy is closed, the next request meets a refused connection.
        outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, connection: 'close' });
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: Proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rejecting: false,
    rejected: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  proxies.push(proxy);
  return proxy;
}

function states(fixture: ReturnType<typeof startHub>): HealthStatus['state'][] {
  return eventsOf(fixture, 'healthChanged').map((status) => status.state);
}

describe('health', () => {
  it('goes from starting to ok at discovery, to degraded when polls keep failing, and back', async () => {
    const fixture = startHub(env, { unavailableAfterFailures: 2 });
    expect(fixture.hub.health).toEqual({ state: 'starting' });
    await fixture.hub.ready();
    expect(fixture.hub.health).toEqual({ state: 'ok' });
    await env.control.setFaults([{ path: '^/my/lock/sync', status: 503 }]);
    await waitFor(() => fixture.hub.health.state === 'degraded', 15_000);
    expect(fixture.hub.health.code).toBe('SERVER_ERROR');
    expect(fixture.hub.health.reason).toContain('polls in a row');
    await env.control.clearFaults();
    await waitFor(() => fixture.hub.health.state === 'ok', 15_000);
    expect(states(fixture)).toEqual(['ok', 'degraded', 'ok']);
  });

  it('is degraded while the hub runs on the secondary key because the primary was rejected', async () => {
    const first = await env.control.createKey({ name: 'old' });
    const second = await env.control.createKey({ name: 'new' });
    const fixture = startHub(env, { personalAccessKey: first.key, secondaryAccessKey: second.key });
    await fixture.hub.ready();
    await fetch(`${env.url}/api/v37/my/personalaccesskey/${first.id}`, {
      method: 'DELETE',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    await waitFor(() => fixture.hub.health.state === 'degraded');
    expect(fixture.hub.health.code).toBe('AUTH_INVALID');
    expect(fixture.hub.health.reason).toContain(`secondary key ${second.prefix}.***`);
  });
});

describe('ready() rejects when the hub cannot start', () => {
  it('with the code AUTH_INVALID when every key is rejected', async () => {
    const fixture = startHub(env, { personalAccessKey: 'revoked.0123456789abcdef' });
    await expect(fixture.hub.ready()).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(fixture.hub.health).toMatchObject({ state: 'failed', code: 'AUTH_INVALID' });
    // Asked again after the failure, it says so at once.
    await expect(fixture.hub.ready()).rejects.toMatchObject({ code: 'AUTH_INVALID' });
  });

  it("with the cloud's code after the configured failures, and resolves once discovery works", async () => {
    await env.control.setFaults([{ method: 'GET', path: '^/my/lock$', status: 503 }]);
    const fixture = startHub(env, { unavailableAfterFailures: 2 });
    await expect(fixture.hub.ready()).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(fixture.hub.health.state).toBe('failed');
    await env.control.clearFaults();
    // The hub keeps trying; once discovery works, ready() resolves.
    await waitFor(() => fixture.hub.isReady, 15_000);
    expect(await fixture.hub.ready()).toHaveLength(3);
    expect(fixture.hub.health.state).toBe('ok');
  });
});

describe('a 401 does not stop the hub for ever', () => {
  it('stops polling at once, checks the key after 30 s, 60 s, then every 2 minutes, and resumes by itself', async () => {
    const proxy = await startProxy();
    const fixture = startHub(env, { apiUrl: proxy.url });
    await fixture.hub.ready();
    proxy.rejecting = true;
    // Each check of the key is due 30 s, 60 s, 120 s, 120 s after the last 401. Once the hub has taken a 401
    // (its log line is written as the next check is armed), the clock jumps to 5 s before the next check
    // is due and then runs: a check due earlier would fire during the jump and reach the proxy about 5 s
    // early, which the lower bounds below catch.
    const handled = (count: number) =>
      fixture.logger.lines.filter(
        (line) =>
          line.message.startsWith('Polling stopped') ||
          line.message.startsWith('The keys are still rejected'),
      ).length >= count;
    for (const [index, expected] of [30_000, 60_000, 120_000, 120_000].entries()) {
      await waitFor(() => handled(index + 1), 20_000, `the hub to take 401 number ${index + 1}`);
      const due = proxy.rejected[index]! + expected;
      const jump = Math.floor(due - 5_000 - env.emulator.clock.now());
      if (jump > 0) await env.control.setTime({ advanceMs: jump });
    }
    await waitFor(() => proxy.rejected.length >= 5, 20_000, 'four checks of the key');
    expect(fixture.hub.health).toMatchObject({ state: 'failed', code: 'AUTH_INVALID' });
    expect(fixture.hub.locks().every((lock) => !lock.available)).toBe(true);
    const gaps = proxy.rejected.slice(1, 5).map((at, index) => at - proxy.rejected[index]!);
    // Lower bounds are exact (a timer never fires early); upper bounds leave a loaded machine 25 s of
    // clock time (0.5 s real), less than the next doubling.
    [30_000, 60_000, 120_000, 120_000].forEach((expected, index) => {
      expect(gaps[index]).toBeGreaterThanOrEqual(expected - 500);
      expect(gaps[index]).toBeLessThan(expected + 25_000);
    });
    proxy.rejecting = false;
    // The next check, 2 minutes after the last 401, finds the key accepted: the clock jumps to 5 s before it.
    await waitFor(() => handled(5), 20_000, 'the hub to take 401 number 5');
    const jump = Math.floor(proxy.rejected[4]! + 120_000 - 5_000 - env.emulator.clock.now());
    if (jump > 0) await env.control.setTime({ advanceMs: jump });
    await waitFor(() => fixture.hub.health.state === 'ok', 10_000, 'the hub to resume');
    expect(fixture.hub.locks().every((lock) => lock.available)).toBe(true);
    expect(fixture.logger.text()).toContain('polling resumed');
    expect(fixture.logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
    await env.control.physical(102, 'unlock');
    await waitFor(() => fixture.hub.lock(102)?.status.state === 'unlocked');
    expect((await fixture.hub.command(102, 'lock').result).outcome).toBe('confirmed');
  });
});

describe('failed when the command surely did not reach the cloud', () => {
  it('a refused connection ends the command failed, not unknown', async () => {
    const proxy = await startProxy();
    const fixture = startHub(env, { apiUrl: proxy.url });
    await fixture.hub.ready();
    await proxy.close();
    const result = await fixture.hub.command(101, 'unlock').result;
    expect(result).toMatchObject({ outcome: 'failed', code: 'NETWORK' });
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/unlock']).toBeUndefined();
  });
});

describe('the context the hub shares with core services', () => {
  it('is one frozen object: masked settings with the data folder, and the parts a service is built from', async () => {
    const fixture = startHub(env, { dataDir: '/var/lib/tedee-hub' });
    await fixture.hub.ready();
    const { context } = fixture.hub;
    expect(Object.isFrozen(context) && Object.isFrozen(context.settings)).toBe(true);
    expect(context.settings.dataDir).toBe('/var/lib/tedee-hub');
    expect(context.settings.personalAccessKey).toBe(`${env.key.split('.')[0]}.***`);
    expect(context.health.status).toEqual(fixture.hub.health);
    // The hub's own clock (the one it was given), not a copy: read between two of the hub's readings, since
    // at 50x a real millisecond between two reads is 50 ms of clock time.
    expect(context.clock).toBe(env.emulator.clock);
    const before = fixture.hub.now();
    const read = context.clock.now();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(fixture.hub.now());
    // A service reads the cloud with the active key, and its events reach the hub's listeners.
    const synced = await context.credentials.use((account) => account.locks.syncAll(() => undefined));
    expect(synced.map((lock) => lock.id)).toEqual([101, 102, 103]);
    context.bus.emit('error', { error: new HubError('INTERNAL', 'from a service'), context: 'keys' });
    expect(eventsOf(fixture, 'error').map((event) => event.context)).toEqual(['keys']);
  });
});
