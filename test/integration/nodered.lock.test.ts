/**
 * The `tedee-lock` node on Node-RED 5 and 4 against the emulator: commands confirmed (output 2) with the
 * state change (output 1), `status`, refusals and bad input to done(err) (what Catch gets) with their code, the node status, and
 * status cleared and listeners gone after close.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AccountNode } from '../../src/node-red/account.js';
import registerAccount from '../../src/node-red/account.js';
import registerLock from '../../src/node-red/lock.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import { useEmulator } from '../helpers/emulator.js';
import { NODE_RED_RUNTIMES, useNodeRed } from '../helpers/nodeRed.js';
import { waitFor } from '../helpers/wait.js';

// Each test starts a fresh hub, which reads the lock list once (Tedee allows 10 reads per 10 minutes). Five
// times faster than real time: a door takes 1 to 3 emulated seconds to move, which each command waits for.
// The hub stays on the system clock: its command deadline and operation polls are real seconds.
const env = useEmulator({ lockListPer10Minutes: 1000, speed: 5 });
/**
 * For the test of polls: an emulator ten times faster than real time, whose clock the account's hub runs on
 * (`tedeeHubClock`), so that polls at the 10 s minimum come a real second apart and cloud and hub agree on the time.
 */
const POLL_SPEED = 10;
const fast = useEmulator({ speed: POLL_SPEED, lockListPer10Minutes: 1000 });

interface Received {
  node: { on(event: 'input', listener: (msg: NodeMessage) => void): void };
}

function flow(lock: string | undefined): object[] {
  return [
    { id: 'f1', type: 'tab' },
    { id: 'acc', type: 'tedee-account', apiUrl: env.url, pollInterval: 10 },
    { id: 'door', z: 'f1', type: 'tedee-lock', account: 'acc', lock, wires: [['state'], ['result']] },
    { id: 'state', z: 'f1', type: 'helper' },
    { id: 'result', z: 'f1', type: 'helper' },
  ];
}

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);

  async function deploy(
    lock?: string,
  ): Promise<{ account: AccountNode; serial: string; inbox: Record<string, NodeMessage[]> }> {
    await helper.load([registerAccount, registerLock], flow(lock), { acc: { personalAccessKey: env.key } });
    const account = helper.getNode('acc') as AccountNode;
    const locks = await account.hub!.ready();
    const inbox: Record<string, NodeMessage[]> = { state: [], result: [] };
    for (const id of Object.keys(inbox)) {
      (helper.getNode(id) as Received['node']).on('input', (msg) => void inbox[id]!.push(msg));
    }
    return { account, serial: lock ?? locks[0]!.serialNumber, inbox };
  }

  it('runs a command to its confirmed outcome and reports the state change', async () => {
    const first = await deploy();
    await helper.unload();
    const { account, serial, inbox } = await deploy(first.serial);
    const door = helper.getNode('door') as { receive(msg: NodeMessage): void };
    const before = account.hub!.lock(serial)!.status.state;
    const action = before === 'locked' ? 'unlock' : 'lock';
    door.receive({ payload: action });
    const result = await waitFor(() => inbox.result![0], 25_000, 'the command result');
    expect(result).toMatchObject({ outcome: 'confirmed', payload: { action, outcome: 'confirmed' } });
    const state = await waitFor(() => inbox.state!.at(-1), 10_000, 'a state message');
    expect(state).toMatchObject({ lock: serial, payload: { serialNumber: serial } });
  }, 40_000);

  it('answers status with the state, from msg.action and msg.lock', async () => {
    const { serial, inbox } = await deploy();
    (helper.getNode('door') as { receive(msg: NodeMessage): void }).receive({
      action: 'status',
      lock: serial,
    });
    const state = await waitFor(() => inbox.state![0], 10_000, 'the state');
    const payload = state.payload as { serialNumber: string; state: string; battery: number | null };
    expect(payload.serialNumber).toBe(serial);
    expect(payload.state).toMatch(/^(locked|unlocked|semi-locked|unknown|[a-z-]+)$/);
    expect('battery' in payload).toBe(true);
  });

  it('answers status without a lock with every door of the account, as the parts of one message', async () => {
    const { account, inbox } = await deploy();
    (helper.getNode('door') as { receive(msg: NodeMessage): void }).receive({
      _msgid: 'm1',
      payload: 'status',
    });
    const serials = account.hub!.locks().map((lock) => lock.serialNumber);
    await waitFor(() => inbox.state!.length === serials.length, 10_000, 'a state per lock');
    expect(inbox.state!.map((msg) => msg.lock)).toEqual(serials);
    // msg.parts as a split node sets them: a join node in automatic mode gathers the doors into one array.
    expect(inbox.state!.map((msg) => msg.parts)).toEqual(
      serials.map((_, index) => ({ id: 'm1', index, count: serials.length, type: 'array', len: 1 })),
    );
    expect(inbox.state![0]!.payload).toMatchObject({ serialNumber: serials[0] });
  });

  it('sends a refused command and bad input to Catch with their codes', async () => {
    const { inbox } = await deploy();
    const door = helper.getNode('door') as {
      receive(msg: NodeMessage): void;
      on(event: 'call:error', listener: (call: { args: unknown[] }) => void): void;
    };
    // done(err) is node.error(err, msg) inside the runtime: what a Catch node receives.
    const errors: unknown[] = [];
    door.on('call:error', (call) => void errors.push(call.args[0]));
    door.receive({ payload: 'unlock', lock: 'NO-SUCH-LOCK' });
    door.receive({ payload: 'dance', lock: 'x' });
    door.receive({ payload: 'lock' });
    await waitFor(() => errors.length === 3, 10_000, 'three errors');
    const seen = (errors as { code?: string; message: string }[])
      .map((error) => `${error.code}: ${error.message}`)
      .sort();
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatch(/^INVALID_ACTION: msg.payload: "dance" is not an action/);
    expect(seen[1]).toMatch(/^INVALID_LOCK: msg.lock: missing/);
    expect(seen[2]).toMatch(/^UNKNOWN_LOCK: /);
    expect(inbox.result).toEqual([]);
  });

  it('sends a command the cloud refuses to output 2 and to Catch with its code', async () => {
    const { inbox } = await deploy();
    const door = helper.getNode('door') as {
      receive(msg: NodeMessage): void;
      on(event: 'call:error', listener: (call: { args: unknown[] }) => void): void;
    };
    const errors: { code?: string }[] = [];
    door.on('call:error', (call) => void errors.push(call.args[0] as { code?: string }));
    await env.control.setFaults([{ path: 'operation/unlock', status: 409, count: 1 }]);
    try {
      door.receive({ payload: 'unlock', lock: 101 });
      const result = await waitFor(() => inbox.result![0], 25_000, 'the command result');
      expect(result).toMatchObject({ outcome: 'failed', code: 'DEVICE_BUSY' });
      await waitFor(() => errors.length === 1, 10_000, 'the error');
      expect(errors[0]!.code).toBe('DEVICE_BUSY');
    } finally {
      await env.control.clearFaults();
    }
  }, 40_000);

  it('leaves no listener on the hub after a redeploy of the lock node', async () => {
    const first = await deploy();
    await helper.unload();
    const { account, serial, inbox } = await deploy(first.serial);
    const hub = account.hub!;
    const changed = flow(serial).map((node) =>
      (node as { id: string }).id === 'door' ? { ...node, name: 'renamed' } : node,
    );
    await helper.setFlows(changed, 'nodes', { acc: { personalAccessKey: env.key } });
    expect((helper.getNode('acc') as AccountNode).hub).toBe(hub);
    let changes = 0;
    const off = hub.on('stateChanged', ({ lock }) => {
      if (lock.serialNumber === serial) changes += 1;
    });
    try {
      const action = hub.lock(serial)!.status.state === 'locked' ? 'unlock' : 'lock';
      (helper.getNode('door') as { receive(msg: NodeMessage): void }).receive({ payload: action });
      await waitFor(() => inbox.result!.length === 1, 25_000, 'the command result');
      await waitFor(() => changes > 0 && inbox.state!.length >= changes, 10_000, 'the state messages');
      // One message per change: the replaced node's listener is gone (it would double every message).
      expect(inbox.state!.length).toBe(changes);
    } finally {
      off();
    }
  }, 40_000);

  it("shows the account's rejected key on its status", async () => {
    // The rejection must come after the test listens to the node's status: the cloud answers late.
    await env.control.setFaults([{ latencyMs: 300 }]);
    onTestFinished(async () => void (await env.control.clearFaults()));
    await helper.load([registerAccount, registerLock], flow('ANY'), {
      acc: { personalAccessKey: 'bad.key1234567' },
    });
    const door = helper.getNode('door') as {
      on(event: 'call:status', listener: (call: { args: unknown[] }) => void): void;
    };
    const statuses: unknown[] = [];
    door.on('call:status', (call) => void statuses.push(call.args[0]));
    await waitFor(() => (helper.getNode('acc') as AccountNode).health().state === 'failed', 15_000, 'failed');
    await waitFor(() => statuses.length > 0, 10_000, 'a status');
    expect(statuses.at(-1)).toEqual({ fill: 'red', shape: 'ring', text: 'key rejected' });
  });

  it('sends the state after every poll with emitEveryPoll, and only on change without it', async () => {
    helper.settings({ tedeeHubClock: fast.emulator.clock });
    const serial = (await fast.control.lock(101)).serialNumber;
    const nodes = [
      { id: 'f1', type: 'tab' },
      { id: 'acc', type: 'tedee-account', apiUrl: fast.url, pollInterval: 10 },
      {
        id: 'every',
        z: 'f1',
        type: 'tedee-lock',
        account: 'acc',
        lock: serial,
        emitEveryPoll: true,
        wires: [['a'], []],
      },
      { id: 'changes', z: 'f1', type: 'tedee-lock', account: 'acc', lock: serial, wires: [['b'], []] },
      { id: 'a', z: 'f1', type: 'helper' },
      { id: 'b', z: 'f1', type: 'helper' },
    ];
    await helper.load([registerAccount, registerLock], nodes, { acc: { personalAccessKey: fast.key } });
    const hub = (helper.getNode('acc') as AccountNode).hub!;
    const every: NodeMessage[] = [];
    const changes: NodeMessage[] = [];
    (helper.getNode('a') as Received['node']).on('input', (msg) => void every.push(msg));
    (helper.getNode('b') as Received['node']).on('input', (msg) => void changes.push(msg));
    // At each poll, what the nodes sent for the earlier ones (delivered by then: polls are 10 s of the hub's
    // clock apart, a real second). The polls' own times prove the hub ran on the fast clock at the interval.
    const sentBefore: number[] = [];
    const polledAt: number[] = [];
    const polledReal: number[] = [];
    const off = hub.on('polled', () => {
      sentBefore.push(every.length);
      polledAt.push(fast.emulator.clock.now());
      polledReal.push(Date.now());
    });
    try {
      await waitFor(() => sentBefore.length >= 2, 30_000, 'two polls');
      // One message per poll, of the picked lock only; the lock did not change, so the other node is silent.
      expect(sentBefore.slice(0, 2)).toEqual([0, 1]);
      expect(every.every((msg) => msg.lock === serial)).toBe(true);
      expect(every[0]).toMatchObject({ topic: 'Front Door', payload: { serialNumber: serial } });
      expect(changes).toEqual([]);
      // A change: both nodes send it, and the poll that saw it does not send the lock a second time.
      const state = (await fast.control.lock(101)).state;
      await fast.control.physical(101, state === 6 ? 'unlock' : 'lock');
      await waitFor(() => changes.length >= 1, 30_000, 'the change');
      const polled = sentBefore.length;
      await waitFor(() => sentBefore.length > polled, 30_000, 'the next poll');
      expect(sentBefore).toEqual(sentBefore.map((_, index) => index));
      // Polls at the configured interval of the hub's clock, never sooner (a real run of it would be 10 s).
      const gaps = polledAt.slice(1).map((at, index) => at - polledAt[index]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10_000);
      // ...and on the clock given as tedeeHubClock: on the system clock no two polls are under 10 real s apart.
      const realGaps = polledReal.slice(1).map((at, index) => at - polledReal[index]!);
      expect(Math.max(...realGaps)).toBeLessThan(10_000);
    } finally {
      off();
    }
  }, 90_000);

  it("lists the account's locks for the editor", async () => {
    const { serial } = await deploy();
    const request = helper.request() as unknown as {
      get(path: string): PromiseLike<{ status: number; body: { locks: { serialNumber: string }[] } }>;
    };
    const answer = await request.get('/tedee-lock/locks?account=acc');
    expect(answer.status).toBe(200);
    expect(answer.body.locks.map((lock) => lock.serialNumber)).toContain(serial);
    expect((await request.get('/tedee-lock/locks?account=nope')).status).toBe(404);
  });

  it('shows the lock on its status and clears it on close', async () => {
    const first = await deploy();
    await helper.unload();
    await deploy(first.serial);
    const door = helper.getNode('door') as { status(status: object): void };
    const statuses: object[] = [];
    const original = door.status.bind(door);
    door.status = (status) => {
      statuses.push(status);
      original(status);
    };
    // The command changes the state, and the badge shows it: state, battery, door.
    (helper.getNode('door') as { receive(msg: NodeMessage): void }).receive({ payload: 'status' });
    const account = helper.getNode('acc') as AccountNode;
    const state = account.hub!.lock(first.serial)!.status.state;
    (helper.getNode('door') as { receive(msg: NodeMessage): void }).receive({
      payload: state === 'locked' ? 'unlock' : 'lock',
    });
    await waitFor(
      () =>
        statuses.some((status) => /^(locked|unlocked)\b.*%/.test((status as { text?: string }).text ?? '')),
      25_000,
      'a status with the new state and battery',
    );
    await helper.unload();
    expect(statuses.at(-1)).toEqual({});
  }, 40_000);
});
