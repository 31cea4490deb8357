import type { HubSettings, LockHub } from '../../core/index.js';
import { createHub } from '../../core/index.js';
import type { Logger } from '../../util/logger.js';
import type { CloudArgs } from '../args.js';

/** Runs `work` with a started hub whose first discovery has finished, and stops the hub afterwards. */
export async function withHub<T>(
  cloud: CloudArgs,
  logger: Logger,
  work: (hub: LockHub) => Promise<T>,
  extra: Partial<HubSettings> = {},
): Promise<T> {
  const hub = createHub({ ...extra, ...cloud }, { logger });
  const failure = new Promise<never>((_, reject) => {
    hub.on('error', ({ error }) => {
      if (!hub.isReady) reject(error);
    });
  });
  hub.start();
  try {
    await Promise.race([hub.ready(), failure]);
    return await work(hub);
  } finally {
    await hub.stop();
  }
}
