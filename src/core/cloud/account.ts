/**
 * The hub's view of the Tedee cloud: the client's calls it needs, answering with domain objects and
 * HubErrors. The only place in core that talks to client/.
 */
import type { BudgetStatus, TedeeClient } from '../../client/index.js';
import { RequestBudget, TedeeError, createTedeeClient } from '../../client/index.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { sharedAccountWarning } from './sharedAccount.js';
import { AccessCalls } from './accessCalls.js';
import { ActivityCalls } from './activityCalls.js';
import { LinkCalls } from './linkCalls.js';
import { LockCalls } from './lockCalls.js';
import { OrganizationCalls } from './organizationCalls.js';
import { PinCalls } from './pinCalls.js';
import { toHubError } from './translate.js';
import { maskPrefix } from '../../util/secrets.js';

export { toHubError } from './translate.js';
export type { DiscoveredLock, OperationProgress, SyncedLock } from './lockCalls.js';
export type { DoorcodeList, DoorcodeSummary, DoorcodeWrite, StoredDoorcode } from './pinCalls.js';
export type { UtcWindow } from './utcWindow.js';
export type { AccessWrite, AppAccess, GrantLevel, GrantedAccess, Grantee } from './accessCalls.js';
export type { LinkWrite, SmartKeyLink, StoredLink } from './linkCalls.js';
export type { OrganizationMember, OrganizationRef, UserGroup } from './organizationCalls.js';
export { ACCESS_VALIDATION_REASONS, isTransient, maskDoorcode } from './keyErrors.js';

export interface CloudOptions {
  apiUrl?: string;
  /** Requests per sliding hour shared by every key of the account. */
  requestBudgetPerHour: number;
  clock: Clock;
  timeoutMs?: number;
  /** Where the one warning about another client on the account goes (sharedAccountWarning). */
  logger?: Logger;
}

/**
 * One key's connection to the account. The calls are grouped by concern, one file each, so that none grows
 * past a screenful: `locks` (lockCalls.ts), and for keys `pins`, `access`, `links` and `organization`
 * (pinCalls.ts, accessCalls.ts, linkCalls.ts, organizationCalls.ts), each built from the client here.
 */
export class CloudAccount {
  readonly keyPrefix: string;
  /** The key as logs and messages show it (`AbCdEf.***`, or `***` for a key without a prefix). */
  readonly shownKey: string;
  /** Reads and operations of locks. */
  readonly locks: LockCalls;
  /** Keypad PINs (doorcodes). Key calls spend the background budget only: docs/keys.md "Cloud calls". */
  readonly pins: PinCalls;
  /** Device access (app keys). */
  readonly access: AccessCalls;
  /** Organization access links (smart keys). */
  readonly links: LinkCalls;
  /** The account's organization, its users and user groups. */
  readonly organization: OrganizationCalls;
  /** The locks' activity logs (the activity feed, core/activity/). */
  readonly activity: ActivityCalls;
  private readonly client: TedeeClient;

  constructor(personalAccessKey: string, options: CloudOptions, budget: RequestBudget) {
    this.client = createTedeeClient({
      personalAccessKey,
      apiUrl: options.apiUrl,
      clock: options.clock,
      budget,
      timeoutMs: options.timeoutMs,
    });
    this.keyPrefix = this.client.keyPrefix;
    this.shownKey = maskPrefix(this.keyPrefix);
    this.locks = new LockCalls(this.client);
    this.pins = new PinCalls(this.client);
    this.access = new AccessCalls(this.client);
    this.links = new LinkCalls(this.client);
    this.organization = new OrganizationCalls(this.client);
    this.activity = new ActivityCalls(this.client);
  }

  /**
   * The key's scopes, read from the key list (needs Account.Read); undefined when the key may not read it.
   */
  async scopes(): Promise<string[] | undefined> {
    try {
      const keys = await this.client.listPersonalAccessKeys();
      return keys.find((key) => key.prefix === this.keyPrefix)?.scopes;
    } catch (error) {
      if (error instanceof TedeeError && (error.code === 'SCOPE_MISSING' || error.code === 'NOT_FOUND'))
        return undefined;
      throw toHubError(error);
    }
  }

  budgetStatus(): BudgetStatus {
    return this.client.budget.status();
  }

  /** Milliseconds until a background request (or a lock list read) fits in the budget. */
  backgroundWaitMs(lockList = false): number {
    return this.client.budget.waitMs('background', lockList);
  }
}

/** One cloud account per key, all sharing one request budget: the limit is per Tedee account. */
export function createCloudAccounts(keys: string[], options: CloudOptions): CloudAccount[] {
  const budget = new RequestBudget({
    clock: options.clock,
    limitPerHour: options.requestBudgetPerHour,
    onSharedAccount: (notice) => options.logger?.warn(sharedAccountWarning(notice)),
  });
  return keys.map((key) => new CloudAccount(key, options, budget));
}

export type { BudgetStatus };
/** Locks per page of GET /my/lock: a full refresh costs ceil(locks / LOCK_PAGE_SIZE) requests. */
export { LOCK_PAGE_SIZE } from '../../client/index.js';
