/**
 * The key service against the emulator over HTTP: policies and collisions, each failure code rolled back
 * with nothing left in the cloud (read from the emulator's own records), offline doors and the deadline, a
 * lost answer, idempotency, roles and scopes, reconcile, delivery and masking.
 */
import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/core/errors.js';
import type { Key } from '../../src/core/keys/model.js';
import type { IssuePlan } from '../../src/core/keys/service/api.js';
import { TEST_DEVICE_LATENCY_MS, useEmulator } from '../helpers/emulator.js';
import {
  cloudState,
  OWNER,
  pinsOn,
  startKeyService,
  stayRequest,
  useKeypadDoors,
} from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3, pinLimit: 3, deviceLatencyMs: TEST_DEVICE_LATENCY_MS });
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

function expectNothingLeft() {
  const state = cloudState(env, doors);
  for (const id of doors) {
    expect(state.pins[id]).toEqual([]);
    expect(state.access[id]).toEqual([]);
  }
  expect(state.links).toEqual([]);
}

describe('issuing', () => {
  it('random: one code on every door, active, delivered once with the code, masked everywhere else', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    expect(key.status).toBe('active');
    expect(key.objects.map((o) => o.status)).toEqual(['set', 'set', 'set']);
    expect(key.persons[0]!.doorcode).toMatch(/^••••\d\d$/);
    const codes = doors.map((id) => pinsOn(env, id).map((pin) => pin.pin));
    expect(new Set(codes.flat()).size).toBe(1);
    const [code] = codes[0]!;
    expect(fx.service.show(key.id, { reveal: true }).persons[0]!.doorcode).toBe(code);
    expect(fx.deliveries).toHaveLength(1);
    expect(fx.deliveries[0]!.doorcode).toBe(code);
    expect(JSON.stringify(fx.keyEvents)).not.toContain(code!);
    expect(JSON.stringify(fx.service.list())).not.toContain(code!);
  });

  it('preferred: a collision on the last door gives one random code on every door, with a warning', async () => {
    const fx = await startKeyService(env);
    const book = env.emulator.world.pinBook(doors[2]!);
    book.pins.set(99, {
      id: 99,
      alias: 'someone',
      pin: '482913',
      startDate: null,
      endDate: null,
      dayStartTime: null,
      dayEndTime: null,
      weekDays: null,
    });
    const key = (await fx.service.issue(
      request({ credentials: { doorcode: { policy: 'preferred', code: '482913' } } }),
      OWNER,
    )) as Key;
    expect(key.status).toBe('active');
    expect(key.warnings.map((w) => w.code)).toContain('CODE_SUBSTITUTED');
    const ours = doors.map((id) =>
      pinsOn(env, id)
        .filter((pin) => pin.id !== 99 || id !== doors[2])
        .map((p) => p.pin),
    );
    expect(new Set(ours.flat()).size).toBe(1);
    expect(ours[0]![0]).not.toBe('482913');
    expect(JSON.stringify(key.warnings)).not.toContain('482913');
  });

  it('strict: the same collision fails PIN_DUPLICATE naming the door, and nothing of the key is left', async () => {
    const fx = await startKeyService(env);
    const book = env.emulator.world.pinBook(doors[2]!);
    book.pins.set(99, {
      id: 99,
      alias: 'someone',
      pin: '482913',
      startDate: null,
      endDate: null,
      dayStartTime: null,
      dayEndTime: null,
      weekDays: null,
    });
    const error = await failure(
      fx.service.issue(request({ credentials: { doorcode: { policy: 'strict', code: '482913' } } }), OWNER),
    );
    expect(error.code).toBe('PIN_DUPLICATE');
    expect(error.message).toContain(String(doors[2]));
    expect(error.message).not.toContain('482913');
    book.pins.delete(99);
    expectNothingLeft();
    expect(fx.service.list()[0]!.status).toBe('failed');
  });

  it('412 (the lock is full) rolls back the doors already written', async () => {
    const fx = await startKeyService(env);
    const book = env.emulator.world.pinBook(doors[1]!);
    for (const id of [1, 2, 3])
      book.pins.set(90 + id, {
        id: 90 + id,
        alias: 'x',
        pin: `5829${id}1`,
        startDate: null,
        endDate: null,
        dayStartTime: null,
        dayEndTime: null,
        weekDays: null,
      });
    const error = await failure(fx.service.issue(request(), OWNER));
    expect(error.code).toBe('PIN_LIMIT');
    expect(error).toMatchObject({ door: { lockId: doors[1] }, credential: 'doorcode' });
    book.pins.clear();
    expectNothingLeft();
  });

  it('400 from the cloud on the second door rolls back', async () => {
    const fx = await startKeyService(env);
    await env.control.addFault({ method: 'POST', path: `lock/${doors[1]}/pin$`, status: 400, count: 1 });
    const error = await failure(fx.service.issue(request(), OWNER));
    expect(['BAD_REQUEST', 'PIN_INVALID']).toContain(error.code);
    expectNothingLeft();
  });

  it('an access rejection (the owner invites themself) rolls back the PINs', async () => {
    const fx = await startKeyService(env);
    const error = await failure(
      fx.service.issue(
        request({
          persons: [{ name: 'Me', email: 'owner@example.com' }],
          credentials: { doorcode: true, appkey: true },
        }),
        OWNER,
      ),
    );
    expect(error.code).toBe('ACCESS_REJECTED');
    expectNothingLeft();
  });

  it('a smart key: one link to every door, delivered with the URL; revoke deletes everything', async () => {
    const fx = await startKeyService(env);
    const key = (await fx.service.issue(
      request({ credentials: { smartkey: true, doorcode: true } }),
      OWNER,
    )) as Key;
    expect(key.status).toBe('active');
    const links = cloudState(env, doors).links;
    expect(links).toHaveLength(1);
    expect(links[0]!.deviceIds).toEqual(doors);
    expect(fx.deliveries[0]!.link).toBe(links[0]!.url);
    const revoked = await fx.service.revoke(key.id, OWNER);
    expect(revoked.status).toBe('revoked');
    expectNothingLeft();
  });

  it('the same requestId twice makes one key', async () => {
    const fx = await startKeyService(env);
    const first = (await fx.service.issue(request({ requestId: 'booking-4411' }), OWNER)) as Key;
    const second = (await fx.service.issue(request({ requestId: 'booking-4411' }), OWNER)) as Key;
    expect(second.id).toBe(first.id);
    expect(fx.service.list()).toHaveLength(1);
    expect(pinsOn(env, doors[0]!)).toHaveLength(1);
  });

  it('the same requestId twice at once still makes one key', async () => {
    const fx = await startKeyService(env);
    const both = (await Promise.all([
      fx.service.issue(request({ requestId: 'booking-7' }), OWNER),
      fx.service.issue(request({ requestId: 'booking-7' }), OWNER),
    ])) as Key[];
    expect(both[0]!.id).toBe(both[1]!.id);
    expect(fx.service.list()).toHaveLength(1);
    for (const door of doors) expect(pinsOn(env, door)).toHaveLength(1);
  });

  it('a dry run returns the plan per door and writes nothing', async () => {
    const fx = await startKeyService(env);
    await env.control.patchLock(doors[2]!, { keypad: false });
    const plan = (await fx.service.issue(
      request({ dryRun: true, days: ['mon', 'tue'], hours: { from: '09:00', to: '17:00' } }),
      OWNER,
    )) as IssuePlan;
    expect(plan.dryRun).toBe(true);
    expect(plan.doors[0]).toMatchObject({ ok: true });
    expect(plan.doors[0]!.writes[0]!.local).toContain('09:00-17:00');
    expect(plan.doors[0]!.writes[0]!.utc).toHaveProperty('dayStartTime');
    expectNothingLeft();
    expect(fx.service.list()).toEqual([]);
  });
});

describe('checks before any call', () => {
  it('a role that may not issue: ROLE_FORBIDDEN, no request sent', async () => {
    const fx = await startKeyService(env);
    const before = (await env.control.requests()).length;
    const error = await failure(fx.service.issue(request(), { issuer: 'x', role: 'housekeeping' }));
    expect(error.code).toBe('ROLE_FORBIDDEN');
    expect((await env.control.requests()).length).toBe(before);
  });

  it('a missing scope: SCOPE_MISSING naming the credential, nothing written', async () => {
    const limited = await env.control.createKey({
      scopes: ['Account.Read', 'Device.Read', 'Device.ReadWrite'],
    });
    const fx = await startKeyService(env, { hub: { personalAccessKey: limited.key } });
    const error = await failure(
      fx.service.issue(request({ credentials: { doorcode: true, appkey: true } }), OWNER),
    );
    expect(error).toMatchObject({ code: 'SCOPE_MISSING', credential: 'appkey' });
    expectNothingLeft();
  });

  it('an unknown door: UNKNOWN_DOOR naming it; a bad request names the field', async () => {
    const fx = await startKeyService(env);
    expect((await failure(fx.service.issue(request({ doors: ['Attic 7'] }), OWNER))).code).toBe(
      'UNKNOWN_DOOR',
    );
    const invalid = await failure(
      fx.service.issue(request({ persons: [{ name: 'A', email: 'nope' }] }), OWNER),
    );
    expect(invalid.message).toContain('persons[0].email');
  });
});

describe('transient failures', () => {
  it('an offline door waits (pending), then is written when it comes back before the deadline', async () => {
    const fx = await startKeyService(env, { service: { defaultDeadlineMs: 20_000 } });
    await env.control.patchLock(doors[1]!, { connected: false });
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    expect(key.status).toBe('pending');
    expect(key.objects.find((o) => o.lockId === doors[1])).toMatchObject({
      status: 'waiting',
      code: 'LOCK_OFFLINE',
    });
    expect(key.warnings).toContainEqual(expect.objectContaining({ code: 'DOOR_OFFLINE', lockId: doors[1] }));
    expect(fx.deliveries).toHaveLength(0);
    await env.control.patchLock(doors[1]!, { connected: true });
    await waitFor(() => fx.service.show(key.id).status === 'active', 15_000, 'the key active');
    expect(pinsOn(env, doors[1]!)).toHaveLength(1);
    await waitFor(() => fx.deliveries.length === 1);
    expect(fx.service.show(key.id).warnings.map((w) => w.code)).not.toContain('DOOR_OFFLINE');
  });

  it('an offline door past the deadline: everything rolled back, the key failed', async () => {
    const fx = await startKeyService(env, { service: { defaultDeadlineMs: 1_000 } });
    await env.control.patchLock(doors[1]!, { connected: false });
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    expect(key.status).toBe('pending');
    // keyChanged 'failed' is told after the rollback's deletes (the status is recorded first, for recovery).
    await waitFor(() => fx.keyEvents.some((e) => e.change === 'failed'), 15_000, 'the key failed');
    expect(fx.service.show(key.id).status).toBe('failed');
    await env.control.patchLock(doors[1]!, { connected: true });
    expectNothingLeft();
    expect(fx.service.show(key.id).objects.find((o) => o.lockId === doors[1])?.reason).toContain('deadline');
  });

  it('bestEffort keeps the doors that worked and fails the offline one at the deadline', async () => {
    const fx = await startKeyService(env, { service: { defaultDeadlineMs: 1_000 } });
    await env.control.patchLock(doors[1]!, { connected: false });
    const key = (await fx.service.issue(request({ bestEffort: true }), OWNER)) as Key;
    await waitFor(() => fx.service.show(key.id).status !== 'pending', 15_000);
    const shown = fx.service.show(key.id);
    expect(shown.status).toBe('active');
    expect(shown.objects.map((o) => o.status)).toEqual(['set', 'failed', 'set']);
    expect(pinsOn(env, doors[0]!)).toHaveLength(1);
  });

  it('a lost answer (the PIN landed, the answer did not): looked for, adopted, no duplicate', async () => {
    const fx = await startKeyService(env);
    await env.control.addFault({ method: 'POST', path: `lock/${doors[0]}/pin$`, drop: 'after', count: 1 });
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    await waitFor(() => fx.service.show(key.id).status === 'active', 15_000);
    expect(pinsOn(env, doors[0]!)).toHaveLength(1);
  });

  it('409 busy then written on the retry', async () => {
    const fx = await startKeyService(env);
    await env.control.deviceAnswers(doors[2]!, { answer: 'busy', count: 1 });
    const key = (await fx.service.issue(request(), OWNER)) as Key;
    await waitFor(() => fx.service.show(key.id).status === 'active', 15_000);
    expect(pinsOn(env, doors[2]!)).toHaveLength(1);
  });
});
