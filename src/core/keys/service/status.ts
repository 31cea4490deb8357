/**
 * A key's status from its objects and the clock: `pending` while any object is being written or waits,
 * `failed`/`revoked` as recorded, else `scheduled` before the start, `expired` after the end, `active`.
 */
import { parseSchedule } from '../schedule/parseSchedule.js';
import type { Key, KeyStatus } from '../model.js';

/**
 * How many schedules' bounds are kept: a list shows every stored key's status, and parsing each schedule
 * again (luxon's zone offsets) was most of `GET /api/v1/keys` with 200 keys. The bounds depend on the
 * schedule alone; the oldest is dropped past this many, so memory stays bounded.
 */
const BOUNDS_KEPT = 5_000;
const boundsBySchedule = new Map<string, { start?: number; end?: number }>();

function boundsOf(key: Key): { start?: number; end?: number } {
  const schedule = JSON.stringify(key.schedule);
  const kept = boundsBySchedule.get(schedule);
  if (kept) return kept;
  const { start, end } = parseSchedule(key.schedule);
  if (boundsBySchedule.size >= BOUNDS_KEPT) boundsBySchedule.delete(boundsBySchedule.keys().next().value!);
  boundsBySchedule.set(schedule, { start, end });
  return { start, end };
}

export function timeStatus(key: Key, now: number): 'active' | 'scheduled' | 'expired' {
  const parsed = boundsOf(key);
  if (parsed.start !== undefined && now < parsed.start) return 'scheduled';
  if (parsed.end !== undefined && now >= parsed.end) return 'expired';
  return 'active';
}

/** The status to record after a write pass. */
export function statusAfterWrites(key: Key, now: number): KeyStatus {
  if (key.status === 'revoked' || key.status === 'failed') return key.status;
  const live = key.objects.filter((object) => object.status !== 'removed');
  if (live.some((object) => object.status === 'setting' || object.status === 'waiting')) return 'pending';
  if (live.length > 0 && live.every((object) => object.status === 'failed')) return 'failed';
  return timeStatus(key, now);
}

/** The status as shown: the stored one, moved on by the clock (scheduled → active → expired). */
export function liveStatus(key: Key, now: number): KeyStatus {
  if (key.status === 'active' || key.status === 'scheduled' || key.status === 'expired')
    return timeStatus(key, now);
  return key.status;
}

/** When a key's start is, in epoch ms (undefined = starts now). */
export function startOf(key: Key): number | undefined {
  return boundsOf(key).start;
}
