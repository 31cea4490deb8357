/**
 * A key's status from its objects and the clock: `pending` while any object is being written or waits,
 * `failed`/`revoked` as recorded, else `scheduled` before the start, `expired` after the end, `active`.
 */
import { parseSchedule } from '../schedule/parseSchedule.js';
import type { Key, KeyStatus } from '../model.js';

export function timeStatus(key: Key, now: number): 'active' | 'scheduled' | 'expired' {
  const parsed = parseSchedule(key.schedule);
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
  return parseSchedule(key.schedule).start;
}
