import type { Priority } from '../budget.js';
import { checkLock, checkLockList, checkLockSync, checkLockSyncList } from '../answers/schemas.js';
import { endpoint } from '../endpoint.js';
import type { Transport } from '../transport.js';
import type {
  Bridge,
  DeviceDetails,
  Lock,
  LockListQuery,
  LockSync,
  LockUpdate,
  LockUpdateResult,
} from '../types.js';

const LIST_LOCKS = endpoint({
  method: 'GET',
  path: '/my/lock',
  scope: 'Device.Read',
  lockList: true,
  answer: checkLockList,
});
const GET_LOCK = endpoint({
  method: 'GET',
  path: '/my/lock/{id}',
  scope: 'Device.Read',
  resource: 'The lock',
  answer: checkLock,
});
const SYNC_LOCKS = endpoint({
  method: 'GET',
  path: '/my/lock/sync',
  scope: 'Device.Read',
  answer: checkLockSyncList,
});
const SYNC_LOCK = endpoint({
  method: 'GET',
  path: '/my/lock/{id}/sync',
  scope: 'Device.Read',
  resource: 'The lock',
  answer: checkLockSync,
});
const UPDATE_LOCK = endpoint({
  method: 'PATCH',
  path: '/my/lock',
  scope: 'Device.ReadWrite',
  errorContext: 'revision',
  resource: 'The lock',
});
const DEVICE_DETAILS = endpoint({ method: 'GET', path: '/my/device/details', scope: 'Device.Read' });
const LIST_BRIDGES = endpoint({ method: 'GET', path: '/my/bridge', scope: 'Device.Read' });

/** Page size used when reading every lock; Tedee's list is paged since v1.26. */
export const LOCK_PAGE_SIZE = 100;

function listQuery(query: LockListQuery) {
  return {
    Page: query.page,
    ItemsPerPage: query.itemsPerPage,
    'Filters.Text': query.text,
    'Filters.State': query.states,
    'Filters.AccessLevel': query.accessLevel,
    IncludeUserSettings: query.includeUserSettings,
    IncludeAccessories: query.includeAccessories ?? true,
  };
}

export function lockEndpoints(transport: Transport) {
  const listLocks = (query: LockListQuery = {}) =>
    transport.call<Lock[]>(LIST_LOCKS, { query: listQuery(query) });
  return {
    /** One page of GET /my/lock (each page counts against the 10 per 10 minutes limit). */
    listLocks,
    /** Every lock, page by page until a short page. */
    async listAllLocks(query: Omit<LockListQuery, 'page' | 'itemsPerPage'> = {}): Promise<Lock[]> {
      const all: Lock[] = [];
      for (let page = 1; ; page++) {
        const items = await listLocks({ ...query, page, itemsPerPage: LOCK_PAGE_SIZE });
        all.push(...items);
        if (items.length < LOCK_PAGE_SIZE) return all;
      }
    },
    getLock: (id: number, options: { includeUserSettings?: boolean } = {}) =>
      transport.call<Lock>(GET_LOCK, {
        params: { id },
        query: { IncludeUserSettings: options.includeUserSettings, IncludeAccessories: true },
      }),
    /** One bulk request for the state of every lock (or of the given ones). */
    syncLocks: (ids?: number[]) => transport.call<LockSync[]>(SYNC_LOCKS, { query: { id: ids } }),
    syncLock: (id: number, priority?: Priority) =>
      transport.call<LockSync>(SYNC_LOCK, { params: { id }, priority }),
    /** PATCH with the revision last read; REVISION_CONFLICT when it changed meanwhile. */
    updateLock: (update: LockUpdate) => transport.call<LockUpdateResult>(UPDATE_LOCK, { body: update }),
    getDeviceDetails: () =>
      transport.call<DeviceDetails>(DEVICE_DETAILS, {
        query: { IncludeUserSettings: false, IncludeAccessories: true },
      }),
    listBridges: () => transport.call<Bridge[]>(LIST_BRIDGES),
  };
}
