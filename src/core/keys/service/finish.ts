/**
 * After a write pass: a key with waiting doors stays `pending` with a `retry` timer (until its deadline); a
 * key fully written gets its status, its daylight-saving timer, a keyChanged event and its deliveries.
 */
import { KeyError } from '../errors.js';
import type { Key } from '../model.js';
import type { KeyChange } from '../../hub/events.js';
import { compileSchedule } from '../schedule/index.js';
import { deliverKey } from './deliver.js';
import { emitChanged } from './events.js';
export { emitChanged } from './events.js';
import { nowIso } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { removeAll, rollbackKey } from './rollback.js';
import { startOf, statusAfterWrites } from './status.js';

export const RETRY_TIMER = 'retry';
export const DST_TIMER = 'dst-recompile';

/** The deadline of a key's waiting doors: its start, or defaultDeadlineMs from now for a key that starts now. */
export function deadlineOf(deps: ServiceDeps, key: Key): number {
  const now = deps.context.clock.now();
  const start = startOf(key);
  return start !== undefined && start > now ? start : now + deps.options.defaultDeadlineMs;
}

/** The deadline of a key resumed at start-up: its start, or defaultDeadlineMs from when it was issued. */
export function resumedDeadline(deps: ServiceDeps, key: Key): number {
  const start = startOf(key);
  const created = Date.parse(key.createdAt);
  return start !== undefined && start > created ? start : created + deps.options.defaultDeadlineMs;
}

/**
 * The DST warning and timer of the compile whose fields were written, at `compiledAt` (replacing the previous
 * ones). Not a fresh compile at the end of the writes: an offset change while they ran (or passed by a clock
 * jump) would leave fields of the old offset with the timer on the next change. A validUntil already past makes
 * a timer that is due at once, so the fields are written again for the offset in force.
 */
export function armRecompile(deps: ServiceDeps, key: Key, compiledAt = deps.context.clock.now()): void {
  const compiled = compileSchedule(key.schedule, new Date(compiledAt));
  key.warnings = key.warnings.filter((w) => w.code !== 'DST_RECOMPILE');
  key.warnings.push(...compiled.warnings.filter((w) => w.code === 'DST_RECOMPILE'));
  for (const warning of compiled.warnings)
    if (warning.code !== 'DST_RECOMPILE' && !key.warnings.some((w) => w.message === warning.message))
      key.warnings.push(warning);
  if (compiled.validUntil)
    deps.store.setTimer({ keyId: key.id, kind: DST_TIMER, dueAt: compiled.validUntil });
  else deps.store.removeTimer(key.id, DST_TIMER);
}

/** Schedules the next try of the waiting doors (doubling backoff), keeping the deadline. */
export function scheduleRetry(deps: ServiceDeps, key: Key, deadline: number, attempt: number): void {
  const now = deps.context.clock.now();
  const wait = Math.min(deps.options.maxRetryMs, deps.options.retryBaseMs * 2 ** Math.min(attempt, 16));
  const dueAt = new Date(Math.min(deadline, now + wait)).toISOString();
  deps.store.setTimer({
    keyId: key.id,
    kind: RETRY_TIMER,
    dueAt,
    detail: { deadline, attempt: attempt + 1 },
  });
}

/** Waiting doors past their deadline: the key rolls back (bestEffort: those doors fail, the rest stay). */
export async function deadlinePassed(deps: ServiceDeps, key: Key): Promise<Promise<void>[]> {
  const waiting = key.objects.filter((object) => object.status === 'waiting');
  const first = waiting[0];
  deps.store.removeTimer(key.id, RETRY_TIMER);
  const reason = `still waiting at the deadline: ${first?.reason ?? 'unknown'}`;
  const failure = new KeyError(
    'KEY_DEADLINE',
    `Key ${key.name}: door ${first?.lockId ?? '?'} (${first?.kind ?? '?'}) ${reason}`,
    { door: first ? { lockId: first.lockId } : undefined, credential: first?.kind, reason },
  );
  for (const object of waiting) {
    object.status = 'failed';
    object.reason = `still waiting at the deadline: ${object.reason ?? ''}`;
  }
  if (!key.bestEffort) {
    await rollbackKey(deps, key, failure);
    return [];
  }
  // The doors that failed may still hold a create that landed late (a 408): look and delete it.
  await removeAll(deps, key, (object) => object.status === 'failed');
  return settle(deps, key, 'issued');
}

/** A pass ended without waiting doors: status, DST timer, event, deliveries. */
export function settle(
  deps: ServiceDeps,
  key: Key,
  change: KeyChange,
  compiledAt = deps.context.clock.now(),
): Promise<void>[] {
  deps.store.removeTimer(key.id, RETRY_TIMER);
  key.warnings = key.warnings.filter((w) => w.code !== 'DOOR_OFFLINE');
  key.status = statusAfterWrites(key, deps.context.clock.now());
  if (key.status !== 'failed') armRecompile(deps, key, compiledAt);
  key.updatedAt = nowIso(deps);
  deps.store.saveKey(key);
  emitChanged(deps, key, key.status === 'failed' ? 'failed' : change);
  return key.status === 'failed' ? [] : deliverKey(deps, key);
}
