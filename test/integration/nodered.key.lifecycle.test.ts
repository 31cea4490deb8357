/**
 * The `tedee-key` node's life on Node-RED 5 and 4: a key pending on an offline door that reports again once
 * written, the key service's timers and store gone after close, a redeploy of the key node that keeps the
 * account's hub and key service (and leaves no second listener), and keys off when the store cannot open.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Key } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { pinsOn } from '../helpers/keyService.js';
import { NODE_RED_RUNTIMES, trackTimers, useNodeRed } from '../helpers/nodeRed.js';
import { deployKeyFlow, freshDataDir, keyFlow, observe, periodAroundNow } from '../helpers/nodeRedKeys.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, lockListPer10Minutes: 1000 });
const ZONE = 'Europe/Warsaw';
let doors: { id: number; serialNumber: string }[];

beforeEach(async () => {
  await env.control.reset();
  doors = await env.control.locks();
  for (const door of doors) await env.control.patchLock(door.id, { keypad: true });
});

function request() {
  return {
    name: 'Stay 5120',
    persons: [{ name: 'Bo Guest' }],
    doors: doors.map((door) => door.serialNumber),
    credentials: { doorcode: true },
    timeZone: ZONE,
    ...periodAroundNow(env, ZONE),
  };
}

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);

  it('reports a key pending on an offline door again, without input, once it is active', async () => {
    const flow = await deployKeyFlow(helper, runtime, env, keyFlow(env, freshDataDir()));
    await flow.account.keyService();
    await env.control.patchLock(doors[1]!.id, { connected: false });
    flow.send({ payload: request() });
    const pending = await waitFor(() => flow.inbox.out[0] ?? flow.inbox.caught[0], 25_000, 'the key');
    expect(pending).toMatchObject({ status: 'pending' });
    expect(pending.doors).toEqual([
      expect.objectContaining({ lockId: doors[0]!.id, status: 'set' }),
      expect.objectContaining({
        lockId: doors[1]!.id,
        status: 'waiting',
        problems: [expect.objectContaining({ code: 'LOCK_OFFLINE' })],
      }),
    ]);
    expect(flow.inbox.delivered).toEqual([]);

    await env.control.patchLock(doors[1]!.id, { connected: true });
    const settled = await waitFor(() => flow.inbox.out[1], 30_000, 'the key reported again');
    expect(settled).toMatchObject({ keyAction: 'issue', status: 'active', keyId: pending.keyId });
    expect((settled.payload as Key).persons[0]!.doorcode).toMatch(/^••••\d\d$/);
    const delivery = await waitFor(() => flow.inbox.delivered[0], 10_000, 'the delivery');
    expect(pinsOn(env, doors[1]!.id).map((pin) => pin.pin)).toEqual([
      (delivery.delivery as { doorcode: string }).doorcode,
    ]);
    expect(flow.inbox.out).toHaveLength(2);
  }, 60_000);

  it('leaves no timer behind after close, and the store can be opened again', async () => {
    const dataDir = freshDataDir();
    // The test's own control requests (beforeEach) arm their keep-alive timer on the next turn: before the count.
    await new Promise((resolve) => setImmediate(resolve));
    const timers = trackTimers();
    try {
      const flow = await deployKeyFlow(helper, runtime, env, keyFlow(env, dataDir));
      await flow.account.keyService();
      flow.send({ payload: request() });
      await waitFor(() => flow.inbox.delivered[0], 25_000, 'the key delivered');
      expect(timers.pending()).toBeGreaterThan(0);
      await helper.unload();
      expect(timers.pending()).toBe(0);
    } finally {
      timers.stop();
    }
    // The store was closed: a new account on the same folder opens it and finds the key.
    const again = await deployKeyFlow(helper, runtime, env, keyFlow(env, dataDir));
    const service = await again.account.keyService();
    expect(service.list().map((key) => key.name)).toEqual(['Stay 5120']);
  }, 40_000);

  it('ends an input still waiting for the key service when the account closes, leaving no timer', async () => {
    // The hub cannot read its locks: the key service waits for it, and so does the input.
    await env.control.setFaults([{ method: 'GET', path: '^/my/lock$', status: 503 }]);
    onTestFinished(async () => void (await env.control.clearFaults()));
    await new Promise((resolve) => setImmediate(resolve));
    const timers = trackTimers();
    try {
      const flow = await deployKeyFlow(helper, runtime, env, keyFlow(env, freshDataDir()));
      flow.send({ payload: request() });
      expect(flow.account.health().state).not.toBe('failed');
      expect(flow.account.keys.state()).toEqual({});
      // The input's wait (30 s) ends with the account's close (HUB_STOPPED), its timer cleared.
      await helper.unload();
      expect(timers.pending()).toBe(0);
    } finally {
      timers.stop();
    }
  }, 40_000);

  it('keeps the hub and the key service through a redeploy of the key node, with one listener', async () => {
    const dataDir = freshDataDir();
    const first = await deployKeyFlow(helper, runtime, env, keyFlow(env, dataDir));
    const service = await first.account.keyService();
    const hub = first.account.hub;
    const changed = keyFlow(env, dataDir, { key: { name: 'renamed', reveal: true } });
    await helper.setFlows(changed, 'nodes', { acc: { personalAccessKey: env.key } });
    const flow = observe(helper);
    expect(flow.account.hub).toBe(hub);
    expect(await flow.account.keyService()).toBe(service);
    flow.send({ payload: request() });
    await waitFor(() => flow.inbox.delivered[0], 25_000, 'the delivery');
    expect((flow.inbox.out[0]!.payload as Key).persons[0]!.doorcode).toMatch(/^\d{6}$/);
    // One delivery and one key message: the replaced node's listeners are gone.
    await new Promise((resolve) => setImmediate(resolve));
    expect(flow.inbox.delivered).toHaveLength(1);
    expect(flow.inbox.out).toHaveLength(1);
  }, 40_000);

  it('says "keys are off" with the reason when the store cannot open, and refuses with KEYS_OFF', async () => {
    const notAFolder = join(freshDataDir(), 'file');
    writeFileSync(notAFolder, 'not a folder');
    const flow = await deployKeyFlow(
      helper,
      runtime,
      env,
      keyFlow(env, freshDataDir(), { account: { dataDir: notAFolder } }),
    );
    const node = helper.getNode('key') as {
      on(event: string, listener: (call: { args: unknown[] }) => void): void;
    };
    const statuses: { text?: string }[] = [];
    node.on('call:status', (call) => void statuses.push(call.args[0] as { text?: string }));
    await waitFor(() => flow.account.keys.state().problem, 15_000, 'keys off');
    flow.send({ payload: request() });
    const caught = await waitFor(() => flow.inbox.caught[0], 15_000, 'the error');
    const error = caught.error as { code: string; message: string };
    expect(error.code).toBe('KEYS_OFF');
    expect(error.message).toMatch(/keys are off: /);
    await waitFor(
      () => statuses.some((status) => status.text?.startsWith('keys are off: ')),
      5_000,
      'status',
    );
  }, 40_000);

  it('sends each delivery from one node: the one acting on the key, else the one that issued it', async () => {
    const dataDir = freshDataDir();
    const flow = keyFlow(env, dataDir);
    flow.push(
      {
        id: 'other',
        z: 'f1',
        type: 'tedee-key',
        account: 'acc',
        action: 'resend',
        wires: [[], ['otherDelivered']],
      },
      { id: 'otherDelivered', z: 'f1', type: 'helper' },
    );
    const issuing = await deployKeyFlow(helper, runtime, env, flow);
    const otherDelivered: unknown[] = [];
    (helper.getNode('otherDelivered') as { on(event: 'input', listener: (msg: unknown) => void): void }).on(
      'input',
      (msg) => void otherDelivered.push(msg),
    );
    await issuing.account.keyService();
    issuing.send({ payload: request() });
    await waitFor(() => issuing.inbox.delivered[0], 25_000, 'the first delivery');
    (helper.getNode('other') as { receive(msg: object): void }).receive({
      payload: issuing.inbox.out[0]!.keyId,
    });
    await waitFor(() => otherDelivered[0], 25_000, "the resend's delivery");
    expect(issuing.inbox.delivered).toHaveLength(1);
    expect(otherDelivered).toHaveLength(1);
  }, 40_000);

  it("acts with the account's role: housekeeping may not issue, even with a profile", async () => {
    const flow = await deployKeyFlow(
      helper,
      runtime,
      env,
      keyFlow(env, freshDataDir(), { account: { role: 'housekeeping' }, profile: { name: 'Cleaning' } }),
    );
    flow.send({ payload: request() });
    const caught = await waitFor(() => flow.inbox.caught[0], 15_000, 'the error');
    const error = caught.error as { code: string; message: string };
    expect(error.code).toBe('ROLE_FORBIDDEN');
    expect(error.message).toMatch(/housekeeping may not create keys/);
    expect(pinsOn(env, doors[0]!.id)).toEqual([]);
  }, 40_000);
});
