/** Locks and their commands, within the lock rights of the calling application. */
import type { Lock, LockAction } from '../../core/index.js';
import { ApiError } from '../errors.js';
import { allowsLock } from '../rights.js';
import type { ApiRoute, RouteContext } from '../route.js';
import { listOf } from '../route.js';

const ACTIONS: LockAction[] = ['lock', 'unlock', 'open'];

/** A lock the caller may see, by id, serial number or name; one it may not see is as unknown as a missing one. */
export function visibleLock({ deps, caller }: RouteContext, reference: string): Lock {
  const lock = deps.hub.lock(reference);
  if (!lock || !allowsLock(caller.application, lock))
    throw new ApiError(404, 'UNKNOWN_LOCK', `No lock "${reference}" is known to this application.`);
  return lock;
}

const NOT_FOUND = { description: 'No such lock for this application', schema: 'Error' };

export const lockRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/locks',
    operationId: 'listLocks',
    summary: 'The locks this application may see, with their state',
    tag: 'locks',
    right: 'locks.read',
    responses: { 200: { description: 'The locks', schema: listOf('locks', 'Lock') } },
    handler: ({ deps, caller }) => ({
      body: { locks: deps.hub.locks().filter((lock) => allowsLock(caller.application, lock)) },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/locks/{id}',
    operationId: 'getLock',
    summary: 'One lock, by id, serial number or name',
    tag: 'locks',
    right: 'locks.read',
    responses: {
      200: { description: 'The lock', schema: 'Lock' },
      404: NOT_FOUND,
    },
    handler: (context) => ({ body: visibleLock(context, context.params.id!) }),
  },
  ...ACTIONS.map((action): ApiRoute => ({
    method: 'POST',
    path: `/api/v1/locks/{id}/${action}`,
    operationId: `${action}Lock`,
    summary: `Sends ${action} and answers at once with the command; the outcome via /api/v1/commands/{id} or the event stream`,
    tag: 'locks',
    right: 'locks.operate',
    responses: {
      202: { description: 'Accepted: the command and where to follow it', schema: 'Command' },
      403: {
        description:
          'RIGHT_MISSING (locks.operate), or refused by the lock settings (ACTION_DISABLED, PULL_SPRING_DISABLED)',
        schema: 'Error',
      },
      404: NOT_FOUND,
      503: { description: 'The lock is offline or the hub stopped', schema: 'Error' },
    },
    handler: (context) => {
      const { deps, reply } = context;
      const lock = visibleLock(context, context.params.id!);
      const ticket = deps.hub.command(lock.id, action);
      const view = deps.commands.add(ticket, new Date(deps.hub.now()).toISOString());
      reply.header('location', `/api/v1/commands/${ticket.id}`);
      return { status: 202, body: { ...view, joined: ticket.joined } };
    },
  })),
  {
    method: 'GET',
    path: '/api/v1/commands/{id}',
    operationId: 'getCommand',
    summary: 'How a command sent through the API ended (or `pending`)',
    tag: 'locks',
    right: 'locks.read',
    responses: {
      200: { description: 'The command', schema: 'Command' },
      404: { description: 'Unknown or forgotten', schema: 'Error' },
    },
    handler: ({ deps, caller, params }) => {
      const view = deps.commands.get(params.id!);
      const lock = view ? deps.hub.lock(view.command.lockId) : undefined;
      if (!view || (lock && !allowsLock(caller.application, lock)))
        throw new ApiError(
          404,
          'COMMAND_NOT_FOUND',
          `No command ${params.id} is known (the hub keeps the last 1000).`,
        );
      return { body: view };
    },
  },
];
