/**
 * Changing issued keys against the emulator: reconcile (missing, changed, accepted) and repair, update,
 * replace-code, revoke, profiles, roles on changes, and a 408 whose PIN landed anyway.
 */
import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/core/errors.js';
import type { Key } from '../../src/core/keys/model.js';
import { useEmulator } from '../helpers/emulator.js';
import {
  cloudState,
  OWNER,
  pinsOn,
  startKeyService,
  stayRequest,
  useKeypadDoors,
} from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
const doors = useKeypadDoors(env);
const request = (extra: Record<string, unknown> = {}) => stayRequest(doors, extra);

async function failure(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected an error');
}

describe('reconcile and changes', () => {
  it('a PIN deleted behind the hub: reported missing, then re-created by repair', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    env.emulator.world.pinBook(doors[1]!).pins.clear();
    const report = await fx.service.reconcile();
    expect(report).toEqual([
      expect.objectContaining({ keyId: key.id, lockId: doors[1], drift: 'missing', repaired: false }),
    ]);
    const repaired = await fx.service.reconcile({ repair: true });
    expect(repaired[0]!.repaired).toBe(true);
    expect(pinsOn(env, doors[1]!).map((p) => p.pin)).toEqual(pinsOn(env, doors[0]!).map((p) => p.pin));
    expect(await fx.service.reconcile()).toEqual([]);
  });

  it('a PIN the cloud removed after its key ended: reported once, recorded, never read again', async () => {
    const fx = await startKeyService(env);
    const now = new Date(env.emulator.clock.now());
    const local = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 16); // the doors' zone is UTC here
    const key = (await fx.service.issue(
      request({ timeZone: 'UTC', from: local(-1), until: local(1) }),
      OWNER,
    )) as Key;
    expect(key.status).toBe('active');
    await env.control.setTime({ advanceMs: 2 * 86_400_000 });
    expect(fx.service.show(key.id).status).toBe('expired');

    const first = await fx.service.reconcile();
    expect(first.map((report) => [report.lockId, report.drift])).toEqual(
      doors.map((door) => [door, 'expired']),
    );
    expect(fx.service.show(key.id).objects.map((object) => object.status)).toEqual(
      doors.map(() => 'removed'),
    );
    // Later reconciles (every 6 hours, for every ended key the store keeps) cost the cloud nothing for it.
    await env.control.resetStats();
    expect(await fx.service.reconcile()).toEqual([]);
    const reads = Object.entries((await env.control.stats()).byRoute).filter(([route]) =>
      route.startsWith('GET /my/lock/{id}/pin/'),
    );
    expect(reads).toEqual([]);
    // The stay extended: the doorcode is written again on every door.
    const extended = await fx.service.update(key.id, { until: local(4) }, OWNER);
    expect(extended.status).toBe('active');
    for (const door of doors) expect(pinsOn(env, door)).toHaveLength(1);
  });

  it('update: a door removed is deleted, a schedule change rewrites the rest', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    const updated = await fx.service.update(
      key.id,
      { doors: [doors[0]!, doors[1]!], hours: { from: '09:00', to: '17:00' } },
      OWNER,
    );
    expect(updated.doors).toEqual([doors[0], doors[1]]);
    expect(pinsOn(env, doors[2]!)).toEqual([]);
    expect(pinsOn(env, doors[0]!)[0]!.dayStartTime).not.toBeNull();
  });

  it('update: a person who newly asks for a doorcode gets one on every door', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request({ credentials: { appkey: true } }), OWNER)) as Key;
    await fx.service.update(
      key.id,
      {
        persons: [
          { name: 'Ann Smith', email: 'ann@example.com', credentials: { appkey: true, doorcode: true } },
        ],
      },
      OWNER,
    );
    const codes = doors.map((id) => pinsOn(env, id).map((pin) => pin.pin));
    expect(codes.every((list) => list.length === 1)).toBe(true);
    expect(new Set(codes.flat()).size).toBe(1);
    expect(codes[0]![0]).toMatch(/^\d{6}$/);
  });

  it('replaceCode: a new code on every door; the old one nowhere', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    const old = pinsOn(env, doors[0]!)[0]!.pin;
    await fx.service.replaceCode(key.id, 0, { policy: 'random' }, OWNER);
    const now = doors.map((id) => pinsOn(env, id)[0]!.pin);
    expect(new Set(now).size).toBe(1);
    expect(now[0]).not.toBe(old);
    expect(fx.deliveries.at(-1)!.doorcode).toBe(now[0]);
  });
});

describe('more changes', () => {
  it('reconcile: a PIN changed in the app is reported and set back; an accepted invitation is reported', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(
      request({
        persons: [{ name: 'Newbie', email: 'newbie@example.com' }],
        credentials: { doorcode: true, appkey: true },
      }),
      OWNER,
    )) as Key;
    const pin = pinsOn(env, doors[0]!)[0]!;
    const code = pin.pin;
    pin.pin = '135792';
    await env.control.addUser('newbie@example.com', 'Newbie');
    const report = await fx.service.reconcile({ repair: true });
    expect(report).toContainEqual(
      expect.objectContaining({ lockId: doors[0], kind: 'doorcode', drift: 'changed', repaired: true }),
    );
    expect(report.filter((r) => r.drift === 'accepted')).toHaveLength(doors.length);
    expect(pinsOn(env, doors[0]!)[0]!.pin).toBe(code);
    expect(JSON.stringify(report)).not.toContain(code);
    expect(
      fx.service
        .show(key.id)
        .objects.filter((o) => o.kind === 'appkey')
        .every((o) => o.pending === false),
    ).toBe(true);
    expect(await fx.service.reconcile()).toEqual([]);
  });

  it('reconcile: a PIN with our tag that the store does not hold is an orphan, deleted by repair', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    const book = env.emulator.world.pinBook(doors[1]!);
    const ours = pinsOn(env, doors[1]!)[0]!;
    book.pins.set(77, { ...ours, id: 77, pin: '246813' });
    book.pins.set(78, { ...ours, id: 78, alias: 'Front desk #abcdef', pin: '975318' });
    const report = await fx.service.reconcile({ repair: true });
    expect(report).toEqual([
      expect.objectContaining({ keyId: key.id, lockId: doors[1], drift: 'orphan', repaired: true }),
    ]);
    expect(
      pinsOn(env, doors[1]!)
        .map((pin) => pin.id)
        .sort(),
    ).toEqual([ours.id, 78]);
  });

  it('profiles: add, apply rewrites every key using it, remove refused while in use', async () => {
    const fx = await startKeyService(env);
    fx.service.profiles.add(
      { name: 'Cleaning', days: ['mon'], hours: { from: '08:00', to: '10:00' } },
      OWNER,
    );
    const key = (await fx.service.issue(request({ profile: 'Cleaning' }), OWNER)) as Key;
    expect(pinsOn(env, doors[0]!)[0]!.weekDays).not.toBeNull();
    fx.service.profiles.add(
      { name: 'Cleaning', days: ['tue', 'wed'], hours: { from: '12:00', to: '14:00' } },
      OWNER,
    );
    const results = await fx.service.profiles.apply('Cleaning', OWNER);
    expect(results).toEqual([{ keyId: key.id, ok: true }]);
    expect(fx.service.show(key.id).schedule.days).toEqual(['tue', 'wed']);
    for (const door of doors) expect(pinsOn(env, door)[0]!.dayStartTime).toMatch(/^1[01]:00/);
    expect(
      (await failure(Promise.resolve().then(() => fx.service.profiles.remove('Cleaning', OWNER)))).code,
    ).toBe('KEY_STATE');
    await fx.service.revoke(key.id, OWNER);
    expect(fx.service.profiles.remove('Cleaning', OWNER)).toBe(true);
  });

  it('roles: housekeeping may view and reconcile but not revoke or replace codes', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    const housekeeping = { issuer: 'hk', role: 'housekeeping' as const };
    expect((await failure(fx.service.revoke(key.id, housekeeping))).code).toBe('ROLE_FORBIDDEN');
    expect((await failure(fx.service.replaceCode(key.id, 0, {}, housekeeping))).code).toBe('ROLE_FORBIDDEN');
    expect(fx.service.show(key.id).status).toBe('active');
    expect(await fx.service.reconcile()).toEqual([]);
  });

  it('a 408 whose PIN reached the lock: looked for before writing again, one PIN', async () => {
    await env.control.setDeviceTiming({ timeoutMs: 200 });
    await env.control.deviceAnswers(doors[1]!, { answer: 'timeout', count: 1, reached: true });
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    await waitFor(() => fx.service.show(key.id).status === 'active', 15_000);
    await waitFor(() => pinsOn(env, doors[1]!).length > 0);
    expect(pinsOn(env, doors[1]!)).toHaveLength(1);
    await fx.service.revoke(key.id, OWNER);
    expect(Object.values(cloudState(env, doors).pins).flat()).toEqual([]);
  });
});
