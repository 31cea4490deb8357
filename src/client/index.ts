/**
 * The Tedee cloud client: one typed function per endpoint over one transport (auth, envelope, errors,
 * retries and the request budget). Usable on its own; the hub reaches it only through core/cloud/.
 */
import { accessEndpoints } from './endpoints/access.js';
import { activityEndpoints } from './endpoints/activity.js';
import { lockEndpoints } from './endpoints/locks.js';
import { operationEndpoints } from './endpoints/operations.js';
import { organizationEndpoints } from './endpoints/organizations.js';
import { personalAccessKeyEndpoints } from './endpoints/personalAccessKeys.js';
import { pinEndpoints } from './endpoints/pins.js';
import type { TransportOptions } from './transport.js';
import { Transport } from './transport.js';

export type TedeeClientOptions = TransportOptions;

export function createTedeeClient(options: TedeeClientOptions) {
  const transport = new Transport(options);
  return {
    budget: transport.budget,
    keyPrefix: transport.keyPrefix,
    ...lockEndpoints(transport),
    ...operationEndpoints(transport),
    ...accessEndpoints(transport),
    ...pinEndpoints(transport),
    ...activityEndpoints(transport),
    ...personalAccessKeyEndpoints(transport),
    ...organizationEndpoints(transport),
  };
}

export type TedeeClient = ReturnType<typeof createTedeeClient>;

export { RequestBudget } from './budget.js';
export type { BudgetStatus, Priority } from './budget.js';
export * from './errors.js';
export {
  DEFAULT_API_URL,
  DEFAULT_API_VERSION,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
} from './transport.js';
export { LOCK_PAGE_SIZE } from './endpoints/locks.js';
export { ACTIVITY_PAGE_SIZE, activityTimeMs } from './endpoints/activity.js';
export type { AttemptInfo } from './transport.js';
export * from './types.js';
