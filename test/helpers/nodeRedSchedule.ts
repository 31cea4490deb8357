/**
 * A `tedee-schedule` flow for the Node-RED tests, on a manual clock given to the runtime as `tedeeClock`: a
 * profile, the schedule node wired to two helper nodes (events, check answers), a real Catch node wired to a
 * third; the messages each receives, stamped with the clock's time, and the schedule node's status calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import registerProfile from '../../src/node-red/profile.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import registerSchedule from '../../src/node-red/schedule.js';
import { ManualClock } from './manualClock.js';
import type { NodeRedHelper, NodeRedRuntime } from './nodeRed.js';
import { waitFor } from './wait.js';

const require = createRequire(import.meta.url);

/** The runtime's own Catch node, so errors travel the path a flow's Catch node sees. */
export function catchNode(runtime: NodeRedRuntime): unknown {
  const nodes = dirname(require.resolve(`${runtime}/package.json`));
  return require(require.resolve('@node-red/nodes/core/common/25-catch.js', { paths: [nodes] }));
}

export interface ProfileFields {
  days?: string[];
  from?: string;
  to?: string;
  timeZone?: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** The flow: `prof` (when given), `sched`, and the helper nodes `events`, `answers`, `caught`. */
export function scheduleFlow(
  profile: ProfileFields | undefined,
  schedule: Record<string, unknown> = {},
  extra: object[] = [],
): object[] {
  return [
    { id: 'f1', type: 'tab' },
    ...(profile ? [{ id: 'prof', type: 'tedee-profile', name: 'Cleaning', ...profile }] : []),
    ...extra,
    {
      id: 'sched',
      z: 'f1',
      type: 'tedee-schedule',
      profile: profile ? 'prof' : '',
      ...schedule,
      wires: [['events'], ['answers']],
    },
    { id: 'events', z: 'f1', type: 'helper' },
    { id: 'answers', z: 'f1', type: 'helper' },
    { id: 'catcher', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
  ];
}

export interface Stamped {
  at: string;
  msg: NodeMessage;
}

export interface EventSummary {
  at: string;
  topic: unknown;
  from: string;
  to: string;
  catchUp: boolean;
}

interface SpyLike {
  getCalls(): { thisValue: unknown; args: unknown[] }[];
}

const settle = async () => {
  // Node-RED delivers each message on the next turn (setImmediate): a few turns let it arrive.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
};

export interface ScheduleHarness {
  readonly userDir: string;
  readonly clock: ManualClock;
  readonly inbox: Record<'events' | 'answers' | 'caught', Stamped[]>;
  /** Deploys with the clock at `start` (or where it is), and waits until the node has looked. */
  deploy(nodes: object[], start?: string, nodeTypes?: unknown[], credentials?: object): Promise<void>;
  /** Runs the clock to `until`, timer by timer, each message reaching its wire at its own time. */
  runUntil(until: string): Promise<void>;
  settle(): Promise<void>;
  statuses(): { text?: string; fill?: string }[];
  events(): EventSummary[];
  send(msg: NodeMessage): void;
}

/** A fresh user dir per test (removed after), and the flow's harness. */
export function useScheduleHarness(helper: NodeRedHelper, runtime: NodeRedRuntime): ScheduleHarness {
  let userDir = '';
  let clock = new ManualClock();
  let inbox: ScheduleHarness['inbox'] = { events: [], answers: [], caught: [] };
  beforeEach(() => {
    userDir = mkdtempSync(join(tmpdir(), 'tedee-schedule-'));
  });
  afterEach(() => {
    rmSync(userDir, { recursive: true, force: true });
  });

  const statuses = () => {
    const spy = (helper as unknown as { _NodePrototype: { status: SpyLike } })._NodePrototype.status;
    return spy
      .getCalls()
      .filter((call) => (call.thisValue as { id?: string }).id === 'sched')
      .map((call) => call.args[0] as { text?: string; fill?: string });
  };

  return {
    get userDir() {
      return userDir;
    },
    get clock() {
      return clock;
    },
    get inbox() {
      return inbox;
    },
    async deploy(nodes, start, nodeTypes = [], credentials) {
      if (start) clock = new ManualClock(Date.parse(start));
      helper.settings({ userDir, tedeeClock: clock });
      await helper.load(
        [registerProfile, registerSchedule, catchNode(runtime), ...nodeTypes],
        nodes,
        credentials,
      );
      inbox = { events: [], answers: [], caught: [] };
      for (const id of Object.keys(inbox) as (keyof typeof inbox)[]) {
        const node = helper.getNode(id) as { on(event: 'input', listener: (msg: NodeMessage) => void): void };
        node.on('input', (msg) => void inbox[id].push({ at: new Date(clock.now()).toISOString(), msg }));
      }
      await waitFor(() => statuses().length > 0, 10_000, 'the schedule node to start');
    },
    async runUntil(until) {
      const end = Date.parse(until);
      for (;;) {
        const due = clock.nextDue();
        if (due === undefined || due > end) break;
        clock.advance(due - clock.now());
        await settle();
      }
      clock.advance(end - clock.now());
      await settle();
    },
    settle,
    statuses,
    events: () =>
      inbox.events.map(({ at, msg }) => {
        const payload = msg.payload as { window: { from: string; to: string }; catchUp: boolean };
        return {
          at,
          topic: msg.topic,
          from: payload.window.from,
          to: payload.window.to,
          catchUp: payload.catchUp,
        };
      }),
    send: (msg) => (helper.getNode('sched') as { receive(msg: NodeMessage): void }).receive(msg),
  };
}
