/**
 * The cloud faults, one row each: what is injected (through the emulator's control API, or the DNS entry
 * of the emulator's name), for how long, how it ends, and what the invariants may expect of it. The
 * invariants themselves are the same for every row (runner.ts, invariants.ts, convergence.ts).
 */
import { expect } from 'vitest';
import type { HostsEntry } from './hostsEntry.js';
import type { Scenario } from './runner.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Locks the emulator takes offline: one alone, and the four behind the bridge of lock 113. */
const OFFLINE_LOCK = 105;
const BRIDGED_LOCKS = [113, 114, 115, 116];

const failedPolls = (world: { hub: { health: { state: string } } }) => world.hub.health.state !== 'ok';

export function flakyCloud(): Scenario[] {
  return [
    {
      name: '30 % 5xx, for 90 minutes under a load above the budget',
      // 600x: 90 minutes take 9 s. A budget of 300 requests an hour (half the default) against a poll every
      // 10 s, a command every 15 s (4 to 5 requests each) and a retry for every 5xx: the budget must bind.
      world: { speed: 600, hub: { commandTimeout: 300, requestBudgetPerHour: 300 } },
      inject: async (world) => {
        await world.control.setFaults([
          { status: 500, rate: 0.1 },
          { status: 502, rate: 0.1 },
          { status: 503, rate: 0.12 },
        ]);
      },
      faultMs: 90 * MINUTE,
      recover: async (world) => void (await world.control.clearFaults()),
      // Reads are retried twice: a poll fails one time in 37, three in a row one time in 50,000.
      cloudUnavailable: 'never',
      check: async (world) => {
        const log = await world.requests();
        expect(log.filter((entry) => entry.status >= 500).length).toBeGreaterThan(10);
        // The budget bound: commands beyond it were refused before sending, with a code.
        expect(world.commands.sent.some((c) => c.code === 'BUDGET_EXHAUSTED')).toBe(true);
      },
    },
    {
      name: 'timeouts',
      // 30 % of the answers come 700 ms (real) late, past the client's 400 ms deadline; the cloud acted.
      world: { requestTimeoutMs: 400 },
      inject: async (world) => void (await world.control.setFaults([{ latencyMs: 700, rate: 0.3 }])),
      faultMs: 6 * MINUTE,
      recover: async (world) => void (await world.control.clearFaults()),
      cloudUnavailable: 'never',
      check: (world) => {
        expect(world.commands.sent.some((c) => c.code === 'TIMEOUT' || c.code === 'COMMAND_TIMEOUT')).toBe(
          true,
        );
      },
    },
    {
      name: 'dropped connections, before and after the door moved',
      inject: async (world) => {
        await world.control.setFaults([
          // The next two pulls open the door and lose their answer: the case where a second pull would let
          // someone in twice.
          { method: 'POST', path: '/operation/pull$', drop: 'after', count: 2 },
          { method: 'POST', path: '/operation/', drop: 'after', rate: 0.3 },
          { drop: 'before', rate: 0.2 },
        ]);
      },
      faultMs: 6 * MINUTE,
      recover: async (world) => void (await world.control.clearFaults()),
      cloudUnavailable: 'never',
      check: async (world) => {
        const log = await world.requests();
        // Operations the emulator ran and answered with a closed connection: the door moved.
        const lostPulls = log.filter((entry) => entry.status === 0 && entry.path.endsWith('/operation/pull'));
        expect(lostPulls.length).toBeGreaterThanOrEqual(1);
        expect(world.commands.sent.some((c) => c.outcome === 'unknown' && c.code === 'NETWORK')).toBe(true);
      },
    },
    {
      name: '429 bursts with Retry-After',
      inject: async (world) => {
        await world.control.setFaults([{ status: 429, retryAfterSeconds: 60, count: 6 }]);
      },
      faultMs: 5 * MINUTE,
      recover: async (world) => void (await world.control.clearFaults()),
      injects429: true,
      cloudUnavailable: 'allowed',
      check: async (world) => {
        const log = await world.requests();
        const first = log.find((entry) => entry.status === 429);
        expect(first).toBeDefined();
        // Requests in flight when the 429 came may still arrive; then nothing until Retry-After ends.
        const quiet = log.filter((entry) => entry.t > first!.t + 10_000 && entry.t < first!.t + 58_000);
        expect(quiet).toEqual([]);
      },
    },
    {
      name: 'HTML error pages and truncated JSON',
      inject: async (world) => {
        // Everywhere at random, and for certain on the first three commands' answers: at random alone, a run
        // whose commands all escaped the 15 % (a few commands fall in the fault's six minutes) failed the check
        // below in CI (stop 17). The random rules leave the commands to the certain one, so that a command's
        // cut answer is not also a 502.
        const notCommands = '^(?!.*/operation/)';
        await world.control.setFaults([
          { method: 'POST', path: '/operation/(lock|unlock|pull)$', body: 'truncated', count: 3 },
          { path: notCommands, body: 'html', status: 502, rate: 0.15 },
          { path: notCommands, body: 'truncated', rate: 0.15 },
        ]);
      },
      faultMs: 6 * MINUTE,
      recover: async (world) => void (await world.control.clearFaults()),
      // A cut answer is not retried (the request was handled): polls may fail three in a row.
      cloudUnavailable: 'allowed',
      check: (world) => {
        expect(world.commands.sent.some((c) => c.code === 'INVALID_RESPONSE')).toBe(true);
      },
    },
  ];
}

export function unreachableCloud(hosts: HostsEntry): Scenario[] {
  let primaryKeyId = '';
  let secondaryPrefix = '';
  let secrets: string[] = [];
  return [
    {
      name: 'a lock and a bridge offline',
      inject: async (world) => {
        await world.control.patchLock(OFFLINE_LOCK, { connected: false });
        await world.control.setBridge(world.emulator.world.lock(String(BRIDGED_LOCKS[0]!)).bridgeId!, false);
      },
      faultMs: 3 * MINUTE,
      until: (world) =>
        [OFFLINE_LOCK, ...BRIDGED_LOCKS].every((id) => world.hub.lock(id)?.available === false),
      recover: async (world) => {
        await world.control.patchLock(OFFLINE_LOCK, { connected: true });
        await world.control.setBridge(world.emulator.world.lock(String(BRIDGED_LOCKS[0]!)).bridgeId!, true);
      },
      offlineLocks: [OFFLINE_LOCK, ...BRIDGED_LOCKS],
      cloudUnavailable: 'never',
      check: (world) => {
        const offline = world.commands.sent.filter((c) => c.code === 'LOCK_OFFLINE');
        expect(offline.length).toBeGreaterThan(0);
      },
    },
    {
      name: 'DNS failure',
      inject: async (world) => {
        hosts.up = false;
        // Connections already open outlive a DNS failure; the cloud's load balancer closes them.
        await world.control.dropConnections();
      },
      faultMs: 2 * MINUTE,
      until: failedPolls,
      recover: () => {
        hosts.up = true;
        return Promise.resolve();
      },
      unreachable: true,
      cloudUnavailable: 'required',
      check: (world) => {
        expect(hosts.failedLookups).toBeGreaterThan(0);
        // The name did not resolve, so nothing was sent: failed, not unknown.
        expect(world.commands.sent.some((c) => c.outcome === 'failed' && c.code === 'NETWORK')).toBe(true);
      },
    },
    {
      name: 'the key revoked mid-run, the second key takes over',
      world: {
        keys: async (control) => {
          const primary = await control.createKey({ name: 'primary' });
          const secondary = await control.createKey({ name: 'secondary' });
          primaryKeyId = primary.id;
          secondaryPrefix = secondary.prefix;
          secrets = [primary.key, secondary.key].map((key) => key.split('.')[1]!);
          return { primary: primary.key, secondary: secondary.key };
        },
      },
      inject: async (world) => {
        const answer = await fetch(`${world.emulator.url}/api/v37/my/personalaccesskey/${primaryKeyId}`, {
          method: 'DELETE',
          headers: { Authorization: `PersonalKey ${world.emulator.key}` },
        });
        expect(answer.status).toBeLessThan(300);
      },
      faultMs: 2 * MINUTE,
      until: (world) => world.hub.health.code === 'AUTH_INVALID',
      // Nothing to undo: the hub runs on the second key from now on.
      recover: () => Promise.resolve(),
      health: 'degraded',
      cloudUnavailable: 'never',
      check: async (world) => {
        const clients = await world.control.clients();
        expect(clients.find((client) => client.key.startsWith(secondaryPrefix))?.requests).toBeGreaterThan(0);
        // No downtime: no command was lost to the rotation.
        expect(world.commands.sent.filter((c) => c.code === 'AUTH_INVALID')).toEqual([]);
        // Both keys are named by their prefix only.
        for (const secret of secrets) expect(world.logger.text()).not.toContain(secret);
        expect(world.logger.text()).toContain(secondaryPrefix);
      },
    },
    {
      name: 'a 12 hour outage, then recovery',
      // 3600x: an emulated hour is a real second. A command every 10 minutes, a key every hour.
      world: { speed: 3600, commandEveryMs: 10 * MINUTE, issueEveryMs: HOUR, hub: { commandTimeout: 600 } },
      inject: async (world) => void (await world.control.setFaults([{ status: 503 }])),
      faultMs: 12 * HOUR,
      recover: async (world) => void (await world.control.clearFaults()),
      cloudUnavailable: 'required',
    },
    {
      name: 'the emulator restarted with changed state',
      inject: (world) => world.closeEmulator(),
      faultMs: 2 * MINUTE,
      until: failedPolls,
      recover: (world) =>
        world.restartEmulator(async (control) => {
          // While it was down, people used the doors; one lock lost its bridge; one was renamed.
          await control.patchLock(101, { state: 2 });
          await control.patchLock(102, { state: 2 });
          await control.patchLock(110, { connected: false });
          await control.patchLock(111, { name: 'Garden gate' });
        }),
      unreachable: true,
      offlineLocks: [110],
      cloudUnavailable: 'required',
      check: (world) => {
        expect(world.hub.lock(111)?.name).toBe('Garden gate');
      },
    },
  ];
}
