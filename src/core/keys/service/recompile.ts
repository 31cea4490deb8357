/**
 * The daylight-saving rewrite: at the instant a key's compiled UTC window stops opening the same local
 * hours (compileSchedule's validUntil), every cloud object of the key is rewritten with the fields compiled
 * for the new offset. A timer missed while the hub was down fires at start, so a late rewrite still lands.
 * A rewrite that fails transiently is tried again soon; the warning stays on the key.
 */
import { isTransient, toHubError } from '../../cloud/account.js';
import type { Key } from '../model.js';
import { nowIso } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { armRecompile, DST_TIMER, emitChanged } from './finish.js';
import { updateObject } from './objects.js';
import { liveStatus } from './status.js';
import { currentWindow } from './write.js';

/** Rewrites every `set` object with the window compiled at `at`. Throws the first failure after trying all. */
export async function rewriteWindows(
  deps: ServiceDeps,
  key: Key,
  at = deps.context.clock.now(),
): Promise<void> {
  const window = currentWindow(deps, key, at);
  let first: unknown;
  for (const object of key.objects) {
    if (object.status !== 'set' || object.cloudId === undefined) continue;
    try {
      await updateObject(deps, key, object, window);
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw toHubError(first);
}

export async function recompileKey(deps: ServiceDeps, keyId: string): Promise<void> {
  const key = deps.store.getKey(keyId);
  if (!key) return;
  const status = liveStatus(key, deps.context.clock.now());
  if (status === 'revoked' || status === 'failed' || status === 'expired') return;
  const compiledAt = deps.context.clock.now();
  try {
    await rewriteWindows(deps, key, compiledAt);
  } catch (caught) {
    const error = toHubError(caught);
    const wait = isTransient(error) ? deps.options.retryBaseMs : deps.options.maxRetryMs;
    deps.store.setTimer({
      keyId,
      kind: DST_TIMER,
      dueAt: new Date(deps.context.clock.now() + wait).toISOString(),
    });
    deps.context.logger.warn(
      `Key ${key.id}: the daylight-saving rewrite failed, trying again: ${error.message}`,
    );
    return;
  }
  armRecompile(deps, key, compiledAt);
  key.updatedAt = nowIso(deps);
  deps.store.saveKey(key);
  deps.context.logger.info(`Key ${key.id} (${key.name}): windows rewritten for the new UTC offset.`);
  emitChanged(deps, key, 'recompiled');
}
