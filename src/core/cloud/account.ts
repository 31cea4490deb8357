/**
 * The hub's view of the Tedee cloud: the client's calls it needs, answering with domain objects and
 * HubErrors. The only place in core that talks to client/.
 */
import type { BudgetStatus, Priority, TedeeClient, UnlockModeValue } from '../../client/index.js';
import { RequestBudget, TedeeError, createTedeeClient } from '../../client/index.js';
import type { Clock } from '../../util/clock.js';
import type { LockInfo, LockStatus } from '../lock.js';
import { checkSync, mapInfo, mapStatus } from './mapping.js';
import { toHubError, translated } from './translate.js';

export { toHubError } from './translate.js';

export interface CloudOptions {
  apiUrl?: string;
  /** Requests per sliding hour shared by every key of the account. */
  requestBudgetPerHour: number;
  clock: Clock;
  timeoutMs?: number;
}

export interface DiscoveredLock {
  info: LockInfo;
  status: LockStatus;
}

export interface SyncedLock {
  id: number;
  revision: number;
  status: LockStatus;
}

export interface OperationProgress {
  completed: boolean;
  /** 0 on success. */
  result: number;
}

export class CloudAccount {
  readonly keyPrefix: string;
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
  }

  /** Every lock with its full description (GET /my/lock, paged; limited to 10 per 10 minutes). */
  discover(previous: (id: number) => LockStatus | undefined = () => undefined): Promise<DiscoveredLock[]> {
    return translated(async () =>
      (await this.client.listAllLocks()).map((wire) => ({
        info: mapInfo(wire),
        status: mapStatus(wire, previous(wire.id)),
      })),
    );
  }

  /** One bulk request for the state of every lock. */
  syncAll(previous: (id: number) => LockStatus | undefined): Promise<SyncedLock[]> {
    return translated(async () =>
      (await this.client.syncLocks()).map(checkSync).map((item) => ({
        id: item.id,
        revision: item.revision,
        status: mapStatus(item, previous(item.id)),
      })),
    );
  }

  syncOne(id: number, previous: LockStatus | undefined, priority: Priority = 'command'): Promise<SyncedLock> {
    return translated(async () => {
      const item = checkSync(await this.client.syncLock(id, priority));
      return { id: item.id, revision: item.revision, status: mapStatus(item, previous) };
    });
  }

  lock(id: number): Promise<string> {
    return translated(async () => (await this.client.lock(id)).operationId);
  }

  unlock(id: number, mode: UnlockModeValue): Promise<string> {
    return translated(async () => (await this.client.unlock(id, mode)).operationId);
  }

  pull(id: number): Promise<string> {
    return translated(async () => (await this.client.pull(id)).operationId);
  }

  operation(operationId: string): Promise<OperationProgress> {
    return translated(async () => {
      const status = await this.client.getOperation(operationId, 'command');
      return { completed: status.status === 'COMPLETED', result: status.result };
    });
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
  const budget = new RequestBudget({ clock: options.clock, limitPerHour: options.requestBudgetPerHour });
  return keys.map((key) => new CloudAccount(key, options, budget));
}

export type { BudgetStatus };
/** Locks per page of GET /my/lock: a full refresh costs ceil(locks / LOCK_PAGE_SIZE) requests. */
export { LOCK_PAGE_SIZE } from '../../client/index.js';
