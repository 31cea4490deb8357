/**
 * `kill -9` of a hub process in the middle of issuing a key, and the restart. The issuer is a child process
 * (test/fixtures/keyIssuer.mjs on dist/) issuing one person a doorcode, an app key and a smart key on three
 * doors (seven writes). An emulator fault rule holds the answer of one write so the process is surely killed
 * with that write in flight: either the write landed and only its answer is held (latency: the emulator acts
 * first, then waits), or it never lands (a 503 that waits before answering). The service started again on the
 * same data folder recovers, and the cloud (the emulator's records) and the store agree; reconcile finds no
 * drift. keys.service.crash.test.ts covers a doorcode-only key killed at its third PIN; these add the second
 * write, the app key and the link, writes that never landed, and a kill in the middle of a rollback.
 * Run `npx tsc -p tsconfig.build.json` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/emulator/faults.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectCloudMatchesStore } from '../helpers/keyFaults.js';
import { intended, spawnIssuer } from '../helpers/keyIssuerProcess.js';
import { cloudState, pinsOn, restartKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
let doors: number[];
let dataDir: string;

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keys-kill-'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function request() {
  return {
    name: 'Stay 14',
    persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
    doors,
    credentials: { doorcode: true, appkey: true, smartkey: true },
  };
}

/** The answer is held for a minute: the write lands at once (`landed`) or is refused with 503 (`lost`). */
function held(how: 'landed' | 'lost', rule: FaultRule): FaultRule {
  return { ...rule, latencyMs: 60_000, ...(how === 'lost' ? { status: 503 } : {}) };
}

/** Whether the emulator holds the object the write creates (the door's PIN or access, or the link). */
function landed(kind: 'doorcode' | 'appkey' | 'smartkey', lockId: number | undefined): boolean {
  const cloud = cloudState(env, doors);
  if (kind === 'smartkey') return cloud.links.length === 1;
  return (kind === 'doorcode' ? cloud.pins : cloud.access)[lockId!]!.length === 1;
}

/** The restart: the service on the same folder; start() settles the journal and resumes pending keys. */
const restart = () => restartKeyService(env, dataDir);

describe('killed with a write in flight, restarted: the key is finished, one object each', () => {
  const cases = [
    {
      write: 'the 2nd (door 2 PIN)',
      how: 'landed',
      kind: 'doorcode',
      path: (d: number[]) => `^/my/lock/${d[1]}/pin$`,
      door: 1,
    },
    {
      write: 'the 2nd (door 2 PIN)',
      how: 'lost',
      kind: 'doorcode',
      path: (d: number[]) => `^/my/lock/${d[1]}/pin$`,
      door: 1,
    },
    {
      write: 'the 5th (door 2 access)',
      how: 'landed',
      kind: 'appkey',
      path: (d: number[]) => `^/my/device/${d[1]}/access$`,
      door: 1,
    },
    {
      write: 'the 7th (the link)',
      how: 'landed',
      kind: 'smartkey',
      path: () => '^/organization/\\d+/accesslink$',
    },
  ] as const;

  it.each(cases)('$write, $how', async ({ how, kind, path, ...rest }) => {
    const lockId = 'door' in rest ? doors[rest.door] : undefined;
    await env.control.addFault(held(how, { method: 'POST', path: path(doors) }));
    const issuer = spawnIssuer(env, dataDir, request());
    await waitFor(() => pinsOn(env, doors[0]!).length === 1, 20_000, 'the first write');
    await waitFor(() => intended(dataDir, 'create', kind, lockId), 20_000, 'the write in flight');
    // "Landed": killed once the emulator holds the object (only its answer is held), not merely once the
    // journal says the write is on its way: a create still in the emulator when recovery looks for it lands
    // after the look, which is another case (the closing note of stop 17).
    if (how === 'landed') await waitFor(() => landed(kind, lockId), 20_000, 'the write landed');
    expect(await issuer.kill()).toBe('SIGKILL');
    expect(issuer.output()).not.toContain('issued');

    const fx = await restart();
    const [key] = fx.service.list();
    expect(key!.status).toBe('active');
    expect(key!.objects).toHaveLength(7);
    const cloud = cloudState(env, doors);
    for (const door of doors) {
      expect(cloud.pins[door]).toHaveLength(1);
      expect(cloud.access[door]).toHaveLength(1);
    }
    expect(cloud.links).toHaveLength(1);
    expect(fx.service.show(key!.id, { reveal: true }).persons[0]!.link).toBe(cloud.links[0]!.url);
    expectCloudMatchesStore(env, fx.store, doors);
    expect(await fx.service.reconcile()).toEqual([]);
  });
});

describe('killed during a rollback, restarted: the rollback is finished, nothing left', () => {
  it.each(['landed', 'lost'] as const)('the first delete %s', async (how) => {
    // The 3rd write (door 3's PIN) is refused: the rollback deletes doors 1 and 2's PINs; the first hangs.
    await env.control.setFaults([
      { method: 'POST', path: `^/my/lock/${doors[2]}/pin$`, status: 400, count: 1 },
      held(how, { method: 'DELETE', path: '^/my/lock/\\d+/pin/\\d+$' }),
    ]);
    const issuer = spawnIssuer(env, dataDir, request());
    await waitFor(() => intended(dataDir, 'delete', 'doorcode'), 20_000, 'the first delete in flight');
    expect(await issuer.kill()).toBe('SIGKILL');
    expect(issuer.output()).not.toContain('refused');

    const fx = await restart();
    const [key] = fx.service.list();
    expect(key!.status).toBe('failed');
    expect(key!.objects.map((o) => o.status)).toEqual([
      'removed',
      'removed',
      'failed',
      'removed',
      'removed',
      'removed',
      'removed',
    ]);
    expectCloudMatchesStore(env, fx.store, doors);
    expect(cloudState(env, doors).pins).toEqual(Object.fromEntries(doors.map((d) => [d, []])));
    expect(await fx.service.reconcile()).toEqual([]);
  });
});

describe('killed during a rollback, restarted while the lock is busy', () => {
  it('settles the unfinished delete when the lock takes it, not only at the next start', async () => {
    await env.control.setFaults([
      { method: 'POST', path: `^/my/lock/${doors[2]}/pin$`, status: 400, count: 1 },
      held('lost', { method: 'DELETE', path: '^/my/lock/\\d+/pin/\\d+$' }),
    ]);
    const issuer = spawnIssuer(env, dataDir, request());
    await waitFor(() => intended(dataDir, 'delete', 'doorcode'), 20_000, 'the first delete in flight');
    expect(await issuer.kill()).toBe('SIGKILL');

    // The restart's first delete meets a lock busy with another request (409, as Tedee answers).
    const fx = await restartKeyService(env, dataDir, [
      { method: 'DELETE', path: '^/my/lock/\\d+/pin/\\d+$', status: 409, count: 1 },
    ]);
    const [key] = fx.service.list();
    expect(key!.status).toBe('failed');
    expectCloudMatchesStore(env, fx.store, doors);
    expect(cloudState(env, doors).pins).toEqual(Object.fromEntries(doors.map((d) => [d, []])));
    expect(fx.logger.text()).toMatch(/could not be settled yet/);
  });
});

describe('killed during a revoke, restarted: the revoke is finished, nothing left', () => {
  it('the first delete landed', async () => {
    await env.control.addFault(held('landed', { method: 'DELETE', path: '^/my/lock/\\d+/pin/\\d+$' }));
    const issuer = spawnIssuer(env, dataDir, request(), { revoke: true });
    await waitFor(() => intended(dataDir, 'delete', 'doorcode'), 20_000, 'the first delete in flight');
    expect(await issuer.kill()).toBe('SIGKILL');
    expect(issuer.output()).toContain('issued active');
    expect(issuer.output()).not.toContain('revoked');

    const fx = await restart();
    const [key] = fx.service.list();
    expect(key!.status).toBe('revoked');
    expect(key!.objects.every((o) => o.status === 'removed')).toBe(true);
    expectCloudMatchesStore(env, fx.store, doors);
    expect(cloudState(env, doors).links).toEqual([]);
  });
});
