/**
 * The one place the CLI builds a key service: on the one-shot hub's context and lock directory, the store in
 * --data, no delivery channel but the `delivery` event (a CLI has no smtp or webhook configuration; the
 * daemon delivers). Start settles the journal and resumes pending keys; no reconcile at start and no
 * background reconcile, since the command ends in seconds (`keys reconcile` runs it on request).
 */
import type { LockHub } from '../../core/index.js';
import type { KeyServiceApi } from '../../core/keys/service/api.js';
import { createKeyService } from '../../core/keys/service/index.js';
import type { KeyStore } from '../../core/keys/store.js';

/** How long stopping waits for background work (a delivery event, a retry in flight) before it lets go. */
const IDLE_WITHIN_MS = 2000;

export interface RunningKeyService {
  api: KeyServiceApi;
  stop(): Promise<void>;
}

export async function startKeyService(hub: LockHub, store: KeyStore): Promise<RunningKeyService> {
  const service = createKeyService({
    context: hub.context,
    store,
    hub,
    options: { reconcileAtStart: false, reconcileIntervalMs: 0 },
  });
  await service.start();
  return {
    api: service,
    stop: async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        service.idle(),
        new Promise((resolve) => (timer = setTimeout(resolve, IDLE_WITHIN_MS))),
      ]).finally(() => clearTimeout(timer));
      await service.stop();
    },
  };
}
