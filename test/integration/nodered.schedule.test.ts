/**
 * The `tedee-schedule` node on Node-RED 5 and 4, on a manual clock (no real waiting): `open` and `close` at
 * the local hours on both sides of a daylight-saving change in two zones, the status, `check` on output 2,
 * bad settings and input named and caught by a real Catch node, a scaled clock through real timers, and no
 * timer left after close. Redeploys, restarts and catch-ups: nodered.schedule.restart.test.ts.
 */
import { describe, expect, it } from 'vitest';
import registerProfile from '../../src/node-red/profile.js';
import type { NodeMessage } from '../../src/node-red/red.js';
import registerSchedule from '../../src/node-red/schedule.js';
import { scaledClock, systemClock } from '../../src/util/clock.js';
import { NODE_RED_RUNTIMES, trackTimers, useNodeRed } from '../helpers/nodeRed.js';
import { catchNode, scheduleFlow, useScheduleHarness, WEEKDAYS } from '../helpers/nodeRedSchedule.js';
import { waitFor } from '../helpers/wait.js';

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);
  const h = useScheduleHarness(helper, runtime);

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
      await h.deploy(scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: zone }), start);
      expect(h.statuses().at(-1)).toEqual({ fill: 'grey', shape: 'ring', text: 'next: 09:00' });
      // One timer, to the opening itself.
      expect(h.clock.pending).toBe(1);
      expect(h.clock.nextDue()).toBe(Date.parse(expected[0]![0]!));
      await h.runUntil(end);
      expect(h.events()).toEqual(
        expected.map(([at, topic, from, to]) => ({ at, topic, from, to, catchUp: false })),
      );
      expect(h.inbox.events[0]!.msg.payload).toMatchObject({
        event: 'open',
        profile: 'Cleaning',
        window: { fromUtc: expected[0]![0], timeZone: zone },
      });
      await helper.unload();
      expect(h.clock.pending).toBe(0);
    },
  );

  it('shows when the window closes, and the next opening when it is closed', async () => {
    await h.deploy(
      scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      '2026-12-04T09:00:00Z',
    );
    expect(h.statuses().at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'open until 15:00' });
    await h.runUntil('2026-12-04T14:00:00Z');
    expect(h.statuses().at(-1)).toEqual({ fill: 'grey', shape: 'ring', text: 'next: Mon 09:00' });
  });

  it('waits at most a day at a time for a distant opening, and still opens on time', async () => {
    await h.deploy(
      scheduleFlow({ days: ['sat'], from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      '2026-11-30T07:00:00Z',
    );
    expect(h.statuses().at(-1)).toMatchObject({ text: 'next: Sat 09:00' });
    expect(h.clock.pending).toBe(1);
    expect(h.clock.nextDue()).toBe(Date.parse('2026-12-01T07:00:00Z'));
    await h.runUntil('2026-12-05T09:00:00Z');
    expect(h.events()).toEqual([
      expect.objectContaining({ at: '2026-12-05T08:00:00.000Z', topic: 'open', catchUp: false }),
    ]);
    expect(h.clock.pending).toBe(1);
  });

  it('answers check on output 2, inside and outside the window', async () => {
    await h.deploy(
      scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      '2026-11-30T07:00:00Z',
    );
    h.send({ payload: 'check', topic: 'door?' });
    await waitFor(() => h.inbox.answers.length === 1, 5_000, 'the answer');
    expect(h.inbox.answers[0]!.msg).toMatchObject({
      topic: 'door?',
      payload: {
        inside: false,
        profile: 'Cleaning',
        window: { from: '2026-11-30T09:00:00.000+01:00', toUtc: '2026-11-30T14:00:00.000Z' },
      },
    });
    await h.runUntil('2026-11-30T12:00:00Z');
    h.send({ payload: 'check' });
    await waitFor(() => h.inbox.answers.length === 2, 5_000, 'the second answer');
    expect(h.inbox.answers[1]!.msg.payload).toMatchObject({
      inside: true,
      window: { from: '2026-11-30T09:00:00.000+01:00' },
      at: '2026-11-30T12:00:00.000Z',
    });
    expect(h.inbox.events.map(({ msg }) => msg.topic)).toEqual(['open']);
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
    await h.deploy(scheduleFlow(profile), '2026-11-30T07:00:00Z');
    await waitFor(() => h.inbox.caught.length > 0, 5_000, 'the error at Catch');
    const error = (h.inbox.caught[0]!.msg as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(field);
    expect(h.statuses().at(-1)).toMatchObject({ fill: 'red' });
    expect(h.clock.pending).toBe(0);
    h.send({ payload: 'check' });
    await waitFor(() => h.inbox.caught.length > 1, 5_000, 'the check error at Catch');
    expect((h.inbox.caught[1]!.msg as { error: { code: string } }).error.code).toBe('CONFIG_INVALID');
    expect(h.inbox.answers).toEqual([]);
  });

  it('hands input other than check to Catch as INVALID_INPUT', async () => {
    await h.deploy(
      scheduleFlow({ from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      '2026-11-30T07:00:00Z',
    );
    h.send({ payload: 'dance' });
    await waitFor(() => h.inbox.caught.length > 0, 5_000, 'the error at Catch');
    const error = (h.inbox.caught[0]!.msg as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/msg\.payload: "dance" is not a command/);
  });

  it('fires on a scaled clock through real timers, never early, at 09:00 Warsaw after the change', async () => {
    // Ten scaled minutes (a real second: time to deploy) before 09:00 CEST on the Monday after the change,
    // 600 times faster than real time.
    const shift = Date.parse('2027-03-29T06:50:00Z') - Date.now();
    const scaled = scaledClock(600, { ...systemClock, now: () => Date.now() + shift });
    helper.settings({ userDir: h.userDir, tedeeClock: scaled });
    await helper.load(
      [registerProfile, registerSchedule],
      scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '09:10', timeZone: 'Europe/Warsaw' }),
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
      helper.settings({ userDir: h.userDir });
      await helper.load(
        [registerProfile, registerSchedule, catchNode(runtime)],
        scheduleFlow({ from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' }),
      );
      await waitFor(() => h.statuses().length > 0, 10_000, 'the schedule node to start');
      expect(timers.pending()).toBeGreaterThanOrEqual(1);
      await helper.unload();
      expect(timers.pending()).toBe(0);
    } finally {
      timers.stop();
    }
    await helper.load([registerProfile, registerSchedule], []);
  });
});
