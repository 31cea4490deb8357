import { badRequest, forbidden, notFound } from '../http/apiError.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import { READ_DEVICES } from '../http/context.js';
import type { LockCommand } from '../lockMachine.js';

const UNLOCK_MODES = [0, 2, 3, 4];

function operate(context: ApiContext, command: LockCommand) {
  const lock = context.world.lock(context.params.id!);
  if (lock.accessLevel < 1 && lock.remoteAccessDisabled)
    throw forbidden(`Remote access to lock ${lock.id} is disabled for you.`);
  const operation = context.runner.command(lock, command);
  return {
    status: 202,
    result: { operationId: operation.operationId, lastStateChangedDate: lock.lastStateChangedDate },
  };
}

export const operationRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/my/lock/{id}/operation/lock',
    scopes: ['Lock.Operate'],
    handle: (context) => operate(context, { kind: 'lock' }),
  },
  {
    method: 'POST',
    path: '/my/lock/{id}/operation/unlock',
    scopes: ['Lock.Operate'],
    handle: (context) => {
      const mode = context.query.int('mode') ?? 0;
      if (!UNLOCK_MODES.includes(mode))
        throw badRequest(`Unlock mode ${mode} is not valid; use 0, 2, 3 or 4.`);
      return operate(context, { kind: 'unlock', mode });
    },
  },
  {
    method: 'POST',
    path: '/my/lock/{id}/operation/pull',
    scopes: ['Lock.Operate'],
    handle: (context) => operate(context, { kind: 'pull' }),
  },
  {
    method: 'GET',
    path: '/my/device/operation/{operationId}',
    scopes: READ_DEVICES,
    handle: ({ world, params }) => {
      const operation = world.operations.get(params.operationId!);
      if (!operation) throw notFound(`Operation ${params.operationId} not found.`);
      return { status: 200, result: { ...operation } };
    },
  },
];
