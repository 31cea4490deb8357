/**
 * Reconcile and the daylight-saving rewrite together, as the demo's scripted day meets them: the clock moves in
 * 15-minute jumps, and one jump passes both the `dst-recompile` timer and the reconcile timer. The hub's own
 * rewrite must not be reported as a window changed in the Tedee app, nor collide with a repair (the door takes
 * one write at a time: 409). A repair that does meet a busy door reads again and tries once more.
 */
import { expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import { useEmulator } from '../helpers/emulator.js';
import { jumpTo } from '../helpers/keyDoor.js';
import { OWNER, pinsOn, startKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const CHANGE = Date.parse('2027-03-28T01:00:00Z');
const STEP_MS = 15 * 60_000; // the demo's step (src/cli/commands/demoScenario.ts)
// A write takes long enough at the door that the reconcile's read lands while the rewrite is on its way.
const across = useEmulator({ locks: 1, deviceLatencyMs: 1_500 });
const busy = useEmulator({ locks: 1 });

function cleaning(lockId: number) {
  return {
    name: 'Cleaning',
    persons: [{ name: 'Eve' }],
    doors: [lockId],
    credentials: { doorcode: true },
    from: '2027-03-27T00:00',
    until: '2027-04-03T00:00',
    hours: { from: '10:00', to: '12:00' },
    timeZone: 'Europe/Warsaw',
  };
}

it('a reconcile in the jump across the change: the rewrite is not drift, and nothing collides', async () => {
  const env = across;
  const [lock] = await env.control.locks();
  await env.control.patchLock(lock!.id, { keypad: true });
  await jumpTo(env, new Date(CHANGE - 10 * 60_000).toISOString());
  // Reconcile (with repair) due two minutes after the change: the same jump passes both timers.
  const fx = await startKeyService(env, {
    hub: { pollInterval: 60 },
    service: { reconcileIntervalMs: 12 * 60_000 },
  });
  const key = (await fx.service.issue(cleaning(lock!.id), OWNER)) as Key;
  expect(pinsOn(env, lock!.id)[0]!.dayStartTime).toMatch(/^09:00/);
  await env.control.setTime({ advanceMs: STEP_MS });
  await waitFor(() => fx.keyEvents.some((e) => e.change === 'recompiled'), 20_000, 'the rewrite');
  await fx.service.idle();
  expect(pinsOn(env, lock!.id)[0]!.dayStartTime).toMatch(/^08:00/);
  const warnings = fx.logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);
  expect(warnings.filter((line) => line.includes(key.id))).toEqual([]);
  expect(await fx.service.reconcile({ repair: true })).toEqual([]);
});

it('a repair that meets a busy door (409) reads the PIN again and tries once more', async () => {
  const env = busy;
  const [lock] = await env.control.locks();
  await env.control.patchLock(lock!.id, { keypad: true });
  const fx = await startKeyService(env);
  await fx.service.issue({ ...cleaning(lock!.id), from: undefined, until: '2027-04-03T00:00' }, OWNER);
  const pin = pinsOn(env, lock!.id)[0]!;
  const code = pin.pin;
  pin.pin = '135792';
  await env.control.deviceAnswers(lock!.id, { answer: 'busy', count: 1 });
  const report = await fx.service.reconcile({ repair: true });
  expect(report).toEqual([expect.objectContaining({ kind: 'doorcode', drift: 'changed', repaired: true })]);
  expect(report[0]!.detail).not.toContain('repair failed');
  expect(pinsOn(env, lock!.id)[0]!.pin).toBe(code);
});
