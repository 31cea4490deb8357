import { badRequest, forbidden, ApiError } from '../http/apiError.js';
import { asObject, integer } from '../http/body.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import { READ_DEVICES, WRITE_DEVICES } from '../http/context.js';
import type { LockRecord } from '../records.js';
import { toLock, toSync } from '../serialize.js';

function visibleLocks(context: ApiContext): LockRecord[] {
  const { query } = context;
  const text = query.get('Filters.Text')?.toLowerCase();
  const states = query.ints('Filters.State');
  const accessLevel = query.int('Filters.AccessLevel');
  return [...context.world.locks.values()].filter(
    (lock) =>
      (!text || lock.name.toLowerCase().includes(text) || lock.serialNumber.includes(text)) &&
      (states.length === 0 || states.includes(lock.state)) &&
      (accessLevel === undefined || lock.accessLevel === accessLevel),
  );
}

function page<T>(items: T[], context: ApiContext): T[] {
  const itemsPerPage = context.query.int('ItemsPerPage');
  if (itemsPerPage === undefined) return items;
  if (itemsPerPage < 1) throw badRequest('ItemsPerPage must be at least 1.');
  const pageNumber = Math.max(1, context.query.int('Page') ?? 1);
  return items.slice((pageNumber - 1) * itemsPerPage, pageNumber * itemsPerPage);
}

const SETTING_TYPES: Record<string, 'boolean' | 'number'> = {
  autoLockEnabled: 'boolean',
  autoLockDelay: 'number',
  autoLockImplicitEnabled: 'boolean',
  autoLockImplicitDelay: 'number',
  pullSpringEnabled: 'boolean',
  pullSpringDuration: 'number',
  autoPullSpringEnabled: 'boolean',
  postponedLockEnabled: 'boolean',
  postponedLockDelay: 'number',
  buttonLockEnabled: 'boolean',
  buttonUnlockEnabled: 'boolean',
  isAsync: 'boolean',
  openDoorAlertEnabled: 'boolean',
  openDoorAlertThreshold: 'number',
  autoLockAfterDoorClosedEnabled: 'boolean',
  doorStateEventLoggingEnabled: 'boolean',
};

function deviceSettingsPatch(value: unknown): Record<string, unknown> {
  const patch = asObject(value, 'deviceSettings');
  for (const [name, setting] of Object.entries(patch)) {
    const type = SETTING_TYPES[name];
    if (!type) throw badRequest(`deviceSettings.${name} is not a device setting.`);
    if (typeof setting !== type) throw badRequest(`deviceSettings.${name} must be a ${type}.`);
  }
  return patch;
}

function patchLock(context: ApiContext) {
  const body = asObject(context.body);
  const lock = context.world.lock(integer(body, 'id'));
  const revision = integer(body, 'revision');
  if (revision !== lock.revision) {
    throw new ApiError(409, `Revision ${revision} does not match the lock's revision ${lock.revision}.`);
  }
  const changesDevice =
    body.name !== undefined || body.deviceSettings !== undefined || body.timeZone !== undefined;
  if (changesDevice && lock.accessLevel < 1)
    throw forbidden('Only the owner or an admin may change the name or device settings.');
  if (body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name.trim() === '')
      throw badRequest('name must be a non-empty string.');
    lock.name = body.name;
  }
  if (body.timeZone !== undefined) {
    if (typeof body.timeZone !== 'string') throw badRequest('timeZone must be a string.');
    lock.timeZone = body.timeZone;
  }
  if (body.deviceSettings !== undefined) {
    Object.assign(lock.deviceSettings, deviceSettingsPatch(body.deviceSettings));
    lock.targetDeviceRevision++;
    context.device.pushSettings(lock);
  }
  if (body.userSettings !== undefined)
    Object.assign(lock.userSettings, asObject(body.userSettings, 'userSettings'));
  lock.revision++;
  return {
    status: 200,
    result: { id: lock.id, revision: lock.revision, targetDeviceRevision: lock.targetDeviceRevision },
  };
}

export const lockRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/my/lock',
    scopes: READ_DEVICES,
    lockList: true,
    handle: (context) => ({
      status: 200,
      result: page(visibleLocks(context), context).map((lock) =>
        toLock(context.world, lock, context.version, context.query.bool('IncludeUserSettings') ?? false),
      ),
    }),
  },
  {
    method: 'GET',
    path: '/my/lock/sync',
    scopes: READ_DEVICES,
    handle: ({ world, query, version }) => {
      const ids = query.ints('id');
      const locks = [...world.locks.values()].filter((lock) => ids.length === 0 || ids.includes(lock.id));
      return { status: 200, result: locks.map((lock) => toSync(world, lock, version)) };
    },
  },
  {
    method: 'GET',
    path: '/my/lock/{id}',
    scopes: READ_DEVICES,
    handle: ({ world, params, query, version }) => ({
      status: 200,
      result: toLock(world, world.lock(params.id!), version, query.bool('IncludeUserSettings') ?? true),
    }),
  },
  {
    method: 'GET',
    path: '/my/lock/{id}/sync',
    scopes: READ_DEVICES,
    handle: ({ world, params, version }) => ({
      status: 200,
      result: toSync(world, world.lock(params.id!), version),
    }),
  },
  { method: 'PATCH', path: '/my/lock', scopes: WRITE_DEVICES, handle: patchLock },
  {
    method: 'GET',
    path: '/my/device/details',
    scopes: READ_DEVICES,
    handle: ({ world, version }) => ({
      status: 200,
      result: {
        bridges: [...world.bridges.values()].map((bridge) => ({ ...bridge, type: 1 })),
        locks: [...world.locks.values()].map((lock) => toLock(world, lock, version, false)),
        keypads: [...world.locks.values()]
          .filter((lock) => lock.keypadId !== null)
          .map((lock) => ({
            id: lock.keypadId,
            type: 3,
            name: `${lock.name} keypad`,
            connectedToLockId: lock.id,
          })),
        gates: [],
        dryContacts: [],
      },
    }),
  },
  {
    method: 'GET',
    path: '/my/device',
    scopes: READ_DEVICES,
    handle: ({ world }) => ({
      status: 200,
      result: [
        ...[...world.bridges.values()].map((bridge) => ({
          id: bridge.id,
          serialNumber: bridge.serialNumber,
          name: bridge.name,
          type: 1,
        })),
        ...[...world.locks.values()].map((lock) => ({
          id: lock.id,
          serialNumber: lock.serialNumber,
          name: lock.name,
          type: lock.type,
        })),
      ],
    }),
  },
  {
    method: 'GET',
    path: '/my/bridge',
    scopes: READ_DEVICES,
    handle: ({ world }) => ({
      status: 200,
      result: [...world.bridges.values()].map((bridge) => ({ ...bridge, type: 1 })),
    }),
  },
];
