/**
 * Control routes for emulated time: read it, set it forward to a moment, or advance it. Timers on the clock
 * (lock movements, auto-lock, charging, device latency) fire as the jump passes them; expiries (PINs, accesses,
 * keys, links) and rate-limit windows read the clock, so they follow by themselves.
 */
import { isAdjustable } from '../util/clock.js';
import type { ControlContext, ControlRoute } from './control.js';
import { ApiError, badRequest } from './http/apiError.js';
import { asObject } from './http/body.js';
import type { Reply } from './http/router.js';

/** Ten years: a jump further than this is a mistake in the test, not a scenario. */
const MAX_JUMP_MS = 10 * 365 * 86_400_000;

function current(context: ControlContext, advancedMs?: number): Reply {
  const { clock } = context.world;
  return {
    status: 200,
    result: {
      now: clock.now(),
      iso: context.world.nowIso(),
      speed: context.speed,
      ...(advancedMs === undefined ? {} : { advancedMs }),
    },
  };
}

function jump(context: ControlContext): Reply {
  const { world } = context;
  const fields = asObject(context.body);
  const unknown = Object.keys(fields).filter((name) => name !== 'at' && name !== 'advanceMs');
  if (unknown.length > 0) throw badRequest(`${unknown[0]} is not a time field; use at or advanceMs.`);
  if ((fields.at === undefined) === (fields.advanceMs === undefined))
    throw badRequest('Give exactly one of at (an ISO date-time) or advanceMs (milliseconds).');
  if (!isAdjustable(world.clock))
    throw new ApiError(409, 'The emulator runs on a clock given by its host, which cannot jump.');
  let ms: number;
  if (fields.advanceMs !== undefined) {
    const value = fields.advanceMs;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_JUMP_MS)
      throw badRequest(`advanceMs must be a whole number of milliseconds from 0 to ${MAX_JUMP_MS}.`);
    ms = value;
  } else {
    const at = typeof fields.at === 'string' ? Date.parse(fields.at) : Number.NaN;
    if (!Number.isFinite(at)) throw badRequest('at must be an ISO date-time, such as 2027-01-11T15:00:00Z.');
    ms = at - world.clock.now();
    // Time only moves forward: operation ids, activity order and rate-limit windows rely on it.
    if (ms < 0) throw badRequest(`at must not be earlier than the emulated time now (${world.nowIso()}).`);
    if (ms > MAX_JUMP_MS) throw badRequest('at must be at most ten years after the emulated time now.');
  }
  world.clock.advance(ms);
  for (const lockId of world.locks.keys()) world.livePins(lockId);
  return current(context, ms);
}

export const timeControlRoutes: ControlRoute[] = [
  { method: 'GET', path: '/_emulator/time', handle: (c) => current(c) },
  { method: 'POST', path: '/_emulator/time', handle: jump },
];
