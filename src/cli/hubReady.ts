/**
 * Waiting for the hub to be ready, or to fail, on the core's own answers: hub.ready() rejects with a coded
 * HubError when the hub cannot start, and the `failed` health state with AUTH_INVALID says that no usable
 * key is left. A one-shot command needs the cloud now: it builds its hub with `unavailableAfterFailures: 1`
 * (ONE_SHOT_SETTINGS), so the first failed reading ends the wait.
 */
import type { HubError, HubSettings, Lock, LockHub } from '../core/index.js';
import { HubError as HubErrorClass } from '../core/index.js';

/** What a one-shot command's hub differs in: it gives up on the first failed reading of the locks. */
export const ONE_SHOT_SETTINGS: Partial<HubSettings> = { unavailableAfterFailures: 1 };

/** Resolves with the locks once the first discovery finished; rejects with the hub's coded error. */
export function hubReady(hub: LockHub): Promise<Lock[]> {
  return hub.ready();
}

/** Resolves with the error once the hub has no usable key left (health `failed` with AUTH_INVALID). */
export function hubGaveUp(hub: LockHub): Promise<HubError> {
  return new Promise((resolve) => {
    const off = hub.on('healthChanged', ({ state, code, reason }) => {
      if (state !== 'failed' || code !== 'AUTH_INVALID') return;
      off();
      resolve(new HubErrorClass('AUTH_INVALID', reason ?? 'The Tedee cloud rejected every key.'));
    });
  });
}
