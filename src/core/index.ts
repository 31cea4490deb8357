/** The public surface of core/ for the front ends. */
export { createHub, LockHub } from './hub/hub.js';
export type { HubPorts } from './hub/hub.js';
export type { CommandOptions, CommandTicket } from './hub/commandPipeline.js';
export type { CommandInfo, CommandOutcome, CommandResult, HubEvents } from './hub/events.js';
export { HUB_EVENT_NAMES } from './hub/events.js';
export { ACTION_VERB, outcomeLine } from './hub/outcomeText.js';
export type { OutcomeLine } from './hub/outcomeText.js';
export type { HealthState, HealthStatus } from './hub/health.js';
export type { HubContext } from './hub/context.js';
export type { HubSettings, LockSettings, ResolvedLockSettings, UnlockMode } from './hub/settings.js';
export { DEFAULTS, lockEntry, resolveLockSettings } from './hub/settings.js';
export { HubError } from './errors.js';
export type { HubErrorCode } from './errors.js';
export type { AccessRole, DoorState, Lock, LockAction, LockInfo, LockState, LockStatus } from './lock.js';
export { findLock } from './lock.js';
export type { BudgetStatus } from './cloud/account.js';
export type { ActivityFeedStatus, ActivityWatch } from './activity/feed.js';
export { ACTIVITY_ACTIONS, ACTIVITY_METHODS } from './activity/types.js';
export type { ActivityAction, ActivityEvent, ActivityMethod } from './activity/types.js';
export { ACTIVITY_DEFAULTS } from './activity/plan.js';
export { DEFAULT_API_URL } from './cloud/codes.js';
// Keys (issue 10): the service the front ends call, its types, the request validator and the store.
export { createKeyService, KeyService } from './keys/service/index.js';
export type { KeyServiceOptions, KeyServiceParts, LockDirectory } from './keys/service/index.js';
export type {
  DoorPlan,
  DriftReport,
  IssuePlan,
  Issuer,
  KeyFilter,
  KeyServiceApi,
  KeyUpdate,
  ShowOptions,
} from './keys/service/api.js';
export { validateKeyRequest, validateProfile } from './keys/validateKeyRequest.js';
export { KEY_UPDATE_FIELDS, validateKeyUpdate } from './keys/validateKeyUpdate.js';
// The store loads node:sqlite: hosts import it from './keys/store.js' when they run keys (runtime/keys.ts).
export type { KeyStore } from './keys/store.js';
export { KeyError } from './keys/errors.js';
export type { KeyChange } from './hub/events.js';
export type * from './keys/model.js';
// Applications and access keys (issue 12): the HTTP API's callers, over the same store (its type only here).
export { openApplications, accessKeyState, MAX_KEYS_PER_APPLICATION } from './apps/applications.js';
export { rightsOf, hasRight } from './apps/rights.js';
export { AppError, APP_ERROR_CODES } from './apps/errors.js';
export type { AppErrorCode } from './apps/errors.js';
export { APP_GROUPS } from './apps/api.js';
export type * from './apps/api.js';
