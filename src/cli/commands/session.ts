import type { HubSettings, LockHub } from '../../core/index.js';
import { createHub } from '../../core/index.js';
import { silentLogger } from '../../util/logger.js';
import type { CloudArgs } from '../args.js';
import { Deadline } from '../deadline.js';
import { hubReady, ONE_SHOT_SETTINGS } from '../hubReady.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { cloudFailure } from './cloudFailure.js';

/** How long stopping the hub may hold up the answer: a request in flight is not waited for beyond it. */
const STOP_WITHIN_MS = 1000;

/** Stops the hub, waiting at most STOP_WITHIN_MS for requests in flight (a silent cloud must not hold the exit). */
export async function stopWithin(hub: LockHub): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    hub.stop(),
    new Promise((resolve) => (timer = setTimeout(resolve, STOP_WITHIN_MS))),
  ]).finally(() => clearTimeout(timer));
}

/** The hub's log lines go to stderr with --verbose only: a command speaks for itself, once, in its own words. */
export function commandLogger(cloud: CloudArgs, io: CliIo, format: 'text' | 'json' = 'text') {
  return cloud.verbose ? lineLogger(io.err, format, 'debug') : silentLogger;
}

/** What a one-shot command works with: the ready hub, the deadline all its waits share, its cloud options. */
export interface Session {
  hub: LockHub;
  deadline: Deadline;
  cloud: CloudArgs;
}

/**
 * Runs `work` with a started hub whose first discovery has finished, all within the command's --timeout, and
 * stops the hub afterwards. A hub that cannot start ends the command with one line in the command's words.
 */
export async function withHub<T>(
  name: string,
  cloud: CloudArgs,
  io: CliIo,
  work: (session: Session) => Promise<T>,
  extra: Partial<HubSettings> = {},
): Promise<T> {
  const hub = createHub(
    { ...ONE_SHOT_SETTINGS, ...extra, personalAccessKey: cloud.personalAccessKey, apiUrl: cloud.apiUrl },
    { logger: commandLogger(cloud, io) },
  );
  const deadline = new Deadline(cloud.timeout, (line) => io.err(`tedee-hub ${name}: ${line}`));
  const ready = hubReady(hub);
  hub.start();
  try {
    try {
      await deadline.wait(ready, `the Tedee cloud at ${cloud.apiUrl}`);
    } catch (error) {
      throw cloudFailure(error, cloud);
    }
    return await work({ hub, deadline, cloud });
  } finally {
    await stopWithin(hub);
  }
}
