/**
 * The daylight-saving rewrite against the emulator: a Warsaw 09:00-17:00 doorcode issued just before the
 * clocks go forward (2027-03-28 01:00 UTC) is written as 08:00 UTC, carries a DST_RECOMPILE warning saying
 * when, and is rewritten as 07:00 UTC at the change by the service's persistent timer. The hub, the service
 * and the emulator share one clock, set four minutes before the change and running 60 times faster.
 */
import { expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import type { Clock } from '../../src/util/clock.js';
import { scaledClock, systemClock } from '../../src/util/clock.js';
import { TEST_DEVICE_LATENCY_MS, useEmulator } from '../helpers/emulator.js';
import { OWNER, pinsOn, startKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const CHANGE = Date.parse('2027-03-28T01:00:00Z');
const offset = CHANGE - 4 * 60_000 - Date.now();
const shifted: Clock = { ...systemClock, now: () => Date.now() + offset };
const env = useEmulator({
  locks: 2,
  clock: scaledClock(60, shifted),
  deviceLatencyMs: TEST_DEVICE_LATENCY_MS,
});

function cleaning(lockId: number) {
  return {
    name: 'Cleaning',
    persons: [{ name: 'Eve' }],
    doors: [lockId],
    credentials: { doorcode: true },
    from: '2027-03-27T00:00',
    until: '2027-04-03T00:00',
    hours: { from: '09:00', to: '17:00' },
    timeZone: 'Europe/Warsaw',
  };
}

it('rewrites the PIN at the change (and at start-up when the hub was down then)', async () => {
  const [lock, other] = await env.control.locks();
  for (const each of [lock!, other!]) await env.control.patchLock(each.id, { keypad: true });
  const fx = await startKeyService(env, { hub: { pollInterval: 60 } });
  // A second service on its own folder, stopped at once: the hub is "down" at the change.
  const down = await startKeyService(env, { hub: { pollInterval: 60 } });
  await down.service.issue(cleaning(other!.id), OWNER);
  await down.service.stop();
  const key = (await fx.service.issue(cleaning(lock!.id), OWNER)) as Key;
  expect(key.warnings).toContainEqual(
    expect.objectContaining({ code: 'DST_RECOMPILE', at: '2027-03-28T01:00:00.000Z' }),
  );
  expect(fx.store.listTimers(key.id)).toContainEqual(
    expect.objectContaining({ kind: 'dst-recompile', dueAt: '2027-03-28T01:00:00.000Z' }),
  );
  expect(pinsOn(env, lock!.id)[0]!.dayStartTime).toMatch(/^08:00/);
  await waitFor(() => pinsOn(env, lock!.id)[0]!.dayStartTime?.startsWith('07:00'), 30_000, 'the rewrite');
  expect(pinsOn(env, lock!.id)[0]!.dayEndTime).toMatch(/^15:00/);
  // The event follows the last write and the store update: the PIN on the emulator can be seen changed first.
  await waitFor(() => fx.keyEvents.some((e) => e.change === 'recompiled'), 10_000, 'the recompiled event');
  expect(env.emulator.clock.now()).toBeGreaterThanOrEqual(CHANGE);

  expect(pinsOn(env, other!.id)[0]!.dayStartTime).toMatch(/^08:00/);
  const back = await startKeyService(env, { hub: { pollInterval: 60 }, dataDir: down.dataDir });
  expect(pinsOn(env, other!.id)[0]!.dayStartTime).toMatch(/^07:00/);
  expect(back.keyEvents.map((e) => e.change)).toContain('recompiled');
});
