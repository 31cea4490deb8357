/**
 * Waiting for the hub to be ready, or to fail: the one place where the CLI decides it, so that it can move
 * to the core's own answer (hub.ready() rejecting with a coded HubError, the healthChanged event) in one go.
 *
 * The race workaround: hub.ready() never rejects today; a hub whose cloud fails keeps retrying in the
 * background. So the CLI races hub.ready() against the hub's `error` events: the first error before the
 * first discovery ends the wait (a one-shot command, and watch at its start, need the cloud now), and after
 * it, an AUTH_INVALID from polling means the hub stopped polling for good (no usable key is left).
 */
import type { HubError, Lock, LockHub } from '../core/index.js';

/** Resolves with the locks once the first discovery finished; rejects with the first error before it. */
export function hubReady(hub: LockHub): Promise<Lock[]> {
  if (hub.isReady) return Promise.resolve(hub.locks());
  return new Promise((resolve, reject) => {
    const offError = hub.on('error', ({ error }) => {
      if (hub.isReady) return;
      offError();
      reject(error);
    });
    void hub.ready().then((locks) => {
      offError();
      resolve(locks);
    });
  });
}

/** Resolves with the error once the hub has stopped for good (its key was rejected and no other is left). */
export function hubGaveUp(hub: LockHub): Promise<HubError> {
  return new Promise((resolve) => {
    const off = hub.on('error', ({ error, context }) => {
      if (!isGivingUp(error, context)) return;
      off();
      resolve(error);
    });
  });
}

/** Whether an `error` event is the one hubGaveUp() reports (watch prints it once, as its last line). */
export function isGivingUp(error: HubError, context: string): boolean {
  return context === 'poll' && error.code === 'AUTH_INVALID';
}
