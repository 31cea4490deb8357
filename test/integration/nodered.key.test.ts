/**
 * The `tedee-key` node on Node-RED 5 and 4 against the emulator over HTTP: a doorcode issued on two doors
 * (masked on output 1, in clear only on the delivery output, the PINs in the emulator with the key's window,
 * the keypad opening with it), reveal, a profile node, every action, bad input to a real Catch node, and the
 * credentials kept out of the flow.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Key } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { pinsOn } from '../helpers/keyService.js';
import { NODE_RED_RUNTIMES, useNodeRed } from '../helpers/nodeRed.js';
import type { KeyFlow } from '../helpers/nodeRedKeys.js';
import { deployKeyFlow, freshDataDir, keyFlow, periodAroundNow, utcOf } from '../helpers/nodeRedKeys.js';
import { waitFor } from '../helpers/wait.js';

// Each test starts a fresh hub, which reads the lock list once (Tedee allows 10 reads per 10 minutes).
const env = useEmulator({ locks: 3, lockListPer10Minutes: 1000 });
const ZONE = 'Europe/Warsaw';
let doors: { id: number; serialNumber: string }[];

beforeEach(async () => {
  await env.control.reset();
  doors = await env.control.locks();
  for (const door of doors) await env.control.patchLock(door.id, { keypad: true });
});

function guestRequest(extra: Record<string, unknown> = {}) {
  return {
    name: 'Stay 4411',
    persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
    doors: [doors[0]!.serialNumber, doors[1]!.serialNumber],
    credentials: { doorcode: true },
    timeZone: ZONE,
    ...periodAroundNow(env, ZONE),
    ...extra,
  };
}

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);

  async function issued(flow: KeyFlow, payload: object, extra: object = {}) {
    flow.send({ payload, ...extra });
    const out = await waitFor(() => flow.inbox.out[0] ?? flow.inbox.caught[0], 25_000, 'the key');
    expect(flow.inbox.caught).toEqual([]);
    return out;
  }

  it('issues a doorcode on two doors: masked on output 1, delivered in clear, written with its window, opening the keypad', async () => {
    const flow = await deployKeyFlow(helper, runtime, env, keyFlow(env, freshDataDir()));
    const request = guestRequest();
    const out = await issued(flow, request);
    const key = out.payload as Key;
    expect(out).toMatchObject({ keyAction: 'issue', status: 'active', keyId: key.id, topic: 'Stay 4411' });
    expect(key.persons[0]!.doorcode).toMatch(/^••••\d\d$/);
    expect(out.doors).toEqual([
      expect.objectContaining({ lockId: doors[0]!.id, serialNumber: doors[0]!.serialNumber, status: 'set' }),
      expect.objectContaining({ lockId: doors[1]!.id, status: 'set' }),
    ]);
    expect(key.createdBy).toEqual({ issuer: 'node-red:key', role: 'owner' });

    const delivery = await waitFor(() => flow.inbox.delivered[0], 10_000, 'the delivery');
    const { doorcode } = delivery.delivery as { doorcode: string };
    expect(doorcode).toMatch(/^\d{6}$/);
    expect(delivery).toMatchObject({ to: 'ann@example.com', keyId: key.id, topic: 'Your key: Stay 4411' });
    expect(delivery.payload).toContain(doorcode);
    expect(JSON.stringify(out)).not.toContain(doorcode);

    for (const door of [doors[0]!, doors[1]!]) {
      const [pin, ...more] = pinsOn(env, door.id);
      expect(more).toEqual([]);
      expect(pin!.pin).toBe(doorcode);
      expect(Date.parse(pin!.startDate!)).toBe(utcOf(request.from, ZONE));
      expect(Date.parse(pin!.endDate!)).toBe(utcOf(request.until, ZONE));
      expect(await env.control.keypad(door.id, doorcode)).toMatchObject({ opened: true });
    }
    expect(pinsOn(env, doors[2]!.id)).toEqual([]);
    expect(JSON.stringify(helper._redNodes.getFlows())).not.toContain(env.key);
  }, 40_000);

  it('shows the doorcode in clear on output 1 when the node reveals it, and the action on its status', async () => {
    const flow = await deployKeyFlow(
      helper,
      runtime,
      env,
      keyFlow(env, freshDataDir(), { key: { reveal: true } }),
    );
    const node = helper.getNode('key') as {
      on(event: 'call:status', listener: (call: { args: unknown[] }) => void): void;
    };
    const statuses: unknown[] = [];
    node.on('call:status', (call) => void statuses.push(call.args[0]));
    const out = await issued(flow, guestRequest());
    expect(statuses.at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'issue: active' });
    const code = (out.payload as Key).persons[0]!.doorcode;
    expect(code).toMatch(/^\d{6}$/);
    expect(pinsOn(env, doors[0]!.id)[0]!.pin).toBe(code);
  }, 40_000);

  it('issues with the profile node: upserted in the store by name, its days and hours on the PINs', async () => {
    const profile = {
      name: 'Cleaning',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      from: '09:00',
      to: '15:00',
    };
    const flow = await deployKeyFlow(
      helper,
      runtime,
      env,
      keyFlow(env, freshDataDir(), { profile: { ...profile, timeZone: ZONE } }),
    );
    const out = await issued(flow, guestRequest({ name: 'Cleaning staff' }));
    expect((out.payload as Key).profile).toBe('Cleaning');
    const service = flow.account.keys.state().service!;
    expect(service.profiles.show('Cleaning')).toMatchObject({ hours: { from: '09:00', to: '15:00' } });
    const pin = pinsOn(env, doors[0]!.id)[0]!;
    // Mon-Fri 09:00-15:00 in Warsaw (UTC+1 in winter): 08:00-14:00 UTC, weekday flags Mon=1 ... Fri=16.
    const hhmm = (value: string | null | undefined) => value?.match(/(?:T|^)(\d\d:\d\d)/)?.[1];
    expect({ from: hhmm(pin.dayStartTime), to: hhmm(pin.dayEndTime), days: pin.weekDays }).toEqual({
      from: '08:00',
      to: '14:00',
      days: 31,
    });
    // msg.payload's own profile wins over the node's: one the store does not hold is refused.
    flow.send({ payload: guestRequest({ profile: 'Nobody' }) });
    const caught = await waitFor(() => flow.inbox.caught[0], 15_000, 'the error');
    expect((caught.error as { code: string }).code).toBe('PROFILE_NOT_FOUND');
  }, 40_000);

  it('runs every action from msg.action: update, show, list, replace-code, resend, revoke', async () => {
    const flow = await deployKeyFlow(helper, runtime, env, keyFlow(env, freshDataDir()));
    const first = await issued(flow, guestRequest());
    const id = first.keyId as string;
    await waitFor(() => flow.inbox.delivered.length === 1, 10_000, 'the first delivery');
    const run = async (action: string, payload: unknown) => {
      const before = flow.inbox.out.length;
      flow.send({ action, payload });
      await waitFor(() => flow.inbox.out.length > before || flow.inbox.caught[0], 25_000, action);
      expect(flow.inbox.caught).toEqual([]);
      return flow.inbox.out.at(-1)!;
    };

    const until = `${periodAroundNow(env, ZONE).until.slice(0, 10)}T18:00`;
    const updated = await run('update', { id, name: 'Stay 4411 (late checkout)', until });
    expect(updated).toMatchObject({ keyAction: 'update', payload: { name: 'Stay 4411 (late checkout)' } });
    // msg.action is consumed: a key node wired after this one acts by its own setting.
    expect(updated).not.toHaveProperty('action');
    expect(Date.parse(pinsOn(env, doors[0]!.id)[0]!.endDate!)).toBe(utcOf(until, ZONE));

    const shown = await run('show', id);
    expect((shown.payload as Key).persons[0]!.doorcode).toMatch(/^••••\d\d$/);
    const listed = await run('list', { status: 'active' });
    expect((listed.payload as Key[]).map((key) => key.id)).toEqual([id]);
    expect(listed).toMatchObject({ keyAction: 'list' });
    expect(listed).not.toHaveProperty('action');

    const oldCode = (flow.inbox.delivered[0]!.delivery as { doorcode: string }).doorcode;
    await run('replace-code', { id, person: 0 });
    const replaced = await waitFor(() => flow.inbox.delivered[1], 10_000, 'the new code delivered');
    const newCode = (replaced.delivery as { doorcode: string }).doorcode;
    expect(newCode).not.toBe(oldCode);
    expect(pinsOn(env, doors[1]!.id).map((pin) => pin.pin)).toEqual([newCode]);

    await run('resend', { id, person: 'Ann Smith' });
    const resent = await waitFor(() => flow.inbox.delivered[2], 10_000, 'the resent delivery');
    expect((resent.delivery as { doorcode: string }).doorcode).toBe(newCode);

    const revoked = await run('revoke', { id });
    expect(revoked).toMatchObject({ status: 'revoked' });
    expect(pinsOn(env, doors[0]!.id)).toEqual([]);
    expect(pinsOn(env, doors[1]!.id)).toEqual([]);
    expect(flow.inbox.delivered).toHaveLength(3);
  }, 60_000);

  it('sends bad input and refused keys to a Catch node with the code, the field and the door', async () => {
    const flow = await deployKeyFlow(helper, runtime, env, keyFlow(env, freshDataDir()));
    await flow.account.keyService();
    env.emulator.world.pinBook(doors[1]!.id).pins.set(99, {
      id: 99,
      alias: 'someone',
      pin: '482913',
      startDate: null,
      endDate: null,
      dayStartTime: null,
      dayEndTime: null,
      weekDays: null,
    });
    flow.send({ payload: guestRequest({ persons: [{ name: 'Ann', email: 'nope' }] }) });
    flow.send({ action: 'dance', payload: {} });
    flow.send({ action: 'revoke', payload: { key: 'k_1' } });
    flow.send({
      payload: guestRequest({ credentials: { doorcode: { policy: 'strict', code: '482913' } } }),
    });
    await waitFor(() => flow.inbox.caught.length === 4, 25_000, 'four errors');
    const errors = flow.inbox.caught.map(
      (msg) => msg.error as { code: string; message: string; cause: Record<string, unknown> },
    );
    const byCode = Object.fromEntries(errors.map((error) => [error.code, error]));
    const invalid = errors.filter((error) => error.code === 'KEY_REQUEST_INVALID').map((e) => e.message);
    expect(invalid).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/msg\.payload\.persons\[0\]\.email/),
        expect.stringMatching(/msg\.payload\.id: missing/),
      ]),
    );
    expect(byCode.INVALID_ACTION?.message).toMatch(/msg\.action: "dance" is not an action/);
    expect(byCode.PIN_DUPLICATE?.cause).toMatchObject({
      code: 'PIN_DUPLICATE',
      door: { lockId: doors[1]!.id },
    });
    expect(byCode.PIN_DUPLICATE?.message).not.toContain('482913');
    expect(flow.inbox.out).toEqual([]);
    expect(flow.inbox.delivered).toEqual([]);
  }, 40_000);
});
