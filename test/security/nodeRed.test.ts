/**
 * Security review, Node-RED (5 and 4): an account with a known PAK and a secondary, a `tedee-key` node with reveal off
 * issuing a `strict` known doorcode and refusing it a second time (to a real Catch node), a `tedee-lock` node,
 * real debug nodes on every output but the deliveries, a `tedee-schedule` node that records a transition, and
 * the account's Test key endpoint. Every message sent, every log, warn, error and status call of every node,
 * every runtime log line, every debug message and every file in the user dir's `tedee-hub` folder: only
 * prefixes and masked codes; files 0600, folders 0700. The delivery output (the code in clear, by design) is the
 * positive control.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import registerAccount from '../../src/node-red/account.js';
import registerKey from '../../src/node-red/key.js';
import registerLock from '../../src/node-red/lock.js';
import registerProfile from '../../src/node-red/profile.js';
import registerSchedule from '../../src/node-red/schedule.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import { useEmulator } from '../helpers/emulator.js';
import { ManualClock } from '../helpers/manualClock.js';
import { NODE_RED_RUNTIMES, type NodeRedRuntime, useNodeRed } from '../helpers/nodeRed.js';
import { catchNode } from '../helpers/nodeRedKeys.js';
import { waitFor } from '../helpers/wait.js';
import type { Haystack, Needle } from './secrets.js';
import { filesUnder, leaks, pakNeedles, wrongModes } from './secrets.js';

const require = createRequire(import.meta.url);
const env = useEmulator({ locks: 2, speed: 10 });
const DOORCODE = '58207316';
const REJECTED_KEY = 'Xy12ab.RejectedSecretPart987';

interface SpyLike {
  getCalls(): { thisValue: unknown; args: unknown[] }[];
}
type Receiving = { on(event: 'input', listener: (msg: NodeMessage) => void): void };

/** The runtime's own debug node. */
function debugNode(runtime: NodeRedRuntime): unknown {
  const runtimeRequire = createRequire(require.resolve(runtime));
  return runtimeRequire(runtimeRequire.resolve('@node-red/nodes/core/common/21-debug.js'));
}

function flow(lockSerial: string): object[] {
  const debug = (id: string) => ({
    id,
    z: 'f1',
    type: 'debug',
    active: true,
    console: 'true',
    complete: 'true',
  });
  return [
    { id: 'f1', type: 'tab' },
    { id: 'acc', type: 'tedee-account', apiUrl: env.url, pollInterval: 10 },
    {
      id: 'prof',
      type: 'tedee-profile',
      name: 'Cleaning',
      days: ['sun'],
      from: '13:30',
      to: '14:00',
      timeZone: 'UTC',
    },
    { id: 'sched', z: 'f1', type: 'tedee-schedule', profile: 'prof', wires: [['dbg-sched'], ['dbg-sched']] },
    {
      id: 'lock',
      z: 'f1',
      type: 'tedee-lock',
      account: 'acc',
      lock: lockSerial,
      wires: [['dbg-lock'], ['dbg-lock']],
    },
    {
      id: 'key',
      z: 'f1',
      type: 'tedee-key',
      account: 'acc',
      action: 'issue',
      reveal: false,
      doors: [lockSerial],
      wires: [['out', 'dbg-key'], ['delivered']],
    },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'delivered', z: 'f1', type: 'helper' },
    {
      id: 'catcher',
      z: 'f1',
      type: 'catch',
      scope: null,
      uncaught: false,
      wires: [['caught', 'dbg-caught']],
    },
    { id: 'caught', z: 'f1', type: 'helper' },
    debug('dbg-key'),
    debug('dbg-lock'),
    debug('dbg-sched'),
    debug('dbg-caught'),
  ];
}

describe.each(NODE_RED_RUNTIMES)('security review: Node-RED (%s)', (runtime) => {
  const helper = useNodeRed(runtime);

  it('shows only prefixes and masked codes in messages, logs, debug and files', async () => {
    await env.control.reset();
    const secondary = await env.control.createKey({ name: 'secondary' });
    const [door] = await env.control.locks();
    await env.control.patchLock(door!.id, { keypad: true });
    const userDir = mkdtempSync(join(tmpdir(), 'security-nodered-'));
    const clock = new ManualClock(Date.parse('2026-11-22T12:00:00Z'));
    helper.settings({ userDir, tedeeClock: clock });
    // Debug messages go to the editor through the runtime's `comms` event.
    const events = (helper as unknown as { _events: NodeJS.EventEmitter })._events;
    const published: unknown[] = [];
    const onComms = (message: unknown) => void published.push(message);
    events.on('comms', onComms);
    try {
      await helper.load(
        [
          registerAccount,
          registerProfile,
          registerKey,
          registerLock,
          registerSchedule,
          catchNode(runtime),
          debugNode(runtime),
        ],
        flow(door!.serialNumber),
        { acc: { personalAccessKey: env.key, secondaryAccessKey: secondary.key } },
      );
      const inbox = { out: [] as NodeMessage[], delivered: [] as NodeMessage[], caught: [] as NodeMessage[] };
      for (const id of ['out', 'delivered', 'caught'] as const)
        (helper.getNode(id) as Receiving).on('input', (msg) => void inbox[id].push(msg));
      const send = (id: string, msg: NodeMessage) =>
        (helper.getNode(id) as { receive(msg: NodeMessage): void }).receive(msg);

      const request = {
        name: 'Stay',
        persons: [{ name: 'Ann' }],
        credentials: { doorcode: { policy: 'strict', code: DOORCODE } },
      };
      send('key', { payload: request });
      await waitFor(() => inbox.out[0] ?? inbox.caught[0], 25_000, 'the key');
      expect(inbox.out[0]).toMatchObject({ status: 'active' });
      await waitFor(() => inbox.delivered[0], 10_000, 'the delivery');
      send('key', { payload: { ...request, name: 'Again' } });
      await waitFor(() => inbox.caught[0], 25_000, 'the refusal');
      send('key', { action: 'show', payload: (inbox.out[0]!.payload as { id: string }).id });
      send('key', { action: 'list', payload: {} });
      await waitFor(() => inbox.out.length >= 3, 10_000, 'show and list');
      send('lock', { payload: 'lock' });
      send('lock', { payload: 'status' });
      // The schedule opens and closes its window; the transition is kept in the user dir.
      clock.advance(2.5 * 3600_000);
      await waitFor(() => published.some((args) => JSON.stringify(args).includes('"topic":"close"')), 10_000);
      await waitFor(() => published.some((args) => JSON.stringify(args).includes('dbg-lock')), 15_000);
      const testKey = await helper
        .request()
        .post('/tedee-account/test-key')
        .send({ personalAccessKey: REJECTED_KEY, apiUrl: env.url });
      expect(testKey.body).toMatchObject({ ok: false, code: 'AUTH_INVALID' });
      const stored = await helper
        .request()
        .post('/tedee-account/test-key')
        .send({ id: 'acc', personalAccessKey: '__PWRD__', apiUrl: env.url });
      expect(stored.body).toMatchObject({ ok: true });

      const prototype = (helper as unknown as { _NodePrototype: Record<string, SpyLike> })._NodePrototype;
      const calls: Haystack[] = [];
      for (const method of ['send', 'log', 'warn', 'error', 'status', 'debug', 'trace'])
        for (const [i, call] of prototype[method]!.getCalls().entries()) {
          const id = (call.thisValue as { id?: string }).id;
          // Output 2 of the key node is the delivery: the code in clear by design (the positive control).
          const outputs = method === 'send' && id === 'key' ? (call.args[0] as unknown[]) : undefined;
          calls.push({
            source: `node ${id} ${method} ${i}`,
            text: serialise(outputs?.[1] ? outputs[0] : call.args),
          });
        }
      const runtimeLog = (helper as unknown as { log(): SpyLike })
        .log()
        .getCalls()
        .map((call, i) => ({ source: `runtime log ${i}`, text: serialise(call.args) }));
      const haystacks: Haystack[] = [
        ...calls,
        ...runtimeLog,
        ...published.map((args, i) => ({ source: `debug ${i}`, text: serialise(args) })),
        ...[...inbox.out, ...inbox.caught].map((msg, i) => ({
          source: `message ${i}`,
          text: serialise(msg),
        })),
        { source: 'test-key answers', text: testKey.text + stored.text },
        { source: 'flows', text: serialise(helper._redNodes.getFlows()) },
      ];
      const needles: Needle[] = [
        ...pakNeedles('the PAK', env.key),
        ...pakNeedles('the secondary PAK', secondary.key),
        ...pakNeedles('a rejected PAK', REJECTED_KEY),
        { name: 'the doorcode', text: DOORCODE },
      ];
      expect(calls.length).toBeGreaterThan(10);
      expect(published.length).toBeGreaterThan(3);
      expect(leaks(haystacks, needles)).toEqual([]);
      // Positive control: the delivery carries the code, and the search finds it.
      expect(leaks([{ source: 'delivery', text: serialise(inbox.delivered) }], needles)).toEqual([
        'delivery: the doorcode',
      ]);
      const data = join(userDir, 'tedee-hub');
      const files = filesUnder(data, 'tedee-hub');
      expect(files.map((file) => file.source)).toEqual(
        expect.arrayContaining([
          'tedee-hub/keys.db',
          'tedee-hub/keys.db-wal',
          'tedee-hub/schedule/sched.json',
        ]),
      );
      expect(leaks(files, needles)).toEqual([]);
      expect(wrongModes(data)).toEqual([]);
    } finally {
      events.off('comms', onComms);
    }
  });
});

/** Any value as text: errors with their message, code and cause; cycles cut. */
function serialise(value: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner instanceof Error)
      return { ...inner, message: inner.message, stack: inner.stack, cause: inner.cause };
    if (typeof inner === 'object' && inner !== null) {
      if (seen.has(inner)) return '[cycle]';
      seen.add(inner);
    }
    return inner;
  });
}
