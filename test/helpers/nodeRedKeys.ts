/**
 * A `tedee-key` flow for the Node-RED tests: the account (with a fresh data folder), a key node wired to two
 * helper nodes, a real Catch node wired to a third, and an optional profile; the messages each receives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach } from 'vitest';
import type { AccountNode } from '../../src/node-red/account.js';
import registerAccount from '../../src/node-red/account.js';
import registerKey from '../../src/node-red/key.js';
import registerProfile from '../../src/node-red/profile.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import type { EmulatorFixture } from './emulator.js';
import type { NodeRedHelper, NodeRedRuntime } from './nodeRed.js';

const require = createRequire(import.meta.url);
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export function freshDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'nodered-keys-'));
  folders.push(folder);
  return folder;
}

/** The runtime's own Catch node, as Node-RED itself registers it. */
export function catchNode(runtime: NodeRedRuntime): unknown {
  const runtimeRequire = createRequire(require.resolve(runtime));
  return runtimeRequire(runtimeRequire.resolve('@node-red/nodes/core/common/25-catch.js'));
}

export interface KeyFlowOptions {
  key?: Record<string, unknown>;
  account?: Record<string, unknown>;
  profile?: Record<string, unknown>;
}

export function keyFlow(env: EmulatorFixture, dataDir: string, options: KeyFlowOptions = {}): object[] {
  return [
    { id: 'f1', type: 'tab' },
    { id: 'acc', type: 'tedee-account', apiUrl: env.url, pollInterval: 10, dataDir, ...options.account },
    ...(options.profile ? [{ id: 'prof', type: 'tedee-profile', ...options.profile }] : []),
    {
      id: 'key',
      z: 'f1',
      type: 'tedee-key',
      account: 'acc',
      action: 'issue',
      ...(options.profile ? { profile: 'prof' } : {}),
      ...options.key,
      wires: [['out'], ['delivered']],
    },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'delivered', z: 'f1', type: 'helper' },
    { id: 'catcher', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
  ];
}

export interface KeyFlow {
  account: AccountNode;
  send(msg: NodeMessage): void;
  inbox: { out: NodeMessage[]; delivered: NodeMessage[]; caught: NodeMessage[] };
}

interface ReceivingNode {
  receive(msg: NodeMessage): void;
  on(event: 'input', listener: (msg: NodeMessage) => void): void;
}

export async function deployKeyFlow(
  helper: NodeRedHelper,
  runtime: NodeRedRuntime,
  env: EmulatorFixture,
  flow: object[],
): Promise<KeyFlow> {
  await helper.load([registerAccount, registerProfile, registerKey, catchNode(runtime)], flow, {
    acc: { personalAccessKey: env.key },
  });
  return observe(helper);
}

/** The deployed flow's nodes and what they receive from now on. */
export function observe(helper: NodeRedHelper): KeyFlow {
  const inbox: KeyFlow['inbox'] = { out: [], delivered: [], caught: [] };
  for (const id of ['out', 'delivered', 'caught'] as const)
    (helper.getNode(id) as ReceivingNode).on('input', (msg) => void inbox[id].push(msg));
  return {
    account: helper.getNode('acc') as AccountNode,
    send: (msg) => (helper.getNode('key') as ReceivingNode).receive(msg),
    inbox,
  };
}

/** A local period in `timeZone` around the emulator's now: from an hour ago to two days ahead. */
export function periodAroundNow(env: EmulatorFixture, timeZone: string): { from: string; until: string } {
  const now = DateTime.fromMillis(env.emulator.clock.now(), { zone: timeZone }).startOf('minute');
  const local = (at: DateTime) => at.toFormat("yyyy-MM-dd'T'HH:mm");
  return { from: local(now.minus({ hours: 1 })), until: local(now.plus({ days: 2 })) };
}

export function utcOf(local: string, timeZone: string): number {
  return DateTime.fromISO(local, { zone: timeZone }).toMillis();
}
