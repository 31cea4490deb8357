/**
 * Key issuance when the Nth cloud write of a key fails. The key gives one person a doorcode, an app key and a
 * smart key on three doors: seven writes (three PINs, three accesses, one access link), in that order. For each
 * N an emulator fault rule hits exactly that write, and the emulator's own records are read afterwards:
 * - a permanent refusal (400): `issue` rejects with the door, the key is `failed`, nothing is left in the cloud;
 * - a lost answer (the write lands, the connection drops): the key retries, finds what landed, ends `active`
 *   with exactly one object per door and credential (no second PIN, access or link);
 * - a door that stays unreachable (503) past the deadline: the key rolls back to `failed`, nothing left.
 * Reconcile reports no drift, orphans included, in every case.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../src/core/errors.js';
import type { Key } from '../../src/core/keys/model.js';
import type { FaultRule } from '../../src/emulator/faults.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectCloudMatchesStore } from '../helpers/keyFaults.js';
import { cloudState, OWNER, startKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
let doors: number[];

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
});

/** The seven writes of the key, in the order the service sends them: [credential, path below /api/vX]. */
function writes(): [string, string][] {
  return [
    ...doors.map((id): [string, string] => ['doorcode', `^/my/lock/${id}/pin$`]),
    ...doors.map((id): [string, string] => ['appkey', `^/my/device/${id}/access$`]),
    ['smartkey', '^/organization/\\d+/accesslink$'],
  ];
}

const request = {
  name: 'Stay 14',
  persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
  doors: [] as number[],
  credentials: { doorcode: true, appkey: true, smartkey: true },
};

function nthWrite(n: number, rule: Omit<FaultRule, 'method' | 'path'>): FaultRule {
  return { method: 'POST', path: writes()[n - 1]![1], ...rule };
}

async function rejection(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => new Error('issue resolved'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

const N = [1, 2, 3, 4, 5, 6, 7];

describe('the Nth door write refused (400): rolled back, nothing left', () => {
  it.each(N)('write %i', async (n) => {
    const fx = await startKeyService(env);
    await env.control.addFault(nthWrite(n, { status: 400, count: 1 }));
    const error = await rejection(fx.service.issue({ ...request, doors }, OWNER));
    const [credential] = writes()[n - 1]!;
    expect(error).toMatchObject({ credential });
    const [key] = fx.service.list();
    expect(key!.status).toBe('failed');
    expect(key!.objects.filter((o) => o.status === 'failed')).toHaveLength(1);
    expect(key!.objects.filter((o) => o.status !== 'failed').every((o) => o.status === 'removed')).toBe(true);
    expectCloudMatchesStore(env, fx.store, doors);
    expect(await fx.service.reconcile()).toEqual([]);
  });
});

describe('the Nth door write lands but its answer is lost: found again, one object each', () => {
  it.each(N)('write %i', async (n) => {
    const fx = await startKeyService(env);
    await env.control.addFault(nthWrite(n, { drop: 'after', count: 1 }));
    const issued = (await fx.service.issue({ ...request, doors }, OWNER)) as Key;
    await waitFor(() => fx.service.show(issued.id).status === 'active', 10_000, 'the key finished');
    expect(fx.service.show(issued.id).objects).toHaveLength(7);
    expectCloudMatchesStore(env, fx.store, doors);
    expect(await fx.service.reconcile()).toEqual([]);
  });
});

describe('the Nth door write unreachable (503) until the deadline: rolled back, nothing left', () => {
  it.each([1, 4, 7])('write %i', async (n) => {
    const fx = await startKeyService(env, { service: { defaultDeadlineMs: 600 } });
    await env.control.addFault(nthWrite(n, { status: 503 }));
    const issued = (await fx.service.issue({ ...request, doors }, OWNER)) as Key;
    expect(issued.status).toBe('pending');
    // `failed` is recorded before the deletes; keyChanged `failed` comes after them.
    await waitFor(() => fx.keyEvents.some((e) => e.change === 'failed'), 10_000, 'the key rolled back');
    await env.control.clearFaults();
    expectCloudMatchesStore(env, fx.store, doors);
    expect(await fx.service.reconcile()).toEqual([]);
  });
});

describe('reconcile sees access links', () => {
  it('a link with the key tag that the store does not hold is an orphan, deleted by repair', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue({ ...request, doors }, OWNER)) as Key;
    const [held] = cloudState(env, doors).links;
    // What a lost create answer left before links were looked for: a second link with the key's name.
    const stray = { ...held!, id: 'stray-link', url: `${held!.url}-stray` };
    env.emulator.world.accessLinks.set(stray.id, stray);
    const drift = await fx.service.reconcile({ repair: true });
    expect(drift).toEqual([
      expect.objectContaining({ keyId: key.id, kind: 'smartkey', drift: 'orphan', repaired: true }),
    ]);
    expect(cloudState(env, doors).links.map((link) => link.id)).toEqual([held!.id]);
    expectCloudMatchesStore(env, fx.store, doors);
  });
});
