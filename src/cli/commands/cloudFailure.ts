import { HubError } from '../../core/index.js';
import { maskKey } from '../../util/secrets.js';
import type { CloudArgs } from '../args.js';

const PORTAL_KEYS_URL = 'https://portal.tedee.com/personal-access-keys';

/**
 * Why the hub could not read the locks, in the words of a command (the hub's own messages speak to a
 * daemon's configuration and restarts). Deadline and other messages pass unchanged.
 */
export function cloudFailure(error: unknown, cloud: CloudArgs): Error {
  if (error instanceof HubError && error.code === 'AUTH_INVALID') {
    return new Error(
      `the Tedee cloud rejected the Personal Access Key ${maskKey(cloud.personalAccessKey)} (expired, revoked ` +
        `or unknown); create a key in the Tedee Portal (${PORTAL_KEYS_URL}) and set TEDEE_PAK (or --key).`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
