import type { HubSettings, LockHub } from '../../core/index.js';
import { createHub } from '../../core/index.js';
import { silentLogger } from '../../util/logger.js';
import type { CloudArgs } from '../args.js';
import { Deadline } from '../deadline.js';
import { hubReady, ONE_SHOT_SETTINGS } from '../hubReady.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { cloudFailure } from './cloudFailure.js';

/**
 * Stops the hub, waiting for requests in flight only as long as the command's deadline allows
 * (Deadline.stopBudgetMs): a silent cloud must not hold the exit.
 */
export async function stopWithin(hub: LockHub, deadline: Deadline): Promise<void> {
  const stopping = hub.stop();
  stopping.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    stopping,
    new Promise((resolve) => (timer = setTimeout(resolve, deadline.stopBudgetMs()))),
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
  const say = (line: string) => io.err(`tedee-hub ${name}: ${line}`);
  const deadline = new Deadline(cloud.timeout, say, io.startedAt);
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
    await stopWithin(hub, deadline);
  }
}
