/**
 * The `tedee-events` node on Node-RED 5 and 4 against the emulator: one message per activity entry (the
 * keypad's PIN alias, the topic, the status), nothing twice across a full and a partial redeploy on the
 * account's data folder, a bad setting named, and the status cleared with no timer left after close.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/index.js';
import type { AccountNode } from '../../src/node-red/account.js';
import registerAccount from '../../src/node-red/account.js';
import registerEvents from '../../src/node-red/events.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import { enterWithPin } from '../helpers/activity.js';
import type { EmulatorFixture } from '../helpers/emulator.js';
import { useEmulator } from '../helpers/emulator.js';
import { NODE_RED_RUNTIMES, trackTimers, useNodeRed } from '../helpers/nodeRed.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ lockListPer10Minutes: 1000 });
/**
 * For the entries a door's movement brings: an emulator ten times faster than real time, whose clock the
 * account's hub runs on (`tedeeHubClock`). The hub sees a movement at its next poll (10 s at the least), and
 * only then reads the log early: on this clock that is a real second, and cloud and hub agree on the time.
 */
const fast = useEmulator({ speed: 10, lockListPer10Minutes: 1000 });
const FRONT_DOOR = 101;
beforeEach(async () => {
  await env.control.reset();
  await fast.control.reset();
});
const credentials = (world: EmulatorFixture = env) => ({ acc: { personalAccessKey: world.key } });

type Watched = {
  on(event: 'input', listener: (msg: NodeMessage) => void): void;
  on(event: 'call:error', listener: (call: { args: unknown[] }) => void): void;
};

function flow(
  events: Record<string, unknown>,
  account: Record<string, unknown> = {},
  world: EmulatorFixture = env,
): object[] {
  return [
    { id: 'f1', type: 'tab' },
    { id: 'acc', type: 'tedee-account', apiUrl: world.url, pollInterval: 10, ...account },
    { id: 'events', z: 'f1', type: 'tedee-events', account: 'acc', wires: [['out']], ...events },
    { id: 'out', z: 'f1', type: 'helper' },
  ];
}

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);

  /** Collects what the events node sends and shows; call again after a redeploy (the nodes are new). */
  function listen(inbox: NodeMessage[], statuses: unknown[] = []): void {
    (helper.getNode('out') as Watched).on('input', (msg) => void inbox.push(msg));
    const node = helper.getNode('events') as { status(status: unknown): void };
    const original = node.status.bind(node);
    node.status = (status) => {
      statuses.push(status);
      original(status);
    };
  }

  async function following(serial: string): Promise<void> {
    const hub = (helper.getNode('acc') as AccountNode).hub!;
    await hub.ready();
    await waitFor(
      () => hub.activityStatus().following.includes(serial),
      15_000,
      'the feed to follow the lock',
    );
  }

  async function frontDoor(world: EmulatorFixture = env): Promise<{ serial: string; name: string }> {
    const lock = await world.control.lock(FRONT_DOOR);
    return { serial: lock.serialNumber, name: lock.name };
  }

  /** The account's hub on the fast emulator's clock, for the tests of entries that a movement brings. */
  function onFastClock(): void {
    helper.settings({ tedeeHubClock: fast.emulator.clock });
  }

  it('sends each entry with its topic and who came in, and shows it', async () => {
    onFastClock();
    const { serial, name } = await frontDoor(fast);
    await helper.load(
      [registerAccount, registerEvents],
      flow({ locks: [serial] }, {}, fast),
      credentials(fast),
    );
    const inbox: NodeMessage[] = [];
    const statuses: unknown[] = [];
    listen(inbox, statuses);
    await following(serial);
    expect((await enterWithPin(fast, FRONT_DOOR, 'Cleaner Ann', '582913')).opened).toBe(true);
    const message = await waitFor(
      () => inbox.find((msg) => (msg.payload as ActivityEvent).method === 'keypad'),
      25_000,
      'the keypad entry',
    );
    expect(message).toMatchObject({
      topic: `${name}/activity`,
      lock: serial,
      payload: { action: 'unlocked', pinAlias: 'Cleaner Ann', serialNumber: serial, lockName: name },
    });
    await waitFor(
      () =>
        statuses.some((status) =>
          /unlocked keypad Cleaner Ann/.test((status as { text?: string }).text ?? ''),
        ),
      5_000,
      'the status with the entry',
    );
  }, 40_000);

  it('sends nothing twice across a full and a partial redeploy', async () => {
    onFastClock();
    const { serial } = await frontDoor(fast);
    await fast.control.physical(FRONT_DOOR, 'unlock'); // history: before the flow runs
    const dataDir = mkdtempSync(join(tmpdir(), 'nr-activity-'));
    const nodes = flow({ locks: [serial] }, { dataDir }, fast);
    await helper.load([registerAccount, registerEvents], nodes, credentials(fast));
    const inbox: NodeMessage[] = [];
    listen(inbox);
    await following(serial);
    await fast.control.physical(FRONT_DOOR, 'lock', true);
    await waitFor(() => inbox.length >= 1, 25_000, 'the first entry');

    // A full deploy: a new account node, a new hub, the same data folder. The door moves before the new hub
    // has read anything: the entry comes from where the old hub stopped (a fresh start would skip it).
    await helper.setFlows(nodes, 'full', credentials(fast));
    listen(inbox);
    await fast.control.physical(FRONT_DOOR, 'unlock', true);
    await waitFor(() => inbox.length >= 2, 25_000, 'the entry after the full deploy');

    // Only the events node changes: the hub stays, the watch is closed and opened again.
    const renamed = nodes.map((node) =>
      (node as { id: string }).id === 'events' ? { ...node, name: 'renamed' } : node,
    );
    await helper.setFlows(renamed, 'nodes', credentials(fast));
    // The helper node is unchanged, so its listener stays: only the events node is new.
    expect((helper.getNode('events') as { name?: string }).name).toBe('renamed');
    await fast.control.physical(FRONT_DOOR, 'lock', true);
    await waitFor(() => inbox.length >= 3, 25_000, 'the entry after the partial deploy');

    const entries = inbox.map((msg) => msg.payload as ActivityEvent);
    expect(entries.map((entry) => `${entry.action} ${entry.method}`)).toEqual([
      'locked button',
      'unlocked button',
      'locked button',
    ]);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(3);
  }, 90_000);

  it('hands a key without DeviceActivity.Read to Catch with the code, and shows it', async () => {
    const { serial } = await frontDoor();
    const limited = await env.control.createKey({ scopes: ['Device.Read', 'Lock.Operate'] });
    await helper.load([registerAccount, registerEvents], flow({ locks: [serial] }), {
      acc: { personalAccessKey: limited.key },
    });
    type Spied = { getCalls(): { thisValue: unknown; args: unknown[] }[] };
    const node = helper.getNode('events') as { error: Spied; status: Spied };
    const own = (spy: Spied) => spy.getCalls().filter((call) => call.thisValue === node);
    await waitFor(() => own(node.error).length > 0, 15_000, 'the error');
    const [text, msg] = own(node.error)[0]!.args as [string, NodeMessage];
    expect(text).toMatch(/^Reading the activity log failed \(SCOPE_MISSING\)/);
    expect(msg).toMatchObject({ topic: 'activity', payload: { code: 'SCOPE_MISSING' } });
    expect(JSON.stringify(msg)).not.toContain(limited.key);
    expect(own(node.status).at(-1)!.args[0]).toEqual({ fill: 'red', shape: 'ring', text: 'SCOPE_MISSING' });
  });

  it('warns about a chosen lock the account does not have', async () => {
    await helper.load([registerAccount, registerEvents], flow({ locks: 'NO-SUCH-LOCK, ' }), credentials());
    type Spied = { getCalls(): { thisValue: unknown; args: unknown[] }[] };
    const node = helper.getNode('events') as { warn: Spied };
    const warnings = () => node.warn.getCalls().filter((call) => call.thisValue === node);
    await waitFor(() => warnings().length > 0, 15_000, 'the warning');
    expect(warnings()[0]!.args[0]).toBe('locks: no lock NO-SUCH-LOCK in this account');
  });

  it('names a bad setting, and clears its status with no timer left on close', async () => {
    await helper.load([registerAccount, registerEvents], flow({ interval: 'soon' }), credentials());
    // The helper spies on every node's methods from before the constructor runs: its calls are kept.
    type Spied = { getCalls(): { thisValue: unknown; args: unknown[] }[] };
    const bad = helper.getNode('events') as { error: Spied; status: Spied };
    const own = (spy: Spied) => spy.getCalls().filter((call) => call.thisValue === bad);
    const error = own(bad.error)[0]!.args[0] as { code?: string; message: string };
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^interval: "soon" is not a number of seconds of at least 10/);
    expect(own(bad.status).at(-1)!.args[0]).toEqual({ fill: 'red', shape: 'ring', text: 'interval' });
    await helper.unload();

    const { serial } = await frontDoor();
    const timers = trackTimers();
    try {
      await helper.load([registerAccount, registerEvents], flow({ locks: [serial] }), credentials());
      const statuses: unknown[] = [];
      listen([], statuses);
      await following(serial);
      await helper.unload();
      expect(statuses.at(-1)).toEqual({});
      // fetch (the test's own calls to the emulator) keeps an idle connection with a timer for about 4 s; the
      // hub's timers are longer (a poll every 10 s, the feed's round every 27 s), so a leak of theirs stays.
      await waitFor(() => timers.pending() === 0, 8_000, 'no timer left');
    } finally {
      timers.stop();
    }
    await helper.load([registerAccount, registerEvents], []);
  }, 40_000);
});
