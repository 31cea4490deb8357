/**
 * The `tedee-schedule` node on Node-RED 5 and 4, on a manual clock (no real waiting): `open` and `close` at
 * the local hours on both sides of a daylight-saving change in two zones, nothing announced twice after a
 * redeploy or a restart inside a window, one flagged catch-up after downtime, `check` on output 2, bad
 * settings and input named and caught by a real Catch node, and no timer left after close.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import registerProfile from '../../src/node-red/profile.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import registerSchedule from '../../src/node-red/schedule.js';
import { scaledClock, systemClock } from '../../src/util/clock.js';
import { ManualClock } from '../helpers/manualClock.js';
import type { NodeRedRuntime } from '../helpers/nodeRed.js';
import { NODE_RED_RUNTIMES, trackTimers, useNodeRed } from '../helpers/nodeRed.js';
import { waitFor } from '../helpers/wait.js';

const require = createRequire(import.meta.url);

/** The runtime's own Catch node, so errors travel the path a flow's Catch node sees. */
function catchNode(runtime: NodeRedRuntime): unknown {
  const nodes = dirname(require.resolve(`${runtime}/package.json`));
  return require(require.resolve('@node-red/nodes/core/common/25-catch.js', { paths: [nodes] }));
}

interface Stamped {
  at: string;
  msg: NodeMessage;
}

interface ProfileFields {
  days?: string[];
  from?: string;
  to?: string;
  timeZone?: string;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

function flow(profile: ProfileFields | undefined, schedule: Record<string, unknown> = {}): object[] {
  return [
    { id: 'f1', type: 'tab' },
    ...(profile ? [{ id: 'prof', type: 'tedee-profile', name: 'Cleaning', ...profile }] : []),
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

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);
  let userDir: string;
  let clock: ManualClock;
  let inbox: Record<'events' | 'answers' | 'caught', Stamped[]>;

  beforeEach(() => {
    userDir = mkdtempSync(join(tmpdir(), 'tedee-schedule-'));
  });
  afterEach(() => {
    rmSync(userDir, { recursive: true, force: true });
  });

  /** Deploys the flow with the clock at `start` (or where it is), and waits until the node has looked. */
  async function deploy(nodes: object[], start?: string): Promise<void> {
    if (start) clock = new ManualClock(Date.parse(start));
    helper.settings({ userDir, tedeeClock: clock });
    await helper.load([registerProfile, registerSchedule, catchNode(runtime)], nodes);
    inbox = { events: [], answers: [], caught: [] };
    for (const id of Object.keys(inbox) as (keyof typeof inbox)[]) {
      const node = helper.getNode(id) as { on(event: 'input', listener: (msg: NodeMessage) => void): void };
      node.on('input', (msg) => void inbox[id].push({ at: new Date(clock.now()).toISOString(), msg }));
    }
    await waitFor(() => statuses().length > 0, 10_000, 'the schedule node to start');
  }

  /** The status calls of the schedule node, oldest first. */
  function statuses(): { text?: string; fill?: string }[] {
    const spy = (helper as unknown as { _NodePrototype: { status: SpyLike } })._NodePrototype.status;
    return spy
      .getCalls()
      .filter((call) => (call.thisValue as { id?: string }).id === 'sched')
      .map((call) => call.args[0] as { text?: string });
  }

  /** Runs the clock to `until`, timer by timer, letting each message reach its wire at its own time. */
  async function runUntil(until: string): Promise<void> {
    const end = Date.parse(until);
    for (;;) {
      const due = clock.nextDue();
      if (due === undefined || due > end) break;
      clock.advance(due - clock.now());
      for (let turn = 0; turn < 3; turn++) await settle();
    }
    clock.advance(end - clock.now());
    for (let turn = 0; turn < 3; turn++) await settle();
  }

  const events = () =>
    inbox.events.map(({ at, msg }) => {
      const payload = msg.payload as { window: { from: string; to: string }; catchUp: boolean };
      return {
        at,
        topic: msg.topic,
        from: payload.window.from,
        to: payload.window.to,
        catchUp: payload.catchUp,
      };
    });

  it.each([
    {
      zone: 'Europe/Warsaw',
      start: '2027-03-26T06:00:00Z', // Friday before the spring change (2027-03-28)
      end: '2027-03-29T20:00:00Z',
      expected: [
        [
          '2027-03-26T08:00:00.000Z',
          'open',
          '2027-03-26T09:00:00.000+01:00',
          '2027-03-26T15:00:00.000+01:00',
        ],
        [
          '2027-03-26T14:00:00.000Z',
          'close',
          '2027-03-26T09:00:00.000+01:00',
          '2027-03-26T15:00:00.000+01:00',
        ],
        [
          '2027-03-29T07:00:00.000Z',
          'open',
          '2027-03-29T09:00:00.000+02:00',
          '2027-03-29T15:00:00.000+02:00',
        ],
        [
          '2027-03-29T13:00:00.000Z',
          'close',
          '2027-03-29T09:00:00.000+02:00',
          '2027-03-29T15:00:00.000+02:00',
        ],
      ],
    },
    {
      zone: 'America/New_York',
      start: '2026-10-30T10:00:00Z', // Friday before the autumn change (2026-11-01)
      end: '2026-11-02T23:00:00Z',
      expected: [
        [
          '2026-10-30T13:00:00.000Z',
          'open',
          '2026-10-30T09:00:00.000-04:00',
          '2026-10-30T15:00:00.000-04:00',
        ],
        [
          '2026-10-30T19:00:00.000Z',
          'close',
          '2026-10-30T09:00:00.000-04:00',
          '2026-10-30T15:00:00.000-04:00',
        ],
        [
          '2026-11-02T14:00:00.000Z',
          'open',
          '2026-11-02T09:00:00.000-05:00',
          '2026-11-02T15:00:00.000-05:00',
        ],
        [
          '2026-11-02T20:00:00.000Z',
          'close',
          '2026-11-02T09:00:00.000-05:00',
          '2026-11-02T15:00:00.000-05:00',
        ],
      ],
    },
  ])(
    'opens at 09:00 and closes at 15:00 $zone on both sides of the change',
    async ({ zone, start, end, expected }) => {
      await deploy(flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: zone }), start);
      expect(statuses().at(-1)).toEqual({ fill: 'grey', shape: 'ring', text: 'next: 09:00' });
      // One timer, to the opening itself.
      expect(clock.pending).toBe(1);
      expect(clock.nextDue()).toBe(Date.parse(expected[0]![0]!));
      await runUntil(end);
      expect(events()).toEqual(
        expected.map(([at, topic, from, to]) => ({ at, topic, from, to, catchUp: false })),
      );
      expect(inbox.events[0]!.msg.payload).toMatchObject({
        event: 'open',
        profile: 'Cleaning',
        window: { fromUtc: expected[0]![0], timeZone: zone },
      });
      await helper.unload();
      expect(clock.pending).toBe(0);
    },
  );

  it('shows when the window closes, and the next opening when it is closed', async () => {
    await deploy(
      flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      '2026-12-04T09:00:00Z',
    );
    expect(statuses().at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'open until 15:00' });
    await runUntil('2026-12-04T14:00:00Z');
    expect(statuses().at(-1)).toEqual({ fill: 'grey', shape: 'ring', text: 'next: Mon 09:00' });
  });

  it('announces nothing again after a redeploy inside the window', async () => {
    const profile = { days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' };
    await deploy(flow(profile), '2026-11-30T07:30:00Z');
    await runUntil('2026-11-30T09:00:00Z');
    expect(events().map((event) => event.topic)).toEqual(['open']);
    // A changed schedule node is recreated, with the same id.
    await helper.setFlows(flow(profile, { name: 'Cleaning hours' }), 'nodes');
    await runUntil('2026-11-30T10:00:00Z');
    expect(events().map((event) => event.topic)).toEqual(['open']);
    await runUntil('2026-11-30T15:00:00Z');
    expect(events()).toEqual([
      expect.objectContaining({ topic: 'open', catchUp: false }),
      expect.objectContaining({ topic: 'close', at: '2026-11-30T14:00:00.000Z', catchUp: false }),
    ]);
  });

  it('announces nothing again after a restart inside the window, and keeps its record private', async () => {
    const nodes = flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await deploy(nodes, '2026-11-30T07:30:00Z');
    await runUntil('2026-11-30T09:00:00Z');
    expect(events().map((event) => event.topic)).toEqual(['open']);
    await helper.unload();
    clock.advance(3600_000);
    await deploy(nodes);
    await runUntil('2026-11-30T13:00:00Z');
    expect(events()).toEqual([]);
    const folder = join(userDir, 'tedee-hub', 'schedule');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'sched.json')).mode & 0o777).toBe(0o600);
  });

  it('catches up once, flagged, when it was down at the opening and the window is still open', async () => {
    const nodes = flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await deploy(nodes, '2026-11-30T07:00:00Z');
    await helper.unload();
    clock.advance(3 * 3600_000); // 11:00 Warsaw: the window opened at 09:00 while the node was down
    await deploy(nodes);
    await waitFor(() => inbox.events.length > 0, 5_000, 'the catch-up');
    expect(events()).toEqual([
      {
        at: '2026-11-30T10:00:00.000Z',
        topic: 'open',
        from: '2026-11-30T09:00:00.000+01:00',
        to: '2026-11-30T15:00:00.000+01:00',
        catchUp: true,
      },
    ]);
    expect(inbox.events[0]!.msg.payload).toMatchObject({ missedAt: '2026-11-30T08:00:00.000Z' });
    await runUntil('2026-11-30T15:00:00Z');
    expect(events().slice(1)).toEqual([expect.objectContaining({ topic: 'close', catchUp: false })]);
  });

  it('catches up the close, flagged, when it was down when an announced window ended', async () => {
    const nodes = flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await deploy(nodes, '2026-11-30T07:00:00Z');
    await runUntil('2026-11-30T09:00:00Z');
    expect(events().map((event) => event.topic)).toEqual(['open']);
    await helper.unload();
    clock.advance(8 * 3600_000); // 18:00 Warsaw: the window closed at 15:00 while the node was down
    await deploy(nodes);
    await waitFor(() => inbox.events.length > 0, 5_000, 'the catch-up');
    expect(events()).toEqual([
      {
        at: '2026-11-30T17:00:00.000Z',
        topic: 'close',
        from: '2026-11-30T09:00:00.000+01:00',
        to: '2026-11-30T15:00:00.000+01:00',
        catchUp: true,
      },
    ]);
    expect(inbox.events[0]!.msg.payload).toMatchObject({ missedAt: '2026-11-30T14:00:00.000Z' });
  });

  it('sends one flagged close for a whole window missed, and nothing once caught up', async () => {
    const nodes = flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await deploy(nodes, '2026-11-30T07:00:00Z');
    await helper.unload();
    clock.advance(24 * 3600_000); // Tuesday 08:00 Warsaw: all of Monday's window passed
    await deploy(nodes);
    await waitFor(() => inbox.events.length > 0, 5_000, 'the catch-up');
    expect(events()).toEqual([
      {
        at: '2026-12-01T07:00:00.000Z',
        topic: 'close',
        from: '2026-11-30T09:00:00.000+01:00',
        to: '2026-11-30T15:00:00.000+01:00',
        catchUp: true,
      },
    ]);
    await helper.unload();
    await deploy(nodes);
    for (let turn = 0; turn < 3; turn++) await settle();
    expect(events()).toEqual([]);
  });

  it('answers check on output 2, inside and outside the window', async () => {
    await deploy(
      flow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      '2026-11-30T07:00:00Z',
    );
    const node = helper.getNode('sched') as { receive(msg: NodeMessage): void };
    node.receive({ payload: 'check', topic: 'door?' });
    await waitFor(() => inbox.answers.length === 1, 5_000, 'the answer');
    expect(inbox.answers[0]!.msg).toMatchObject({
      topic: 'door?',
      payload: {
        inside: false,
        profile: 'Cleaning',
        window: { from: '2026-11-30T09:00:00.000+01:00', toUtc: '2026-11-30T14:00:00.000Z' },
      },
    });
    await runUntil('2026-11-30T12:00:00Z');
    node.receive({ payload: 'check' });
    await waitFor(() => inbox.answers.length === 2, 5_000, 'the second answer');
    expect(inbox.answers[1]!.msg.payload).toMatchObject({
      inside: true,
      window: { from: '2026-11-30T09:00:00.000+01:00' },
      at: '2026-11-30T12:00:00.000Z',
    });
    expect(inbox.events.map(({ msg }) => msg.topic)).toEqual(['open']);
  });

  it.each([
    { what: 'no profile', profile: undefined, field: /profile: none chosen/ },
    {
      what: 'an invalid profile',
      profile: { days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Mars/Base' },
      field: /timeZone/,
    },
    {
      what: 'a profile without a zone',
      profile: { days: WEEKDAYS, from: '09:00', to: '15:00' },
      field: /timeZone: missing/,
    },
  ])('names $what, shows it and hands it to Catch with its code', async ({ profile, field }) => {
    await deploy(flow(profile), '2026-11-30T07:00:00Z');
    await waitFor(() => inbox.caught.length > 0, 5_000, 'the error at Catch');
    const error = (inbox.caught[0]!.msg as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(field);
    expect(statuses().at(-1)).toMatchObject({ fill: 'red' });
    expect(clock.pending).toBe(0);
    (helper.getNode('sched') as { receive(msg: NodeMessage): void }).receive({ payload: 'check' });
    await waitFor(() => inbox.caught.length > 1, 5_000, 'the check error at Catch');
    expect((inbox.caught[1]!.msg as { error: { code: string } }).error.code).toBe('CONFIG_INVALID');
    expect(inbox.answers).toEqual([]);
  });

  it('hands input other than check to Catch as INVALID_INPUT', async () => {
    await deploy(flow({ from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }), '2026-11-30T07:00:00Z');
    (helper.getNode('sched') as { receive(msg: NodeMessage): void }).receive({ payload: 'dance' });
    await waitFor(() => inbox.caught.length > 0, 5_000, 'the error at Catch');
    const error = (inbox.caught[0]!.msg as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/msg\.payload: "dance" is not a command/);
  });

  it('fires on a scaled clock through real timers, never early, at 09:00 Warsaw after the change', async () => {
    // Ten scaled minutes (a real second: time to deploy) before 09:00 CEST on the Monday after the change,
    // 600 times faster than real time.
    const shift = Date.parse('2027-03-29T06:50:00Z') - Date.now();
    const scaled = scaledClock(600, { ...systemClock, now: () => Date.now() + shift });
    helper.settings({ userDir, tedeeClock: scaled });
    await helper.load(
      [registerProfile, registerSchedule],
      flow({ days: WEEKDAYS, from: '09:00', to: '09:10', timeZone: 'Europe/Warsaw' }),
    );
    const received: { at: number; topic: unknown }[] = [];
    (helper.getNode('events') as { on(event: 'input', listener: (msg: NodeMessage) => void): void }).on(
      'input',
      (msg) => void received.push({ at: scaled.now(), topic: msg.topic }),
    );
    await waitFor(() => received.length === 2, 15_000, 'open and close');
    const due = [Date.parse('2027-03-29T07:00:00Z'), Date.parse('2027-03-29T07:10:00Z')];
    expect(received.map(({ topic }) => topic)).toEqual(['open', 'close']);
    received.forEach(({ at }, index) => {
      expect(at).toBeGreaterThanOrEqual(due[index]!);
      // Five scaled minutes are half a real second: room for a loaded machine.
      expect(at - due[index]!).toBeLessThan(5 * 60_000);
    });
  });

  it('waits on one real timer and leaves none after close', async () => {
    const timers = trackTimers();
    try {
      helper.settings({ userDir });
      await helper.load(
        [registerProfile, registerSchedule, catchNode(runtime)],
        flow({ from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      );
      await waitFor(() => statuses().length > 0, 10_000, 'the schedule node to start');
      expect(timers.pending()).toBeGreaterThanOrEqual(1);
      await helper.unload();
      expect(timers.pending()).toBe(0);
    } finally {
      timers.stop();
    }
    await helper.load([registerProfile, registerSchedule], []);
  });
});

interface SpyLike {
  getCalls(): { thisValue: unknown; args: unknown[] }[];
}
