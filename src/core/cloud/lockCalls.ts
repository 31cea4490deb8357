/** The lock calls of one key: reads (full list, bulk and single sync) and operations, as domain objects. */
import type { Priority, TedeeClient, UnlockModeValue } from '../../client/index.js';
import type { LockInfo, LockStatus } from '../lock.js';
import { checkSync, mapInfo, mapStatus } from './mapping.js';
import { translated } from './translate.js';

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

export class LockCalls {
  constructor(private readonly client: TedeeClient) {}

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
}
