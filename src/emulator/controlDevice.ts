/**
 * Control routes for the way to the locks: the device latency and timeout, the locks with a write on its way,
 * and answers a test asks for (408, 409) without a fault rule.
 */
import type { ControlContext, ControlRoute } from './control.js';
import type { DeviceAnswer, DeviceTiming, PlannedAnswer } from './deviceLink.js';
import { DEVICE_ANSWERS } from './deviceLink.js';
import { badRequest } from './http/apiError.js';
import type { Fields } from './http/body.js';
import { asObject, optionalBoolean } from './http/body.js';
import type { Reply } from './http/router.js';

/** Ten minutes of emulated time: more would only hang a test. */
const MAX_DEVICE_MS = 600_000;
const MAX_PLANNED = 100;

function timing(context: ControlContext): Reply {
  const { latencyMs, timeoutMs } = context.device.timing;
  return { status: 200, result: { latencyMs, timeoutMs, busyLocks: context.device.busyLocks() } };
}

function milliseconds(fields: Fields, name: keyof DeviceTiming, current: number): number {
  const value = fields[name];
  if (value === undefined) return current;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DEVICE_MS)
    throw badRequest(`${name} must be a whole number of milliseconds from 0 to ${MAX_DEVICE_MS}.`);
  return value;
}

function setTiming(context: ControlContext): Reply {
  const fields = asObject(context.body);
  const unknown = Object.keys(fields).filter((name) => name !== 'latencyMs' && name !== 'timeoutMs');
  if (unknown.length > 0)
    throw badRequest(`${unknown[0]} is not a device timing; use latencyMs or timeoutMs.`);
  const { device } = context;
  const latencyMs = milliseconds(fields, 'latencyMs', device.timing.latencyMs);
  const timeoutMs = milliseconds(fields, 'timeoutMs', device.timing.timeoutMs);
  device.timing = { latencyMs, timeoutMs };
  return timing(context);
}

function planAnswers(context: ControlContext): Reply {
  const lock = context.world.lock(context.params.id!);
  const fields = asObject(context.body);
  const answer = fields.answer as DeviceAnswer;
  if (!DEVICE_ANSWERS.includes(answer)) throw badRequest('answer must be "timeout" or "busy".');
  const count = fields.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_PLANNED)
    throw badRequest(`count must be a whole number from 1 to ${MAX_PLANNED}.`);
  const reached = optionalBoolean(fields, 'reached', false);
  if (reached && answer !== 'timeout') throw badRequest('reached applies to answer "timeout" only.');
  const planned: PlannedAnswer[] = Array.from({ length: count }, () => ({ answer, reached }));
  return { status: 200, result: { lockId: lock.id, planned: context.device.plan(lock, planned) } };
}

export const deviceControlRoutes: ControlRoute[] = [
  { method: 'GET', path: '/_emulator/device', handle: timing },
  { method: 'PATCH', path: '/_emulator/device', handle: setTiming },
  { method: 'POST', path: '/_emulator/locks/{id}/device-answers', handle: planAnswers },
];
