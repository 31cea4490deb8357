/**
 * The `tedee-schedule` node on Node-RED 5 and 4 across redeploys and restarts (same user dir, manual clock):
 * nothing announced twice inside a window, its record private, one catch-up flagged `catchUp` after downtime
 * (the opening, the closing, a whole window missed), and the record forgotten when the node is deleted.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_RED_RUNTIMES, useNodeRed } from '../helpers/nodeRed.js';
import { scheduleFlow, useScheduleHarness, WEEKDAYS } from '../helpers/nodeRedSchedule.js';
import { waitFor } from '../helpers/wait.js';

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);
  const h = useScheduleHarness(helper, runtime);

  it('announces nothing again after a redeploy inside the window', async () => {
    const profile = { days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' };
    await h.deploy(scheduleFlow(profile), '2026-11-30T07:30:00Z');
    await h.runUntil('2026-11-30T09:00:00Z');
    expect(h.events().map((event) => event.topic)).toEqual(['open']);
    // A changed schedule node is recreated, with the same id.
    await helper.setFlows(scheduleFlow(profile, { name: 'Cleaning hours' }), 'nodes');
    await h.runUntil('2026-11-30T10:00:00Z');
    expect(h.events().map((event) => event.topic)).toEqual(['open']);
    await h.runUntil('2026-11-30T15:00:00Z');
    expect(h.events()).toEqual([
      expect.objectContaining({ topic: 'open', catchUp: false }),
      expect.objectContaining({ topic: 'close', at: '2026-11-30T14:00:00.000Z', catchUp: false }),
    ]);
  });

  it('announces nothing again after a restart inside the window, and keeps its record private', async () => {
    const nodes = scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await h.deploy(nodes, '2026-11-30T07:30:00Z');
    await h.runUntil('2026-11-30T09:00:00Z');
    expect(h.events().map((event) => event.topic)).toEqual(['open']);
    await helper.unload();
    h.clock.advance(3600_000);
    await h.deploy(nodes);
    await h.runUntil('2026-11-30T13:00:00Z');
    expect(h.events()).toEqual([]);
    const folder = join(h.userDir, 'tedee-hub', 'schedule');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'sched.json')).mode & 0o777).toBe(0o600);
  });

  it('catches up once, flagged, when it was down at the opening and the window is still open', async () => {
    const nodes = scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await h.deploy(nodes, '2026-11-30T07:00:00Z');
    await helper.unload();
    h.clock.advance(3 * 3600_000); // 11:00 Warsaw: the window opened at 09:00 while the node was down
    await h.deploy(nodes);
    await waitFor(() => h.inbox.events.length > 0, 5_000, 'the catch-up');
    expect(h.events()).toEqual([
      {
        at: '2026-11-30T10:00:00.000Z',
        topic: 'open',
        from: '2026-11-30T09:00:00.000+01:00',
        to: '2026-11-30T15:00:00.000+01:00',
        catchUp: true,
      },
    ]);
    expect(h.inbox.events[0]!.msg.payload).toMatchObject({ missedAt: '2026-11-30T08:00:00.000Z' });
    await h.runUntil('2026-11-30T15:00:00Z');
    expect(h.events().slice(1)).toEqual([expect.objectContaining({ topic: 'close', catchUp: false })]);
  });

  it('catches up the close, flagged, when it was down when an announced window ended', async () => {
    const nodes = scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await h.deploy(nodes, '2026-11-30T07:00:00Z');
    await h.runUntil('2026-11-30T09:00:00Z');
    expect(h.events().map((event) => event.topic)).toEqual(['open']);
    await helper.unload();
    h.clock.advance(8 * 3600_000); // 18:00 Warsaw: the window closed at 15:00 while the node was down
    await h.deploy(nodes);
    await waitFor(() => h.inbox.events.length > 0, 5_000, 'the catch-up');
    expect(h.events()).toEqual([
      {
        at: '2026-11-30T17:00:00.000Z',
        topic: 'close',
        from: '2026-11-30T09:00:00.000+01:00',
        to: '2026-11-30T15:00:00.000+01:00',
        catchUp: true,
      },
    ]);
    expect(h.inbox.events[0]!.msg.payload).toMatchObject({ missedAt: '2026-11-30T14:00:00.000Z' });
  });

  it('sends one flagged close for a whole window missed, and nothing once caught up', async () => {
    const nodes = scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await h.deploy(nodes, '2026-11-30T07:00:00Z');
    await helper.unload();
    h.clock.advance(24 * 3600_000); // Tuesday 08:00 Warsaw: all of Monday's window passed
    await h.deploy(nodes);
    await waitFor(() => h.inbox.events.length > 0, 5_000, 'the catch-up');
    expect(h.events()).toEqual([
      {
        at: '2026-12-01T07:00:00.000Z',
        topic: 'close',
        from: '2026-11-30T09:00:00.000+01:00',
        to: '2026-11-30T15:00:00.000+01:00',
        catchUp: true,
      },
    ]);
    await helper.unload();
    await h.deploy(nodes);
    await h.settle();
    expect(h.events()).toEqual([]);
  });

  it('forgets what it announced when the node is deleted', async () => {
    const nodes = scheduleFlow({ days: WEEKDAYS, from: '09:00', to: '15:00', timeZone: 'Europe/Warsaw' });
    await h.deploy(nodes, '2026-11-30T07:00:00Z');
    const record = join(h.userDir, 'tedee-hub', 'schedule', 'sched.json');
    expect(existsSync(record)).toBe(true);
    await helper.setFlows(
      nodes.filter((node) => (node as { id: string }).id !== 'sched'),
      'full',
    );
    expect(existsSync(record)).toBe(false);
    expect(h.clock.pending).toBe(0);
  });
});
